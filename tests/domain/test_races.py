"""Fifty actors doing the same thing to one item at once: one succeeds, 49 are told ActedFirst.

Real threads, each with its own app context, session and PostgreSQL connection, all having loaded
the item before any acts (a barrier), as fifty requests drawn from one page would. The engine
takes the item's row (locking.hold) before judging, so no loser reaches a unique key
(uq_one_live_lead: a 500 before) or is refused for the state the winner left (a 403 before).
PostgreSQL only: SQLite serialises writers on its database lock (test_concurrency covers it).
"""

from __future__ import annotations

import threading
from contextvars import copy_context

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import ActedFirst
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Suggestion, User
from tracker.models.handling import AssignmentState
from tracker.workflow import Action, Role, State

AT_ONCE = 50


@pytest.fixture
def postgres_only(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite serialises writers: races are tested on PostgreSQL")


def race(app, item_id: int, moves: list[tuple[int, Action, Role, dict, str]]) -> list:
    """Each move in a thread of its own; all load the item, then act at the same moment.
    Returns "won", or the exception each loser got (any exception, so a 500's cause shows)."""
    barrier, results = threading.Barrier(len(moves), timeout=60), [None] * len(moves)

    def run(i, user_id, action, role, data, reason):
        with app.app_context():
            try:
                item, actor = db.session.get(Suggestion, item_id), db.session.get(User, user_id)
                _ = item.lock_version, actor.roles  # loaded, as a request's page has them
                # Kept as loaded, the connection back in the pool: fifty at once need not fit in it.
                db.session.close()
                barrier.wait()
                db.session.add_all([item, actor])
                apply(item, action, actor=actor, as_role=role, at=at(2026, 3, 10), data=data,
                      reason=reason)
                db.session.commit()
                results[i] = "won"
            except Exception as exc:  # noqa: BLE001  (the assertions show which)
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(run, i, *m))
               for i, m in enumerate(moves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def one_winner(results: list) -> None:
    assert results.count("won") == 1, results
    losers = [r for r in results if r != "won"]
    assert all(isinstance(r, ActedFirst) for r in losers), {repr(r) for r in losers}
    assert all(r.http_status == 409 for r in losers)


def events(item_id: int, action: Action) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item_id, AuditEvent.action == action))


def test_fifty_routes_at_once_route_once(app, make, postgres_only):
    w, item = make.item_in(State.REGISTERED, start=at(2026, 2, 1))
    db.session.commit()
    move = (w.office.id, Action.ROUTE, Role.OFFICE_STAFF, {"lead_unit": w.unit.id}, "")
    one_winner(race(app, item.id, [move] * AT_ONCE))
    assert events(item.id, Action.ROUTE) == 1
    assert db.session.get(Suggestion, item.id).state is State.ASSIGNED
    live_leads = select(func.count(Assignment.id)).where(
        Assignment.suggestion_id == item.id, Assignment.is_lead.is_(True),
        Assignment.state != AssignmentState.RELEASED)
    assert db.session.scalar(live_leads) == 1


def test_fifty_sign_fors_at_once_sign_once(app, make, postgres_only):
    w, item = make.item_in(State.ASSIGNED, start=at(2026, 2, 1))
    db.session.commit()
    moves = [(w.handler.id, Action.SIGN_FOR, Role.UNIT_HANDLER, {}, "") if i % 2 else
             (w.leader.id, Action.SIGN_FOR, Role.UNIT_LEADER, {}, "") for i in range(AT_ONCE)]
    one_winner(race(app, item.id, moves))
    assert events(item.id, Action.SIGN_FOR) == 1
    assert db.session.get(Suggestion, item.id).state is State.IN_HANDLING


def test_fifty_registrations_at_once_take_one_number(app, make, postgres_only):
    w, item = make.item_in(State.SUBMITTED, start=at(2026, 2, 1))
    db.session.commit()
    move = (w.office.id, Action.REGISTER, Role.OFFICE_STAFF, {"category": w.category.id}, "")
    one_winner(race(app, item.id, [move] * AT_ONCE))
    assert events(item.id, Action.REGISTER) == 1
    assert db.session.get(Suggestion, item.id).reg_number == 1


def test_fifty_evaluations_at_once_evaluate_once(app, make, postgres_only):
    w, item = make.item_in(State.REPLIED, start=at(2026, 2, 1))
    db.session.commit()
    move = (w.deputy.id, Action.EVALUATE, Role.DEPUTY,
            {"attitude": "satisfied", "result": "satisfied"}, "")
    one_winner(race(app, item.id, [move] * AT_ONCE))
    assert events(item.id, Action.EVALUATE) == 1
    assert db.session.get(Suggestion, item.id).state is State.CLOSED


def test_a_late_second_sign_for_is_refused_as_not_now_not_as_someone_elses(make):
    """The lead unit's second sign-for, sent after the first was saved, is a 409 (the item is no
    longer awaiting it), not a 403 "not yours": the item is still the unit's."""
    w, item = make.item_in(State.ASSIGNED, start=at(2026, 2, 1))
    apply(item, Action.SIGN_FOR, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 10))
    with pytest.raises(Exception) as refused:
        apply(item, Action.SIGN_FOR, actor=w.leader, as_role=Role.UNIT_LEADER, at=at(2026, 3, 10))
    assert refused.value.code == "not_allowed_now" and refused.value.http_status == 409
