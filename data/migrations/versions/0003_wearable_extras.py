"""workouts, sleep and resting heart rate from wearables

Revision ID: 0003_wearable_extras
Revises: 0002_label_mappings_settings
Create Date: 2026-12-01 20:40:00

Reserved (empty) so that parallel work can land its tables in a fixed order; filled by the
work that needs it.
"""

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_wearable_extras"
down_revision = "0002_label_mappings_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
