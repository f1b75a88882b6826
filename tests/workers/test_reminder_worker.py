"""Reminders end to end: real Celery workers and beat on Redis, a real SMTP server, an HTTP SMS gateway.

Time moves through TRACKER_CLOCK_NOW, which each worker process reads when it starts: a test starts
a worker "at" a moment, waits for the ledger to settle, and starts the next one later in time.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.conftest import require_service
from tests.workers.test_worker import (
    REDIS_URL,
    ROOT,
    _own_session_dying_with_parent,
    delete_queue,
    reachable,
    stop,
)
from tracker.domain.deadlines.calendar import CHINA
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, Outbox, Reminder, ReminderSchedule
from tracker.models.reminder import ReminderStatus, Via
from tracker.workflow import DeadlineKind, Owner, Role, State, Unit

pytestmark = pytest.mark.worker
CELERY = [sys.executable, "-m", "celery", "-A", "workers.celery_app"]


def china(y, m, d, h=9, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=CHINA).astimezone(UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message it receives; `delay` slows each one down."""

    def __init__(self, delay: float = 0.0):
        self.messages, self.delay = [], delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(message_from_bytes(envelope.content, policy=email_policy))
        return "250 OK"

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class Gateway(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["Authorization"] == "Bearer sms-test-key"
        type(self).received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def redis_env(ctx, tmp_path):
    require_service(reachable(6379), "Redis at 127.0.0.1:6379")
    Gateway.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    queue = f"tracker-remind-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(
        TRACKER_BROKER_URL=REDIS_URL, TRACKER_QUEUE=queue, TRACKER_INSTANCE=str(tmp_path / "instance"),
        TRACKER_DATABASE_URL=ctx.config["SQLALCHEMY_DATABASE_URI"], PYTHONPATH=str(ROOT),
        TRACKER_SMS_URL=f"http://127.0.0.1:{server.server_port}/send", TRACKER_SMS_KEY="sms-test-key",
        TRACKER_BASE_URL="http://tracker.test", TRACKER_REMINDER_LEASE_SECONDS="60",
    )
    yield env
    server.shutdown()
    server.server_close()
    delete_queue(env, queue)


def start(env: dict, tmp_path, name: str, *args: str, clock: datetime, **extra) -> subprocess.Popen:
    full = env | {"TRACKER_CLOCK_NOW": clock.isoformat()} | extra
    with open(tmp_path / f"{name}.log", "w") as log:
        return subprocess.Popen([*CELERY, *args], cwd=tmp_path, env=full, stdout=log,
                                stderr=subprocess.STDOUT, preexec_fn=_own_session_dying_with_parent)


def worker(env, tmp_path, name, clock, **extra):
    return start(env, tmp_path, name, "worker", "--pool=solo", "-c", "1", "--without-gossip",
                 "--without-mingle", "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h", "--loglevel=INFO",
                 clock=clock, **extra)


def rows(**where) -> list[Reminder]:
    db.session.rollback()  # a fresh snapshot of what the workers wrote
    q = select(Reminder)
    for k, v in where.items():
        q = q.where(getattr(Reminder, k) == v)
    return list(db.session.scalars(q.order_by(Reminder.id)))


def wait_for(check, tmp_path, timeout: float = 90.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.3)
    logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in tmp_path.glob("*.log"))
    ledger = [(r.id, r.via, r.status, r.last_error) for r in rows()]
    pytest.fail(f"timed out waiting; ledger: {ledger}\n{logs}")


def settled() -> bool:
    all_rows = rows()
    return bool(all_rows) and all(r.status is not ReminderStatus.PENDING for r in all_rows)


def due_deadlines(make, n: int, due_on: date, phones: bool = True) -> list[Deadline]:
    """`n` evaluation deadlines owed by `n` deputies, with the audit event their notices hang on."""
    office = make.user(Role.OFFICE_STAFF, phone="13900000000" if phones else "")
    out = []
    for i in range(n):
        deputy = make.user(Role.DEPUTY, phone=f"1380000{i:04d}" if phones else "")
        item = make.suggestion(deputy, state=State.REPLIED)
        db.session.add(AuditEvent(suggestion_id=item.id, actor_id=office.id, role=Role.OFFICE_STAFF,
                                  action="issue_reply", at=china(2026, 9, 1)))
        d = Deadline(suggestion_id=item.id, kind=DeadlineKind.EVALUATION, owner=Owner.DEPUTY,
                     owner_user_id=deputy.id, counted_from=due_on, amount=0, unit=Unit.FIXED_DATE,
                     due_on=due_on, opened_at=china(2026, 9, 1))
        db.session.add(d)
        out.append(d)
    db.session.commit()
    return out


