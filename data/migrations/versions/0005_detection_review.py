"""review of detections: status, user boxes and names

Revision ID: 0005_detection_review
Revises: 0004_agent_runs
Create Date: 2026-12-01 20:40:00

Each detection gets a review status, where it came from (model, the user's taught products, COCO's
container rows, the user), the user's own name for it and how many items it stands for. One applied
batch of review changes is a `detection_reviews` row; the inventory events it caused point at it, so
the batch can be undone as one.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_detection_review"
down_revision = "0004_agent_runs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "detection_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("undone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["scan_id"], ["scans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("detection_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_detection_reviews_scan_id"), ["scan_id"], unique=False)
    with op.batch_alter_table("detections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="detected")
        )
        batch_op.add_column(
            sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="model")
        )
        batch_op.add_column(sa.Column("user_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("count", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_detections_status"), ["status"], unique=False)
    # Boxes saved before this revision that were never counted (COCO's non-food classes) must not be
    # listed for review as if they were items; the label list is vision.labels.NOT_FOOD as of 0005.
    not_food = (
        "person", "refrigerator", "bowl", "cup", "bottle", "wine glass", "fork", "knife", "spoon",
        "dining table", "chair", "oven", "microwave", "sink", "toaster", "cell phone", "vase",
        "clock", "potted plant", "book", "scissors", "tv", "laptop", "handbag", "cat", "dog",
    )  # fmt: skip
    op.execute(
        sa.text(
            "UPDATE detections SET status = 'ignored' WHERE ingredient_id IS NULL AND lower(label) IN :labels"
        ).bindparams(sa.bindparam("labels", value=list(not_food), expanding=True))
    )
    with op.batch_alter_table("inventory_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_inventory_events_review_id",
            "detection_reviews",
            ["review_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("inventory_events", schema=None) as batch_op:
        batch_op.drop_constraint("fk_inventory_events_review_id", type_="foreignkey")
        batch_op.drop_column("review_id")
    with op.batch_alter_table("detections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_detections_status"))
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("count")
        batch_op.drop_column("user_name")
        batch_op.drop_column("source")
        batch_op.drop_column("status")
    with op.batch_alter_table("detection_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_detection_reviews_scan_id"))
    op.drop_table("detection_reviews")
