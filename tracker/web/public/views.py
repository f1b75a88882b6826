"""GET /public/<congress> (the list of a congress's 主动公开 replies, searchable), its items and its
published yearly reports (/public/<congress>/reports, one report, its XLSX); no login. Reports are read
from their frozen copy. The congress in the URL is the request's (tracker.web.congress); the links of
before there were several congresses (/public, /public/items/<id>, …) move to the default one's."""

from __future__ import annotations

import io

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for

from tracker.domain.metrics.report import report_xlsx
from tracker.domain.publication.disclosure import periods, public_item, public_replies
from tracker.domain.publication.reports import public_reports, public_version, report_of, versions
from tracker.extensions import db
from tracker.web import page_cache
from tracker.web.congress import default_congress
from tracker.web.exports.lists import export_list
from tracker.web.i18n import gettext, lang
from tracker.web.params import int_arg, page_arg
from tracker.web.public.forms import PublicQuery

bp = Blueprint("public", __name__, url_prefix="/public/<congress>")


@bp.url_defaults
def _this_congress(endpoint: str, values: dict) -> None:
    """A public link names the congress of the page it is drawn on, unless it names another."""
    if "congress" not in values:
        # A page of no congress (an unknown one's 404) links to the default congress's pages.
        congress = g.get("congress") or default_congress()
        if congress is not None:
            values["congress"] = congress.code


@bp.route("")
def index():
    def draw() -> str:
        q = PublicQuery.from_args(request.args, periods(db.session))
        page = public_replies(db.session, **q.filters(), page=page_arg(),
                              lang=lang())
        return render_template("public/_index.html", page=page, query=q.text, periods=q.periods,
                               chosen=q.chosen, message=q.message)

    # Everyone sees the same public list: drawn once per data generation, language and query.
    return render_template("public/index.html", body=page_cache.fragment("public", draw))


@bp.route("/items/<int:item_id>")
def show(item_id: int):
    item = public_item(db.session, item_id, lang())
    if item is None:  # not found and not public look alike, so nothing leaks about private items
        abort(404)
    return render_template("public/show.html", item=item)


@bp.route("/export")
def export():
    """This congress's public list as XLSX, with the page's filters (the same rows it lists)."""
    return export_list("public")


# The public report page's tables: the same columns as the office's report page.
UNIT_COLUMNS = ("assigned", "reply_rate", "close_rate", "satisfaction", "solved_rate", "meeting_rate")
CATEGORY_COLUMNS = ("total", "assigned", "reply_rate", "close_rate", "satisfaction")


@bp.route("/reports")
def reports():
    rows = [(row, report_of(row.snapshot, lang())) for row in public_reports(db.session)]
    return render_template("public/reports.html", reports=rows)


def _published(scope_key: str):
    """The asked-for public version (?version=N, else the latest); 404 when missing or withdrawn."""
    version = int_arg("version", invalid=404)
    row = public_version(db.session, scope_key, version)
    if row is None:
        abort(404)
    return row


@bp.route("/reports/<scope_key>")
def report(scope_key: str):
    row = _published(scope_key)
    history = versions(db.session, scope_key, public_only=True)
    r = report_of(row.snapshot, lang())
    # The figures as the XLSX lists them: the report's own, then the liaison stations'.
    figure_rows = [r.values[k] for k in row.snapshot["order"]] + list(r.liaison.values())
    return render_template("public/report.html", row=row, r=r, figure_rows=figure_rows,
                           history=history, latest=history[0],
                           unit_columns=UNIT_COLUMNS, category_columns=CATEGORY_COLUMNS)


@bp.route("/reports/<scope_key>.xlsx")
def report_file(scope_key: str):
    row = _published(scope_key)
    r = report_of(row.snapshot, lang())
    stem = gettext("suggestions-report")
    data = report_xlsx(r, lang(), order=tuple(row.snapshot["order"]))
    return send_file(io.BytesIO(data), download_name=f"{stem}-{r.scope}-v{row.version}.xlsx",
                     as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# The public links printed and shared before congresses: each moves (308, query kept) to the same
# page of the default congress.
moved = Blueprint("public_moved", __name__)
MOVED = {"/public": "index", "/public/items/<int:item_id>": "show", "/public/reports": "reports",
         "/public/reports/<scope_key>": "report", "/public/reports/<scope_key>.xlsx": "report_file"}


def _moved_to(endpoint: str):
    def view(**values):
        congress = default_congress()
        if congress is None:
            abort(404)
        # The query is kept; the path's parts (the congress, the item) win over same-named parameters.
        target = {**request.args.to_dict(flat=False), **values, "congress": congress.code}
        return redirect(url_for(f"public.{endpoint}", **target), 308)
    return view


for _rule, _endpoint in MOVED.items():
    moved.add_url_rule(_rule, _endpoint, _moved_to(_endpoint))
