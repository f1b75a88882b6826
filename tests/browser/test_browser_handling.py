"""Handling in a real browser (issue 4, "Done means"): lead and co-units to a kept promise, two rounds
of dissatisfaction up to the council, and what the public page shows."""

from __future__ import annotations

import re

import pytest

from tracker.workflow import State

pytestmark = pytest.mark.browser

TITLE = "关于韵家口镇中庄村雨污分流管网改造的建议"
PRIVATE_TITLE = "关于某小区物业纠纷的建议"
PROMISE = "10月底前完成中庄村主干管网改造并投入使用。"


def open_from_inbox(desk, title: str) -> None:
    desk.page.locator(".site-nav").get_by_role("link", name="收件箱").click()
    desk.page.wait_for_url(re.compile(r"/inbox"))
    desk.page.locator("#inbox").get_by_role("link", name=title).click()
    desk.page.wait_for_url(re.compile(r"/items/\d+$"))


def act(desk, action: str) -> None:
    desk.start(action)
    desk.confirm(action)


def test_a_lead_and_co_handling_from_sign_for_to_a_kept_promise(desk, people, item_in):
    w, page = people, desk.page
    item = item_in(State.ASSIGNED, title=TITLE)
    item_in(State.REPLY_SIGNOFF, title=PRIVATE_TITLE)  # to be issued as not public

    # The co-handling unit signs for its part from the inbox and sends its opinion.
    desk.login(w.co_handler)
    page.locator(".site-nav").get_by_role("link", name="收件箱").click()
    row = page.locator(f'#inbox tr[data-item="{item.id}"]')
    assert row.locator('[data-tag="co"]').count() == 1
    desk.shot("co-unit-inbox")
    open_from_inbox(desk, TITLE)
    act(desk, "签收")
    desk.start("报送协办意见")
    page.get_by_label("协办意见").fill("同意改造方案，本局负责施工期间交通疏导。")
    desk.shot("co-unit-opinion-form")
    desk.confirm("报送协办意见")
    assert "施工期间交通疏导" in page.locator("#assignments").inner_text()

    # The lead unit's handler: the notice, sign for, a contact, then a B reply draft.
    desk.as_(w.handler)
    page.locator(".site-nav").get_by_role("link", name="收件箱").click()
    desk.shot("lead-inbox")
    page.locator("#unit-links").get_by_role("link", name="交办通知（打印）").click()
    assert TITLE in page.locator("#notice-lines").inner_text()
    desk.shot("lead-assignment-notice")
    open_from_inbox(desk, TITLE)
    act(desk, "签收")
    assert desk.state() == "办理中"
    desk.start("记录联系")
    page.get_by_label("当面").check()
    page.get_by_label("参加人员").fill("李代表、赵经办、中庄村村委会主任")
    page.get_by_label("情况摘要").fill("到中庄村现场查看管网走向，与代表商定分两期改造。")
    desk.confirm("记录联系")
    assert "中庄村村委会主任" in page.locator("#contacts").inner_text()
    desk.start("提交答复稿")
    # The co-unit's opinion is in front of the handler while drafting.
    assert "施工期间交通疏导" in page.locator("[data-co-opinions]").inner_text()
    page.get_by_label("B类：正在解决或列入计划").check()
    page.get_by_label("答复内容").fill("经研究，中庄村雨污分流改造已列入今年城建计划。")
    page.get_by_label("承诺完成日期").fill("2026-10-31")
    page.get_by_label("承诺事项").fill(PROMISE)
    desk.shot("lead-reply-form")
    desk.confirm("提交答复稿")
    assert desk.state() == "答复待签发"

    # The leader returns the draft with a comment; the handler revises it and sends it again.
    desk.as_(w.leader)
    desk.open_pending(TITLE)
    desk.start("退回答复稿")
    page.get_by_label("理由/意见").fill("请在答复中写明协办单位区交通运输局的意见。")
    desk.confirm("退回答复稿")
    assert desk.state() == "办理中"
    desk.as_(w.handler)
    desk.open_pending(TITLE)
    desk.start("提交答复稿")
    page.get_by_label("B类：正在解决或列入计划").check()
    page.get_by_label("答复内容").fill("经研究，中庄村雨污分流改造已列入今年城建计划。"
                                      "区交通运输局负责施工期间交通疏导。")
    page.get_by_label("承诺完成日期").fill("2026-10-31")
    page.get_by_label("承诺事项").fill(PROMISE)
    desk.confirm("提交答复稿")

    # The leader issues it as public; another reply is issued as not public, with a reason.
    desk.as_(w.leader)
    desk.open_pending(TITLE)
    desk.start("签发答复")
    page.get_by_label("主动公开").check()
    desk.confirm("签发答复")
    assert desk.state() == "已答复"
    desk.home()
    desk.open_pending(PRIVATE_TITLE)
    desk.start("签发答复")
    page.get_by_label("不予公开", exact=True).check()
    page.get_by_label("不予公开的理由").fill("涉及个人隐私。")
    desk.confirm("签发答复")
    assert desk.state() == "已答复"

    # The deputy reads the letter and evaluates: satisfied closes the item, the promise stays open.
    desk.as_(w.deputy)
    desk.open_pending(TITLE)
    page.locator("[data-documents]").get_by_role("link", name="答复函（打印）").click()
    assert "区交通运输局：同意改造方案" in page.locator("#document").inner_text()
    desk.shot("deputy-reply-letter")
    page.go_back()
    desk.start("满意度测评")
    assert page.locator("#help").is_visible()
    desk.shot("deputy-evaluation-form")
    page.get_by_role("group", name="办理态度").get_by_label("满意", exact=True).check()
    page.get_by_role("group", name="办理结果").get_by_label("满意", exact=True).check()
    desk.confirm("满意度测评")
    assert desk.state() == "办结"
    assert PROMISE in page.locator("#promises").inner_text()

    # The unit reports the promise kept from the follow-up review; the office sees it kept.
    desk.as_(w.handler)
    page.locator(".site-nav").get_by_role("link", name="回头看").click()
    entry = page.locator(f'#promises li[data-item="{item.id}"]')
    assert entry.locator('[data-standing="open"]').count() == 1
    desk.shot("unit-followup")
    entry.get_by_role("link", name="报告承诺已落实").click()
    page.get_by_label("报告内容").fill("中庄村主干管网已于9月完工并投入使用。")
    desk.shot("unit-promise-kept-form")
    desk.confirm("报告承诺已落实")
    assert "已落实" in page.locator("#promises").inner_text()
    desk.as_(w.office)
    page.locator(".site-nav").get_by_role("link", name="回头看").click()
    page.locator("#standings").get_by_role("link", name=re.compile("已落实")).click()
    assert "主干管网已于9月完工" in page.locator("#promises").inner_text()
    desk.shot("office-followup-kept")

    # (c) The public page, without signing in: the public reply, not the private one.
    desk.logout()
    page.goto("/public")
    listing = page.locator("main").inner_text()
    assert TITLE in listing and PRIVATE_TITLE not in listing
    desk.shot("public-list")
    page.get_by_role("link", name=TITLE).click()
    shown = page.locator("main").inner_text()
    assert "区交通运输局负责施工期间交通疏导" in shown and "0971" not in shown
    desk.shot("public-item")


