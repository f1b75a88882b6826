"""The public reply pages (no login, no contact data) and the handling units' inbox."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import at
from tests.web.helpers import text
from tracker.extensions import db
from tracker.models import CoSigner, Reply, User
from tracker.workflow import State


def reply_of(item) -> Reply:
    return db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                              .order_by(Reply.id.desc())).first()


@pytest.fixture
def public(world, item_in):
    """A replied item with a confirmed co-signer, and every user given distinctive contacts."""
    item = item_in(State.REPLIED)
    item.cosigners.append(CoSigner(deputy_id=world.deputy3.id, status="confirmed",
                                   invited_at=at(2026, 3, 1)))
    for user in db.session.scalars(select(User)):
        user.phone, user.email = f"1380000{user.id:04d}", f"private-{user.id}@contact.test"
    db.session.commit()
    return item


def no_contacts(html: str) -> None:
    for user in db.session.scalars(select(User)):
        assert user.phone not in html and user.email not in html
    assert "contact.test" not in html and not re.search(r"1380000\d{4}", html)


def test_guests_read_the_list_and_the_item(client, world, public):
    listing = client.get("/public/chengdong")
    assert listing.status_code == 200
    html = text(listing)
    assert f'data-item="{public.id}"' in html and public.title in html
    assert world.deputy.name in html and world.deputy3.name in html and world.unit.name in html
    no_contacts(html)
    page = client.get(f"/public/chengdong/items/{public.id}")
    assert page.status_code == 200
    html = text(page)
    assert reply_of(public).text in html and public.reasons in html and public.proposals in html
    assert world.deputy.name in html and world.deputy3.name in html
    no_contacts(html)
    # Nothing internal: no history, no contact log, no action bar.
    assert "action-bar" not in html and "与代表当面沟通" not in html


def test_signed_in_readers_see_the_same_public_page(client, auth, world, public):
    auth.as_(world.handler)
    html = text(client.get(f"/public/chengdong/items/{public.id}"))
    assert reply_of(public).text in html
    no_contacts(html.replace(world.handler.name, ""))


@pytest.mark.parametrize("disclosure", ["on_request", "private"])
def test_a_reply_not_disclosed_is_not_public(client, public, disclosure):
    reply_of(public).disclosure = disclosure
    db.session.commit()
    assert client.get(f"/public/chengdong/items/{public.id}").status_code == 404
    assert f'data-item="{public.id}"' not in text(client.get("/public/chengdong"))


def test_unissued_and_missing_items_are_404(client, item_in, public):
    drafted = item_in(State.REPLY_SIGNOFF)
    assert client.get(f"/public/chengdong/items/{drafted.id}").status_code == 404
    assert client.get("/public/chengdong/items/999999").status_code == 404


def test_search_and_session_filter(client, world, public, item_in):
    other = item_in(State.REPLIED)
    other.title = "关于整治北小街噪声扰民的建议"
    db.session.commit()
    html = text(client.get("/public/chengdong", query_string={"q": "噪声扰民"}))
    assert f'data-item="{other.id}"' in html and f'data-item="{public.id}"' not in html
    public.session_id = world.session.id
    db.session.commit()
    html = text(client.get("/public/chengdong", query_string={"period": f"s{world.session.id}"}))
    assert f'data-item="{public.id}"' in html and f'data-item="{other.id}"' not in html
    assert "data-message" in text(client.get("/public/chengdong", query_string={"q": "x"}))


@pytest.mark.parametrize("later", ["private", "on_request"])
def test_a_later_reply_not_public_takes_the_item_off_the_public_pages(client, item_in, later):
    item = item_in(State.ESCALATED)  # two issued replies, rounds 1 and 2
    first, second = db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                                       .order_by(Reply.id)).all()
    first.disclosure, first.text = "public", "第一轮公开的答复正文。"
    second.disclosure = "public"
    db.session.commit()
    assert client.get(f"/public/chengdong/items/{item.id}").status_code == 200
    assert item.title in exported(client)
    second.disclosure = later
    db.session.commit()
    assert client.get(f"/public/chengdong/items/{item.id}").status_code == 404
    for url in ("/public/chengdong", "/public/chengdong?q=第一轮公开"):
        html = text(client.get(url))
        assert f'data-item="{item.id}"' not in html and "第一轮公开的答复正文" not in html
    assert item.title not in exported(client)


def exported(client) -> list:
    """Every cell of the public list's anonymous XLSX export."""
    response = client.get("/export/public")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    return [c for row in book.active.iter_rows(values_only=True) for c in row]


def test_footer_links_to_public_replies_for_guests(client):
    assert 'href="/public/chengdong"' in text(client.get("/public/chengdong"))


INBOX = {"handler": 200, "leader": 200, "co_handler": 200, "other_handler": 200,
         "deputy": 403, "group_leader": 403, "committee_staff": 403, "office": 403,
         "supervisor": 403, "admin": 403}


@pytest.mark.parametrize(("who", "status"), INBOX.items())
def test_inbox_access(client, auth, world, who, status):
    auth.as_(getattr(world, who))
    response = client.get("/inbox")
    assert response.status_code == status
    assert ('href="/inbox"' in text(client.get("/"))) is (status == 200)


def test_inbox_needs_login(client, world):
    response = client.get("/inbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_inbox_marks_counts_and_tags(client, auth, clock, world, item_in):
    overdue = item_in(State.ASSIGNED)  # sign-for fell due in March; the clock says 20 May
    handling = item_in(State.IN_HANDLING)  # the reply is due in June
    clock("2026-05-25T02:00:00+00:00")
    auth.as_(world.handler)
    html = text(client.get("/inbox"))
    row = re.search(rf'<tr data-item="{overdue.id}" data-role="lead">(.*?)</tr>', html, re.S).group(1)
    assert 'data-urgency="overdue"' in row and "text-bg-danger" in row
    assert re.search(r'data-count="overdue">.*?</span> <span class="ms-1">1</span>', html, re.S)
    assert 'data-count="lead"' in html
    auth.as_(world.co_handler)
    html = text(client.get("/inbox", query_string={"role": "co"}))
    assert f'<tr data-item="{handling.id}" data-role="co">' in html and 'data-tag="co"' in html
    assert 'data-tag="lead"' not in html
    filtered = text(client.get("/inbox", query_string={"urgency": "on_time"}))
    assert f'data-item="{overdue.id}"' not in filtered



def test_inbox_marks_a_due_date_in_a_year_without_an_official_calendar(client, auth, clock, make,
                                                                         world):
    # Routed in December 2026: the 3-month reply deadline lands in 2027, not yet entered.
    _, item = make.item_in(State.IN_HANDLING, world, start=at(2026, 12, 1))
    db.session.commit()
    clock(at(2026, 12, 20).isoformat())
    auth.as_(world.handler)
    html = text(client.get("/inbox"))
    row = re.search(rf'<tr data-item="{item.id}" data-role="lead">(.*?)</tr>', html, re.S).group(1)
    assert "2027年" in row and "暂定" in row
