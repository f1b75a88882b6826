"""The follow-up review and the supervision desks' read models, on items brought there by the engine."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from seeds.paths import ISSUE, REPLY, Walker
from tests.domain.cases import MARK, NOT_KEPT, REQUEST_EXT
from tests.factories import at
from tracker.domain.core.engine import apply, offers
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.errors import InvalidData, NotAllowedNow
from tracker.domain.reads import followup, supervision
from tracker.domain.reads.followup import Standing
from tracker.domain.steps.joint import held_back
from tracker.extensions import db
from tracker.models import Deadline, Promise
from tracker.models.handling import PromiseState
from tracker.workflow import Action, Guard, Role, State

START = at(2025, 12, 1)


def closed_with_promise(make, w=None):
    w, item = make.item_in(State.CLOSED, w, start=START)
    (promise,) = item_promises(item)
    return w, item, promise


def item_promises(item):
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


def second_promise(item, due_on: date):
    """Another open promise on the same item (as a later B or C reply leaves one)."""
    (first,) = item_promises(item)
    extra = Promise(suggestion_id=item.id, reply_id=first.reply_id, unit_id=first.unit_id,
                    text="第二项承诺：明年建成停车场。", due_on=due_on)
    db.session.add(extra)
    db.session.flush()
    return first, extra


def test_with_several_promises_a_report_must_name_one(make):
    w, item, promise = closed_with_promise(make)
    first, later = second_promise(item, promise.due_on + timedelta(days=90))
    with pytest.raises(InvalidData) as refused:
        apply(item, Action.REPORT_PROMISE_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
              at=at(2026, 6, 1), data={"report_text": "已建成。"})
    assert refused.value.field == "promise"
    db.session.rollback()


def test_a_report_acts_on_the_promise_chosen_not_the_earliest(make):
    w, item, promise = closed_with_promise(make)
    first, later = second_promise(item, promise.due_on + timedelta(days=90))
    event = apply(item, Action.REPORT_PROMISE_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
                  at=at(2026, 6, 1), data={"report_text": "停车场已建成。", "promise": str(later.id)})
    assert (first.state, later.state) == (PromiseState.OPEN, PromiseState.KEPT)
    assert event.data["promise"] == later.id  # the parsed id, as stored
    # The deadline closed is the chosen promise's; the other still runs.
    open_for = set(db.session.scalars(select(Deadline.promise_id).where(
        Deadline.suggestion_id == item.id, Deadline.closed_at.is_(None))))
    assert later.id not in open_for


def test_the_office_decides_on_the_report_it_chooses(make):
    w, item, promise = closed_with_promise(make)
    first, later = second_promise(item, promise.due_on + timedelta(days=90))
    for p in (first, later):
        apply(item, Action.REPORT_PROMISE_NOT_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
              at=at(2026, 6, 1), reason=f"未落实 {p.id}", data={"promise": p.id})
    apply(item, Action.SEND_BACK_PROMISE_REPORT, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=at(2026, 6, 3), reason="请补充说明。", data={"promise": later.id})
    assert (first.state, first.review_pending) == (PromiseState.NOT_KEPT, True)
    assert (later.state, later.review_pending) == (PromiseState.OPEN, False)


@pytest.mark.parametrize("action, wanted", [
    (Action.REPORT_PROMISE_KEPT, "kept"),      # a promise already reported kept
    (Action.REPORT_PROMISE_KEPT, "other"),     # another item's promise
    (Action.REPORT_PROMISE_KEPT, "junk"),      # not a number
    (Action.ACCEPT_PROMISE_REPORT, "open"),    # an open promise has no report to accept
])
def test_the_promise_named_must_fit_the_action(make, action, wanted):
    w, item, promise = closed_with_promise(make)
    first, later = second_promise(item, promise.due_on + timedelta(days=90))
    _, other_item, other_promise = closed_with_promise(make, w)
    apply(item, Action.REPORT_PROMISE_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 6, 1), data={"report_text": "已建成。", "promise": first.id})
    apply(item, Action.REPORT_PROMISE_NOT_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 6, 1), reason="资金未到位。", data={"promise": later.id})
    # A third, still open, so the action itself is allowed and only the choice is judged.
    still_open = Promise(suggestion_id=item.id, reply_id=first.reply_id, unit_id=first.unit_id,
                         text="第三项承诺。", due_on=promise.due_on)
    db.session.add(still_open)
    db.session.flush()
    target = {"kept": first.id, "other": other_promise.id, "junk": "abc",
              "open": still_open.id}[wanted]
    actor, role = (w.office, Role.OFFICE_STAFF) if action is Action.ACCEPT_PROMISE_REPORT \
        else (w.handler, Role.UNIT_HANDLER)
    text = {"report_text": "再报。"} if action is Action.REPORT_PROMISE_KEPT else {}  # its inputs only
    with pytest.raises(InvalidData) as refused:
        apply(item, action, actor=actor, as_role=role, at=at(2026, 6, 5),
              data={**text, "promise": target})
    assert refused.value.field == "promise"
    db.session.rollback()


def test_the_form_offers_the_promises_that_fit_and_followup_buttons_are_per_promise(make):
    w, item, promise = closed_with_promise(make)
    first, later = second_promise(item, promise.due_on + timedelta(days=90))
    apply(item, Action.REPORT_PROMISE_NOT_KEPT, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 6, 1), reason="资金未到位。", data={"promise": first.id})
    assert [p.id for p in followup.promise_candidates(
        db.session, item.id, Action.REPORT_PROMISE_KEPT)] == [later.id]
    assert [p.id for p in followup.promise_candidates(
        db.session, item.id, Action.ACCEPT_PROMISE_REPORT)] == [first.id]
    review = followup.review(db.session, date(2026, 6, 2))
    handler = {item.id: offers(item, w.handler)}
    office = {item.id: offers(item, w.office)}
    by_handler = followup.offers_per_promise(review.rows, handler)
    by_office = followup.offers_per_promise(review.rows, office)
    assert {o.action for o in by_handler[later.id]} == {Action.REPORT_PROMISE_KEPT,
                                                         Action.REPORT_PROMISE_NOT_KEPT}
    assert by_handler[first.id] == []
    assert {o.action for o in by_office[first.id]} == {Action.ACCEPT_PROMISE_REPORT,
                                                        Action.SEND_BACK_PROMISE_REPORT}
    assert by_office[later.id] == []


def test_progress_reports_are_offered_while_one_is_due_and_explained_after(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    Walker(w, at(2026, 1, 5)).play(item, [MARK])  # one report scheduled
    offered = {o.action for o in offers(item, w.handler, at(2026, 1, 9))}
    assert Action.REPORT_PROGRESS in offered
    assert Action.REPORT_PROGRESS not in dict(held_back(db.session, item, w.handler, at(2026, 1, 9)))
    apply(item, Action.REPORT_PROGRESS, actor=w.handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 1, 10), data={"report_text": "已完成设计招标。"})
    offered = {o.action for o in offers(item, w.handler, at(2026, 1, 11))}
    assert Action.REPORT_PROGRESS not in offered
    assert (Action.REPORT_PROGRESS, Guard.PROGRESS_REPORT_DUE) in held_back(
        db.session, item, w.handler, at(2026, 1, 11))
    with pytest.raises(NotAllowedNow):
        apply(item, Action.REPORT_PROGRESS, actor=w.handler, as_role=Role.UNIT_HANDLER,
              at=at(2026, 1, 12), data={"report_text": "再报一次。"})
    db.session.rollback()


def test_a_key_item_without_report_dates_offers_no_progress_report(make):
    w, item = make.item_in(State.IN_HANDLING, start=START)
    apply(item, Action.MARK_KEY, actor=w.supervisor, as_role=Role.SUPERVISOR, at=at(2026, 1, 5),
          data={"leader": "张主任", "supervising_committee": w.committee.id})
    assert Action.REPORT_PROGRESS not in {o.action for o in offers(item, w.handler, at(2026, 1, 6))}
    # Other unit staff and deputies are not told about a step that is not theirs.
    assert Action.REPORT_PROGRESS not in dict(held_back(db.session, item, w.other_handler,
                                                        at(2026, 1, 6)))
    assert (Action.REPORT_PROGRESS, Guard.PROGRESS_REPORT_DUE) in held_back(
        db.session, item, w.handler, at(2026, 1, 6))
