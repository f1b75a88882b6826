"""Benchmark: 1,000,000 open deadlines on PostgreSQL, 10,000 of them due, delivered by 2 real workers.

    .venv/bin/python bench/reminders.py [--deadlines 1000000] [--due 10000] [--workers 2] [--url URL]
    .venv/bin/python bench/reminders.py --smoke --url URL   # bench/smoke.py: 300 deadlines, 20 due

Builds a fresh database `bench_d` (dropped and created again), bulk-inserts the deadlines and their
reminder_schedule rows with generate_series, prints the EXPLAIN of the planner's and the sender's
due queries, then starts the workers (Redis broker, a queue of its own) with the clock pinned on a
working morning, queues one tick and times until every ledger row is sent: each due deadline gives
its deputy one notice in the notice centre and one email, received by an aiosmtpd sink in this
process. Needs PostgreSQL and Redis on localhost. The smoke run needs no Redis: the tick task runs
in this process until every ledger row is sent; no figures asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import func, make_url, select, text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.domain.deadlines.calendar import CHINA  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import AuditEvent, Congress, Outbox, Reminder, Suggestion, User, UserRole  # noqa: E402
from tracker.models.reminder import ReminderStatus  # noqa: E402
from tracker.tenancy import scope  # noqa: E402
from tracker.workflow import Channel, Role, State  # noqa: E402
from workers.tasks.reminders import tick  # noqa: E402

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_d"  # dropped and created again
REDIS = "redis://127.0.0.1:6379/14"
CLOCK = datetime(2026, 12, 2, 9, 0, tzinfo=CHINA).astimezone(UTC)  # a Wednesday, 09:00 in Beijing
DUE_DAY = "2026-12-02"
USERS, ITEMS = 200, 2000  # the deadlines' owners and items (20 and 100 in a smoke run)


class Sink:
    """Counts what arrives; keeps only the Message-IDs."""

    def __init__(self):
        self.ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n", 40):
            if line.lower().startswith(b"message-id:"):
                self.ids.append(line.split(b":", 1)[1].strip().decode())
                break
        return "250 OK"


def fresh_database(url: str) -> None:
    target = make_url(url)
    server = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target.database}"')


def fresh_tables() -> int:
    """The models' tables, the reference data and the congress the deadlines belong to (its id)."""
    from tracker.setup import create_schema

    create_schema(now=CLOCK)
    congress = Congress(code="bench", name="基准人民代表大会常务委员会", short_name="基准人大常委会",
                        place="基准区")
    db.session.add(congress)
    db.session.commit()
    return congress.id


def build(n: int, due: int, congress_id: int) -> float:
    """The rows, in the congress in scope (raw INSERTs name it: the models fill it themselves)."""
    started = time.perf_counter()
    office = User(username="office", name="工委", password_hash="x", email="office@bench.test")
    office.role_rows = [UserRole(role=Role.OFFICE_STAFF)]
    deputies = []
    for i in range(USERS):
        u = User(username=f"d{i}", name=f"代表{i}", password_hash="x", email=f"d{i}@bench.test")
        u.role_rows = [UserRole(role=Role.DEPUTY)]
        deputies.append(u)
    db.session.add_all([office, *deputies])
    db.session.flush()
    items = [Suggestion(author_id=deputies[i % USERS].id, channel=Channel.BETWEEN, state=State.REPLIED,
                        title=f"关于第{i}号事项的建议", reasons="事由", proposals="建议")
             for i in range(ITEMS)]
    db.session.add_all(items)
    db.session.flush()
    db.session.add_all([AuditEvent(suggestion_id=s.id, actor_id=office.id, role=Role.OFFICE_STAFF,
                                   action="issue_reply", at=CLOCK - timedelta(days=30)) for s in items])
    db.session.commit()
    first_item, first_user = items[0].id, deputies[0].id
    # The first `due` deadlines fall due today; the rest later in the year, spread over 300 days.
    db.session.execute(text(f"""
        INSERT INTO deadline (suggestion_id, kind, owner, owner_user_id, counted_from, amount, unit,
                              due_on, provisional, opened_at, opened_by_event_id, congress_id)
        SELECT {first_item} + (g % {ITEMS}), 'evaluation', 'deputy', {first_user} + (g % {USERS}),
               DATE '{DUE_DAY}' - 21, 15, 'working_days',
               CASE WHEN g <= {due} THEN DATE '{DUE_DAY}' ELSE DATE '{DUE_DAY}' + 60 + (g % 300) END,
               false, TIMESTAMPTZ '{(CLOCK - timedelta(days=30)).isoformat()}',
               (SELECT min(id) FROM audit_event) + (g % {ITEMS}), {congress_id}
        FROM generate_series(1, {n}) AS g"""))
    # What the mapper event writes for each new deadline: a first look a month before it is due.
    db.session.execute(text(f"""
        INSERT INTO reminder_schedule (deadline_id, next_level, next_at, congress_id)
        SELECT id, 1, ((due_on - 31)::timestamp AT TIME ZONE 'Asia/Shanghai'), {congress_id}
        FROM deadline"""))
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - started


