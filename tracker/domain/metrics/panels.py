"""The dashboard's panels from the figures: totals, breakdowns, trends, urgency, key items, drill-downs.

Each panel is a fixed number of SQL statements whatever the number of suggestions: the facts are
summed in SQL grouped by every filter dimension at once and folded here, lists are capped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.metrics.facts import MetricFilter, item_facts, soon_until, trend_events
from tracker.domain.metrics.figures import BREAKDOWN_COLUMNS, FIGURES, UNIT_COLUMNS, Value, value_of
from tracker.domain.metrics.summary import latest_refresh, mine, rollup_sums, rollup_trends
from tracker.domain.reads.inbox import Urgency, urgency_of
from tracker.domain.reads.listing import author_by_name
from tracker.domain.reads.queries import owner_names
from tracker.models import (
    Category,
    Deadline,
    DeputyGroup,
    HandlingUnit,
    ProgressReport,
    Suggestion,
    SupervisionMark,
    User,
)
from tracker.models.metrics import FACTS, TALLIES, metric_item, metric_list
from tracker.translations import Message
from tracker.workflow import WINDOW_KINDS
from tracker.workflow.i18n import N_

LIST_LIMIT = 25  # rows of the red-and-amber list and of the key items; each figure drills down to all
DEPUTY_LIMIT = 50  # the deputies' table shows the 50 with most suggestions; filters narrow it
DRILL_LIMIT = 50  # a page of a drill-down list, as the other lists (tracker.domain.listing.PAGE_SIZE)
BREAKDOWNS = ("unit_id", "category_id", "group_id", "deputy_id")
NAMES = {"unit_id": HandlingUnit, "category_id": Category, "group_id": DeputyGroup, "deputy_id": User}


def live_sums(session, flt: MetricFilter, today: date, by: str | None = None) -> dict:
    """The facts summed over the filter, in total (key None) or per value of `by`, from the tables."""
    facts = item_facts(today, soon_until(load_calendar(session), today)).subquery("facts")
    keys = [facts.c[by]] if by else []
    stmt = (select(*keys, *(func.coalesce(func.sum(facts.c[f]), 0).label(f) for f in FACTS))
            .where(*flt.conditions(facts.c)))
    if by:
        stmt = stmt.group_by(facts.c[by])
    out = {}
    for row in session.execute(stmt):
        m = row._mapping
        out[m[by] if by else None] = {f: int(m[f]) for f in FACTS}
    return out


def sums(session, flt: MetricFilter, today: date, by: str | None = None, summary: bool = False) -> dict:
    """Summed facts, from the rollups when `summary` (a refresh exists and is wanted), else live."""
    found = (rollup_sums if summary else lambda s, f, b: live_sums(s, f, today, b))(session, flt, by)
    if by is None:
        return found.get(None) or dict.fromkeys(FACTS, 0)
    return found


@dataclass
class Breakdown:
    """One table of the dashboard: a row per unit (or category, group, deputy) with its values."""

    dimension: str
    rows: list[tuple[int | None, str, dict[str, Value]]]
    more: int = 0  # rows left out of a long table


def names_of(session, dimension: str, ids) -> dict[int, str]:
    model = NAMES[dimension]
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def breakdown(session, per: dict, dimension: str, columns, lang: str = "zh",
              limit: int | None = None) -> Breakdown:
    """Rows from per-key sums, the biggest first; a long table keeps its first `limit` rows."""
    ranked = sorted(((k, v) for k, v in per.items() if not (k is None and dimension == "unit_id")),
                    key=lambda kv: (-value_of(columns[0], kv[1]).sort_value(), kv[0] is None, kv[0] or 0))
    shown = ranked[:limit] if limit else ranked
    names = names_of(session, dimension, [k for k, _ in shown])
    none = Message(N_("(not categorised)")).render(lang)
    rows = [(key, names.get(key) or none,
             {c: value_of(c, sums_) for c in columns}) for key, sums_ in shown]
    return Breakdown(dimension, rows, len(ranked) - len(shown))


def trends(session, flt: MetricFilter, summary: bool = False) -> dict[str, dict[str, int]]:
    """Per China-time month: suggestions submitted, assigned, first replied and closed."""
    rows = rollup_trends(session, flt) if summary else None
    if rows is None:
        ev = trend_events(flt).subquery("events")
        rows = session.execute(select(ev.c.kind, ev.c.month, func.count()).group_by(ev.c.kind, ev.c.month))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, month, n in rows:
        out[month][kind] = int(n)
    return {m: out.get(m, {}) for m in _months(min(out), max(out))} if out else {}


def _months(first: str, last: str) -> list[str]:
    """Every month from first to last ("YYYY-MM"), so a quiet month shows as a zero, not a gap."""
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class UrgencyPanel:
    counts: dict[Urgency, int]
    entries: list[tuple[Deadline, Suggestion, Urgency, str]]  # overdue and due soon, soonest first


def _listed(flt: MetricFilter, kind: str):
    """The refreshed list `kind` (metric_list) within the filter, in its order: the statement's first
    rows, each to be joined to its deadline or mark (ref_id) and its suggestion."""
    t = metric_list.c
    return t, (mine(t), t.kind == kind, *flt.conditions(t))


def urgency(session, flt: MetricFilter, today: date, sums_: dict, summary: bool = False) -> UrgencyPanel:
    """Open deadlines (not windows) of the filtered items in three colours, counted with the other
    facts, and the red and amber ones listed, soonest first: live, or as listed at the last refresh
    when `summary` (less any closed since)."""
    calendar = load_calendar(session)
    stmt = (select(Deadline, Suggestion).join(Suggestion, Suggestion.id == Deadline.suggestion_id)
            .where(Deadline.closed_at.is_(None)).options(selectinload(Suggestion.session)).limit(LIST_LIMIT))
    if summary:
        # Read from the list's own index on the filtered dimension: a few rows, whatever the filter.
        t, where = _listed(flt, "urgent")
        stmt = stmt.join(metric_list, t.ref_id == Deadline.id).where(*where).order_by(t.rank)
    else:
        # Ordered exactly as ix_deadline_open_due (closed_at is NULL throughout), so the database walks
        # that index soonest first and stops at the limit instead of sorting every open deadline.
        stmt = (stmt.where(Deadline.kind.not_in(WINDOW_KINDS), Deadline.due_on <= soon_until(calendar, today),
                           *flt.on_suggestion())
                .order_by(Deadline.closed_at, Deadline.due_on))
    rows = session.execute(stmt).all()
    names = owner_names(session, [d for d, _ in rows])
    entries = [(d, item, urgency_of(d.due_on, today, calendar), names.get(d.id, "")) for d, item in rows]
    counts = {Urgency.OVERDUE: sums_["deadlines_overdue"], Urgency.DUE_SOON: sums_["deadlines_soon"],
              Urgency.ON_TIME: sums_["deadlines_on_time"]}
    return UrgencyPanel(counts, entries)


@dataclass
class KeyItem:
    item: Suggestion
    mark: SupervisionMark | None
    reports: list[ProgressReport] = field(default_factory=list)


def key_items(session, flt: MetricFilter, summary: bool = False) -> list[KeyItem]:
    """The first key-supervision items of the filter with their marks and progress reports (the count
    is the "key" figure): live, or as listed at the last refresh when `summary`."""
    stmt = select(Suggestion, SupervisionMark).options(selectinload(Suggestion.session)).limit(LIST_LIMIT)
    if summary:
        # The list's first rows from its index, then their marks and items: a mark is never taken
        # back, so nothing is re-checked live and the page is exactly these rows.
        t, where = _listed(flt, "key")
        first = select(t.ref_id, t.suggestion_id, t.rank).where(*where).order_by(t.rank).limit(LIST_LIMIT)
        first = first.subquery("first")
        stmt = (stmt.select_from(first).join(SupervisionMark, SupervisionMark.id == first.c.ref_id)
                .join(Suggestion, Suggestion.id == first.c.suggestion_id).order_by(first.c.rank))
    else:
        # Driven from the marks (a few per thousand items), the latest marked first, walking the marks'
        # own key (no sort of every key item), each suggestion looked up by its key.
        stmt = (stmt.join(SupervisionMark, SupervisionMark.suggestion_id == Suggestion.id)
                .where(Suggestion.is_key.is_(True), *flt.on_suggestion()).order_by(SupervisionMark.id.desc()))
    rows = session.execute(stmt).all()
    out = {item.id: KeyItem(item, mark) for item, mark in rows}
    if out:
        for r in session.scalars(select(ProgressReport).where(ProgressReport.suggestion_id.in_(out))
                                 .order_by(ProgressReport.due_on, ProgressReport.id)):
            out[r.suggestion_id].reports.append(r)
    return list(out.values())


def drill(session, flt: MetricFilter, key: str, part: str, today: date, limit: int = DRILL_LIMIT,
          after: int = 0, summary: bool = False) -> tuple[int, list[Suggestion]]:
    """The suggestions behind a figure: the numerator (part="num") or the denominator ("den"), how
    many in all and a page of them in id order, those after id `after` (keyset paging: a page costs
    the same however deep). Live, or as counted at the last refresh when `summary` (metric_item):
    then the list is exactly the items the dashboard's figure counted."""
    figure = FIGURES[key]
    fact = figure.den if part == "den" and figure.den else figure.num
    if summary:
        facts = metric_item.c
        # A 0/1 fact summed is the number of its items: the rollup has it already.
        total = None if fact in TALLIES else rollup_sums(session, flt).get(None, {}).get(fact, 0)
    else:
        facts = item_facts(today, soon_until(load_calendar(session), today)).subquery("facts").c
        total = None
    ids = select(facts.id).where(facts[fact] > 0, *flt.conditions(facts),
                                 *([mine(facts)] if summary else []))
    if total is None:
        total = session.scalar(select(func.count()).select_from(ids.subquery()))
    if total == 0:
        return 0, []
    page = ids.where(facts.id > after).order_by(facts.id).limit(limit).subquery("page")
    items = session.scalars(select(Suggestion).join(page, page.c.id == Suggestion.id)
                            .options(*author_by_name(), selectinload(Suggestion.session))
                            .order_by(Suggestion.id)).all()
    return total, list(items)


