"""The browser checks chosen files before sending (tracker/static/uploads.js), so a send the server
would refuse whole (HTTP 413) never leaves and the typed text stays; without scripts the 413 page
says the limit and Back returns to the form with the text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.attachment_samples import pdf
from tests.browser.conftest import sign_in
from tracker.extensions import db
from tracker.models import Suggestion

pytestmark = pytest.mark.browser

REASONS = "韵家口镇中心至火车站之间没有公交站点，群众出行不便。"


def _pdf(name: str, size: int) -> dict:
    content = pdf()
    return {"name": name, "mimeType": "application/pdf", "buffer": content + b"0" * (size - len(content))}


def _drafts() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count(Suggestion.id)))


def _fill(page) -> None:
    page.goto("/items/new")
    page.get_by_label("标题").fill("关于在韵家口镇增设公交站点的建议")
    page.get_by_label("事由").fill(REASONS)
    page.get_by_label("具体建议").fill("建议在镇中心增设公交站点。")


def test_a_file_over_the_limit_is_stopped_in_the_browser_with_the_text_kept(desk, people, app):
    page = desk.page
    desk.login(people.deputy)
    _fill(page)
    before = _drafts()
    big = app.config["ATTACHMENT_MAX_BYTES"] + 1
    page.get_by_label("附件").set_input_files([_pdf("全部照片.pdf", big)])
    message = page.locator("[data-upload-error]")
    assert message.inner_text() == ("“全部照片.pdf”大小为 10.1 MB，每个文件不能超过 10 MB。"
                                    "请选择较小的文件：尚未发送，您填写的内容仍在。")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_timeout(300)
    assert page.url.endswith("/items/new") and _drafts() == before  # nothing was sent
    assert page.get_by_label("事由").input_value() == REASONS
    assert page.get_by_role("button", name="保存草稿").is_enabled()
    desk.shot("file-too-large-in-browser")
    # A smaller file clears the message and the send goes through.
    page.get_by_label("附件").set_input_files([_pdf("调研报告.pdf", 2048)])
    assert not message.is_visible()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert _drafts() == before + 1


def test_files_together_over_the_request_limit_are_stopped_in_english(desk, people, app,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 300 * 1024)
    page = desk.page
    desk.login(people.deputy)
    page.goto("/items/new?lang=en")
    page.get_by_label("Title").fill("Bus stops")
    page.get_by_label("Reasons").fill("No bus stop between the town centre and the station.")
    page.get_by_label("Attachments").set_input_files(
        [_pdf(f"photos-{n}.pdf", 200 * 1024) for n in (1, 2)])
    message = page.locator("[data-upload-error]").inner_text()
    assert message == ("Together the files are 400 KB; one send may carry at most 300 KB. "
                       "Send fewer files now and add the others afterwards.")
    before = _drafts()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_timeout(300)
    assert page.url.endswith("/items/new?lang=en") and _drafts() == before


def test_without_scripts_the_413_page_says_the_limit_and_back_keeps_the_text(browser, live,
                                                                             people, app,
                                                                             monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 300 * 1024)
    context = browser.new_context(base_url=live, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, people.deputy.username)
        _fill(page)
        page.get_by_label("附件").set_input_files([_pdf("全部照片.pdf", 400 * 1024)])
        page.get_by_role("button", name="保存草稿").click()
        page.wait_for_selector("#too-large")
        body = page.locator("#too-large").inner_text()
        assert "300 KB" in body and "返回" in body
        page.go_back()
        assert page.get_by_label("事由").input_value() == REASONS
    finally:
        context.close()
