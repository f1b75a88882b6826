"""Connections cut under load (pg_terminate_backend, what a restart does to the app's pool, without
stopping the shared server): no 500, a clean 503 at most, and every request answered after."""

from __future__ import annotations

import time

import psycopg
import pytest
import requests

from tests.app_server import AppServer, answered, outcome, phases, under_load, world_with_passwords
from tests.web.helpers import PASSWORD
from tracker.extensions import db

pytestmark = pytest.mark.postgres
CUTS = 3


def test_cut_connections_give_503_at_most_and_are_replaced(ctx, make, tmp_path, capsys):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's pg_terminate_backend")
    w = world_with_passwords(make)
    item_id = make.suggestion(w.deputy, category=w.category, title="连接中断演练").id
    db.session.commit()
    url, office = ctx.config["SQLALCHEMY_DATABASE_URI"], w.office.username
    db.session.close()
    server = AppServer(tmp_path, "app", {"TRACKER_DATABASE_URL": url,
                                         "TRACKER_SECRET_KEY": "cut-tests-secret-key-0123456789ab"}).wait()
    cut = []

    def cut_connections() -> None:
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            for _ in range(CUTS):
                cut.append(conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                        ).fetchone()[0])
                time.sleep(0.5)

    try:
        http = requests.Session()
        assert server.sign_in(http, office, PASSWORD).status_code == 302
        paths = ["/items", f"/items/{item_id}", "/public", "/items?state=draft"]
        hits, began, ended = under_load(server, http.cookies, paths, 3, cut_connections)
    finally:
        alive = server.proc.poll() is None
        server.stop()
        db.engine.dispose()  # this process's pooled connections were cut too
    before, during, after = phases(hits, began, ended)
    with capsys.disabled():
        print(f"\nconnections cut {CUTS} times ({sum(cut)} backends): before {outcome(before)}; "
              f"during {outcome(during)}; after {outcome(after)}")
    assert alive and sum(cut) > 0
    assert all(answered(h) or h.clean for h in hits), outcome(hits)  # never a 500
    assert after and all(answered(h) for h in after), outcome(after)
    log = server.log.read_text()
    assert "Traceback" not in log and " 500 -" not in log
