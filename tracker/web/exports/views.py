"""GET /export/<list>: the list with its filters as XLSX, at once or as a background job with progress.

Short exports stream straight into the response's temporary file; one over EXPORT_INLINE_LIMIT
rows becomes a job row and a Celery task, and the user lands on the job's page, which polls
/jobs/<id>.json and links to the file when it is ready. Only the job's owner sees or downloads it.
"""

from __future__ import annotations

import io
from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet, count_items, item_rows, write_xlsx
from tracker.extensions import db
from tracker.models import JobKind, JobStatus
from tracker.web.exports.jobs import XLSX, own_job, send_export_file, start_export_job
from tracker.web.exports.sources import PUBLIC_SOURCES, SOURCES
from tracker.web.i18n import lang

bp = Blueprint("exports", __name__)
# What the job page calls each list, and the page the user came from.
SOURCE_PAGES = {"items": (_l("All suggestions"), "items.index"), "inbox": (_l("Inbox"), "units.inbox"),
                "review": (_l("Review queue"), "review.queue"),
                "routing": (_l("Batch routing"), "office.routing"), "search": (_l("Search"), "search.page"),
                "public": (_l("Public replies"), "public.index")}
DEFAULT_INLINE_LIMIT = 5000


@bp.route("/export/<source>")
def export(source: str):
    build = SOURCES.get(source) or abort(404)
    if source not in PUBLIC_SOURCES and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    built = build(request.args)
    if isinstance(built, Sheet):
        return _send(built, source)
    base, filters = built
    total = count_items(db.session, base)
    if total > current_app.config.get("EXPORT_INLINE_LIMIT", DEFAULT_INLINE_LIMIT):
        job = start_export_job(source, filters, total)
        return redirect(url_for("exports.job_page", job_id=job.id))
    return _send(Sheet(source, [c.header(lang()) for c in ITEM_COLUMNS],
                       item_rows(db.session, base, lang())), source)


def _send(sheet: Sheet, source: str):
    # In memory: an inline export is at most EXPORT_INLINE_LIMIT rows (a few hundred KB zipped);
    # the rows themselves still stream from the cursor into the write-only workbook.
    out = io.BytesIO()
    write_xlsx(out, sheet)
    out.seek(0)
    name = f"{source}-{datetime.now().strftime('%Y%m%d-%H%M')}.xlsx"
    return send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/jobs/<int:job_id>")
@login_required
def job_page(job_id: int):
    job = own_job(job_id)
    name, endpoint = SOURCE_PAGES.get(job.source, (job.source, None))
    back = url_for(endpoint, **job.filters) if job.kind is JobKind.EXPORT and endpoint else None
    return render_template("exports/job.html", job=job, list_name=name, back=back, report=report_url(job))


@bp.route("/jobs/<int:job_id>.json")
@login_required
def job_status(job_id: int):
    job = own_job(job_id)
    return jsonify(id=job.id, kind=job.kind.value, status=job.status.value, done=job.rows_done,
                   total=job.rows_total, percent=job.percent, error=job.error or None,
                   download=url_for("exports.download", job_id=job.id)
                   if job.kind is JobKind.EXPORT and job.status is JobStatus.DONE else None,
                   report=report_url(job) if job.status in (JobStatus.DONE, JobStatus.FAILED) else None)


def report_url(job) -> str | None:
    """Where a finished import's report is: the legacy spreadsheet's, or the roster's."""
    pages = {JobKind.IMPORT: "imports.report", JobKind.ROSTER: "admin_roster.preview"}
    return url_for(pages[job.kind], job_id=job.id) if job.kind in pages else None


@bp.route("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    return send_export_file(own_job(job_id))
