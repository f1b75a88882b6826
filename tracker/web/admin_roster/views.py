"""Roster import: upload -> preview (every row's problems, what would be created or updated; nothing
written) -> import all, or the valid rows only -> report. Small rosters are written within the
request; a large one by the worker, followed on the job page's progress bar (/jobs/<id>).
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.clock import now
from tracker.domain.exchange import uploads
from tracker.domain.exchange.exports import job_for
from tracker.domain.roster import imports as roster
from tracker.domain.roster.columns import KIND_LABELS, KINDS, template
from tracker.domain.roster.report import report_xlsx
from tracker.domain.roster.sheets import MAX_BYTES, MAX_ROWS
from tracker.extensions import db
from tracker.models import Job, JobKind
from tracker.web.admin_roster.forms import ConfirmForm, UploadForm
from tracker.web.errors import back_to, page_of, perform, status_of
from tracker.web.exports.jobs import XLSX, enqueue
from workers.tasks.exports import import_files, run_roster_import

bp = Blueprint("admin_roster", __name__, url_prefix="/admin/roster")
DEFAULT_INLINE_LIMIT = 500  # people written within the request; more go to the worker


def _may_import() -> None:
    if not any(current_user.has_role(r) for r in roster.IMPORTERS):
        abort(403)


def _own_job(job_id: int) -> Job:
    _may_import()
    job = job_for(db.session, current_user, job_id)
    if job is None or job.kind is not JobKind.ROSTER:
        abort(404)
    return job


def _index_page(form: UploadForm):
    jobs = db.session.scalars(select(Job).where(Job.user_id == current_user.id, Job.kind == JobKind.ROSTER)
                              .order_by(Job.id.desc()).limit(10)).all()
    return page_of("admin/roster/index.html", form=form, jobs=jobs, kinds=KIND_LABELS, columns=KINDS,
                   max_rows=MAX_ROWS, max_mb=MAX_BYTES // 2**20)


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    _may_import()
    form = UploadForm()
    draw = _index_page(form)
    if not form.validate_on_submit():
        return draw(), status_of(form)
    name, data = form.content(MAX_BYTES)
    # Kept in the import store, in the congress's folder: a worker on another machine may write it.
    job = perform(lambda: roster.start_roster(db.session, current_user, form.kind.data, name, data,
                                              import_files(), now()), page=draw, form=form)
    return redirect(url_for("admin_roster.preview", job_id=job.id))


@bp.route("/template/<kind>.xlsx")
@login_required
def template_file(kind: str):
    _may_import()
    if kind not in KINDS:
        abort(404)
    name = f"{'代表名册' if kind == 'deputies' else '承办单位名册'}-模板.xlsx"
    return send_file(io.BytesIO(template(kind)), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/<int:job_id>")
@login_required
def preview(job_id: int):
    job = _own_job(job_id)
    return render_template("admin/roster/preview.html", job=job, form=ConfirmForm(), columns={
        c.key: c for c in KINDS[job.filters["kind"]]}, kinds=KIND_LABELS, counts=job.result.get("counts", {}))


@bp.route("/<int:job_id>/confirm", methods=["POST"])
@login_required
def confirm(job_id: int):
    job = _own_job(job_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    limit = current_app.config.get("ROSTER_INLINE_LIMIT", DEFAULT_INLINE_LIMIT)
    files, key = import_files(), job.file_path
    written = perform(lambda: roster.confirm_roster(db.session, job, current_user, at=now(), files=files,
                                                    inline_limit=limit, only_valid=form.only_valid.data),
                      page=back_to(url_for("admin_roster.preview", job_id=job.id)))
    if not written:
        enqueue(run_roster_import, job.id)
        return redirect(url_for("exports.job_page", job_id=job.id))
    uploads.discard(files, key)  # written and committed: the upload has served
    flash(_("The roster was imported in one transaction."), "success")
    return redirect(url_for("admin_roster.preview", job_id=job.id))


@bp.route("/<int:job_id>/report.xlsx")
@login_required
def report(job_id: int):
    job = _own_job(job_id)
    name = f"{Path(job.source).stem}-report-{job.id}.xlsx"
    return send_file(io.BytesIO(report_xlsx(job)), mimetype=XLSX, as_attachment=True, download_name=name)
