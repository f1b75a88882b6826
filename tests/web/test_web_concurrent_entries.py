"""Independent entries sent at once on one item all save; conflicting actions still give one winner.

Real threads, each its own app context, database connection and signed-in client, released together
by a barrier. PostgreSQL only: SQLite lets one writer at a time hold the database, so concurrent
writers there are refused (409) by design, and the single-writer demo never meets 50 at once.
"""

from __future__ import annotations

import threading
from contextvars import copy_context

import pytest
from sqlalchemy import func, select

from tests.web.helpers import Auth, Client
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Contact, Reply
from tracker.workflow import Action, State

AT_ONCE = 50


@pytest.fixture(autouse=True)
def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite serialises writers: concurrency is tested on PostgreSQL")


def send_at_once(app, users, url: str, forms: list[dict], *, as_json: bool = False) -> list[int]:
    """POST each form (or JSON body) to `url` as the user beside it, all released at the same moment."""
    clients = []
    for user in users:
        client = Client(app, app.response_class, use_cookies=True)
        assert Auth(client).login(user).status_code == 302
        clients.append(client)
    barrier, statuses = threading.Barrier(len(forms)), [None] * len(forms)

    def run(i: int) -> None:
        with app.app_context():  # a context, session and connection of the thread's own
            barrier.wait()
            try:
                sent = {"json": forms[i]} if as_json else {"data": forms[i]}
                statuses[i] = clients[i].post(url, **sent).status_code
            except Exception as exc:  # noqa: BLE001  (the assertion shows it)
                statuses[i] = repr(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(run, i)) for i in range(len(forms))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return statuses


def contact(i: int, page_version: str) -> dict:
    return {"as_role": "unit_handler" if i % 2 == 0 else "unit_leader", "contact_way": "phone",
            "contact_date": "2026-05-19", "people": "李代表", "summary": f"第{i}次电话沟通。",
            "lock_version": page_version, "seen_state": "in_handling"}


def test_fifty_contacts_logged_at_once_all_save(app, world, item_in):
    item = item_in(State.IN_HANDLING)
    page_version = str(item.lock_version)  # every sender typed on the same page
    forms = [contact(i, page_version) for i in range(AT_ONCE)]
    users = [world.handler if i % 2 == 0 else world.leader for i in range(AT_ONCE)]
    statuses = send_at_once(app, users, f"/items/{item.id}/actions/log_contact", forms)
    assert statuses == [302] * AT_ONCE
    db.session.expire_all()
    saved = select(func.count(Contact.id)).where(Contact.suggestion_id == item.id)
    assert db.session.scalar(saved) == AT_ONCE
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == Action.LOG_CONTACT)) == AT_ONCE


def test_fifty_replies_sent_at_once_one_wins_the_rest_are_told(app, auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    # A reply needs a contact with the deputy first (代表法 Art. 51).
    auth.as_(world.handler).post(f"/items/{item.id}/actions/log_contact",
                                 data=contact(0, str(item.lock_version)))
    db.session.refresh(item)
    forms = [{"as_role": "unit_handler", "reply_category": "A", "reply_text": f"答复稿{i}。",
              "lock_version": str(item.lock_version), "seen_state": "in_handling"} for i in range(AT_ONCE)]
    statuses = send_at_once(app, [world.handler] * AT_ONCE, f"/items/{item.id}/actions/submit_reply", forms)
    assert sorted(statuses) == [302] + [409] * (AT_ONCE - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Reply.id)).where(Reply.suggestion_id == item.id)) == 1


def test_fifty_routes_sent_to_the_api_at_once_one_routes_the_rest_are_409(app, world, item_in):
    item = item_in(State.REGISTERED)
    body = {"as_role": "office_staff", "lead_unit": world.unit.id}  # /api/v1: the inputs at the top
    statuses = send_at_once(app, [world.office] * AT_ONCE, f"/api/v1/suggestions/{item.id}/actions/route",
                            [body] * AT_ONCE, as_json=True)
    assert sorted(statuses) == [200] + [409] * (AT_ONCE - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == Action.ROUTE)) == 1
    assert db.session.scalar(select(func.count(Assignment.id)).where(
        Assignment.suggestion_id == item.id, Assignment.is_lead.is_(True))) == 1


def test_fifty_sign_fors_sent_at_once_one_signs_the_rest_are_409(app, world, item_in):
    item = item_in(State.ASSIGNED)
    users = [world.handler if i % 2 else world.leader for i in range(AT_ONCE)]
    bodies = [{"as_role": "unit_handler" if i % 2 else "unit_leader"} for i in range(AT_ONCE)]
    statuses = send_at_once(app, users, f"/api/v1/suggestions/{item.id}/actions/sign_for", bodies,
                            as_json=True)
    assert sorted(statuses) == [200] + [409] * (AT_ONCE - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == Action.SIGN_FOR)) == 1
