"""The pre-review queues: per layer, the items a reviewer may act on, oldest first, with waiting days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.domain.calendar import china_date, load_calendar
from tracker.domain.context import Context
from tracker.domain.ownership import RULES
from tracker.models import AuditEvent, Deadline, Suggestion, User
from tracker.workflow import LAYER_DEADLINE, LAYER_REVIEWERS, Channel, State


def layers_for(user: User) -> list[State]:
    """The review layers this user reviews, read from the table (never restated here)."""
    roles = user.roles
    return [layer for layer, (role, _own) in LAYER_REVIEWERS.items() if role in roles]


@dataclass(frozen=True)
class QueueFilters:
    layer: State | None = None  # None: every layer the user reviews
    session_id: int | None = None
    channel: Channel | None = None
    category_id: int | None = None
    group_id: int | None = None
    min_waiting: int | None = None  # working days


@dataclass(frozen=True)
class Entry:
    item: Suggestion
    layer: State
    entered_at: datetime
    waiting_days: int
    due_on: date | None  # the open deadline of the layer, if any
    is_overdue: bool


@dataclass
class Queue:
    layers: list[State]
    entries: list[Entry]
    # Per layer, how many items pass every filter but the layer one, so the tabs stay comparable.
    counts: dict[State, int]


def _candidates(session, layers: list[State], f: QueueFilters) -> list[Suggestion]:
    stmt = (select(Suggestion).where(Suggestion.state.in_(layers))
            .options(selectinload(Suggestion.author).selectinload(User.group),
                     selectinload(Suggestion.category), selectinload(Suggestion.session)))
    if f.session_id is not None:
        stmt = stmt.where(Suggestion.session_id == f.session_id)
    if f.channel is not None:
        stmt = stmt.where(Suggestion.channel == f.channel)
    if f.category_id is not None:
        stmt = stmt.where(Suggestion.category_id == f.category_id)
    if f.group_id is not None:
        stmt = stmt.where(Suggestion.author_id.in_(select(User.id).where(User.group_id == f.group_id)))
    return list(session.scalars(stmt))


def _entered(session, items: list[Suggestion]) -> dict[tuple[int, State], datetime]:
    """When each item last came into each layer: the latest audit event into that state."""
    ids = [i.id for i in items]
    if not ids:
        return {}
    rows = session.execute(select(AuditEvent.suggestion_id, AuditEvent.to_state, func.max(AuditEvent.at))
                           .where(AuditEvent.suggestion_id.in_(ids),
                                  AuditEvent.to_state.in_(list(LAYER_REVIEWERS)))
                           .group_by(AuditEvent.suggestion_id, AuditEvent.to_state))
    return {(sid, State(state)): at for sid, state, at in rows}


def _due_dates(session, items: list[Suggestion]) -> dict[int, date]:
    wanted = {i.id: LAYER_DEADLINE[i.state] for i in items}
    if not wanted:
        return {}
    rows = session.scalars(select(Deadline).where(Deadline.suggestion_id.in_(list(wanted)),
                                                  Deadline.kind.in_(set(wanted.values())),
                                                  Deadline.closed_at.is_(None)))
    return {d.suggestion_id: d.due_on for d in rows if d.kind == wanted[d.suggestion_id]}


def review_queue(session, user: User, at: datetime, filters: QueueFilters | None = None) -> Queue:
    """The items waiting in the layers this user reviews and may act on, oldest first."""
    f = filters or QueueFilters()
    layers = layers_for(user)
    items = []
    for item in _candidates(session, layers, f):
        role, own = LAYER_REVIEWERS[item.state]
        # The engine's own ownership rule decides, so the queue and the buttons always agree.
        if RULES[own](Context(session, item, user, role, at)):
            items.append(item)
    entered, due = _entered(session, items), _due_dates(session, items)
    calendar, today = load_calendar(session), china_date(at)
    entries = []
    for item in items:
        since = entered.get((item.id, item.state), item.updated_at)
        waiting = calendar.working_days_between(china_date(since), today)
        if f.min_waiting is not None and waiting < f.min_waiting:
            continue
        due_on = due.get(item.id)
        late = due_on is not None and today > due_on
        entries.append(Entry(item, item.state, since, waiting, due_on, late))
    counts = {layer: sum(e.layer == layer for e in entries) for layer in layers}
    if f.layer is not None:
        entries = [e for e in entries if e.layer == f.layer]
    entries.sort(key=lambda e: (e.entered_at, e.item.id))
    return Queue(layers, entries, counts)
