"""The roster import in a browser: a 30-row XLSX uploaded, previewed with its one bad row and
imported (valid rows only) at 1280 px, then previewed on a 390 px phone without sideways scrolling."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import manage_link
from tests.roster_files import deputies, xlsx
from tracker.extensions import db
from tracker.models import User

pytestmark = pytest.mark.browser


def _overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def _upload(page, path) -> None:
    page.goto("/admin/roster/")
    page.get_by_label("代表", exact=True).check()
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(re.compile(r"/admin/roster/\d+$"))


def test_a_30_row_roster_at_1280_and_390(desk, people, tmp_path):
    rows = deputies(30)
    rows[6][2] = "1380000"  # row 8: too short for a mobile number
    path = tmp_path / "城东区代表名册.xlsx"
    path.write_bytes(xlsx(rows))
    page = desk.page
    desk.login(people.admin)
    manage_link(page, "名册导入").click()
    assert page.locator("[data-template=deputies]").is_visible()
    _upload(page, path)
    assert page.locator('[data-count="people_new"]').inner_text() == "29"
    assert page.locator('#problems tr[data-row="8"][data-field="phone"]').is_visible()
    assert _overflow(page) <= 0
    desk.shot("roster-preview-1280")
    before = db.session.scalar(select(func.count(User.id)))
    page.get_by_role("button", name="只导入无问题的 29 行").click()
    page.wait_for_selector('[data-outcome="imported"]')
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id))) == before + 29
    desk.shot("roster-imported-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    _upload(page, path)  # the same file again: the 29 are found, not added
    assert page.locator('[data-count="people_unchanged"]').inner_text() == "29"
    assert page.locator('[data-count="people_new"]').inner_text() == "0"
    assert _overflow(page) <= 0
    button = page.get_by_role("button", name="只导入无问题的 29 行").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 390
    desk.shot("roster-preview-390")
