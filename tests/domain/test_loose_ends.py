"""Loose ends of issue 15: a co-signer who declined is not named as one; printed notices show live units."""

from __future__ import annotations

from datetime import timedelta

from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.reads.dossier import load_dossier
from tracker.extensions import db
from tracker.workflow import Action as A
from tracker.workflow import Role, State

D = Role.DEPUTY


def test_a_declined_co_signer_is_not_named_but_the_answer_stays_in_the_history(make):
    w = make.world()
    item = make.suggestion(w.deputy2, category=w.category)
    for deputy in (w.deputy, w.deputy3):
        apply(item, A.INVITE_COSIGNER, actor=w.deputy2, as_role=D, at=at(2026, 3, 1),
              data={"cosigner": deputy.id})
    apply(item, A.DECLINE_COSIGN, actor=w.deputy, as_role=D, at=at(2026, 3, 2), reason="另行提出。")
    apply(item, A.CONFIRM_COSIGN, actor=w.deputy3, as_role=D, at=at(2026, 3, 2))
    db.session.flush()
    d = load_dossier(db.session, item, item.author)
    assert [c.deputy_id for c in d.cosigners] == [w.deputy3.id]
    declined = [e for e in d.history if e.action == A.DECLINE_COSIGN.value]
    assert len(declined) == 1 and declined[0].actor_id == w.deputy.id and declined[0].reason == "另行提出。"


def test_after_a_reassignment_the_printed_notice_names_only_live_units(make):
    from tracker.domain.reads.documents import assignment_notice

    w, item = make.item_in(State.ASSIGNED)
    day = item.assigned_at
    apply(item, A.REQUEST_REASSIGNMENT, actor=w.leader, as_role=Role.UNIT_LEADER,
          at=day + timedelta(hours=2), reason="不属于本单位职责。")
    apply(item, A.APPROVE_REASSIGNMENT, actor=w.office, as_role=Role.OFFICE_STAFF,
          at=day + timedelta(hours=3), data={"lead_unit": w.other_unit.id})
    db.session.flush()
    new_lead = assignment_notice(db.session, w.other_unit)
    [line] = new_lead.lines
    assert line.is_lead and all(not is_lead for _, is_lead in line.partners)
    assert w.unit.name not in [name for name, _ in line.partners]  # the released unit is no partner
    released = assignment_notice(db.session, w.unit)
    assert released.lines == []  # nor does its own notice still give it the item
