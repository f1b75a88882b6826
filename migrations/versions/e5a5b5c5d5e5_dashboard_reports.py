"""Schema for issue 6 (dashboard, reports): the rollups of the dashboard's figures and their refresh.

Revision ID: e5a5b5c5d5e5
Revises: e4a4b4c4d4e4
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "e5a5b5c5d5e5"
down_revision = "e4a4b4c4d4e4"
branch_labels = None
depends_on = None
FILTERED = ("unit_id", "category_id", "group_id", "deputy_id")


def _dimensions() -> list:
    return [
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "metric_rollup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grain", sa.SmallInteger(), nullable=False),
        *_dimensions(),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("draft_now", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("return_rounds", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("against_advice", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("converted", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Integer(), nullable=False),
        sa.Column("not_registered", sa.Integer(), nullable=False),
        sa.Column("submitted", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("routing_due", sa.Integer(), nullable=False),
        sa.Column("routing_in_time", sa.Integer(), nullable=False),
        sa.Column("sign_due", sa.Integer(), nullable=False),
        sa.Column("sign_in_time", sa.Integer(), nullable=False),
        sa.Column("assigned", sa.Integer(), nullable=False),
        sa.Column("replied", sa.Integer(), nullable=False),
        sa.Column("reply_due", sa.Integer(), nullable=False),
        sa.Column("reply_in_time", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("evaluated", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("attitude_good", sa.Integer(), nullable=False),
        sa.Column("first_evaluated", sa.Integer(), nullable=False),
        sa.Column("first_satisfied", sa.Integer(), nullable=False),
        sa.Column("first_attitude_good", sa.Integer(), nullable=False),
        sa.Column("no_feedback", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Integer(), nullable=False),
        sa.Column("solved_or_planned", sa.Integer(), nullable=False),
        sa.Column("reply_c", sa.Integer(), nullable=False),
        sa.Column("reply_d", sa.Integer(), nullable=False),
        sa.Column("handled", sa.Integer(), nullable=False),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("unit_overdue", sa.Integer(), nullable=False),
        sa.Column("deadlines_overdue", sa.Integer(), nullable=False),
        sa.Column("deadlines_soon", sa.Integer(), nullable=False),
        sa.Column("deadlines_on_time", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("promises_kept", sa.Integer(), nullable=False),
        sa.Column("promises_open", sa.Integer(), nullable=False),
        sa.Column("promises_broken", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metric_rollup_grain_year", "metric_rollup", ["grain", "year"])
    for dim in FILTERED:
        op.create_index(f"ix_metric_rollup_grain_{dim.removesuffix('_id')}", "metric_rollup", ["grain", dim])
    op.create_table(
        "metric_trend",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grain", sa.SmallInteger(), nullable=False),
        *_dimensions(),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_metric_trend_grain_year", "metric_trend", ["grain", "year"])
    op.create_table(
        "metric_refresh",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("metric_refresh")
    op.drop_index("ix_metric_trend_grain_year", table_name="metric_trend")
    op.drop_table("metric_trend")
    op.drop_index("ix_metric_rollup_grain_year", table_name="metric_rollup")
    for dim in FILTERED:
        op.drop_index(f"ix_metric_rollup_grain_{dim.removesuffix('_id')}", table_name="metric_rollup")
    op.drop_table("metric_rollup")
