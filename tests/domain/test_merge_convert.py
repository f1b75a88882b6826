"""并案 and 转来信处理 in the domain (who joins the main item, the links, the talk); joint items."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from seeds.paths import PATHS, Walker
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.errors import InvalidData, NotAllowedNow
from tracker.domain.reminders import notices
from tracker.domain.steps import joint, merging
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, Outbox
from tracker.workflow import Action, Channel, DeadlineKind, Role, State

A, D, OFFICE = Action, Role.DEPUTY, Role.OFFICE_STAFF


def _in_office_review(make, w, author, *, cosigners=()):
    """A between-session item of `author` with confirmed co-signers, sent to the office."""
    item = make.suggestion(author, category=w.category, title="关于韵家口镇增设公交站点的建议")
    for c in cosigners:
        apply(item, A.INVITE_COSIGNER, actor=author, as_role=D, at=at(2026, 3, 2),
              data={"cosigner": c.id})
        apply(item, A.CONFIRM_COSIGN, actor=c, as_role=D, at=at(2026, 3, 3))
    apply(item, A.SUBMIT_FOR_REVIEW, actor=author, as_role=D, at=at(2026, 3, 4))
    assert item.state is State.OFFICE_REVIEW
    return item


def _main(make, w, author, state=State.OFFICE_REVIEW):
    channel, steps = PATHS[state]
    main = make.suggestion(author, channel=channel, category=w.category,
                           session=w.session if channel is Channel.SESSION else None,
                           title="关于统筹优化全区公交线网的建议")
    Walker(replace(w, deputy=author), at(2026, 3, 1)).play(main, steps)
    return main


def test_merging_makes_every_deputy_of_the_item_a_co_proposer_of_the_main(make):
    w = make.world()
    main = _main(make, w, w.deputy2)
    item = _in_office_review(make, w, w.deputy, cosigners=[w.deputy3])
    apply(item, A.MERGE, actor=w.office, as_role=OFFICE, at=at(2026, 3, 6), reason="同一事项，并案办理。",
          data={"main_item": main.id})
    assert item.state is State.MERGED and item.merged_into_id == main.id
    joined = {c.deputy_id: c for c in main.cosigners}
    assert set(joined) == {w.deputy.id, w.deputy3.id}
    assert all(c.status == "confirmed" and c.via_merge_of_id == item.id for c in joined.values())
    assert merging.merged_from(db.session, main) == [item]
    # The main item's history records it, and its lead deputy hears of it.
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.suggestion_id == main.id, AuditEvent.action == merging.MERGED_IN)).all()
    assert event.data["merged_item"] == item.id and event.reason == "同一事项，并案办理。"
    heard = db.session.scalars(select(Outbox.recipient_id).where(Outbox.event_id == event.id)).all()
    assert heard == [w.deputy2.id]
    [notice] = [n for n in notices.list_notices(db.session, w.deputy2) if n.suggestion_id == main.id
                and "并案" in n.text("zh")]
    assert "merge (another suggestion joined this one)" in notice.text("en")
    assert "并" not in notice.text("en").replace(main.title, "").replace(event.reason, "")  # reason: in full


def test_a_deputy_who_declined_the_main_item_joins_it_through_the_merge(make):
    w = make.world()
    main = make.suggestion(w.deputy2, category=w.category)
    apply(main, A.INVITE_COSIGNER, actor=w.deputy2, as_role=D, at=at(2026, 3, 1),
          data={"cosigner": w.deputy.id})
    apply(main, A.DECLINE_COSIGN, actor=w.deputy, as_role=D, at=at(2026, 3, 1), reason="另行提出。")
    apply(main, A.SUBMIT_FOR_REVIEW, actor=w.deputy2, as_role=D, at=at(2026, 3, 2))
    item = _in_office_review(make, w, w.deputy)
    apply(item, A.MERGE, actor=w.office, as_role=OFFICE, at=at(2026, 3, 6), reason="并案。",
          data={"main_item": main.id})
    [row] = main.cosigners
    assert (row.deputy_id, row.status, row.via_merge_of_id) == (w.deputy.id, "confirmed", item.id)


def test_the_main_items_own_lead_deputy_is_not_added_as_a_co_signer(make):
    w = make.world()
    main = _main(make, w, w.deputy)
    item = _in_office_review(make, w, w.deputy2, cosigners=[w.deputy])
    assert merging.joining(item, main) == [w.deputy2.name]
    apply(item, A.MERGE, actor=w.office, as_role=OFFICE, at=at(2026, 3, 6), reason="并案。",
          data={"main_item": main.id})
    assert [c.deputy_id for c in main.cosigners] == [w.deputy2.id]


@pytest.mark.parametrize("which", ["self", "ended", "missing"])
def test_the_main_item_must_be_another_open_suggestion(make, which):
    w = make.world()
    item = _in_office_review(make, w, w.deputy)
    main_id = {"self": item.id, "missing": 999999,
               "ended": _main(make, w, w.deputy2, State.WITHDRAWN).id}[which]
    with pytest.raises(InvalidData) as err:
        apply(item, A.MERGE, actor=w.office, as_role=OFFICE, at=at(2026, 3, 6), reason="并案。",
              data={"main_item": main_id})
    assert err.value.field == "main_item"


def test_merge_candidates_leave_out_drafts_and_ended_items(make):
    w = make.world()
    open_main = _main(make, w, w.deputy2)
    make.suggestion(w.deputy3, category=w.category, title="关于统筹优化全区公交线网的建议")  # a draft
    item = _in_office_review(make, w, w.deputy)
    found = [s for s, _ in merging.merge_candidates(db.session, item, "公交")]
    assert found == [open_main]
    similar = [s for s, _ in merging.merge_candidates(db.session, item)]
    assert item not in similar and all(s.state is not State.DRAFT for s in similar)


def _convert(item, w, **data):
    values = {"contact_date": "2026-03-05", "contact_way": "phone",
              "talk_record": "电话沟通，代表同意转来信处理。"} | data
    return apply(item, A.CONVERT, actor=w.office, as_role=OFFICE, at=at(2026, 3, 6),
                 reason="经与您沟通，本件转代表来信处理。", data=values)


def test_converting_records_the_talk_and_the_written_notice(make):
    w = make.world()
    item = _in_office_review(make, w, w.deputy)
    _convert(item, w, convert_to="other")
    assert item.state is State.CONVERTED
    c = merging.conversion_of(db.session, item)
    assert (c.talked_on.isoformat(), c.way, c.target) == ("2026-03-05", "phone", "other")
    assert c.talk == "电话沟通，代表同意转来信处理。" and c.notice == "经与您沟通，本件转代表来信处理。"
    told = db.session.scalars(select(Outbox.recipient_id).where(Outbox.event_id.in_(
        select(AuditEvent.id).where(AuditEvent.suggestion_id == item.id,
                                    AuditEvent.action == "convert")))).all()
    assert w.deputy.id in told


@pytest.mark.parametrize("data, field", [
    ({"contact_date": "2026-03-09"}, "contact_date"),  # after the day of the conversion
    ({"contact_date": "五号"}, "contact_date"),
    ({"contact_way": "pigeon"}, "contact_way"),
    ({"convert_to": "bin"}, "convert_to"),
    ({"talk_record": ""}, "talk_record"),
    ({"contact_way": ""}, "contact_way"),
])
def test_a_conversion_without_a_proper_record_of_the_talk_is_refused(make, data, field):
    w = make.world()
    item = _in_office_review(make, w, w.deputy)
    with pytest.raises(InvalidData) as err:
        _convert(item, w, **data)
    assert err.value.field == field


def test_a_joint_draft_waits_for_every_invited_deputy(make):
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    joint.invite_cosigners(db.session, item, w.deputy, [w.deputy2.id, w.deputy3.id],
                           at=at(2026, 3, 2))
    assert joint.waits_for_cosigners(item)
    assert [i.item for i in joint.invitations_for(db.session, w.deputy2)] == [item]
    owed = db.session.scalars(select(Deadline.owner_user_id).where(
        Deadline.kind == DeadlineKind.COSIGNER_ANSWER, Deadline.closed_at.is_(None))).all()
    assert sorted(owed) == sorted([w.deputy2.id, w.deputy3.id])
    with pytest.raises(NotAllowedNow):
        apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=D, at=at(2026, 3, 3))
    apply(item, A.CONFIRM_COSIGN, actor=w.deputy2, as_role=D, at=at(2026, 3, 3))
    apply(item, A.DECLINE_COSIGN, actor=w.deputy3, as_role=D, at=at(2026, 3, 3), reason="不熟悉情况。")
    assert not joint.waits_for_cosigners(item)
    state = joint.joint_state(db.session, item)
    assert [s.name for s in state.confirmed] == [w.deputy2.name]
    assert state.signers[1].decline_reason == "不熟悉情况。"
    assert joint.invitations_for(db.session, w.deputy2) == []
    assert w.deputy.id not in {c.id for c in joint.invitable(db.session, item)}
    assert not {w.deputy2.id, w.deputy3.id} & {c.id for c in joint.invitable(db.session, item)}
    apply(item, A.SUBMIT_FOR_REVIEW, actor=w.deputy, as_role=D, at=at(2026, 3, 4))
    assert item.state is State.OFFICE_REVIEW


def test_inviting_nobody_or_a_non_deputy_is_refused(make):
    w = make.world()
    item = make.suggestion(w.deputy, category=w.category)
    with pytest.raises(InvalidData):
        joint.invite_cosigners(db.session, item, w.deputy, [], at=at(2026, 3, 2))
    with pytest.raises(InvalidData):
        joint.invite_cosigners(db.session, item, w.deputy, [w.office.id], at=at(2026, 3, 2))


def test_a_joint_withdrawal_shows_who_has_agreed(make):
    w = make.world()
    item = _in_office_review(make, w, w.deputy, cosigners=[w.deputy2, w.deputy3])
    apply(item, A.REQUEST_WITHDRAWAL, actor=w.deputy, as_role=D, at=at(2026, 3, 5),
          reason="情况已变化。")
    with pytest.raises(NotAllowedNow, match="already proposed"):
        apply(item, A.REQUEST_WITHDRAWAL, actor=w.deputy, as_role=D, at=at(2026, 3, 5),
              reason="再提一次。")
    consents = db.session.scalars(select(Deadline).where(
        Deadline.suggestion_id == item.id, Deadline.kind == DeadlineKind.WITHDRAWAL_CONSENT)).all()
    assert len(consents) == 2  # one per co-signer, not doubled by the refused second proposal
    apply(item, A.AGREE_WITHDRAWAL, actor=w.deputy2, as_role=D, at=at(2026, 3, 6))
    state = joint.joint_state(db.session, item)
    assert (state.withdrawal_by, state.withdrawal_reason) == (w.deputy.name, "情况已变化。")
    assert [s.name for s in state.agreed] == [w.deputy2.name]
    assert [s.name for s in state.not_agreed] == [w.deputy3.name]
    with pytest.raises(NotAllowedNow):
        apply(item, A.WITHDRAW, actor=w.deputy, as_role=D, at=at(2026, 3, 6), reason="撤回。")
    apply(item, A.AGREE_WITHDRAWAL, actor=w.deputy3, as_role=D, at=at(2026, 3, 7))
    apply(item, A.WITHDRAW, actor=w.deputy, as_role=D, at=at(2026, 3, 7), reason="撤回。")
    assert item.state is State.WITHDRAWN
