"""Office pages (batch routing, printable assignment lists) and the administrator's session pages.

Views follow the items pattern: load (404) -> check access (403) -> form -> one domain call
(`perform`, which commits); a refusal is answered by tracker.web.errors with the typed input kept.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.congress import sessions
from tracker.domain.reads.listing import Choice
from tracker.domain.steps.routing import (
    category_defaults,
    routable_rows,
    routing_page,
    unit_assignments,
)
from tracker.extensions import db
from tracker.models import CongressSession, HandlingUnit
from tracker.web import page_cache
from tracker.web.access import require_role
from tracker.web.errors import page_of, perform, status_of
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.web.office.forms import RoutingFilterForm, SessionForm
from tracker.web.office.row_html import routing_rows
from tracker.web.office.rows import Sent, page_choices, route_sent
from tracker.web.office.unit_controls import UnitControls
from tracker.workflow import Role

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
    congress = db.get_or_404(CongressSession, session_id) if session_id is not None else None
    require_role(Role.ADMIN)
    form = SessionForm(obj=congress)
    draw = page_of("office/session_form.html", form=form, congress=congress)
    if form.validate_on_submit():
        perform(lambda: sessions.create_session(db.session, current_user, form.values(), at=now())
                if congress is None else
                sessions.update_session(db.session, congress, current_user, form.values(), at=now()),
                page=draw, form=form)
        flash(_("Session saved."), "success")
        return redirect(url_for("office.sessions_index"))
    return draw(), status_of(form)


@bp.route("/office/routing", methods=["GET", "POST"])
@login_required
def routing():
    require_role(Role.OFFICE_STAFF)
    valid, filters, filter_form = _filters()
    sent = perform(lambda: route_sent(request.form)) if request.method == "POST" else Sent()
    page = routing_page(db.session, after=request.args.get("after"), **filters)
    rows = routable_rows(db.session, page.rows, current_user)
    choices = page_choices(rows, page_cache.reference("routing_defaults", category_defaults), sent.posted)
    # The active units and their form controls, made once per data generation (40 per row).
    controls = page_cache.reference("routing_units", _unit_controls)
    return render_template("office/routing.html", filter_form=filter_form, items=rows, controls=controls,
                           page=page, choices=choices, routing_rows=routing_rows, routed=sent.routed,
                           failed=sent.failed), sent.status(valid)


def _filters() -> tuple[bool, dict, Markup]:
    """Whether the query string's filters are valid, the list's conditions, and the filter form
    drawn: the same for everyone with the same filters and language, so made once per data
    generation (the review queue draws its form so too) instead of on every page."""
    shown = tuple(sorted((k, v) for k, v in request.args.items(multi=True) if k not in ("after", "lang")))
    return page_cache.reference("routing_filters", _read_filters, lang(), shown)


def _read_filters(_session) -> tuple[bool, dict, Markup]:
    form = RoutingFilterForm(formdata=request.args).fill_choices(lang())
    valid = form.validate()
    return valid, form.filters() if valid else {}, Markup(render_template("office/_filters.html", form=form))


def _unit_controls(session) -> UnitControls:
    return UnitControls([Choice(*r) for r in session.execute(
        select(HandlingUnit.id, HandlingUnit.name).where(HandlingUnit.is_active.is_(True))
        .order_by(HandlingUnit.id))])


@bp.route("/office/assignments/<int:unit_id>/print")
@login_required
def assignment_list(unit_id: int):
    unit = db.get_or_404(HandlingUnit, unit_id)
    unit_staff = current_user.roles & {Role.UNIT_HANDLER, Role.UNIT_LEADER}
    if not (current_user.has_role(Role.OFFICE_STAFF) or (unit_staff and current_user.unit_id == unit.id)):
        abort(403)
    return render_template("office/assignment_list.html", unit=unit,
                           rows=unit_assignments(db.session, unit.id), printed_on=_today())


def _today():
    return today()
