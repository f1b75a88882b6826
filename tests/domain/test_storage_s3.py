"""The attachment store on a real S3 API (moto's server over HTTP): stored once, read back, swept."""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.attachment_samples import pdf
from tests.factories import at
from tests.s3_server import s3_server, s3_settings
from tracker.domain.authoring import attachments as att
from tracker.domain.authoring.file_sweep import sweep_attachment_blobs
from tracker.extensions import db
from tracker.storage import LocalStore, S3Store, attachment_store

LIMITS = att.Limits(max_bytes=64 * 1024, max_files=3, types=("pdf",))


@pytest.fixture(scope="module")
def endpoint():
    with s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, tmp_path):
    store = attachment_store({**s3_settings(endpoint), "ATTACHMENT_DIR": str(tmp_path)})
    assert isinstance(store, S3Store)
    return store


def test_without_a_bucket_the_folder_is_the_store(tmp_path):
    store = attachment_store({"S3_BUCKET": "", "ATTACHMENT_DIR": str(tmp_path)})
    assert isinstance(store, LocalStore) and store.root == tmp_path


def test_a_file_is_stored_once_under_its_hash_and_read_back(bucket):
    content = pdf("对象存储")
    digest = att.store(content, bucket)
    assert digest == hashlib.sha256(content).hexdigest()
    assert att.store(content, bucket) == digest  # the second upload touches, never duplicates
    keys = [e.key for e in bucket.entries()]
    assert keys == [att.blob_key(digest)]
    assert bucket.where(keys[0]).endswith(f"/site-a/attachments/{digest[:2]}/{digest}")
    assert bucket.open(att.blob_key(digest)).read() == content
    with pytest.raises(FileNotFoundError):
        bucket.open(att.blob_key("0" * 64))
    assert bucket.touch(att.blob_key("0" * 64)) is False


def test_storing_again_restarts_the_grace(bucket):
    content = pdf("again")
    att.store(content, bucket)
    (first,) = bucket.entries()
    time.sleep(1.1)  # S3 keeps LastModified to the second
    att.store(content, bucket)
    (second,) = bucket.entries()
    assert second.modified > first.modified


def test_the_sweep_removes_only_unnamed_objects_past_their_grace(make, bucket):
    w = make.world()
    item = make.suggestion(w.deputy)
    (kept,) = att.attach_to_draft(db.session, item, w.deputy, [att.Upload("a.pdf", pdf("kept"))],
                                  limits=LIMITS, folder=bucket, at=at(2026, 5, 1))
    orphan = att.store(pdf("rolled back"), bucket)
    bucket.put("notes.txt", b"not ours")
    future = datetime.now(UTC) + timedelta(minutes=5)  # every object is "old" against this cutoff
    recent = datetime.now(UTC) - timedelta(hours=1)
    assert sweep_attachment_blobs(db.session, bucket, cutoff=recent).blobs == []
    swept = sweep_attachment_blobs(db.session, bucket, cutoff=future)
    assert swept.blobs == [bucket.where(att.blob_key(orphan))]
    assert sorted(e.key for e in bucket.entries()) == sorted([att.blob_key(kept.sha256), "notes.txt"])


def test_old_export_objects_go_and_their_jobs_forget_them(make, endpoint):
    from tracker.domain.authoring.file_sweep import sweep_job_files
    from tracker.models import Job
    from tracker.models.jobs import JobKind, JobStatus
    from tracker.storage import export_store

    exports = export_store(s3_settings(endpoint), "/nowhere")
    user = make.user()
    done, running = (Job(kind=JobKind.EXPORT, source="items", user_id=user.id, status=status,
                         created_at=at(2026, 5, 1), file_path=f"1/export-{n}.xlsx")
                     for n, status in ((1, JobStatus.DONE), (2, JobStatus.RUNNING)))
    db.session.add_all([done, running])
    db.session.flush()
    for job in (done, running):
        exports.put(job.file_path, b"PK")
    swept = sweep_job_files(db.session, [exports], cutoff=datetime.now(UTC) + timedelta(minutes=5))
    assert swept.job_files == [exports.where("1/export-1.xlsx")] and swept.jobs_forgotten == [done.id]
    assert done.file_path == "" and [e.key for e in exports.entries()] == ["1/export-2.xlsx"]
