"""A real Celery worker process runs a long export and a large import while the pages show progress."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import uuid

import pytest
from celery import Celery
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.factories import at
from tests.web.helpers import CHEAP_HASH, Auth, Client
from tests.workers.test_worker import WORKER, _own_session_dying_with_parent, stop, worker_env
from tracker.extensions import db
from tracker.models import Assignment, Suggestion, User
from tracker.models.handling import AssignmentState
from tracker.workflow import State


@pytest.fixture
def worker(app, ctx, tmp_path, monkeypatch):
    """A worker on the embedded broker under tmp_path, and the app's Celery sending to its queue."""
    env = worker_env("embedded", tmp_path, ctx.config["SQLALCHEMY_DATABASE_URI"])
    queue = f"tracker-test-{uuid.uuid4().hex[:12]}"
    folder = tmp_path / "instance" / "broker"
    for name in ("queue", "control"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    sender = Celery("test-sender", broker="filesystem://", set_as_current=False)
    sender.conf.broker_transport_options = {"data_folder_in": str(folder / "queue"),
                                            "data_folder_out": str(folder / "queue"),
                                            "control_folder": str(folder / "control")}
    sender.conf.task_default_queue = queue
    monkeypatch.setitem(app.extensions, "celery", sender)
    monkeypatch.setitem(app.config, "EXPORT_INLINE_LIMIT", 3)
    monkeypatch.setitem(app.config, "IMPORT_INLINE_LIMIT", 1)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))  # uploads land there too
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, *WORKER.split(), "-Q", queue, "-n", f"{queue}@%h",
                                 "--loglevel=INFO"], cwd=tmp_path, env=env, stdout=log,
                                stderr=subprocess.STDOUT, preexec_fn=_own_session_dying_with_parent)
    yield log_path
    stop(proc)
    sender.close()


def wait_for(client, url: str, log_path) -> dict:
    deadline = time.monotonic() + 90
    seen = set()
    while time.monotonic() < deadline:
        status = client.get(url).get_json()
        seen.add(status["status"])
        if status["status"] in ("done", "failed"):
            status["seen"] = seen
            return status
        time.sleep(0.3)
    pytest.fail(f"the job did not finish; worker log:\n{log_path.read_text()}")


@pytest.mark.worker
def test_a_worker_exports_and_imports_in_the_background(app, make, worker):
    w = make.world()
    for user in db.session.scalars(select(User)):
        user.password_hash = CHEAP_HASH
    for n in range(6):
        item = make.suggestion(w.deputy, category=w.category, title=f"关于第{n}号路口的建议",
                               state=State.IN_HANDLING, updated_at=at(2026, 4, 1, 10 + n))
        db.session.add(Assignment(suggestion_id=item.id, unit_id=w.unit.id, is_lead=True,
                                  state=AssignmentState.RECEIVED, assigned_at=at(2026, 4, 1)))
    db.session.commit()
    client = Client(app, app.response_class, use_cookies=True)
    Auth(client).as_(w.office)

    response = client.get("/export/items?state=in_handling")
    assert response.status_code == 302
    job_url = response.location
    status = wait_for(client, f"{job_url}.json", worker)
    assert status["status"] == "done", status
    assert status["done"] == status["total"] == 6 and status["percent"] == 100
    with client.get(status["download"]) as download:
        rows = list(load_workbook(io.BytesIO(download.data), read_only=True).worksheets[0]
                    .iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [f"关于第{n}号路口的建议" for n in reversed(range(6))]

    book = io.BytesIO()
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["标题", "事由", "具体建议", "领衔代表", "类别", "会议", "提出日期"])
    for n in range(3):
        wb.active.append([f"旧台账建议{n}", "理由", "建议", w.deputy.name, w.category.name, "闭会",
                          "2025-06-01"])
    wb.save(book)
    book.seek(0)
    response = client.post("/imports/new", data={"file": (book, "台账.xlsx")},
                           content_type="multipart/form-data")
    job_id = int(response.location.removesuffix("/map").rsplit("/", 1)[1])
    mapping = {"title": "0", "reasons": "1", "proposals": "2", "deputy": "3", "category": "4",
               "session": "5", "date": "6", "number": "", "unit": ""}
    assert client.post(f"/imports/{job_id}/map", data=mapping).status_code == 302
    response = client.post(f"/imports/{job_id}/run")
    assert response.location.endswith(f"/jobs/{job_id}")
    status = wait_for(client, f"/jobs/{job_id}.json", worker)
    assert status["status"] == "done" and status["report"], status
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Suggestion.id)).where(
        Suggestion.title.like("旧台账建议%"), Suggestion.state == State.SUBMITTED)) == 3
    assert "workers.tasks.exports.run_import" in worker.read_text()
