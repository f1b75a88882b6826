"""The platform administrator founds congresses, edits their names and appoints administrators."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.congress.founding import (
    appoint_administrator,
    edit_congress,
    found_with_administrator,
)
from tracker.extensions import db
from tracker.models import Congress
from tracker.web.errors import page_of, perform, status_of
from tracker.web.platform.forms import AdministratorForm, CongressForm, FoundingForm
from tracker.web.platform.rows import administrators_of

bp = Blueprint("platform", __name__, url_prefix="/platform")


@bp.before_request
@login_required
def _platform_only():
    # Not a 403: to anyone else these pages do not exist.
    if not current_user.is_platform_admin:
        abort(404)


@bp.route("/congresses")
def congresses():
    rows = db.session.scalars(select(Congress).order_by(Congress.id)).all()
    return render_template("platform/congresses.html", rows=rows,
                           admins={c.id: administrators_of(db.session, c.id) for c in rows})


@bp.route("/congresses/new", methods=["GET", "POST"])
def found():
    form = FoundingForm()
    draw = page_of("platform/congress_form.html", form=form, congress=None)
    if form.validate_on_submit():
        perform(lambda: found_with_administrator(
            db.session, form.charter(), username=form.username.data, name=form.admin_name.data or "",
            password=form.password.data or "", actor=current_user, at=now()),
            page=draw, form=form)
        flash(_("Congress founded; its administrator can now sign in."), "success")
        return redirect(url_for("platform.congresses"))
    return draw(), status_of(form)


@bp.route("/congresses/<int:congress_id>/edit", methods=["GET", "POST"])
def edit(congress_id: int):
    congress = db.get_or_404(Congress, congress_id)
    form = CongressForm(obj=congress)
    draw = page_of("platform/congress_form.html", form=form, congress=congress)
    if form.validate_on_submit():
        perform(lambda: edit_congress(db.session, congress, form.charter(), actor=current_user,
                                      at=now()), page=draw, form=form)
        flash(_("Saved."), "success")
        return redirect(url_for("platform.congresses"))
    return draw(), status_of(form)


@bp.route("/congresses/<int:congress_id>/administrators", methods=["GET", "POST"])
def appoint(congress_id: int):
    congress = db.get_or_404(Congress, congress_id)
    form = AdministratorForm()
    draw = page_of("platform/appoint.html", form=form, congress=congress)
    if form.validate_on_submit():
        perform(lambda: appoint_administrator(
            db.session, congress, username=form.username.data, name=form.admin_name.data or "",
            password=form.password.data or "", actor=current_user, at=now()),
            page=draw, form=form)
        flash(_("Administrator appointed."), "success")
        return redirect(url_for("platform.congresses"))
    return draw(), status_of(form)
