"""The second step of a sign-in: the authenticator's code, or, where the person's congress requires
one and they have none yet, setting their app up first. Throttled and logged like passwords."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from tracker.clock import now
from tracker.domain.accounts import second_factor
from tracker.domain.errors import DomainError
from tracker.extensions import db
from tracker.models import SignInMethod, SignInOutcome
from tracker.web.accounts import signing
from tracker.web.auth import throttle
from tracker.web.auth.authenticator import setup_view
from tracker.web.auth.forms import AuthenticatorCodeForm
from tracker.web.auth.views import bp
from tracker.web.errors import status_of


def _refused_try(user, state, form, wait) -> int:
    """A wrong code, or one tried while waiting: logged and counted like a wrong password."""
    typed = state.get("typed") or user.username
    if wait is not None:
        throttle.count_refused(typed)
        form.code.errors.append(wait.message())
    else:
        throttle.count_failure(typed)
        form.code.errors.append(_("The code is wrong or was already used. Type the code your app shows now."))
    outcome = SignInOutcome.FAILURE if wait is None else (
        SignInOutcome.LOCKED if wait.locked else SignInOutcome.DELAYED)
    signing.log(SignInMethod.SECOND_FACTOR, outcome, typed, user)
    db.session.commit()  # the code's spent step stays unspent: nothing else was changed
    return 429 if wait is not None else 400


def _expired():
    return redirect(url_for("auth.login"))


@bp.route("/login/second-step", methods=["GET", "POST"])
def second_step():
    found = signing.pending()
    if found is None:
        return _expired()
    user, state = found
    if not second_factor.is_enrolled(user):  # reset by an administrator meanwhile
        return redirect(url_for("auth.enrol"))
    form = AuthenticatorCodeForm()
    if not form.validate_on_submit():
        return render_template("auth/second_step.html", form=form), status_of(form)
    wait = throttle.wait_for(state.get("typed") or user.username)
    if wait is None and second_factor.check_code(user, form.code.data, key=_key(), at=now()):
        return signing.finish_pending(user, state)
    db.session.rollback()
    status = _refused_try(user, state, form, wait)  # before drawing: it puts the message on the form
    return render_template("auth/second_step.html", form=form), status


@bp.route("/login/second-step/setup", methods=["GET", "POST"])
def enrol():
    """Set up an authenticator before signing in, where the person's congress requires one."""
    found = signing.pending()
    if found is None:
        return _expired()
    user, state = found
    if second_factor.is_enrolled(user):
        return redirect(url_for("auth.second_step"))
    form = AuthenticatorCodeForm()
    # Made (or found) on first sight: a secret waiting for a code is worth nothing to anyone else.
    secret = second_factor.start_enrolment(user, key=_key())
    db.session.commit()
    draw = lambda: render_template("auth/enrol.html", form=form, **setup_view(user, secret))  # noqa: E731
    if not form.validate_on_submit():
        return draw(), status_of(form)
    wait = throttle.wait_for(state.get("typed") or user.username)
    try:
        if wait is None:
            second_factor.confirm_enrolment(db.session, user, form.code.data, key=_key(), at=now())
            return signing.finish_pending(user, state)  # commits the enrolment with the log row
    except DomainError:
        db.session.rollback()
    status = _refused_try(user, state, form, wait)
    return draw(), status


def _key() -> str:
    return current_app.config["SECRET_KEY"]
