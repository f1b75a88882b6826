"""The pre-review queues: per layer, the items a reviewer may act on, oldest first, with waiting days;
filtered, counted and paged (keyset) in SQL, the ownership rules written as SQL conditions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, false, func, or_, select, true
from sqlalchemy.orm import aliased, selectinload

from tracker.domain.deadlines.calendar import CHINA, china_date, load_calendar
from tracker.domain.reads.listing import (
    PAGE_SIZE,
    Choice,
    after_bound,
    after_values,
    ascending,
    decode_key,
    encode_key,
    page_by_page,
)
from tracker.models import (
    Category,
    CongressSession,
    Deadline,
    DeputyGroup,
    Membership,
    Suggestion,
    SuggestionVersion,
    User,
)
from tracker.models.types import one_of
from tracker.workflow import LAYER_DEADLINE, LAYER_REVIEWERS, Channel, Own, State


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


class QueueRow(NamedTuple):
    """What the queue's page shows of one item, as plain values read in the page's statement."""

    id: int
    title: str
    state: State
    channel: Channel
    version: int | None  # the latest version's number
    author_name: str
    group_name: str | None  # the author's deputy group in this congress
    category: Choice | None
    session_name: str | None


@dataclass(frozen=True)
class Entry:
    item: QueueRow | Suggestion  # a Suggestion for an export or the next-item look-up (`objects`)
    layer: State
    entered_at: datetime
    waiting_days: int
    due_on: date | None  # the open deadline of the layer, if any
    is_overdue: bool


@dataclass
class Queue:
    layers: list[State]
    entries: list[Entry]  # one page
    # Per layer, how many items pass every filter but the layer one, so the tabs stay comparable.
    counts: dict[State, int]
    next_cursor: str | None = None


# The ownership rules of the review layers as SQL conditions, so the queue can page in the
# database; tests/domain/test_review_queue.py checks each against tracker.domain.ownership.RULES.
def _own_group(_has_committee: bool):
    led = select(User.id).join(DeputyGroup, DeputyGroup.id == User.group_id).where(
        DeputyGroup.leader_id == bindparam("reviewer_id"))
    return Suggestion.author_id.in_(led)


def _own_category(has_committee: bool):
    if not has_committee:
        return false()
    ours = select(Category.id).where(Category.committee_id == bindparam("reviewer_committee_id"))
    return or_(Suggestion.category_id.is_(None), Suggestion.category_id.in_(ours))


# The user's values the conditions name; they are bound at each execution, so that a queue's
# statement is built once per shape (tracker.domain.reads.review_queue._statement).
OWN_SQL = {Own.ANY: lambda _has_committee: true(), Own.OWN_GROUP: _own_group, Own.OWN_CATEGORY: _own_category}
if missing := {own for _role, own in LAYER_REVIEWERS.values()} - set(OWN_SQL):
    raise RuntimeError(f"review layers' ownership rules with no SQL form: {missing}")


def own_params(user: User) -> dict:
    """The values OWN_SQL's conditions are run with for this user."""
    return {"reviewer_id": user.id, "reviewer_committee_id": user.committee_id}


def waited_since(calendar, today: date, days: int) -> datetime:
    """The moment before which an item must have entered its layer to have waited `days` working days
    by `today` (waiting = working days after the China date of entry up to today)."""
    day, counted = today, 0
    for _ in range(10 * days + 400):
        if counted >= days:
            break
        counted += calendar.is_workday(day)
        day -= timedelta(days=1)
    # entered on `day` or earlier (China time), i.e. before the next China midnight
    return datetime.combine(day + timedelta(days=1), time(0), CHINA).astimezone(UTC)


class _Shape(NamedTuple):
    """What changes a queue's statement, beside the values bound at each execution."""

    layers: tuple[State, ...]
    has_committee: bool
    filters: tuple[bool, ...]  # which of session, channel, category, group, min_waiting are set
    layer: bool
    cursor_nulls: tuple[bool, ...] | None
    size: int
    objects: bool


