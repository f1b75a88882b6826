"""Removing files nothing needs any more: attachment blobs no row refers to, old export/import files.

An attachment's bytes are written before its row is committed (tracker.domain.authoring.attachments.store),
so a transaction that rolls back leaves a blob behind. A blob is removed only when no attachment
row names it (removed attachments keep their rows: frozen versions list them) and it is older than
a grace period, so a send still in flight keeps its file. Export and import files serve a job for a
while; after N days the file goes and the job row forgets it (the page then offers no download).
An upload is removed as soon as its import ends (tracker.domain.exchange.uploads); one whose job
still waits after N days was abandoned at the mapping or preview step, and goes too: coming back,
its owner is asked to upload it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tracker.models import Attachment, Job
from tracker.models.jobs import JobStatus
from tracker.storage import TEMP_PREFIX, Store, as_store

HEX = frozenset("0123456789abcdef")
# A job running needs its file whatever its age. A queued one is an upload waiting for its owner's
# next step (an export gets its file only when done): past the cutoff it counts as abandoned.
IN_USE = (JobStatus.RUNNING,)


@dataclass
class Swept:
    """What one sweep removed, for the worker's log."""

    blobs: list[Path | str] = field(default_factory=list)
    job_files: list[Path | str] = field(default_factory=list)
    jobs_forgotten: list[int] = field(default_factory=list)


def _blob_name(key: str) -> tuple[str, str] | None:
    """(folder, name) of an entry where store() puts blobs ("ab/ab…"); None for anything else."""
    parts = key.split("/")
    return (parts[0], parts[1]) if len(parts) == 2 and len(parts[0]) == 2 else None


def _is_blob(folder: str, name: str) -> bool:
    return len(name) == 64 and set(name) <= HEX and folder == name[:2]


def sweep_attachment_blobs(session, folder: Store | str | Path, *, cutoff: datetime,
                           out: Swept | None = None) -> Swept:
    """Delete blobs of the attachment store that no attachment row names, last written before `cutoff`."""
    out = out or Swept()
    blobs = as_store(folder)
    named = set(session.scalars(select(Attachment.sha256).distinct()))
    for entry in list(blobs.entries()):
        place = _blob_name(entry.key)
        if place is None or entry.modified >= cutoff.timestamp():
            continue
        if (_is_blob(*place) and place[1] not in named) or place[1].startswith(TEMP_PREFIX):
            blobs.delete(entry.key)
            out.blobs.append(blobs.where(entry.key))
    return out


def sweep_job_files(session, folders: Iterable[Store | str | Path], *, cutoff: datetime,
                    out: Swept | None = None) -> Swept:
    """Delete export/import files older than `cutoff` from each store; the jobs naming them
    forget them.

    A file of a job still running stays; a file no job names (an upload whose job was never created,
    or one left when removing it after its import failed) goes once it is old enough."""
    out = out or Swept()
    jobs = {j.file_path: j for j in session.scalars(select(Job).where(Job.file_path != ""))}
    for folder in folders:
        files = as_store(folder)
        # Files sit in one folder per congress (older ones at the top): both are walked.
        for entry in list(files.entries()):
            where = files.where(entry.key)
            # A job names its file by key, or by full path (rows written before files had keys).
            job = jobs.get(entry.key) or jobs.get(str(where))
            if entry.modified >= cutoff.timestamp() or (job is not None and job.status in IN_USE):
                continue
            files.delete(entry.key)
            out.job_files.append(where)
            if job is not None:
                job.file_path = ""
                out.jobs_forgotten.append(job.id)
    session.flush()
    return out
