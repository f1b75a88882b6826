"""The deputy's draft form at a phone's and a desk's width (calendar defaults, route, guidance, the
similar suggestions beside the text as it is typed) and the reviewer's next-item flow."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import sign_in
from tracker.extensions import db
from tracker.workflow import State

SIMILAR = "关于加强物业企业监管的建议"


def _shot(page, shots, name: str) -> None:
    page.screenshot(path=str(shots / f"paths-{name}.png"), full_page=True)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_draft_form_starts_from_the_calendar_and_shows_similar_suggestions_as_typed(
        browser, live, people, item_in, make, shots, width, height):
    people.session.closes_on = people.session.closes_on.replace(year=2026, month=6, day=30)  # sits now
    item_in(State.REGISTERED, title=SIMILAR)
    db.session.commit()
    context = browser.new_context(base_url=live, locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        sign_in(page, people.deputy.username)
        page.goto("/items/new")
        assert page.locator("input[name=channel][value=session]").is_checked()
        assert page.locator("#session_id").input_value() == str(people.session.id)
        route = page.locator("[data-route=session]")
        assert route.inner_text().count("→") == 2 and "fw-semibold" in route.get_attribute("class")
        page.locator("input[name=channel][value=between]").check()
        assert "fw-semibold" in page.locator("[data-route=between]").get_attribute("class")
        guide = page.locator("#writing-guide")
        assert guide.is_visible() and "一事一议" in guide.inner_text()
        similar = page.locator("#similar")
        assert similar.is_hidden()
        page.locator("#title").type("加强物业企业监管", delay=20)  # no save, no leaving the field
        similar.locator("li", has_text=SIMILAR).wait_for()
        box = similar.bounding_box()
        title = page.locator("#title").bounding_box()
        if width >= 992:  # beside the form, level with the text being typed
            assert box["x"] > title["x"] + title["width"] and box["y"] < height
        else:  # a panel at the bottom of the phone's screen, which folds away
            assert abs(box["y"] + box["height"] - height) < 2 and box["width"] == width
            page.locator("#similar [data-toggle]").click()
            assert page.locator("#similar-body").is_hidden()
            assert page.locator("#similar [data-toggle]").get_attribute("aria-expanded") == "false"
        _shot(page, shots, f"draft-{width}")
    finally:
        context.close()


def test_after_a_decision_the_reviewer_lands_on_the_next_item(page, people, item_in, shots):
    first, second = item_in(State.OFFICE_REVIEW, title="第一件待审"), item_in(State.OFFICE_REVIEW,
                                                                              title="第二件待审")
    sign_in(page, people.office.username)
    page.goto(f"/review/{first.id}")
    page.get_by_role("link", name=re.compile("退回修改")).first.click()
    page.locator("#reason").fill("请补充调研数据。")
    page.get_by_role("button", name=re.compile("确认")).click()
    page.wait_for_url(re.compile(rf"/review/{second.id}$"))
    assert "第二件待审" in page.content() and "下一件待审查" in page.content()
    _shot(page, shots, "review-next")
    page.get_by_role("link", name=re.compile("退回修改")).first.click()
    page.locator("#reason").fill("同上。")
    page.get_by_role("button", name=re.compile("确认")).click()
    page.wait_for_url(re.compile(r"/review$"))
    assert "此队列中已没有待审查的建议" in page.content()
