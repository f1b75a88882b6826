"""Pre-aggregated dashboard figures: summed per-item facts at three grains, monthly counts, refresh time.

Written only by `tracker.domain.metrics_summary.refresh_summary` (a Celery task); read by the
dashboard and the report when a refresh has run, so a large database answers from a few thousand
rows instead of re-reading every suggestion.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, Index, Integer, SmallInteger, String, Table

from tracker.extensions import db
from tracker.models.types import UTCDateTime

DIMENSIONS = ("session_id", "year", "channel", "category_id", "group_id", "unit_id", "deputy_id")
# One column per fact of tracker.domain.metrics.item_facts (that module checks the two agree).
FACTS = ("total", "draft_now", "returned", "return_rounds", "passed", "against_advice", "merged",
         "converted", "withdrawn", "not_registered", "submitted", "registered", "routing_due",
         "routing_in_time", "sign_due", "sign_in_time", "assigned", "replied", "reply_due",
         "reply_in_time", "closed", "evaluated", "satisfied", "attitude_good", "first_evaluated",
         "first_satisfied", "first_attitude_good", "no_feedback", "solved", "solved_or_planned",
         "reply_c", "reply_d", "handled", "met", "overdue", "unit_overdue", "deadlines_overdue",
         "deadlines_soon", "deadlines_on_time", "key", "promises_kept", "promises_open", "promises_broken")


def _dimension_columns() -> list[Column]:
    return [Column(d, String(10) if d == "channel" else Integer) for d in DIMENSIONS]


metric_rollup = Table(
    "metric_rollup", db.metadata,
    Column("id", Integer, primary_key=True),
    # Which dimensions the row keeps (tracker.domain.metrics_summary.GRAINS); the others are NULL.
    Column("grain", SmallInteger, nullable=False),
    *_dimension_columns(),
    *(Column(f, Integer, nullable=False) for f in FACTS),
    Index("ix_metric_rollup_grain_year", "grain", "year"),
    # A filter on one unit, category, group or deputy reads a fine grain: these keep it to its rows.
    *(Index(f"ix_metric_rollup_grain_{d.removesuffix('_id')}", "grain", d)
      for d in ("unit_id", "category_id", "group_id", "deputy_id")),
)

metric_trend = Table(
    "metric_trend", db.metadata,
    Column("id", Integer, primary_key=True),
    Column("grain", SmallInteger, nullable=False),
    *_dimension_columns(),
    Column("kind", String(10), nullable=False),   # submitted / assigned / replied / closed
    Column("month", String(7), nullable=False),   # YYYY-MM, China time
    Column("n", Integer, nullable=False),
    Index("ix_metric_trend_grain_year", "grain", "year"),
)

metric_refresh = Table(
    "metric_refresh", db.metadata,
    Column("id", Integer, primary_key=True),
    Column("refreshed_at", UTCDateTime, nullable=False),
    Column("as_of", Date, nullable=False),        # the day "overdue" and "due by now" were judged on
    Column("seconds", Float, nullable=False),
    Column("items", Integer, nullable=False),     # suggestions counted: small databases stay live
)
