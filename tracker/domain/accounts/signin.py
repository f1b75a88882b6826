"""Password sign-in: the same argon2 work whoever is named, and the platform's log of every attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tracker.models import SignInAttempt, SignInMethod, SignInOutcome, User
from tracker.security import stand_in_hash, verify_password


@dataclass(frozen=True)
class Client:
    """Where an attempt came from, as the request told it."""

    address: str = ""
    agent: str = ""


def account_named(session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == (username or "").strip()))


def authenticate(session, username: str, password: str) -> User | None:
    """The account the username and password open, or None. One argon2 verification runs in every
    case: against the account's hash, or against a stand-in for a username nobody has, an account
    without a password (imported, not yet activated) and a disabled one, so the answer takes as
    long either way and its time does not tell which usernames exist."""
    user = account_named(session, username)
    usable = (user is not None and user.is_active_user and bool(user.password_hash)
              and not user.is_service_account)  # a system's account has no password to match
    matched = verify_password(user.password_hash if usable else stand_in_hash(), password or "")
    return user if usable and matched else None


def log_attempt(session, *, method: SignInMethod, outcome: SignInOutcome, typed: str,
                user: User | None, client: Client, at: datetime) -> SignInAttempt:
    """Append one row to the sign-in log (not the audit trail: most rows are strangers' failures)."""
    row = SignInAttempt(at=at, user_id=user.id if user is not None else None, username=(typed or "")[:120],
                        address=(client.address or "")[:64], user_agent=(client.agent or "")[:300],
                        method=method, outcome=outcome)
    session.add(row)
    session.flush()
    return row
