"""Two actors on one item at the same moment: exactly one wins, the other is told, nothing half-written.

Real concurrent connections: each actor runs in its own thread with its own app context, session
and database connection. On PostgreSQL the loser's UPDATE waits for the winner's row lock; on
SQLite the database lock serialises the writers; either way the optimistic version check decides.
"""

from __future__ import annotations

import threading
import time
from contextvars import copy_context  # each thread works in the test's congress

from sqlalchemy import func, select

from seeds.paths import PATHS, Walker
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import ActedFirst
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, RegistrationCounter, Suggestion, User
from tracker.workflow import Action, DeadlineKind, Role, State


def _race(app, item_id: int, moves: list[tuple[int, Action, Role, dict, str]]):
    """Run each move in its own thread; all load the item first, then act at once."""
    barrier = threading.Barrier(len(moves))
    results: list = [None] * len(moves)

    def run(i, user_id, action, role, data, reason):
        with app.app_context():
            item = db.session.get(Suggestion, item_id)
            actor = db.session.get(User, user_id)
            barrier.wait()
            try:
                apply(item, action, actor=actor, as_role=role, at=at(2026, 3, 10), data=data,
                      reason=reason)
                time.sleep(0.3)  # hold the lock a moment so the other writer really collides
                db.session.commit()
                results[i] = "won"
            except ActedFirst as exc:
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(run, i, *m)) for i, m in enumerate(moves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _item_in(make, state):
    w, item = make.item_in(state, start=at(2026, 2, 1))
    db.session.commit()
    return w, item


def test_register_and_decline_at_once_one_wins(app, make):
    w, item = _item_in(make, State.SUBMITTED)
    office2 = make.user(Role.OFFICE_STAFF)
    db.session.commit()
    events_before = db.session.scalar(select(func.count(AuditEvent.id)))
    results = _race(app, item.id, [
        (w.office.id, Action.REGISTER, Role.OFFICE_STAFF, {"category": w.category.id}, ""),
        (office2.id, Action.DECLINE_REGISTRATION, Role.OFFICE_STAFF, {}, "属于具体案件。"),
    ])
    assert sorted(map(str, results)).count("won") == 1
    loser = next(r for r in results if r != "won")
    assert isinstance(loser, ActedFirst) and "其他人已先行处理" in loser.zh
    db.session.expire_all()
    item = db.session.get(Suggestion, item.id)
    assert item.state in (State.REGISTERED, State.NOT_REGISTERED)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events_before + 1
    open_kinds = db.session.scalars(select(Deadline.kind).where(
        Deadline.suggestion_id == item.id, Deadline.closed_at.is_(None))).all()
    assert open_kinds == ([DeadlineKind.ROUTING] if item.state is State.REGISTERED else [])
    if item.state is State.REGISTERED:
        assert item.reg_number == 1
    counter = db.session.scalar(
        select(RegistrationCounter).where(RegistrationCounter.sequence == "year:2026"))
    assert (counter.last_number if counter else 0) == (1 if item.state is State.REGISTERED else 0)


def test_two_handlers_sign_for_at_once_one_wins(app, make):
    w, item = _item_in(make, State.ASSIGNED)
    db.session.commit()
    results = _race(app, item.id, [
        (w.handler.id, Action.SIGN_FOR, Role.UNIT_HANDLER, {}, ""),
        (w.leader.id, Action.SIGN_FOR, Role.UNIT_LEADER, {}, ""),
    ])
    assert results.count("won") == 1
    assert any(isinstance(r, ActedFirst) for r in results)
    db.session.expire_all()
    assert db.session.get(Suggestion, item.id).state is State.IN_HANDLING
    signed = db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == "sign_for"))
    assert signed == 1


def test_registering_two_items_at_once_gives_two_numbers_without_gap(app, make):
    w, first = _item_in(make, State.SUBMITTED)
    second = make.suggestion(w.deputy, category=w.category, title="关于大众街街道停车难的建议")
    Walker(w, at(2026, 2, 1)).play(second, PATHS[State.SUBMITTED][1])
    db.session.commit()
    office2 = make.user(Role.OFFICE_STAFF)
    db.session.commit()
    barrier = threading.Barrier(2)
    outcome = []

    def register(item_id, user_id):
        with app.app_context():
            item, actor = db.session.get(Suggestion, item_id), db.session.get(User, user_id)
            barrier.wait()
            apply(item, Action.REGISTER, actor=actor, as_role=Role.OFFICE_STAFF,
                  at=at(2026, 3, 10), data={"category": w.category.id})
            time.sleep(0.2)
            db.session.commit()
            outcome.append(item.reg_number)
            db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(register, first.id, w.office.id)),
               threading.Thread(target=copy_context().run, args=(register, second.id, office2.id))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcome) == [1, 2]
