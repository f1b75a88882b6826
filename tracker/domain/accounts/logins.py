"""Logins: open one per sign-in, find the one a cookie names, note when it was last seen, end it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.errors import NotAllowedNow
from tracker.models import Login, LoginEnd, User
from tracker.workflow import AuditAction
from tracker.workflow.i18n import N_

MAX_REMEMBER = timedelta(days=30)
AGENT_CHARS = 200


@dataclass(frozen=True)
class Limits:
    """How long a login lasts: idle (not for "keep me signed in"), absolute, remembered; and how
    often its "last seen" is written (a list page must not write a row on every request)."""

    idle: timedelta = timedelta(hours=2)
    absolute: timedelta = timedelta(hours=12)
    remember: timedelta = MAX_REMEMBER
    seen_every: timedelta = timedelta(minutes=1)

    @classmethod
    def of(cls, config) -> Limits:
        return cls(idle=timedelta(minutes=config["LOGIN_IDLE_MINUTES"]),
                   absolute=timedelta(hours=config["LOGIN_ABSOLUTE_HOURS"]),
                   remember=min(timedelta(days=config["LOGIN_REMEMBER_DAYS"]), MAX_REMEMBER),
                   seen_every=timedelta(seconds=config["LOGIN_SEEN_SECONDS"]))


def _digest(secret: str) -> str:
    # SHA-256 and no key: the secret is 256 random bits, nothing to guess, only to not keep in clear.
    return hashlib.sha256(secret.encode()).hexdigest()


def open_login(session, user: User, *, at: datetime, remember: bool, address: str, agent: str,
               limits: Limits) -> tuple[Login, str]:
    """A new login for `user`; returns it and the token the cookies carry ("<id>.<secret>"),
    which exists nowhere else: the row keeps the secret's digest. Every page sign-in comes here, so
    a service account (API tokens only) is refused here whichever way it got this far."""
    if user.is_service_account:
        raise NotAllowedNow(N_("A service account cannot sign in on the pages; it works with API tokens."))
    secret = secrets.token_urlsafe(32)
    login = Login(user_id=user.id, secret_digest=_digest(secret), created_at=at, last_seen_at=at,
                  expires_at=at + (limits.remember if remember else limits.absolute), remember=remember,
                  address=(address or "")[:45], user_agent=(agent or "")[:AGENT_CHARS])
    session.add(login)
    session.flush()
    return login, f"{login.id}.{secret}"


def is_live(login: Login, at: datetime, limits: Limits) -> bool:
    if login.ended_at is not None or at >= login.expires_at:
        return False
    return login.remember or at < login.last_seen_at + limits.idle


def _parsed(token: str | None) -> tuple[int, str] | None:
    login_id, _, secret = (token or "").partition(".")
    if not login_id.isdigit() or len(login_id) > 18 or not secret:
        return None
    return int(login_id), secret


def _opens(login: Login | None, secret: str, at: datetime, limits: Limits) -> bool:
    return (login is not None and hmac.compare_digest(login.secret_digest, _digest(secret))
            and is_live(login, at, limits))


def find_login(session, token: str | None, *, at: datetime, limits: Limits) -> Login | None:
    """The live login a cookie's token names, else None (unknown, wrong secret, ended, timed out)."""
    parsed = _parsed(token)
    if parsed is None:
        return None
    login = session.get(Login, parsed[0])
    return login if _opens(login, parsed[1], at, limits) else None


def find_login_with_person(session, token: str | None, *, at: datetime, limits: Limits, options=(),
                           columns=()) -> tuple[Login | None, User | None, tuple]:
    """find_login, with its person (loaded with `options`) and `columns` (values every page needs)
    read in the same statement: one round trip instead of three on every signed-in page. The
    person and the values come back only with a live login."""
    parsed = _parsed(token)
    if parsed is None:
        return None, None, ()
    row = session.execute(select(Login, User, *columns).join(User, User.id == Login.user_id)
                          .where(Login.id == parsed[0]).options(*options)).unique().first()
    if row is None or not _opens(row[0], parsed[1], at, limits):
        return None, None, ()
    return row[0], row[1], tuple(row[2:])


def seen_due(login: Login, at: datetime, limits: Limits) -> bool:
    """Whether "last seen" is old enough to be written again (once per `limits.seen_every`)."""
    return at - login.last_seen_at >= limits.seen_every


def note_seen(login: Login, at: datetime, limits: Limits) -> bool:
    """Move "last seen" on, at most once per `limits.seen_every`; True when the row changed."""
    if not seen_due(login, at, limits):
        return False
    login.last_seen_at = at
    return True


def live_logins(session, user_id: int, *, at: datetime, limits: Limits) -> list[Login]:
    """A person's logins that still open pages, last seen first."""
    rows = session.scalars(select(Login).where(Login.user_id == user_id, Login.ended_at.is_(None),
                                               Login.expires_at > at)
                           .order_by(Login.last_seen_at.desc(), Login.id.desc()))
    return [row for row in rows if is_live(row, at, limits)]


def end_login(session, login: Login, *, at: datetime, reason: LoginEnd) -> None:
    if login.ended_at is None:
        login.ended_at, login.end_reason = at, reason
        session.flush()


def end_logins(session, user_id: int, *, at: datetime, reason: LoginEnd, keep: Login | None = None) -> int:
    """End every open login of a person (but `keep`); returns how many were open. Rows, not one
    UPDATE: a person has a handful, and a login this session holds (the request's) must see it."""
    stmt = select(Login).where(Login.user_id == user_id, Login.ended_at.is_(None))
    if keep is not None:
        stmt = stmt.where(Login.id != keep.id)
    rows = session.scalars(stmt).all()
    for login in rows:
        login.ended_at, login.end_reason = at, reason
    session.flush()
    return len(rows)


def end_some(session, user_id: int, login_id: int | None, *, at: datetime, reason: LoginEnd,
             keep: Login | None = None) -> int:
    """One open login of a person (`login_id`), or all of them but `keep`; returns how many ended."""
    if login_id is None:
        return end_logins(session, user_id, at=at, reason=reason, keep=keep)
    end_login(session, open_login_of(session, user_id, login_id), at=at, reason=reason)
    return 1


def end_own_login(session, user: User, login_id: int | None, *, current: Login | None, at: datetime) -> int:
    """From the profile page: one of one's logins (`login_id`), or all but `current` (None: all)."""
    count = end_some(session, user.id, login_id, at=at, reason=LoginEnd.BY_SELF, keep=current)
    record(session, action=AuditAction.END_LOGINS, actor=user, role=None, at=at,
           data={"user": user.id, "login": login_id, "count": count})
    return count


def open_login_of(session, user_id: int, login_id: int) -> Login:
    login = session.scalar(select(Login).where(Login.id == login_id, Login.user_id == user_id,
                                               Login.ended_at.is_(None)))
    if login is None:  # another person's, or already ended: nothing to end here
        raise NotAllowedNow(N_("This sign-in has already ended."))
    return login
