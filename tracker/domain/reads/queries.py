"""Read-only questions the pages ask: who may see an item, what each user owes, the item lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, exists, false, func, or_, select

from tracker.models import (
    Assignment,
    Category,
    CoSigner,
    Deadline,
    DeputyGroup,
    HandlingUnit,
    Suggestion,
    User,
)
from tracker.models.types import one_of
from tracker.workflow import STATE_DEADLINE, WINDOW_KINDS, DeadlineKind, Owner, Role, State

SEE_ALL = frozenset({Role.OFFICE_STAFF, Role.SUPERVISOR, Role.ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_HANDLER, Role.UNIT_LEADER})


def sees_all(user: User) -> bool:
    return bool(user.roles & SEE_ALL)


def visible_to(user: User):
    """The items this user may open, as a condition on Suggestion for a query's WHERE (the ownership
    rules of tracker.domain.core.ownership, in SQL): `True` for those who see every item (no condition
    to add), else an SQL expression, `false()` for someone who may open none. Every list, search and
    API read of items filters by it, and `can_see` asks it of one item."""
    roles = user.roles
    if roles & SEE_ALL:
        return True
    conds = []
    if Role.DEPUTY in roles:
        conds.append(Suggestion.author_id == user.id)
        conds.append(exists().where(CoSigner.suggestion_id == Suggestion.id,
                                    CoSigner.deputy_id == user.id))
    submitted = Suggestion.state != State.DRAFT  # reviewers see a draft once it is sent to them
    if Role.GROUP_LEADER in roles:
        led = select(User.id).join(DeputyGroup, User.group_id == DeputyGroup.id).where(
            DeputyGroup.leader_id == user.id)
        conds.append(and_(submitted, Suggestion.author_id.in_(led)))
    if Role.COMMITTEE_STAFF in roles and user.committee_id is not None:
        ours = select(Category.id).where(Category.committee_id == user.committee_id)
        # An uncategorised draft may be taken up by any committee (tracker.domain.core.ownership).
        conds.append(and_(submitted, or_(Suggestion.category_id.in_(ours),
                                         Suggestion.category_id.is_(None))))
    if roles & UNIT_ROLES and user.unit_id is not None:
        conds.append(exists().where(Assignment.suggestion_id == Suggestion.id,
                                    Assignment.unit_id == user.unit_id))
    return or_(*conds) if conds else false()


def can_see(session, user: User, item: Suggestion) -> bool:
    cond = visible_to(user)
    if cond is True:
        return True
    return session.scalar(select(Suggestion.id).where(Suggestion.id == item.id, cond)) is not None


def _owed_by(user: User):
    """A SQL condition on Deadline (joined to its item and category): steps this user owes.

    The same people `tracker.domain.deadlines.owners_of` reminds, so the list and the reminders
    agree; unit leaders also see their unit's steps because they answer for them.
    """
    roles = user.roles
    unnamed = Deadline.owner_user_id.is_(None)
    conds = [Deadline.owner_user_id == user.id]
    if Role.OFFICE_STAFF in roles:
        conds.append(and_(unnamed, Deadline.owner == Owner.OFFICE))
    if Role.SUPERVISOR in roles:
        conds.append(and_(unnamed, Deadline.owner == Owner.SUPERVISOR))
    if Role.COMMITTEE_STAFF in roles and user.committee_id is not None:
        conds.append(and_(unnamed, Deadline.owner == Owner.REVIEWER,
                          or_(Category.committee_id == user.committee_id,
                              Suggestion.category_id.is_(None))))
    if user.unit_id is not None:
        unit_owners = []
        if roles & UNIT_ROLES:
            unit_owners.append(Owner.UNIT)
        if Role.UNIT_LEADER in roles:
            unit_owners.append(Owner.UNIT_LEADER)
        if unit_owners:
            conds.append(and_(unnamed, Deadline.owner.in_(unit_owners),
                              Deadline.owner_unit_id == user.unit_id))
    return or_(*conds)


@dataclass
class Task:
    """One item on a user's desk, with the open deadlines they owe on it (earliest first)."""

    item: Suggestion
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def due_on(self) -> date:
        return self.deadlines[0].due_on


