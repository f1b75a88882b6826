"""Routing (交办): proposed units for an item, and routing many items at the assignment meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.domain.core.engine import apply
from tracker.domain.errors import DomainError
from tracker.domain.reads.listing import (
    PAGE_SIZE,
    after_key,
    ascending,
    author_by_name,
    decode_key,
    encode_key,
)
from tracker.models import Assignment, Category, Deadline, Suggestion, User
from tracker.models.handling import AssignmentState
from tracker.workflow import Action, DeadlineKind, Role, State, actions_from

# States the table lets an item be routed from; whether this user may do it now is the engine's call.
ROUTABLE_STATES = tuple(s for s in State if Action.ROUTE in actions_from(s))


@dataclass(frozen=True)
class Proposal:
    lead_id: int | None
    co_ids: tuple[int, ...]


def proposed_units(item: Suggestion) -> Proposal:
    """Lead: the deputy's proposed unit, else the category's first default unit; co: the other defaults."""
    defaults = [u.id for u in item.category.default_units] if item.category else []
    lead = item.proposed_unit_id or (defaults[0] if defaults else None)
    return Proposal(lead, tuple(u for u in defaults if u != lead))


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


@dataclass
class RoutingPage:
    items: list[Suggestion]  # one page of the batch form
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


def routing_page(session, *, after: str | None = None, size: int = PAGE_SIZE, **filters) -> RoutingPage:
    """A page of items in a state routing starts from, oldest registration first (not yet
    registered last), ties by id, with what the page shows, and how many wait in all."""
    base = _routable(**filters)
    total = session.scalar(base.with_only_columns(func.count()).order_by(None)) or 0
    keys = list(ROUTING_KEYS)
    cursor = decode_key(after, len(keys))
    stmt = base if cursor is None else base.where(after_key(keys, cursor))
    items = list(session.scalars(
        stmt.options(selectinload(Suggestion.category).selectinload(Category.default_units),
                     *author_by_name(), selectinload(Suggestion.session),
                     selectinload(Suggestion.proposed_unit))
        .order_by(*ascending(keys)).limit(size + 1)))
    more, items = len(items) > size, items[:size]
    nxt = encode_key(items[-1].registered_at, items[-1].id) if more else None
    return RoutingPage(items, total, nxt)


def routing_candidates(session, *, session_id: int | None = None, channel=None,
                       category_id: int | None = None, chunk: int = 500):
    """Every item waiting to be routed with these filters, in the page's order, page by page
    (an export): constant memory whatever the size of the backlog."""
    cursor = None
    while True:
        page = routing_page(session, after=cursor, size=chunk, session_id=session_id, channel=channel,
                            category_id=category_id)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


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
