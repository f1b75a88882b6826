"""Liaison-station log pages: a deputy's opinions (/liaison), logging one, an opinion with its
outcome actions, and the office's list of every opinion (/liaison/all).

Each view: load (404) -> check access (403) -> form -> one domain call (`perform`, which commits)
-> redirect; a refusal is answered by tracker.web.errors: the form drawn again with what was typed
and the domain's message.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison import queries as liaison_queries
from tracker.domain.metrics.liaison import LIAISON_FIGURES, liaison_values, scope_of
from tracker.domain.reads.queries import can_see, sees_all
from tracker.extensions import db
from tracker.models import LiaisonOpinion
from tracker.models.liaison import Outcome
from tracker.web.access import require_role
from tracker.web.errors import page_of, perform, status_of
from tracker.web.i18n import tr
from tracker.web.labels import today
from tracker.web.liaison.forms import FIELDS, STATION_KINDS, OpinionForm
from tracker.web.liaison.moves import apply_move, filter_form, list_filter, move_form
from tracker.web.params import page_arg
from tracker.workflow import Role

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
    page = liaison_queries.list_opinions(db.session, flt, today(), page_arg())
    return render_template("liaison/index.html", page=page, flt=flt, outcomes=list(Outcome))


@bp.route("/liaison/all")
@login_required
def all_opinions():
    if not sees_all(current_user):
        abort(403)
    form = filter_form()
    flt = list_filter(form)
    if flt is None:
        return render_template("liaison/all.html", form=form, page=None, flt=None, figure=None), 400
    page = liaison_queries.list_opinions(db.session, flt, today(), page_arg())
    return render_template("liaison/all.html", form=form, page=page, flt=flt,
                           figure=LIAISON_FIGURES.get(flt.figure) if flt.figure else None)


@bp.route("/liaison/new", methods=["GET", "POST"])
@login_required
def new():
    require_role(Role.DEPUTY)
    form = OpinionForm().fill_choices()
    form.received_on.data = form.received_on.data if form.is_submitted() else today()
    draw = page_of("liaison/new.html", form=form)
    if form.validate_on_submit():
        opinion = perform(lambda: liaison.log_opinion(db.session, current_user, form.to_input(), at=now()),
                          page=draw, form=form)
        flash(_("Opinion logged. Record its outcome when there is one."), "success")
        return redirect(url_for("liaison.show", opinion_id=opinion.id))
    return draw(), status_of(form)


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
    form = move_form(action, opinion)
    draw = page_of("liaison/act.html", form=form, o=opinion, action=action, fields=FIELDS[action])
    if form.validate_on_submit():
        result = perform(lambda: apply_move(action, opinion, form), page=draw, form=form, item=opinion)
        flash(_("Done: %(action)s", action=tr(liaison.member(action))), "success")
        if action == "turn_into_draft":  # the deputy goes on writing the new draft
            return redirect(url_for("items.edit_draft", item_id=result.id))
        return redirect(url_for("liaison.show", opinion_id=opinion.id))
    return draw(), status_of(form)
