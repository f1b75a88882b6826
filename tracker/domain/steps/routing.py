"""Routing (交办): proposed units for an item, the batch form's page, and routing many items at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased, selectinload

from tracker.domain.core.engine import apply, offers, offers_for
from tracker.domain.errors import DomainError
from tracker.domain.reads.listing import (
    PAGE_SIZE,
    Choice,
    after_bound,
    after_key,
    after_values,
    ascending,
    author_by_name,
    decode_key,
    encode_key,
)
from tracker.models import Assignment, Category, CongressSession, Deadline, HandlingUnit, Suggestion, User
from tracker.models.handling import AssignmentState
from tracker.models.org import category_default_unit
from tracker.models.suggestion import registration_label
from tracker.workflow import Action, Channel, DeadlineKind, Own, Role, State, actions_from, rows_for

# States the table lets an item be routed from; whether this user may do it now is the engine's call.
ROUTABLE_STATES = tuple(s for s in State if Action.ROUTE in actions_from(s))
ROUTE_ONLY = frozenset({Action.ROUTE})  # the only action the routing page asks the engine about
# Whether the table's routing rows read nothing of an item but its state (any office staff, no
# guards): then the engine's answer for one item of a state is its answer for every item of that
# state, and the page asks it once per state with a plain row (`routable_rows`).
STATE_DECIDES = all(r.own is Own.ANY and not r.guards
                    for s in ROUTABLE_STATES for r in rows_for(s, Action.ROUTE))


@dataclass(frozen=True)
class Proposal:
    lead_id: int | None
    co_ids: tuple[int, ...]


def propose(proposed_unit_id: int | None, defaults: Sequence[int]) -> Proposal:
    """Lead: the deputy's proposed unit, else the category's first default unit; co: the other
    defaults (`defaults`: the category's default units' ids, in id order)."""
    lead = proposed_unit_id or (defaults[0] if defaults else None)
    return Proposal(lead, tuple(u for u in defaults if u != lead))


def proposed_units(item: Suggestion) -> Proposal:
    """The proposal for an item (ORM): `propose` with its category's default units."""
    defaults = [u.id for u in item.category.default_units] if item.category else []
    return propose(item.proposed_unit_id, defaults)


def category_defaults(session) -> dict[int, tuple[int, ...]]:
    """Every category's default units' ids, in id order as Category.default_units has them, by
    category id: reference data a page may keep per data generation (plain values)."""
    out: dict[int, tuple[int, ...]] = {}
    for category_id, unit_id in session.execute(
            select(Category.id, category_default_unit.c.unit_id)
            .join(category_default_unit, category_default_unit.c.category_id == Category.id)
            .order_by(Category.id, category_default_unit.c.unit_id)):
        out[category_id] = (*out.get(category_id, ()), unit_id)
    return out


@dataclass(frozen=True)
class Decision:
    """One row of the batch form: which item goes to which lead and co-handling units."""

    item: Suggestion
    lead_id: int | None
    co_ids: tuple[int, ...] = ()


@dataclass
class BatchResult:
    routed: list[Suggestion] = field(default_factory=list)
    failed: dict[int, DomainError] = field(default_factory=dict)  # item id -> why


def _begin_for_sqlite(session) -> None:
    # pysqlite emits no BEGIN before a SAVEPOINT, so the first SAVEPOINT would start the
    # transaction and its RELEASE would commit it. Opening the transaction first keeps each
    # savepoint nested inside the caller's transaction, as it is on PostgreSQL.
    conn = session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN")


def route_many(session, actor: User, decisions: list[Decision], at: dt.datetime) -> BatchResult:
    """Route each item through the engine in its own savepoint: a refused row is rolled back and
    reported, the others stay. Flushes and never commits."""
    result = BatchResult()
    _begin_for_sqlite(session)
    for d in decisions:
        try:
            with session.begin_nested():
                apply(d.item, Action.ROUTE, actor=actor, as_role=Role.OFFICE_STAFF, at=at,
                      data={"lead_unit": d.lead_id, "co_units": list(d.co_ids)})
        except DomainError as err:
            result.failed[d.item.id] = err
        else:
            result.routed.append(d.item)
    return result


