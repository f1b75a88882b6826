"""Founding a congress on the platform and appointing its administrators; the first install too."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.models import Congress, User, UserRole
from tracker.security import hash_password
from tracker.tenancy import ALL_CONGRESSES, enter, leave
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

CODE = re.compile(r"^[a-z][a-z0-9-]{1,39}$")  # in URLs: /public/<code>
# The words of the public links of before congresses (/public/items/…, /public/reports): a congress
# of that code could not be told from them.
TAKEN = frozenset({"items", "reports"})
LEVELS = ("province", "city", "county")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Charter:
    """What names a congress: its code in URLs, full and short names, place, office, level."""

    code: str
    name: str
    short_name: str
    place: str
    office_name: str = ""
    name_en: str = ""
    short_name_en: str = ""
    place_en: str = ""
    level: str = "county"
    parent_id: int | None = None


def _check(session, charter: Charter, *, keep: Congress | None = None) -> None:
    for field in ("code", "name", "short_name", "place"):
        if not getattr(charter, field).strip():
            raise InvalidData(N_("This field is required."), field=field)
    if not CODE.match(charter.code) or charter.code in TAKEN:
        raise InvalidData(N_("The code is 2 to 40 lower-case letters, digits or hyphens, starting "
                             "with a letter (it appears in public links)."), field="code")
    if charter.level not in LEVELS:
        raise InvalidData(N_("Unknown level."), field="level")
    clash = session.scalar(select(Congress.id).where(Congress.code == charter.code))
    if clash is not None and (keep is None or clash != keep.id):
        raise InvalidData(N_("Another congress already uses the code %(code)s."), field="code",
                          code=charter.code)


def found_congress(session, charter: Charter, *, actor: User | None, at: dt.datetime) -> Congress:
    """A new congress with no data; audited in its own trail (the platform's act founding it)."""
    if actor is not None and not actor.is_platform_admin:
        raise RoleNotHeld(N_("Only the platform administrator founds congresses."))
    _check(session, charter)
    congress = Congress(**charter.__dict__, created_at=at)
    session.add(congress)
    session.flush()
    if actor is not None:
        _in(congress, lambda: record(session, action=AuditAction.FOUND_CONGRESS, actor=actor,
                                     role=Role.ADMIN, at=at,
                                     data={"platform": True, **charter.__dict__}))
    return congress


def edit_congress(session, congress: Congress, charter: Charter, *, actor: User,
                  at: dt.datetime) -> None:
    if not actor.is_platform_admin and not actor.has_role(Role.ADMIN):
        raise RoleNotHeld(N_("Only an administrator edits the congress's names."))
    _check(session, charter, keep=congress)
    before = {k: getattr(congress, k) for k in charter.__dict__}
    for key, value in charter.__dict__.items():
        setattr(congress, key, value)
    record(session, action=AuditAction.EDIT_CONGRESS, actor=actor, role=Role.ADMIN, at=at,
           data={"before": before, "after": charter.__dict__})


def appoint_administrator(session, congress: Congress, *, username: str, name: str, password: str,
                          actor: User | None, at: dt.datetime, email: str = "",
                          phone: str = "") -> User:
    """A congress's administrator: a new account, or an existing person given the role there."""
    username, name = username.strip(), name.strip()
    if not username:
        raise InvalidData(N_("Give the administrator's username."), field="username")
    user = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        if not name:
            raise InvalidData(N_("A new account needs the person's name."), field="admin_name")
        if len(password) < MIN_PASSWORD:
            raise InvalidData(N_("The password needs at least %(n)s characters."), field="password",
                              n=MIN_PASSWORD)
        user = User(username=username, name=name, password_hash=hash_password(password),
                    email=email, phone=phone)
        session.add(user)
        session.flush()
    held = session.scalar(select(UserRole.id).where(
        UserRole.user_id == user.id, UserRole.congress_id == congress.id,
        UserRole.role == Role.ADMIN).execution_options(**{ALL_CONGRESSES: True}))
    if held is None:
        session.add(UserRole(user_id=user.id, role=Role.ADMIN, congress_id=congress.id))
        session.flush()
    if actor is not None:
        _in(congress, lambda: record(session, action=AuditAction.APPOINT_ADMINISTRATOR,
                                     actor=actor, role=Role.ADMIN, at=at,
                                     data={"platform": actor.is_platform_admin, "user": user.id,
                                           "username": user.username}))
    return user


def found_with_administrator(session, charter: Charter, *, username: str, name: str, password: str,
                             actor: User, at: dt.datetime) -> Congress:
    """The platform page's one act: a congress and its first administrator, or neither."""
    congress = found_congress(session, charter, actor=actor, at=at)
    appoint_administrator(session, congress, username=username, name=name, password=password,
                          actor=actor, at=at)
    return congress


def has_platform_admin(session) -> bool:
    return session.scalar(select(func.count(User.id)).where(User.is_platform_admin.is_(True))) > 0


def install_platform(session, charter: Charter, *, username: str, name: str, password: str,
                     at: dt.datetime, email: str = "") -> tuple[Congress, User]:
    """The first run of a fresh install: the platform administrator, who is also the first
    congress's administrator, and that congress; refused once a platform administrator exists."""
    if has_platform_admin(session):
        raise InvalidData(N_("This platform is already set up."))
    congress = found_congress(session, charter, actor=None, at=at)
    user = appoint_administrator(session, congress, username=username, name=name,
                                 password=password, actor=None, at=at, email=email)
    user.is_platform_admin = True
    session.flush()
    _in(congress, lambda: record(session, action=AuditAction.FOUND_CONGRESS, actor=user,
                                 role=Role.ADMIN, at=at, data={"platform": True, "setup": True,
                                                               **charter.__dict__}))
    return congress, user


def _in(congress: Congress, write) -> None:
    """Write within the congress concerned: its administrators see who founded it, and when."""
    token = enter(congress.id)
    try:
        write()
    finally:
        leave(token)
