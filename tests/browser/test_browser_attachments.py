"""Attachments in Chromium: a too-large file is refused with the text kept, then a PDF and a photo
are attached; the Tibetan original stands beside the Chinese. Screenshots: /tmp/shots/attach/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.attachment_samples import pdf, png
from tracker.extensions import db
from tracker.models import Attachment
from tracker.workflow import State

pytestmark = pytest.mark.browser

TIBETAN = "བོད་ཀྱི་སྐད་ཡིག"
REASONS = "韵家口镇中心至火车站之间没有公交站点，群众出行不便。"


@pytest.fixture
def shots() -> Path:
    folder = Path("/tmp/shots/attach")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _files(*named):
    kinds = {".pdf": "application/pdf", ".png": "image/png"}
    return [{"name": name, "mimeType": kinds[Path(name).suffix], "buffer": content}
            for name, content in named]


def test_a_deputy_attaches_a_pdf_and_a_photo_after_a_too_large_file_is_refused(desk, people,
                                                                                 app):
    page = desk.page
    desk.login(people.deputy)
    page.locator(".site-nav").get_by_role("link", name="新建建议").click()
    limits = page.locator("[data-limits]").inner_text()
    assert limits == "可添加 PDF、JPEG 或 PNG 文件，每个不超过 10 MB，最多 5 个。"
    page.get_by_label("标题").fill("关于在韵家口镇增设公交站点的建议")
    page.get_by_label("事由").fill(REASONS)
    page.get_by_label("具体建议").fill("建议在镇中心增设公交站点。")
    page.locator("details.original-text summary").click()
    page.get_by_label("原文语种").select_option(label="藏文")
    page.get_by_label("民族语言原文").fill(TIBETAN)
    too_large = pdf() + b"0" * (app.config["ATTACHMENT_MAX_BYTES"] + 1)
    page.get_by_label("附件").set_input_files(_files(("调研报告.pdf", pdf()),
                                                    ("全部照片.pdf", too_large)))
    page.get_by_role("button", name="保存草稿").click()

    # The browser stops the send (tracker/static/uploads.js); the server would refuse it too.
    error = page.locator("[data-upload-error]").inner_text()
    assert error == ("“全部照片.pdf”大小为 10.1 MB，每个文件不能超过 10 MB。"
                     "请选择较小的文件：尚未发送，您填写的内容仍在。")
    assert page.url.endswith("/items/new")
    assert page.get_by_label("事由").input_value() == REASONS
    assert page.get_by_label("民族语言原文").input_value() == TIBETAN
    desk.shot("too-large-refused")

    page.get_by_label("附件").set_input_files(_files(("调研报告.pdf", pdf("survey")),
                                                    ("现场照片.png", png(320, 200, (40, 120, 200)))))
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert desk.flash() == "草稿已保存。"
    files = page.locator("#attachments")
    assert "调研报告.pdf" in files.inner_text() and "现场照片.png" in files.inner_text()
    original = page.locator("[data-original]")
    assert original.get_attribute("lang") == "bo" and original.inner_text() == TIBETAN
    # The Tibetan text is drawn with a Tibetan font, not as empty boxes: it has real width.
    assert original.locator("xpath=.").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getBoundingClientRect().width; }") > 60
    desk.shot("item-with-attachments")

    stored = db.session.scalars(db.select(Attachment).order_by(Attachment.id)).all()
    assert [a.mime for a in stored] == ["application/pdf", "image/png"]
    with page.expect_popup() as popup:
        files.get_by_role("link", name=re.compile("现场照片.png")).click()
    photo = popup.value
    photo.wait_for_load_state()
    assert photo.evaluate("document.contentType") == "image/png"
    photo.close()

    # Editing: the attached files are listed; one is taken off when the draft is saved.
    page.locator(".action-bar").get_by_role("link", name="修改草稿").click()
    assert page.locator("[data-attached]").inner_text().count(".p") == 2
    page.locator("[data-attached] li", has_text="调研报告.pdf").get_by_label("保存时删除").check()
    desk.shot("edit-remove-one")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    assert "调研报告.pdf" not in page.locator("#attachments").inner_text()
    assert "删除附件" in page.locator("#history").inner_text()


def test_the_handler_attaches_a_letter_to_the_reply(desk, people, item_in):
    from seeds.paths import CONTACT, Walker
    from tests.factories import at

    item = item_in(State.IN_HANDLING)
    Walker(people, at(2026, 4, 1)).play(item, [CONTACT])
    db.session.commit()
    page = desk.page
    desk.login(people.handler)
    page.goto(f"/items/{item.id}")
    desk.start("提交答复稿")
    page.get_by_label(re.compile("^A类")).check()
    page.get_by_label("答复内容").fill("经研究，已在镇中心增设公交站点。")
    page.get_by_label("附件").set_input_files(_files(("答复函.pdf", pdf("reply"))))
    desk.shot("reply-form-with-file")
    desk.confirm("提交答复稿")
    page.wait_for_url(re.compile(r"/items/\d+$"))
    files = page.locator("#attachments").inner_text()
    assert "答复函.pdf" in files and "第1轮答复" in files
    desk.shot("reply-with-file")
