"""A spreadsheet import run as a job: check the rows again, import them all in one transaction, commit.

The job row's status and progress are committed on their own, so the import page and the worker's
job page can follow a long import; the rows themselves are written whole or not at all. The upload is
read through the import store (any machine may run this) and removed once the job has ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import update

from tracker.domain.deadlines.calendar import china_date
from tracker.domain.errors import DomainError
from tracker.domain.exchange import uploads
from tracker.domain.exchange.imports import check_rows, import_rows, read_sheet
from tracker.models import Job, JobStatus
from tracker.storage import Store


def run_import_job(session, job: Job, clock: Callable[[], datetime], files: Store) -> int:
    """Check again and import every row in one transaction; any problem and nothing is written.
    Either way the job has ended, and its upload goes (a failed import is uploaded again)."""
    with uploads.discarded_once_ended(files, job):
        return _run(session, job, clock, files)


def progress_of(session, job: Job) -> Callable[[int], None]:
    """Writes the job's rows done on a connection of its own, committed at once, so the job page
    sees it while the rows' own transaction is still open."""
    engine = session.get_bind()

    def progress(done: int) -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(rows_done=done))

    return progress


def _run(session, job: Job, clock: Callable[[], datetime], files: Store) -> int:
    progress = progress_of(session, job)
    job.status = JobStatus.RUNNING
    session.commit()
    try:
        with uploads.opened(files, job.file_path) as f:
            sheet = read_sheet(f)
        valid, problems = check_rows(session, sheet, job.filters["mapping"], china_date(clock()))
        if problems:
            session.rollback()
            job.result = {**job.result, "stage": "checked", "valid": len(valid),
                          "problems": [asdict(p) for p in problems]}
            job.status, job.finished_at, job.file_path = JobStatus.FAILED, clock(), ""
            job.error = "rows changed since they were checked"
            session.commit()
            return 0
        created = import_rows(session, valid, job.user, job.source, clock(), progress)
        job.status, job.finished_at, job.rows_done = JobStatus.DONE, clock(), len(created)
        job.file_path = ""
        job.result = {**job.result, "stage": "imported", "imported": len(created),
                      "ids": [i.id for i in created[:1000]]}
        session.commit()
        return len(created)
    except Exception as exc:
        return end_failed(session, job, exc, clock())


def end_failed(session, job: Job, exc: Exception, at: datetime) -> int:
    """End an import job that raised: failed, in its own commit, its upload forgotten. A refusal
    (the upload is no longer kept, the roster changed) is shown in the owner's words and returns 0;
    anything else is recorded as it came and raised again for the worker's log."""
    session.rollback()
    job.status, job.finished_at, job.file_path = JobStatus.FAILED, at, ""
    job.error = exc.message(job.user.locale) if isinstance(exc, DomainError) else str(exc)[:2000]
    session.commit()
    if isinstance(exc, DomainError):
        return 0
    raise exc
