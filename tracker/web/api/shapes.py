"""What the suggestion reads return: the list row, the whole suggestion as its page shows it to the
caller (replies by the visibility rule), history events, versions and diffs."""

from __future__ import annotations

from marshmallow import Schema, fields

from tracker.domain.core.engine import offers
from tracker.domain.reads.dossier import Dossier
from tracker.models import Suggestion, User
from tracker.web.api.schemas import LabelOf, Labels, Person, coded, labels_of
from tracker.workflow import (
    AssignmentState,
    Channel,
    CoSignerStatus,
    DeadlineKind,
    Grade,
    PromiseState,
    ReplyStatus,
    Role,
    State,
)

# A token; the pages' own session (with X-CSRFToken on unsafe calls) works too, as the docs say.
SECURITY = [{"token": []}]
ETAG_HEADER = {"ETag": {"description": "The suggestion's version: send it back as If-Match.",
                        "schema": {"type": "string"}}}


class SuggestionRow(Schema):
    id = fields.Integer(required=True)
    number = fields.String(attribute="registration_label", allow_none=True,
                           metadata={"description": "The registration number, once registered."})
    title = fields.String(required=True)
    state = coded(State, required=True)
    state_label = LabelOf("state")
    channel = coded(Channel, required=True)
    session_id = fields.Integer(allow_none=True)
    category_id = fields.Integer(allow_none=True)
    author = fields.Nested(Person, required=True)
    is_key = fields.Boolean(required=True)
    version = fields.Integer(attribute="lock_version", required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    submitted_at = fields.AwareDateTime(allow_none=True)
    registered_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)


class SuggestionPage(Schema):
    items = fields.List(fields.Nested(SuggestionRow), required=True)
    next = fields.String(allow_none=True, required=True,
                         metadata={"description": "Pass as `after` for the next page; null at the end."})


class CoSignerOut(Schema):
    deputy = fields.Nested(Person)
    status = coded(CoSignerStatus)
    invited_at = fields.AwareDateTime()
    answered_at = fields.AwareDateTime(allow_none=True)


class AssignmentOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    unit_name = fields.Function(lambda a: a.unit.name)
    is_lead = fields.Boolean()
    state = coded(AssignmentState)
    is_open = fields.Boolean()
    assigned_at = fields.AwareDateTime()
    received_at = fields.AwareDateTime(allow_none=True)
    released_at = fields.AwareDateTime(allow_none=True)
    opinion = fields.String()


class ReplyOut(Schema):
    id = fields.Integer()
    unit_id = fields.Integer()
    round = fields.Integer()
    category = fields.String()
    text = fields.String()
    promised_on = fields.Date(allow_none=True)
    promise_text = fields.String()
    status = coded(ReplyStatus)
    drafted_at = fields.AwareDateTime()
    issued_at = fields.AwareDateTime(allow_none=True)


class EvaluationOut(Schema):
    id = fields.Integer()
    reply_id = fields.Integer()
    round = fields.Integer()
    attitude = coded(Grade)
    result = coded(Grade)
    comment = fields.String()
    evaluated_at = fields.AwareDateTime()


class DeadlineOut(Schema):
    id = fields.Integer()
    kind = coded(DeadlineKind)
    kind_label = LabelOf("kind")
    due_on = fields.Date()
    provisional = fields.Boolean(metadata={"description": "暂定: the date may still move."})
    owner_unit_id = fields.Integer(allow_none=True)
    owner_user_id = fields.Integer(allow_none=True)


class PromiseOut(Schema):
    id = fields.Integer()
    reply_id = fields.Integer()
    unit_id = fields.Integer()
    text = fields.String()
    due_on = fields.Date()
    state = coded(PromiseState)
    report_text = fields.String()
    reported_at = fields.AwareDateTime(allow_none=True)


class Event(Schema):
    id = fields.Integer()
    action = fields.String()
    role = coded(Role, allow_none=True)
    actor = fields.Nested(Person)
    from_state = coded(State, allow_none=True)
    to_state = coded(State, allow_none=True)
    reason = fields.String()
    at = fields.AwareDateTime()


class Version(Schema):
    number = fields.Integer()
    title = fields.String()
    reasons = fields.String()
    proposals = fields.String()
    category_id = fields.Integer(allow_none=True)
    layer = coded(State)
    frozen_at = fields.AwareDateTime()


class Segment(Schema):
    op = fields.String(metadata={"description": "equal, insert, delete or replace"})
    old = fields.String()
    new = fields.String()


class DiffRow(Schema):
    segments = fields.List(fields.Nested(Segment))


class FieldDiff(Schema):
    name = fields.String()
    rows = fields.List(fields.Nested(DiffRow))


class OfferOut(Schema):
    action = fields.String(required=True)
    label = fields.Nested(Labels, required=True)
    role = fields.String(required=True)
    operation = fields.String(required=True, metadata={"description": "The path to POST to."})


class SuggestionDetail(SuggestionRow):
    reasons = fields.String(required=True)
    proposals = fields.String(required=True)
    origin = fields.String(required=True)
    proposed_unit_id = fields.Integer(allow_none=True)
    cosigners = fields.List(fields.Nested(CoSignerOut), required=True)
    assignments = fields.List(fields.Nested(AssignmentOut), required=True)
    replies = fields.List(fields.Nested(ReplyOut), required=True)
    evaluations = fields.List(fields.Nested(EvaluationOut), required=True)
    deadlines = fields.List(fields.Nested(DeadlineOut), required=True)
    promises = fields.List(fields.Nested(PromiseOut), required=True)
    offers = fields.List(fields.Nested(OfferOut), required=True,
                         metadata={"description": "The actions the caller may take now."})


def detail(item: Suggestion, dossier: Dossier, viewer: User) -> dict:
    """The suggestion and what its page shows `viewer`, as SuggestionDetail reads it."""
    shown = {r.id for r in dossier.replies}
    out = {name: getattr(item, name) for name in SuggestionRow._declared_fields
           if hasattr(item, name)}
    out.update(item=item, registration_label=item.registration_label, lock_version=item.lock_version,
               reasons=item.reasons, proposals=item.proposals, origin=item.origin,
               proposed_unit_id=item.proposed_unit_id, cosigners=dossier.cosigners,
               assignments=dossier.assignments, replies=dossier.replies,
               evaluations=[e for e in dossier.evaluations.values() if e.reply_id in shown],
               deadlines=dossier.deadlines, promises=dossier.promises,
               offers=[{"action": o.action.value, "label": labels_of(o.action), "role": o.role.value,
                        "operation": f"/api/v1/suggestions/{item.id}/actions/{o.action.value}"}
                       for o in offers(item, viewer)])
    return out