def notice_ids() -> list[int]:
    outbox = db.session.scalars(select(Outbox).where(Outbox.kind == "reminder"))
    return sorted(o.payload["reminder_id"] for o in outbox)


def assert_each_once(inbox: Inbox):
    mail, sms, inapp = rows(via=Via.EMAIL), rows(via=Via.SMS), rows(via=Via.INAPP)
    assert {r.status for r in mail + sms + inapp} == {ReminderStatus.SENT}
    ids = inbox.ids()
    assert sorted(ids) == sorted({f"<{r.message_id}@tracker.localhost>" for r in mail})
    assert sorted(m["id"] for m in Gateway.received) == sorted(r.message_id for r in sms)
    # Every SMS carries its item's link, which opens the item after signing in if needed.
    assert all(re.search(r"/c/[a-z0-9-]+/items/\d+", m["text"]) for m in Gateway.received)
    assert notice_ids() == [r.id for r in inapp]


@pytest.fixture
def smtp():
    controllers = []

    def run(port: int | None = None, delay: float = 0.0) -> Inbox:
        inbox = Inbox(delay)
        controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
        controller.start()
        controllers.append(controller)
        inbox.port = controller.port
        return inbox

    yield run
    for c in controllers:
        c.stop()


def test_each_ladder_step_fires_once_through_a_real_worker(make, redis_env, smtp, tmp_path):
    from tests.domain.test_reminders import _reply_deadline
    from tracker.domain.deadlines.calendar import load_calendar
    from tracker.domain.reminders.ladder import ladder_for, step_day

    w, item, d = _reply_deadline(make)
    for person in (w.handler, w.leader, w.office, w.supervisor):
        person.phone = "13912345678"
    db.session.commit()
    inbox = smtp()
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{inbox.port}"}
    cal = load_calendar(db.session)
    for step in ladder_for(db.session, d.kind):
        moment = china(*step_day(cal, d.due_on, step.offset).timetuple()[:3], 9)
        proc = worker(env, tmp_path, f"step{step.level}", moment)
        try:
            wait_for(lambda lv=step.level: len(rows(level=lv, status=ReminderStatus.SENT)) == 3 and settled(),
                     tmp_path)
        finally:
            stop(proc)
    assert [r.level for r in rows(via=Via.EMAIL)] == [1, 2, 3, 4, 5, 6]
    assert_each_once(inbox)
    link = f"http://tracker.test/c/chengdong/items/{item.id}"  # by way of its congress
    assert all(m.get_body(("plain",)).get_content().count(link) == 1 for m in inbox.messages)
    assert db.session.get(ReminderSchedule, d.id).next_at is None  # the ladder is done


def test_two_workers_and_a_doubled_beat_send_no_duplicate(make, redis_env, smtp, tmp_path):
    due_deadlines(make, 24, date(2026, 11, 20))
    inbox = smtp()
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{inbox.port}", "TRACKER_REMINDER_BATCH": "4",
                       "TRACKER_REMINDER_TICK_SECONDS": "1"}
    clock = china(2026, 11, 20, 9)
    procs = [worker(env, tmp_path, f"w{i}", clock) for i in (1, 2)]
    procs += [start(env, tmp_path, f"beat{i}", "beat", "--schedule", str(tmp_path / f"beat{i}"),
                    "--loglevel=INFO", clock=clock) for i in (1, 2)]
    try:
        wait_for(lambda: len(rows()) == 24 * 3 and settled(), tmp_path)
        time.sleep(4)  # both beats keep ticking: still nothing new may go out
    finally:
        for p in procs:
            stop(p)
    assert len(rows()) == 24 * 3
    assert_each_once(inbox)
    logs = [(tmp_path / f"w{i}.log").read_text() for i in (1, 2)]
    assert all("workers.tasks.reminders.tick" in log for log in logs)


