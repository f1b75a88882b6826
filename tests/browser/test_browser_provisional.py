"""暂定 badges explain themselves where they appear: on tap or click (a phone has no hover) and on
keyboard focus, on the item page and in the unit's inbox (static/explain.js)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.conftest import sign_in
from tracker.extensions import db
from tracker.models import Deadline
from tracker.workflow import State

pytestmark = pytest.mark.browser
SAYS = "法定节假日安排尚未公布"  # a part of the explanation, in Chinese


def _explains(page, badge) -> None:
    assert badge.get_attribute("title") is None  # no hover-only tooltip left
    assert badge.get_attribute("role") == "button" and badge.get_attribute("tabindex") == "0"
    assert SAYS in badge.get_attribute("aria-label")  # read out by screen readers
    popover = page.locator(".popover")
    assert popover.count() == 0
    badge.click()
    popover.wait_for(state="visible")
    assert SAYS in popover.inner_text()
    page.locator("h1").first.click()  # elsewhere: it closes
    popover.wait_for(state="detached")
    badge.focus()  # and by keyboard
    popover.wait_for(state="visible")


def test_a_provisional_due_date_explains_itself_on_the_item_page_and_in_the_inbox(page, people, item_in):
    item = item_in(State.IN_HANDLING)
    for d in db.session.scalars(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                       Deadline.closed_at.is_(None))):
        d.provisional = True
    db.session.commit()
    sign_in(page, people.handler.username)
    page.goto(f"/items/{item.id}")
    _explains(page, page.locator("#deadlines .badge-provisional").first)
    page.goto("/inbox")
    _explains(page, page.locator(".badge-provisional").first)