def test_b_two_dissatisfactions_go_to_the_council_which_orders_re_handling(desk, people, item_in):
    w, page = people, desk.page
    item = item_in(State.REPLIED, title=TITLE)

    # First evaluation: dissatisfied needs a comment.
    desk.login(w.deputy)
    desk.open_pending(TITLE)
    desk.start("满意度测评")
    page.get_by_role("group", name="办理态度").get_by_label("基本满意", exact=True).check()
    page.get_by_role("group", name="办理结果").get_by_label("不满意", exact=True).check()
    desk.confirm("满意度测评")
    assert page.locator("[data-error]").inner_text() == "请填写理由或意见。"
    page.get_by_label("理由/意见").fill("答复只说列入计划，没有时间表，问题没有实质解决。")
    desk.confirm("满意度测评")
    assert desk.state() == "不满意待处理"

    # The office records what it did and sends the item back for re-handling.
    desk.as_(w.office)
    page.locator(".site-nav").get_by_role("link", name="待决事项").click()
    assert page.locator('#decision-tabs [data-count="dissatisfied"]').inner_text() == "1"
    page.locator("#decision-tabs").get_by_role("link", name=re.compile("不满意与提请主任会议")).click()
    card = page.locator(f'#dissatisfied [data-item="{item.id}"]')
    assert "没有时间表" in card.inner_text()
    desk.shot("office-dissatisfied")
    card.get_by_role("link", name="交由重新办理").click()
    desk.shot("office-rehandling-form")
    page.get_by_label("理由/意见").fill("5月15日约见代表和区住建局座谈，要求明确改造时间表后重新答复。")
    desk.confirm("交由重新办理")
    assert desk.state() == "重新办理"

    # The unit replies again; the leader issues it.
    desk.as_(w.handler)
    open_from_inbox(desk, TITLE)
    desk.start("提交答复稿")
    page.get_by_label("A类：已解决或基本解决").check()
    page.get_by_label("答复内容").fill("经重新办理，管网改造已于本月开工，7月底前完工。")
    desk.confirm("提交答复稿")
    desk.as_(w.leader)
    desk.open_pending(TITLE)
    desk.start("签发答复")
    page.get_by_label("主动公开").check()
    desk.confirm("签发答复")
    assert desk.state() == "已答复"

    # Second evaluation: dissatisfied again, so the item goes to the council.
    desk.as_(w.deputy)
    desk.open_pending(TITLE)
    desk.start("满意度测评")
    page.get_by_role("group", name="办理态度").get_by_label("不满意", exact=True).check()
    page.get_by_role("group", name="办理结果").get_by_label("不满意", exact=True).check()
    page.get_by_label("理由/意见").fill("现场未见开工，答复与事实不符。")
    desk.confirm("满意度测评")
    assert desk.state() == "提请主任会议"

    # The supervisors see both rounds and the whole history, and order re-handling.
    desk.as_(w.supervisor)
    page.locator(".site-nav").get_by_role("link", name="待决事项").click()
    page.locator("#decision-tabs").get_by_role("link", name=re.compile("不满意与提请主任会议")).click()
    card = page.locator(f'#dissatisfied [data-item="{item.id}"]')
    assert card.locator("[data-round]").count() == 2
    assert "答复与事实不符" in card.inner_text()
    desk.shot("council-escalated")
    card.get_by_role("link", name="完整办理过程 →").click()
    page.wait_for_url(re.compile(r"/items/\d+"))
    events = page.locator("#history").inner_text()
    assert "交由重新办理" in events and events.count("满意度测评") == 2
    desk.shot("council-item-history")
    desk.start("交由重新办理")
    page.get_by_label("理由/意见").fill("主任会议决定：由区住建局主要负责同志牵头，一个月内重新办理并当面答复代表。")
    desk.confirm("交由重新办理")
    assert desk.state() == "重新办理"
    page.goto("/supervision/dissatisfied")
    assert page.locator("[data-empty]").is_visible()


