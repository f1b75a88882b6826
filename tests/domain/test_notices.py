"""Notices read from the outbox: counts, ownership, marking read, texts in zh and en; the delivery
choices, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.reminders import notices, preferences
from tracker.domain.reminders.preferences import Delivery
from tracker.extensions import db
from tracker.models import AuditEvent, Outbox
from tracker.workflow import Action as A
from tracker.workflow import Role, State

TITLE = "关于增设韵家口镇公交站点的建议"


@pytest.fixture
def routed(make):
    """An item registered and routed by the office: the deputy hears of both, the unit owes sign-for."""
    w, item = make.item_in(State.SUBMITTED)
    db.session.execute(Outbox.__table__.delete())  # only the notices of the two steps below
    apply(item, A.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 4),
          data={"category": w.category.id})
    apply(item, A.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 5),
          data={"lead_unit": w.unit.id})
    db.session.flush()
    return w, item


def test_counts_only_unread_notices_of_their_own_recipient(routed):
    w, _ = routed
    assert notices.unread_count(db.session, w.deputy) == 2
    assert notices.unread_count(db.session, w.handler) == 1
    assert notices.unread_count(db.session, w.other_handler) == 0
    assert notices.unread_count(db.session, w.office) == 0  # the actor is never told of his own step


def test_lists_newest_first_and_only_own_notices(routed):
    w, item = routed
    listed = notices.list_notices(db.session, w.deputy)
    assert [n.suggestion_id for n in listed] == [item.id, item.id]
    assert listed[0].created_at > listed[1].created_at
    theirs = {r.id for r in db.session.scalars(select(Outbox).where(Outbox.recipient_id != w.deputy.id))}
    assert theirs and not theirs & {n.id for n in listed}
    assert notices.list_notices(db.session, w.deputy, limit=1, offset=1)[0].id == listed[1].id


def test_mark_one_read_then_all(routed):
    w, _ = routed
    first, second = notices.list_notices(db.session, w.deputy)
    assert notices.mark_read(db.session, w.deputy, [first.id], at=at(2026, 3, 6)) == 1
    assert notices.unread_count(db.session, w.deputy) == 1
    assert [n.id for n in notices.list_notices(db.session, w.deputy, unread_only=True)] == [second.id]
    assert notices.mark_read(db.session, w.deputy, at=at(2026, 3, 7)) == 1
    assert notices.unread_count(db.session, w.deputy) == 0
    reread = {n.id: n.read_at for n in notices.list_notices(db.session, w.deputy)}
    assert reread[first.id] == at(2026, 3, 6)  # marking all again keeps the first moment read


def test_each_marking_is_audited_once_and_marking_again_writes_nothing(routed):
    w, _ = routed
    first, _second = notices.list_notices(db.session, w.deputy)
    notices.mark_read(db.session, w.deputy, [first.id], at=at(2026, 3, 6))
    notices.mark_read(db.session, w.deputy, [first.id], at=at(2026, 3, 6, 1))  # read already
    notices.mark_read(db.session, w.deputy, at=at(2026, 3, 7))
    notices.mark_read(db.session, w.deputy, at=at(2026, 3, 8))  # none left unread
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mark_notices_read")
                                .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.role, e.at, e.suggestion_id, e.data) for e in events] == [
        (w.deputy.id, None, at(2026, 3, 6), None, {"notices": [first.id], "count": 1}),
        (w.deputy.id, None, at(2026, 3, 7), None, {"notices": "all", "count": 1})]


def test_cannot_mark_or_open_another_persons_notice(routed):
    w, _ = routed
    handlers = notices.list_notices(db.session, w.handler)
    assert notices.mark_read(db.session, w.deputy, [handlers[0].id], at=at(2026, 3, 6)) == 0
    assert notices.mark_read(db.session, w.deputy, at=at(2026, 3, 6)) == 2
    assert notices.unread_count(db.session, w.handler) == 1
    assert notices.get_notice(db.session, w.deputy, handlers[0].id) is None
    assert notices.get_notice(db.session, w.handler, handlers[0].id).id == handlers[0].id


def test_item_changed_text_in_both_languages(routed):
    w, _ = routed
    registered = notices.list_notices(db.session, w.deputy)[1]
    assert registered.kind == "item_changed"
    assert registered.text("zh") == (f"《{TITLE}》已由「工委」执行「立案」，当前状态：已立案 "
                                     "无需您办理，可打开建议了解进展。")
    assert registered.text("en") == (f"“{TITLE}”: Register by 工委; now Registered "
                                      "Nothing is asked of you: open the suggestion to follow it.")


def test_deadline_text_in_both_languages(routed):
    w, _ = routed
    [deadline] = notices.list_notices(db.session, w.handler)
    due_on = db.session.get(Outbox, deadline.id).payload["due_on"]
    assert deadline.kind == "deadline_opened" and due_on > "2026-03-05"
    assert deadline.text("zh") == (f"《{TITLE}》已由「工委」执行「交办」，当前状态：已交办 "
                                   f"下一步：请在 {due_on} 前完成「签收」。")
    assert deadline.text("en") == (f"“{TITLE}”: Route to units by 工委; now Assigned "
                                   f"What to do next: sign for, by {due_on}.")


def test_old_notices_text_survives_an_unknown_action(routed):
    w, _ = routed
    row = db.session.scalars(select(Outbox).where(Outbox.recipient_id == w.handler.id)).one()
    row.payload = {**row.payload, "action": "retired_action"}
    row.created_at += timedelta(seconds=1)
    db.session.flush()
    [notice] = notices.list_notices(db.session, w.handler)
    assert "签收" in notice.text("zh")


def test_notification_settings_are_saved_and_each_change_audited_once(make):
    user = make.user(Role.DEPUTY)
    assert preferences.delivery_of(db.session, user) == Delivery(digest=False, by_email=True, by_sms=True)
    digest = Delivery(digest=True, by_email=True, by_sms=False)
    assert preferences.save_delivery(db.session, user, digest, at=at(2026, 3, 6)) is True
    assert preferences.save_delivery(db.session, user, digest, at=at(2026, 3, 7)) is False  # the same again
    back = Delivery(digest=False, by_email=False, by_sms=False)
    assert preferences.save_delivery(db.session, user, back, at=at(2026, 3, 8)) is True
    db.session.expire_all()
    assert preferences.delivery_of(db.session, db.session.get(type(user), user.id)) == back
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "edit_notification_settings")
                                .order_by(AuditEvent.id)).all()
    first = {"digest": False, "by_email": True, "by_sms": True}
    middle = {"digest": True, "by_email": True, "by_sms": False}
    last = {"digest": False, "by_email": False, "by_sms": False}
    assert [(e.actor_id, e.role, e.at, e.suggestion_id, e.data) for e in events] == [
        (user.id, None, at(2026, 3, 6), None, {"before": first, "after": middle}),
        (user.id, None, at(2026, 3, 8), None, {"before": middle, "after": last})]
