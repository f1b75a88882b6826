"""The second step of a sign-in: the authenticator's code, or, where the person's congress requires
one and they have none yet, setting their app up first. Throttled and logged like passwords."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker.clock import now
from tracker.domain.accounts import second_factor
from tracker.extensions import db
from tracker.models import SignInMethod
from tracker.web.accounts import signing
from tracker.web.auth import throttle
from tracker.web.auth.authenticator import setup_view
from tracker.web.auth.forms import AuthenticatorCodeForm
from tracker.web.auth.views import bp
from tracker.web.errors import perform, status_of


def _key() -> str:
    return current_app.config["SECRET_KEY"]


def _typed(user, state: dict) -> str:
    return state.get("typed") or user.username


def _refused(user, state: dict, form, wait, draw):
    """A wrong code (nothing was changed), or one tried while waiting: counted and logged like a
    wrong password, and the page again with why."""
    outcome = throttle.counted(_typed(user, state), wait)
    perform(lambda: signing.log(SignInMethod.SECOND_FACTOR, outcome, _typed(user, state), user))
    form.code.errors.append(wait.message() if wait is not None else _(
        "The code is wrong or was already used. Type the code your app shows now."))
    return draw(), 429 if wait is not None else 400


@bp.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    found = signing.pending()
    if found is None or not second_factor.is_enrolled(found[0]):  # none: reset meanwhile
        return redirect(url_for("auth.login" if found is None else "auth.enrol"))
    user, state = found
    form = AuthenticatorCodeForm()
    draw = lambda: render_template("auth/second_step.html", form=form)  # noqa: E731
    if not form.validate_on_submit():
        return draw(), status_of(form)
    wait = throttle.wait_for(_typed(user, state))
    if wait is None and second_factor.check_code(user, form.code.data, key=_key(), at=now()):
        return signing.finish_pending(user, state)
    return _refused(user, state, form, wait, draw)


@bp.route("/login/second-step/setup", methods=["GET", "POST"])
def enrol():
    """Set up an authenticator before signing in, where the person's congress requires one."""
    found = signing.pending()
    if found is None or second_factor.is_enrolled(found[0]):
        return redirect(url_for("auth.login" if found is None else "auth.second_step"))
    user, state = found
    form = AuthenticatorCodeForm()
    # Made (or found) on first sight: a secret waiting for a code is worth nothing to anyone else.
    secret = perform(lambda: second_factor.start_enrolment(user, key=_key()))
    draw = lambda: render_template("auth/enrol.html", form=form, **setup_view(user, secret))  # noqa: E731
    if not form.validate_on_submit():
        return draw(), status_of(form)
    wait = throttle.wait_for(_typed(user, state))
    if wait is None and second_factor.enrol_if_code(db.session, user, form.code.data, key=_key(), at=now()):
        return signing.finish_pending(user, state)  # commits the enrolment with the log row
    return _refused(user, state, form, wait, draw)
