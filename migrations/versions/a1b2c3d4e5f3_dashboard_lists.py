"""Precomputed dashboard lists for the filtered dashboard: every suggestion's facts (metric_item, read by
the drill-down lists) and the red-and-amber and key-item lists (metric_list), both written by the
rollup refresh.

Revision ID: a1b2c3d4e5f3
Revises: a1b2c3d4e5f2
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f3"
down_revision = "a1b2c3d4e5f2"
branch_labels = None
depends_on = None

DIMENSIONS = ("session_id", "year", "channel", "category_id", "group_id", "unit_id", "deputy_id")
# tracker.models.metrics.FACTS as of this revision.
FACTS = ("total", "draft_now", "returned", "return_rounds", "passed", "against_advice", "merged",
         "converted", "withdrawn", "not_registered", "submitted", "registered", "routing_due",
         "routing_in_time", "sign_due", "sign_in_time", "assigned", "replied", "reply_due",
         "reply_in_time", "closed", "evaluated", "satisfied", "attitude_good", "first_evaluated",
         "first_satisfied", "first_attitude_good", "no_feedback", "solved", "solved_or_planned",
         "reply_c", "reply_d", "handled", "met", "overdue", "unit_overdue", "deadlines_overdue",
         "deadlines_soon", "deadlines_on_time", "key", "promises_kept", "promises_open", "promises_broken")

SPARSE_FACTS = ("return_rounds", "promises_kept", "promises_open", "promises_broken", "key")


def _dimensions() -> list:
    return [sa.Column(d, sa.String(length=10) if d == "channel" else sa.Integer(), nullable=True)
            for d in DIMENSIONS]


def upgrade() -> None:
    op.create_table(
        "metric_item",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        *_dimensions(),
        *(sa.Column(f, sa.SmallInteger(), nullable=False) for f in FACTS),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metric_item_unit", "metric_item", ["unit_id", "id"])
    op.create_index("ix_metric_item_deputy", "metric_item", ["deputy_id", "id"])
    for f in SPARSE_FACTS:
        where = sa.text(f"{f} > 0")
        op.create_index(f"ix_metric_item_{f}", "metric_item", ["id"], postgresql_where=where,
                        sqlite_where=where)
    op.create_table(
        "metric_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=6), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        *_dimensions(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metric_list_kind_rank", "metric_list", ["kind", "rank"])
    for d in DIMENSIONS:
        op.create_index(f"ix_metric_list_{d.removesuffix('_id')}", "metric_list", ["kind", d, "rank"])


def downgrade() -> None:
    for d in DIMENSIONS:
        op.drop_index(f"ix_metric_list_{d.removesuffix('_id')}", table_name="metric_list")
    op.drop_index("ix_metric_list_kind_rank", table_name="metric_list")
    op.drop_table("metric_list")
    for f in SPARSE_FACTS:
        op.drop_index(f"ix_metric_item_{f}", table_name="metric_item")
    op.drop_index("ix_metric_item_deputy", table_name="metric_item")
    op.drop_index("ix_metric_item_unit", table_name="metric_item")
    op.drop_table("metric_item")
