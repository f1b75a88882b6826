"""Independent rows (a contact logged, a progress report, a co-unit opinion) append beside the item:
they neither need the page's version to be current nor move it, so two people can take them at once."""

from __future__ import annotations

import threading
import time
from contextvars import copy_context  # each thread works in the test's congress

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker import workflow as wf
from tracker.domain.core.engine import apply
from tracker.domain.errors import StalePage
from tracker.extensions import db
from tracker.models import AuditEvent, Contact, Suggestion, User
from tracker.workflow import Action, Role, State

CONTACT = {"contact_way": "phone", "contact_date": "2026-03-09", "people": "李代表", "summary": "电话沟通。"}


def test_the_independent_rows_keep_the_state():
    independent = [r for r in wf.TRANSITIONS if r.independent]
    assert independent and all(r.keeps_state for r in independent)
    assert {r.action for r in independent} >= {Action.LOG_CONTACT, Action.REPORT_PROGRESS,
                                               Action.SEND_CO_OPINION}


def test_an_independent_action_does_not_move_the_lock(make):
    w, item = make.item_in(State.IN_HANDLING, start=at(2026, 2, 1))
    db.session.commit()
    before = item.lock_version
    apply(item, Action.LOG_CONTACT, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 10),
          data=CONTACT)
    db.session.commit()
    db.session.refresh(item)
    assert item.lock_version == before


def test_a_stale_page_may_still_log_a_contact_but_not_reply(make):
    w, item = make.item_in(State.IN_HANDLING, start=at(2026, 2, 1))
    db.session.commit()
    stale = item.lock_version - 1
    apply(item, Action.LOG_CONTACT, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 10),
          data=CONTACT, seen_version=stale)
    with pytest.raises(StalePage):
        apply(item, Action.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER,
              at=at(2026, 3, 11), data={"reply_category": "A", "reply_text": "已解决。"},
              seen_version=stale)


def test_two_people_logging_contacts_at_once_both_succeed(app, make):
    """Each in its own thread, session and connection, from the same page version."""
    w, item = make.item_in(State.IN_HANDLING, start=at(2026, 2, 1))
    db.session.commit()
    seen, item_id = item.lock_version, item.id
    people = [(w.handler.id, Role.UNIT_HANDLER), (w.leader.id, Role.UNIT_LEADER)]
    barrier, results = threading.Barrier(2), [None, None]

    def run(i, user_id, role):
        with app.app_context():
            mine = db.session.get(Suggestion, item_id)
            actor = db.session.get(User, user_id)
            barrier.wait()
            try:
                apply(mine, Action.LOG_CONTACT, actor=actor, as_role=role, at=at(2026, 3, 10),
                      data=CONTACT, seen_version=seen)
                time.sleep(0.2)  # hold the transaction open so the two overlap
                db.session.commit()
                results[i] = "done"
            except Exception as exc:  # noqa: BLE001  (the assertion shows what went wrong)
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(run, i, *p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == ["done", "done"]
    db.session.expire_all()
    assert db.session.get(Suggestion, item_id).lock_version == seen
    assert db.session.scalar(select(func.count(Contact.id)).where(Contact.suggestion_id == item_id)) == 2
    logged = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item_id, AuditEvent.action == Action.LOG_CONTACT))
    assert logged == 2
