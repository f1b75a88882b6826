"""The navigation bar drawn once per language, page and role set (tracker.web.navigation): each
person still sees the links of their own roles, a change of roles shows at once, and the
administration pages sit in the one 管理 menu."""

from __future__ import annotations

import re

from tests.web.helpers import text
from tracker.extensions import db
from tracker.models import UserRole
from tracker.workflow import Role


def _nav(page: str) -> str:
    return re.search(r'<nav class="site-nav.*?</nav>', page, re.S).group(0)


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', _nav(page)))


def test_each_role_sees_its_own_links_from_the_same_process(auth, world):
    client = auth.as_(world.deputy)
    deputy = _links(text(client.get("/")))
    auth.as_(world.office)
    office = _links(text(client.get("/")))
    auth.as_(world.handler)
    handler = _links(text(client.get("/")))
    auth.as_(world.deputy)
    assert _links(text(client.get("/"))) == deputy  # not the last person's
    assert "/items/new" in deputy and "/items/new" not in office | handler
    assert "/office/routing" in office and "/office/routing" not in deputy | handler
    assert "/inbox" in handler and "/inbox" not in deputy | office
    assert not any(link.startswith("/admin/users") for link in deputy | office | handler)


def test_a_new_role_shows_on_the_next_page(auth, world):
    client = auth.as_(world.deputy)
    assert "/office/routing" not in _links(text(client.get("/")))
    world.deputy.role_rows.append(UserRole(role=Role.OFFICE_STAFF))
    db.session.commit()
    assert "/office/routing" in _links(text(client.get("/")))


def test_the_current_page_is_marked_in_its_language(auth, world):
    client = auth.as_(world.office)
    on_routing = _nav(text(client.get("/office/routing")))
    assert re.search(r'class="nav-link active" href="/office/routing"', on_routing)
    on_home = _nav(text(client.get("/")))
    assert re.search(r'class="nav-link active" href="/"', on_home)
    assert not re.search(r'class="nav-link active" href="/office/routing"', on_home)
    assert "批量交办" in on_home and "Batch routing" in _nav(text(client.get("/?lang=en")))


def test_the_administration_pages_are_in_one_menu(auth, world):
    nav = _nav(text(auth.as_(world.admin).get("/admin")))
    menu = re.search(r'<details class="nav-more".*?</details>', nav, re.S).group(0)
    for path in ("/admin", "/admin/rules", "/admin/roster", "/admin/sessions", "/admin/reminders"):
        assert f'href="{path}' in menu, path
    assert "data-here" in menu  # the menu itself is marked while one of its pages is open
    assert "nav-more" not in _nav(text(auth.as_(world.deputy).get("/")))
