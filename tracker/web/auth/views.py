"""Sign in with username and password (argon2, throttled, logged), sign out with a POST; the
authenticator's second step: .second_step; codes: tracker.web.accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.domain.accounts.signin import account_named, authenticate
from tracker.extensions import db
from tracker.models import SignInMethod
from tracker.web.accounts import signing
from tracker.web.accounts.forms import CodeSignInForm, LoginForm
from tracker.web.auth import throttle
from tracker.web.errors import perform, status_of
from tracker.web.landing import asked_next
from tracker.web.logins import sign_out

bp = Blueprint("auth", __name__)


def _page(form: LoginForm, status: int):
    return render_template("auth/login.html", form=form, code_form=CodeSignInForm(formdata=None),
                           tab="password", flow=None, sent=False), status


def _refused(form: LoginForm, typed: str, wait: throttle.Wait | None):
    """A wrong password, or a try while waiting: counted, logged, and the form again with why."""
    outcome = throttle.counted(typed, wait)
    perform(lambda: signing.log(SignInMethod.PASSWORD, outcome, typed, account_named(db.session, typed)))
    if wait is not None:
        form.password.errors.append(wait.message())
        return _page(form, 429)
    # The same messages for every case, so the form does not tell which usernames exist; an
    # imported account without a password is told how to get one, and so is everyone.
    form.password.errors += [_("Wrong username or password."),
                             _("An account the office set up has no password yet: activate it with "
                               "your mobile number or email.")]
    return _page(form, 400)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("items.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return _page(form, status_of(form))
    typed = form.username.data.strip()
    wait = throttle.wait_for(typed)
    # Refused unchecked while waiting: no argon2 work for a throttled guesser either.
    user = authenticate(db.session, typed, form.password.data) if wait is None else None
    if user is None:
        return _refused(form, typed, wait)
    throttle.forget_account(typed)
    return signing.first_factor_passed(user, method=SignInMethod.PASSWORD, typed=typed,
                                       remember=form.remember.data,
                                       next_url=asked_next())


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
