"""A person's own profile: contact details, language, notification choices, password; each change audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from tracker.domain.accounts.codes import Outgoing
from tracker.domain.accounts.contact import checked_email, checked_phone
from tracker.domain.accounts.logins import end_logins
from tracker.domain.accounts.phone_change import notice, request_phone_change
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData
from tracker.models import Login, LoginEnd, ReminderPreference, User
from tracker.security import hash_password, verify_password
from tracker.workflow import AuditAction
from tracker.workflow.i18n import N_

PASSWORD_MIN = 8
LOCALES = ("zh", "en")


@dataclass(frozen=True)
class Profile:
    """What the profile page shows and sends."""

    phone: str
    email: str
    locale: str
    notify_digest: bool
    by_email: bool
    by_sms: bool
    large_text: bool = False  # 大字号: pages drawn with a 20 px base font


def has_password(user: User) -> bool:
    return bool(user.password_hash)


def profile_of(session, user: User) -> Profile:
    pref = session.get(ReminderPreference, user.id)  # no row: both channels, as the planner reads it
    return Profile(user.phone or "", user.email or "", user.locale or "zh", bool(user.notify_digest),
                   pref.by_email if pref else True, pref.by_sms if pref else True, bool(user.large_text))


@dataclass(frozen=True)
class Saved:
    """What a save did: the changes stored, the messages to send after the commit (a code to a new
    number, a notice to a number removed), and the new number waiting for its code ("" for none)."""

    changed: dict
    sent: tuple[Outgoing, ...] = ()
    pending: str = ""


def update_profile(session, user: User, wanted: Profile, *, at: datetime, secret: str) -> Saved:
    """Store the profile, audited when anything changed; a new mobile number is not stored but sent a
    code (tracker.domain.accounts.phone_change), a number removed is told so."""
    if wanted.locale not in LOCALES:
        raise InvalidData(N_("Choose a language."), field="locale")
    phone, current = checked_phone(session, user, wanted.phone), user.phone or ""
    kept = current if phone and phone != current else phone  # a new number waits for its code
    cleaned = Profile(kept, checked_email(session, user, wanted.email), wanted.locale, wanted.notify_digest,
                      wanted.by_email, wanted.by_sms, wanted.large_text)
    before = asdict(profile_of(session, user))
    changed = {k: [before[k], v] for k, v in asdict(cleaned).items() if before[k] != v}
    if changed:
        _store(session, user, cleaned)
        record(session, action=AuditAction.EDIT_PROFILE, actor=user, role=None, at=at, data=changed)
    if phone != kept:
        return Saved(changed, (request_phone_change(session, user, phone, at=at, secret=secret),), phone)
    told = notice(user, current, "", at=at) if "phone" in changed else None
    return Saved(changed, (told,) if told else ())


def _store(session, user: User, cleaned: Profile) -> None:
    user.phone, user.email, user.locale = cleaned.phone, cleaned.email, cleaned.locale
    user.notify_digest, user.large_text = cleaned.notify_digest, cleaned.large_text
    pref = session.get(ReminderPreference, user.id)
    if pref is None:
        pref = ReminderPreference(user_id=user.id)
        session.add(pref)
    pref.by_email, pref.by_sms = cleaned.by_email, cleaned.by_sms


def set_large_text(session, user: User, on: bool, *, at: datetime) -> bool:
    """The header's 大字号 switch: the same choice as on the profile page; audited when it changes."""
    if bool(user.large_text) == on:
        return False
    record(session, action=AuditAction.EDIT_PROFILE, actor=user, role=None, at=at,
           data={"large_text": [bool(user.large_text), on]})
    user.large_text = on
    return True


def check_new_password(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise InvalidData(N_("Use at least %(count)s characters."), count=PASSWORD_MIN, field="password")
    if password.isdigit():
        raise InvalidData(N_("Use letters as well as digits."), field="password")


def set_password(session, user: User, password: str, *, at: datetime, keep: Login | None = None) -> None:
    """The one writer of a new password: checked, hashed, and any forced change satisfied; every
    login but `keep` (the device it was changed on) ends, so whoever knew the old one is signed out."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    end_logins(session, user.id, at=at, reason=LoginEnd.PASSWORD, keep=keep)


def change_password(session, user: User, *, current: str, new: str, at: datetime,
                    keep: Login | None = None) -> None:
    """A signed-in person's change: the current password first (none asked where none is set)."""
    if has_password(user) and not verify_password(user.password_hash, current):
        raise InvalidData(N_("The current password is wrong."), field="current")
    if has_password(user) and current == new:
        raise InvalidData(N_("Choose a password different from the current one."), field="password")
    set_password(session, user, new, at=at, keep=keep)
    record(session, action=AuditAction.CHANGE_PASSWORD, actor=user, role=None, at=at)
