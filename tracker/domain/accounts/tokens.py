"""API tokens: made (the secret shown once), listed, revoked, and matched to a request's bearer secret.

A token is `dbt_<prefix>_<secret>`: the prefix (8 hex digits) is shown in lists to tell tokens apart,
the secret is `secrets.token_urlsafe(32)` (256 random bits). The row keeps the SHA-256 of the whole
token only: nothing to guess, so no slow hash is needed, and a copy of the table opens nothing.
A token works in one congress: its row's, the one its person worked in when they made it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.errors import DomainError, InvalidData, NotAllowedNow, RoleNotHeld, required
from tracker.models import ApiToken, ServiceAccount, User, UserRole
from tracker.models.api import SCOPE_SETS
from tracker.tenancy import ALL_CONGRESSES
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

KIND = "dbt"  # "deputy-bill token": the first part of every token, so a leaked one is recognisable
SCOPES = ("read", "act")  # read: GET the API; act: take actions (the engine still judges each one)
# 90 days unless chosen otherwise, a year at most: a token is a password a script keeps in a file,
# so it must end by itself (a forgotten one stops working), yet not so soon that a unit's OA system
# needs a new one every month; a year matches the yearly review of who may reach the data (等保 2.0).
DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often: not a write on every API request.
USED_EVERY = timedelta(minutes=1)
NAME_MAX = 60
TOKEN_MAX = 100  # longer than any token we make: refused before hashing


class ScopeMissing(DomainError):
    code = "scope_missing"
    http_status = 403


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A fresh token and its visible prefix."""
    prefix = secrets.token_hex(4)
    return f"{KIND}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def scopes_of(wanted) -> str:
    """The stored scope set for the scopes asked for (read, act or both)."""
    chosen = [s for s in SCOPES if s in set(wanted or ())]
    if not chosen or len(chosen) != len(set(wanted)):
        raise InvalidData(N_("Choose the token's scopes: read, act or both."), field="scopes")
    stored = " ".join(chosen)
    assert stored in SCOPE_SETS
    return stored


def clean_name(name: str | None, most: int) -> str:
    """A token's or a service account's name: spaces tidied, required, at most `most` characters."""
    name = " ".join((name or "").split())
    if not name:
        raise required("name")
    if len(name) > most:
        raise InvalidData(N_("Too long: %(name)s"), name="name", field="name")
    return name


def _of_this_congress(session, user: User) -> bool:
    return session.scalar(select(UserRole.id).where(UserRole.user_id == user.id).limit(1)) is not None


def create_token(session, owner: User, *, name: str, scopes, days: int = DEFAULT_DAYS, by: User,
                 at: datetime) -> tuple[ApiToken, str]:
    """A new token of `owner` in the congress in scope, made by them (or, for a service account,
    by an administrator: the caller checks that); returns the row and the token, which exists
    nowhere else: show it once."""
    name = clean_name(name, NAME_MAX)
    if not 1 <= int(days) <= MAX_DAYS:
        raise InvalidData(N_("A token lasts from 1 to %(most)s days."), most=MAX_DAYS, field="days")
    stored = scopes_of(scopes)
    if not owner.is_active_user or not _of_this_congress(session, owner):
        raise RoleNotHeld(N_("Only a person of this congress can have a token here."))
    token, prefix = new_secret()
    row = ApiToken(user_id=owner.id, name=name, prefix=prefix, digest=_digest(token), scopes=stored,
                   created_at=at, created_by_id=by.id, expires_at=at + timedelta(days=int(days)))
    session.add(row)
    session.flush()
    record(session, action=AuditAction.CREATE_API_TOKEN, actor=by, role=_role(owner, by), at=at,
           data={"token": row.id, "user": owner.id, "name": name, "prefix": prefix, "scopes": stored,
                 "expires_at": row.expires_at.isoformat()})
    return row, token


def _role(owner: User, by: User) -> Role | None:
    return Role.ADMIN if by.id != owner.id else None


def tokens_of(session, user: User) -> list[ApiToken]:
    """A person's tokens in the congress in scope, newest first, revoked ones included (their
    rows say when)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def is_live(token: ApiToken, at: datetime) -> bool:
    return token.revoked_at is None and at < token.expires_at


def revoke_token(session, owner: User, token_id: int, *, by: User, at: datetime) -> ApiToken:
    """End one of `owner`'s tokens at once; revoking one already ended is refused."""
    row = session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == owner.id))
    if row is None:
        raise NotAllowedNow(N_("No such token."))
    if row.revoked_at is not None:
        raise NotAllowedNow(N_("This token is revoked already."))
    row.revoked_at = at
    record(session, action=AuditAction.REVOKE_API_TOKEN, actor=by, role=_role(owner, by), at=at,
           data={"token": row.id, "user": owner.id, "prefix": row.prefix})
    session.flush()
    return row


def revoke_all(session, owner: User, *, at: datetime) -> int:
    """End every live token of `owner` (a service account being disabled); the caller audits."""
    rows = [t for t in tokens_of(session, owner) if t.revoked_at is None]
    for row in rows:
        row.revoked_at = at
    session.flush()
    return len(rows)


def _shaped(token: str | None) -> bool:
    return bool(token) and len(token) <= TOKEN_MAX and token.startswith(f"{KIND}_")


def _person_may_use(session, row: ApiToken) -> bool:
    """The token's person is active, still holds a role in the token's congress, and, for a
    service account, is not disabled there: read as columns, platform-wide, so nothing of the
    person is loaded before the request's congress (the token's) is in scope."""
    person = session.execute(select(User.is_active_user, User.is_service_account)
                             .where(User.id == row.user_id)).one_or_none()
    if person is None or not person.is_active_user:
        return False
    everywhere = {ALL_CONGRESSES: True}
    member = session.scalar(select(UserRole.id).where(UserRole.user_id == row.user_id,
                                                      UserRole.congress_id == row.congress_id)
                            .limit(1).execution_options(**everywhere))
    if member is None:
        return False
    if person.is_service_account:
        account = session.execute(select(ServiceAccount.disabled_at).where(
            ServiceAccount.user_id == row.user_id, ServiceAccount.congress_id == row.congress_id)
            .execution_options(**everywhere)).one_or_none()
        return account is not None and account.disabled_at is None
    return True


def authenticate(session, token: str | None, *, at: datetime) -> ApiToken | None:
    """The live token a request's bearer secret names, or None: unknown, revoked, expired, its
    person disabled or no longer of the token's congress, or a disabled service account.

    Platform-wide, before any congress is chosen: the caller then works in `token.congress_id`
    and loads the person (`token.user_id`) there. Notes when it was used, at most once a minute
    (a flush; the caller commits)."""
    if not _shaped(token):
        return None
    digest = _digest(token)
    row = session.scalar(select(ApiToken).where(ApiToken.digest == digest)
                         .execution_options(**{ALL_CONGRESSES: True}))
    # The index finds the row; the comparison of the whole digest takes the same time wherever
    # two digests differ.
    if row is None or not hmac.compare_digest(row.digest, digest) or not is_live(row, at):
        return None
    if not _person_may_use(session, row):
        return None
    if row.last_used_at is None or at - row.last_used_at >= USED_EVERY:
        row.last_used_at = at
        session.flush()
    return row


def require_scope(token: ApiToken, scope: str) -> None:
    """Refuse (403) what the token's scopes do not cover: "read" for reading, "act" for acting."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    if scope not in token.scope_set:
        raise ScopeMissing(N_("This token may not %(scope)s; make one with that scope."), scope=scope)
