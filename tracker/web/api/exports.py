"""POST /api/v1/exports and GET /api/v1/jobs/<id>: the suggestion list's XLSX export as a job —
started (202, the job's id), its status polled, its file downloaded when done. The same source,
access check, job row and worker task as the export page's long exports (tracker.web.exports)."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from tracker.domain.exchange.exports import count_items
from tracker.domain.reads import listing
from tracker.extensions import db
from tracker.models import JobKind, JobStatus
from tracker.web.api import shapes
from tracker.web.api.blueprint import blp
from tracker.web.exports.jobs import XLSX, own_job, send_export_file, start_export_job
from tracker.web.exports.sources import SOURCES
from tracker.workflow import Channel, State

TAGS = ["exports"]
ID = {"validate": validate.Range(1, 2**31 - 1), "strict": True}
# The lists a job can write: the worker's task reads an item list's filters (run_export).
JOB_SOURCES = ("items",)


class ExportIn(Schema):
    source = fields.String(load_default="items", validate=validate.OneOf(JOB_SOURCES),
                           metadata={"description": "The list to export: the suggestions list (/items)."})
    state = fields.String(validate=validate.OneOf([s.value for s in State]))
    channel = fields.String(validate=validate.OneOf([c.value for c in Channel]))
    session = fields.Integer(**ID)
    category = fields.Integer(**ID)
    unit = fields.Integer(**ID)
    deputy = fields.Integer(**ID)
    year = fields.Integer(validate=validate.Range(2000, 2100), strict=True)
    sort = fields.String(validate=validate.OneOf(list(listing.SORTS)))


class JobOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    source = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "queued, running, done or failed."})
    done = fields.Integer(required=True, metadata={"description": "Rows written so far."})
    total = fields.Integer(allow_none=True)
    percent = fields.Integer(required=True)
    error = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    download = fields.String(allow_none=True, metadata={"description": "The file's address, once done."})


def job_out(job) -> dict:
    ready = job.kind is JobKind.EXPORT and job.status is JobStatus.DONE
    return {"id": job.id, "kind": job.kind.value, "source": job.source, "status": job.status.value,
            "done": job.rows_done, "total": job.rows_total, "percent": job.percent,
            "error": job.error or None, "created_at": job.created_at, "finished_at": job.finished_at,
            "download": url_for("api_v1.downloadJobFile", job_id=job.id) if ready else None}


def _doc(operation: str, **extra):
    return blp.doc(operationId=operation, security=shapes.SECURITY, tags=TAGS, **extra)


@blp.route("/exports", methods=["POST"])
@_doc("startExport")
@blp.arguments(ExportIn)
@blp.response(202, JobOut)
def start_export(body: dict):
    """Start writing the list with these filters (the /items page's) to an XLSX file in the
    background: 202 with the job; poll it at `Location` until `download` is given."""
    source = body.pop("source")
    base, filters = SOURCES[source](MultiDict({k: str(v) for k, v in body.items()}))  # 403 as the page
    job = start_export_job(source, filters, count_items(db.session, base))
    return job_out(job), 202, {"Location": url_for("api_v1.getJob", job_id=job.id)}


@blp.route("/jobs/<int:job_id>", endpoint="getJob")
class Job(MethodView):
    @_doc("getJob")
    @blp.response(200, JobOut)
    def get(self, job_id: int):
        """One of the caller's jobs: its status and progress, and the file's address when done."""
        return job_out(own_job(job_id))


@blp.route("/jobs/<int:job_id>/download", endpoint="downloadJobFile")
class JobFile(MethodView):
    @_doc("downloadJobFile", responses={"200": {
        "description": "The XLSX file.",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
    def get(self, job_id: int):
        """The finished export's XLSX file (404 until it is done, and for anyone else's job)."""
        return send_export_file(own_job(job_id))
