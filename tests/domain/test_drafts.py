"""Drafts written outside the engine: audited, and a session draft owes its pre-submission date."""

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.factories import at
from tracker.domain.authoring.drafts import DraftInput, create_draft, edit_draft
from tracker.domain.core.engine import apply
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, Suggestion
from tracker.workflow import Action, Channel, DeadlineKind, Role, State


def _open(item):
    return db.session.scalars(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                     Deadline.closed_at.is_(None))).all()


def test_a_session_draft_is_bound_by_the_pre_submission_deadline(make):
    w = make.world()
    item = create_draft(db.session, w.deputy, DraftInput(
        title="关于五一社区增设停车位的建议", reasons="停车难。", proposals="增设车位。",
        channel=Channel.SESSION, session_id=w.session.id, category_id=w.category.id),
        at=at(2025, 12, 1))
    [deadline] = _open(item)
    assert deadline.kind is DeadlineKind.PRE_SUBMISSION
    # 2026-01-10 is a Saturday: the last day moves to the next working day (Civil Code Art. 203).
    assert w.session.presubmission_deadline_on.isoformat() == "2026-01-10"
    assert deadline.due_on.isoformat() == "2026-01-12"
    assert deadline.owner_user_id == w.deputy.id
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=Role.DEPUTY, at=at(2025, 12, 2))
    assert [d.kind for d in _open(item)] == [DeadlineKind.GROUP_REVIEW]


def test_switching_a_draft_between_channels_moves_the_deadline_and_is_audited(make):
    w = make.world()
    data = DraftInput(title="关于大众街街道老旧小区改造的建议", reasons="管网老化。",
                      proposals="纳入改造计划。", channel=Channel.BETWEEN)
    item = create_draft(db.session, w.deputy, data, at=at(2025, 12, 1))
    assert _open(item) == []
    data.channel, data.session_id = Channel.SESSION, w.session.id
    assert set(edit_draft(db.session, item, w.deputy, data, at=at(2025, 12, 2))) == {
        "channel", "session_id"}
    assert [d.kind for d in _open(item)] == [DeadlineKind.PRE_SUBMISSION]
    data.channel, data.session_id = Channel.BETWEEN, None
    edit_draft(db.session, item, w.deputy, data, at=at(2025, 12, 3))
    assert _open(item) == []
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.suggestion_id == item.id).order_by(AuditEvent.id)).all()
    assert actions == ["create_draft", "edit_draft", "edit_draft"]


def test_the_same_new_draft_page_sent_twice_saves_one_draft(make):
    w = make.world()
    data = DraftInput(title="关于周家泉社区加装电梯的建议", reasons="老人上下楼难。", proposals="加装电梯。",
                      channel=Channel.BETWEEN, category_id=w.category.id)
    first = create_draft(db.session, w.deputy, data, at=at(2026, 3, 2), submission_key="k-1")
    again = create_draft(db.session, w.deputy, data, at=at(2026, 3, 2), submission_key="k-1")
    other = create_draft(db.session, w.deputy, data, at=at(2026, 3, 2), submission_key="k-2")
    plain = create_draft(db.session, w.deputy, data, at=at(2026, 3, 2))
    assert again is first and other is not first and plain not in (first, other)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.suggestion_id == first.id)).all()
    assert [e.action for e in events] == ["create_draft"]


def test_the_database_refuses_a_second_draft_with_the_same_submission_key(make):
    w = make.world()
    create_draft(db.session, w.deputy, DraftInput(
        title="关于韵家口镇增设公交站点的建议", reasons="出行不便。", proposals="增设站点。",
        channel=Channel.BETWEEN, category_id=w.category.id), at=at(2026, 3, 2), submission_key="k-9")
    db.session.commit()
    # What a racing second send would write, past the lookup: the unique index stops it.
    db.session.add(Suggestion(author_id=w.deputy.id, state=State.DRAFT, channel=Channel.BETWEEN,
                              title="重复", reasons="重复", proposals="重复", submission_key="k-9",
                              created_at=at(2026, 3, 2), updated_at=at(2026, 3, 2)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
