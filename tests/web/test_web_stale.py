"""Stale pages: a form sent after someone else acted gets a clear message and keeps the typed text;
text with HTML or script in it is shown escaped, never run."""

from __future__ import annotations

import re

from tests.factories import at
from tests.web.helpers import events, state_of, text
from tracker.domain.core.engine import apply
from tracker.extensions import db
from tracker.models import Suggestion
from tracker.workflow import Action, Role, State

STALE = "其他人已先行处理此件"
TYPED = "我刚刚在这里写下的修改内容，不能丢。"


def _lock(page: str) -> str:
    return re.search(r'name="lock_version" type="hidden" value="(\d+)"', page).group(1)


def _draft_form(world, item, **over) -> dict:
    return {"title": item.title, "reasons": TYPED, "proposals": item.proposals,
            "category_id": str(world.category.id), "channel": "between", "session_id": "",
            "proposed_unit_id": "", "origin": "", "original_lang": "", "original_text": ""} | over


def test_a_draft_saved_from_a_page_drawn_before_a_cosigner_answered(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    seen = _lock(text(client.get(f"/items/{item.id}/edit")))
    # Meanwhile the deputy invites a co-signer (another tab) and the co-signer confirms.
    apply(item, Action.INVITE_COSIGNER, actor=world.deputy, as_role=Role.DEPUTY,
          data={"cosigner": world.deputy2.id}, at=at(2026, 5, 19))
    apply(item, Action.CONFIRM_COSIGN, actor=world.deputy2, as_role=Role.DEPUTY,
          at=at(2026, 5, 19, 11))
    db.session.commit()
    response = client.post(f"/items/{item.id}/edit", data=_draft_form(world, item,
                                                                        lock_version=seen))
    assert response.status_code == 409
    page = text(response)
    assert STALE in page and "您填写的内容已保留" in page and TYPED in page
    db.session.expire_all()
    assert item.reasons != TYPED
    # The page now carries the current version: sending it again saves.
    again = client.post(f"/items/{item.id}/edit", data=_draft_form(world, item,
                                                                     lock_version=_lock(page)))
    assert again.status_code == 302
    db.session.expire_all()
    assert item.reasons == TYPED


def test_a_draft_saved_after_it_was_sent_on_keeps_the_text_and_saves_nothing(auth, world,
                                                                               item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    seen = _lock(text(client.get(f"/items/{item.id}/edit")))
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=world.deputy, as_role=Role.DEPUTY,
          at=at(2026, 5, 19))
    db.session.commit()
    response = client.post(f"/items/{item.id}/edit", data=_draft_form(world, item,
                                                                        lock_version=seen))
    assert response.status_code == 409
    page = text(response)
    assert STALE in page and "代表工委预审" in page and TYPED in page
    resent = client.post(f"/items/{item.id}/edit", data=_draft_form(world, item,
                                                                      lock_version=_lock(page)))
    assert resent.status_code == 409 and "当前不能修改" in text(resent) and TYPED in text(resent)
    assert client.get(f"/items/{item.id}/edit").status_code == 403  # no form for a fresh visit


def test_an_action_form_sent_after_the_item_moved_on_keeps_the_reason(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    form = text(client.get(f"/items/{item.id}/actions/return_for_revision"))
    seen = _lock(form)
    assert 'name="seen_state" type="hidden" value="office_review"' in form
    apply(item, Action.WITHDRAW, actor=world.deputy, as_role=Role.DEPUTY, reason="情况已变化。",
          at=at(2026, 5, 19))
    db.session.commit()
    before = events(item)
    response = client.post(f"/items/{item.id}/actions/return_for_revision", data={
        "as_role": "office_staff", "reason": TYPED, "lock_version": seen,
        "seen_state": "office_review"})
    assert response.status_code == 409
    page = text(response)
    assert STALE in page and "已撤回" in page and TYPED in page
    assert state_of(item) is State.WITHDRAWN and events(item) == before


def test_an_action_form_from_a_stale_page_still_possible_goes_through_on_the_second_send(
        auth, world, item_in):
    item = item_in(State.IN_HANDLING)
    client = auth.as_(world.leader)
    seen = _lock(text(client.get(f"/items/{item.id}/actions/request_extension")))
    asked = {"as_role": "unit_leader", "new_due_date": "2026-07-31", "reason": TYPED}
    # Meanwhile the supervisors mark the item for key supervision: the page the leader typed on is
    # stale. (A contact logged meanwhile would not make it so: logging a contact is independent.)
    apply(item, Action.MARK_KEY, actor=world.supervisor, as_role=Role.SUPERVISOR,
          data={"leader": "张主任", "supervising_committee": world.committee.id}, at=at(2026, 5, 19))
    db.session.commit()
    before = events(item)
    stale = client.post(f"/items/{item.id}/actions/request_extension",
                        data=asked | {"lock_version": seen, "seen_state": "in_handling"})
    assert stale.status_code == 409 and STALE in text(stale) and TYPED in text(stale)
    assert events(item) == before
    again = client.post(f"/items/{item.id}/actions/request_extension",
                        data=asked | {"lock_version": _lock(text(stale)),
                                      "seen_state": "in_handling"})
    assert again.status_code == 302 and events(item) == before + 1


def test_a_contact_logged_from_a_page_drawn_before_another_contact_goes_through(auth, world, item_in):
    """Logging a contact is independent: it neither needs the page's version nor moves it."""
    item = item_in(State.IN_HANDLING)
    client = auth.as_(world.handler)
    seen = _lock(text(client.get(f"/items/{item.id}/actions/log_contact")))
    contact = {"as_role": "unit_handler", "contact_way": "phone", "contact_date": "2026-05-19",
               "people": "李代表", "summary": TYPED}
    apply(item, Action.LOG_CONTACT, actor=world.leader, as_role=Role.UNIT_LEADER,
          data={k: v for k, v in contact.items() if k != "as_role"}  # the form's, not an input
          | {"summary": "另一位同事登记的联系。"}, at=at(2026, 5, 19))
    db.session.commit()
    before = events(item)
    sent = client.post(f"/items/{item.id}/actions/log_contact",
                       data=contact | {"lock_version": seen, "seen_state": "in_handling"})
    assert sent.status_code == 302 and events(item) == before + 1


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_and_script_in_any_text_are_shown_escaped(auth, world):
    client = auth.as_(world.deputy)
    response = client.post("/items/new", data={
        "title": f"标题{SCRIPT}", "reasons": f"事由{SCRIPT}", "proposals": f"建议{SCRIPT}",
        "category_id": str(world.category.id), "channel": "between", "session_id": "",
        "proposed_unit_id": "", "origin": f"来源{SCRIPT}", "original_lang": "bo",
        "original_text": f"བོད་ཀྱི་སྐད་ཡིག{SCRIPT}"})
    assert response.status_code == 302
    item = db.session.scalars(db.select(Suggestion).where(
        Suggestion.author_id == world.deputy.id)).one()
    assert item.reasons == f"事由{SCRIPT}"  # stored as typed
    page = text(client.get(f"/items/{item.id}"))
    assert SCRIPT not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") >= 5
    # The Tibetan original round-trips, tagged with its language, and is escaped too.
    original = page.split('id="original-text"')[1].split("</div>")[0]
    assert 'lang="bo"' in original and "བོད་ཀྱི་སྐད་ཡིག&lt;script&gt;" in original
    edit = text(client.get(f"/items/{item.id}/edit"))
    assert SCRIPT not in edit and "&lt;script&gt;" in edit


def test_a_reply_typed_on_a_stale_page_keeps_every_field(auth, world, make):
    from seeds.paths import CONTACT, TO_IN_HANDLING, Walker

    item = make.suggestion(world.deputy, category=world.category)
    Walker(world, at(2026, 3, 2)).play(item, [*TO_IN_HANDLING, CONTACT])
    db.session.commit()
    client = auth.as_(world.handler)
    seen = _lock(text(client.get(f"/items/{item.id}/actions/submit_reply")))
    apply(item, Action.SUBMIT_REPLY, actor=world.handler, as_role=Role.UNIT_HANDLER,
          data={"reply_category": "D", "reply_text": "另一标签页提交的答复。"}, at=at(2026, 5, 19))
    db.session.commit()
    response = client.post(f"/items/{item.id}/actions/submit_reply", data={
        "as_role": "unit_handler", "reply_category": "A", "reply_text": TYPED,
        "lock_version": seen, "seen_state": "in_handling"})
    assert response.status_code == 409
    page = text(response)
    assert STALE in page and "答复待签发" in page and TYPED in page
    assert re.search(r'checked[^>]*value="A"|value="A"[^>]*checked', page)
