"""A handling unit's inbox: its live assignments, the deadlines it owes on them and how urgent each is,
paged in SQL (keyset, most urgent first) with the filter chips' counts from the same statement."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Date, Integer, bindparam, case, cast, false, func, literal, null, select, union_all

from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.deadlines.rows import OUTLIVE_ITEM
from tracker.domain.reads.listing import (
    PAGE_SIZE,
    ItemRow,
    after_bound,
    after_values,
    ascending,
    decode_key,
    encode_key,
    item_rows,
    page_by_page,
)
from tracker.models import Assignment, Deadline, HandlingUnit, Suggestion
from tracker.models.handling import AssignmentState
from tracker.models.types import one_of
from tracker.workflow import FINAL, WINDOW_KINDS, DeadlineKind, State

SOON_WORKING_DAYS = 5


class Urgency(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    NONE = "none"  # nothing owed by the unit now: waiting on the deputy, the office or another unit


def urgency_of(due_on: date | None, today: date, calendar, soon: int = SOON_WORKING_DAYS) -> Urgency:
    """Overdue after the last day; due soon from `soon` working days before it up to the day itself."""
    if due_on is None:
        return Urgency.NONE
    if due_on < today:
        return Urgency.OVERDUE
    if calendar.working_days_between(today, due_on) <= soon:
        return Urgency.DUE_SOON
    return Urgency.ON_TIME


class UnitLabel(NamedTuple):
    """The unit an inbox belongs to, as the page names it."""

    id: int
    name: str


def unit_label(session, unit_id: int) -> UnitLabel | None:
    row = session.execute(select(HandlingUnit.id, HandlingUnit.name)
                          .where(HandlingUnit.id == unit_id)).first()
    return UnitLabel(*row) if row else None


class Owed(NamedTuple):
    """One open deadline the unit owes on an item, as plain values."""

    suggestion_id: int
    kind: DeadlineKind
    due_on: date
    provisional: bool


@dataclass
class Entry:
    """One assigned item in the inbox, with the unit's open deadlines on it (earliest first).

    `item` is the list row the page shows (listing.ItemRow), or the Suggestion for an export."""

    item: ItemRow | Suggestion
    is_lead: bool
    deadlines: list[Owed] = field(default_factory=list)
    urgency: Urgency = Urgency.NONE

    @property
    def due_on(self) -> date | None:
        return self.deadlines[0].due_on if self.deadlines else None


@dataclass
class Inbox:
    entries: list[Entry]  # one page, after the filters
    by_urgency: Counter  # over all the unit's entries, so the filter chips keep their numbers
    lead: int
    co: int
    total: int
    states: list[State]
    next_cursor: str | None = None


def soon_until(today: date, calendar, soon: int = SOON_WORKING_DAYS) -> date:
    """The last day that is still "due soon": the day before the (soon + 1)-th working day after today.

    `urgency_of` is monotonic in the due date, so in SQL the urgency is three date comparisons.
    """
    day, counted = today, 0
    for _ in range(10 * soon + 400):  # a calendar with no working day at all would loop forever
        nxt = day + timedelta(days=1)
        if calendar.is_workday(nxt):
            if counted == soon:
                return day
            counted += 1
        day = nxt
    return day


def _owed(unit_id: int):
    """Per item, the earliest due date the unit owes now (closed deadlines and windows excluded)."""
    return (select(Deadline.suggestion_id, func.min(Deadline.due_on).label("due_on"))
            .where(Deadline.owner_unit_id == unit_id, Deadline.closed_at.is_(None),
                   Deadline.kind.not_in(WINDOW_KINDS))
            .group_by(Deadline.suggestion_id).cte("owed"))


def _entries(unit_id: int):
    """The unit's entries as (assignment, item) rows, read from its open work only, not its history:
    its open assignments (live on unfinished items: the partial index ix_assignment_unit_open), and
    its live ones on finished items while it still owes something there (a promise: only the kinds
    that outlive an item), reached from those deadlines (ix_deadline_unit_open). Finished items are
    never open work, so the two branches do not overlap."""
    # The open ones with their items' states and key marks as the assignments keep them: index-only,
    # no item row read (a unit may have thousands open; tracker.models.handling keeps the copies).
    open_work = (select(Assignment.id.label("aid"), Assignment.suggestion_id.label("sid"), Assignment.is_lead,
                        Assignment.item_state.label("state"), Assignment.item_is_key.label("is_key"))
                 .where(Assignment.unit_id == unit_id, Assignment.is_open))
    # Driven by the owed deadlines: the unit's live assignment on each finished one (a unit holds at
    # most one live assignment per item) is looked up per item, never joined to its whole history.
    live = (select(Assignment.id)
            .where(Assignment.suggestion_id == Suggestion.id, Assignment.unit_id == unit_id,
                   Assignment.state != AssignmentState.RELEASED)
            .limit(1).correlate(Suggestion).scalar_subquery())
    still_owed = (select(Deadline.suggestion_id).distinct()
                  .where(Deadline.owner_unit_id == unit_id, Deadline.closed_at.is_(None),
                         Deadline.kind.in_(OUTLIVE_ITEM)).subquery("still_owed"))
    finished = (select(live.label("aid"), Suggestion.id, Suggestion.state, Suggestion.is_key)
                .select_from(still_owed).join(Suggestion, Suggestion.id == still_owed.c.suggestion_id)
                .where(Suggestion.state.in_(FINAL)).subquery("finished"))
    owing = (select(Assignment.id.label("aid"), finished.c.id.label("sid"), Assignment.is_lead,
                    finished.c.state, finished.c.is_key)
             .join(Assignment, Assignment.id == finished.c.aid))
    return union_all(open_work, owing).subquery("entries")


def _urgency_sql(due, today: date, until: date):
    return case((due.is_(None), Urgency.NONE.value), (due < today, Urgency.OVERDUE.value),
                (due <= until, Urgency.DUE_SOON.value), else_=Urgency.ON_TIME.value)


def _blank(box):
    """The page columns, empty on a count row of the combined statement."""
    return (cast(null(), Integer).label("aid"), cast(null(), Integer).label("sid"),
            cast(null(), box.c.due.type).label("due"))


def filters_from(args) -> dict:
    """The inbox's filters from a page's query arguments (urgency, role, state, key), as
    `unit_inbox` takes them; a value not offered is no filter."""
    urgency = args.get("urgency", "")
    return {"urgency": urgency if urgency in set(Urgency) else None, "role": args.get("role") or None,
            "state": args.get("state") or None, "key_only": args.get("key", "") == "1"}


# The unit's open deadlines on a page's items, built once.
_OWED_ON_PAGE = (select(Deadline.suggestion_id, Deadline.kind, Deadline.due_on, Deadline.provisional)
                 .where(one_of(Deadline.suggestion_id),
                        Deadline.owner_unit_id == bindparam("unit_id"), Deadline.closed_at.is_(None),
                        Deadline.kind.not_in(WINDOW_KINDS))
                 .order_by(Deadline.due_on, Deadline.id))


@lru_cache(maxsize=256)
def _inbox_statement(urgency: bool, role: str | None, state: bool | None, key_only: bool,
                     cursor_nulls: tuple[bool, ...] | None, size: int):
    """The inbox's one statement for the counts and the page, built once per shape (which filters,
    which cursor) with the unit, the days and the filters' values as bind parameters: building it
    cost more than running it (its CTEs and unions, some 2.7 ms of Python a page)."""
    unit_id = bindparam("unit_id")
    owed = _owed(unit_id)
    entries = _entries(unit_id)
    # Every entry as a few plain columns, read once by the database for both the counts and the page.
    box = (select(entries.c.aid, entries.c.sid, owed.c.due_on.label("due"),
                  _urgency_sql(owed.c.due_on, bindparam("today", type_=Date),
                               bindparam("until", type_=Date)).label("mark"),
                  entries.c.is_lead, entries.c.state, entries.c.is_key)
           .select_from(entries).outerjoin(owed, owed.c.suggestion_id == entries.c.sid)
           .cte("box"))
    counted = (select(literal("count").label("part"), box.c.mark, box.c.is_lead, box.c.state,
                      func.count().label("n"), *_blank(box))
               .group_by(box.c.mark, box.c.is_lead, box.c.state))
    shown = select(box)
    if urgency:
        shown = shown.where(box.c.mark == bindparam("urgency"))
    if role is not None:
        shown = shown.where(box.c.is_lead.is_(role == "lead"))
    if state is not None:  # True: a state; False: a value that is none (nothing matches)
        shown = shown.where(box.c.state == bindparam("state") if state else false())
    if key_only:
        shown = shown.where(box.c.is_key.is_(True))
    keys = [box.c.due, box.c.sid, box.c.aid]
    if cursor_nulls is not None:
        shown = shown.where(after_bound(keys, cursor_nulls))
    shown = shown.order_by(*ascending(keys)).limit(size + 1).subquery("shown")
    paged = select(literal("page"), shown.c.mark, shown.c.is_lead, shown.c.state, literal(0),
                   shown.c.aid, shown.c.sid, shown.c.due)
    return union_all(counted, paged)


def unit_inbox(session, unit_id: int, today: date, *, urgency: str | None = None,
               role: str | None = None, state: str | None = None, key_only: bool = False,
               soon: int = SOON_WORKING_DAYS, after: str | None = None,
               size: int = PAGE_SIZE, objects: bool = False) -> Inbox:
    """One page of the unit's live assignments, most urgent first; `role` is "lead" or "co".

    Most urgent first is the earliest owed due date first (overdue, then due soon, then on time,
    then nothing owed), ties by item. One SQL statement gives the chips' counts (grouped) and
    the page (keyset after `after`); a second loads the page's rows (list rows, or Suggestion
    objects if `objects`: an export reads more of them), a third their deadlines.
    """
    calendar = load_calendar(session)
    keys = decode_key(after, 3)
    valid_state = state in set(State)
    stmt = _inbox_statement(urgency in set(Urgency), role if role in ("lead", "co") else None,
                            valid_state if state else None, key_only,
                            tuple(k is None for k in keys) if keys is not None else None, size)
    params = {"unit_id": unit_id, "today": today, "until": soon_until(today, calendar, soon),
              "urgency": Urgency(urgency).value if urgency in set(Urgency) else None,
              "state": State(state).value if valid_state else None, **after_values(keys or ())}
    counts, lead, co, states, page = Counter(), 0, 0, set(), []
    for part, level, is_lead, item_state, n, aid, sid, due_on in session.execute(stmt, params):
        if part == "page":
            page.append((aid, sid, due_on, is_lead))
            continue
        counts[Urgency(level)] += n
        lead, co = (lead + n, co) if is_lead else (lead, co + n)
        states.add(State(item_state))
    page.sort(key=lambda r: (r[2] is None, r[2] or date.min, r[1], r[0]))  # a UNION keeps no order
    more, page = len(page) > size, page[:size]
    ids = [sid for _, sid, _, _ in page]
    # The page's items in one statement, as list rows (the page) or objects (an export).
    if objects:
        items = {i.id: i for i in session.scalars(select(Suggestion).where(Suggestion.id.in_(ids)))}
    else:
        items = item_rows(session, ids)
    owed_rows: dict[int, list[Owed]] = {}
    if ids:
        for d in session.execute(_OWED_ON_PAGE, {"ids": ids, "unit_id": unit_id}):
            owed_rows.setdefault(d[0], []).append(Owed(*d))
    entries = [Entry(items[sid], is_lead, owed_rows.get(sid, []),
                     urgency_of(due_on, today, calendar, soon)) for _, sid, due_on, is_lead in page]
    last = page[-1] if more else None
    nxt = encode_key(last[2], last[1], last[0]) if last else None
    ordered_states = sorted(states, key=list(State).index)
    return Inbox(entries, counts, lead, co, lead + co, ordered_states, nxt)


def all_entries(session, unit_id: int, today: date, chunk: int = 500, prepare=None, **filters):
    """Every entry of the inbox with these filters, page by page (an export): constant memory;
    `prepare(entries)` runs on each page first."""
    return page_by_page(lambda after: unit_inbox(session, unit_id, today, after=after, size=chunk,
                                                 objects=True, **filters), prepare)
