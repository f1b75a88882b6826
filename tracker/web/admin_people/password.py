"""The password page a reset leads to: whoever must change their password sees nothing else first."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.people.passwords import change_password
from tracker.extensions import db
from tracker.web.admin_people.forms import PasswordForm
from tracker.web.errors import page_of, perform, status_of

bp = Blueprint("password", __name__)
# What a person with a one-time password may still reach: this page, signing out, the files it needs.
OPEN = {"password.change", "auth.logout", "auth.login", "static", "congress.choose"}


@bp.before_app_request
def change_first():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in OPEN and not request.path.startswith("/api/")):
        return redirect(url_for("password.change"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change():
    form = PasswordForm()
    draw = page_of("admin/people/password.html", form=form, forced=current_user.must_change_password)
    if form.validate_on_submit():
        perform(lambda: change_password(db.session, current_user, current=form.current.data,
                                        new=form.new.data, repeat=form.repeat.data, at=now()),
                page=draw, form=form)
        flash(_("Your password is changed."), "success")
        return redirect(url_for("items.home"))
    return draw(), status_of(form)
