"""Long XLSX exports, spreadsheet and roster imports, run by the worker from a job row's id."""

from __future__ import annotations

from celery import shared_task
from flask import current_app

from tracker.clock import now
from tracker.domain.reads import listing
from tracker.extensions import db
from tracker.jobs.exports import run_item_export
from tracker.jobs.imports import run_import_job
from tracker.jobs.roster import run_roster_job
from tracker.models import Job
from tracker.storage import Store, export_store, import_store


def export_files() -> Store:
    """The export jobs' store: the instance folder's exports/, or the bucket's (tracker.storage)."""
    return export_store(current_app.config, current_app.instance_path)


def import_files() -> Store:
    """Where uploaded spreadsheets and rosters wait for their jobs: the instance folder's imports/,
    or the bucket's (tracker.storage), so any worker reads what any web machine received."""
    return import_store(current_app.config, current_app.instance_path)


@shared_task
def run_export(job_id: int, lang: str = "zh") -> int:
    """Write the job's list to <congress>/export-<id>.xlsx of the export store; returns the rows written."""
    job = db.session.get(Job, job_id)
    if job is None:
        return 0
    filters = listing.ItemFilters.from_args(job.filters)
    base = listing.ordered(listing.filtered(filters), filters.sort)
    run_item_export(db.session, job, base, export_files(), lang, now)
    db.session.expire_all()
    return db.session.get(Job, job_id).rows_done


@shared_task
def run_import(job_id: int) -> int:
    """Validate and import the job's uploaded spreadsheet; returns the number of rows written."""
    job = db.session.get(Job, job_id)
    if job is None:
        return 0
    return run_import_job(db.session, job, now, import_files())


@shared_task
def run_roster_import(job_id: int) -> int:
    """Write a confirmed roster (tracker.domain.roster); returns the number of people written."""
    job = db.session.get(Job, job_id)
    if job is None:
        return 0
    return run_roster_job(db.session, job, now, import_files())
