"""Pre-aggregated figures: the per-item facts summed into tracker.models.metrics' rollup tables.

`refresh_summary` (run by the Celery task workers.tasks.metrics.refresh) rewrites the rollups in one
transaction from `item_facts`, the same definitions the live pages use: first every suggestion's facts
(metric_item, which the drill-down lists read), the grains summed from them, then the dashboard's
red-and-amber and key-item lists (metric_list). Readers pick the smallest grain that still has every
dimension the filter and the breakdown need; a question no grain can answer (a trend by deputy and
unit at once) is answered live.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import delete, func, literal, select

from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.metrics.facts import MetricFilter, item_facts, soon_until, trend_events
from tracker.models import Deadline, Suggestion, SupervisionMark
from tracker.models.metrics import (
    DIMENSIONS,
    FACTS,
    metric_item,
    metric_list,
    metric_refresh,
    metric_rollup,
    metric_trend,
)
from tracker.models.tenancy import current_congress_id
from tracker.workflow import WINDOW_KINDS

BASE = ("session_id", "year", "channel")
# Grain number -> its dimensions, smallest tables first: a reader takes the first that has every
# dimension it filters or groups by. Grain 3 (every dimension) is built from the facts, the rest from it.
GRAINS: dict[int, tuple[str, ...]] = {
    0: BASE,
    4: (*BASE, "unit_id"),
    5: (*BASE, "category_id"),
    6: (*BASE, "group_id"),
    2: (*BASE, "group_id", "deputy_id"),
    7: (*BASE, "unit_id", "deputy_id"),  # the deputies' table under a unit filter
    1: tuple(d for d in DIMENSIONS if d != "deputy_id"),
    3: DIMENSIONS,
}
TREND_GRAINS = {g: dims for g, dims in GRAINS.items() if g != 3}


def needed(flt: MetricFilter, by: str | None = None) -> set[str]:
    return {d for d in DIMENSIONS if getattr(flt, d) is not None} | ({by} if by else set())


def pick(grains: dict[int, tuple[str, ...]], dims: set[str]) -> int | None:
    return next((g for g, cols in grains.items() if dims <= set(cols)), None)


TABLES = (metric_rollup, metric_trend, metric_item, metric_list, metric_refresh)


def mine(t):
    """The current congress's rows of a rollup table (columns `t`): Core statements are out of the
    ORM criterion's reach, so every read and every rewrite says its congress itself."""
    return t.congress_id == current_congress_id()


def latest_refresh(session, min_items: int = 0):
    """The current congress's last refresh (refreshed_at, as_of, seconds, items) if it counted at
    least `min_items` suggestions, else None: below that size the live queries are quick and fresh."""
    row = session.execute(select(metric_refresh).where(mine(metric_refresh.c))
                          .order_by(metric_refresh.c.id.desc()).limit(1)).first()
    return row if row is not None and row.items >= min_items else None


@lru_cache(maxsize=16)
def _rollup_select(by: str | None):
    """The summing statement per breakdown, built once: forty labelled sums cost real time to build."""
    t = metric_rollup.c
    return select(*([t[by]] if by else []), *(func.sum(t[f]).label(f) for f in FACTS))


def rollup_sums(session, flt: MetricFilter, by: str | None = None) -> dict:
    """The facts summed over the filter, in total (key None) or per value of `by`, from the rollup."""
    grain = pick(GRAINS, needed(flt, by))
    t = metric_rollup.c
    stmt = _rollup_select(by).where(mine(t), t.grain == grain, *flt.conditions(t))
    if by:
        stmt = stmt.group_by(t[by])
    skip = 1 if by else 0
    # PostgreSQL's and SQLite's sums of integers are ints; only a sum over no rows is NULL.
    return {(row[0] if by else None): dict(zip(FACTS, (v or 0 for v in row[skip:]), strict=True))
            for row in session.execute(stmt)}


def rollup_trends(session, flt: MetricFilter) -> list | None:
    """(kind, month, n) rows from the trend rollup, or None when no grain has the filter's dimensions."""
    grain = pick(TREND_GRAINS, needed(flt))
    if grain is None:
        return None
    t = metric_trend.c
    return session.execute(select(t.kind, t.month, func.sum(t.n))
                           .where(mine(t), t.grain == grain, *flt.conditions(t))
                           .group_by(t.kind, t.month)).all()


