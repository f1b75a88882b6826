"""Deactivating a person in this congress, and the successor who takes over their open work here.

A person may belong to several congresses and the account is global, so deactivating "here" ends
their place here (their roles here removed, the membership marked ended) and stops their reminders
here; only when no other congress holds them is the account itself switched off (no more sign-ins).
Their history (authorship, audit trail, replies, signatures) stays theirs: nothing is rewritten.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from tracker.domain.accounts.logins import end_logins
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData
from tracker.domain.people.admins import admins_left, require_admin
from tracker.domain.people.handover import check_successor, hand_over, open_work
from tracker.models import LoginEnd, Reminder, User, UserRole
from tracker.models.reminder import ReminderStatus
from tracker.models.tenancy import ALL_CONGRESSES, current_congress_id
from tracker.workflow import AuditAction, Role
from tracker.workflow.i18n import N_


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
    check_successor(session, user, successor, work)
    hand_over(session, successor, work)
    session.execute(update(Reminder).where(Reminder.recipient_id == user.id,
                                           Reminder.status == ReminderStatus.PENDING)
                    .values(status=ReminderStatus.CANCELLED).execution_options(synchronize_session=False))
    roles = sorted(user.roles)
    user.place_here().ended_at = at
    user.role_rows = []
    account_off = not user.is_platform_admin and not _elsewhere(session, user)
    if account_off:
        user.is_active_user = False
        end_logins(session, user.id, at=at, reason=LoginEnd.DEACTIVATED)  # signed out everywhere, now
    session.flush()
    record(session, action=AuditAction.DEACTIVATE_USER, actor=actor, role=Role.ADMIN, at=at,
           data={"user": user.id, "roles": roles, "successor": successor.id if successor else None,
                 **work.summary(), "account_off": account_off})
    return account_off

