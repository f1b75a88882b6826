"""A large roster import run by the worker: the job's status and progress committed on their own
(the job page's bar follows them), the roster itself written in one transaction or not at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update

from tracker.domain.errors import DomainError
from tracker.domain.roster.imports import import_roster
from tracker.models import Job, JobStatus


def run_roster_job(session, job: Job, clock: Callable[[], datetime]) -> int:
    """Write the roster the user confirmed (job.filters["only_valid"]); returns the people written."""
    engine = session.get_bind()

    def progress(done: int) -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(rows_done=done))

    # SQLite has one writer at a time, and the roster's transaction is it: the bar jumps at the end.
    report = progress if engine.dialect.name != "sqlite" else None
    job.status = JobStatus.RUNNING
    session.commit()
    try:
        import_roster(session, job, job.user, only_valid=bool(job.filters.get("only_valid")), at=clock(),
                      progress=report)
        session.commit()
        return job.rows_done
    except Exception as exc:
        session.rollback()
        job.status, job.finished_at = JobStatus.FAILED, clock()
        job.error = exc.message(job.user.locale) if isinstance(exc, DomainError) else str(exc)[:2000]
        session.commit()
        if isinstance(exc, DomainError):
            return 0
        raise
