"""Sign in with username and password (argon2 hash), sign out with a POST; codes: tracker.web.accounts."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import User
from tracker.security import verify_password
from tracker.web.accounts.forms import CodeSignInForm, LoginForm
from tracker.web.errors import status_of

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site, so a crafted link cannot send a user elsewhere after login."""
    if not target:
        return url_for("items.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("items.home")
    return target


def _checked(form: LoginForm) -> User | None:
    """The user the username and password name, or None with the form's error set."""
    user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
    if user is not None and user.is_active and not user.password_hash:
        # An imported account: no password can match an empty hash; say how to get one.
        form.username.errors.append(_("This account has no password yet: activate your account with "
                                      "your mobile number or email."))
        return None
    if user and user.is_active and verify_password(user.password_hash, form.password.data):
        return user
    # One message for both cases, so the form does not tell which usernames exist.
    form.password.errors.append(_("Wrong username or password."))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("items.home"))
    form = LoginForm()
    if form.validate_on_submit() and (user := _checked(form)) is not None:
        login_user(user, remember=form.remember.data)
        if user.must_change_password:
            return redirect(url_for("profile.password"))
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form, code_form=CodeSignInForm(formdata=None),
                           tab="password", flow=None, sent=False), status_of(form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
