"""A suggestion taken from draft to closed through the engine, on each channel."""

from sqlalchemy import select

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.steps.prereview import all_pass
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, Outbox, Promise, SuggestionVersion
from tracker.workflow import Action as A
from tracker.workflow import Channel, DeadlineKind, Role, State


def test_between_session_item_from_draft_to_closed(make):
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    assert item.state is State.OFFICE_REVIEW
    apply(item, A.PRE_APPROVE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 3),
          data={"checklist": all_pass({})})
    assert item.state is State.SUBMITTED
    apply(item, A.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 4),
          data={"category": w.category.id})
    assert item.registration_label == "闭会2026-001号"
    apply(item, A.ROUTE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 5),
          data={"lead_unit": w.unit.id, "co_units": [w.co_unit.id]})
    apply(item, A.SIGN_FOR, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 6))
    assert item.state is State.IN_HANDLING
    apply(item, A.SIGN_FOR, actor=w.co_handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 6))
    apply(item, A.SEND_CO_OPINION, actor=w.co_handler, as_role=Role.UNIT_HANDLER,
          at=at(2026, 3, 20), data={"opinion": "同意增设，配合实施。"})
    apply(item, A.LOG_CONTACT, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 3, 25),
          data={"contact_way": "face_to_face", "contact_date": "2026-03-25", "people": "李代表",
                "summary": "现场查看站点位置"})
    apply(item, A.SUBMIT_REPLY, actor=w.handler, as_role=Role.UNIT_HANDLER, at=at(2026, 4, 1),
          data={"reply_category": "B", "reply_text": "已列入年度计划。",
                "promised_date": "2026-09-30", "promise_text": "9月底前建成站点"})
    apply(item, A.ISSUE_REPLY, actor=w.leader, as_role=Role.UNIT_LEADER, at=at(2026, 4, 2),
          data={"disclosure": "public"})
    assert item.state is State.REPLIED
    apply(item, A.EVALUATE, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 4, 10),
          data={"attitude": "satisfied", "result": "basically"})
    assert item.state is State.CLOSED and item.close_kind == "satisfied"
    db.session.commit()

    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events][:3] == ["submit_for_review", "pre_approve", "register"]
    assert events[0].from_state is State.DRAFT and events[0].to_state is State.OFFICE_REVIEW
    open_rows = db.session.scalars(select(Deadline).where(Deadline.closed_at.is_(None))).all()
    assert [d.kind for d in open_rows] == [DeadlineKind.PROMISE]
    promise = db.session.scalars(select(Promise)).one()
    assert promise.due_on.isoformat() == "2026-09-30"
    assert db.session.scalars(select(SuggestionVersion)).one().number == 1
    assert db.session.scalars(select(Outbox)).all()


def test_session_item_goes_through_three_layers(make):
    w = make.world()
    item = make.suggestion(w.deputy, channel=Channel.SESSION, session=w.session,
                           category=w.category)
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2025, 12, 1))
    apply(item, A.PASS_REVIEW, actor=w.group_leader, as_role=Role.GROUP_LEADER, at=at(2025, 12, 2))
    apply(item, A.RETURN_FOR_REVISION, actor=w.committee_staff, as_role=Role.COMMITTEE_STAFF,
          at=at(2025, 12, 3), reason="请补充调研数据")
    assert item.state is State.RETURNED and item.returned_from is State.COMMITTEE_REVIEW
    item.reasons += "据调研，日均客流约800人次。"
    apply(item, A.RESUBMIT, actor=w.deputy, as_role=Role.DEPUTY, at=at(2025, 12, 4))
    assert item.state is State.COMMITTEE_REVIEW
    apply(item, A.PASS_REVIEW, actor=w.committee_staff, as_role=Role.COMMITTEE_STAFF,
          at=at(2025, 12, 5))
    apply(item, A.PRE_APPROVE, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2025, 12, 8),
          data={"checklist": all_pass({})})
    assert item.state is State.PRE_APPROVED
    apply(item, A.SUBMIT_FORMALLY, actor=w.deputy, as_role=Role.DEPUTY, at=at(2026, 1, 13))
    apply(item, A.REGISTER, actor=w.office, as_role=Role.OFFICE_STAFF, at=at(2026, 1, 14),
          data={"category": w.category.id})
    assert item.registration_label == "第五次会议第001号"
    versions = db.session.scalars(select(SuggestionVersion).order_by(SuggestionVersion.number))
    assert [v.number for v in versions] == [1, 2]
