"""PostgreSQL stopped and started again under load: the app answers 503 (never a 500) while it is
down and serves every request again once it is back, in the same process, not restarted."""

from __future__ import annotations

import time

import pytest
import requests

from tests.app_server import AppServer, answered, outcome, phases, under_load, world_with_passwords
from tests.faults.services import pg_ctl, pg_running_again
from tests.web.helpers import PASSWORD
from tracker.extensions import db

OUTAGE_SECONDS = 3.0
CLIENTS = 4


def test_requests_fail_cleanly_while_postgresql_is_down_and_succeed_after(ctx, make, tmp_path, capsys):
    w = world_with_passwords(make)
    item_id = make.suggestion(w.deputy, category=w.category, title="故障演练中的建议").id
    db.session.commit()
    office = w.office.username
    db.session.close()  # this process holds no connection into the outage
    server = AppServer(tmp_path, "app", {"TRACKER_DATABASE_URL": ctx.config["SQLALCHEMY_DATABASE_URI"],
                                         "TRACKER_SECRET_KEY": "fault-tests-secret-key-0123456789"}).wait()

    def outage() -> None:
        with pg_running_again():
            pg_ctl("stop")  # fast shutdown: every connection of the pool is cut
            time.sleep(OUTAGE_SECONDS)
            pg_ctl("start")  # returns once the server accepts connections

    try:
        http = requests.Session()
        assert server.sign_in(http, office, PASSWORD).status_code == 302
        paths = ["/items", f"/items/{item_id}", "/public", "/items?state=draft"]  # /public: a 308
        hits, down, up = under_load(server, http.cookies, paths, CLIENTS, outage)
    finally:
        alive = server.proc.poll() is None
        server.stop()
    before, during, after = phases(hits, down, up)
    with capsys.disabled():
        print(f"\nfaults: PostgreSQL down {up - down:.1f} s under {CLIENTS} clients: "
              f"before {outcome(before)}; during {outcome(during)}; after {outcome(after)}")
    assert alive, "the app process died"
    # Sent before the stop: answered, or cut mid-flight by it and answered with our 503.
    assert any(answered(h) for h in before) and all(answered(h) or h.clean for h in before), outcome(before)
    assert any(h.status == 503 for h in during), outcome(during)  # the outage was seen
    assert all(answered(h) or h.clean for h in during), outcome(during)  # and only as our 503
    assert after and all(answered(h) for h in after), outcome(after)  # no restart of the app
    log = server.log.read_text()
    assert "Traceback" not in log and " 500 -" not in log


@pytest.fixture(autouse=True)
def _fresh_pool_after(app):
    """The tests' own pooled connections died with the server: the pre-ping replaces them."""
    yield
    with app.app_context():
        db.engine.dispose()
