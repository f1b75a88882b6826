"""Uploaded spreadsheets and rosters kept for their job in the import store (tracker.storage).

The web process that receives a file, the one that checks it and the worker that imports it may be
three machines sharing only PostgreSQL, Redis and the store, so a job names its upload by key
("<congress>/<random>.xlsx"), never by a path on the machine that received it.

Rows written before uploads had keys hold a full path: such a file is still read (and removed) where
that path exists, i.e. on a single-machine install or on the web machine that received it; anywhere
else the step says the file is gone and asks for it again, as it does once the nightly sweep has
removed an abandoned upload.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.exc import SQLAlchemyError

from tracker.domain.errors import NotAllowedNow
from tracker.storage import Store, as_store
from tracker.tenancy import current_congress_id
from tracker.workflow.i18n import N_

logger = logging.getLogger(__name__)
GONE = N_("The uploaded file is no longer kept (uploads wait a few days at most); upload it again.")


def keep(files: Store | str | Path, data: bytes, suffix: str, prefix: str = "") -> str:
    """Store an upload under a new key in its congress's folder; returns the key for the job."""
    key = f"{current_congress_id()}/{prefix}{uuid.uuid4().hex}{suffix}"
    as_store(files).put(key, data)
    return key


def _old_path(key: str) -> Path | None:
    """The file of a row written before uploads had keys (a full path), else None."""
    return Path(key) if key.startswith("/") else None


@contextmanager
def opened(files: Store | str | Path, key: str) -> Iterator[BinaryIO]:
    """The upload as a seekable file (openpyxl reads a zip): the store's own file when it is a
    folder, else a temporary download. NotAllowedNow when it is no longer kept."""
    files = as_store(files)
    path = (_old_path(key) or files.local_path(key)) if key else None
    try:
        stream = path.open("rb") if path is not None else _download(files, key)
    except FileNotFoundError:
        raise NotAllowedNow(GONE) from None
    with stream:
        yield stream


def _download(files: Store, key: str) -> BinaryIO:
    if not key:
        raise FileNotFoundError(key)
    body = files.open(key)
    copy = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the caller, closed by it)
    try:
        shutil.copyfileobj(body, copy)
    except BaseException:
        copy.close()
        raise
    finally:
        body.close()
    copy.seek(0)
    return copy


def read(files: Store | str | Path, key: str) -> bytes:
    with opened(files, key) as stream:
        return stream.read()


def discard(files: Store | str | Path, key: str) -> None:
    """Remove a finished job's upload. Called after the commit that ended the job; a failure is
    logged, not raised (the job is done): the sweep removes a file no job names once it is old."""
    if not key:
        return
    try:
        if (path := _old_path(key)) is not None:
            path.unlink(missing_ok=True)
        else:
            as_store(files).delete(key)
    except Exception:  # an OSError from a folder, a botocore error from a bucket
        logger.warning("could not remove the finished upload %s; the sweep will", key, exc_info=True)


@contextmanager
def discarded_once_ended(files: Store | str | Path, job) -> Iterator[None]:
    """Around a job's run that commits its own end (tracker.jobs): the upload goes when the job
    ended done or failed (both final: a failed import is uploaded again), and stays otherwise."""
    key = job.file_path
    try:
        yield
    finally:
        if _ended(job):
            discard(files, key)


def _ended(job) -> bool:
    from tracker.models import JobStatus

    try:
        return job.status in (JobStatus.DONE, JobStatus.FAILED)
    except SQLAlchemyError:  # the database went away mid-job: the row says nothing, the file stays
        return False
