"""Notices worth reading: one per event per person, the reason in full, what to do next; grouped by item."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import Outbox, User
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


# One case per kind of notice (notices.KINDS, read from the code): each makes one event (or one
# pass of a worker) and returns the rows of that kind it wrote, who must have one each, and what
# every one of them must say in full, in both languages.

def _owed(make, tmp_path):
    w, item, event = _returned(make, Role.OFFICE_STAFF, "office", State.OFFICE_REVIEW)
    return _rows("deadline_opened", event), {w.deputy.id}, [WHY, item.title]


def _changed(make, tmp_path):
    w = make.world()
    item = make.suggestion(w.deputy2, category=w.category)
    apply(item, A.INVITE_COSIGNER, actor=w.deputy2, as_role=Role.DEPUTY, at=at(2026, 3, 1),
          data={"cosigner": w.deputy.id})
    event = apply(item, A.DECLINE_COSIGN, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2), reason=WHY)
    db.session.flush()
    return _rows("item_changed", event), {w.deputy2.id}, [WHY, w.deputy.name]


def _reminded(make, tmp_path):
    from tests.domain.test_notice_repeats import _on, _sign_for, tick

    w, item, d = _sign_for(make)
    tick(_on(d, 10), tmp_path)  # long overdue: the handler, its leader, the office, the council
    rows = [o for o in db.session.scalars(select(Outbox).where(Outbox.kind == "reminder"))
            if o.payload["deadline_id"] == d.id]
    people = {w.handler.id, w.leader.id, w.office.id, w.supervisor.id}
    return rows, people, [item.title, d.due_on.isoformat()]


def _followed_up(make, tmp_path):
    from tests.domain.test_liaison import log
    from tracker.domain.liaison import followup, operations

    w = make.world()
    opinion = log(w, make.station(w.group))
    operations.refer(db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1),
                     at=at(2026, 5, 20))
    followup.notify_due_referrals(db.session, date(2026, 6, 1), at(2026, 6, 1))
    followup.notify_due_referrals(db.session, date(2026, 6, 2), at(2026, 6, 2))  # a second pass
    rows = db.session.scalars(select(Outbox).where(Outbox.kind == followup.KIND)).all()
    return rows, {w.deputy.id}, ["团结社区", "2026-06-01", "马大爷"]


def _chain_checked(make, tmp_path):
    from tests.audit_chain import seal, write_events
    from tests.domain.test_audit_chain_notices import DAY, check
    from tracker.domain.audit_chain import notices as chain

    admin, supervisor = make.user(Role.ADMIN), make.user(Role.SUPERVISOR)
    write_events(admin, 3)
    seal(expect=3)
    check(DAY)
    rows = db.session.scalars(select(Outbox).where(Outbox.kind == chain.KIND)).all()
    return rows, {admin.id, supervisor.id}, [f"{rows[0].payload['seq']}:{rows[0].payload['hash']}"]


CASES = {"deadline_opened": _owed, "item_changed": _changed, "reminder": _reminded,
         "liaison_follow_up": _followed_up, "audit_chain": _chain_checked}


def _rows(kind: str, event) -> list[Outbox]:
    return list(db.session.scalars(select(Outbox).where(Outbox.event_id == event.id, Outbox.kind == kind)))


@pytest.mark.parametrize("kind", notices.KINDS)
def test_each_kind_says_why_in_full_once_to_each_person(make, tmp_path, kind):
    assert kind in CASES, f"a notice of kind {kind!r} has no case here: add one"
    rows, people, says = CASES[kind](make, tmp_path)
    assert sorted(r.recipient_id for r in rows) == sorted(people)  # each person once, nobody else
    for row in rows:
        assert row.kind == kind
        [notice] = [n for n in notices.list_notices(db.session, db.session.get(User, row.recipient_id))
                    if n.id == row.id]
        for lang in ("zh", "en"):
            text = notice.text(lang)
            assert all(s in text for s in says), (lang, text)
            if notice.suggestion_id is not None:  # what to do next, besides the link on the page
                assert notice.next_step is not None and notice.next_step.render(lang) in text


# The modules that write notices; a new one must name its kind in notices.KINDS and get a case above.
WRITERS = {"tracker/domain/core/notify.py", "tracker/domain/steps/merging.py", "tracker/jobs/deliver.py",
           "tracker/domain/liaison/followup.py", "tracker/domain/audit_chain/notices.py"}


def test_every_module_that_writes_notices_is_known():
    root = Path(__file__).resolve().parents[2]
    found = {str(p.relative_to(root)) for p in (root / "tracker").rglob("*.py")
             if re.search(r"Outbox\(|Outbox\.__table__\.insert", p.read_text(encoding="utf-8"))}
    found -= {"tracker/models/audit.py"}
    assert found == WRITERS
    assert set(CASES) == set(notices.KINDS)
