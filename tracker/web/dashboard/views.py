"""GET /dashboard, /dashboard/items (drill-down), /reports/yearly and its XLSX, for supervisors and office.

Each view: check access (403) -> read the GET filter form (400 with the form's message when a value
is not one offered) -> one domain call -> render.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from tracker.clock import now
from tracker.domain.audit_chain.checking import chain_head
from tracker.domain.metrics.figures import BREAKDOWN_COLUMNS, FIGURES, FUNNEL, HEADLINE, UNIT_COLUMNS
from tracker.domain.metrics.panels import DRILL_LIMIT, build_dashboard, drill
from tracker.domain.metrics.report import report_for, report_xlsx
from tracker.domain.metrics.summary import latest_refresh
from tracker.extensions import db
from tracker.tenancy import current_congress_id
from tracker.web.dashboard.cells import row_cells, select_html
from tracker.web.dashboard.charts import chart_data
from tracker.web.dashboard.filters import read_filter
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.web.publication.card import panel  # the publishing card on the report page
from tracker.web.rollups import summary_from

bp = Blueprint("dashboard", __name__)


@bp.context_processor
def _drill_href():
    # Thousands of table cells link to their drill-down: build the address once, not per cell.
    base = url_for("dashboard.items")

    def drill_href(key: str, part: str, args: dict) -> str:
        return f"{base}?{urlencode({'key': key, 'part': part, **args})}"

    def cells(values, columns, args, dim, key):
        return row_cells(base, values, columns, args, dim, key)
    return {"drill_href": drill_href, "row_cells": cells, "select_html": select_html}


@bp.route("/dashboard")
@login_required
def index():
    form, valid = read_filter()
    if not valid:
        return render_template("dashboard/index.html", form=form, d=None), 400
    d = build_dashboard(db.session, form.to_filter(), today(), now(), lang(), summary_from=summary_from())
    return render_template("dashboard/index.html", form=form, d=d, figures=FIGURES, funnel=FUNNEL,
                           headline=HEADLINE, unit_columns=UNIT_COLUMNS,
                           breakdown_columns=BREAKDOWN_COLUMNS, charts=chart_data(d, lang()))


@bp.route("/dashboard/items")
@login_required
def items():
    form, valid = read_filter()
    wanted = form.drill_args(request.args, valid)
    if wanted is None:
        return render_template("dashboard/items.html", form=form, figure=None, items=[], total=0), 400
    (key, part, after), flt = wanted, form.to_filter()
    # The same source as the dashboard the figure was clicked on, so the list is what it counted.
    refresh = latest_refresh(db.session, summary_from())
    total, found = drill(db.session, flt, key, part, today(), limit=DRILL_LIMIT + 1, after=after,
                         summary=refresh is not None)
    more = len(found) > DRILL_LIMIT  # one row past the page says whether a next page exists
    return render_template("dashboard/items.html", form=form, figure=FIGURES[key], part=part, flt=flt,
                           items=found[:DRILL_LIMIT], total=total, after=after, more=more,
                           source="summary" if refresh else "live",
                           as_of=refresh.refreshed_at if refresh else now())


@bp.route("/reports/yearly")
@login_required
def report():
    form, valid = read_filter()
    if not valid:
        return render_template("dashboard/report.html", form=form, r=None), 400
    r, refresh = report_for(db.session, form.to_filter(), today(), lang(), summary_from())
    return render_template("dashboard/report.html", form=form, r=r, order=r.order, figures=FIGURES,
                           as_of=refresh.refreshed_at if refresh else now(), summary=refresh is not None,
                           publishing=panel(form.to_filter(), r),
                           chain=chain_head(db.session, current_congress_id()))


@bp.route("/reports/yearly.xlsx")
@login_required
def report_file():
    form, valid = read_filter()
    if not valid:
        return render_template("dashboard/report.html", form=form, r=None), 400
    r, _refresh = report_for(db.session, form.to_filter(), today(), lang(), summary_from())
    name = f"{_('suggestions-report')}-{r.scope}.xlsx"
    return send_file(io.BytesIO(report_xlsx(r, lang())), download_name=name, as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
