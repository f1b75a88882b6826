"""The dashboard's rollup tables carry their congress: every metric_* row names the congress it was
counted for, and every index leads with it. The rollups are derived data, so the tables are made
anew (empty) and the next refresh of each congress fills its own rows.

Revision ID: c0c0c0c0c0c2
Revises: d1d1d1d1d1d2
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "c0c0c0c0c0c2"
down_revision = "d1d1d1d1d1d2"
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
FILTERED = ("unit_id", "category_id", "group_id", "deputy_id")
TABLES = ("metric_list", "metric_item", "metric_refresh", "metric_trend", "metric_rollup")


def _dimensions() -> list:
    return [sa.Column(d, sa.String(length=10) if d == "channel" else sa.Integer(), nullable=True)
            for d in DIMENSIONS]


def _create(per_congress: bool) -> None:
    """The five tables as of this revision (per_congress) or the one before."""
    lead = ["congress_id"] if per_congress else []

    def owner() -> list:
        return [sa.Column("congress_id", sa.Integer(), nullable=False),
                sa.ForeignKeyConstraint(["congress_id"], ["congress.id"])] if per_congress else []

    op.create_table("metric_rollup", sa.Column("id", sa.Integer(), nullable=False), *owner(),
                    sa.Column("grain", sa.SmallInteger(), nullable=False), *_dimensions(),
                    *(sa.Column(f, sa.Integer(), nullable=False) for f in FACTS),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_metric_rollup_grain_year", "metric_rollup", [*lead, "grain", "year"])
    for dim in FILTERED:
        op.create_index(f"ix_metric_rollup_grain_{dim.removesuffix('_id')}", "metric_rollup",
                        [*lead, "grain", dim])
    op.create_table("metric_trend", sa.Column("id", sa.Integer(), nullable=False), *owner(),
                    sa.Column("grain", sa.SmallInteger(), nullable=False), *_dimensions(),
                    sa.Column("kind", sa.String(length=10), nullable=False),
                    sa.Column("month", sa.String(length=7), nullable=False),
                    sa.Column("n", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_metric_trend_grain_year", "metric_trend", [*lead, "grain", "year"])
    op.create_table("metric_refresh", sa.Column("id", sa.Integer(), nullable=False), *owner(),
                    sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
                    sa.Column("as_of", sa.Date(), nullable=False),
                    sa.Column("seconds", sa.Float(), nullable=False),
                    sa.Column("items", sa.Integer(), nullable=False), sa.PrimaryKeyConstraint("id"))
    if per_congress:
        op.create_index("ix_metric_refresh_congress", "metric_refresh", ["congress_id", "id"])
    op.create_table("metric_item", sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
                    *owner(), *_dimensions(),
                    *(sa.Column(f, sa.SmallInteger(), nullable=False) for f in FACTS),
                    sa.PrimaryKeyConstraint("id"))
    if per_congress:
        op.create_index("ix_metric_item_congress", "metric_item", ["congress_id", "id"])
    op.create_index("ix_metric_item_unit", "metric_item", [*lead, "unit_id", "id"])
    op.create_index("ix_metric_item_deputy", "metric_item", [*lead, "deputy_id", "id"])
    for f in SPARSE_FACTS:
        where = sa.text(f"{f} > 0")
        op.create_index(f"ix_metric_item_{f}", "metric_item", [*lead, "id"], postgresql_where=where,
                        sqlite_where=where)
    op.create_table("metric_list", sa.Column("id", sa.Integer(), nullable=False), *owner(),
                    sa.Column("kind", sa.String(length=6), nullable=False),
                    sa.Column("rank", sa.Integer(), nullable=False),
                    sa.Column("ref_id", sa.Integer(), nullable=False),
                    sa.Column("suggestion_id", sa.Integer(), nullable=False), *_dimensions(),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_metric_list_kind_rank", "metric_list", [*lead, "kind", "rank"])
    for d in DIMENSIONS:
        op.create_index(f"ix_metric_list_{d.removesuffix('_id')}", "metric_list", [*lead, "kind", d, "rank"])


def _drop() -> None:
    # Dropping a table drops its indexes with it on both databases.
    for name in TABLES:
        op.drop_table(name)


def upgrade() -> None:
    _drop()
    _create(per_congress=True)


def downgrade() -> None:
    _drop()
    _create(per_congress=False)
