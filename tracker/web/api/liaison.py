"""/api/v1/liaison/…: the liaison-station log (有诉必应) as its pages show it to the caller's role —
the opinions list (a deputy's own; every one for the office), one opinion, logging one at a
station, and one operation per outcome action of the opinion's table (tracker.workflow.liaison).

Each operation calls what the page calls: tracker.domain.liaison.operations through the page's own
reading of the input (tracker.web.liaison.moves.apply_move), committed once by perform().
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, url_for
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields, validate

from tracker.clock import now
from tracker.domain.errors import InvalidData
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison import queries as liaison_queries
from tracker.domain.metrics.liaison import LIAISON_FIGURES
from tracker.domain.reads.queries import can_see, sees_all
from tracker.extensions import db
from tracker.models import AuditEvent, LiaisonOpinion
from tracker.models.liaison import StationKind
from tracker.web.access import require_role
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp, if_match
from tracker.web.api.schemas import LabelOf, Person, coded, labels_of
from tracker.web.errors import perform
from tracker.web.labels import today
from tracker.web.liaison.forms import FIELDS
from tracker.web.liaison.moves import apply_move, filter_form, list_filter
from tracker.web.liaison.views import load_opinion
from tracker.web.params import page_arg
from tracker.workflow import Channel, Reason, Role
from tracker.workflow.i18n import N_
from tracker.workflow.liaison import LIAISON_MOVES, OpinionAction, OpinionSource, Outcome, ToldHow

TAGS = ["liaison"]
ID = {"validate": validate.Range(1, 2**31 - 1), "strict": True}


def _doc(operation: str, **extra):
    return blp.doc(operationId=operation, security=shapes.SECURITY, tags=TAGS, **extra)


class StationOut(Schema):
    """Where the opinion came in; its kind is the channel: 代表之家, 代表联络站 or 基层立法联系点."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = coded(StationKind, required=True)
    place = fields.String(required=True)


class LinkedSuggestion(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    state = fields.String(required=True)
    openable = fields.Boolean(required=True, metadata={"description": "Whether the caller may open it."})


class OpinionRow(Schema):
    id = fields.Integer(required=True)
    station = fields.Nested(StationOut, required=True)
    deputy = fields.Nested(Person, required=True)
    received_on = fields.Date(required=True)
    source = coded(OpinionSource, required=True)
    constituent = fields.String(required=True)
    address = fields.String(required=True)
    content = fields.String(required=True)
    outcome = coded(Outcome, required=True)
    outcome_label = LabelOf("outcome")
    referred_to = fields.String(required=True)
    follow_up_on = fields.Date(allow_none=True)
    suggestion_id = fields.Integer(allow_none=True)
    told_on = fields.Date(allow_none=True)
    told_how = coded(ToldHow, allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    version = fields.Integer(attribute="lock_version", required=True)


class OpinionEvent(Schema):
    id = fields.Integer()
    action = fields.String()
    actor = fields.Nested(Person)
    reason = fields.String()
    at = fields.AwareDateTime()
    outcome_from = fields.Function(lambda e: (e.data or {}).get("from"), allow_none=True)
    outcome_to = fields.Function(lambda e: (e.data or {}).get("to"), allow_none=True)


class OpinionDetail(OpinionRow):
    contact = fields.String(allow_none=True, metadata={
        "description": "The constituent's contact: only for the logging deputy and the office, else null."})
    outcome_note = fields.String(required=True)
    told_note = fields.String(required=True)
    suggestion = fields.Nested(LinkedSuggestion, allow_none=True)
    moves = fields.List(fields.String(), required=True,
                        metadata={"description": "The outcome actions the caller may take now."})
    history = fields.List(fields.Nested(OpinionEvent), required=True)


class OpinionPage(Schema):
    items = fields.List(fields.Nested(OpinionRow), required=True)
    page = fields.Integer(required=True)
    has_more = fields.Boolean(required=True)


class OpinionListArgs(Schema):
    scope = fields.String(validate=validate.OneOf(["mine", "all"]), metadata={
        "description": "mine: the caller's own (deputies); all: every opinion (the office, supervisors); "
                       "by default all for those who see all, else mine."})
    outcome = fields.String(validate=validate.OneOf([o.value for o in Outcome]))
    station_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    deputy_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    group_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    year = fields.Integer(validate=validate.Range(2000, 2100))
    figure = fields.String(validate=validate.OneOf(list(LIAISON_FIGURES)),
                           metadata={"description": "A dashboard liaison figure: the opinions it counts."})
    part = fields.String(validate=validate.OneOf(["num", "den"]))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))


