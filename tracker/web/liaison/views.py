"""Liaison-station log pages: a deputy's opinions (/liaison), logging one, an opinion with its
outcome actions, and the office's list of every opinion (/liaison/all).

Each view: load (404) -> check access (403) -> form -> one domain call -> commit -> redirect; a
refused action rolls back and draws the form again with what was typed and the domain's message.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.clock import now
from tracker.domain.errors import DomainError
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison import queries as liaison_queries
from tracker.domain.metrics.liaison import LIAISON_FIGURES, liaison_values, scope_of
from tracker.domain.reads.queries import can_see, sees_all
from tracker.extensions import db
from tracker.models import DeputyGroup, LiaisonOpinion, User, UserRole
from tracker.models.liaison import Outcome
from tracker.web.access import require_role
from tracker.web.i18n import lang, tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import today
from tracker.web.liaison.forms import (
    FIELDS,
    FORMS,
    STATION_KINDS,
    ListFilterForm,
    OpinionForm,
    station_choices,
)
from tracker.workflow import Channel, Role

bp = Blueprint("liaison", __name__)


@bp.app_context_processor
def _labels():
    # Functions, so the home page and the item page query only where they draw these parts.
    def referrals_due() -> list[LiaisonOpinion]:
        if not (current_user.is_authenticated and current_user.has_role(Role.DEPUTY)):
            return []
        return liaison_queries.referrals_due(db.session, current_user, today())

    def linked_opinions(item) -> list[LiaisonOpinion]:
        return liaison_queries.linked_to(db.session, item.id)

    def liaison_panel(flt):
        """The dashboard's liaison panel for its filter: (scope, values) from the same definitions."""
        scope = scope_of(db.session, flt)
        return scope, liaison_values(db.session, scope, today())

    return {"liaison_label": lambda value: tr(liaison.member(value)), "station_kinds": STATION_KINDS,
            "liaison_panel": liaison_panel,
            "referrals_due": referrals_due, "linked_opinions": linked_opinions,
            "can_open_opinion": lambda o: liaison.can_see(current_user, o)}


def load_opinion(opinion_id: int) -> LiaisonOpinion:
    opinion = db.session.get(LiaisonOpinion, opinion_id)
    if opinion is None:
        abort(404)
    if not liaison.can_see(current_user, opinion):
        abort(403)
    return opinion


def _outcome_arg() -> Outcome | None:
    value = request.args.get("outcome") or None
    if value is not None and value not in set(Outcome):
        abort(400)
    return Outcome(value) if value else None


@bp.route("/liaison")
@login_required
def index():
    require_role(Role.DEPUTY)
    flt = liaison_queries.OpinionFilter(deputy_id=current_user.id, outcome=_outcome_arg())
    page = liaison_queries.list_opinions(db.session, flt, today(), request.args.get("page", 1, type=int))
    return render_template("liaison/index.html", page=page, flt=flt, outcomes=list(Outcome))


@bp.route("/liaison/all")
@login_required
def all_opinions():
    if not sees_all(current_user):
        abort(403)
    form = ListFilterForm(formdata=request.args)
    _fill_filters(form)
    figure = request.args.get("figure") or None
    part = request.args.get("part") or None
    if not form.validate() or (figure and figure not in LIAISON_FIGURES) or part not in (None, "num", "den"):
        return render_template("liaison/all.html", form=form, page=None, flt=None, figure=None), 400

    def num(field):
        return int(field.data) if field.data else None
    flt = liaison_queries.OpinionFilter(
        deputy_id=num(form.deputy_id), station_id=num(form.station_id), group_id=num(form.group_id),
        outcome=Outcome(form.outcome.data) if form.outcome.data else None, year=num(form.year),
        figure=figure, part=part)
    page = liaison_queries.list_opinions(db.session, flt, today(), request.args.get("page", 1, type=int))
    return render_template("liaison/all.html", form=form, page=page, flt=flt,
                           figure=LIAISON_FIGURES.get(figure) if figure else None)


def _fill_filters(form: ListFilterForm) -> None:
    every = [SelectChoice("", _("All"))]
    form.station_id.choices = every + station_choices()
    deputies = (select(User.id, User.name).join(UserRole).where(UserRole.role == Role.DEPUTY)
                .order_by(User.name, User.id))
    form.deputy_id.choices = every + [SelectChoice(str(i), n) for i, n in db.session.execute(deputies)]
    form.group_id.choices = every + [SelectChoice(str(g.id), g.name) for g in db.session.scalars(
        select(DeputyGroup).order_by(DeputyGroup.id))]
    form.outcome.choices = every + [SelectChoice(o.value, tr(o)) for o in Outcome]
    # From the first opinion's year (the received_on index answers it), so a dashboard's drill-down
    # into any year with opinions is a valid filter.
    year = today().year
    first = db.session.scalar(select(func.min(LiaisonOpinion.received_on)))
    first_year = min(first.year if first else year, year - 10)
    form.year.choices = every + [SelectChoice(str(y), str(y)) for y in range(year, first_year - 1, -1)]


