"""The organisation pages: groups, committees and categories, units; the change of term (换届).

Same lifecycle as the people pages; a kind not in the URL's list is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.people import organisation, terms
from tracker.extensions import db
from tracker.models import Category, Committee, DeputyGroup, HandlingUnit, Membership, User, UserRole
from tracker.web.access import require_role
from tracker.web.admin_people.forms import OrgForm, TermForm, TokenForm
from tracker.web.admin_people.views import bp
from tracker.web.errors import back_to, page_of, perform, status_of
from tracker.web.params import to_ids
from tracker.workflow import Role


def _row(kind: str, row_id: int | None):
    model = organisation.KINDS.get(kind)
    # A query, not session.get(): a row of another congress in the identity map is still not ours.
    row = db.session.scalar(select(model).where(model.id == row_id)) if model and row_id else None
    if model is None or (row_id is not None and row is None):
        abort(404)
    require_role(Role.ADMIN)
    return row


def _overview() -> dict:
    def every(model):
        return list(db.session.scalars(select(model).order_by(model.is_active.desc(), model.name)))
    people = db.session.execute(select(Membership.unit_id, UserRole.role, User.name).join(
        User, User.id == Membership.user_id).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role.in_([Role.UNIT_LEADER, Role.UNIT_HANDLER]), Membership.unit_id.is_not(None))
        .order_by(User.name)).all()
    staff: dict = {}
    for unit_id, role, name in people:
        staff.setdefault((unit_id, role), []).append(name)
    return {"groups": every(DeputyGroup), "committees": every(Committee), "categories": every(Category),
            "units": every(HandlingUnit), "staff": staff, "token": TokenForm()}


@bp.route("/organisation")
@login_required
def organisation_index():
    require_role(Role.ADMIN)
    return render_template("admin/people/organisation.html", **_overview())


@bp.route("/organisation/<kind>/new", methods=["GET", "POST"])
@bp.route("/organisation/<kind>/<int:row_id>", methods=["GET", "POST"])
@login_required
def org_form(kind: str, row_id: int | None = None):
    row = _row(kind, row_id)
    form = OrgForm(data=OrgForm.data_of(kind, row) if row else None).fill_choices(
        kind, row, terms.deputies(db.session))
    draw = page_of("admin/people/org_form.html", form=form, kind=kind, row=row, token=TokenForm())
    if form.validate_on_submit():
        perform(lambda: organisation.save_org(db.session, current_user, kind, row, form.org(), at=now()),
                page=draw, form=form)
        flash(_("Saved."), "success")
        return redirect(url_for("admin_people.organisation_index", _anchor=kind))
    return draw(), status_of(form)


@bp.route("/organisation/<kind>/<int:row_id>/retire", methods=["POST"])
@login_required
def retire_org(kind: str, row_id: int):
    row = _row(kind, row_id)
    if not TokenForm().validate_on_submit():
        abort(400)
    name = row.name
    deleted = perform(lambda: organisation.retire_org(db.session, current_user, kind, row, at=now()),
                      page=back_to(url_for("admin_people.org_form", kind=kind, row_id=row_id)))
    flash(_("%(name)s was deleted: nothing used it.", name=name) if deleted else _(
        "%(name)s is deactivated: old items keep its name; it is no longer offered.", name=name), "success")
    return redirect(url_for("admin_people.organisation_index", _anchor=kind))


@bp.route("/organisation/<kind>/<int:row_id>/reactivate", methods=["POST"])
@login_required
def reactivate_org(kind: str, row_id: int):
    row = _row(kind, row_id)
    if not TokenForm().validate_on_submit():
        abort(400)
    perform(lambda: organisation.reactivate_org(db.session, current_user, kind, row, at=now()))
    flash(_("%(name)s is active again.", name=row.name), "success")
    return redirect(url_for("admin_people.organisation_index", _anchor=kind))


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def term_change():
    require_role(Role.ADMIN)
    deputies = terms.deputies(db.session)
    form = TermForm(data={"re_elected": [str(u.id) for u in deputies if terms.in_office(u)]}
                    ).fill_choices(deputies)
    draw = page_of("admin/people/terms.html", form=form, term=terms.current_term(db.session),
                   ended=terms.out_of_office_count(db.session))
    if form.validate_on_submit():
        chosen = set(to_ids(form.re_elected.data))
        _term, leaderless = perform(lambda: terms.open_term(
            db.session, current_user, ordinal=form.ordinal.data, starts_on=form.starts_on.data,
            re_elected=chosen, at=now()), page=draw, form=form)
        flash(_("The new term is open. Re-form the groups whose leader was not re-elected: %(groups)s",
                groups="、".join(g.name for g in leaderless) or "—"), "success")
        return redirect(url_for("admin_people.organisation_index", _anchor="group"))
    return draw(), status_of(form)
