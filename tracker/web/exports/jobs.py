"""Background jobs as the pages and the JSON API start and hand them out: queued on this app's Celery,
shown only to their owner, an export's file sent once it is written (tracker.web.exports.lists and .views,
tracker.web.api.exports, the import and roster pages)."""

from __future__ import annotations

from flask import abort, current_app, send_file
from flask_login import current_user

from tracker.clock import now
from tracker.domain.exchange import exports
from tracker.extensions import db
from tracker.models import Job, JobKind, JobStatus
from tracker.web.errors import perform
from tracker.web.i18n import lang
from workers import celery_init_app
from workers.tasks.exports import export_files, run_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def enqueue(task, *args) -> None:
    """Queue a task on this app's Celery (wired at start-up, or here on first use), by name."""
    celery = current_app.extensions.get("celery") or celery_init_app(current_app)
    celery.send_task(task.name, args=list(args))


def start_export_job(source: str, filters: dict, total: int) -> Job:
    """The signed-in user's long export of a list: the job row written (and audited) and committed,
    then the worker's task queued in the user's language."""
    job = perform(lambda: exports.start_export(db.session, current_user, source, filters, total, now()))
    enqueue(run_export, job.id, lang())
    return job


def own_job(job_id: int) -> Job:
    """The signed-in user's own job; anyone else's is 404, as if it did not exist."""
    job = exports.job_for(db.session, current_user, job_id)
    if job is None:
        abort(404)
    return job


def send_export_file(job: Job):
    """A finished export's XLSX file; 404 for any other job, one not done, or a file gone."""
    if job.kind is not JobKind.EXPORT or job.status is not JobStatus.DONE or not job.file_path:
        abort(404)
    files = export_files()
    # A folder's file is sent by its path; a bucket's object (written by a worker on any machine)
    # streams through.
    content = files.local_path(job.file_path)
    if content is None:
        try:
            content = files.open(job.file_path)
        except FileNotFoundError:
            abort(404)
    elif not content.is_file():
        abort(404)
    perform(lambda: exports.hand_out(db.session, current_user, job, now()))
    return send_file(content, mimetype=XLSX, as_attachment=True, download_name=f"{job.source}-{job.id}.xlsx")
