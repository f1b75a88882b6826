"""50 callers sending the same action on one suggestion at the same moment, through /api/v1 on a
real threaded server and PostgreSQL: one wins (200), the 49 others are told it changed (409), and
the history and the assignments show the action once."""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest
import requests
from sqlalchemy import func, select

from seeds.paths import PATHS, Walker
from tests.app_server import AppServer, world_with_passwords
from tests.factories import at
from tests.web.helpers import PASSWORD
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Suggestion
from tracker.workflow import State

pytestmark = pytest.mark.postgres
CALLERS = 50
@pytest.fixture(scope="module")
def server(app, tmp_path_factory):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("the races are PostgreSQL's: SQLite serialises every write")
    machine = AppServer(tmp_path_factory.mktemp("races"), "api-races",
                        {"TRACKER_DATABASE_URL": url, "TRACKER_QUIET_HOURS": "off"})
    try:
        yield machine.wait()
    finally:
        machine.stop()


def _signed_in(server: AppServer, user) -> requests.Session:
    """A session signed in as `user`, sending the page's CSRF token as a script would."""
    http = requests.Session()
    assert server.sign_in(http, user.username, PASSWORD).status_code == 302
    page = http.get(f"{server.url}/", timeout=30).text
    http.headers["X-CSRFToken"] = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return http


def _at_once(server: AppServer, http: requests.Session, path: str, body: dict) -> Counter:
    """CALLERS threads, each with its own connection and the same cookies, POST at one moment."""
    gate = threading.Barrier(CALLERS)
    statuses: list[int | str] = []

    def call():
        mine = requests.Session()
        mine.cookies.update(http.cookies)
        mine.headers.update(http.headers)
        gate.wait()
        try:
            statuses.append(mine.post(server.url + path, json=body, timeout=120).status_code)
        except requests.RequestException as exc:
            statuses.append(type(exc).__name__)
    threads = [threading.Thread(target=call) for _ in range(CALLERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    return Counter(statuses)


def _item(make, world, state: State) -> Suggestion:
    channel, steps = PATHS[state]
    item = make.suggestion(world.deputy, channel=channel, category=world.category)
    Walker(world, at(2026, 3, 2)).play(item, steps)
    db.session.commit()
    return item


def _once(item: Suggestion, action: str) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == action))


def _one_wins(statuses: Counter) -> None:
    if statuses != Counter({200: 1, 409: CALLERS - 1}):
        pytest.fail(f"expected 1 × 200 and {CALLERS - 1} × 409, got {dict(statuses)}")


def _live_leads(item: Suggestion) -> int:
    return db.session.scalar(select(func.count(Assignment.id)).where(
        Assignment.suggestion_id == item.id, Assignment.is_lead.is_(True),
        Assignment.released_at.is_(None)))


def test_fifty_offices_route_one_suggestion_at_once(server, ctx, make):
    world = world_with_passwords(make)
    item = _item(make, world, State.REGISTERED)
    statuses = _at_once(server, _signed_in(server, world.office),
                        f"/api/v1/suggestions/{item.id}/actions/route",
                        {"lead_unit": world.unit.id, "co_units": [world.co_unit.id]})
    print(f"\nroute × {CALLERS}: {dict(statuses)}")
    assert _once(item, "route") == 1 and _live_leads(item) == 1
    _one_wins(statuses)


def test_fifty_handlers_sign_for_one_suggestion_at_once(server, ctx, make):
    world = world_with_passwords(make)
    item = _item(make, world, State.ASSIGNED)
    statuses = _at_once(server, _signed_in(server, world.handler),
                        f"/api/v1/suggestions/{item.id}/actions/sign_for", {})
    print(f"\nsign_for × {CALLERS}: {dict(statuses)}")
    assert _once(item, "sign_for") == 1 and _live_leads(item) == 1
    _one_wins(statuses)
