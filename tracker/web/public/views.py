"""GET /public (the list of 主动公开 replies, searchable), /public/items/<id> and the published yearly
reports (/public/reports, one report, its XLSX); no login. Reports are read from their frozen copy."""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, request, send_file

from tracker.domain.metrics.report import report_xlsx
from tracker.domain.publication.disclosure import periods, public_item, public_replies
from tracker.domain.publication.reports import public_reports, public_version, report_of, versions
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.i18n import gettext, lang
from tracker.web.public.forms import PublicQuery

bp = Blueprint("public", __name__)

@bp.route("/public")
def index():
    def draw() -> str:
        q = PublicQuery.from_args(request.args, periods(db.session))
        page = public_replies(db.session, **q.filters(), page=request.args.get("page", 1, type=int) or 1)
        return render_template("public/_index.html", page=page, query=q.text, periods=q.periods,
                               chosen=q.chosen, message=q.message)

    # Everyone sees the same public list: drawn once per data generation, language and query.
    return render_template("public/index.html", body=page_cache.fragment("public", draw))


@bp.route("/public/items/<int:item_id>")
def show(item_id: int):
    item = public_item(db.session, item_id)
    if item is None:  # not found and not public look alike, so nothing leaks about private items
        abort(404)
    return render_template("public/show.html", item=item)


# The public report page's tables: the same columns as the office's report page.
UNIT_COLUMNS = ("assigned", "reply_rate", "close_rate", "satisfaction", "solved_rate", "meeting_rate")
CATEGORY_COLUMNS = ("total", "assigned", "reply_rate", "close_rate", "satisfaction")


@bp.route("/public/reports")
def reports():
    rows = [(row, report_of(row.snapshot, lang())) for row in public_reports(db.session)]
    return render_template("public/reports.html", reports=rows)


def _published(scope_key: str):
    """The asked-for public version (?version=N, else the latest); 404 when missing or withdrawn."""
    version = request.args.get("version", type=int)
    row = public_version(db.session, scope_key, version)
    if row is None:
        abort(404)
    return row


@bp.route("/public/reports/<scope_key>")
def report(scope_key: str):
    row = _published(scope_key)
    history = versions(db.session, scope_key, public_only=True)
    r = report_of(row.snapshot, lang())
    # The figures as the XLSX lists them: the report's own, then the liaison stations'.
    figure_rows = [r.values[k] for k in row.snapshot["order"]] + list(r.liaison.values())
    return render_template("public/report.html", row=row, r=r, figure_rows=figure_rows,
                           history=history, latest=history[0],
                           unit_columns=UNIT_COLUMNS, category_columns=CATEGORY_COLUMNS)


@bp.route("/public/reports/<scope_key>.xlsx")
def report_file(scope_key: str):
    row = _published(scope_key)
    r = report_of(row.snapshot, lang())
    stem = gettext("suggestions-report")
    data = report_xlsx(r, lang(), order=tuple(row.snapshot["order"]))
    return send_file(io.BytesIO(data), download_name=f"{stem}-{r.scope}-v{row.version}.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
