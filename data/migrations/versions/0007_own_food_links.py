"""the user's own items linked to SR28 foods

Revision ID: 0007_own_food_links
Revises: 0006_goal_rate
Create Date: 2026-12-01 23:50:00

A name the taxonomy lacks is kept as the user's own item with no nutrients; a row here says which food of
the bundled SR28 table it is counted as from now on. A new table: existing homes lose nothing.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_own_food_links"
down_revision = "0006_goal_rate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "own_food_links",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ingredient_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ndb_no", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("linked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("own_food_links")
