"""Idempotency keys: a retry replays the first response, another body under the key is refused,
a refused action leaves no key, two requests at once with one key run the action once."""

from __future__ import annotations

import threading
from contextvars import copy_context
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker import tenancy
from tracker.domain import idempotency as idem
from tracker.domain.core.engine import apply
from tracker.domain.errors import InvalidData, KeyInProgress, KeyReused, NotAllowedNow
from tracker.extensions import db
from tracker.models import AuditEvent, IdempotencyKey, Suggestion, User
from tracker.workflow import Action, Role, State

CALLER = idem.caller_of(7, token_id=3)
PRINT = idem.fingerprint("POST", "/api/v1/items/1/actions/route", b'{"data": {"lead_unit": 2}}')


def test_the_fingerprint_tells_method_path_and_body_apart():
    one = idem.fingerprint("POST", "/a", b"{}")
    assert one == idem.fingerprint("post", "/a", b"{}") and len(one) == 64
    assert len({one, idem.fingerprint("PUT", "/a", b"{}"), idem.fingerprint("POST", "/b", b"{}"),
                idem.fingerprint("POST", "/a", b"{ }"), idem.fingerprint("POST", "/a{", b"}")}) == 5
    assert idem.caller_of(7) == "user:7:session" != CALLER


def test_a_retry_gets_the_first_response(ctx):
    assert idem.recall(db.session, CALLER, "k-1", PRINT) is None
    idem.remember(db.session, CALLER, "k-1", PRINT, 200, {"state": "assigned", "event_id": 9})
    db.session.commit()
    stored = idem.recall(db.session, CALLER, "k-1", PRINT)
    assert stored == idem.Stored(200, {"state": "assigned", "event_id": 9})
    assert idem.recall(db.session, idem.caller_of(8), "k-1", PRINT) is None  # another caller's key


def test_the_same_key_with_another_body_is_refused(ctx):
    idem.recall(db.session, CALLER, "k-2", PRINT)
    idem.remember(db.session, CALLER, "k-2", PRINT, 200, {})
    db.session.commit()
    with pytest.raises(KeyReused) as refused:
        idem.recall(db.session, CALLER, "k-2", idem.fingerprint("POST", "/other", b""))
    assert refused.value.http_status == 422 and refused.value.field == "Idempotency-Key"


def test_a_key_claimed_and_never_answered_is_in_progress(ctx):
    idem.recall(db.session, CALLER, "k-3", PRINT)
    db.session.commit()  # a request that committed without remember(): never replayed as a success
    with pytest.raises(KeyInProgress) as refused:
        idem.recall(db.session, CALLER, "k-3", PRINT)
    assert refused.value.http_status == 409


@pytest.mark.parametrize("key", ["", "x" * 256, "键", "a\nb", 12, None])
def test_a_malformed_key_is_refused(ctx, key):
    with pytest.raises(InvalidData) as refused:
        idem.recall(db.session, CALLER, key, PRINT)
    assert refused.value.field == "Idempotency-Key"


def test_remember_needs_the_claim(ctx):
    with pytest.raises(RuntimeError):
        idem.remember(db.session, CALLER, "never-claimed", PRINT, 200, {})


def test_a_refused_action_leaves_no_key(make):
    w, item = make.item_in(State.ASSIGNED, start=at(2026, 2, 1))
    db.session.commit()
    assert idem.recall(db.session, CALLER, "k-4", PRINT) is None
    with pytest.raises(NotAllowedNow):
        apply(item, Action.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 10),
              data={"lead_unit": w.unit.id})
    db.session.rollback()  # as tracker.web.errors does on any DomainError
    assert idem.recall(db.session, CALLER, "k-4", PRINT) is None  # free to be sent again


def test_keys_are_of_one_congress(ctx):
    idem.recall(db.session, CALLER, "k-5", PRINT)
    idem.remember(db.session, CALLER, "k-5", PRINT, 201, {"id": 1})
    db.session.commit()
    from tests.conftest import add_congress
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        assert idem.recall(db.session, CALLER, "k-5", PRINT) is None
        db.session.rollback()


def test_prune_forgets_keys_older_than_a_day(ctx):
    old, new = at(2026, 3, 1), at(2026, 3, 2)
    for key, when in (("old", old), ("new", new)):
        idem.recall(db.session, CALLER, key, PRINT, at=when)
        idem.remember(db.session, CALLER, key, PRINT, 200, {})
    db.session.commit()
    assert idem.prune(db.session, new - timedelta(hours=1)) == 1
    db.session.commit()
    assert db.session.scalars(select(IdempotencyKey.key)).all() == ["new"]


def test_the_prune_runs_hourly_from_beat(app):
    from workers import beat_schedule
    entry = beat_schedule(app)["idempotency-prune"]
    assert entry["task"] == "workers.tasks.housekeeping.prune_idempotency_keys"


def test_two_requests_with_one_key_at_once_route_once(app, make):
    """Both claim the key at the same moment: one routes and stores its answer; the other waits
    for its commit (PostgreSQL) or is told the key is in progress (SQLite's one writer), and
    never routes a second time."""
    w, item = make.item_in(State.REGISTERED, start=at(2026, 2, 1))
    db.session.commit()
    item_id, office_id, unit_id = item.id, w.office.id, w.unit.id  # read here: the threads have their own
    barrier, results = threading.Barrier(2, timeout=60), [None, None]

    def run(i: int) -> None:
        with app.app_context():
            try:
                item_i, office = db.session.get(Suggestion, item_id), db.session.get(User, office_id)
                barrier.wait()
                stored = idem.recall(db.session, CALLER, "route-once", PRINT)
                if stored is not None:
                    results[i] = ("replayed", stored)
                    return
                event = apply(item_i, Action.ROUTE, actor=office, as_role=Role.OFFICE_STAFF,
                              at=at(2026, 3, 10), data={"lead_unit": unit_id})
                idem.remember(db.session, CALLER, "route-once", PRINT, 200, {"event_id": event.id})
                db.session.commit()
                results[i] = ("ran", event.id)
            except Exception as exc:  # noqa: BLE001  (the assertions show which)
                db.session.rollback()
                results[i] = ("refused", exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=copy_context().run, args=(run, i)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    ran = [r for r in results if r[0] == "ran"]
    other = next(r for r in results if r[0] != "ran")
    assert len(ran) == 1, results
    # The other is answered from the winner's record, or told to retry: never a second route.
    assert other[0] == "replayed" and other[1] == idem.Stored(200, {"event_id": ran[0][1]}) \
        or isinstance(other[1], KeyInProgress), results
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.suggestion_id == item_id, AuditEvent.action == Action.ROUTE)) == 1
