"""Webhooks end to end: a real Celery worker and beat send the events to a real HTTP receiver on
localhost that verifies each Standard Webhooks signature. The receiver is down for a while
(connection refused), then up: every event arrives, none twice by its webhook-id. A day of failures,
told by the app clock (TRACKER_CLOCK_NOW) rather than slept, switches the endpoint off and tells the admin."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.workers.test_reminder_worker import free_port, start
from tests.workers.test_worker import stop, worker_env
from tracker.domain.webhooks import endpoints as hooks
from tracker.domain.webhooks.addresses import AddressPolicy
from tracker.extensions import db
from tracker.models import DeliveryStatus, Outbox, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tracker.workflow import State
from tracker.workflow.webhooks import EVENT_TYPES

pytestmark = pytest.mark.worker


class Receiver(BaseHTTPRequestHandler):
    """Keeps every verified delivery (webhook-id, body); answers 400 to a bad signature."""

    secret = ""
    got: list = []
    bad: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            payload = Webhook(type(self).secret).verify(body, dict(self.headers))
        except WebhookVerificationError as exc:
            type(self).bad.append(str(exc))
            self.send_response(400)
        else:
            type(self).got.append((self.headers["webhook-id"], payload))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    servers = []

    def run(port: int, secret: str) -> None:
        Receiver.secret, Receiver.got, Receiver.bad = secret, [], []
        server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)

    yield run
    for server in servers:
        server.shutdown()
        server.server_close()


def deliveries() -> list[WebhookDelivery]:
    db.session.rollback()  # a fresh snapshot of what the workers wrote
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def wait_for(check, tmp_path, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.3)
    logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in tmp_path.glob("*.log"))
    rows = [(d.id, d.status, d.attempts, d.last_status_code, d.last_error) for d in deliveries()]
    pytest.fail(f"timed out waiting; deliveries: {rows}\n{logs}")


def run_workers(env, tmp_path, name: str, clock: datetime | None = None):
    """A worker and beat on the test's own queue; beat sweeps every second."""
    moment = clock or datetime.now(UTC)
    extra = {} if clock else {"TRACKER_CLOCK_NOW": ""}
    return [start(env, tmp_path, f"{name}-worker", "worker", "--pool=solo", "-c", "1", "--without-gossip",
                  "--without-mingle", "-n", f"{name}-{uuid.uuid4().hex[:6]}@%h", "--loglevel=INFO",
                  clock=moment, **extra),
            start(env, tmp_path, f"{name}-beat", "beat", "--schedule", str(tmp_path / f"{name}-beat"),
                  "--loglevel=INFO", clock=moment, **extra)]


@pytest.fixture
def hook_env(ctx, tmp_path):
    env = worker_env("embedded", tmp_path, ctx.config["SQLALCHEMY_DATABASE_URI"])
    env.update(TRACKER_QUEUE=f"tracker-hooks-{uuid.uuid4().hex[:12]}", TRACKER_WEBHOOK_SWEEP_SECONDS="1",
               TRACKER_WEBHOOK_RETRY_SECONDS="0.5,1", TRACKER_WEBHOOK_LEASE_SECONDS="60")
    return env


def endpoint_for(ctx, w, port: int) -> tuple[WebhookEndpoint, str]:
    endpoint, secret = hooks.create_endpoint(
        db.session, hooks.EndpointSettings(f"http://127.0.0.1:{port}/hook", "test", EVENT_TYPES),
        actor=w.admin, at=datetime.now(UTC), secret_key=ctx.config["SECRET_KEY"],
        policy=AddressPolicy(private_ok=True))
    db.session.commit()
    return endpoint, secret


def test_a_receiver_down_for_a_while_gets_every_event_once_signed(ctx, make, hook_env, receiver, tmp_path):
    w = make.world()
    port = free_port()  # nothing listens there yet: connection refused
    endpoint, secret = endpoint_for(ctx, w, port)
    make.item_in(State.CLOSED, w)
    make.item_in(State.REPLIED, w)
    db.session.commit()
    uids = sorted(db.session.scalars(select(WebhookEvent.uid)))
    assert len(uids) == 10
    procs = run_workers(hook_env, tmp_path, "down")
    try:
        wait_for(lambda: sum(d.attempts for d in deliveries()) >= 3
                 and all(d.last_error for d in deliveries()), tmp_path)
        down = deliveries()
        assert {d.status for d in down} == {DeliveryStatus.PENDING}
        assert any("ConnectionError" in d.last_error for d in down)
        db.session.refresh(endpoint)
        assert endpoint.is_enabled and endpoint.failing_since is not None
        receiver(port, secret)  # back up
        wait_for(lambda: all(d.status is DeliveryStatus.DELIVERED for d in deliveries()), tmp_path)
    finally:
        for p in procs:
            stop(p)
    got_ids = [uid for uid, _ in Receiver.got]
    assert Receiver.bad == []  # every signature verified
    assert sorted(got_ids) == uids  # every event arrived
    assert len(got_ids) == len(set(got_ids))  # none twice
    stored = {e.uid: e.payload for e in db.session.scalars(select(WebhookEvent))}
    assert all(payload == stored[uid] for uid, payload in Receiver.got)
    assert {d.last_status_code for d in deliveries()} == {204}
    db.session.refresh(endpoint)
    assert endpoint.failing_since is None


def test_a_day_of_failures_by_the_app_clock_switches_the_endpoint_off(ctx, make, hook_env, tmp_path):
    w = make.world()
    endpoint, _ = endpoint_for(ctx, w, free_port())
    make.item_in(State.REGISTERED, w)
    db.session.commit()
    start_at = datetime(2026, 9, 1, 2, tzinfo=UTC)
    procs = run_workers(hook_env, tmp_path, "first", start_at)
    try:
        wait_for(lambda: any(d.attempts for d in deliveries()), tmp_path)
    finally:
        for p in procs:
            stop(p)
    db.session.refresh(endpoint)
    assert endpoint.is_enabled and endpoint.failing_since == start_at
    procs = run_workers(hook_env, tmp_path, "next-day", start_at + timedelta(hours=25))
    try:
        wait_for(lambda: not (deliveries() and db.session.get(WebhookEndpoint, endpoint.id).is_enabled),
                 tmp_path)
    finally:
        for p in procs:
            stop(p)
    db.session.refresh(endpoint)
    assert endpoint.disabled_at == start_at + timedelta(hours=25)
    assert "ConnectionError" in endpoint.disabled_reason
    notices = db.session.scalars(select(Outbox).where(Outbox.kind == "webhook_disabled")).all()
    assert [n.recipient_id for n in notices] == [w.admin.id]
    assert json.dumps(notices[0].payload["url"]) == json.dumps(endpoint.url)
    assert {d.status for d in deliveries()} == {DeliveryStatus.PENDING}  # kept for when it is back


def test_beat_sweeps_due_deliveries_often(app):
    from workers import beat_schedule

    sweep = beat_schedule(app)["webhooks-sweep"]
    assert sweep == {"task": "workers.tasks.webhooks.deliver", "schedule": 15.0}
