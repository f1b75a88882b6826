"""Notices worth reading: one per event per person, the reason in full, what to do next; grouped by item."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import Outbox
from tracker.workflow import Action as A
from tracker.workflow import Role, State

WHY = "请补充站点周边的客流数据，\n并说明与现有线路的衔接。"


def _of(user, event) -> list[Outbox]:
    return list(db.session.scalars(select(Outbox).where(Outbox.recipient_id == user.id,
                                                        Outbox.event_id == event.id)))


def _returned(make, role: Role, who: str, state: State):
    w, item = make.item_in(state)
    event = apply(item, A.RETURN_FOR_REVISION, actor=getattr(w, who), as_role=role,
                  at=item.state_entered_at + timedelta(days=1), reason=WHY)
    db.session.flush()
    return w, item, event


@pytest.mark.parametrize(("role", "who", "state"), [
    (Role.GROUP_LEADER, "group_leader", State.GROUP_REVIEW),
    (Role.OFFICE_STAFF, "office", State.OFFICE_REVIEW),
])
def test_a_return_tells_the_deputy_once_with_the_comment_and_the_revision_due(make, role, who, state):
    w, item, event = _returned(make, role, who, state)
    [row] = _of(w.deputy, event)  # follower and owner of the revision: one notice, not two
    assert row.kind == "deadline_opened"
    [notice] = [n for n in notices.list_notices(db.session, w.deputy) if n.id == row.id]
    zh, en = notice.text("zh"), notice.text("en")
    assert WHY in zh and WHY in en  # in full, line break and all
    assert "退回修改" in zh and getattr(w, who).name in zh
    assert f"下一步：请在 {row.payload['due_on']} 前完成「修改」" in zh or "下一步" in zh
    assert "What to do next" in en and row.payload["due_on"] in en


def test_a_step_without_work_for_the_deputy_says_so(make):
    w, item = make.item_in(State.SUBMITTED)
    event = apply(item, A.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF,
                  at=item.state_entered_at + timedelta(days=1), data={"category": w.category.id})
    db.session.flush()
    [row] = _of(w.deputy, event)
    assert row.kind == "item_changed"
    [notice] = [n for n in notices.list_notices(db.session, w.deputy) if n.id == row.id]
    assert notice.reason is None and "无需您办理" in notice.text("zh")


@pytest.mark.parametrize("state", [State.CLOSED, State.RETURNED, State.ASSIGNED])
def test_one_notice_per_event_per_person_along_a_whole_path(make, state):
    make.item_in(state)
    pairs = Counter(db.session.execute(select(Outbox.event_id, Outbox.recipient_id)).all())
    assert pairs and max(pairs.values()) == 1


def test_the_owed_notice_is_read_once_the_work_is_done(make):
    w, item, event = _returned(make, Role.GROUP_LEADER, "group_leader", State.GROUP_REVIEW)
    [owed] = _of(w.deputy, event)
    assert owed.read_at is None
    apply(item, A.RESUBMIT, actor=w.deputy, as_role=Role.DEPUTY, at=event.at + timedelta(days=1))
    db.session.flush()
    db.session.refresh(owed)
    assert owed.read_at is not None  # done: no longer counted on arrival
    assert notices.unread_count(db.session, w.group_leader) == 1  # the group leader's new review


def test_notices_are_grouped_by_item_newest_group_first(make):
    w, first = make.item_in(State.SUBMITTED)
    _, second = make.item_in(State.SUBMITTED, w)
    for day, item in ((1, first), (2, second), (3, first)):
        action = A.REGISTER if item.state is State.SUBMITTED else A.ROUTE
        data = {"category": w.category.id} if action is A.REGISTER else {"lead_unit": w.unit.id}
        apply(item, action, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, day), data=data)
    db.session.flush()
    groups = notices.by_item([n for n in notices.list_notices(db.session, w.deputy)
                              if n.created_at >= at(2026, 3, 1)])
    assert [g.suggestion_id for g in groups] == [first.id, second.id]
    assert [len(g.notices) for g in groups] == [2, 1] and groups[0].unread == 2
