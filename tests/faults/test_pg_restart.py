"""PostgreSQL stopped and started again under load: the app answers 503 (never a 500) while it is
down and serves every request again once it is back, in the same process, not restarted."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import select

from tests.app_server import AppServer
from tests.faults.services import pg_ctl, pg_running_again
from tests.web.helpers import CHEAP_HASH, PASSWORD
from tracker.extensions import db
from tracker.models import User

OUTAGE_SECONDS = 3.0
CLIENTS = 4
SAYS_RETRY = "数据库暂时无法连接"


@dataclass
class Hit:
    started: float
    status: int | str  # an HTTP status, or the name of the client-side error
    clean: bool        # a 503 drawn by our page (its message, no traceback)


def load(url: str, cookies, paths: list[str], stop: threading.Event, hits: list[Hit]) -> None:
    http = requests.Session()
    http.cookies.update(cookies)
    i = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            got = http.get(url + paths[i % len(paths)], allow_redirects=False, timeout=30)
            clean = got.status_code == 503 and SAYS_RETRY in got.text and "Traceback" not in got.text
            hits.append(Hit(started, got.status_code, clean))
        except requests.RequestException as exc:
            hits.append(Hit(started, type(exc).__name__, False))
        i += 1


def outcome(hits: list[Hit]) -> str:
    counts = Counter(h.status for h in hits)
    return ", ".join(f"{n} × {status}" for status, n in sorted(counts.items(), key=str)) or "none"


def test_requests_fail_cleanly_while_postgresql_is_down_and_succeed_after(ctx, make, tmp_path, capsys):
    w = make.world()
    for user in db.session.scalars(select(User)):
        user.password_hash = CHEAP_HASH
    item = make.suggestion(w.deputy, category=w.category, title="故障演练中的建议")
    db.session.commit()
    server = AppServer(tmp_path, "app", {"TRACKER_DATABASE_URL": ctx.config["SQLALCHEMY_DATABASE_URI"],
                                         "TRACKER_SECRET_KEY": "fault-tests-secret-key-0123456789"}).wait()
    hits: list[Hit] = []
    stop = threading.Event()
    try:
        http = requests.Session()
        assert server.sign_in(http, w.office.username, PASSWORD).status_code == 302
        paths = ["/items", f"/items/{item.id}", "/public", "/items?state=draft"]
        clients = [threading.Thread(target=load, args=(server.url, http.cookies, paths, stop, hits))
                   for _ in range(CLIENTS)]
        for c in clients:
            c.start()
        time.sleep(2)
        with pg_running_again():
            down = time.monotonic()
            pg_ctl("stop")  # fast shutdown: every connection of the pool is cut
            time.sleep(OUTAGE_SECONDS)
            pg_ctl("start")  # returns once the server accepts connections
            up = time.monotonic()
        time.sleep(4)
    finally:
        stop.set()
        for c in clients:
            c.join(timeout=60)
        alive = server.proc.poll() is None
        server.stop()
    before = [h for h in hits if h.started < down]
    during = [h for h in hits if down <= h.started < up]
    after = [h for h in hits if h.started >= up]
    with capsys.disabled():
        print(f"\nfaults: PostgreSQL down {up - down:.1f} s under {CLIENTS} clients: "
              f"before {outcome(before)}; during {outcome(during)}; after {outcome(after)}")
    assert alive, "the app process died"
    assert before and all(h.status == 200 for h in before), outcome(before)
    assert any(h.status == 503 for h in during), outcome(during)  # the outage was seen
    assert all(h.status == 200 or h.clean for h in during), outcome(during)  # and only as our 503
    assert after and all(h.status == 200 for h in after), outcome(after)  # no restart of the app
    log = server.log.read_text()
    assert "Traceback" not in log and " 500 -" not in log


@pytest.fixture(autouse=True)
def _fresh_pool_after(app):
    """The tests' own pooled connections died with the server: the pre-ping replaces them."""
    yield
    with app.app_context():
        db.engine.dispose()
