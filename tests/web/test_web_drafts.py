"""Drafts in the browser: a deputy creates and edits their own draft; both are audited."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from tests.web.helpers import events, text
from tracker.extensions import db
from tracker.models import AuditEvent, Suggestion
from tracker.workflow import Channel, State


def _mine(world) -> list[Suggestion]:
    return list(db.session.scalars(select(Suggestion).where(
        Suggestion.author_id == world.deputy.id)))


def _draft(world, **over):
    data = {"title": "关于增设公交站点的建议", "reasons": "群众出行不便。",
            "proposals": "建议在镇中心增设站点。", "category_id": str(world.category.id),
            "channel": "between", "session_id": "", "proposed_unit_id": str(world.unit.id),
            "origin": "联络站收集"}
    return data | over


def test_new_draft_is_created_in_draft_and_audited(auth, world):
    response = auth.as_(world.deputy).post("/items/new", data=_draft(world))
    assert response.status_code == 302
    item = db.session.scalars(select(Suggestion).where(
        Suggestion.title == "关于增设公交站点的建议")).one()
    assert item.state is State.DRAFT and item.author_id == world.deputy.id
    assert item.channel is Channel.BETWEEN and item.proposed_unit_id == world.unit.id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.suggestion_id == item.id)).one()
    assert (event.action, event.from_state, event.to_state) == ("create_draft", None, State.DRAFT)
    assert response.headers["Location"] == f"/items/{item.id}"
    page = text(auth.client.get(f"/items/{item.id}"))
    assert "创建草稿" in page and "submit_for_review" in page


def test_the_new_draft_page_sent_twice_saves_one_draft(auth, world):
    client = auth.as_(world.deputy)
    page = client.get("/items/new")
    key = text(page).split('name="submission_key" type="hidden" value="', 1)[1].split('"', 1)[0]
    assert len(key) == 32
    first = client.post("/items/new", data=_draft(world, submission_key=key))
    second = client.post("/items/new", data=_draft(world, submission_key=key))
    [item] = _mine(world)
    assert first.headers["Location"] == second.headers["Location"] == f"/items/{item.id}"
    assert "已经提交过" in text(client.get(f"/items/{item.id}"))
    third = client.post("/items/new", data=_draft(world, submission_key="another-page"))
    assert third.status_code == 302 and len(_mine(world)) == 2


def _sitting_until_summer(world):
    """The world's session still open on the pinned day (only open sessions are offered)."""
    world.session.closes_on = date(2026, 6, 30)
    db.session.commit()


def test_a_session_draft_needs_its_session(auth, world):
    _sitting_until_summer(world)
    client = auth.as_(world.deputy)
    refused = client.post("/items/new", data=_draft(world, channel="session"))
    assert refused.status_code == 400 and "大会期间建议须选择所属会议" in text(refused)
    assert _mine(world) == []
    ok = client.post("/items/new", data=_draft(world, channel="session",
                                                session_id=str(world.session.id)))
    assert ok.status_code == 302
    assert [i.session_id for i in _mine(world)] == [world.session.id]


def test_validation_errors_keep_the_typed_text(auth, world):
    response = auth.as_(world.deputy).post("/items/new", data=_draft(
        world, title="", reasons="这是我认真写的事由，一个字也不能丢。"))
    assert response.status_code == 400
    page = text(response)
    assert "这是我认真写的事由，一个字也不能丢。" in page and "此项为必填项" in page
    assert _mine(world) == []


def test_only_deputies_may_create(auth, world):
    count = len(db.session.scalars(select(Suggestion.id)).all())
    response = auth.as_(world.office).post("/items/new", data=_draft(world))
    assert response.status_code == 403
    assert len(db.session.scalars(select(Suggestion.id)).all()) == count


def test_editing_the_own_draft_records_what_changed(auth, world, item_in):
    item = item_in(State.DRAFT)
    client = auth.as_(world.deputy)
    form = text(client.get(f"/items/{item.id}/edit"))
    assert item.title in form
    response = client.post(f"/items/{item.id}/edit", data=_draft(
        world, title="修改后的标题", reasons=item.reasons, proposals=item.proposals,
        origin=item.origin, proposed_unit_id=""))
    assert response.status_code == 302
    db.session.expire_all()
    assert item.title == "修改后的标题" and item.state is State.DRAFT
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.suggestion_id == item.id)
                               .order_by(AuditEvent.id.desc())).first()
    assert event.action == "edit_draft" and event.data["changed"] == ["title"]
    assert "修改草稿" in text(client.get(f"/items/{item.id}"))


def test_a_returned_draft_is_editable_but_its_channel_is_not(auth, world, item_in):
    item = item_in(State.RETURNED)
    _sitting_until_summer(world)
    client = auth.as_(world.deputy)
    before = events(item)
    refused = client.post(f"/items/{item.id}/edit", data=_draft(
        world, channel="session", session_id=str(world.session.id)))
    assert refused.status_code == 400 and "不能更改渠道" in text(refused)
    assert events(item) == before
    ok = client.post(f"/items/{item.id}/edit", data=_draft(world, proposals="补充了数据。"))
    assert ok.status_code == 302 and events(item) == before + 1


def test_no_editing_after_submission_or_by_others(auth, world, item_in):
    sent = item_in(State.OFFICE_REVIEW)
    assert auth.as_(world.deputy).get(f"/items/{sent.id}/edit").status_code == 403
    # The author's send from a page drawn earlier is refused with its text kept (409, not 403).
    late = auth.client.post(f"/items/{sent.id}/edit", data=_draft(world))
    assert late.status_code == 409 and "当前不能修改" in text(late)
    db.session.expire_all()
    assert sent.title != "关于增设公交站点的建议"
    draft = item_in(State.DRAFT)
    assert auth.as_(world.deputy2).post(f"/items/{draft.id}/edit",
                                        data=_draft(world)).status_code == 403
    db.session.expire_all()
    assert draft.title != "关于增设公交站点的建议" and events(draft) == 0


def _selected(page: str, name: str) -> list[str]:
    """The values of the checked radio or selected option of a field."""
    radios = re.findall(rf'<input[^>]*checked[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    radios += re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page)
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return radios + (re.findall(r'<option selected value="([^"]*)"', select.group(1)) if select else [])


def _offered_sessions(page: str) -> list[str]:
    select = page.split('name="session_id"', 1)[1].split("</select>", 1)[0]
    return [v for v in re.findall(r'<option[^>]*value="([^"]*)"', select) if v]


def test_the_new_draft_starts_from_the_calendar(auth, world, make, clock):
    coming = make.congress_session(collection_opens_on=date(2026, 11, 1), opens_on=date(2027, 1, 10),
                                   presubmission_deadline_on=date(2027, 1, 5), closes_on=date(2027, 1, 14),
                                   year=2027)
    db.session.commit()
    clock("2026-12-01T02:00:00+00:00")  # the coming session collects (set first: a login lasts 12 hours)
    client = auth.as_(world.deputy)
    page = text(client.get("/items/new"))
    assert _selected(page, "channel") == ["session"] and _selected(page, "session_id") == [str(coming.id)]
    assert _offered_sessions(page) == [str(coming.id)]  # the past session is not offered
    route = re.search(r'data-route="session"[^>]*>(.*?)</li>', page, re.S).group(1)
    assert route.count("→") == 2  # the three layers of the session channel, read from the table
    assert 'data-route="between"' in page and "一事一议" in page
    clock("2026-06-01T02:00:00+00:00")  # between sessions
    page = text(client.get("/items/new"))
    assert _selected(page, "channel") == ["between"] and _offered_sessions(page) == []
