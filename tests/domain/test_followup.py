"""The follow-up review and the supervision desks' read models, on items brought there by the engine."""

from __future__ import annotations

from datetime import date, timedelta

from seeds.paths import ISSUE, REPLY, Walker
from tests.domain.cases import MARK, NOT_KEPT, REQUEST_EXT
from tests.factories import at
from tracker.domain import followup, supervision
from tracker.domain.calendar import china_date
from tracker.domain.engine import apply
from tracker.domain.followup import Standing
from tracker.extensions import db
from tracker.workflow import Action, Role, State

START = at(2025, 12, 1)


def closed_with_promise(make, w=None):
    w, item = make.item_in(State.CLOSED, w, start=START)
    (promise,) = item_promises(item)
    return w, item, promise


def item_promises(item):
    from sqlalchemy import select

    from tracker.models import Promise
    return list(db.session.scalars(select(Promise).where(Promise.suggestion_id == item.id)))


def test_a_promise_is_open_then_overdue_after_its_date(make):
    w, item, promise = closed_with_promise(make)
    before = followup.review(db.session, promise.due_on)
    after = followup.review(db.session, promise.due_on + timedelta(days=1))
    assert [r.standing for r in before.rows] == [Standing.OPEN]
    assert [r.standing for r in after.rows] == [Standing.OVERDUE]
    assert after.units[0].name == w.unit.name and after.units[0].counts[Standing.OVERDUE] == 1


def test_not_kept_waits_for_the_office_then_counts_as_broken(make):
    w, item, promise = closed_with_promise(make)
    Walker(w, at(2026, 6, 1)).play(item, [NOT_KEPT])
    review = followup.review(db.session, date(2026, 6, 2))
    assert [r.standing for r in review.rows] == [Standing.AWAITING_REVIEW]
    apply(item, Action.ACCEPT_PROMISE_REPORT, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=at(2026, 6, 3))
    review = followup.review(db.session, date(2026, 6, 4))
    assert [r.standing for r in review.rows] == [Standing.BROKEN]
    assert review.rows[0].promise.report_text == "资金未到位。"


def test_sending_a_report_back_reopens_the_promise(make):
    w, item, promise = closed_with_promise(make)
    Walker(w, at(2026, 6, 1)).play(item, [NOT_KEPT])
    apply(item, Action.SEND_BACK_PROMISE_REPORT, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=at(2026, 6, 3), reason="理由不充分，请落实资金后再报。")
    review = followup.review(db.session, date(2026, 6, 4))
    assert review.rows[0].standing in (Standing.OPEN, Standing.OVERDUE)


def test_kept_promises_are_hidden_unless_asked_and_filters_keep_unit_counts(make):
    w, item, promise = closed_with_promise(make)
    _, other, _ = closed_with_promise(make, w)
    apply(item, Action.REPORT_PROMISE_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 6, 1), data={"report_text": "站点已建成投用。"})
    today = date(2026, 6, 2)
    assert [r.item.id for r in followup.review(db.session, today).rows] == [other.id]
    kept = followup.review(db.session, today, standing="kept")
    assert [r.item.id for r in kept.rows] == [item.id]
    assert kept.units[0].counts[Standing.KEPT] == 1 and kept.units[0].total == 2
    assert followup.review(db.session, today, unit_id=w.other_unit.id).rows == []


def test_key_items_list_the_next_report_and_the_submitted_ones(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    clock = Walker(w, at(2026, 1, 5)).play(item, [MARK])
    (row,) = supervision.key_items(db.session)
    due = china_date(clock) + timedelta(days=20)
    assert row.next_due == due and row.mark.leader == "张主任" and row.committee == w.committee.name
    assert row.lead_unit == w.unit.name and row.submitted == []
    apply(item, Action.REPORT_PROGRESS, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 1, 10), data={"report_text": "已完成设计招标。"})
    (row,) = supervision.key_items(db.session)
    assert row.next_due is None and [r.text for r in row.submitted] == ["已完成设计招标。"]
    assert supervision.key_items(db.session, unit_id=w.other_unit.id) == []
    assert len(supervision.key_items(db.session, unit_id=w.unit.id)) == 1


def test_pending_requests_show_the_dates_and_the_six_month_limit(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    Walker(w, at(2026, 1, 5)).play(item, [REQUEST_EXT])
    (req,) = supervision.pending_requests(db.session)
    assert req.kind == "extension" and req.unit == w.unit.name and "协调资金" in req.reason
    assert req.current_due < req.proposed_due <= req.limit
    assert req.limit.month == (china_date(item.assigned_at).month + 6 - 1) % 12 + 1
    assert req.decide_by is not None
    assert supervision.pending_requests(db.session, item_id=item.id + 1000) == []


def test_a_reassignment_request_is_listed_with_its_unit(make):
    w, item = make.item_in(State.ASSIGNED, start=START)
    apply(item, Action.REQUEST_REASSIGNMENT, actor=w.co_leader, as_role=Role.UNIT_LEADER,
          at=item.assigned_at + timedelta(days=1), reason="不属于本局职责。")
    (req,) = supervision.pending_requests(db.session)
    assert (req.kind, req.unit, req.is_lead, req.proposed_due) == (
        "reassignment", w.co_unit.name, False, None)


def test_dissatisfied_items_carry_every_round_escalated_first(make):
    w, first = make.item_in(State.DISSATISFIED, start=START)
    _, second = make.item_in(State.ESCALATED, w, start=START)
    rows = supervision.dissatisfied_items(db.session)
    assert [r.item.id for r in rows] == [second.id, first.id]
    assert [reply.round for reply, _ in rows[0].rounds] == [1, 2]
    assert all(ev.result == "dissatisfied" for _, ev in rows[0].rounds)
    assert rows[0].decide_by is not None and rows[0].lead_unit == w.unit.name


def test_re_handling_makes_the_item_leave_the_dissatisfied_list(make):
    w, item = make.item_in(State.ESCALATED, start=START)
    apply(item, Action.ORDER_REHANDLING, actor=w.supervisor, as_role=Role.SUPERVISOR,
          at=at(2026, 6, 1), reason="主任会议决定：由区住建局牵头再次办理。")
    assert supervision.dissatisfied_items(db.session) == []
    Walker(w, at(2026, 6, 2)).play(item, [REPLY, ISSUE])
    assert item.state is State.REPLIED and item.reply_round == 3
