"""A long XLSX export run as a job: rows streamed to a file, status and progress committed apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Select, update

from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet, item_rows, write_xlsx
from tracker.models import Job, JobStatus


def run_item_export(session, job: Job, base: Select, folder: Path, lang: str, at: Callable) -> None:
    """Stream the job's rows into folder/<congress>/export-<id>.xlsx, reporting progress on a
    connection of its own. Each congress's files live in a folder of their own.

    Progress is written outside the reading transaction: committing that one would close the
    server-side cursor the rows come through.
    """
    engine = session.get_bind()

    def progress(done: int) -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(rows_done=done))

    folder = folder / str(job.congress_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"export-{job.id}.xlsx"
    progress(0)
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING))
    try:
        count = write_xlsx(path, Sheet(job.source, [c.header(lang) for c in ITEM_COLUMNS],
                                       item_rows(session, base, lang)), progress)
    except Exception as exc:
        session.rollback()
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(
                status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=at()))
        raise
    session.rollback()  # end the read transaction before the final write
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job.id).values(
            status=JobStatus.DONE, rows_done=count, rows_total=count, file_path=str(path),
            finished_at=at()))
