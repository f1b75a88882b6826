"""GET /export/<list>: the list with its filters as XLSX, at once or as a background job with progress.

The list is sent by tracker.web.exports.lists (the public page's export too): short exports are
written straight into the response's file, audited for a signed-in person; one over EXPORT_INLINE_LIMIT
rows becomes a job row and a Celery task, and the user lands on the job's page, which polls
/jobs/<id>.json and links to the file when it is ready. Only the job's owner sees or downloads it.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from tracker.models import JobKind, JobStatus
from tracker.web.exports.jobs import own_job, send_export_file
from tracker.web.exports.lists import export_list

bp = Blueprint("exports", __name__)
# What the job page calls each list, and the page the user came from.
SOURCE_PAGES = {"items": (_l("All suggestions"), "items.index"), "inbox": (_l("Inbox"), "units.inbox"),
                "review": (_l("Review queue"), "review.queue"),
                "routing": (_l("Batch routing"), "office.routing"), "search": (_l("Search"), "search.page"),
                "public": (_l("Public replies"), "public.index")}


@bp.route("/export/<source>")
def export(source: str):
    return export_list(source)


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
