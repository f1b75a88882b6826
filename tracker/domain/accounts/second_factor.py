"""The optional second factor: an authenticator app's 6-digit code (RFC 6238 TOTP, pyotp) after the
password, set up and removed by its owner with a code, reset by an administrator, required by a
congress for its office staff, supervisors and administrators."""

from __future__ import annotations

from datetime import datetime

import pyotp
from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, NotAllowedNow
from tracker.models import Congress, User, UserRole
from tracker.security import TOTP_SECRET, seal, unseal
from tracker.tenancy import ALL_CONGRESSES
from tracker.workflow import AuditAction, Role
from tracker.workflow.i18n import N_

ISSUER = "代表建议系统"  # the name the authenticator app lists the account under
GUARDED_ROLES = (Role.OFFICE_STAFF, Role.SUPERVISOR, Role.ADMIN)
WRONG = N_("The code is wrong or was already used. Type the code your app shows now.")
DRIFT = 1  # time steps either side of now (30 s each): a phone's clock a little off still works


# The secrets are sealed under the app's secret (tracker.security.seal): changing it means everyone
# sets their app up again (an administrator resets them).


def is_enrolled(user: User) -> bool:
    return user.totp_confirmed_at is not None


def is_required(session, user: User) -> bool:
    """Whether a congress where this person is office staff, a supervisor or an administrator
    requires the second step (checked at sign-in, before any congress is chosen)."""
    stmt = (select(UserRole.id).join(Congress, Congress.id == UserRole.congress_id)
            .where(UserRole.user_id == user.id, UserRole.role.in_(GUARDED_ROLES),
                   Congress.second_factor_required.is_(True))
            .limit(1).execution_options(**{ALL_CONGRESSES: True}))
    return session.scalar(stmt) is not None


def pending_secret(user: User, *, key: str) -> str | None:
    """The secret of an enrolment under way (to show as a QR code and in groups); None once it is
    confirmed: from then on it is never shown again."""
    if is_enrolled(user) or not user.totp_secret:
        return None
    return unseal(key, user.totp_secret, TOTP_SECRET)  # None: made under another app secret


def start_enrolment(user: User, *, key: str) -> str:
    """A new secret for this person's app, kept until a code from it confirms it."""
    if is_enrolled(user):
        raise NotAllowedNow(N_("An authenticator app is already set up; remove it first."))
    found = pending_secret(user, key=key)
    if found is not None:
        return found  # the page drawn again shows the same QR code
    secret = pyotp.random_base32()
    user.totp_secret = seal(key, secret, TOTP_SECRET)
    user.totp_last_step = None
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def _accept(user: User, secret: str, code: str, at: datetime) -> bool:
    """The code of a time step near `at` and later than the last one used: a code seen once (typed
    on a phishing page, read over a shoulder) cannot be used again within its window."""
    totp, code = pyotp.TOTP(secret), (code or "").strip().replace(" ", "")
    now_step = totp.timecode(at)
    for step in range(now_step - DRIFT, now_step + DRIFT + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if pyotp.utils.strings_equal(code, totp.generate_otp(step)):
            user.totp_last_step = step
            return True
    return False


def _secret(user: User, key: str) -> str:
    secret = unseal(key, user.totp_secret or "", TOTP_SECRET)
    if secret is None:
        raise InvalidData(WRONG, field="code")
    return secret


def enrol_if_code(session, user: User, code: str, *, key: str, at: datetime) -> bool:
    """Confirm the enrolment under way with a code from the app: True once confirmed (audited),
    False for a wrong code (the sign-in's second step counts and logs it as a failure)."""
    secret = pending_secret(user, key=key)
    if secret is None:
        raise NotAllowedNow(N_("Start setting up the authenticator app again."))
    if not _accept(user, secret, code, at):
        return False
    user.totp_confirmed_at = at
    record(session, action=AuditAction.ENROL_SECOND_FACTOR, actor=user, role=None, at=at)
    return True


def confirm_enrolment(session, user: User, code: str, *, key: str, at: datetime) -> None:
    """The profile's confirmation: a wrong code is the form's error."""
    if not enrol_if_code(session, user, code, key=key, at=at):
        raise InvalidData(WRONG, field="code")


def check_code(user: User, code: str, *, key: str, at: datetime) -> bool:
    """The second step of a sign-in: True and the step spent, or False (the caller logs and counts it)."""
    return is_enrolled(user) and _accept(user, _secret(user, key), code, at)


def _clear(user: User) -> None:
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = None, None, None


def remove(session, user: User, code: str, *, key: str, at: datetime) -> None:
    """The owner's removal, with a code from the app (a borrowed session alone cannot remove it)."""
    if not is_enrolled(user):
        raise NotAllowedNow(N_("No authenticator app is set up."))
    if not _accept(user, _secret(user, key), code, at):
        raise InvalidData(WRONG, field="code")
    _clear(user)
    record(session, action=AuditAction.REMOVE_SECOND_FACTOR, actor=user, role=None, at=at)


def reset_by_admin(session, user: User, *, by: User, at: datetime) -> None:
    """An administrator's reset for someone who lost their phone: they set the app up again at their
    next sign-in where it is required, or from their profile."""
    if not is_enrolled(user) and not user.totp_secret:
        raise NotAllowedNow(N_("This person has no authenticator app set up."))
    _clear(user)
    role = Role.ADMIN if by.has_role(Role.ADMIN) else None  # a platform administrator holds none
    record(session, action=AuditAction.RESET_SECOND_FACTOR, actor=by, role=role, at=at,
           data={"user": user.id})


def require_for_congress(session, congress: Congress, required: bool, *, by: User, at: datetime) -> bool:
    """Its administrator's setting; returns whether anything changed (audited when it did)."""
    if congress.second_factor_required == required:
        return False
    congress.second_factor_required = required
    record(session, action=AuditAction.REQUIRE_SECOND_FACTOR, actor=by, role=Role.ADMIN, at=at,
           data={"required": required, "roles": [r.value for r in GUARDED_ROLES]})
    return True
