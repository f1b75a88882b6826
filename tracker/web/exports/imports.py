"""Import pages for the office: upload an .xlsx, map its columns, see the per-row report, import.

upload -> /imports/<id>/map (the sheet's headers against our fields) -> check every row ->
/imports/<id> (the report; "import all N rows" only when every row is valid) -> import in one
transaction, inline for a small file, as a background job with a progress bar for a large one.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.clock import now
from tracker.domain.exchange import imports
from tracker.domain.exchange.exports import job_for
from tracker.extensions import db
from tracker.jobs.imports import run_import_job
from tracker.models import JobKind, JobStatus
from tracker.web.access import require_role
from tracker.web.errors import back_to, perform, status_of
from tracker.web.exports.forms import MappingForm, UploadForm
from tracker.web.exports.jobs import enqueue
from tracker.web.i18n import lang
from tracker.web.labels import today
from tracker.workflow import Role
from workers.tasks.exports import import_files, run_import

bp = Blueprint("imports", __name__)
DEFAULT_INLINE_LIMIT = 500  # rows imported within the request; more go to the worker


def _own_import(job_id: int):
    require_role(Role.OFFICE_STAFF)
    job = job_for(db.session, current_user, job_id)
    if job is None or job.kind is not JobKind.IMPORT:
        abort(404)
    return job


@bp.route("/imports/new", methods=["GET", "POST"])
@login_required
def upload():
    require_role(Role.OFFICE_STAFF)
    form = UploadForm()
    sent = form.sent_sheet(current_app.config.get("IMPORT_MAX_BYTES", imports.MAX_BYTES))
    if sent is None:
        return render_template("imports/upload.html", form=form), status_of(form)
    name, data, sheet = sent
    # Kept in the import store under the congress's folder: the check and the worker may run elsewhere.
    job = perform(lambda: imports.start_import(db.session, current_user, name, data, sheet, import_files(),
                                               now()))
    return redirect(url_for("imports.mapping", job_id=job.id))


@bp.route("/imports/<int:job_id>/map", methods=["GET", "POST"])
@login_required
def mapping(job_id: int):
    job = _own_import(job_id)
    if job.status is not JobStatus.QUEUED:
        return redirect(url_for("imports.report", job_id=job.id))
    form = MappingForm.for_headers(job.result.get("headers", []), job.filters.get("mapping", {}), lang(),
                                   formdata=request.form if request.method == "POST" else None)
    if (chosen := form.sent_mapping()) is not None:
        perform(lambda: imports.check_job(db.session, job, chosen, today(), import_files()),
                page=back_to(url_for("imports.upload")))
        return redirect(url_for("imports.report", job_id=job.id))
    return render_template("imports/map.html", job=job, form=form, fields=imports.FIELDS), status_of(form)


@bp.route("/imports/<int:job_id>")
@login_required
def report(job_id: int):
    job = _own_import(job_id)
    if job.result.get("stage") == "mapping":
        return redirect(url_for("imports.mapping", job_id=job.id))
    return render_template("imports/report.html", job=job, fields={f.key: f for f in imports.FIELDS},
                           problems=job.result.get("problems", []))


@bp.route("/imports/<int:job_id>/run", methods=["POST"])
@login_required
def run(job_id: int):
    job = _own_import(job_id)
    if job.status is not JobStatus.QUEUED or job.result.get("stage") != "checked" \
            or job.result.get("problems"):
        flash(_("This file cannot be imported as it stands; see the report."), "info")
        return redirect(url_for("imports.report", job_id=job.id))
    if (job.result.get("valid") or 0) > current_app.config.get("IMPORT_INLINE_LIMIT", DEFAULT_INLINE_LIMIT):
        enqueue(run_import, job.id)
        return redirect(url_for("exports.job_page", job_id=job.id))
    count = run_import_job(db.session, job, now, import_files())
    if count:
        flash(_("%(count)d suggestions imported.", count=count), "success")
    return redirect(url_for("imports.report", job_id=job.id))
