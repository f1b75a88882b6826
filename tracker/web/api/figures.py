"""GET /api/v1/dashboard and /api/v1/reports/yearly: the same numbers the dashboard page and the
yearly report page show, from the same calls with the same filter (read by the pages' own filter
form, so a value the page would not offer is refused here too), for those who see all."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from tracker.clock import now
from tracker.domain.errors import InvalidData
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import Value
from tracker.domain.metrics.liaison import liaison_values, scope_of
from tracker.domain.metrics.panels import build_dashboard
from tracker.domain.metrics.report import report_for
from tracker.extensions import db
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp
from tracker.web.api.schemas import Labels
from tracker.web.dashboard.filters import read_filter
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.web.rollups import summary_from
from tracker.workflow import Channel
from tracker.workflow.i18n import N_

TAGS = ["figures"]
ID = {"validate": validate.Range(1, 2**31 - 1)}


class FilterArgs(Schema):
    """The dashboard's filter, as its page's query string names it."""

    session_id = fields.Integer(**ID)
    year = fields.Integer(validate=validate.Range(2000, 2100))
    channel = fields.String(validate=validate.OneOf([c.value for c in Channel]))
    category_id = fields.Integer(**ID)
    group_id = fields.Integer(**ID)
    unit_id = fields.Integer(**ID)
    deputy_id = fields.Integer(**ID)


class ValueOut(Schema):
    key = fields.String(required=True)
    label = fields.Nested(Labels, required=True)
    num = fields.Integer(required=True, metadata={"description": "The count, or the rate's numerator."})
    den = fields.Integer(allow_none=True, metadata={"description": "A rate's denominator; null for a count."})
    rate = fields.Float(allow_none=True)
    percent = fields.Float(allow_none=True)
    text = fields.String(required=True, metadata={"description": "As the page writes it."})


class BreakdownRow(Schema):
    id = fields.Integer(allow_none=True)
    name = fields.String(required=True)
    values = fields.Dict(keys=fields.String(), values=fields.Nested(ValueOut), required=True)


class BreakdownOut(Schema):
    rows = fields.List(fields.Nested(BreakdownRow), required=True)
    more = fields.Integer(required=True, metadata={"description": "Rows left out of a long table."})


class UrgentOut(Schema):
    deadline_id = fields.Integer(required=True)
    suggestion_id = fields.Integer(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    due_on = fields.Date(required=True)
    urgency = fields.String(required=True)
    owner = fields.String(required=True)


class KeyItemOut(Schema):
    suggestion_id = fields.Integer(required=True)
    title = fields.String(required=True)
    leader = fields.String(allow_none=True)
    reports = fields.Integer(required=True)


class DashboardOut(Schema):
    as_of = fields.AwareDateTime(required=True)
    source = fields.String(required=True, metadata={"description": "live, or summary (the last refresh)."})
    totals = fields.Dict(keys=fields.String(), values=fields.Nested(ValueOut), required=True)
    breakdowns = fields.Dict(keys=fields.String(), values=fields.Nested(BreakdownOut), required=True)
    trends = fields.Dict(keys=fields.String(), required=True,
                         values=fields.Dict(keys=fields.String(), values=fields.Integer()),
                         metadata={"description": "Per month (YYYY-MM): events by kind."})
    urgency = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    urgent = fields.List(fields.Nested(UrgentOut), required=True)
    key_items = fields.List(fields.Nested(KeyItemOut), required=True)
    liaison = fields.Dict(keys=fields.String(), values=fields.Nested(ValueOut), required=True)


class ReportOut(Schema):
    scope = fields.String(required=True)
    as_of = fields.Date(required=True)
    source = fields.String(required=True)
    paragraphs = fields.List(fields.String(), required=True,
                             metadata={"description": "The report's sentences, in the request's language."})
    figures = fields.List(fields.Nested(ValueOut), required=True,
                          metadata={"description": "In the report's order."})
    by_channel = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    units = fields.Nested(BreakdownOut, required=True)
    categories = fields.Nested(BreakdownOut, required=True)
    liaison = fields.Dict(keys=fields.String(), values=fields.Nested(ValueOut), required=True)


def value_out(key: str, v: Value) -> dict:
    return {"key": key, "label": {"zh": v.figure.label("zh"), "en": v.figure.label("en")}, "num": v.num,
            "den": v.den, "rate": v.rate, "percent": v.percent, "text": v.text()}


def values_out(values: dict[str, Value]) -> dict[str, dict]:
    return {k: value_out(k, v) for k, v in values.items()}


def breakdown_out(table) -> dict:
    rows = [{"id": key, "name": name, "values": values_out(values)} for key, name, values in table.rows]
    return {"rows": rows, "more": table.more}


def _filter() -> MetricFilter:
    """The pages' filter over the same query string: 403 for who may not, 422 for a value not offered."""
    form, valid = read_filter()
    if not valid:
        raise InvalidData(N_("Invalid choice."), field=next(iter(form.errors), None))
    return form.to_filter()


def _doc(operation: str):
    return blp.doc(operationId=operation, security=shapes.SECURITY, tags=TAGS)


@blp.route("/dashboard")
class Dashboard(MethodView):
    @_doc("getDashboard")
    @blp.arguments(FilterArgs, location="query")
    @blp.response(200, DashboardOut)
    def get(self, _args: dict):
        """Every figure of the dashboard page for the filter: totals, the breakdown tables, trends,
        deadlines by urgency (the red and amber ones listed), key items and the liaison panel."""
        flt = _filter()
        d = build_dashboard(db.session, flt, today(), now(), lang(), summary_from=summary_from())
        return {"as_of": d.as_of, "source": d.source, "totals": values_out(d.totals),
                "breakdowns": {dim: breakdown_out(t) for dim, t in d.breakdowns.items()},
                "trends": d.trends, "urgency": {str(k): n for k, n in d.urgency.counts.items()},
                "urgent": [{"deadline_id": dl.id, "suggestion_id": item.id, "title": item.title,
                            "kind": str(dl.kind), "due_on": dl.due_on, "urgency": str(u), "owner": owner}
                           for dl, item, u, owner in d.urgency.entries],
                "key_items": [{"suggestion_id": k.item.id, "title": k.item.title,
                               "leader": k.mark.leader if k.mark else None, "reports": len(k.reports)}
                              for k in d.key_items],
                "liaison": values_out(liaison_values(db.session, scope_of(db.session, flt), today()))}


@blp.route("/reports/yearly")
class YearlyReport(MethodView):
    @_doc("getYearlyReport")
    @blp.arguments(FilterArgs, location="query")
    @blp.response(200, ReportOut)
    def get(self, _args: dict):
        """The yearly handling report's figures and sentences for a session or a year (the report
        page's numbers; its XLSX stays at /reports/yearly.xlsx)."""
        report, refresh = report_for(db.session, _filter(), today(), lang(), summary_from())
        return {"scope": report.scope, "as_of": report.as_of, "source": "summary" if refresh else "live",
                "paragraphs": report.paragraphs,
                "figures": [value_out(k, report.values[k]) for k in report.order],
                "by_channel": report.by_channel, "units": breakdown_out(report.units),
                "categories": breakdown_out(report.categories), "liaison": values_out(report.liaison)}
