"""A real Celery worker seals the audit chain and runs the daily check; beat schedules both."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import func, select, text

from tests.audit_chain import write_events
from tests.workers.test_worker import start_worker, stop, worker_env
from tracker.domain.audit_chain.sealing import HORIZON
from tracker.extensions import db
from tracker.models import AuditEvent, AuditSeal, Outbox
from tracker.tenancy import everywhere
from tracker.workflow import Role
from workers import beat_schedule

SENDER = """
import json, sys
from workers.celery_app import celery
queue = sys.argv[1]
sealed = celery.send_task("workers.tasks.audit.seal", queue=queue).get(timeout=90)
checked = celery.send_task("workers.tasks.audit.check", queue=queue).get(timeout=90)
print(json.dumps({"sealed": sealed, "checked": checked}))
"""


def behind_the_horizon() -> None:
    """On PostgreSQL, wait until no transaction still open on the server (another test's, another
    database's) is older than the rows written: from then on one pass seals them all."""
    if db.engine.dialect.name != "postgresql":
        return
    newest = db.session.scalar(select(func.max(AuditEvent.xact_id)))
    give_up = time.monotonic() + 60
    while db.session.scalar(text(f"SELECT {HORIZON}")) <= newest and time.monotonic() < give_up:
        db.session.rollback()
        time.sleep(0.2)
    db.session.rollback()


@pytest.mark.worker
def test_a_real_worker_seals_and_checks(ctx, make, tmp_path):
    admin = make.user(Role.ADMIN)
    write_events(admin, 6)
    behind_the_horizon()
    env = worker_env("embedded", tmp_path, ctx.config["SQLALCHEMY_DATABASE_URI"])
    queue = f"tracker-test-{uuid.uuid4().hex[:12]}"
    worker, log_path = start_worker(env, tmp_path, queue)
    try:
        sent = subprocess.run([sys.executable, "-c", SENDER, queue], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=180)
    finally:
        stop(worker)
    assert sent.returncode == 0, f"{sent.stderr}\n--- worker log ---\n{log_path.read_text()}"
    result = json.loads(sent.stdout.strip().splitlines()[-1])
    assert result["sealed"] == 6
    assert result["checked"]["chains"] == 2
    with everywhere():
        assert db.session.scalar(select(func.count()).select_from(AuditSeal)) == result["sealed"]
        notice = db.session.scalar(select(Outbox).where(Outbox.kind == "audit_chain"))
    assert notice.recipient_id == admin.id and notice.payload["seq"] == result["sealed"]
    assert "audit chain: 6 rows sealed" in log_path.read_text()


def test_beat_seals_every_minute_and_checks_daily(app):
    schedule = beat_schedule(app)
    assert schedule["audit-seal"] == {"task": "workers.tasks.audit.seal", "schedule": 60.0}
    daily = schedule["audit-check"]
    assert daily["task"] == "workers.tasks.audit.check"
    assert daily["schedule"].hour == {7} and daily["schedule"].minute == {30}