def explain() -> str:
    out = []
    now = f"TIMESTAMPTZ '{CLOCK.isoformat()}'"
    for title, sql in (
        ("planner: schedule rows whose moment has come (one batch)",
         f"SELECT deadline_id FROM reminder_schedule WHERE next_at IS NOT NULL AND next_at <= {now} "
         "ORDER BY next_at LIMIT 500 FOR UPDATE SKIP LOCKED"),
        ("planner: all of them", f"SELECT count(*) FROM reminder_schedule WHERE next_at IS NOT NULL "
                                 f"AND next_at <= {now}"),
    ):
        with db.engine.begin() as conn:
            plan = conn.execute(text(f"EXPLAIN (ANALYZE, COSTS, BUFFERS OFF) {sql}")).scalars().all()
            conn.rollback()
        out.append(f"-- {title}\n{sql}\n" + "\n".join(plan))
    return "\n\n".join(out)


def explain_sender() -> str:
    now = f"TIMESTAMPTZ '{CLOCK.isoformat()}'"
    sql = (f"SELECT id FROM reminder WHERE status = 'pending' AND due_at <= {now} AND digest = false "
           f"AND (lease_until IS NULL OR lease_until < {now}) ORDER BY due_at, id LIMIT 500 "
           "FOR UPDATE SKIP LOCKED")
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE reminder"))  # what autovacuum would have done by now
        plan = conn.execute(text(f"EXPLAIN (ANALYZE, COSTS) {sql}")).scalars().all()
        conn.rollback()
    return f"-- sender: pending ledger rows that are due\n{sql}\n" + "\n".join(plan)


def start_workers(count: int, env: dict, logs: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        with open(logs / f"bench-worker{i}.log", "w") as log:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--pool=solo",
                 "--without-gossip", "--without-mingle", "-n", f"bench{i}-{uuid.uuid4().hex[:6]}@%h",
                 "--loglevel=INFO"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if all(" ready." in (logs / f"bench-worker{i}.log").read_text() for i in range(count)):
            return procs
        time.sleep(0.2)
    raise SystemExit("workers did not start; see " + str(logs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--url", default=URL, help="the database, dropped and created again")
    parser.add_argument("--smoke", action="store_true",
                        help="300 deadlines, 20 due, the tick run in this process (bench/smoke.py)")
    args = parser.parse_args()
    if args.smoke:
        global USERS, ITEMS
        args.deadlines, args.due, args.workers = 300, 20, 0
        USERS, ITEMS = 20, 100

    sink = Sink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    fresh_database(args.url)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / "bench-reminders"
    logs.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")} | {
        "TRACKER_DATABASE_URL": args.url, "TRACKER_BROKER_URL": REDIS, "TRACKER_QUEUE": queue,
        "TRACKER_INSTANCE": str(logs / "instance"), "TRACKER_CLOCK_NOW": CLOCK.isoformat(),
        "TRACKER_MAIL_URL": f"smtp://127.0.0.1:{port}", "TRACKER_REMINDER_BATCH": str(args.batch),
        "TRACKER_REMINDER_PARALLEL": str(args.workers), "TRACKER_REMINDER_TICK_ON_START": "0",
        "PYTHONPATH": str(ROOT)}
    if not args.smoke:
        os.environ.update(TRACKER_BROKER_URL=REDIS, TRACKER_QUEUE=queue)  # this process sends the tick
    # The mail settings serve the smoke run, where this process delivers.
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url, "CLOCK_NOW": CLOCK.isoformat(),
                      "MAIL_URL": f"smtp://127.0.0.1:{port}", "REMINDER_BATCH": args.batch})
    with app.app_context(), scope(db.session, congress_id := fresh_tables()):
        built = build(args.deadlines, args.due, congress_id)
        print(f"built {args.deadlines:,} open deadlines ({args.due:,} due) in {built:.1f} s", flush=True)
        print(explain(), flush=True)
        procs = start_workers(args.workers, env, logs) if args.workers else []
        try:
            started = time.perf_counter()
            if procs:
                app.extensions["celery"].send_task("workers.tasks.reminders.tick", queue=queue)
            expected = args.due * 2  # a notice and an email per due deadline
            planned_at = None
            while True:
                if not procs:  # the smoke run: this process is the worker
                    tick.apply(kwargs={"fan_out": False}).get()
                db.session.rollback()
                total = db.session.scalar(select(func.count()).select_from(Reminder))
                if planned_at is None and total == expected:
                    planned_at = time.perf_counter() - started
                    print(explain_sender(), flush=True)
                sent = db.session.scalar(select(func.count()).select_from(Reminder)
                                         .where(Reminder.status == ReminderStatus.SENT))
                if sent == expected and len(sink.ids) >= args.due:
                    break
                if time.perf_counter() - started > 900:
                    raise SystemExit(f"gave up: {sent}/{expected} sent")
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(timeout=30)
            if procs:
                with __import__("kombu").Connection(REDIS) as conn:
                    conn.default_channel.queue_delete(queue)
        notices = db.session.scalar(select(func.count()).select_from(Outbox).where(Outbox.kind == "reminder"))
        print(f"ledger rows planned after {planned_at:.1f} s", flush=True)
        print(f"delivered {notices:,} notices and {len(sink.ids):,} emails "
              f"({len(set(sink.ids)):,} distinct Message-IDs) with {args.workers} workers in {elapsed:.1f} s")
    smtp.stop()
    asyncio.set_event_loop(None)


if __name__ == "__main__":
    main()
