"""Bad input in handling (issue 4): refused with a clear message, nothing changed, typed text kept."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from seeds.paths import CONTACT, Walker
from tests.domain.cases import CO_OPINION
from tests.factories import at
from tests.web.helpers import events, state_of, text
from tracker.extensions import db
from tracker.models import ExtensionRequest, ReassignmentRequest, Reply
from tracker.workflow import State

TYPED = "经研究，该路段排水管网改造已列入明年计划。"


def ready_to_reply(world, item):
    Walker(world, at(2026, 4, 1)).play(item, [*CO_OPINION, CONTACT])
    db.session.commit()


def count(model, item) -> int:
    return db.session.scalar(select(func.count(model.id)).where(model.suggestion_id == item.id))


@pytest.mark.parametrize("data, message, field", [
    ({"reply_text": TYPED}, "此项为必填项", "reply_category"),
    ({"reply_category": "B", "reply_text": TYPED, "promise_text": "明年6月前完工。"},
     "请填写日期：承诺完成日期", "promised_date"),
    ({"reply_category": "C", "reply_text": TYPED, "promised_date": "2027-06-30"},
     "请填写：承诺事项", "promise_text"),
    ({"reply_category": "B", "reply_text": TYPED, "promised_date": "2026-01-01",
      "promise_text": "明年6月前完工。"}, "承诺完成日期应晚于今天", "promised_date"),
])
def test_a_bad_reply_draft_is_refused_and_keeps_the_text(auth, world, item_in, data, message,
                                                         field):
    item = item_in(State.IN_HANDLING)
    ready_to_reply(world, item)
    before = events(item)
    response = auth.as_(world.handler).post(f"/items/{item.id}/actions/submit_reply",
                                            data={"as_role": "unit_handler", **data})
    page = text(response)
    assert response.status_code == 400
    assert message in page and f'data-field-error="{field}"' in page
    assert TYPED in page  # what the handler typed is still there
    assert state_of(item) is State.IN_HANDLING and events(item) == before and count(Reply, item) == 0


def test_an_extension_past_six_months_from_assignment_is_refused(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    before = events(item)
    response = auth.as_(world.leader).post(f"/items/{item.id}/actions/request_extension", data={
        "as_role": "unit_leader", "new_due_date": "2026-12-31", "reason": "涉及多个部门。"})
    page = text(response)
    assert response.status_code == 400 and "答复期限最长不超过交办后6个月" in page
    assert 'value="2026-12-31"' in page and "涉及多个部门。" in page
    assert events(item) == before and count(ExtensionRequest, item) == 0


def test_a_reassignment_after_the_window_is_refused_with_why(auth, world, item_in):
    item = item_in(State.IN_HANDLING)  # assigned in March; "now" is 20 May, long past 7 working days
    before = events(item)
    response = auth.as_(world.leader).post(f"/items/{item.id}/actions/request_reassignment",
                                           data={"as_role": "unit_leader", "reason": "非本局职责。"})
    assert response.status_code == 409
    assert "已超过申请调整期限（交办后7个工作日）" in text(response)
    assert events(item) == before and count(ReassignmentRequest, item) == 0


def test_the_reassignment_button_is_gone_after_the_window(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    page = text(auth.as_(world.leader).get(f"/items/{item.id}"))
    assert 'data-action="request_reassignment"' not in page
    assert 'data-action="request_extension"' in page


def test_a_second_reply_to_a_closed_item_is_refused(auth, world, item_in):
    item = item_in(State.CLOSED)
    before = (events(item), count(Reply, item))
    response = auth.as_(world.handler).post(f"/items/{item.id}/actions/submit_reply", data={
        "as_role": "unit_handler", "reply_category": "A", "reply_text": TYPED})
    assert response.status_code == 409 and "办结" in text(response)
    assert state_of(item) is State.CLOSED and (events(item), count(Reply, item)) == before


def test_a_dissatisfied_evaluation_without_a_comment_keeps_the_choices(auth, world, item_in):
    item = item_in(State.REPLIED)
    response = auth.as_(world.deputy).post(f"/items/{item.id}/actions/evaluate", data={
        "as_role": "deputy", "attitude": "satisfied", "result": "dissatisfied"})
    page = text(response)
    assert response.status_code == 400 and "请填写理由或意见" in page
    assert 'value="dissatisfied"' in page and "如何测评" in page
    assert state_of(item) is State.REPLIED
