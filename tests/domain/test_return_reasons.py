"""Standard return reasons: kept per layer by the administrator (audited), composed into the reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.congress import return_reasons as rr
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.extensions import db
from tracker.models import AuditEvent
from tracker.workflow import Action, State


def test_the_administrator_adds_and_retires_and_each_is_audited(make):
    w = make.world()
    first = rr.add_reason(db.session, w.admin, State.OFFICE_REVIEW, "  缺少  调研数据 ", at=at(2026, 3, 2))
    second = rr.add_reason(db.session, w.admin, State.OFFICE_REVIEW, "一事多议", at=at(2026, 3, 2))
    assert first.text == "缺少 调研数据" and [r.id for r in rr.reasons_for(db.session, State.OFFICE_REVIEW)] \
        == [first.id, second.id]
    assert rr.retire_reason(db.session, w.admin, first.id, at=at(2026, 3, 3)) is True
    assert rr.retire_reason(db.session, w.admin, first.id, at=at(2026, 3, 3)) is False
    assert [r.id for r in rr.reasons_for(db.session, State.OFFICE_REVIEW)] == [second.id]
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["add_return_reason", "add_return_reason", "retire_return_reason"]


@pytest.mark.parametrize(("layer", "text", "error"), [
    (State.OFFICE_REVIEW, "", InvalidData), (State.ASSIGNED, "理由", InvalidData),
    (State.OFFICE_REVIEW, "长" * 201, InvalidData)])
def test_bad_reasons_are_refused(make, layer, text, error):
    w = make.world()
    with pytest.raises(error):
        rr.add_reason(db.session, w.admin, layer, text, at=at(2026, 3, 2))


def test_a_repeat_and_a_non_administrator_are_refused(make):
    w = make.world()
    rr.add_reason(db.session, w.admin, State.GROUP_REVIEW, "不属于本组", at=at(2026, 3, 2))
    with pytest.raises(InvalidData):
        rr.add_reason(db.session, w.admin, State.GROUP_REVIEW, "不属于本组", at=at(2026, 3, 2))
    with pytest.raises(RoleNotHeld):
        rr.add_reason(db.session, w.office, State.GROUP_REVIEW, "别的", at=at(2026, 3, 2))


def test_compose_takes_the_layers_picks_then_the_free_text(make):
    w = make.world()
    a = rr.add_reason(db.session, w.admin, State.OFFICE_REVIEW, "缺少调研数据", at=at(2026, 3, 2))
    other = rr.add_reason(db.session, w.admin, State.GROUP_REVIEW, "不属于本组", at=at(2026, 3, 2))
    assert rr.compose(db.session, State.OFFICE_REVIEW, [a.id], " 补充位置 ") == "缺少调研数据\n补充位置"
    assert rr.compose(db.session, State.OFFICE_REVIEW, [], "只写自己的") == "只写自己的"
    with pytest.raises(InvalidData):  # another layer's reason is not offered here
        rr.compose(db.session, State.OFFICE_REVIEW, [other.id], "")


@pytest.mark.parametrize(("state", "action", "offered"), [
    (State.OFFICE_REVIEW, Action.RETURN_FOR_REVISION, True),
    (State.GROUP_REVIEW, Action.ADVISE_WITHDRAWAL, True),
    (State.GROUP_REVIEW, Action.PASS_REVIEW, False),  # its reason is optional: no picks
    (State.REPLY_SIGNOFF, Action.RETURN_REPLY, False),  # no review layer
])
def test_picks_are_offered_where_a_layers_row_requires_a_reason(state, action, offered):
    assert rr.offers_reasons(state, action) is offered
