"""The file sweep with real files: unreferenced blobs past their grace go, everything needed stays."""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta

from tests.attachment_samples import pdf
from tests.factories import at
from tracker.domain.authoring import attachments as att
from tracker.domain.authoring.file_sweep import sweep_attachment_blobs, sweep_job_files
from tracker.extensions import db
from tracker.models import Job
from tracker.models.jobs import JobKind, JobStatus

NOW = at(2026, 5, 20)
LIMITS = att.Limits(max_bytes=64 * 1024, max_files=3, types=("pdf",))


def aged(path, days: float):
    """Set the file's last write `days` before NOW."""
    moment = (NOW - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))
    return path


def blob(folder, content: bytes, days: float):
    return aged(att.path_of(folder, att.store(content, folder)), days)


def test_only_old_blobs_that_no_row_names_are_removed(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy)
    (kept,) = att.attach_to_draft(db.session, item, w.deputy, [att.Upload("a.pdf", pdf("kept"))],
                                  limits=LIMITS, folder=tmp_path, at=NOW)
    named = aged(att.path_of(tmp_path, kept.sha256), 30)
    (gone,) = att.attach_to_draft(db.session, item, w.deputy, [att.Upload("b.pdf", pdf("gone"))],
                                  limits=LIMITS, folder=tmp_path, at=NOW)
    att.remove_from_draft(db.session, item, w.deputy, [gone.id], at=NOW)
    removed_but_listed = aged(att.path_of(tmp_path, gone.sha256), 30)  # a frozen version lists it
    orphan = blob(tmp_path, pdf("rolled back"), 2)      # written by a send that rolled back
    fresh_orphan = blob(tmp_path, pdf("in flight"), 0.1)  # its transaction may still commit
    stray = tmp_path / "notes.txt"
    stray.write_text("not ours")
    aged(stray, 30)
    half = tmp_path / orphan.parent.name / ".upload-abc123"
    half.write_bytes(b"half a file")
    aged(half, 2)

    swept = sweep_attachment_blobs(db.session, tmp_path, cutoff=NOW - timedelta(hours=24))
    assert set(swept.blobs) == {orphan, half}
    assert not orphan.exists() and not half.exists()
    assert named.exists() and removed_but_listed.exists() and fresh_orphan.exists() and stray.exists()


def test_storing_a_blob_again_restarts_its_grace(tmp_path):
    content = pdf("again")
    path = blob(tmp_path, content, 5)
    att.store(content, tmp_path)  # a new send with the same bytes, row not committed yet
    assert path.stat().st_mtime > (NOW - timedelta(days=1)).timestamp()
    assert path.name == hashlib.sha256(content).hexdigest()


def test_an_empty_blob_folder_goes_with_its_last_blob(make, tmp_path):
    orphan = blob(tmp_path, pdf("alone"), 3)
    sweep_attachment_blobs(db.session, tmp_path, cutoff=NOW - timedelta(hours=24))
    assert not orphan.parent.exists() and tmp_path.exists()


def _job(user, path, status, kind=JobKind.EXPORT) -> Job:
    job = Job(kind=kind, source="items", user_id=user.id, status=status, file_path=str(path),
              created_at=NOW - timedelta(days=10))
    db.session.add(job)
    db.session.flush()
    return job


def test_old_job_files_go_and_their_jobs_forget_them(make, tmp_path):
    exports, imports = tmp_path / "exports", tmp_path / "imports"
    exports.mkdir()
    imports.mkdir()
    files = {}
    for name, days in (("exports/export-1.xlsx", 10), ("exports/export-2.xlsx", 1),
                       ("imports/a.xlsx", 10), ("imports/b.xlsx", 10), ("imports/c.xlsx", 10)):
        (tmp_path / name).write_bytes(b"PK")
        files[name] = aged(tmp_path / name, days)
    old_export, new_export = files["exports/export-1.xlsx"], files["exports/export-2.xlsx"]
    abandoned, never_a_job, running = (files[f"imports/{n}.xlsx"] for n in "abc")
    office = make.world().office
    done = _job(office, old_export, JobStatus.DONE)
    recent = _job(office, new_export, JobStatus.DONE)
    # Uploaded ten days ago and never mapped: abandoned. One being imported keeps its file.
    queued = _job(office, abandoned, JobStatus.QUEUED, JobKind.IMPORT)
    importing = _job(office, running, JobStatus.RUNNING, JobKind.ROSTER)

    swept = sweep_job_files(db.session, [exports, imports], cutoff=NOW - timedelta(days=7))
    assert set(swept.job_files) == {old_export, abandoned, never_a_job}
    assert sorted(swept.jobs_forgotten) == sorted([done.id, queued.id])
    assert not old_export.exists() and not never_a_job.exists() and not abandoned.exists()
    assert new_export.exists() and running.exists()
    assert (done.file_path, recent.file_path, queued.file_path, importing.file_path) == (
        "", str(new_export), "", str(running))
    assert queued.status is JobStatus.QUEUED  # coming back, its owner is asked to upload again


def test_uploads_kept_by_key_are_swept_by_key(make, tmp_path):
    from tracker.storage import LocalStore

    store = LocalStore(tmp_path / "imports")
    office = make.world().office
    store.put("1/left.xlsx", b"PK")
    store.put("1/waiting.xlsx", b"PK")
    aged(store.where("1/left.xlsx"), 10)
    left = _job(office, "1/left.xlsx", JobStatus.QUEUED, JobKind.IMPORT)
    waiting = _job(office, "1/waiting.xlsx", JobStatus.QUEUED, JobKind.IMPORT)  # uploaded just now
    swept = sweep_job_files(db.session, [store], cutoff=NOW - timedelta(days=7))
    assert swept.jobs_forgotten == [left.id] and (left.file_path, waiting.file_path) == ("", "1/waiting.xlsx")
    assert [e.key for e in store.entries()] == ["1/waiting.xlsx"]
