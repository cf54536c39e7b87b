"""orchestrator runs and their trace events

Revision ID: 0004_agent_runs
Revises: 0003_wearable_extras
Create Date: 2026-12-01 20:40:00

The runs of the agent graph (`larder plan`) and their trace, and the run that built an order.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_agent_runs"
down_revision = "0003_wearable_extras"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("wall_ms", sa.Float(), nullable=False),
        sa.Column("request", sa.JSON(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("problems", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "agent_run_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("agent", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lane", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at_ms", sa.Float(), nullable=False),
        sa.Column("ms", sa.Float(), nullable=True),
        sa.Column("fraction", sa.Float(), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["agent_runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agent_run_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agent_run_events_run_id"), ["run_id"], unique=False)
    # A plain ADD COLUMN with an inline REFERENCES: a batch (copy-and-drop) rebuild of `orders` would
    # cascade-delete every order line, since the connection enforces foreign keys.
    # (Alembic refuses to emit an inline constraint for SQLite, so the statement is written out.)
    op.execute("ALTER TABLE orders ADD COLUMN run_id INTEGER REFERENCES agent_runs (id) ON DELETE SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("run_id")
    with op.batch_alter_table("agent_run_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_run_events_run_id"))
    op.drop_table("agent_run_events")
    op.drop_table("agent_runs")
