"""Due dates within DOMAIN's bounds, and who owes a deadline (core.deadlines opens rows)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.domain.deadlines.calendar import WorkCalendar
from tracker.models import Deadline, Membership, User, UserRole
from tracker.workflow import Channel, DeadlineKind, Owner, Role, Unit

K = DeadlineKind
MAX_MONTHS = 6  # an extended reply is never due later than 6 months after assignment


def due_for(calendar: WorkCalendar, item, kind: DeadlineKind, start: date, amount: int,
            unit: Unit) -> tuple[date, bool]:
    """The last day of a deadline and whether it is provisional, within DOMAIN's bounds.

    Used when a deadline opens and again when a provisional one is recomputed, so the bound holds
    both times.
    """
    due, provisional = calendar.due(start, amount, unit)
    sess = item.session
    if kind is K.REVISION and sess is not None and item.channel is Channel.SESSION:
        cap = sess.presubmission_deadline_on  # never past the pre-submission deadline
        if cap < due:
            due, provisional = cap, calendar.is_provisional(start, cap)
    return due, provisional


# What may still be owed on an ended item (the inbox looks for nothing else on ended items).
OUTLIVE_ITEM = (K.PROMISE, K.PROMISE_REVIEW, K.PROGRESS_REPORT)


def users_with_role(session, role: Role, **where) -> list[User]:
    stmt = select(User).join(UserRole).where(UserRole.role == role, User.is_active_user.is_(True))
    if where:  # group, committee and unit are the person's place in this congress
        stmt = stmt.join(Membership, Membership.user_id == User.id)
    for column, value in where.items():
        stmt = stmt.where(getattr(Membership, column) == value)
    return list(session.scalars(stmt))


def owners_of(session, d: Deadline, item) -> list[User]:
    """Who is reminded about a deadline: the people behind its owner."""
    if d.owner_user_id is not None:
        user = session.get(User, d.owner_user_id)
        return [user] if user else []
    if d.owner is Owner.REVIEWER:
        committee = item.category.committee_id if item.category else None
        return users_with_role(session, Role.COMMITTEE_STAFF, committee_id=committee)
    if d.owner is Owner.OFFICE:
        return users_with_role(session, Role.OFFICE_STAFF)
    if d.owner is Owner.SUPERVISOR:
        return users_with_role(session, Role.SUPERVISOR)
    if d.owner is Owner.UNIT_LEADER and d.owner_unit_id:
        return users_with_role(session, Role.UNIT_LEADER, unit_id=d.owner_unit_id)
    if d.owner is Owner.UNIT and d.owner_unit_id:
        return users_with_role(session, Role.UNIT_HANDLER, unit_id=d.owner_unit_id)
    return []
