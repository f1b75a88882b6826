"""A person's own new mobile number, proven by a one-time code sent to it: until the code comes back
the old number stays in force (sign-in codes and reminders go there); the old number is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain.accounts import codes
from tracker.domain.accounts.codes import Outgoing, language_of
from tracker.domain.accounts.contact import checked_phone
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData
from tracker.models import CodeChannel, CodePurpose, LoginCode, User
from tracker.translations import Message
from tracker.workflow import AuditAction
from tracker.workflow.i18n import N_

CHANGED = N_("The mobile number of your suggestion tracker account was changed to %(phone)s. If you did "
             "not do this, tell your office at once.")
REMOVED = N_("The mobile number of your suggestion tracker account was removed. If you did not do this, "
             "tell your office at once.")
SUBJECT = N_("[Suggestion tracker] Your mobile number was changed")


def masked(phone: str) -> str:
    """A number as pages and messages show it: 138****1234."""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone or "") == 11 else (phone or "")


def pending_phone(session, user: User, *, at: datetime) -> str:
    """The new number waiting for its code ("" for none): the latest live code's."""
    row = session.scalars(codes.live_codes(user.id, CodePurpose.CHANGE_PHONE, at)
                          .order_by(LoginCode.id.desc()).limit(1)).first()
    return (row.sent_to or "") if row is not None else ""


def request_phone_change(session, user: User, phone: str, *, at: datetime, secret: str) -> Outgoing:
    """Send a code to `phone` (already checked and normalised); a change asked for before ends here."""
    codes.spend(session, user.id, CodePurpose.CHANGE_PHONE, at)
    record(session, action=AuditAction.REQUEST_PHONE_CHANGE, actor=user, role=None, at=at,
           data={"phone": [user.phone or "", phone]})
    return codes.issue_code(session, user, CodePurpose.CHANGE_PHONE, CodeChannel.SMS, at=at, secret=secret,
                            to=phone)


@dataclass(frozen=True)
class PhoneCheck:
    """A typed code's outcome: the number now in force, or the refusal to answer with after the commit
    (that keeps the wrong try counted); `notice` is the message to the number replaced."""

    phone: str = ""
    refusal: InvalidData | None = None
    notice: Outgoing | None = None


def confirm_phone_change(session, user: User, code: str, *, at: datetime, secret: str) -> PhoneCheck:
    """The code sent to the pending number: right, once and in time, and the number is the person's."""
    result = codes.check_user_code(session, user, code, CodePurpose.CHANGE_PHONE, at=at, secret=secret)
    if result.user is None:
        record(session, action=AuditAction.REFUSE_PHONE_CODE, actor=user, role=None, at=at)
        return PhoneCheck(refusal=result.refusal)
    new = checked_phone(session, user, result.sent_to)  # taken by someone else meanwhile: refused
    old = user.phone or ""
    user.phone = new
    record(session, action=AuditAction.CHANGE_PHONE, actor=user, role=None, at=at,
           data={"phone": [old, new], "notice_to": old})
    return PhoneCheck(new, notice=notice(user, old, new, at=at))


def notice(user: User, old: str, new: str, *, at: datetime) -> Outgoing | None:
    """The SMS to the number replaced or removed (None when there was none): whoever holds it learns."""
    if not old:
        return None
    lang = language_of(user)
    text = (Message(CHANGED, phone=masked(new)) if new else Message(REMOVED)).render(lang)
    return Outgoing(CodeChannel.SMS, old, user.name, Message(SUBJECT).render(lang), text,
                    f"phone-changed-{user.id}-{int(at.timestamp())}", lang)