class RoutingRow(NamedTuple):
    """What the batch routing page shows of one item, as plain values read in the page's statement;
    `state` is what the engine's routing judgement reads of an item (`routable_rows`)."""

    id: int
    title: str
    registration_label: str | None  # as Suggestion's
    state: State
    channel: Channel
    author_name: str
    category: Choice | None  # id, name, English name
    proposed_unit: Choice | None  # the deputy's proposed unit
    registered_at: dt.datetime | None


def row_proposal(row: RoutingRow, defaults: dict[int, tuple[int, ...]]) -> Proposal:
    """`proposed_units` of a plain row, with `category_defaults`."""
    return propose(row.proposed_unit.id if row.proposed_unit else None,
                   defaults.get(row.category.id, ()) if row.category else ())


@dataclass
class RoutingPage:
    rows: list[RoutingRow]  # one page of the batch form
    total: int  # every item waiting with these filters
    next_cursor: str | None = None


def _routable(session_id: int | None = None, channel=None, category_id: int | None = None):
    stmt = select(Suggestion).where(Suggestion.state.in_(ROUTABLE_STATES))
    if session_id is not None:
        stmt = stmt.where(Suggestion.session_id == session_id)
    if channel is not None:
        stmt = stmt.where(Suggestion.channel == channel)
    if category_id is not None:
        stmt = stmt.where(Suggestion.category_id == category_id)
    return stmt


ROUTING_KEYS = (Suggestion.registered_at, Suggestion.id)


# The page's columns, made once: the filters and the cursor are added as WHERE clauses.
_AUTHOR, _SITTING = aliased(User), aliased(CongressSession)
_CATEGORY, _PROPOSED = aliased(Category), aliased(HandlingUnit)
_ROWS = (select(Suggestion.id, Suggestion.title, Suggestion.reg_number, Suggestion.reg_sequence,
                _SITTING.ordinal, Suggestion.state, Suggestion.channel, _AUTHOR.name, _CATEGORY.id,
                _CATEGORY.name, _CATEGORY.name_en, _PROPOSED.id, _PROPOSED.name, Suggestion.registered_at)
         .join(_AUTHOR, _AUTHOR.id == Suggestion.author_id)
         .outerjoin(_SITTING, _SITTING.id == Suggestion.session_id)
         .outerjoin(_CATEGORY, _CATEGORY.id == Suggestion.category_id)
         .outerjoin(_PROPOSED, _PROPOSED.id == Suggestion.proposed_unit_id))


def _row(r) -> RoutingRow:
    label = registration_label(r[2], r[3], r[4] if r[6] is Channel.SESSION else None)
    return RoutingRow(r[0], r[1], label, r[5], r[6], r[7],
                      Choice(r[8], r[9], r[10] or "") if r[8] is not None else None,
                      Choice(r[11], r[12]) if r[11] is not None else None, r[13])


def _keyset(run, stmt, after: str | None, size: int) -> tuple[list, str | None]:
    """One page of `stmt` run by `run` (session.execute or .scalars) in the page's order after the
    cursor `after`, and the next page's cursor."""
    keys = list(ROUTING_KEYS)
    cursor = decode_key(after, len(keys))
    if cursor is not None:
        stmt = stmt.where(after_key(keys, cursor))
    found = list(run(stmt.order_by(*ascending(keys)).limit(size + 1)))
    return _cut(found, size)


def _cut(found: list, size: int) -> tuple[list, str | None]:
    more, found = len(found) > size, found[:size]
    return found, (encode_key(found[-1].registered_at, found[-1].id) if more else None)


_FILTERS = ("session_id", "channel", "category_id")


def _wanted(entity, filtered: tuple[bool, ...]) -> list:
    """The conditions of the list on `entity` (Suggestion or an alias): a routable state, and the
    filters that are set, their values bound at each execution."""
    return [entity.state.in_(ROUTABLE_STATES),
            *(getattr(entity, name) == bindparam(name)
              for name, on in zip(_FILTERS, filtered, strict=True) if on)]


_COUNTED = aliased(Suggestion)  # the count's own table, never correlated to the page's


@lru_cache(maxsize=64)
def _page_statements(filtered: tuple[bool, ...], cursor_nulls: tuple[bool, ...] | None, size: int):
    """The page's statement, with how many wait in all as a column, and the count alone (for a page
    with no row left to carry it), built once per shape (which filters are set, the cursor's
    NULLs, the page size): building them cost more Python than running them."""
    count = select(func.count()).select_from(_COUNTED).where(*_wanted(_COUNTED, filtered))
    rows = _ROWS.add_columns(count.scalar_subquery()).where(*_wanted(Suggestion, filtered))
    if cursor_nulls is not None:
        rows = rows.where(after_bound(list(ROUTING_KEYS), cursor_nulls))
    return count, rows.order_by(*ascending(list(ROUTING_KEYS))).limit(size + 1)


