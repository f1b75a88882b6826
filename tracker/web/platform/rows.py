"""What the platform pages list: each congress's administrators, read across congresses."""

from __future__ import annotations

from sqlalchemy import select

from tracker.models import User, UserRole
from tracker.tenancy import ALL_CONGRESSES
from tracker.workflow import Role


def administrators_of(session, congress_id: int) -> list[User]:
    stmt = (select(User.id, User.username, User.name).join(UserRole)
            .where(UserRole.congress_id == congress_id, UserRole.role == Role.ADMIN)
            .order_by(User.username).execution_options(**{ALL_CONGRESSES: True}))
    return list(session.execute(stmt))
