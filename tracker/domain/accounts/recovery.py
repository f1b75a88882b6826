"""What a good code opens: activation, code sign-in, password reset; and an administrator's reset link."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.domain.accounts.codes import CodeCheck, check_code, spend
from tracker.domain.accounts.profile import check_new_password, set_password
from tracker.domain.audit import record
from tracker.domain.errors import DomainError, InvalidData
from tracker.models import CodeChannel, CodePurpose, LoginCode, User
from tracker.security import new_token
from tracker.workflow import AuditAction, Role
from tracker.workflow.i18n import N_

RESET_LINK_TTL = timedelta(days=3)  # time for an office to hand a link over and for it to be opened
LINK_GONE = N_("This link has expired or was already used. Ask your office for a new one.")


class LinkGone(DomainError):
    code = "link_gone"
    http_status = 410

    def __init__(self):
        super().__init__(LINK_GONE, field="password")


def activate(session, target: str, code: str, password: str, *, at: datetime, secret: str) -> CodeCheck:
    """An imported account's first password, set with a code sent to its phone or email."""
    check_new_password(password)  # before the code is spent: a refused password keeps it usable
    result = check_code(session, target, code, CodePurpose.ACTIVATE, at=at, secret=secret)
    if result.user is not None:
        set_password(session, result.user, password, at=at)
        record(session, action=AuditAction.ACTIVATE_ACCOUNT, actor=result.user, role=None, at=at)
    return result


def sign_in_with_code(session, target: str, code: str, *, at: datetime, secret: str) -> CodeCheck:
    result = check_code(session, target, code, CodePurpose.SIGN_IN, at=at, secret=secret)
    if result.user is not None:
        record(session, action=AuditAction.SIGN_IN_WITH_CODE, actor=result.user, role=None, at=at)
    return result


def reset_with_code(session, target: str, code: str, password: str, *, at: datetime,
                    secret: str) -> CodeCheck:
    check_new_password(password)
    result = check_code(session, target, code, CodePurpose.RESET, at=at, secret=secret)
    if result.user is not None:
        set_password(session, result.user, password, at=at)
        record(session, action=AuditAction.RESET_PASSWORD, actor=result.user, role=None, at=at,
               data={"channel": "code"})
    return result


def _token_digest(token: str) -> str:
    """Unkeyed SHA-256 is enough here: a 192-bit token cannot be found by trying (the six-digit
    codes need the keyed digest), and issue_reset can then be called without the app's secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(session, user: User, *, by: User, at: datetime) -> str:
    """An administrator's reset for `user`: returns a one-time link token, to show the administrator
    once (it is stored only as a digest); earlier links die, and the next sign-in with the old
    password leads to the password page first (`must_change_password`)."""
    if not user.is_active_user:
        raise InvalidData(N_("This account is disabled; enable it before resetting its password."))
    if user.is_service_account:
        raise InvalidData(N_("A service account has no password: it works with API tokens only."))
    spend(session, user.id, CodePurpose.RESET, at)
    token = new_token()
    session.add(LoginCode(user_id=user.id, purpose=CodePurpose.RESET, channel=CodeChannel.OFFICE,
                          code_digest=_token_digest(token), created_at=at, expires_at=at + RESET_LINK_TTL,
                          attempts=0, issued_by_id=by.id))
    user.must_change_password = True
    role = Role.ADMIN if by.has_role(Role.ADMIN) else None  # a platform administrator holds none
    record(session, action=AuditAction.ISSUE_RESET, actor=by, role=role, at=at, data={"user": user.id})
    return token


def reset_link(session, token: str, at: datetime) -> LoginCode | None:
    """The live administrator's link `token` names, or None."""
    return session.scalar(select(LoginCode).where(
        LoginCode.code_digest == _token_digest(token or ""), LoginCode.channel == CodeChannel.OFFICE,
        LoginCode.used_at.is_(None), LoginCode.expires_at > at))


def redeem_reset(session, token: str, password: str, *, at: datetime) -> User:
    """Set the new password through an administrator's link: once, before it expires."""
    link = reset_link(session, token, at)
    if link is None:
        raise LinkGone()
    check_new_password(password)
    user = session.get(User, link.user_id)
    if not user.is_active_user or user.is_service_account or not spend(session, user.id, CodePurpose.RESET,
                                                                       at, link.id):
        raise LinkGone()
    spend(session, user.id, CodePurpose.RESET, at)
    set_password(session, user, password, at=at)
    record(session, action=AuditAction.RESET_PASSWORD, actor=user, role=None, at=at,
           data={"channel": CodeChannel.OFFICE, "issued_by": link.issued_by_id})
    return user
