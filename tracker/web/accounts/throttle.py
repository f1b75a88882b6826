"""Throttles on one-time codes (Flask-Limiter), and the 429 page that says when to try again."""

from __future__ import annotations

import functools
import math
import time
from datetime import UTC, datetime

from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user

from tracker.domain.accounts.contact import find_account, normalize_email, normalize_phone
from tracker.domain.deadlines.calendar import CHINA
from tracker.extensions import db, limiter
from tracker.models import SignInMethod, SignInOutcome
from tracker.web.accounts import signing
from tracker.web.errors import perform, respond


def _target(field: str = "target") -> str:
    """One count per person's number or address however it is typed (+86, spaces, capitals); an
    unknown number is counted like a known one, so the throttle tells nothing either."""
    raw = request.form.get(field, "")
    return "target:" + (normalize_phone(raw) or normalize_email(raw))


def _throttled(view, *, field: str, sent: int, exempt_when=None):
    """Per client address, and per number or address (form field `field`) when the answer `sent`
    says a code may have gone; the same counts whichever page asked."""
    per_target = limiter.limit(lambda: current_app.config["CODE_LIMIT_PER_TARGET"], methods=["POST"],
                               key_func=lambda: _target(field), exempt_when=exempt_when,
                               deduct_when=lambda response: response.status_code == sent)
    per_address = limiter.limit(lambda: current_app.config["CODE_LIMIT_PER_ADDRESS"], methods=["POST"],
                                exempt_when=exempt_when)
    return per_address(per_target(view))


def code_requests(view):
    """A request for a code: per client address, and per number or address when a code may have gone."""
    return _throttled(view, field="target", sent=200)


def _same_phone() -> bool:
    current = getattr(current_user, "phone", None) or ""
    return normalize_phone(request.form.get("phone", "")) in (None, current)


def phone_change_requests(view):
    """A profile save that sends a code to a new mobile number counts as a code request (to that
    number, from this address); a save that asks for no new number counts nothing."""
    return _throttled(view, field="phone", sent=302, exempt_when=_same_phone)


def code_checks(view):
    """A typed code, per client address: guesses at someone's code are slowed down too."""
    return limiter.limit(lambda: current_app.config["CODE_CHECK_LIMIT_PER_ADDRESS"], methods=["POST"])(view)


def even_time(view):
    """A sent code request or code is answered no sooner than CODE_ANSWER_SECONDS: a known number
    writes a code and an audit row (a few milliseconds more than an unknown one), and that difference
    must not tell whose number it is. The message itself goes after the response (.sending)."""
    @functools.wraps(view)
    def evened(*args, **kwargs):
        started = time.monotonic()
        try:
            return view(*args, **kwargs)
        finally:  # a refusal (raised, answered by the one handler) waits as long as a success
            if request.method == "POST":
                time.sleep(max(0.0, current_app.config["CODE_ANSWER_SECONDS"] - (time.monotonic() - started)))
    return evened


def retry_after(reset_at: float) -> dict:
    """When a throttled person may try again: in minutes, and as a China clock time."""
    minutes = max(1, math.ceil((reset_at - time.time()) / 60))  # the limiter counts in real time
    after = datetime.fromtimestamp(reset_at, UTC).astimezone(CHINA).strftime("%H:%M")
    return {"minutes": minutes, "time": after}


def too_many(err: RateLimitExceeded):
    if request.endpoint == "accounts.use_code":  # a code typed while its checks are throttled
        log_refused_code(request.form.get("target", ""))
    breached = limiter.current_limit
    reset_at = breached.reset_at if breached is not None else time.time() + 60
    return respond(429, "too_many_requests",
                   _("Too many attempts. Please try again in %(minutes)s minutes (after %(time)s).",
                     **retry_after(reset_at)))


def log_refused_code(target: str) -> None:
    """The refused try in the sign-in log, as a password's delay is (nothing else to commit here)."""
    perform(lambda: signing.log(SignInMethod.CODE, SignInOutcome.DELAYED, target.strip(),
                                find_account(db.session, target)))


def register(app: Flask) -> None:
    app.register_error_handler(RateLimitExceeded, too_many)
