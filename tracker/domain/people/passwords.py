"""An administrator's password reset: a one-time password shown once, changed at the next sign-in.

Kept small on purpose, to be unified with the accounts work (login codes, `issue_reset` with a link):
the one-time password is stored only as its argon2 hash, like any password, and `must_change_password`
sends its holder to the password page before anything else.
"""

from __future__ import annotations

import datetime as dt
import secrets

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData
from tracker.models import User
from tracker.security import hash_password, verify_password
from tracker.workflow import AuditAction, Role
from tracker.workflow.i18n import N_

# No 0/O, 1/l/I: the administrator may read it out over the phone.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 10
MIN_PASSWORD = 10


def one_time_password(user: User) -> str:
    """A fresh random password for `user`, to be changed at the next sign-in; returned once."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    user.password_hash = hash_password(code)
    user.must_change_password = True
    return code


def issue_reset(session, user: User, *, by: User, at: dt.datetime) -> str:
    """The administrator's reset of `user`'s password: the old one stops working now."""
    if not by.has_role(Role.ADMIN):
        raise InvalidData(N_("Only an administrator of this congress manages its people."))
    if not user.is_active_user:
        raise InvalidData(N_("This account is disabled; its password cannot be reset."))
    code = one_time_password(user)
    record(session, action=AuditAction.ISSUE_RESET, actor=by, role=Role.ADMIN, at=at, data={"user": user.id})
    return code


def change_password(session, user: User, *, current: str, new: str, repeat: str, at: dt.datetime) -> None:
    """The person's own new password (after a reset: the one-time password is `current`)."""
    if not verify_password(user.password_hash, current):
        raise InvalidData(N_("The current password is wrong."), field="current")
    if len(new) < MIN_PASSWORD:
        raise InvalidData(N_("The password needs at least %(n)s characters."), field="new", n=MIN_PASSWORD)
    if new != repeat:
        raise InvalidData(N_("The two new passwords differ."), field="repeat")
    if new == current:
        raise InvalidData(N_("Choose a password different from the one-time password."), field="new")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    # A person acting on their own account: audited as one of their roles here (the trail needs one).
    role = min(user.roles) if user.roles else Role.DEPUTY
    record(session, action=AuditAction.CHANGE_PASSWORD, actor=user, role=role, at=at, data={})
