"""A long XLSX export run as a job: rows streamed to a file, status and progress committed apart."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Select, update

from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet, item_rows, write_xlsx
from tracker.models import Job, JobStatus
from tracker.storage import Store


def run_item_export(session, job: Job, base: Select, files: Store, lang: str, at: Callable) -> None:
    """Stream the job's rows into <congress>/export-<id>.xlsx of the export store (tracker.storage),
    reporting progress on a connection of its own; the job keeps the key. Each congress's files
    live in a folder of their own.

    Progress is written outside the reading transaction: committing that one would close the
    server-side cursor the rows come through.
    """
    engine = session.get_bind()

    def progress(done: int) -> None:
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(rows_done=done))

    key = f"{job.congress_id}/export-{job.id}.xlsx"
    # A folder store is written in place; a bucket's object is uploaded once the file is whole.
    path = files.local_path(key)
    if path is None:
        fd, name = tempfile.mkstemp(suffix=".xlsx")
        os.close(fd)
        path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    progress(0)
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING))
    try:
        count = write_xlsx(path, Sheet(job.source, [c.header(lang) for c in ITEM_COLUMNS],
                                       item_rows(session, base, lang)), progress)
        files.put_file(key, path)
    except Exception as exc:
        session.rollback()
        with engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == job.id).values(
                status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=at()))
        raise
    finally:
        if files.local_path(key) != path:
            path.unlink(missing_ok=True)  # the temporary copy of an uploaded file
    session.rollback()  # end the read transaction before the final write
    with engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == job.id).values(
            status=JobStatus.DONE, rows_done=count, rows_total=count, file_path=key,
            finished_at=at()))