def test_key_supervision_and_an_extension_decided_by_the_office(desk, people, item_in):
    w, page = people, desk.page
    item = item_in(State.IN_HANDLING, title=TITLE)

    # A supervisor marks the item for key supervision with a report date.
    desk.login(w.supervisor)
    page.locator(".site-nav").get_by_role("link", name="全部建议").click()
    page.locator("#items").get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    desk.start("列为重点督办")
    page.get_by_label("督办领导").fill("张副主任")
    page.get_by_label("督办委员会").select_option(label=w.committee.name)
    page.get_by_label("进展报告日期").fill("2026-06-15")
    desk.shot("supervisor-mark-key-form")
    desk.confirm("列为重点督办")
    assert page.locator(".item-head [data-key]").is_visible()

    # The unit sees the badge in its inbox, asks for an extension and reports progress.
    desk.as_(w.leader)
    page.locator(".site-nav").get_by_role("link", name="收件箱").click()
    assert page.locator(f'#inbox tr[data-item="{item.id}"] [data-key]').is_visible()
    open_from_inbox(desk, TITLE)
    desk.start("申请延期")
    page.get_by_label("申请延至").fill("2026-12-31")
    page.get_by_label("理由/意见").fill("涉及多个部门，需协调专项资金。")
    desk.confirm("申请延期")
    assert "交办后6个月" in page.locator("[data-error]").inner_text()
    desk.shot("leader-extension-refused")
    page.get_by_label("申请延至").fill("2026-08-20")
    desk.confirm("申请延期")
    page.locator(".site-nav").get_by_role("link", name="重点督办").click()
    page.locator(f'#key-items tr[data-item="{item.id}"]').get_by_role("link", name="报告督办进展").click()
    page.get_by_label("报告内容").fill("已完成施工图设计，正在招标。")
    desk.confirm("报告督办进展")
    page.locator(".site-nav").get_by_role("link", name="重点督办").click()
    desk.shot("unit-key-items")
    assert "1 / 共 1" in page.locator(f'#key-items tr[data-item="{item.id}"]').inner_text()

    # The office decides the extension from its requests page.
    desk.as_(w.office)
    page.locator(".site-nav").get_by_role("link", name="待决事项").click()
    card = page.locator(f'#requests [data-item="{item.id}"]')
    assert "2026年8月20日" in card.inner_text() and "需协调专项资金" in card.inner_text()
    desk.shot("office-requests")
    card.get_by_role("link", name="同意延期", exact=True).click()
    assert "2026年8月20日" in page.locator("#help").inner_text()
    desk.shot("office-approve-extension-form")
    desk.confirm("同意延期")
    assert "2026年8月20日" in page.locator('#deadlines [data-deadline="reply"]').inner_text()
    desk.shot("office-item-extended")