@dataclass
class Dashboard:
    filter: MetricFilter
    as_of: datetime
    source: str  # "live" or "summary"
    totals: dict[str, Value]
    breakdowns: dict[str, Breakdown]
    trends: dict[str, dict[str, int]]
    urgency: UrgencyPanel
    key_items: list[KeyItem]


def build_dashboard(session, flt: MetricFilter, today: date, now: datetime, lang: str = "zh",
                    summary_from: int | None = None) -> Dashboard:
    """Every panel; from the rollups when a refresh counted at least `summary_from` suggestions."""
    refresh = latest_refresh(session, summary_from) if summary_from is not None else None
    summary, as_of = refresh is not None, refresh.refreshed_at if refresh is not None else now
    total_sums = sums(session, flt, today, summary=summary)
    totals = {k: value_of(k, total_sums) for k in FIGURES}
    tables = {d: breakdown(session, sums(session, flt, today, d, summary), d,
                           UNIT_COLUMNS if d == "unit_id" else BREAKDOWN_COLUMNS, lang,
                           limit=DEPUTY_LIMIT if d == "deputy_id" else None)
              for d in BREAKDOWNS}
    return Dashboard(flt, as_of, "summary" if summary else "live", totals, tables,
                     trends(session, flt, summary), urgency(session, flt, today, total_sums, summary),
                     key_items(session, flt, summary))
