"""One-time codes: issued to the one account a phone or email names, single use, short-lived, few tries.

A request for a number or address that is nobody's gets the same answer as one that is somebody's:
the caller learns nothing (`request_code` returns None and the page says the same thing). The code
goes out after the commit (`Outgoing`, rendered here, sent by tracker.domain.accounts.delivery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from tracker.domain.accounts.contact import channel_of, find_account
from tracker.domain.audit import record
from tracker.domain.errors import InvalidData
from tracker.models import CodeChannel, CodePurpose, LoginCode, User
from tracker.security import code_digest, new_code, same_digest
from tracker.translations import Message
from tracker.workflow import AuditAction
from tracker.workflow.i18n import N_

CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 5  # wrong tries per code; with the request throttle, a few dozen guesses a day of a million
WHAT_FOR = {CodePurpose.ACTIVATE: N_("to activate your account"),
            CodePurpose.SIGN_IN: N_("to sign in"),
            CodePurpose.RESET: N_("to reset your password"),
            CodePurpose.CHANGE_PHONE: N_("to confirm your new mobile number")}
TEXT = N_("Your code %(what)s is %(code)s. It is valid for %(minutes)s minutes; do not tell it to anyone.")
SUBJECT = N_("[Suggestion tracker] Your one-time code")
WRONG = N_("The code is wrong or has expired. Check it, or ask for a new one.")


@dataclass(frozen=True)
class Outgoing:
    """A code's message, rendered in the person's language, ready for its channel."""

    channel: CodeChannel
    to: str
    name: str
    subject: str
    text: str
    message_id: str
    lang: str


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a typed code: the person, or the refusal to answer with after the commit that
    keeps the wrong try counted (a raised error would roll the count back)."""

    user: User | None
    refusal: InvalidData | None = None
    sent_to: str = ""  # the new number a CHANGE_PHONE code proved


def eligible(user: User, purpose: CodePurpose) -> bool:
    if not user.is_active_user or user.is_service_account:  # a system signs in with no code
        return False
    return not user.password_hash if purpose is CodePurpose.ACTIVATE else True


def request_code(session, target: str, purpose: CodePurpose, *, at: datetime, secret: str) -> Outgoing | None:
    """Issue a code to the account `target` names, if it is one that may have it; None otherwise."""
    user = find_account(session, target)
    channel = channel_of(target)
    if user is None or channel is None or not eligible(user, purpose):
        return None
    return issue_code(session, user, purpose, channel, at=at, secret=secret)


def issue_code(session, user: User, purpose: CodePurpose, channel: CodeChannel, *, at: datetime, secret: str,
               to: str | None = None) -> Outgoing:
    """A new code for `user`, to their own number or address on `channel`, or to `to`: a new number
    of theirs that the code is to prove (kept on the row, so only that number is taken with it)."""
    code = new_code()
    row = LoginCode(user_id=user.id, purpose=purpose, channel=channel, code_digest=code_digest(secret, code),
                    created_at=at, expires_at=at + CODE_TTL, attempts=0, sent_to=to)
    session.add(row)
    session.flush()
    record(session, action=AuditAction.SEND_LOGIN_CODE, actor=user, role=None, at=at,
           data={"purpose": purpose, "channel": channel, "code": row.id})
    lang = language_of(user)
    text = Message(TEXT, what=Message(WHAT_FOR[purpose]), code=code,
                   minutes=int(CODE_TTL.total_seconds() // 60)).render(lang)
    address = to or (user.phone if channel is CodeChannel.SMS else user.email)
    return Outgoing(channel, address, user.name, Message(SUBJECT).render(lang), text,
                    f"login-code-{row.id}-{channel}", lang)


def language_of(user: User) -> str:
    return "en" if (user.locale or "").startswith("en") else "zh"


def live_codes(user_id: int, purpose: CodePurpose, at: datetime):
    """The codes of `purpose` still usable at `at`: unspent, unexpired, with tries left."""
    return (select(LoginCode).where(LoginCode.user_id == user_id, LoginCode.purpose == purpose,
                                    LoginCode.used_at.is_(None), LoginCode.expires_at > at,
                                    LoginCode.attempts < MAX_ATTEMPTS))


def spend(session, user_id: int, purpose: CodePurpose, at: datetime, code_id: int | None = None) -> bool:
    """Mark a code used (or, with no `code_id`, every live one of the purpose); False when another
    request used it first: the UPDATE's condition decides, so two sends of one code cannot both pass."""
    stmt = update(LoginCode).where(LoginCode.user_id == user_id, LoginCode.purpose == purpose,
                                   LoginCode.used_at.is_(None)).values(used_at=at)
    if code_id is not None:
        stmt = stmt.where(LoginCode.id == code_id)
    return session.execute(stmt.execution_options(synchronize_session=False)).rowcount > 0


def check_code(session, target: str, code: str, purpose: CodePurpose, *, at: datetime,
               secret: str) -> CodeCheck:
    """Use the code typed for `target`: once, before it expires, within its tries."""
    user = find_account(session, target)
    if user is None or not eligible(user, purpose):
        return CodeCheck(None, InvalidData(WRONG, field="code"))
    return check_user_code(session, user, code, purpose, at=at, secret=secret)


def check_user_code(session, user: User, code: str, purpose: CodePurpose, *, at: datetime,
                    secret: str) -> CodeCheck:
    """Use a code typed by (or for) `user`: once, before it expires, within its tries."""
    refusal = InvalidData(WRONG, field="code")
    live = session.scalars(live_codes(user.id, purpose, at)).all()
    digest = code_digest(secret, (code or "").strip())
    hit = next((row for row in live if same_digest(row.code_digest, digest)), None)
    if hit is None:
        for row in live:  # every live code loses a try: asking for several does not multiply them
            row.attempts += 1
        session.flush()
        return CodeCheck(None, refusal)
    if not spend(session, user.id, purpose, at, hit.id):
        return CodeCheck(None, refusal)
    spend(session, user.id, purpose, at)  # the other codes of the same purpose die with it
    return CodeCheck(user, sent_to=hit.sent_to or "")