def routing_page(session, *, after: str | None = None, size: int = PAGE_SIZE, **filters) -> RoutingPage:
    """A page of items in a state routing starts from, oldest registration first (not yet
    registered last), ties by id, as the plain rows the page shows, and how many wait in all (one
    statement: the count is a column of the page's, computed once by the database)."""
    params = {name: filters[name] for name in _FILTERS if filters.get(name) is not None}
    cursor = decode_key(after, len(ROUTING_KEYS))
    count, rows = _page_statements(tuple(name in params for name in _FILTERS),
                                   None if cursor is None else tuple(v is None for v in cursor), size)
    found, nxt = _cut(list(session.execute(rows, {**params, **after_values(cursor or ())})), size)
    total = found[0][-1] if found else session.scalar(count, params) or 0
    return RoutingPage([_row(r) for r in found], total, nxt)


def routable_rows(session, rows: list[RoutingRow], actor: User,
                  at: dt.datetime | None = None) -> list[RoutingRow]:
    """The rows the engine lets `actor` route now: asked once per state, of a plain row (of which it
    then reads the state alone), while the table's routing reads only the state (STATE_DECIDES);
    else of each item, loaded."""
    if not STATE_DECIDES:
        items = list(session.scalars(select(Suggestion).where(Suggestion.id.in_([r.id for r in rows]))))
        allowed = offers_for(items, actor, ROUTE_ONLY, at)
        return [r for r in rows if allowed.get(r.id)]
    judged: dict[State, bool] = {}
    for row in rows:
        if row.state not in judged:
            judged[row.state] = bool(offers(row, actor, at, only=ROUTE_ONLY))
    return [r for r in rows if judged[r.state]]


def routing_candidates(session, *, session_id: int | None = None, channel=None,
                       category_id: int | None = None, chunk: int = 500):
    """Every item waiting to be routed with these filters, in the page's order, page by page
    (an export, ORM items): constant memory whatever the size of the backlog."""
    cursor = None
    stmt = _routable(session_id=session_id, channel=channel, category_id=category_id).options(
        selectinload(Suggestion.category), *author_by_name(), selectinload(Suggestion.session))
    while True:
        found, cursor = _keyset(session.scalars, stmt, cursor, chunk)
        yield from found
        if cursor is None:
            return


def routable_by_id(session, ids) -> list[Suggestion]:
    """The posted rows of the batch form that are still waiting to be routed (any page)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return []
    return list(session.scalars(
        _routable().where(Suggestion.id.in_(ids))
        .options(selectinload(Suggestion.category).selectinload(Category.default_units))
        .order_by(*ascending(list(ROUTING_KEYS)))))


@dataclass(frozen=True)
class ListedAssignment:
    """One line of a unit's assignment list (交办清单)."""

    assignment: Assignment
    item: Suggestion
    reply_due_on: dt.date | None


def unit_assignments(session, unit_id: int) -> list[ListedAssignment]:
    """A unit's live assignments, in the order they were given, with each item's reply due date."""
    rows = session.execute(
        select(Assignment, Suggestion).join(Suggestion, Suggestion.id == Assignment.suggestion_id)
        .where(Assignment.unit_id == unit_id, Assignment.state != AssignmentState.RELEASED)
        .options(*author_by_name(), selectinload(Suggestion.session))
        .order_by(Assignment.assigned_at, Suggestion.reg_sequence, Suggestion.reg_number)).all()
    ids = [item.id for _, item in rows]
    due: dict[int, dt.date] = {}
    if ids:
        # The reply deadline is the item's; a re-handling round has its own, the later one counts.
        for sid, due_on in session.execute(
                select(Deadline.suggestion_id, Deadline.due_on)
                .where(Deadline.suggestion_id.in_(ids),
                       Deadline.kind.in_([DeadlineKind.REPLY, DeadlineKind.REHANDLING_REPLY]))
                .order_by(Deadline.opened_at, Deadline.id)):
            due[sid] = due_on
    return [ListedAssignment(a, item, due.get(item.id)) for a, item in rows]
