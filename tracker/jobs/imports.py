"""A spreadsheet import run as a job: check the rows again, import them all in one transaction, commit.

The job row's status and progress are committed on their own, so the import page and the worker's
job page can follow a long import; the rows themselves are written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import update

from tracker.domain.deadlines.calendar import china_date
from tracker.domain.exchange.imports import check_rows, import_rows, read_sheet
from tracker.models import Job, JobStatus


def run_import_job(session, job: Job, clock: Callable[[], datetime]) -> int:
    """Check again and import every row in one transaction; any problem and nothing is written."""
    engine = session.get_bind()

    def progress(done: int) -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(rows_done=done))

    job.status = JobStatus.RUNNING
    session.commit()
    try:
        with open(job.file_path, "rb") as f:
            sheet = read_sheet(f)
        valid, problems = check_rows(session, sheet, job.filters["mapping"], china_date(clock()))
        if problems:
            session.rollback()
            job.result = {**job.result, "stage": "checked", "valid": len(valid),
                          "problems": [asdict(p) for p in problems]}
            job.status, job.finished_at = JobStatus.FAILED, clock()
            job.error = "rows changed since they were checked"
            session.commit()
            return 0
        created = import_rows(session, valid, job.user, job.source, clock(), progress)
        job.status, job.finished_at, job.rows_done = JobStatus.DONE, clock(), len(created)
        job.result = {**job.result, "stage": "imported", "imported": len(created),
                      "ids": [i.id for i in created[:1000]]}
        session.commit()
        return len(created)
    except Exception as exc:
        session.rollback()
        job.status, job.error, job.finished_at = JobStatus.FAILED, str(exc)[:2000], clock()
        session.commit()
        raise
