"""The profile: contact details, language, notification choices, password; views thin, rules in the domain."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import logins, phone_change, profile
from tracker.extensions import db
from tracker.models import LoginEnd
from tracker.web.accounts import throttle
from tracker.web.accounts.flows import secret
from tracker.web.accounts.forms import EndLoginForm, PasswordForm, ProfileForm
from tracker.web.accounts.sending import send_after_response
from tracker.web.errors import perform, status_of
from tracker.web.landing import safe_next
from tracker.web.logins import sign_out
from tracker.web.profile.page import profile_page

bp = Blueprint("profile", __name__)
LARGE_TEXT_COOKIE = "large_text"  # a signed-out visitor's 大字号 choice (the signed-in keep it on the user)
# Where a person whose password an administrator reset may still go before choosing a new one.
OPEN_WHEN_FORCED = {"profile.password", "auth.logout", "static", None}


@bp.before_app_request
def forced_password_change():
    endpoint = request.endpoint
    if getattr(current_user, "is_authenticated", False) and current_user.must_change_password \
            and endpoint not in OPEN_WHEN_FORCED and not endpoint.startswith("accounts."):
        return redirect(url_for("profile.password"))
    return None


def _password_page(form, error=None):
    return render_template("profile/password.html", password_form=form, error=error,
                           forced=current_user.must_change_password,
                           has_password=profile.has_password(current_user))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
@throttle.phone_change_requests
def index():
    form = ProfileForm(data=asdict(profile.profile_of(db.session, current_user)))
    if not form.validate_on_submit():
        return profile_page(form), status_of(form)
    wanted = form.wanted()
    saved = perform(lambda: profile.update_profile(db.session, current_user, wanted, at=now(),
                                                   secret=secret()),
                    page=lambda error=None: profile_page(form, error=error), form=form)
    send_after_response(*saved.sent)
    session["lang"] = wanted.locale  # the page's language follows the choice at once
    flash(saved_message(saved), "success")
    return redirect(url_for("profile.index", _anchor="phone-change" if saved.pending else None))


def saved_message(saved: profile.Saved) -> str:
    if saved.pending:
        return _("A code is sent to %(phone)s: type it below to confirm the new number. Until then your "
                 "current number stays in use.", phone=phone_change.masked(saved.pending))
    return _("Your profile is saved.")


@bp.app_template_global()
def large_text() -> bool:
    """Whether this page is drawn with large text: the person's choice, or a visitor's cookie."""
    if getattr(current_user, "is_authenticated", False):
        return bool(current_user.large_text)
    return request.cookies.get(LARGE_TEXT_COOKIE) == "1"


@bp.route("/text-size", methods=["POST"])
def text_size():
    """The header's 大字号 switch: turns large text on or off and comes back to the same page."""
    on = request.form.get("large") == "1"
    back = redirect(safe_next(request.form.get("next")))
    if current_user.is_authenticated:
        perform(lambda: profile.set_large_text(db.session, current_user, on, at=now()))
    else:
        back.set_cookie(LARGE_TEXT_COOKIE, "1" if on else "0", max_age=3600 * 24 * 365, httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return back


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _password_page(form), status_of(form)
    perform(lambda: profile.change_password(db.session, current_user, current=form.current.data or "",
                                            new=form.password.data, at=now(), keep=g.get("login")),
            page=lambda error=None: _password_page(form, error=error), form=form)
    flash(_("Your password is changed."), "success")
    return redirect(safe_next() if request.args.get("next") else url_for("profile.index"))


@bp.route("/profile/logins", methods=["POST"])
@login_required
def end_logins():
    """End one of my logins, all the others, or all of them (signing out here too)."""
    form = EndLoginForm()
    if not form.validate_on_submit():
        abort(400)
    current = None if form.everywhere else g.get("login")
    count = perform(lambda: logins.end_own_login(db.session, current_user, form.login_id(), current=current,
                                                 at=now()))
    if form.everywhere:
        sign_out(LoginEnd.BY_SELF)
        flash(_("You are signed out everywhere."), "info")
        return redirect(url_for("auth.login"))
    flash(_("Sign-ins ended: %(num)d.", num=count), "success")
    return redirect(url_for("profile.index", _anchor="my-logins"))