_FILTERS = ("session_id", "channel", "category_id", "group_id", "min_waiting")


@lru_cache(maxsize=256)
def _statements(shape: _Shape):
    """The queue's count and page statements, built once per shape: building them cost more
    Python than running them (the ownership subqueries, the aliased joins)."""
    since = Suggestion.state_entered_at
    base = select(Suggestion, since).where(or_(*[
        and_(Suggestion.state == layer, OWN_SQL[LAYER_REVIEWERS[layer][1]](shape.has_committee))
        for layer in shape.layers]))
    session_id, channel, category_id, group_id, min_waiting = shape.filters
    if session_id:
        base = base.where(Suggestion.session_id == bindparam("session_id"))
    if channel:
        base = base.where(Suggestion.channel == bindparam("channel"))
    if category_id:
        base = base.where(Suggestion.category_id == bindparam("category_id"))
    if group_id:
        members = select(User.id).where(User.group_id == bindparam("group_id"))
        base = base.where(Suggestion.author_id.in_(members))
    if min_waiting:
        base = base.where(since < bindparam("waited_since", type_=since.type))
    counts = base.with_only_columns(Suggestion.state, func.count()).group_by(Suggestion.state)
    stmt = base.where(Suggestion.state == bindparam("layer")) if shape.layer else base
    keys = [since, Suggestion.id]
    if shape.cursor_nulls is not None:
        stmt = stmt.where(after_bound(keys, shape.cursor_nulls))
    stmt = stmt.order_by(*ascending(keys)).limit(shape.size + 1)
    if shape.objects:
        return counts, stmt.options(
            selectinload(Suggestion.author).selectinload(User.memberships).joinedload(Membership.group),
            selectinload(Suggestion.category), selectinload(Suggestion.session))
    return counts, _shown_columns(stmt)


# The open layer deadlines of a page's items, built once (its values bound at each execution).
_LAYER_DUE = select(Deadline.suggestion_id, Deadline.kind, Deadline.due_on).where(
    one_of(Deadline.suggestion_id),
    Deadline.kind.in_(bindparam("kinds", expanding=True)), Deadline.closed_at.is_(None))


def _due_dates(session, items: list[Suggestion]) -> dict[int, date]:
    wanted = {i.id: LAYER_DEADLINE[i.state] for i in items}
    if not wanted:
        return {}
    rows = session.execute(_LAYER_DUE, {"ids": list(wanted), "kinds": sorted(set(wanted.values()))})
    return {sid: due_on for sid, kind, due_on in rows if kind == wanted[sid]}


# Made once: an alias computes its columns on first use, and a page built new ones each time.
# The last two: the latest version's number, and the open deadline of the item's layer (the kind
# the table gives each layer, LAYER_DEADLINE), read with the row instead of by a statement of their own.
_SHOWN = (aliased(User), aliased(Membership), aliased(DeputyGroup), aliased(Category),
          aliased(CongressSession),
          select(func.max(SuggestionVersion.number))
          .where(SuggestionVersion.suggestion_id == Suggestion.id).scalar_subquery(),
          select(Deadline.due_on).where(
              Deadline.suggestion_id == Suggestion.id, Deadline.closed_at.is_(None),
              Deadline.kind == case({s.value: k.value for s, k in LAYER_DEADLINE.items()},
                                    value=Suggestion.state)).limit(1).scalar_subquery())


