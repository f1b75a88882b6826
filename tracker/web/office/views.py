"""Office pages (batch routing, printable assignment lists) and the administrator's session pages.

Views follow the items pattern: load (404) -> check access (403) -> form -> domain call -> commit;
a refusal rolls back and re-renders with the typed input and the engine's message.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.congress import sessions
from tracker.domain.core.engine import offers
from tracker.domain.errors import DomainError
from tracker.domain.steps.routing import (
    Decision,
    proposed_units,
    routable_by_id,
    route_many,
    routing_page,
    unit_assignments,
)
from tracker.extensions import db
from tracker.models import CongressSession, HandlingUnit, Suggestion
from tracker.web.access import require_role
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.web.office.forms import RoutingFilterForm, SessionForm
from tracker.web.office.rows import RowChoice, parse_rows
from tracker.workflow import Action, Role

bp = Blueprint("office", __name__)


@bp.route("/admin/sessions")
@login_required
def sessions_index():
    require_role(Role.ADMIN)
    rows = db.session.scalars(select(CongressSession).order_by(CongressSession.opens_on.desc()))
    return render_template("office/sessions.html", congress_sessions=list(rows),
                           window=sessions.current_window(db.session, _today()))


@bp.route("/admin/sessions/new", methods=["GET", "POST"])
@bp.route("/admin/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def session_form(session_id: int | None = None):
    congress = None
    if session_id is not None:
        congress = db.session.get(CongressSession, session_id)
        if congress is None:
            abort(404)
    require_role(Role.ADMIN)
    form = SessionForm(obj=congress)
    if form.validate_on_submit():
        try:
            if congress is None:
                sessions.create_session(db.session, current_user, form.values(), at=now())
            else:
                sessions.update_session(db.session, congress, current_user, form.values(), at=now())
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            target = form._fields.get(err.field) if err.field else None
            if target is not None:
                target.errors = [*target.errors, err.message(lang())]
            return render_template("office/session_form.html", form=form, congress=congress,
                                   error=err.message(lang())), err.http_status
        flash(_("Session saved."), "success")
        return redirect(url_for("office.sessions_index"))
    status = 400 if form.is_submitted() else 200
    return render_template("office/session_form.html", form=form, congress=congress), status


@bp.route("/office/routing", methods=["GET", "POST"])
@login_required
def routing():
    require_role(Role.OFFICE_STAFF)
    form = RoutingFilterForm(formdata=request.args).fill_choices(lang())
    valid = form.validate()
    filters, after = (form.filters() if valid else {}), request.args.get("after")
    units = list(db.session.scalars(select(HandlingUnit).order_by(HandlingUnit.id)))
    routed, failed, posted, status = [], {}, {}, 200 if valid else 400
    if request.method == "POST":
        # The posted rows are the page the user saw; each is still judged by the engine.
        sent = routable_by_id(db.session, _posted_ids(request.form))
        sent = [i for i in sent if _may_route(i)]
        posted, failed = parse_rows(request.form, {i.id for i in sent})
        wanted = [i for i in sent if i.id in posted and posted[i.id].included and i.id not in failed]
        if not wanted and not failed:
            flash(_("Tick “include” on at least one row."), "info")
            status = 400
        decisions = [Decision(i, posted[i.id].lead_id, posted[i.id].co_ids) for i in wanted]
        result = route_many(db.session, current_user, decisions, now())
        db.session.commit()
        routed = [db.session.get(Suggestion, i.id) for i in result.routed]
        failed |= {k: e.message(lang()) for k, e in result.failed.items()}
        status = 400 if failed else status
    page = routing_page(db.session, after=after, **filters)
    # Which rows are routable is the engine's answer for this user, not the page's.
    items = [i for i in page.items if _may_route(i)]
    choices = {i.id: RowChoice.proposed(proposed_units(i)) for i in items}
    choices.update({k: v for k, v in posted.items() if k in choices})
    return render_template("office/routing.html", form=form, items=items, units=units, page=page,
                           choices=choices, routed=routed, failed=failed), status


def _may_route(item) -> bool:
    return any(o.action is Action.ROUTE for o in offers(item, current_user))


def _posted_ids(form) -> set[int]:
    raw = {*form.getlist("include"), *(k.split("-", 1)[1] for k in form if k.startswith("lead-"))}
    return {int(v) for v in raw if v.isascii() and v.isdigit() and len(v) < 10}


@bp.route("/office/assignments/<int:unit_id>/print")
@login_required
def assignment_list(unit_id: int):
    unit = db.session.get(HandlingUnit, unit_id)
    if unit is None:
        abort(404)
    unit_staff = current_user.roles & {Role.UNIT_HANDLER, Role.UNIT_LEADER}
    if not (current_user.has_role(Role.OFFICE_STAFF) or (unit_staff and current_user.unit_id == unit.id)):
        abort(403)
    return render_template("office/assignment_list.html", unit=unit,
                           rows=unit_assignments(db.session, unit.id), printed_on=_today())


def _today():
    return today()
