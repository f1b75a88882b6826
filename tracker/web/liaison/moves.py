"""The liaison pages' forms at work: an outcome move's form filled for its page and read into the
domain's call, and the office list's filters filled from the database and read into a query."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from tracker.clock import now
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison import queries as liaison_queries
from tracker.domain.metrics.liaison import LIAISON_FIGURES
from tracker.extensions import db
from tracker.models import DeputyGroup, LiaisonOpinion, User, UserRole
from tracker.models.liaison import Outcome
from tracker.web.i18n import lang, tr
from tracker.web.items.action_forms import SelectChoice
from tracker.web.labels import today
from tracker.web.liaison.forms import FORMS, ListFilterForm, station_choices
from tracker.web.params import to_id
from tracker.workflow import Channel, Role


def move_form(action: str, opinion: LiaisonOpinion):
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


def apply_move(action: str, opinion: LiaisonOpinion, form):
    """The move's one domain call with the form's input; returns what the operation returns."""
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
        session_id = to_id(d["session_id"])
        return liaison.turn_into_draft(s, opinion, me, title=d["title"], channel=Channel(d["channel"]),
                                       session_id=session_id, **common)
    suggestion_id = to_id(d["suggestion_id"])
    return liaison.link_suggestion(s, opinion, me, suggestion_id=suggestion_id, **common)


def filter_form() -> ListFilterForm:
    """The office list's filters from the query string, every choice offered from the database."""
    form = ListFilterForm(formdata=request.args)
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
    return form


def list_filter(form: ListFilterForm) -> liaison_queries.OpinionFilter | None:
    """The office list's filter, with the dashboard's figure and part; None when any is bad."""
    figure, part = request.args.get("figure") or None, request.args.get("part") or None
    if not form.validate() or (figure and figure not in LIAISON_FIGURES) or part not in (None, "num", "den"):
        return None

    def num(field):
        return int(field.data) if field.data else None
    return liaison_queries.OpinionFilter(
        deputy_id=num(form.deputy_id), station_id=num(form.station_id), group_id=num(form.group_id),
        outcome=Outcome(form.outcome.data) if form.outcome.data else None, year=num(form.year),
        figure=figure, part=part)
