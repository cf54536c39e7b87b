"""workouts, sleep and resting heart rate from wearables

Revision ID: 0003_wearable_extras
Revises: 0002_label_mappings_settings
Create Date: 2026-12-01 20:40:00

Per-day resting heart rate and the day's workouts (minutes, active energy) on both the per-source
rows and the reconciled series. Nullable columns only: existing rows keep every value and read
"not measured" for the new ones.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_wearable_extras"
down_revision = "0002_label_mappings_settings"
branch_labels = None
depends_on = None

_TABLES = ("daily_metrics", "reconciled_days")
_COLUMNS = ("resting_hr", "workout_min", "workout_kcal")


def upgrade() -> None:
    for table in _TABLES:
        for column in _COLUMNS:
            op.add_column(table, sa.Column(column, sa.Float(), nullable=True))


def downgrade() -> None:
    for table in _TABLES:
        # SQLite cannot drop a column in place everywhere: batch mode copies the table.
        with op.batch_alter_table(table) as batch:
            for column in reversed(_COLUMNS):
                batch.drop_column(column)
