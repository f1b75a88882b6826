"""The profile's authenticator app: set it up (confirmed with a code), see that it is on, remove it
with a code. The secret is shown only while the setting up is under way, never again after."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import second_factor
from tracker.extensions import db
from tracker.web.admin_people.forms import TokenForm
from tracker.web.auth.authenticator import setup_view
from tracker.web.auth.forms import AuthenticatorCodeForm
from tracker.web.errors import perform, status_of
from tracker.web.profile.views import bp


def _key() -> str:
    return current_app.config["SECRET_KEY"]


def _page(form=None, error=None):
    user = current_user
    secret = second_factor.pending_secret(user, key=_key())
    return render_template("profile/second_factor.html", form=form or AuthenticatorCodeForm(formdata=None),
                           error=error, enrolled=second_factor.is_enrolled(user),
                           required=second_factor.is_required(db.session, user),
                           **(setup_view(user, secret) if secret else {}))


@bp.route("/profile/second-factor")
@login_required
def second_factor_page():
    return _page()


@bp.route("/profile/second-factor/start", methods=["POST"])
@login_required
def start_second_factor():
    if not TokenForm().validate_on_submit():
        abort(400)
    form = AuthenticatorCodeForm(formdata=None)
    perform(lambda: second_factor.start_enrolment(current_user, key=_key()),
            page=lambda error=None: _page(form, error), form=form)
    return redirect(url_for("profile.second_factor_page"))


@bp.route("/profile/second-factor/confirm", methods=["POST"])
@login_required
def confirm_second_factor():
    form = AuthenticatorCodeForm()
    if not form.validate_on_submit():
        return _page(form), status_of(form)
    perform(lambda: second_factor.confirm_enrolment(db.session, current_user, form.code.data, key=_key(),
                                                    at=now()),
            page=lambda error=None: _page(form, error), form=form)
    flash(_("Your authenticator app is set up: signing in now asks for its code after the password."),
          "success")
    return redirect(url_for("profile.second_factor_page"))


@bp.route("/profile/second-factor/remove", methods=["POST"])
@login_required
def remove_second_factor():
    form = AuthenticatorCodeForm()
    if not form.validate_on_submit():
        return _page(form), status_of(form)
    perform(lambda: second_factor.remove(db.session, current_user, form.code.data, key=_key(), at=now()),
            page=lambda error=None: _page(form, error), form=form)
    flash(_("Your authenticator app is removed."), "success")
    return redirect(url_for("profile.second_factor_page"))
