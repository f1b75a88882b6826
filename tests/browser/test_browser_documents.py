"""The printed documents through Chromium's print-to-PDF: one clean A4 page each, with the right text."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from seeds.paths import CONTACT, ISSUE, REPLY, SATISFIED, Walker
from tests.domain.cases import CO_OPINION
from tests.factories import at
from tracker.extensions import db
from tracker.models import Reply
from tracker.workflow import State

pytestmark = pytest.mark.browser

A4 = (595, 842)  # points, as Chromium writes an A4 page


def pdf_text(desk, url: str, name: str) -> tuple[str, PdfReader]:
    """Open the page, screenshot it, print it to PDF as the print dialog would; the PDF's text."""
    desk.page.goto(url)
    desk.shot(name)
    desk.page.emulate_media(media="print")  # what the PDF shows, as a picture to look at
    desk.shot(f"{name}-print")
    desk.page.emulate_media(media=None)
    data = desk.page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (desk.shots / f"{name}.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


# The font's ToUnicode map names some characters by their radical code points (⼈ for 人, ⻅ for 见):
# NFKC folds the Kangxi radicals; the simplified radicals have no folding, so they are listed here.
RADICALS = str.maketrans("⻅⻉⻋⻓⻔⻚⻛⻜⻢⻥⻦⻩⻬⻰", "见贝车长门页风飞马鱼鸟黄齐龙")


def squeeze(text: str) -> str:
    """The PDF's text as read: radicals folded, and no breaks or spaces where the layout wrapped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(RADICALS))


def one_a4_page(reader: PdfReader) -> None:
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4


@pytest.fixture
def replied(people, item_in):
    """An item the lead unit answered with a B reply that states the co-unit's opinion."""
    w = people
    w.handler.phone = "0971-8123456"
    item = item_in(State.IN_HANDLING, title="关于韵家口镇老旧小区加装电梯的建议")
    Walker(w, at(2026, 3, 20)).play(item, [*CO_OPINION, CONTACT, REPLY, ISSUE])
    db.session.commit()
    reply = db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)).one()
    return item, reply


def test_the_assignment_notice_prints_as_one_a4_page(desk, people, replied):
    item, _ = replied
    desk.login(people.handler)
    desk.page.goto("/inbox")
    desk.page.locator("#unit-links").get_by_role("link", name="交办通知（打印）").click()
    desk.page.wait_for_url(re.compile(r"/documents/assignment-notice/"))
    text, reader = pdf_text(desk, desk.page.url, "assignment-notice")
    one_a4_page(reader)
    flat = squeeze(text)
    for wanted in ("交办通知", "区住房和城乡建设局：", item.registration_label, "老旧小区加装电梯",
                   "李代表", "主办", "区交通运输局", "签收人（签名）", "人代联工委"):
        assert squeeze(wanted) in flat, wanted
    assert "退出" not in flat and "我的待办" not in flat  # no navigation in print


def test_the_reply_letter_prints_with_category_promise_and_signature(desk, people, replied):
    item, reply = replied
    desk.login(people.deputy)
    desk.page.goto(f"/items/{item.id}")
    desk.page.locator("[data-documents]").get_by_role("link", name="答复函（打印）").click()
    desk.page.wait_for_url(re.compile(r"/documents/reply/"))
    text, reader = pdf_text(desk, desk.page.url, "reply-letter")
    one_a4_page(reader)
    flat = squeeze(text)
    for wanted in ("区住房和城乡建设局", "李代表代表：", "经研究，已列入今年实施计划。",
                   "B类：正在解决或列入计划", "年内完成相关工作。", "2026年9月28日",
                   "区交通运输局：同意。", "签发人：钱局长", "联系人：赵经办", "0971-8123456",
                   f"答复编号：{item.registration_label}-1"):
        assert squeeze(wanted) in flat, wanted
    assert "打印" not in flat  # the screen-only tools are not printed


def test_the_feedback_form_prints_with_the_grades(desk, people, replied):
    item, reply = replied
    Walker(people, at(2026, 5, 1)).play(item, [SATISFIED])
    db.session.commit()
    desk.login(people.deputy)
    desk.page.goto(f"/items/{item.id}")
    desk.page.locator("[data-documents]").get_by_role("link", name="征询意见表（打印）").click()
    desk.page.wait_for_url(re.compile(r"/documents/feedback/"))
    text, reader = pdf_text(desk, desk.page.url, "feedback-form")
    one_a4_page(reader)
    flat = squeeze(text)
    for wanted in ("征询意见表", "办理态度", "办理结果", "满意", "基本满意", "不满意",
                   "代表签名", item.registration_label, "区住房和城乡建设局", "15个工作日"):
        assert squeeze(wanted) in flat, wanted
    assert flat.count("✓") == 2  # the recorded evaluation: attitude and result
