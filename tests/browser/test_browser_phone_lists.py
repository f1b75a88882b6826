"""Lists on a phone (issue 15): the review queue's filters folded behind one button that says what
is filtered, so its first item is on the first screen, and shown as before on a desktop; an inbox
card whose item owes several due dates wraps them within the card."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, PHONE, open_folded_filters, sign_in
from tracker.extensions import db
from tracker.models import Deadline
from tracker.workflow import WINDOW_KINDS, State

pytestmark = pytest.mark.browser

# What passes a card's right edge (the card scrolls inside its list's box, so the page's width says nothing).
PAST_THE_CARD = """tr => { const right = tr.getBoundingClientRect().right;
  return [...tr.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > right + 0.5)
    .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40)); }"""


def _first_item_on_the_first_screen(page, height: int) -> None:
    title = page.locator("#queue tbody tr .item-title").first
    box = title.bounding_box()
    assert box["y"] + box["height"] <= height, box


def test_on_a_phone_the_queue_comes_first_and_its_filters_open_on_a_tap(tab, people, item_in, shots):
    item_in(State.OFFICE_REVIEW)  # sent between sessions
    phone = tab(PHONE)
    sign_in(phone, people.office.username)
    phone.goto("/review")
    _first_item_on_the_first_screen(phone, PHONE["height"])
    channel = phone.locator("#filters-body select[name=channel]")
    open_folded_filters(phone, channel, "全部待审", shots, "review")
    channel.select_option("between")
    phone.locator("#filters-body input[name=min_waiting]").fill("2")
    phone.locator("#filters-body").get_by_role("button", name="筛选").tap()
    phone.wait_for_url(re.compile(r"/review\?.*channel=between"))
    summary = phone.locator("[data-filter-summary]").inner_text()
    assert summary == "闭会期间建议 · 已等待≥2个工作日" and not channel.is_visible()  # folded, saying what
    _first_item_on_the_first_screen(phone, PHONE["height"])
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(shots / "review-phone-filtered.png"), full_page=False)


def test_on_a_desktop_the_queue_filters_are_shown_without_a_tap(tab, people, item_in, shots):
    item_in(State.OFFICE_REVIEW)
    desk = tab(DESKTOP)
    sign_in(desk, people.office.username)
    desk.goto("/review?channel=between")
    for name in ("session_id", "channel", "category_id", "group_id", "min_waiting"):
        assert desk.locator(f"#filters-body [name={name}]").is_visible(), name
    assert not desk.locator(".filter-toggle").is_visible()
    _first_item_on_the_first_screen(desk, DESKTOP["height"])
    desk.screenshot(path=str(shots / "review-desktop.png"), full_page=False)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_inbox_card_keeps_three_due_dates_within_itself(tab, people, item_in, shots, size):
    item = item_in(State.IN_HANDLING)
    owed = db.session.scalars(select(Deadline).where(
        Deadline.suggestion_id == item.id, Deadline.closed_at.is_(None),
        Deadline.owner_unit_id == people.handler.unit_id, Deadline.kind.not_in(WINDOW_KINDS))).first()
    columns = [c.key for c in Deadline.__table__.columns if c.key != "id"]
    for n in (1, 2):  # two more due dates owed by the same unit, the widest kind: with a 暂定 badge
        db.session.add(Deadline(**{**{c: getattr(owed, c) for c in columns},
                                   "due_on": owed.due_on + timedelta(days=40 * n), "provisional": True}))
    owed.provisional = True
    db.session.commit()
    page = tab(size)
    sign_in(page, people.handler.username)
    page.goto("/inbox")
    row = page.locator(f"#inbox tbody tr[data-item='{item.id}']")
    assert row.locator("td").last.locator("div").count() == 3
    assert row.evaluate(PAST_THE_CARD) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size["width"]
    row.screenshot(path=str(shots / f"inbox-card-three-dates-{size['width']}.png"))
