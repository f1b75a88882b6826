"""Sign-in throttles on Flask-Limiter's storage (the code throttles' set-up, one Redis in production):
growing waits per account-and-address, a lock per address; never per account alone, so a stranger
elsewhere cannot lock a deputy out. Only failures count, so a right password is never slowed."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse_many

from tracker.extensions import limiter
from tracker.models import SignInOutcome
from tracker.web.accounts.throttle import retry_after

log = logging.getLogger(__name__)
PER_ADDRESS, PER_ACCOUNT = "LOGIN_LIMIT_PER_ADDRESS", "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS"


@dataclass(frozen=True)
class Wait:
    """A refusal before any check: `locked` for the address's lock, else this account's delay."""

    locked: bool
    until: float  # seconds since the epoch, as the limiter counts

    def message(self) -> str:
        when = retry_after(self.until)
        if self.locked:
            return _("Too many failed sign-ins from this network: signing in from here is locked. Please "
                     "try again in %(minutes)s minutes (after %(time)s).", **when)
        return _("Too many failed sign-ins for this account. Please try again in %(minutes)s minutes "
                 "(after %(time)s).", **when)


def _ids(name: str, username: str) -> tuple[str, ...]:
    address = get_remote_address() or "-"
    if name == PER_ADDRESS:
        return ("sign-in", address)
    return ("sign-in", address, (username or "").strip().lower()[:120])


def _each(name: str, username: str):
    for item in parse_many(current_app.config[name]):
        yield item, _ids(name, username)


def _storage_ok(step) -> object:
    """A storage fault (Redis down) lets the sign-in through unthrottled, logged: a deputy is not
    kept out because a counter is unreachable (argon2 still bounds the guessing rate)."""
    try:
        return step()
    except Exception:  # noqa: BLE001  (any storage driver's error)
        log.exception("sign-in throttle storage unreachable")
        return None


def wait_for(username: str) -> Wait | None:
    """The longest wait a breached limit imposes on this account from this address, if any."""
    if not limiter.enabled:
        return None

    def check() -> Wait | None:
        waits = []
        for name, locked in ((PER_ADDRESS, True), (PER_ACCOUNT, False)):
            for item, ids in _each(name, username):
                if not limiter.limiter.test(item, *ids):
                    waits.append(Wait(locked, limiter.limiter.get_window_stats(item, *ids).reset_time))
        return max(waits, key=lambda w: (w.locked, w.until)) if waits else None
    return _storage_ok(check)


def counted(username: str, wait: Wait | None) -> SignInOutcome:
    """Count a refused try and name it for the sign-in log: a failure counts towards both limits,
    a try while waiting towards the address's lock only."""
    if wait is None:
        count_failure(username)
        return SignInOutcome.FAILURE
    count_refused(username)
    return SignInOutcome.LOCKED if wait.locked else SignInOutcome.DELAYED


def count_failure(username: str) -> None:
    """A wrong password or code: one more towards this account's delay and the address's lock."""
    _count((PER_ADDRESS, PER_ACCOUNT), username)


def count_refused(username: str) -> None:
    """A try while waiting counts towards the address's lock: hammering through a delay locks it."""
    _count((PER_ADDRESS,), username)


def _count(names: tuple[str, ...], username: str) -> None:
    if limiter.enabled:
        _storage_ok(lambda: [limiter.limiter.hit(item, *ids)
                             for name in names for item, ids in _each(name, username)])


def forget_account(username: str) -> None:
    """A right password clears this account's delay from this address (not the address's count:
    an attacker's own account must not reset their lock)."""
    if limiter.enabled:
        _storage_ok(lambda: [limiter.limiter.clear(item, *ids) for item, ids in _each(PER_ACCOUNT, username)])
