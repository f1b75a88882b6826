"""POST /api/v1/suggestions/<id>/actions/<action>: one operation per action of the workflow table.

Each operation's body is built from the table's rows for that action: `reason` where a row takes
one, `as_role` among the rows' roles, and each of the rows' fields typed by its kind. The same
engine call as the action's page, through the same lifecycle (tracker.web.errors.perform).
"""

from __future__ import annotations

from datetime import date

from flask_login import current_user
from marshmallow import Schema, fields, validate

from tracker.domain.core.engine import apply, offers
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp, if_match, load_suggestion
from tracker.web.api.idempotent import once
from tracker.web.api.schemas import LabelOf, coded, labels_of
from tracker.web.errors import perform
from tracker.workflow import FIELDS, TRANSITIONS, Action, Field, Kind, Reason, Role, State, label

ID = {"validate": validate.Range(1, 2**31 - 1), "strict": True}
TEXT = {"validate": validate.Length(max=20000)}


def _input(name: Field) -> fields.Field:
    """The JSON type of one of the table's fields, by its kind."""
    spec = FIELDS[name]
    about = {"metadata": {"description": f"{spec.label}"}}
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return fields.String(validate=validate.Length(max=200 if kind is Kind.TEXT else 20000), **about)
    if kind is Kind.DATE:
        return fields.Date(**about)
    if kind is Kind.DATES:
        return fields.List(fields.Date(), validate=validate.Length(max=24), **about)
    if kind is Kind.UNITS:
        return fields.List(fields.Integer(**ID), validate=validate.Length(max=50), **about)
    if kind is Kind.CHOICE:
        return fields.String(validate=validate.OneOf([value for value, _ in spec.options]), **about)
    if kind is Kind.CHECKLIST:
        return fields.Dict(keys=fields.String(), values=fields.Raw(), **about)
    return fields.Integer(**ID, **about)  # a deputy, unit, category, committee, suggestion, promise


def body_schema(action: Action) -> type[Schema]:
    rows = [t for t in TRANSITIONS if t.action is action]
    roles = sorted({r.value for t in rows for r in t.roles})
    attrs: dict = {"as_role": fields.String(validate=validate.OneOf(roles), metadata={
        "description": "The role to act in, when the caller holds several of these."})}
    if any(t.reason is not Reason.NONE for t in rows):
        required = all(t.reason is Reason.REQUIRED for t in rows)
        attrs["reason"] = fields.String(allow_none=not required, required=required, **TEXT)
    for name in dict.fromkeys(f for t in rows for f in (*t.fields, *t.optional_fields)):
        attrs[name.value] = _input(name)
    return Schema.from_dict(attrs, name=f"{action.value.title().replace('_', '')}Body")


class ActionResult(Schema):
    state = coded(State, required=True)
    state_label = LabelOf("state")
    event_id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    offers = fields.List(fields.String(), required=True)


def _engine_data(body: dict) -> dict:
    """The body's fields as the engine takes them: dates as ISO text, as a form sends them."""
    def plain(value):
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    return {k: plain(v) for k, v in body.items() if k not in ("reason", "as_role")}


def _describe(action: Action) -> str:
    rows = [t for t in TRANSITIONS if t.action is action]
    labels = labels_of(action)
    roles = "、".join(labels_of(r)["zh"] for r in sorted({r for t in rows for r in t.roles}))
    reason = {True: "required", False: "optional"}[all(t.reason is Reason.REQUIRED for t in rows)]
    return (f"**{labels['zh']}** ({labels['en']}). Who may call it: {roles}. Reason: "
            f"{reason if any(t.reason is not Reason.NONE for t in rows) else 'none'}. From: "
            f"{', '.join(sorted({label(t.source) for t in rows}))}. Send If-Match with the ETag of "
            "your last read to be refused (412) if the suggestion changed since.")


def _operation(action: Action):
    def act(body: dict, item_id: int):
        item = load_suggestion(item_id)
        seen = if_match()
        role = body.get("as_role") or _default_role(item, action)

        def call():
            event = apply(item, action, actor=current_user, as_role=role, reason=body.get("reason"),
                          data=_engine_data(body), seen_version=seen)
            return {"state": item.state, "event_id": event.id, "version": item.lock_version,
                    "offers": [o.action.value for o in offers(item, current_user)]}
        return perform(once(call, ActionResult))
    act.__name__ = f"act_{action.value}"
    act.__doc__ = _describe(action)
    op = blp.response(200, ActionResult)(act)
    op = blp.arguments(body_schema(action))(op)
    op = blp.doc(operationId=f"act_{action.value}", summary=labels_of(action)["zh"],
                 security=shapes.SECURITY, tags=["actions"])(op)
    blp.route(f"/suggestions/<int:item_id>/actions/{action.value}", methods=["POST"],
              endpoint=f"act_{action.value}")(op)


def _default_role(item, action: Action):
    """The offered role, else any role the caller holds (the engine then says why not)."""
    offer = next((o for o in offers(item, current_user) if o.action is action), None)
    if offer is not None:
        return offer.role
    roles = sorted(current_user.roles)
    return roles[0] if roles else Role.DEPUTY


for _action in dict.fromkeys(t.action for t in TRANSITIONS):
    _operation(_action)
