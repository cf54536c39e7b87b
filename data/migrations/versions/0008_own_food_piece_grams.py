"""grams per piece on an own item's food link

Revision ID: 0008_own_food_piece_grams
Revises: 0007_own_food_links
Create Date: 2026-12-02 02:00:00

An own item may now be linked to any SR28 food, not only one a taxonomy row carries. Own items are
counted in pieces, so the link says how many grams one piece is. Nullable: an existing link reads
"the default" (the taxonomy row's package weight, as before this revision), so its count is unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_own_food_piece_grams"
down_revision = "0007_own_food_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("own_food_links", sa.Column("piece_g", sa.Float(), nullable=True))


def downgrade() -> None:
    # Links to SR28 foods outside the taxonomy (ingredient_id "sr28:<NDB>") stay: the older reader
    # leaves an unknown ingredient out of the count with a note, and an upgrade counts them again.
    # SQLite cannot drop a column in place everywhere: batch mode copies the table.
    with op.batch_alter_table("own_food_links") as batch:
        batch.drop_column("piece_g")
