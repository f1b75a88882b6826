"""The reviewer's path: the next item of the queue after a decision, standard return reasons to pick,
a reason box only where the table's row asks for one, the pass form's two boxes told apart."""

from __future__ import annotations

from sqlalchemy import select

from tests.web.helpers import text
from tests.web.test_web_actions import ALL_PASS
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import AuditEvent, ReturnReason
from tracker.workflow import State


def test_after_a_decision_the_next_item_of_the_queue_opens(auth, world, item_in):
    first, second = item_in(State.OFFICE_REVIEW), item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    done = client.post(f"/items/{first.id}/actions/pre_approve", data={**ALL_PASS, "as_role": "office_staff"})
    assert done.status_code == 302 and done.headers["Location"] == f"/review/{second.id}"
    assert second.title in text(client.get(done.headers["Location"]))
    last = client.post(f"/items/{second.id}/actions/return_for_revision",
                       data={"as_role": "office_staff", "reason": "请补充数据。"})
    assert last.headers["Location"] == "/review"  # nothing else waits: the queue says so
    assert "此队列中已没有待审查的建议" in text(client.get("/review"))


def test_a_step_that_is_no_review_decision_still_lands_on_the_item(auth, world, item_in):
    item = item_in(State.REGISTERED)
    client = auth.as_(world.office)
    done = client.post(f"/items/{item.id}/actions/route", data={"as_role": "office_staff",
                                                                "lead_unit": str(world.unit.id)})
    assert done.headers["Location"] == f"/items/{item.id}"


def test_the_administrator_keeps_standard_reasons_and_a_reviewer_picks_them(auth, world, item_in):
    admin = auth.as_(world.admin)
    added = admin.post("/admin/return-reasons", data={"layer": "office_review", "text": "缺少调研数据"})
    assert added.status_code == 302
    admin.post("/admin/return-reasons", data={"layer": "group_review", "text": "不属于本组职责"})
    [office_reason] = db.session.scalars(select(ReturnReason)
                                         .where(ReturnReason.layer == State.OFFICE_REVIEW))
    assert "缺少调研数据" in text(admin.get("/admin/return-reasons"))
    item = item_in(State.OFFICE_REVIEW)
    reviewer = auth.as_(world.office)
    form = text(reviewer.get(f"/items/{item.id}/actions/return_for_revision"))
    assert "缺少调研数据" in form and "不属于本组职责" not in form  # the layer's own reasons only
    reviewer.post(f"/items/{item.id}/actions/return_for_revision",
                  data={"as_role": "office_staff", "standard_reasons": [str(office_reason.id)],
                        "reason": "另请说明站点位置。"})
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.suggestion_id == item.id)
                               .order_by(AuditEvent.id.desc())).first()
    assert event.action == "return_for_revision" and event.reason == "缺少调研数据\n另请说明站点位置。"
    told = notices.list_notices(db.session, world.deputy)[0]
    assert "缺少调研数据" in told.text("zh") and "另请说明站点位置。" in told.text("zh")
    # Retiring takes it off the form, not off the history.
    admin = auth.as_(world.admin)  # one client: signing in again switches the person
    assert admin.post(f"/admin/return-reasons/{office_reason.id}/retire").status_code == 302
    assert admin.post(f"/admin/return-reasons/{office_reason.id}/retire").status_code == 404
    again = item_in(State.OFFICE_REVIEW)
    reviewer = auth.as_(world.office)
    assert "缺少调研数据" not in text(reviewer.get(f"/items/{again.id}/actions/return_for_revision"))


def test_only_an_administrator_keeps_the_reasons(auth, world):
    assert auth.as_(world.office).get("/admin/return-reasons").status_code == 403


def test_a_reason_box_only_where_the_row_asks_and_the_pass_form_tells_its_boxes_apart(auth, world, item_in):
    draft = item_in(State.DRAFT)
    submit = text(auth.as_(world.deputy).get(f"/items/{draft.id}/actions/submit_for_review"))
    assert 'name="reason"' not in submit  # the row asks for no reason
    item = item_in(State.GROUP_REVIEW)
    page = text(auth.as_(world.group_leader).get(f"/items/{item.id}/actions/pass_review"))
    assert 'name="summary"' in page and 'name="reason"' in page
    assert "写给下一审查环节" in page and "随审查结果通知发给代表" in page
