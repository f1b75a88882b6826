"""A large roster import run by the worker: the job's status and progress committed on their own
(the job page's bar follows them), the roster itself written in one transaction or not at all; the
upload, read through the import store, removed once the job has ended."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tracker.domain.exchange import uploads
from tracker.domain.roster.imports import import_roster
from tracker.jobs.imports import end_failed, progress_of
from tracker.models import Job, JobStatus
from tracker.storage import Store


def run_roster_job(session, job: Job, clock: Callable[[], datetime], files: Store) -> int:
    """Write the roster the user confirmed (job.filters["only_valid"]); returns the people written."""
    with uploads.discarded_once_ended(files, job):
        return _run(session, job, clock, files)


def _run(session, job: Job, clock: Callable[[], datetime], files: Store) -> int:
    # SQLite has one writer at a time, and the roster's transaction is it: the bar jumps at the end.
    report = progress_of(session, job) if session.get_bind().dialect.name != "sqlite" else None
    job.status = JobStatus.RUNNING
    session.commit()
    try:
        import_roster(session, job, job.user, only_valid=bool(job.filters.get("only_valid")), at=clock(),
                      files=files, progress=report)
        session.commit()
        return job.rows_done
    except Exception as exc:
        return end_failed(session, job, exc, clock())