class OpinionIn(Schema):
    station_id = fields.Integer(required=True, **ID)
    received_on = fields.Date(required=True)
    constituent = fields.String(required=True, validate=validate.Length(max=40))
    content = fields.String(required=True, validate=validate.Length(max=5000))
    address = fields.String(load_default="", validate=validate.Length(max=200))
    contact = fields.String(load_default="", validate=validate.Length(max=100))
    source = fields.String(validate=validate.OneOf([s.value for s in OpinionSource]), metadata={
        "description": "The channel it came in by; in person when a deputy leaves it out (a station's "
                       "service account must name it)."})


def detail(opinion: LiaisonOpinion) -> dict:
    """The opinion as its page shows it to the caller (the contact to those who may read it)."""
    linked = opinion.suggestion
    out = {name: getattr(opinion, name) for name in OpinionRow._declared_fields if hasattr(opinion, name)}
    out.update(lock_version=opinion.lock_version, outcome_note=opinion.outcome_note,
               told_note=opinion.told_note,
               contact=opinion.contact if liaison.can_see_contact(current_user, opinion) else None,
               suggestion=None if linked is None else {
                   "id": linked.id, "title": linked.title, "state": linked.state.value,
                   "openable": can_see(db.session, current_user, linked)},
               moves=[str(m) for m in liaison.moves_for(current_user, opinion)],
               history=liaison_queries.history(db.session, opinion))
    return out


@blp.route("/liaison/opinions")
class Opinions(MethodView):
    @_doc("listOpinions")
    @blp.arguments(OpinionListArgs, location="query", as_kwargs=True)
    @blp.response(200, OpinionPage)
    def get(self, page: int, scope: str | None = None, outcome: str | None = None, **_filters):
        """Opinions newest first, 50 a page: a deputy's own (/liaison), or every one with the office
        list's filters for those who see all (/liaison/all). The contact is never listed."""
        everyone = sees_all(current_user)
        scope = scope or ("all" if everyone else "mine")
        if scope == "mine":
            require_role(Role.DEPUTY)
            flt = liaison_queries.OpinionFilter(deputy_id=current_user.id,
                                                outcome=Outcome(outcome) if outcome else None)
        elif everyone:
            flt = _office_filter()
        else:
            abort(403)
        found = liaison_queries.list_opinions(db.session, flt, today(), page_arg())
        return {"items": found.rows, "page": found.number, "has_more": found.has_more}

    @_doc("logOpinion")
    @blp.arguments(OpinionIn)
    @blp.response(201, OpinionDetail)
    def post(self, body: dict):
        """Log a constituent's opinion at a station (deputies): it starts awaiting an outcome."""
        require_role(Role.DEPUTY)
        opinion = perform(lambda: liaison.log_opinion(db.session, current_user, liaison.OpinionInput(**body),
                                                      at=now()))
        return detail(opinion), 201, {"Location": url_for("api_v1.getOpinion", opinion_id=opinion.id)}


def _office_filter() -> liaison_queries.OpinionFilter:
    """The office list's (/liaison/all) own reading of the same query string; a value it would not
    offer is refused, naming its field."""
    form = filter_form()
    found = list_filter(form)
    if found is None:
        raise InvalidData(N_("Invalid choice."), field=next(iter(form.errors), None))
    return found


@blp.route("/liaison/opinions/<int:opinion_id>", endpoint="getOpinion")
class OneOpinion(MethodView):
    @_doc("getOpinion")
    @blp.response(200, OpinionDetail)
    def get(self, opinion_id: int):
        """One opinion with its history and the moves the caller may take (the logging deputy, the
        office, supervisors and administrators open it; the contact only the deputy and the office)."""
        return detail(load_opinion(opinion_id))