def _shown_columns(stmt):
    """The page's statement reading a QueueRow's columns (and the sort key) instead of objects:
    the page's ids first (the conditions, the order, the limit), then what the page shows of those
    alone, so that a queue of a thousand items joins its names to fifty of them, not to all.

    The joined tables are aliases: the ownership conditions hold subqueries on User, DeputyGroup
    and Category, which would otherwise be correlated to these joins instead of standing alone."""
    author, place, group, category, sitting, latest, layer_due = _SHOWN
    page = stmt.with_only_columns(Suggestion.id, Suggestion.state_entered_at).subquery("page")
    return select(
        Suggestion.id, Suggestion.title, Suggestion.state, Suggestion.channel, latest, author.name,
        group.name, category.id, category.name, category.name_en, sitting.name,
        Suggestion.state_entered_at, layer_due,
    ).select_from(page).join(Suggestion, Suggestion.id == page.c.id).join(
        author, author.id == Suggestion.author_id).outerjoin(
        place, place.user_id == author.id).outerjoin(group, group.id == place.group_id).outerjoin(
        category, category.id == Suggestion.category_id).outerjoin(
        sitting, sitting.id == Suggestion.session_id).order_by(
        *ascending([page.c.state_entered_at, page.c.id]))


def _queue_row(r) -> tuple[QueueRow, datetime, date | None]:
    category = Choice(r[7], r[8], r[9]) if r[7] is not None else None
    return QueueRow(*r[:7], category, r[10]), r[11], r[12]


def review_queue(session, user: User, at: datetime, filters: QueueFilters | None = None,
                 after: str | None = None, size: int = PAGE_SIZE, objects: bool = False) -> Queue:
    """One page of the items waiting in the layers this user reviews and may act on, oldest first
    (by when each reached its layer, ties by id), and per layer how many wait. Entries hold
    QueueRows, or Suggestion objects if `objects`."""
    f = filters or QueueFilters()
    layers = layers_for(user)
    if not layers:
        return Queue([], [], {})
    calendar, today = load_calendar(session), china_date(at)
    cursor = decode_key(after, 2)
    values = {name: getattr(f, name) for name in _FILTERS}
    shape = _Shape(tuple(layers), user.committee_id is not None, tuple(bool(v) for v in values.values()),
                   f.layer is not None, tuple(k is None for k in cursor) if cursor is not None else None,
                   size, objects)
    count_stmt, stmt = _statements(shape)
    params = {**own_params(user), **values, "layer": f.layer, **after_values(cursor or ())}
    if f.min_waiting:
        params["waited_since"] = waited_since(calendar, today, f.min_waiting)
    counts = dict.fromkeys(layers, 0)
    for layer, n in session.execute(count_stmt, params):
        counts[State(layer)] = n
    if objects:  # the layer's deadlines by a statement of their own
        rows = session.execute(stmt, params).all()
        due = _due_dates(session, [item for item, _ in rows])
        rows = [(item, entered, due.get(item.id)) for item, entered in rows]
    else:
        rows = [_queue_row(r) for r in session.execute(stmt, params)]
    more, rows = len(rows) > size, rows[:size]
    entries = []
    for item, entered, due_on in rows:
        waiting = calendar.working_days_between(china_date(entered), today)
        entries.append(Entry(item, item.state, entered, waiting, due_on,
                             due_on is not None and today > due_on))
    nxt = encode_key(rows[-1][1], rows[-1][0].id) if more else None
    return Queue(layers, entries, counts, nxt)


def all_entries(session, user: User, at: datetime, filters: QueueFilters | None = None,
                chunk: int = 500, prepare=None):
    """Every entry of the queue with these filters, page by page (an export): constant memory;
    `prepare(entries)` runs on each page first."""
    return page_by_page(lambda after: review_queue(session, user, at, filters, after=after, size=chunk,
                                                   objects=True), prepare)


def next_after_decision(session, user: User, at: datetime, layer: State,
                        item: Suggestion) -> tuple[bool, Suggestion | None]:
    """Whether the step was the user's review decision (it took `item` out of `layer`, a layer they
    review), and then the next item waiting there for them, the oldest first as the queue shows
    it (None when nothing else waits)."""
    if item.state is layer or layer not in layers_for(user):
        return False, None
    queue = review_queue(session, user, at, QueueFilters(layer=layer), size=1, objects=True)
    return True, (queue.entries[0].item if queue.entries else None)
