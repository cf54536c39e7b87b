"""the goal's rate on the profile

Revision ID: 0006_goal_rate
Revises: 0005_detection_review
Create Date: 2026-12-01 23:30:00

How fast the person wants to lose or gain, in kg a week. Nullable: an existing profile keeps every
value and reads "the default rate" (500 kcal a day to lose, 300 to gain, as before this revision),
so plans made after the upgrade come out as they did.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_goal_rate"
down_revision = "0005_detection_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profile", sa.Column("goal_rate_kg_per_week", sa.Float(), nullable=True))


def downgrade() -> None:
    # SQLite cannot drop a column in place everywhere: batch mode copies the table.
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("goal_rate_kg_per_week")
