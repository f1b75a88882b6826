"""A real Celery worker process runs our tasks on Redis, RabbitMQ and the embedded broker."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import require_service
from tests.factories import at
from tracker.extensions import db
from tracker.models import Deadline
from tracker.workflow import DeadlineKind, Owner, Role, Unit
from workers import celery_settings
from workers.tasks.housekeeping import heartbeat, ping

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, away from anything real
AMQP_URL = "amqp://guest:guest@127.0.0.1:5672//"
WORKER = "-m celery -A workers.celery_app worker --pool=solo -c 1 --without-gossip --without-mingle"

# Each mode: the environment that alone picks the broker and result backend, and the service to
# reach first. The embedded mode is the demo's: no server, folders under TRACKER_INSTANCE.
MODES = {
    "embedded": ({}, None),
    "redis": (
        {"TRACKER_BROKER_URL": REDIS_URL, "TRACKER_RESULT_BACKEND": REDIS_URL},
        ("Redis", 6379),
    ),
    "rabbitmq": (
        {"TRACKER_BROKER_URL": AMQP_URL, "TRACKER_RESULT_BACKEND": "rpc://"},
        ("RabbitMQ", 5672),
    ),
}

# The sending side is a separate process configured by the same environment, as the web app is.
SENDER = """
import json, sys
from workers.celery_app import celery
queue, value = sys.argv[1], sys.argv[2]
pong = celery.send_task("workers.tasks.housekeeping.ping", args=[value], queue=queue)
beat = celery.send_task("workers.tasks.housekeeping.heartbeat", queue=queue)
print(json.dumps({"ping": pong.get(timeout=60), "heartbeat": beat.get(timeout=60)}))
pong.forget()
beat.forget()
"""


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def _own_session_dying_with_parent() -> None:
    """In the child: its own process group, and SIGTERM when pytest dies, so none outlives us."""
    os.setsid()
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG


def stop(proc: subprocess.Popen) -> None:
    """Warm shutdown of the worker's whole process group, then kill what is left."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def start_worker(env: dict, tmp_path: Path, queue: str) -> tuple[subprocess.Popen, Path]:
    """A worker on `queue` alone, its log in tmp_path/worker.log."""
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, *WORKER.split(), "-Q", queue, "-n", f"{queue}@%h", "--loglevel=INFO"],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=_own_session_dying_with_parent,
        )
    return worker, log_path


def worker_env(mode: str, tmp_path: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TRACKER_BROKER_URL", "TRACKER_RESULT_BACKEND")}
    env.update(MODES[mode][0])
    env.update(
        TRACKER_INSTANCE=str(tmp_path / "instance"),
        TRACKER_DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        TRACKER_REMINDER_TICK_ON_START="0",  # its tick would sit unread in the default queue
    )
    if mode == "embedded":
        env["TRACKER_RESULT_BACKEND"] = f"file://{tmp_path / 'results'}"
    return env


def delete_queue(env: dict, queue: str) -> None:
    """Unique queues keep runs apart; brokers would keep them (and their bindings), so drop ours."""
    from kombu import Connection

    url = env.get("TRACKER_BROKER_URL")
    if url:
        with Connection(url, connect_timeout=5) as conn:
            conn.default_channel.queue_delete(queue)
    if url and url.startswith("redis://"):
        import redis

        # kombu's routing tables for the queue outlive it on Redis.
        with redis.Redis.from_url(url) as client:
            client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


@pytest.fixture
def open_deadlines(make) -> int:
    """Two open deadlines and a closed one, committed so that the worker's connection sees them."""
    deputy = make.user(Role.DEPUTY)
    item = make.suggestion(deputy)
    for closed_at in (None, None, at(2026, 3, 9)):
        db.session.add(
            Deadline(
                suggestion_id=item.id,
                kind=DeadlineKind.REPLY,
                owner=Owner.UNIT,
                counted_from=date(2026, 3, 2),
                amount=3,
                unit=Unit.MONTHS,
                due_on=date(2026, 6, 2),
                opened_at=at(2026, 3, 2),
                closed_at=closed_at,
            )
        )
    db.session.commit()
    return 2


@pytest.mark.worker
@pytest.mark.parametrize("mode", list(MODES))
def test_real_worker_runs_ping_and_heartbeat(mode, ctx, open_deadlines, tmp_path):
    service = MODES[mode][1]
    if service:
        require_service(reachable(service[1]), f"{service[0]} at 127.0.0.1:{service[1]}")
    env = worker_env(mode, tmp_path, ctx.config["SQLALCHEMY_DATABASE_URI"])
    queue = f"tracker-test-{uuid.uuid4().hex[:12]}"
    worker, log_path = start_worker(env, tmp_path, queue)
    try:
        sent = subprocess.run(
            [sys.executable, "-c", SENDER, queue, "你好 tracker"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        worker_exit = worker.poll()  # None: still running, as it should be
    finally:
        stop(worker)
        if mode != "embedded":
            delete_queue(env, queue)
    assert worker_exit is None, f"the worker exited with {worker_exit}:\n{log_path.read_text()}"
    assert sent.returncode == 0, f"{sent.stderr}\n--- worker log ---\n{log_path.read_text()}"
    assert json.loads(sent.stdout.strip().splitlines()[-1]) == {
        "ping": "你好 tracker",
        "heartbeat": open_deadlines,
    }
    assert "workers.tasks.housekeeping.heartbeat" in log_path.read_text()
    if mode == "embedded":
        # The broker lives under the instance folder, not wherever the worker was started.
        assert (tmp_path / "instance" / "broker" / "control").is_dir()
        assert not (tmp_path / "control").exists()


def test_tasks_called_directly_run_in_the_callers_app_context(ctx, open_deadlines):
    assert ping(7) == 7
    assert heartbeat() == open_deadlines


@pytest.mark.parametrize("broker", ["filesystem://", REDIS_URL, AMQP_URL])
def test_folder_options_are_made_for_the_filesystem_broker_only(broker, tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_RESULT_BACKEND", raising=False)
    app = Flask("settings", instance_path=str(tmp_path))
    queue = str(tmp_path / "broker" / "queue")
    app.config["CELERY"] = {
        "broker_url": broker,
        "broker_transport_options": {"data_folder_in": queue, "data_folder_out": queue},
    }
    settings = celery_settings(app)
    if broker == "filesystem://":
        assert settings["broker_transport_options"]["control_folder"] == str(tmp_path / "broker" / "control")
        assert (tmp_path / "broker" / "queue").is_dir()
        assert (tmp_path / "broker" / "control").is_dir()
    else:
        assert "broker_transport_options" not in settings
        assert not (tmp_path / "broker").exists()
    assert "result_backend" not in settings  # results stay off unless TRACKER_RESULT_BACKEND