@bp.route("/liaison/new", methods=["GET", "POST"])
@login_required
def new():
    require_role(Role.DEPUTY)
    form = OpinionForm().fill_choices()
    if not form.is_submitted():
        form.received_on.data = today()
    if form.validate_on_submit():
        try:
            opinion = liaison.log_opinion(db.session, current_user, form.to_input(), at=now())
            db.session.commit()
        except DomainError as err:
            return _refused(form, err, "liaison/new.html")
        flash(_("Opinion logged. Record its outcome when there is one."), "success")
        return redirect(url_for("liaison.show", opinion_id=opinion.id))
    return render_template("liaison/new.html", form=form, error=None), 400 if form.is_submitted() else 200


@bp.route("/liaison/<int:opinion_id>")
@login_required
def show(opinion_id: int):
    opinion = load_opinion(opinion_id)
    return render_template("liaison/show.html", o=opinion, moves=liaison.moves_for(current_user, opinion),
                           history=liaison_queries.history(db.session, opinion),
                           show_contact=liaison.can_see_contact(current_user, opinion),
                           see_item=opinion.suggestion is not None and _sees_item(opinion))


def _sees_item(opinion: LiaisonOpinion) -> bool:
    return can_see(db.session, current_user, opinion.suggestion)


@bp.route("/liaison/<int:opinion_id>/<action>", methods=["GET", "POST"])
@login_required
def act(opinion_id: int, action: str):
    opinion = load_opinion(opinion_id)
    if action not in liaison.MOVES:
        abort(404)
    if not liaison.is_logger(current_user, opinion):
        abort(403)
    form = _action_form(action, opinion)
    if form.validate_on_submit():
        try:
            result = _apply(action, opinion, form)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            form.lock_version.data = str(opinion.lock_version)  # the next send is judged on it as it is now
            return _refused(form, err, "liaison/act.html", o=opinion, action=action, fields=FIELDS[action])
        flash(_("Done: %(action)s", action=tr(liaison.member(action))), "success")
        if action == "turn_into_draft":  # the deputy goes on writing the new draft
            return redirect(url_for("items.edit_draft", item_id=result.id))
        return redirect(url_for("liaison.show", opinion_id=opinion.id))
    status = 400 if form.is_submitted() else 200
    return render_template("liaison/act.html", form=form, o=opinion, action=action, fields=FIELDS[action],
                           error=None), status


def _action_form(action: str, opinion: LiaisonOpinion):
    form = FORMS[action]()
    if action == "record_told":
        form.fill_choices(lang())
    elif action == "turn_into_draft":
        form.fill_choices()
    elif action == "link_suggestion":
        form.suggestion_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(str(s.id), s.title) for s in liaison.linkable_suggestions(db.session, current_user)]
    if not form.is_submitted():
        form.lock_version.data = str(opinion.lock_version)
        if action == "turn_into_draft":
            form.title.data = liaison.draft_text(opinion)[0]
        elif action == "record_told":
            form.told_on.data = today()
        elif action == "refer" and opinion.referred_to:
            form.referred_to.data = opinion.referred_to
    return form


def _apply(action: str, opinion: LiaisonOpinion, form):
    common = dict(at=now(), seen_version=form.seen_version())
    s, me, d = db.session, current_user, form.data
    if action in ("solve_on_spot", "close_referral", "explain_and_close"):
        return getattr(liaison, action)(s, opinion, me, note=d["note"], **common)
    if action == "refer":
        return liaison.refer(s, opinion, me, referred_to=d["referred_to"], follow_up_on=d["follow_up_on"],
                             note=d["note"] or "", **common)
    if action == "record_told":
        return liaison.record_told(s, opinion, me, told_on=d["told_on"], how=d["told_how"],
                                   note=d["note"] or "", **common)
    if action == "turn_into_draft":
        session_id = int(d["session_id"]) if (d["session_id"] or "").isdigit() else None
        return liaison.turn_into_draft(s, opinion, me, title=d["title"], channel=Channel(d["channel"]),
                                       session_id=session_id, **common)
    suggestion_id = int(d["suggestion_id"]) if (d["suggestion_id"] or "").isdigit() else None
    return liaison.link_suggestion(s, opinion, me, suggestion_id=suggestion_id, **common)


def _refused(form, err: DomainError, template: str, **context):
    db.session.rollback()
    message = err.message(lang())
    target = form._fields.get(err.field) if err.field else None
    if target is not None:
        target.errors = [*target.errors, message]
    return render_template(template, form=form, error=message, **context), err.http_status
