"""The profile's API tokens: make one (its secret shown on this one page, never again), revoke one."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.accounts import tokens
from tracker.extensions import db
from tracker.web.errors import perform, status_of
from tracker.web.profile.page import profile_page
from tracker.web.profile.token_forms import ApiTokenForm, RevokeTokenForm
from tracker.web.profile.views import bp


def shown_once(page):
    """A page carrying a new token's secret: kept by no cache, the browser's back button included."""
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/profile/api-tokens", methods=["POST"])
@login_required
def create_api_token():
    form = ApiTokenForm()
    if not form.validate_on_submit():
        return profile_page(token_form=form), status_of(form)
    _row, secret = perform(lambda: tokens.create_token(
        db.session, current_user, name=form.name.data, scopes=form.scopes(), days=int(form.days.data),
        by=current_user, at=now()), page=lambda error=None: profile_page(token_form=form, error=error),
        form=form)
    return shown_once(profile_page(new_token=secret))


@bp.route("/profile/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_api_token(token_id: int):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    perform(lambda: tokens.revoke_token(db.session, current_user, token_id, by=current_user, at=now()))
    flash(_("The token is revoked: it opens nothing from now on."), "success")
    return redirect(url_for("profile.index", _anchor="api-tokens"))