def pending_for(session, user: User) -> list[Task]:
    """Items where this user owes the next step, most urgent first."""
    stmt = (select(Deadline, Suggestion).join(Suggestion, Deadline.suggestion_id == Suggestion.id)
            .outerjoin(Category, Suggestion.category_id == Category.id)
            .where(Deadline.closed_at.is_(None), Deadline.kind.not_in(WINDOW_KINDS), _owed_by(user))
            .order_by(Deadline.due_on, Deadline.id))
    tasks: dict[int, Task] = {}
    for deadline, item in session.execute(stmt):
        tasks.setdefault(item.id, Task(item)).deadlines.append(deadline)
    return sorted(tasks.values(), key=lambda t: (t.due_on, t.item.id))


def items_of_deputy(session, user: User) -> list[Suggestion]:
    """The deputy's own suggestions and those they were invited to co-sign, newest first."""
    cosigned = select(CoSigner.suggestion_id).where(CoSigner.deputy_id == user.id)
    stmt = (select(Suggestion).where(or_(Suggestion.author_id == user.id,
                                         Suggestion.id.in_(cosigned)))
            .order_by(Suggestion.updated_at.desc(), Suggestion.id.desc()))
    return list(session.scalars(stmt))


def all_items(session, state: State | None = None, limit: int = 500) -> list[Suggestion]:
    stmt = select(Suggestion).order_by(Suggestion.updated_at.desc(), Suggestion.id.desc())
    if state is not None:
        stmt = stmt.where(Suggestion.state == state)
    return list(session.scalars(stmt.limit(limit)))


class OpenStep(NamedTuple):
    """The open deadline a list shows for an item's holder, as plain values."""

    suggestion_id: int
    kind: DeadlineKind
    owner: Owner
    due_on: date
    provisional: bool


class Holder(NamedTuple):
    """Who holds an item now: the owner of the deadline of its current state."""

    deadline: OpenStep
    name: str  # the unit's or person's name; empty when the owner is a whole body (the office)


# Built once (every list page runs it): the page's item ids are one expanding parameter.
_HOLDERS = (select(Deadline.suggestion_id, Deadline.kind, Deadline.owner, Deadline.due_on,
                   Deadline.provisional, func.coalesce(User.name, HandlingUnit.name, ""))
            .outerjoin(User, User.id == Deadline.owner_user_id)
            .outerjoin(HandlingUnit, HandlingUnit.id == Deadline.owner_unit_id)
            .where(one_of(Deadline.suggestion_id), Deadline.closed_at.is_(None))
            .order_by(Deadline.due_on, Deadline.id))


def holders(session, items) -> dict[int, Holder]:
    """For each item (anything with `id` and `state`), the open deadline that names who owes its
    next step, if any.

    One statement of plain columns: the owner's name comes joined with the deadline (a list shows
    50 of them)."""
    kinds = {item.id: STATE_DEADLINE.get(item.state) for item in items}
    ids = [i for i, k in kinds.items() if k is not None]
    if not ids:
        return {}
    rows = session.execute(_HOLDERS, {"ids": ids}).all()
    out: dict[int, Holder] = {}
    for *step, name in rows:
        if step[1] == kinds[step[0]] and step[0] not in out:
            out[step[0]] = Holder(OpenStep(*step), name)
    return out


def owner_names(session, deadlines: list[Deadline]) -> dict[int, str]:
    """The name of the person or unit behind each deadline, by deadline id."""
    user_ids = {d.owner_user_id for d in deadlines if d.owner_user_id}
    unit_ids = {d.owner_unit_id for d in deadlines if d.owner_unit_id}
    users = dict(session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all()
                 ) if user_ids else {}
    units = dict(session.execute(select(HandlingUnit.id, HandlingUnit.name)
                                 .where(HandlingUnit.id.in_(unit_ids))).all()) if unit_ids else {}
    out = {}
    for d in deadlines:
        out[d.id] = users.get(d.owner_user_id) or units.get(d.owner_unit_id) or ""
    return out
