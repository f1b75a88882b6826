"""The nightly sweep task: real files, the configured ages, every removal in the worker's log."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from tests.attachment_samples import pdf
from tracker.domain.authoring import attachments as att
from workers import beat_schedule
from workers.tasks.housekeeping import sweep_files

NOW = "2026-05-20T02:00:00+00:00"


def _age(path, days: float) -> None:
    moment = (datetime.fromisoformat(NOW) - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_the_task_removes_by_the_configured_ages_and_logs_each_file(app, ctx, tmp_path,
                                                                    monkeypatch, caplog):
    blobs, instance = tmp_path / "attachments", tmp_path / "instance"
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(blobs))
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)
    monkeypatch.setitem(app.config, "ATTACHMENT_BLOB_GRACE_HOURS", 12)
    monkeypatch.setitem(app.config, "JOB_FILE_KEEP_DAYS", 3)
    monkeypatch.setattr(app, "instance_path", str(instance))
    old_blob = att.path_of(blobs, att.store(pdf("old"), blobs))
    young_blob = att.path_of(blobs, att.store(pdf("young"), blobs))
    _age(old_blob, 1)        # past 12 hours
    _age(young_blob, 0.25)   # 6 hours: a send may still be committing
    (instance / "exports").mkdir(parents=True)
    old_export, young_export = instance / "exports" / "export-7.xlsx", instance / "exports" / "x.xlsx"
    for path, days in ((old_export, 4), (young_export, 2)):
        path.write_bytes(b"PK")
        _age(path, days)
    logger = logging.getLogger("workers.tasks.housekeeping")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="workers.tasks.housekeeping"):
            result = sweep_files()
    finally:
        logger.removeHandler(caplog.handler)
    assert result == {"blobs": 1, "job_files": 1, "jobs": []}
    assert not old_blob.exists() and young_blob.exists()
    assert not old_export.exists() and young_export.exists()
    logged = caplog.text
    assert str(old_blob) in logged and str(old_export) in logged
    assert "1 attachment blobs, 1 job files removed" in logged


def test_beat_runs_the_sweep_nightly(app):
    entry = beat_schedule(app)["files-sweep"]
    assert entry["task"] == "workers.tasks.housekeeping.sweep_files"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {0}
