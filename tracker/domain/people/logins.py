"""An administrator ends a person's logins (tracker.domain.accounts.logins), audited in this congress."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.accounts.logins import end_some
from tracker.domain.audit import record
from tracker.domain.people.admins import require_admin
from tracker.models import LoginEnd, User
from tracker.workflow import AuditAction, Role


def end_person_logins(session, admin: User, user: User, login_id: int | None, *, at: datetime) -> int:
    """One login of `user` (someone of this congress, found so by the caller), or all of them."""
    require_admin(admin)
    count = end_some(session, user.id, login_id, at=at, reason=LoginEnd.BY_ADMIN)
    record(session, action=AuditAction.END_LOGINS, actor=admin, role=Role.ADMIN, at=at,
           data={"user": user.id, "login": login_id, "count": count})
    return count
