"""The generic action form: a transition through the browser, and every kind of refusal."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.helpers import events, state_of, text
from tracker.domain.steps.prereview import CODES
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent
from tracker.workflow import State

ALL_PASS = {f"check__{code}": "pass" for code in CODES}


def test_pre_approve_through_the_form_moves_the_item_and_audits(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    before = events(item)
    client = auth.as_(world.office)
    form = text(client.get(f"/items/{item.id}/actions/pre_approve"))
    assert "预审清单" in form and "一事一议" in form and 'value="office_staff"' in form
    response = client.post(f"/items/{item.id}/actions/pre_approve",
                           data={**ALL_PASS, "as_role": "office_staff", "reason": "同意。"})
    assert response.status_code == 302 and response.headers["Location"] == "/review"  # on to the queue
    assert state_of(item) is State.SUBMITTED and events(item) == before + 1
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.role, event.actor_id) == ("pre_approve", "office_staff",
                                                          world.office.id)
    assert event.reason == "同意。" and event.data["checklist"]["one_matter"]["passed"] is True
    assert "已完成：预审通过" in text(client.get(f"/items/{item.id}"))


def test_route_form_preselects_the_category_unit_and_takes_co_units(auth, world, item_in):
    item = item_in(State.REGISTERED)
    client = auth.as_(world.office)
    form = text(client.get(f"/items/{item.id}/actions/route"))
    assert f'<option selected value="{world.unit.id}">' in form
    response = client.post(f"/items/{item.id}/actions/route", data={
        "as_role": "office_staff", "lead_unit": str(world.unit.id),
        "co_units": [str(world.co_unit.id), str(world.other_unit.id)]})
    assert response.status_code == 302 and state_of(item) is State.ASSIGNED
    units = db.session.scalars(select(Assignment.unit_id).where(
        Assignment.suggestion_id == item.id, Assignment.is_lead.is_(False))).all()
    assert sorted(units) == sorted([world.co_unit.id, world.other_unit.id])


# (state, who, url action, form data, status, message the page must show)
REFUSALS = {
    "missing reason": (State.OFFICE_REVIEW, "office", "return_for_revision",
                       {"as_role": "office_staff"}, 400, "请填写理由或意见"),
    "role not allowed": (State.OFFICE_REVIEW, "deputy", "pre_approve",
                         {**ALL_PASS, "as_role": "deputy"}, 403, "人大代表不能执行“预审通过”"),
    "role not held": (State.OFFICE_REVIEW, "deputy", "pre_approve",
                      {**ALL_PASS, "as_role": "office_staff"}, 403, "您没有这个角色"),
    "wrong state": (State.OFFICE_REVIEW, "office", "register",
                    {"as_role": "office_staff", "category": "1"}, 409,
                    "当前状态（代表工委预审）下不能执行“立案”"),
    "guard fails": (State.IN_HANDLING, "handler", "submit_reply",
                    {"as_role": "unit_handler", "reply_category": "A", "reply_text": "已解决。"},
                    409, "答复前须与代表联系沟通"),
    "not the lead unit": (State.IN_HANDLING, "co_handler", "log_contact",
                          {"as_role": "unit_handler", "contact_way": "phone",
                           "contact_date": "2026-05-01", "people": "李", "summary": "电话"},
                          403, "这不是您负责的建议"),
    "foreign item": (State.ASSIGNED, "other_handler", "sign_for", {"as_role": "unit_handler"},
                     403, "无权"),
    "unknown action": (State.OFFICE_REVIEW, "office", "fly_to_the_moon",
                       {"as_role": "office_staff"}, 400, "没有这个操作"),
    "failed check": (State.OFFICE_REVIEW, "office", "pre_approve",
                     {**ALL_PASS, "check__one_matter": "fail", "as_role": "office_staff"}, 400,
                     "有未通过的预审项"),
    "missing input": (State.REGISTERED, "office", "route",
                      {"as_role": "office_staff", "lead_unit": ""}, 400, "此项为必填项"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_action_changes_nothing_and_says_why(auth, world, item_in, case):
    state, who, action, data, status, message = REFUSALS[case]
    item = item_in(state)
    before = (events(item), db.session.scalar(select(AuditEvent.id).order_by(
        AuditEvent.id.desc()).limit(1)))
    response = auth.as_(getattr(world, who)).post(f"/items/{item.id}/actions/{action}", data=data)
    assert response.status_code == status
    assert message in text(response)
    assert state_of(item) is state
    assert (events(item), db.session.scalar(select(AuditEvent.id).order_by(
        AuditEvent.id.desc()).limit(1))) == before


def test_form_re_renders_with_the_typed_text_and_the_error_on_the_field(auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    response = auth.as_(world.handler).post(f"/items/{item.id}/actions/log_contact", data={
        "as_role": "unit_handler", "contact_way": "on_site", "contact_date": "2030-01-01",
        "people": "李代表、社区书记", "summary": "现场查看积水点，约定汛期前完成改造。",
        "reason": "补记"})
    assert response.status_code == 400
    page = text(response)
    assert "李代表、社区书记" in page and "现场查看积水点，约定汛期前完成改造。" in page
    assert 'value="2030-01-01"' in page
    assert re.search(r'<input checked[^>]*value="on_site"', page)
    assert 'data-field-error="contact_date">联系日期不能晚于今天。' in page
    assert state_of(item) is State.IN_HANDLING


def test_dissatisfied_evaluation_needs_a_reason_and_keeps_the_choice(auth, world, item_in):
    item = item_in(State.REPLIED)
    client = auth.as_(world.deputy)
    url = f"/items/{item.id}/actions/evaluate"
    assert "部分情形必填" in text(client.get(url))
    response = client.post(url, data={"as_role": "deputy", "attitude": "basically",
                                      "result": "dissatisfied"})
    assert response.status_code == 400 and "请填写理由或意见" in text(response)
    assert re.search(r'<input checked[^>]*id="result-2"[^>]*value="dissatisfied"', text(response))
    ok = client.post(url, data={"as_role": "deputy", "attitude": "basically",
                                "result": "dissatisfied", "reason": "问题没有解决。"})
    assert ok.status_code == 302 and state_of(item) is State.DISSATISFIED


def test_opening_a_form_that_is_not_offered_is_refused(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    response = auth.as_(world.supervisor).get(f"/items/{item.id}/actions/pre_approve")
    assert response.status_code == 409 and "您当前不能执行“预审通过”" in text(response)


def test_english_form_shows_english_labels_and_messages(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    response = client.post(f"/items/{item.id}/actions/return_for_revision?lang=en",
                           data={"as_role": "office_staff"})
    page = text(response)
    assert response.status_code == 400
    assert "A reason is required." in page and "Return for revision" in page
    assert "Reason / opinion" in page and "理由/意见" not in page


@pytest.mark.parametrize(("state", "who", "action", "box"), [
    (State.OFFICE_REVIEW, "office", "return_for_revision", "required"),  # reason REQUIRED
    (State.OFFICE_REVIEW, "office", "pre_approve", "optional"),          # reason OPTIONAL
    (State.REGISTERED, "office", "route", "optional"),
    (State.DRAFT, "deputy", "submit_for_review", None),                  # reason NONE: no box
])
def test_the_reason_box_appears_only_where_the_row_asks_for_one(auth, world, item_in, state, who,
                                                                 action, box):
    item = item_in(state)
    page = text(auth.as_(getattr(world, who)).get(f"/items/{item.id}/actions/{action}"))
    has_box = 'name="reason"' in page
    assert has_box is (box is not None)
    if box == "required":
        assert 'class="req"' in page
