"""What an administrator may read of the sign-in log: the platform's, all; a congress's, its people's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from tracker.domain.people.users import here
from tracker.models import SignInAttempt, SignInOutcome, User
from tracker.workflow import Role

PAGE_SIZE = 50


@dataclass(frozen=True)
class AttemptFilter:
    outcome: SignInOutcome | None = None
    who: str = ""  # part of the username typed, or of the person's name
    page: int = 1


def may_read(viewer: User) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.ADMIN)


def attempts_page(session, viewer: User, f: AttemptFilter) -> tuple[list[tuple[SignInAttempt, User | None]],
                                                                     bool]:
    """One page of attempts, newest first, with the account each named, and whether more follow.
    A congress's administrator sees the attempts on accounts of their congress's people (`here()`
    is scoped by the tenant criterion); names nobody has, and other congresses' people, are the
    platform administrator's to see."""
    stmt = select(SignInAttempt, User).outerjoin(User, User.id == SignInAttempt.user_id)
    if not viewer.is_platform_admin:
        stmt = stmt.where(here())  # on the joined account: none (a stranger's name) is nobody here
    if f.outcome is not None:
        stmt = stmt.where(SignInAttempt.outcome == f.outcome)
    if f.who.strip():
        text = f"%{f.who.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(SignInAttempt.username).like(text), func.lower(User.name).like(text),
                              func.lower(User.username).like(text)))
    offset = (max(f.page, 1) - 1) * PAGE_SIZE
    rows = [tuple(r) for r in session.execute(stmt.order_by(SignInAttempt.at.desc(), SignInAttempt.id.desc())
                                              .offset(offset).limit(PAGE_SIZE + 1))]
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
