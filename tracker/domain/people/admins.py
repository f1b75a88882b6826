"""Who manages a congress's people: its administrators, the last of whom is always kept."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.domain.errors import RoleNotHeld
from tracker.models import User, UserRole
from tracker.workflow import Role
from tracker.workflow.i18n import N_


def require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise RoleNotHeld(N_("Only an administrator of this congress manages its people."))


def admins_left(session, without: User) -> int:
    """Active administrators of this congress other than `without`."""
    return session.scalar(select(func.count(UserRole.id)).join(User, User.id == UserRole.user_id).where(
        UserRole.role == Role.ADMIN, UserRole.user_id != without.id, User.is_active_user.is_(True)))