def test_a_worker_killed_mid_batch_loses_nothing(make, redis_env, smtp, tmp_path):
    due_deadlines(make, 20, date(2026, 11, 20), phones=False)
    inbox = smtp(delay=0.3)
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{inbox.port}", "TRACKER_REMINDER_BATCH": "8"}
    clock = china(2026, 11, 20, 9)
    proc = worker(env, tmp_path, "doomed", clock)
    try:
        wait_for(lambda: len(inbox.messages) >= 3, tmp_path)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert any(r.status is ReminderStatus.PENDING for r in rows(via=Via.EMAIL))
    # Later than the lease: the dead worker's rows are free again.
    proc = worker(env, tmp_path, "heir", clock + timedelta(minutes=2))
    try:
        wait_for(settled, tmp_path)
    finally:
        stop(proc)
    mail = rows(via=Via.EMAIL)
    assert {r.status for r in mail} == {ReminderStatus.SENT}
    ids = inbox.ids()
    assert set(ids) == {f"<{r.message_id}@tracker.localhost>" for r in mail}  # nothing lost
    assert len(ids) - len(set(ids)) <= 1  # at most the message in flight went twice
    assert notice_ids() == [r.id for r in rows(via=Via.INAPP)]  # in-app exactly once


def test_smtp_down_then_up_delivers_everything_once(make, redis_env, smtp, tmp_path):
    due_deadlines(make, 6, date(2026, 11, 20), phones=False)
    port = free_port()  # nothing listens there yet
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{port}"}
    clock = china(2026, 11, 20, 9)
    proc = worker(env, tmp_path, "down", clock)
    try:
        wait_for(lambda: rows(via=Via.EMAIL) and all(r.failures >= 1 for r in rows(via=Via.EMAIL)), tmp_path)
    finally:
        stop(proc)
    assert {r.status for r in rows(via=Via.EMAIL)} == {ReminderStatus.PENDING}
    assert {r.status for r in rows(via=Via.INAPP)} == {ReminderStatus.SENT}
    inbox = smtp(port=port)
    proc = worker(env, tmp_path, "up", clock + timedelta(minutes=10))
    try:
        wait_for(settled, tmp_path)
    finally:
        stop(proc)
    assert_each_once(inbox)
    assert all(r.failures >= 1 for r in rows(via=Via.EMAIL))  # the failure stays counted


def test_make_up_saturday_goes_out_and_a_holiday_waits_for_the_working_morning(make, redis_env, smtp,
                                                                               tmp_path):
    holiday, saturday = due_deadlines(make, 2, date(2026, 10, 3), phones=False)
    saturday.due_on = date(2026, 10, 10)  # 国庆 make-up workday
    db.session.commit()
    inbox = smtp()
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{inbox.port}"}

    def run_at(moment, name, check):
        proc = worker(env, tmp_path, name, moment)
        try:
            wait_for(check, tmp_path)
            time.sleep(1)
        finally:
            stop(proc)

    run_at(china(2026, 10, 3, 10), "oct3", lambda: len(rows(deadline_id=holiday.id)) == 2)
    waiting = rows(deadline_id=holiday.id)
    assert {r.status for r in waiting} == {ReminderStatus.PENDING}
    assert {r.due_at for r in waiting} == {china(2026, 10, 8, 8, 30)}
    assert inbox.messages == []
    run_at(china(2026, 10, 8, 8, 31), "oct8",
           lambda: {r.status for r in rows(deadline_id=holiday.id)} == {ReminderStatus.SENT})
    run_at(china(2026, 10, 10, 9), "oct10",
           lambda: any(r.level == 2 and r.status is ReminderStatus.SENT
                       for r in rows(deadline_id=saturday.id)))
    on_day = [r for r in rows(deadline_id=saturday.id) if r.level == 2]
    assert on_day and all(r.sent_at.astimezone(CHINA).date() == date(2026, 10, 10) for r in on_day)
    assert_each_once(inbox)
