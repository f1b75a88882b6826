"""Joint suggestions in the web pages: inviting, answering from the pending list, waiting, withdrawing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import at
from tests.web.helpers import buttons, state_of, text
from tracker.domain.core.engine import apply
from tracker.extensions import db
from tracker.models import AuditEvent, CoSigner
from tracker.workflow import Action, Role, State

D = Role.DEPUTY


def _invite(client, item, *deputies):
    return client.post(f"/items/{item.id}/cosigners",
                       data={"cosigners": [str(d.id) for d in deputies]})


def _statuses(item) -> dict[int, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(CoSigner.deputy_id, CoSigner.status)
                                   .where(CoSigner.suggestion_id == item.id)).all())


def test_the_lead_deputy_invites_several_deputies_at_once(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    page = text(client.get(f"/items/{item.id}/cosigners"))
    assert world.deputy2.name in page and world.group.name in page
    assert f'value="{world.deputy.id}"' not in page  # not oneself
    response = _invite(client, item, world.deputy2, world.deputy3)
    assert response.status_code == 302
    assert _statuses(item) == {world.deputy2.id: "invited", world.deputy3.id: "invited"}
    page = text(client.get(f"/items/{item.id}/cosigners"))
    assert "已向 2 位代表发出邀请" in page
    assert f'value="{world.deputy2.id}"' not in page  # already invited: no longer offered
    events = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == "invite_cosigner")).all()
    assert len(events) == 2


def test_the_item_page_says_why_it_cannot_be_sent_yet(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    _invite(client, item, world.deputy2, world.deputy3)
    html = text(client.get(f"/items/{item.id}"))
    assert "submit_for_review" not in buttons(html)
    waiting = re.search(r'data-waiting="(\d)"[^>]*>(.*?)</div>', html, re.S)
    assert waiting.group(1) == "2"
    assert "等待 2 位附议代表答复" in waiting.group(2) and world.deputy3.name in waiting.group(2)


def test_an_invited_deputy_answers_from_the_home_page_and_the_item_page(auth, world, item_in):
    item = item_in(State.DRAFT)
    _invite(auth.as_(world.deputy), item, world.deputy2, world.deputy3)
    client = auth.as_(world.deputy2)
    home = text(client.get("/"))
    assert f'data-invitation="{item.id}"' in home and "附议确认" in home  # and in the tasks
    page = text(client.get(f"/items/{item.id}"))
    assert 'id="invitation"' in page and {"confirm_cosign", "decline_cosign"} <= buttons(page)
    response = client.post(f"/items/{item.id}/actions/confirm_cosign", data={"as_role": "deputy"})
    assert response.status_code == 302
    assert f'data-invitation="{item.id}"' not in text(client.get("/"))
    client = auth.as_(world.deputy3)
    client.post(f"/items/{item.id}/actions/decline_cosign",
                data={"as_role": "deputy", "reason": "<b>不熟悉</b>该情况"})
    assert _statuses(item) == {world.deputy2.id: "confirmed", world.deputy3.id: "declined"}
    client = auth.as_(world.deputy)
    html = text(client.get(f"/items/{item.id}"))
    assert "submit_for_review" in buttons(html) and "data-waiting" not in html
    page = text(client.get(f"/items/{item.id}/cosigners"))
    assert "&lt;b&gt;不熟悉&lt;/b&gt;该情况" in page and "<b>不熟悉" not in page


def test_answering_twice_is_refused_with_a_message(auth, world, item_in):
    item = item_in(State.DRAFT)
    _invite(auth.as_(world.deputy), item, world.deputy2)
    client = auth.as_(world.deputy2)
    client.post(f"/items/{item.id}/actions/confirm_cosign", data={"as_role": "deputy"})
    stale = client.post(f"/items/{item.id}/actions/decline_cosign", data={"as_role": "deputy"})
    assert stale.status_code == 409 and "您没有待答复的附议邀请" in text(stale)
    assert _statuses(item) == {world.deputy2.id: "confirmed"}


@pytest.mark.parametrize("who", ["deputy2", "office"])
def test_only_the_lead_deputy_invites(auth, world, item_in, who):
    item = item_in(State.DRAFT)
    _invite(auth.as_(world.deputy), item, world.deputy2)
    client = auth.as_(getattr(world, who))
    page = client.get(f"/items/{item.id}/cosigners")
    assert page.status_code == 200 and 'name="cosigners"' not in text(page)
    refused = _invite(client, item, world.deputy3)
    assert refused.status_code == 409
    assert world.deputy3.id not in _statuses(item)


def test_inviting_nobody_or_a_stranger_keeps_the_page_with_a_message(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    empty = client.post(f"/items/{item.id}/cosigners", data={})
    assert empty.status_code == 400 and "请至少选择一位代表" in text(empty)
    stranger = _invite(client, item, world.office)
    assert stranger.status_code == 400 and _statuses(item) == {}


def test_no_invitations_once_the_draft_is_sent(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.deputy)
    assert client.get(f"/items/{item.id}/actions/invite_cosigner").status_code == 409
    assert _invite(client, item, world.deputy2).status_code == 409


def test_the_invite_button_leads_to_the_picker(auth, world, item_in):
    item = item_in(State.DRAFT)
    html = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    assert f'data-action="invite_cosigner"\n         href="/items/{item.id}/cosigners"' in html


def test_a_stale_answer_is_refused_as_stale(auth, world, item_in, clock):
    item = item_in(State.DRAFT)
    _invite(auth.as_(world.deputy), item, world.deputy2)
    db.session.refresh(item)
    seen = item.lock_version
    clock("2026-05-20T03:00:00+00:00")
    _invite(auth.as_(world.deputy), item, world.deputy3)  # the lead acts meanwhile
    db.session.refresh(item)
    assert item.lock_version != seen
    client = auth.as_(world.deputy2)
    stale = client.post(f"/items/{item.id}/actions/confirm_cosign",
                        data={"as_role": "deputy", "lock_version": str(seen),
                              "seen_state": "draft"})
    assert stale.status_code == 409 and _statuses(item)[world.deputy2.id] == "invited"


def test_a_joint_withdrawal_shows_who_agreed_and_waits_for_all(auth, world, make):
    item = make.suggestion(world.deputy, category=world.category)
    for c in (world.deputy2, world.deputy3):
        apply(item, Action.INVITE_COSIGNER, actor=world.deputy, as_role=D, at=at(2026, 3, 2),
              data={"cosigner": c.id})
        apply(item, Action.CONFIRM_COSIGN, actor=c, as_role=D, at=at(2026, 3, 3))
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=world.deputy, as_role=D, at=at(2026, 3, 4))
    db.session.commit()
    client = auth.as_(world.deputy)
    assert "withdraw" not in buttons(text(client.get(f"/items/{item.id}")))
    client.post(f"/items/{item.id}/actions/request_withdrawal",
                data={"as_role": "deputy", "reason": "问题已解决。"})
    client = auth.as_(world.deputy2)
    html = text(client.get(f"/items/{item.id}"))
    assert 'data-agreed="0/2"' in html and "问题已解决。" in html
    assert "agree_withdrawal" in buttons(html)
    assert "附议确认" not in html
    assert "撤回同意" in text(client.get("/"))  # the consent is in the co-signer's pending list
    client.post(f"/items/{item.id}/actions/agree_withdrawal", data={"as_role": "deputy"})
    client = auth.as_(world.deputy)
    html = text(client.get(f"/items/{item.id}"))
    assert 'data-agreed="1/2"' in html and "withdraw" not in buttons(html)
    assert html.count('data-consent="yes"') == 1 and html.count('data-consent="no"') == 1
    client = auth.as_(world.deputy3)
    client.post(f"/items/{item.id}/actions/agree_withdrawal", data={"as_role": "deputy"})
    client = auth.as_(world.deputy)
    html = text(client.get(f"/items/{item.id}"))
    assert "withdraw" in buttons(html) and "全体附议代表均已同意" in html
    client.post(f"/items/{item.id}/actions/withdraw", data={"as_role": "deputy", "reason": "撤回。"})
    assert state_of(item) is State.WITHDRAWN


def test_the_joint_panels_speak_english_when_asked(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    _invite(client, item, world.deputy2)
    html = text(client.get(f"/items/{item.id}?lang=en"))
    assert "Waiting for 1 co-signer(s) to answer: 王代表." in html
    assert "Joint suggestion: co-signers" in html
    page = text(client.get(f"/items/{item.id}/cosigners?lang=en"))
    assert "Invited deputies and their answers" in page and "受邀代表" not in page


def test_a_stale_answer_is_refused_even_when_the_clock_stands_still(auth, world, item_in):
    # TRACKER_CLOCK_NOW pins every action to one moment: the lock must move all the same.
    item = item_in(State.DRAFT)
    _invite(auth.as_(world.deputy), item, world.deputy2)
    page = text(auth.as_(world.deputy2).get(f"/items/{item.id}"))
    seen = re.search(r'name="lock_version" value="(\d+)"', page).group(1)
    _invite(auth.as_(world.deputy), item, world.deputy3)  # the lead acts meanwhile, same moment
    stale = auth.as_(world.deputy2).post(f"/items/{item.id}/actions/confirm_cosign",
                                         data={"as_role": "deputy", "lock_version": seen,
                                               "seen_state": "draft"})
    assert stale.status_code == 409 and _statuses(item)[world.deputy2.id] == "invited"


ANSWERS = {"confirm_cosign": "confirm", "decline_cosign": "decline",
           "agree_withdrawal": "agree_withdrawal"}


def _answer_forms(html: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(
        r'<form method="post" action="/items/\d+/actions/(\w+)".*?</form>', html, re.S)}


def test_every_answer_form_says_what_the_page_was_drawn_from(auth, world, make):
    item = make.suggestion(world.deputy, category=world.category)
    for c in (world.deputy2, world.deputy3):
        apply(item, Action.INVITE_COSIGNER, actor=world.deputy, as_role=D, at=at(2026, 3, 2),
              data={"cosigner": c.id})
    apply(item, Action.CONFIRM_COSIGN, actor=world.deputy3, as_role=D, at=at(2026, 3, 3))
    db.session.commit()
    invited = _answer_forms(text(auth.as_(world.deputy2).get(f"/items/{item.id}")))
    apply(item, Action.DECLINE_COSIGN, actor=world.deputy2, as_role=D, at=at(2026, 3, 3))
    apply(item, Action.REQUEST_WITHDRAWAL, actor=world.deputy, as_role=D, at=at(2026, 3, 4),
          reason="问题已解决。")
    db.session.commit()
    consent = _answer_forms(text(auth.as_(world.deputy3).get(f"/items/{item.id}")))
    forms = {k: v for k, v in (invited | consent).items() if k in ANSWERS}
    assert set(forms) == set(ANSWERS)
    for action, form in forms.items():
        for name in ("csrf_token", "as_role", "lock_version", "seen_state"):
            assert f'name="{name}"' in form, (action, name)
        assert f'data-answer="{ANSWERS[action]}"' in form
    assert 'name="reason"' in forms["decline_cosign"]


def test_a_declined_co_signer_is_not_in_the_particulars_but_the_answer_is_in_the_history(auth, world, make):
    from seeds.paths import BETWEEN_TO_SUBMITTED, Walker

    item = make.suggestion(world.deputy, category=world.category)
    for c in (world.deputy2, world.deputy3):
        apply(item, Action.INVITE_COSIGNER, actor=world.deputy, as_role=D, at=at(2026, 3, 2),
              data={"cosigner": c.id})
    apply(item, Action.DECLINE_COSIGN, actor=world.deputy2, as_role=D, at=at(2026, 3, 3), reason="另行提出。")
    apply(item, Action.CONFIRM_COSIGN, actor=world.deputy3, as_role=D, at=at(2026, 3, 3))
    Walker(world, at(2026, 3, 4)).play(item, BETWEEN_TO_SUBMITTED)
    db.session.commit()
    page = text(auth.as_(world.deputy).get(f"/items/{item.id}"))
    particulars = page.split(">附议代表<")[1].split("</dd>")[0]
    assert world.deputy3.name in particulars and world.deputy2.name not in particulars
    assert "另行提出。" in page  # the answer stays, in the history
