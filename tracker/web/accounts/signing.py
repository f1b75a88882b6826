"""After a first factor (password, code, reset link): the second step if the person has or needs one,
else the login itself. `finish` is the one place a login begins."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_limiter.util import get_remote_address

from tracker.clock import now
from tracker.domain.accounts import second_factor
from tracker.domain.accounts.signin import Client, log_attempt
from tracker.extensions import db
from tracker.models import SignInMethod, SignInOutcome, User
from tracker.web.errors import perform
from tracker.web.logins import sign_in

PENDING = "pending_sign_in"  # the signed session cookie's key while the second step is asked


def client() -> Client:
    return Client(get_remote_address() or "", request.headers.get("User-Agent", ""))


def log(method: SignInMethod, outcome: SignInOutcome, typed: str, user: User | None) -> None:
    """A row of the sign-in log, committed by the request's perform()."""
    log_attempt(db.session, method=method, outcome=outcome, typed=typed, user=user, client=client(), at=now())


def first_factor_passed(user: User, *, method: SignInMethod, typed: str, remember: bool = False,
                        next_url: str | None = None, done: str | None = None):
    """Sign in, or keep the person pending and ask for their authenticator's code (or, where their
    congress requires one and they have none, for setting one up) first."""
    enrolled = second_factor.is_enrolled(user)
    if enrolled or second_factor.is_required(db.session, user):
        session[PENDING] = {"user": user.id, "remember": remember, "next": next_url, "method": method.value,
                            "typed": typed, "done": str(done) if done else None,
                            "until": time.time() + current_app.config["SECOND_STEP_SECONDS"]}
        perform(lambda: log(method, SignInOutcome.SECOND_STEP, typed, user))
        return redirect(url_for("auth.second_step" if enrolled else "auth.enrol"))
    return finish(user, method=method, typed=typed, remember=remember, next_url=next_url, done=done)


def finish(user: User, *, method: SignInMethod, typed: str, remember: bool, next_url: str | None,
           done: str | None):
    perform(lambda: log(method, SignInOutcome.SUCCESS, typed, user))  # with what the step changed
    session.pop(PENDING, None)
    sign_in(user, remember=remember)  # the login row and a fresh session (tracker.web.logins)
    if done:
        flash(done, "success")
    if user.must_change_password:  # the new password first, then the page the link asked for
        return redirect(url_for("profile.password", next=next_url))
    return redirect(next_url or url_for("items.home"))


def pending() -> tuple[User, dict] | None:
    """The person whose first factor passed a moment ago, and how; None once too late or never."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or state.get("until", 0) < time.time():
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, state.get("user"))
    if user is None or not user.is_active_user:
        session.pop(PENDING, None)
        return None
    return user, state


def finish_pending(user: User, state: dict):
    return finish(user, method=SignInMethod.SECOND_FACTOR, typed=state.get("typed") or user.username,
                  remember=bool(state.get("remember")), next_url=state.get("next"), done=state.get("done"))