# The outcome actions' own inputs besides the note, typed; which action takes which is the page's
# (tracker.web.liaison.forms.FIELDS), the note as the table's row asks for it.
INPUTS = {
    "referred_to": lambda: fields.String(validate=validate.Length(max=100)),
    "follow_up_on": lambda: fields.Date(),
    "told_on": lambda: fields.Date(),
    "told_how": lambda: fields.String(validate=validate.OneOf([h.value for h in ToldHow])),
    "title": lambda: fields.String(validate=validate.Length(max=200)),
    "channel": lambda: fields.String(load_default=Channel.BETWEEN.value,
                                     validate=validate.OneOf([c.value for c in Channel])),
    "session_id": lambda: fields.Integer(allow_none=True, **ID),
    "suggestion_id": lambda: fields.Integer(**ID),
}


def move_schema(action: OpinionAction) -> type[Schema]:
    rows = [m for m in LIAISON_MOVES if m.action is action]
    attrs: dict = {name: INPUTS[name]() for name in FIELDS[action.value] if name != "note"}
    if any(m.reason is not Reason.NONE for m in rows):
        required = all(m.reason is Reason.REQUIRED for m in rows)
        attrs["note"] = fields.String(required=required, validate=validate.Length(max=5000))
    return Schema.from_dict(attrs, name=f"Opinion{action.value.title().replace('_', '')}Body")


class MoveResult(Schema):
    outcome = coded(Outcome, required=True)
    outcome_label = LabelOf("outcome")
    version = fields.Integer(required=True)
    event_id = fields.Integer(allow_none=True)
    suggestion_id = fields.Integer(allow_none=True, metadata={
        "description": "The suggestion the opinion now leads to (a new draft, or the one linked)."})
    moves = fields.List(fields.String(), required=True)


@dataclass
class Sent:
    """The body read as the move's page form reads its fields (apply_move takes either)."""

    data: dict
    seen: int | None

    def seen_version(self) -> int | None:
        return self.seen


EVERY_INPUT = dict.fromkeys((*INPUTS, "note"))


def _move(action: OpinionAction) -> None:
    creates = action is OpinionAction.TURN_INTO_DRAFT
    status = 201 if creates else 200

    def act(body: dict, opinion_id: int):
        opinion = load_opinion(opinion_id)
        if not liaison.is_logger(current_user, opinion):
            abort(403)
        sent = Sent({**EVERY_INPUT, "channel": Channel.BETWEEN.value, **body}, if_match())
        result = perform(lambda: apply_move(action.value, opinion, sent))
        out = {"outcome": opinion.outcome, "version": opinion.lock_version,
               "event_id": result.id if isinstance(result, AuditEvent) else None,
               "suggestion_id": opinion.suggestion_id,
               "moves": [str(m) for m in liaison.moves_for(current_user, opinion)]}
        if creates:
            return out, status, {"Location": url_for("api_v1.OneSuggestion", item_id=result.id)}
        return out

    rows = [m for m in LIAISON_MOVES if m.action is action]
    labels = labels_of(action)
    act.__name__ = f"liaison_{action.value}"
    act.__doc__ = (f"**{labels['zh']}** ({labels['en']}). Only the deputy who logged the opinion. "
                   f"From: {', '.join(sorted({str(m.source) for m in rows}))}. Send If-Match with the "
                   "opinion's version to be refused (409) if it changed since."
                   + (" Creates the draft (201, Location)." if creates else ""))
    op = blp.response(status, MoveResult)(act)
    op = blp.arguments(move_schema(action))(op)
    op = _doc(f"liaison_{action.value}", summary=labels["zh"], description=act.__doc__)(op)
    blp.route(f"/liaison/opinions/<int:opinion_id>/actions/{action.value}", methods=["POST"],
              endpoint=f"liaison_{action.value}")(op)


for _action in liaison.MOVES:
    _move(_action)
