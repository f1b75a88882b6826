"""Webhook events: written with the change that announces them (or not at all), only for this
congress's switched-on endpoints that asked; the admin's operations, audited; the address rules;
the delivery bookkeeping (backoff, a day of failures switches an endpoint off and tells the admins)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.factories import at
from tracker import tenancy
from tracker.domain.core.engine import apply
from tracker.domain.errors import DomainError, InvalidData, RoleNotHeld
from tracker.domain.liaison import operations as liaison
from tracker.domain.reminders.notices import list_notices
from tracker.domain.webhooks import attempts
from tracker.domain.webhooks import endpoints as hooks
from tracker.domain.webhooks import reads as webhook_reads
from tracker.domain.webhooks.addresses import AddressPolicy, refusal
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    DeliveryStatus,
    Outbox,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tracker.security import WEBHOOK_SECRET, unseal
from tracker.workflow import Action, Role, State
from tracker.workflow.table import TRANSITIONS
from tracker.workflow.webhooks import ANNOUNCED, EVALUATED, EVENT_TYPES, events_of

OPEN = AddressPolicy(private_ok=True)
KEY = "k" * 40


def hook(admin, types=EVENT_TYPES, url="http://127.0.0.1:9/hook", **kw) -> WebhookEndpoint:
    endpoint, _secret = hooks.create_endpoint(
        db.session,
        hooks.EndpointSettings(url, "", tuple(types), **kw),
        actor=admin,
        at=at(2026, 3, 1),
        secret_key=KEY,
        policy=OPEN,
    )
    return endpoint


def events(type_=None) -> list[WebhookEvent]:
    q = select(WebhookEvent).order_by(WebhookEvent.id)
    return list(db.session.scalars(q if type_ is None else q.where(WebhookEvent.type == type_)))


def test_every_type_comes_from_a_row_of_the_table():
    announced = {e for row in TRANSITIONS for e in events_of(row)}
    assert {f"suggestion.{s.value}" for s in ANNOUNCED} | {EVALUATED} == announced
    assert all(events_of(r) == () for r in TRANSITIONS if r.keeps_state and r.action is not Action.EVALUATE)


def test_an_item_to_closed_announces_each_step_once_with_a_public_payload(make):
    w = make.world()
    endpoint = hook(w.admin)
    _, item = make.item_in(State.CLOSED, w)
    got = [e.type for e in events()]
    assert got == [
        "suggestion.submitted",
        "suggestion.registered",
        "suggestion.assigned",
        "suggestion.replied",
        "suggestion.evaluated",
        "suggestion.closed",
    ]
    assert len({e.uid for e in events()}) == len(got) and all(e.uid.startswith("msg_") for e in events())
    closed = events("suggestion.closed")[0].payload
    assert closed["type"] == "suggestion.closed"
    assert closed["data"]["congress"] == "chengdong"
    assert closed["data"]["suggestion"] == {
        "id": item.id,
        "number": item.registration_label,
        "title": item.title,
        "state": "closed",
    }
    assert set(closed["data"]) == {"congress", "occurred_at", "suggestion"}
    deliveries = db.session.scalars(select(WebhookDelivery)).all()
    assert {d.endpoint_id for d in deliveries} == {endpoint.id} and len(deliveries) == len(got)
    assert {d.status for d in deliveries} == {DeliveryStatus.PENDING}


def test_personal_data_in_a_title_is_taken_out(make):
    from seeds.paths import BETWEEN_TO_SUBMITTED, Walker

    w = make.world()
    hook(w.admin, ["suggestion.submitted"])
    item = make.suggestion(w.deputy, category=w.category, title="关于13912345678反映的路灯问题")
    Walker(w, at(2026, 3, 2)).play(item, BETWEEN_TO_SUBMITTED)
    [event] = events("suggestion.submitted")
    assert (
        "13912345678" not in str(event.payload) and "路灯问题" in event.payload["data"]["suggestion"]["title"]
    )


def test_only_the_types_asked_for_and_only_switched_on_endpoints(make):
    w = make.world()
    registered = hook(w.admin, ["suggestion.registered"])
    hook(w.admin, ["suggestion.registered"], is_enabled=False)
    make.item_in(State.ASSIGNED, w)
    assert [e.type for e in events()] == ["suggestion.registered"]
    assert [d.endpoint_id for d in db.session.scalars(select(WebhookDelivery))] == [registered.id]


def test_a_refused_action_emits_nothing(make):
    w = make.world()
    hook(w.admin)
    _, item = make.item_in(State.REPLIED, w)
    db.session.commit()
    before = len(events())
    with pytest.raises(DomainError):  # a dissatisfied evaluation needs its reason
        apply(
            item,
            Action.EVALUATE,
            actor=w.deputy,
            as_role=Role.DEPUTY,
            at=at(2026, 6, 1),
            data={"attitude": "satisfied", "result": "dissatisfied"},
        )
    db.session.rollback()
    assert len(events()) == before


def test_another_congress_never_gets_the_event(make):
    w = make.world()
    hook(w.admin)
    db.session.commit()
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        w2 = make.world()
        theirs = hook(w2.admin)
        db.session.commit()
        make.item_in(State.REGISTERED, w2)
        db.session.commit()
        assert {d.endpoint_id for d in db.session.scalars(select(WebhookDelivery))} == {theirs.id}
    assert events() == []  # none of theirs is visible here, none went to our endpoint
    with tenancy.everywhere():
        mine = db.session.scalar(
            select(func.count(WebhookDelivery.id))
            .join(WebhookEndpoint)
            .where(WebhookEndpoint.congress_id != other.id)
        )
    assert mine == 0


def test_an_opinion_logged_says_where_and_when_never_who(make):
    w = make.world()
    hook(w.admin, ["opinion.logged"])
    station = make.station(w.group)
    opinion = liaison.log_opinion(
        db.session,
        w.deputy,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=at(2026, 5, 18).date(),
            constituent="马大爷",
            content="路灯坏了",
            address="社区",
            contact="13912345678",
        ),
        at=at(2026, 5, 20),
    )
    [event] = events()
    assert event.payload["data"]["opinion"] == {
        "id": opinion.id,
        "station": station.name,
        "received_on": "2026-05-18",
        "outcome": "pending",
    }
    for private in ("马大爷", "路灯坏了", "13912345678", "社区"):
        assert private not in str(event.payload)


def test_a_deadline_is_announced_overdue_once_by_the_ladder(make):
    from tests.domain.test_reminders import _reply_deadline
    from tracker.domain.deadlines.calendar import load_calendar
    from tracker.domain.reminders.ladder import ladder_for, step_day
    from tracker.jobs.reminders import plan_due

    w, item, d = _reply_deadline(make)
    hook(w.admin, ["deadline.overdue"])
    db.session.commit()
    cal = load_calendar(db.session)
    for step in ladder_for(db.session, d.kind):
        day = step_day(cal, d.due_on, step.offset)
        plan_due(db.session, at(day.year, day.month, day.day, 12))
        expected = 1 if step.offset > 0 else 0
        assert len(events("deadline.overdue")) == expected, step
    payload = events("deadline.overdue")[0].payload["data"]
    assert payload["deadline"]["id"] == d.id and payload["deadline"]["due_on"] == d.due_on.isoformat()


def test_admin_operations_are_audited_and_the_secret_is_sealed(make):
    w = make.world()
    endpoint, secret = hooks.create_endpoint(
        db.session,
        hooks.EndpointSettings("https://hooks.example/in", "ERP", ("suggestion.closed",)),
        actor=w.admin,
        at=at(2026, 3, 1),
        secret_key=KEY,
        policy=OPEN,
    )
    assert secret.startswith("whsec_") and secret not in endpoint.secret_sealed
    assert unseal(KEY, endpoint.secret_sealed, WEBHOOK_SECRET) == secret
    hooks.update_endpoint(
        db.session,
        endpoint,
        hooks.EndpointSettings("https://hooks.example/v2", "", ("suggestion.closed", "opinion.logged")),
        actor=w.admin,
        at=at(2026, 3, 2),
        policy=OPEN,
    )
    assert endpoint.event_types == ["suggestion.closed", "opinion.logged"]
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["create_webhook", "edit_webhook"]
    assert all(secret not in str(e.data) for e in db.session.scalars(select(AuditEvent)))
    with pytest.raises(RoleNotHeld):
        hooks.create_endpoint(
            db.session,
            hooks.EndpointSettings("https://x.example", "", ("opinion.logged",)),
            actor=w.office,
            at=at(2026, 3, 1),
            secret_key=KEY,
            policy=OPEN,
        )
    with pytest.raises(InvalidData) as refused:
        hooks.update_endpoint(
            db.session,
            endpoint,
            hooks.EndpointSettings("https://x.example", "", ()),
            actor=w.admin,
            at=at(2026, 3, 1),
            policy=OPEN,
        )
    assert refused.value.field == "event_types"


@pytest.mark.parametrize(
    ("url", "private_ok", "allowed", "ok"),
    [
        ("https://hooks.example.com/x", True, (), True),
        ("ftp://hooks.example.com/x", True, (), False),
        ("javascript:alert(1)", True, (), False),
        ("http://user:pw@hooks.example.com/", True, (), False),
        ("http://127.0.0.1:8080/hook", True, (), True),  # the test and demo modes
        ("http://127.0.0.1:8080/hook", False, (), False),  # production: loopback
        ("http://10.1.2.3/hook", False, (), False),  # production: a private network
        ("http://[::1]/hook", False, (), False),
        ("http://169.254.169.254/latest/meta-data", False, (), False),  # a cloud's metadata service
        ("http://localhost/hook", False, (), False),  # a name that resolves inward
        ("http://10.1.2.3/hook", False, ("10.1.2.0/24",), True),  # the allow-list's network
        ("http://localhost/hook", False, ("localhost",), True),  # the allow-list's host
        ("http://8.8.8.8/hook", False, (), True),  # a public address literal
        ("http://[::1/hook", True, (), False),  # not a URL at all
        ("http://ho\x00st.example/hook", False, (), False),  # nothing to resolve
    ],
)
def test_which_addresses_may_be_called(url, private_ok, allowed, ok):
    assert (refusal(url, AddressPolicy(private_ok=private_ok, allowed=allowed)) is None) is ok


def test_production_mode_refuses_private_addresses_unless_allowed():
    assert not AddressPolicy.from_config({"TRACKER_ENV": "production"}).private_ok
    assert AddressPolicy.from_config({"TRACKER_ENV": "test"}).private_ok
    listed = AddressPolicy.from_config(
        {"TRACKER_ENV": "production", "WEBHOOK_ALLOW_HOSTS": " a.internal, 10.0.0.0/8"}
    )
    assert listed.allowed == ("a.internal", "10.0.0.0/8")


def _claimed(make, n=2):
    w = make.world()
    endpoint = hook(w.admin, ["suggestion.registered"])
    for _ in range(n):
        make.item_in(State.REGISTERED, w)
    db.session.commit()
    return w, endpoint


def test_backoff_grows_then_holds_with_a_little_jitter():
    waits = [attempts.backoff(n).total_seconds() for n in range(1, 7)]
    assert [int(w // 1) for w in waits[:4]] >= [30, 120, 600, 3600]
    assert all(
        base <= w <= base * 1.1 for w, base in zip(waits, (30, 120, 600, 3600, 3600, 3600), strict=True)
    )


def test_a_day_of_failures_switches_the_endpoint_off_and_tells_the_admins(make):
    w, endpoint = _claimed(make, 1)
    start = at(2026, 4, 1, 2)
    moment = start
    while True:
        token, rows = attempts.claim(db.session, moment, batch=10, lease=timedelta(minutes=5))
        if not rows:
            break
        later = attempts.failed(db.session, token, rows[0], moment, status_code=503, error="HTTP 503")
        db.session.commit()
        db.session.refresh(endpoint)
        assert endpoint.failing_since == start
        if moment - start >= timedelta(hours=24):
            break
        assert endpoint.is_enabled, moment
        moment = later
    assert not endpoint.is_enabled and endpoint.disabled_at == moment
    assert "HTTP 503" in endpoint.disabled_reason
    assert (
        attempts.claim(db.session, moment + timedelta(days=2), batch=10, lease=timedelta(minutes=5))[1] == []
    )
    [notice] = list_notices(db.session, w.admin)
    assert notice.kind == "webhook_disabled" and endpoint.url in notice.text("en")
    assert db.session.scalar(select(func.count(Outbox.id)).where(Outbox.kind == "webhook_disabled")) == 1
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status is DeliveryStatus.PENDING and delivery.last_status_code == 503
    # Switched on again: the streak is over and what waited is due at once.
    hooks.enable_endpoint(db.session, endpoint, actor=w.admin, at=moment + timedelta(days=2))
    db.session.commit()
    assert endpoint.failing_since is None and endpoint.disabled_at is None
    assert (
        len(attempts.claim(db.session, moment + timedelta(days=2), batch=10, lease=timedelta(minutes=5))[1])
        == 1
    )


def test_a_success_ends_the_streak_and_redelivery_keeps_the_id(make):
    w, endpoint = _claimed(make, 2)
    moment = at(2026, 4, 1, 2)
    token, rows = attempts.claim(db.session, moment, batch=10, lease=timedelta(minutes=5))
    assert len(rows) == 2
    attempts.failed(db.session, token, rows[0], moment, status_code=None, error="refused")
    attempts.delivered(db.session, token, rows[1], moment, 204)
    db.session.commit()
    db.session.refresh(endpoint)
    assert endpoint.failing_since is None
    done = db.session.get(WebhookDelivery, rows[1].id)
    assert done.status is DeliveryStatus.DELIVERED and done.last_status_code == 204 and done.attempts == 1
    hooks.redeliver(db.session, done.id, actor=w.admin, at=moment)
    db.session.commit()
    token, again = attempts.claim(db.session, moment, batch=10, lease=timedelta(minutes=5))
    assert [r.uid for r in again] == [rows[1].uid]  # the same webhook-id: receivers drop the repeat
    assert hooks.redeliver(db.session, 999999, actor=w.admin, at=moment) is None


def test_a_lease_keeps_a_claimed_delivery_from_a_second_worker(make):
    _claimed(make, 1)
    moment = at(2026, 4, 1, 2)
    _, first = attempts.claim(db.session, moment, batch=10, lease=timedelta(minutes=5))
    db.session.commit()
    _, second = attempts.claim(
        db.session, moment + timedelta(minutes=1), batch=10, lease=timedelta(minutes=5)
    )
    assert len(first) == 1 and second == []
    _, after = attempts.claim(db.session, moment + timedelta(minutes=6), batch=10, lease=timedelta(minutes=5))
    assert [r.id for r in after] == [first[0].id]  # a dead worker's claim comes due again


def test_the_admin_pages_read_the_endpoints_what_waits_at_each_and_the_newest_deliveries(make):
    w, endpoint = _claimed(make, 3)
    quiet = hook(w.admin, ["opinion.logged"], url="http://127.0.0.1:9/quiet")
    moment = at(2026, 4, 1, 2)
    token, rows = attempts.claim(db.session, moment, batch=1, lease=timedelta(minutes=5))
    attempts.delivered(db.session, token, rows[0], moment, 204)
    db.session.commit()
    assert [e.id for e in webhook_reads.all_endpoints(db.session)] == [endpoint.id, quiet.id]
    assert webhook_reads.pending_counts(db.session) == {endpoint.id: 2}  # one delivered; none at the other
    ids = sorted(db.session.scalars(select(WebhookDelivery.id)), reverse=True)
    assert [d.id for d in webhook_reads.delivery_log(db.session, endpoint, 2)] == ids[:2]
    assert webhook_reads.delivery_log(db.session, quiet, 50) == []
