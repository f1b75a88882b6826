"""The notice centre in the browser: the header count, opening a notice, mark all read, settings."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.web.helpers import audit_counts, audit_written, text
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import Outbox, User
from tracker.workflow import State


def badge(html: str) -> str | None:
    found = re.search(r'<span class="notice-count" data-count="notices">([^<]+)</span>', html)
    return found.group(1) if found else None


def register_through_the_web(auth, world, item) -> None:
    client = auth.as_(world.office)
    response = client.post(f"/items/{item.id}/actions/register",
                           data={"as_role": "office_staff", "category": str(world.category.id)})
    assert response.status_code == 302, text(response)[:300]


def test_header_badge_counts_the_notice_an_action_queued(auth, world, item_in):
    item = item_in(State.SUBMITTED)
    notices.mark_read(db.session, world.deputy, at=item.created_at)
    db.session.commit()
    assert badge(text(auth.as_(world.deputy).get("/"))) is None  # nothing unread: no badge
    register_through_the_web(auth, world, item)
    page = text(auth.as_(world.deputy).get("/"))
    assert badge(page) == "1" and 'data-unread="1"' in page
    assert badge(text(auth.as_(world.deputy2).get("/"))) is None  # not hers: no badge


def test_list_shows_notice_text_and_marks_unread(auth, world, item_in):
    item = item_in(State.SUBMITTED)
    register_through_the_web(auth, world, item)
    page = text(auth.as_(world.deputy).get("/notices"))
    newest = notices.list_notices(db.session, world.deputy)[0]
    shown = re.findall(r'data-notice="(\d+)"', page)
    assert shown[0] == str(newest.id) and len(shown) == len(notices.list_notices(db.session, world.deputy))
    assert "当前状态：已立案" in page
    assert page.count("data-unread>") == notices.unread_count(db.session, world.deputy) > 0
    english = text(auth.client.get("/notices?lang=en"))
    assert "Register by 工委; now Registered" in english


def test_opening_a_notice_marks_it_read_and_lands_on_the_item(auth, world, item_in):
    item = item_in(State.SUBMITTED)
    register_through_the_web(auth, world, item)
    client = auth.as_(world.deputy)
    before = notices.unread_count(db.session, world.deputy)
    notice = notices.list_notices(db.session, world.deputy, unread_only=True)[0]
    rows = audit_counts()
    response = client.get(f"/notices/{notice.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == f"/items/{item.id}"
    db.session.expire_all()
    assert db.session.get(Outbox, notice.id).read_at is not None
    assert notices.unread_count(db.session, world.deputy) == before - 1
    assert audit_written(rows) == {"mark_notices_read": 1}
    rows = audit_counts()
    assert client.get(f"/notices/{notice.id}/open").status_code == 302  # opened again: nothing to mark
    assert audit_written(rows) == {}


def test_another_users_notice_is_404_and_stays_unread(auth, world, item_in):
    item = item_in(State.SUBMITTED)
    register_through_the_web(auth, world, item)
    theirs = db.session.scalars(select(Outbox).where(Outbox.recipient_id == world.deputy.id)).first()
    assert auth.as_(world.deputy2).get(f"/notices/{theirs.id}/open").status_code == 404
    db.session.expire_all()
    assert db.session.get(Outbox, theirs.id).read_at is None


def test_mark_all_read(auth, world, item_in):
    item = item_in(State.SUBMITTED)
    register_through_the_web(auth, world, item)
    client = auth.as_(world.deputy)
    assert notices.unread_count(db.session, world.deputy) > 0
    rows = audit_counts()
    response = client.post("/notices/read", follow_redirects=True)
    assert response.status_code == 200 and "条通知标为已读" in text(response)
    assert notices.unread_count(db.session, world.deputy) == 0
    assert audit_written(rows) == {"mark_notices_read": 1}
    assert client.get("/notices/read").status_code == 405


def test_settings_form_saves_the_choice(auth, world):
    client = auth.as_(world.deputy)
    page = text(client.get("/settings/notifications"))
    assert re.search(r'checked[^>]*value="immediate"', page) and "每个工作日汇总一次" in page
    rows = audit_counts()
    response = client.post("/settings/notifications", data={"delivery": "digest"})
    assert response.status_code == 302
    assert audit_written(rows) == {"edit_notification_settings": 1}
    rows = audit_counts()
    assert client.post("/settings/notifications", data={"delivery": "digest"}).status_code == 302
    assert audit_written(rows) == {}  # the same choices again: nothing changed, nothing written
    db.session.expire_all()
    assert db.session.get(User, world.deputy.id).notify_digest is True
    assert re.search(r'checked[^>]*value="digest"', text(client.get("/settings/notifications")))
    bad = client.post("/settings/notifications", data={"delivery": "carrier pigeon"})
    assert bad.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, world.deputy.id).notify_digest is True


def test_guest_is_sent_to_login(client):
    for url in ("/notices", "/settings/notifications", "/notices/1/open"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.post("/notices/read").status_code == 302


def test_the_header_count_is_read_again_only_after_notices_changed(auth, world, item_in):
    from sqlalchemy import event

    item = item_in(State.SUBMITTED)
    client = auth.as_(world.deputy)
    counted = []

    def note(_conn, _cursor, statement, *_):
        if "count(outbox.id)" in statement.lower():
            counted.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        first = badge(text(client.get("/")))
        assert first is not None and len(counted) == 1
        assert badge(text(client.get("/"))) == first and len(counted) == 1  # nothing changed: kept
        register_through_the_web(auth, world, item)  # queues a notice for the deputy
        client = auth.as_(world.deputy)
        assert badge(text(client.get("/"))) == str(int(first) + 1) and len(counted) == 2
        notices.mark_read(db.session, world.deputy, at=item.created_at)
        db.session.commit()
        assert badge(text(client.get("/"))) is None and len(counted) == 3  # read: shown at once
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
