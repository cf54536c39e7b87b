"""review of detections: status, user boxes and names

Revision ID: 0005_detection_review
Revises: 0004_agent_runs
Create Date: 2026-12-01 20:40:00

Reserved (empty) so that parallel work can land its tables in a fixed order; filled by the
work that needs it.
"""

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_detection_review"
down_revision = "0004_agent_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