def _write_lists(session, until: date, congress_id: int) -> None:
    """The red-and-amber deadlines and the key items, ranked as the dashboard shows them, each with
    its suggestion's dimensions (from metric_item, just written)."""
    i = metric_item.c
    head = ["congress_id", "kind", "rank", "ref_id", "suggestion_id", *DIMENSIONS]
    urgent = (select(literal(congress_id), literal("urgent"),
                     func.row_number().over(order_by=(Deadline.due_on, Deadline.id)),
                     Deadline.id, Deadline.suggestion_id, *(i[d] for d in DIMENSIONS))
              .select_from(Deadline).join(metric_item, i.id == Deadline.suggestion_id)
              .where(mine(i), Deadline.closed_at.is_(None), Deadline.kind.not_in(WINDOW_KINDS),
                     Deadline.due_on <= until))
    key = (select(literal(congress_id), literal("key"),
                  func.row_number().over(order_by=SupervisionMark.id.desc()),
                  SupervisionMark.id, SupervisionMark.suggestion_id, *(i[d] for d in DIMENSIONS))
           .select_from(SupervisionMark).join(metric_item, i.id == SupervisionMark.suggestion_id)
           .join(Suggestion, Suggestion.id == SupervisionMark.suggestion_id)
           .where(mine(i), Suggestion.is_key.is_(True)))
    for stmt in (urgent, key):
        session.execute(metric_list.insert().from_select(head, stmt))


def refresh_summary(session, today: date, now: datetime) -> float:
    """Rewrite the current congress's rollups from its live facts as of `today`; flushes, the caller
    commits. Another congress's rows are neither read nor touched."""
    started = time.perf_counter()
    congress_id = current_congress_id()
    here = literal(congress_id)
    # DELETE, not TRUNCATE: readers keep seeing the previous refresh until this one commits.
    for table in TABLES[:-1]:
        session.execute(delete(table).where(mine(table.c)))
    until = soon_until(load_calendar(session), today)
    # item_facts and trend_events run inside Core INSERT … SELECTs, out of the ORM hook's sight:
    # their suggestions are kept to this congress explicitly (facts.dimensions).
    facts = item_facts(today, until).subquery("facts")
    session.execute(metric_item.insert().from_select(
        ["id", "congress_id", *DIMENSIONS, *FACTS],
        select(facts.c.id, here, *(facts.c[c] for c in (*DIMENSIONS, *FACTS)))))
    i = metric_item.c
    dims = [i[d] for d in DIMENSIONS]
    fine = (select(here, literal(3), *dims, *(func.sum(i[f]) for f in FACTS)).where(mine(i))
            .group_by(*dims))
    session.execute(metric_rollup.insert().from_select(["congress_id", "grain", *DIMENSIONS, *FACTS],
                                                       fine))
    _write_lists(session, until, congress_id)
    r = metric_rollup.c
    for grain in (g for g in GRAINS if g != 3):
        cols = [r[d] for d in GRAINS[grain]]
        # Written in the order of the dimensions beyond the base ones, so the rows a filter on one unit
        # (group, category) reads share a few pages instead of one page each.
        coarse = (select(here, literal(grain), *cols, *(func.sum(r[f]) for f in FACTS))
                  .where(mine(r), r.grain == 3).group_by(*cols)
                  .order_by(*cols[len(BASE):], *cols[:len(BASE)]))
        session.execute(metric_rollup.insert().from_select(
            ["congress_id", "grain", *GRAINS[grain], *FACTS], coarse))
    # Trends: every dimension once from the events (grain 3), the kept grains from it, then grain 3 goes:
    # it would be nearly as big as the events themselves.
    events = trend_events(MetricFilter()).subquery("events")
    t = metric_trend.c
    head = ["congress_id", "grain", "kind", "month", "n"]
    every = [events.c[d] for d in DIMENSIONS]
    fine = (select(here, literal(3), events.c.kind, events.c.month, func.count(), *every)
            .group_by(events.c.kind, events.c.month, *every))
    session.execute(metric_trend.insert().from_select([*head, *DIMENSIONS], fine))
    for grain, names in TREND_GRAINS.items():
        cols = [t[d] for d in names]
        stmt = (select(here, literal(grain), t.kind, t.month, func.sum(t.n), *cols)
                .where(mine(t), t.grain == 3).group_by(t.kind, t.month, *cols))
        session.execute(metric_trend.insert().from_select([*head, *names], stmt))
    session.execute(delete(metric_trend).where(mine(t), t.grain == 3))
    items = session.scalar(select(func.sum(r.total)).where(mine(r), r.grain == 0)) or 0
    seconds = time.perf_counter() - started
    session.execute(metric_refresh.insert().values(congress_id=congress_id, refreshed_at=now,
                                                   as_of=today, seconds=seconds, items=items))
    # Only the latest refresh is read; keep a short history per congress for the benchmark notes.
    m = metric_refresh.c
    keep = select(m.id).where(mine(m)).order_by(m.id.desc()).limit(20).scalar_subquery()
    session.execute(delete(metric_refresh).where(mine(m), m.id.not_in(keep)))
    session.flush()
    return seconds
