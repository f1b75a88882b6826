"""The header's 大字号 switch: kept on the person when signed in (the profile shows it), in a cookie
when not; it only ever sends back to a page of this site."""

from __future__ import annotations

import re

from tests.web.helpers import text
from tracker.extensions import db
from tracker.models import User


def test_the_switch_keeps_large_text_on_the_person_and_the_profile_shows_it(auth, world):
    client = auth.as_(world.deputy)
    assert 'class="text-large"' not in text(client.get("/"))
    back = client.post("/text-size", data={"large": "1", "next": "/items/new?x=1"})
    assert back.status_code == 302 and back.headers["Location"].endswith("/items/new?x=1")
    db.session.expire_all()
    assert db.session.get(User, world.deputy.id).large_text is True
    page = text(client.get("/profile"))
    assert '<html lang="zh-CN" class="text-large">' in page
    assert re.search(r'<input checked[^>]* id="large_text"', page)
    assert 'aria-pressed="true"' in page
    # Signing in elsewhere brings the choice along; the profile form turns it off again.
    assert 'class="text-large"' in text(auth.as_(world.deputy).get("/"))
    client.post("/profile", data={"phone": "", "email": "", "locale": "zh"})
    assert 'class="text-large"' not in text(client.get("/"))


def test_a_visitor_keeps_the_choice_in_a_cookie_and_a_foreign_next_goes_home(client, world):
    back = client.post("/text-size", data={"large": "1", "next": "https://evil.example/x"})
    assert back.status_code == 302 and back.headers["Location"] in ("/", "http://localhost/")
    assert "large_text=1" in back.headers["Set-Cookie"] and "HttpOnly" in back.headers["Set-Cookie"]
    assert 'class="text-large"' in text(client.get("/login"))
    client.post("/text-size", data={"large": "0", "next": "/login"})
    assert 'class="text-large"' not in text(client.get("/login"))
