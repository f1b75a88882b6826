"""Deactivating a person in this congress, and the successor who takes over their open work here.

A person may belong to several congresses and the account is global, so deactivating "here" ends
their place here (their roles here removed, the membership marked ended) and stops their reminders
here; only when no other congress holds them is the account itself switched off (no more sign-ins).
Their history (authorship, audit trail, replies, signatures) stays theirs: nothing is rewritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import exists, func, select, update

from tracker.domain.audit import record
from tracker.domain.deadlines.rows import users_with_role
from tracker.domain.errors import InvalidData
from tracker.domain.people.organisation import change_group_leader
from tracker.domain.people.users import admins_left, require_admin
from tracker.models import (
    Assignment,
    Category,
    Deadline,
    DeputyGroup,
    Reminder,
    Suggestion,
    User,
    UserRole,
)
from tracker.models.reminder import ReminderStatus
from tracker.models.tenancy import ALL_CONGRESSES, current_congress_id
from tracker.workflow import AuditAction, Owner, Role
from tracker.workflow.i18n import N_

# Roles that owe steps as a body (tracker.domain.deadlines.rows.owners_of): the owner they stand
# for, and the place the body is; a body left with nobody would owe its steps to nobody.
BODIES = {Role.OFFICE_STAFF: (Owner.OFFICE, None), Role.SUPERVISOR: (Owner.SUPERVISOR, None),
          Role.COMMITTEE_STAFF: (Owner.REVIEWER, "committee_id"),
          Role.UNIT_HANDLER: (Owner.UNIT, "unit_id"), Role.UNIT_LEADER: (Owner.UNIT_LEADER, "unit_id")}


@dataclass
class OpenWork:
    """What a person owes here now, and what a successor must take over."""

    deadlines: list[Deadline] = field(default_factory=list)  # named after them (owner_user_id)
    groups: list[DeputyGroup] = field(default_factory=list)  # the groups they lead
    bodies: list[tuple[Role, int | None]] = field(default_factory=list)  # a body they are the last of

    def __bool__(self) -> bool:
        return bool(self.deadlines or self.groups or self.bodies)


def _body_owes(session, owner: Owner, column: str | None, place: int | None) -> bool:
    stmt = select(Deadline.id).where(Deadline.closed_at.is_(None), Deadline.owner == owner,
                                     Deadline.owner_user_id.is_(None))
    if column == "unit_id":
        stmt = stmt.where(Deadline.owner_unit_id == place)
    elif column == "committee_id":
        stmt = stmt.join(Suggestion, Suggestion.id == Deadline.suggestion_id).where(
            exists().where(Category.id == Suggestion.category_id, Category.committee_id == place))
    if owner is Owner.UNIT:  # a unit's open assignments are its work even between deadlines
        return session.scalar(stmt.limit(1)) is not None or session.scalar(
            select(Assignment.id).where(Assignment.unit_id == place, Assignment.is_open.is_(True)).limit(1)) \
            is not None
    return session.scalar(stmt.limit(1)) is not None


def open_work(session, user: User) -> OpenWork:
    work = OpenWork()
    work.deadlines = list(session.scalars(select(Deadline).where(
        Deadline.owner_user_id == user.id, Deadline.closed_at.is_(None)).order_by(Deadline.due_on)))
    work.groups = list(session.scalars(select(DeputyGroup).where(DeputyGroup.leader_id == user.id)))
    for role in sorted(user.roles):
        if role not in BODIES:
            continue
        owner, column = BODIES[role]
        place = getattr(user, column) if column else None
        others = [u for u in users_with_role(session, role, **({column: place} if column else {}))
                  if u.id != user.id]
        if not others and _body_owes(session, owner, column, place):
            work.bodies.append((role, place))
    return work


def _check_successor(session, user: User, successor: User | None, work: OpenWork) -> None:
    if not work:
        return
    if successor is None:
        raise InvalidData(N_("%(name)s has open work here: choose a successor to take it over."),
                          field="successor_id", name=user.name)
    if successor.id == user.id or not successor.is_active_user or not successor.roles:
        raise InvalidData(N_("Choose an active person of this congress other than the one leaving."),
                          field="successor_id")
    if work.groups and not successor.has_role(Role.DEPUTY):
        raise InvalidData(N_("%(name)s leads a deputy group: the successor must be a deputy."),
                          field="successor_id", name=user.name)
    for role, place in work.bodies:
        column = BODIES[role][1]
        theirs = getattr(successor, column) if column else None
        if column and theirs is not None and theirs != place:
            raise InvalidData(N_("%(name)s is the last %(role)s of their unit or committee, which has open "
                                 "work: the successor must work there too."), field="successor_id",
                              name=user.name, role=role)


def _hand_over(session, user: User, successor: User, work: OpenWork) -> None:
    for d in work.deadlines:
        d.owner_user_id = successor.id
    for group in work.groups:
        change_group_leader(session, group, successor)
    needed = {role for role, _place in work.bodies}
    for role, place in work.bodies:
        column = BODIES[role][1]
        if column:
            setattr(successor, column, place)
    for role in sorted(needed - successor.roles):
        successor.role_rows.append(UserRole(role=role))


def _elsewhere(session, user: User) -> bool:
    """Whether the person still holds a role in another congress (the account must stay usable)."""
    return session.scalar(select(func.count(UserRole.id)).where(
        UserRole.user_id == user.id, UserRole.congress_id != current_congress_id())
        .execution_options(**{ALL_CONGRESSES: True})) > 0


def deactivate_person(session, actor: User, user: User, *, successor: User | None,
                      at: dt.datetime) -> bool:
    """End `user`'s place here, their open work taken over by `successor`; True when the account
    itself was switched off (they belong to no other congress)."""
    require_admin(actor)
    if user.membership is not None and user.membership.ended_at is not None:
        raise InvalidData(N_("This person is deactivated here."))
    if user.has_role(Role.ADMIN) and admins_left(session, user) == 0:
        raise InvalidData(N_("%(name)s is the last administrator of this congress: make someone else an "
                             "administrator first."), field="successor_id", name=user.name)
    if user.id == actor.id:  # another administrator does it, so one is always left to see the page
        raise InvalidData(N_("You cannot deactivate your own account."), field="successor_id")
    work = open_work(session, user)
    _check_successor(session, user, successor, work)
    if work:
        _hand_over(session, user, successor, work)
    session.execute(update(Reminder).where(Reminder.recipient_id == user.id,
                                           Reminder.status == ReminderStatus.PENDING)
                    .values(status=ReminderStatus.CANCELLED).execution_options(synchronize_session=False))
    roles = sorted(user.roles)
    user.place_here().ended_at = at
    user.role_rows = []
    account_off = not user.is_platform_admin and not _elsewhere(session, user)
    if account_off:
        user.is_active_user = False
    session.flush()
    record(session, action=AuditAction.DEACTIVATE_USER, actor=actor, role=Role.ADMIN, at=at,
           data={"user": user.id, "roles": roles, "successor": successor.id if successor else None,
                 "deadlines": [d.id for d in work.deadlines], "groups": [g.id for g in work.groups],
                 "bodies": [[r, p] for r, p in work.bodies], "account_off": account_off})
    return account_off


def successors(session, user: User) -> list[User]:
    """Who may take over: active people of this congress other than the one leaving."""
    return [u for u in session.scalars(select(User).join(UserRole).where(
        User.id != user.id, User.is_active_user.is_(True)).distinct().order_by(User.name, User.id))]
