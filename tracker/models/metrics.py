"""Pre-aggregated dashboard figures: summed per-item facts at seven grains, monthly counts, the per-item
facts and the two short lists behind them, refresh time.

Written only by `tracker.domain.metrics_summary.refresh_summary` (a Celery task); read by the
dashboard and the report when a refresh has run, so a large database answers from a few thousand
rows instead of re-reading every suggestion.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, ForeignKey, Index, Integer, SmallInteger, String, Table, text

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

# The facts that count things of an item (rounds, deadlines, promises) rather than being 0 or 1.
TALLIES = ("return_rounds", "deadlines_overdue", "deadlines_soon", "deadlines_on_time", "promises_kept",
           "promises_open", "promises_broken")
# Facts of few items that have a drill-down list: the tallies that are figures, and key supervision.
SPARSE_FACTS = ("return_rounds", "promises_kept", "promises_open", "promises_broken", "key")


def _dimension_columns() -> list[Column]:
    return [Column(d, String(10) if d == "channel" else Integer) for d in DIMENSIONS]


def _congress() -> Column:
    """Core tables are out of the ORM criterion's reach: each row names its congress, the refresh
    rewrites only its own congress's rows and every reader filters on it (summary.mine)."""
    return Column("congress_id", ForeignKey("congress.id"), nullable=False)


metric_rollup = Table(
    "metric_rollup", db.metadata,
    Column("id", Integer, primary_key=True),
    # Which dimensions the row keeps (tracker.domain.metrics_summary.GRAINS); the others are NULL.
    _congress(),
    Column("grain", SmallInteger, nullable=False),
    *_dimension_columns(),
    *(Column(f, Integer, nullable=False) for f in FACTS),
    Index("ix_metric_rollup_grain_year", "congress_id", "grain", "year"),
    # A filter on one unit, category, group or deputy reads a fine grain: these keep it to its rows.
    *(Index(f"ix_metric_rollup_grain_{d.removesuffix('_id')}", "congress_id", "grain", d)
      for d in ("unit_id", "category_id", "group_id", "deputy_id")),
)

metric_trend = Table(
    "metric_trend", db.metadata,
    Column("id", Integer, primary_key=True),
    _congress(),
    Column("grain", SmallInteger, nullable=False),
    *_dimension_columns(),
    Column("kind", String(10), nullable=False),   # submitted / assigned / replied / closed
    Column("month", String(7), nullable=False),   # YYYY-MM, China time
    Column("n", Integer, nullable=False),
    Index("ix_metric_trend_grain_year", "congress_id", "grain", "year"),
)

# Per suggestion, as of the last refresh: its dimensions and facts, i.e. `item_facts` written down.
# The finest rollup grain is summed from it, and a drill-down list reads it instead of re-deriving
# every suggestion's facts (keyset-paged on the suggestion id).
metric_item = Table(
    "metric_item", db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # the suggestion's id
    _congress(),
    *_dimension_columns(),
    *(Column(f, SmallInteger, nullable=False) for f in FACTS),
    Index("ix_metric_item_congress", "congress_id", "id"),
    # A filter on one unit or one deputy walks its own items, not the whole table.
    Index("ix_metric_item_unit", "congress_id", "unit_id", "id"),
    Index("ix_metric_item_deputy", "congress_id", "deputy_id", "id"),
    # Only the items of a sparse fact: its drill-down walks these, not every item of a filter, and a
    # tally's counts its items from here (the rollup sums the tally).
    *(Index(f"ix_metric_item_{f}", "congress_id", "id", postgresql_where=text(f"{f} > 0"),
            sqlite_where=text(f"{f} > 0")) for f in SPARSE_FACTS),
)

# The dashboard's two short lists as of the last refresh, in display order, with the filter's
# dimensions beside each row so a filtered list reads its own index: "urgent" (open deadlines that are
# red or amber; ref_id is the deadline) and "key" (key-supervision items; ref_id is the mark).
LIST_KINDS = ("urgent", "key")
metric_list = Table(
    "metric_list", db.metadata,
    Column("id", Integer, primary_key=True),
    _congress(),
    Column("kind", String(6), nullable=False),
    Column("rank", Integer, nullable=False),        # position in the list's order
    Column("ref_id", Integer, nullable=False),
    Column("suggestion_id", Integer, nullable=False),
    *_dimension_columns(),
    Index("ix_metric_list_kind_rank", "congress_id", "kind", "rank"),
    *(Index(f"ix_metric_list_{d.removesuffix('_id')}", "congress_id", "kind", d, "rank")
      for d in DIMENSIONS),
)

metric_refresh = Table(
    "metric_refresh", db.metadata,
    Column("id", Integer, primary_key=True),
    _congress(),
    Column("refreshed_at", UTCDateTime, nullable=False),
    Column("as_of", Date, nullable=False),        # the day "overdue" and "due by now" were judged on
    Column("seconds", Float, nullable=False),
    Column("items", Integer, nullable=False),     # suggestions counted: small databases stay live
    Index("ix_metric_refresh_congress", "congress_id", "id"),
)
