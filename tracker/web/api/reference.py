"""GET /api/v1/units, /groups, /categories, /sessions and /me: the reference data of the congress
the caller works in, and who the caller is there."""

from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from marshmallow import Schema, fields
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Category, CongressSession, DeputyGroup, HandlingUnit
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp


class UnitOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    short_name = fields.String(required=True)
    is_active = fields.Boolean(required=True)


class GroupOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    is_active = fields.Boolean(required=True)


class CategoryOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    committee_id = fields.Integer(required=True)
    is_active = fields.Boolean(required=True)


class SessionOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    ordinal = fields.Integer(required=True)
    year = fields.Integer(required=True)
    collection_opens_on = fields.Date(required=True)
    presubmission_deadline_on = fields.Date(required=True)
    opens_on = fields.Date(required=True)
    closes_on = fields.Date(required=True)


class MeOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    unit_id = fields.Integer(allow_none=True)
    congress = fields.String(required=True, metadata={"description": "The congress's code."})


def _listing(path: str, model, schema: type[Schema], order, doc: str, operation: str) -> None:
    """One reference list: every row of `model` in the caller's congress."""
    def get(self):
        return list(db.session.scalars(select(model).order_by(*order)))
    get.__doc__ = doc
    get = blp.response(200, schema(many=True))(get)
    get = blp.doc(operationId=operation, security=shapes.SECURITY, tags=["reference"])(get)
    blp.route(path, endpoint=operation)(type(operation, (MethodView,), {"get": get}))


_listing("/units", HandlingUnit, UnitOut, (HandlingUnit.id,), "The handling units (承办单位).", "listUnits")
_listing("/groups", DeputyGroup, GroupOut, (DeputyGroup.id,), "The deputies' groups (代表小组).",
         "listGroups")
_listing("/categories", Category, CategoryOut, (Category.id,), "The categories (类别).",
         "listCategories")
_listing("/sessions", CongressSession, SessionOut, (CongressSession.opens_on.desc(),),
         "The sessions (会议), latest first.", "listSessions")


@blp.route("/me")
class Me(MethodView):
    @blp.doc(operationId="getMe", security=shapes.SECURITY, tags=["reference"])
    @blp.response(200, MeOut)
    def get(self):
        """The caller: their roles and unit in the congress the call works in."""
        return {"id": current_user.id, "name": current_user.name,
                "roles": sorted(r.value for r in current_user.roles),
                "unit_id": current_user.unit_id, "congress": g.congress.code}
