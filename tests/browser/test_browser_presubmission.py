"""Issue 3's walk in a real browser: a joint session suggestion from the first draft to routing.

The administrator sets up the session; the lead deputy drafts and invites a co-signer, who confirms
from their pending list; the group leader returns the draft with a comment; the deputy revises and
sees the diff; three layers pass it; once the session sits it is submitted formally; the office
registers it and routes it to a lead and a co-handling unit. Every page is photographed.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import manage_link
from tests.browser.test_browser_lifecycle import history
from tracker.extensions import db

pytestmark = pytest.mark.browser

SESSION = "城东区第十八届人民代表大会第五次会议"
TITLE = "关于在韵家口镇建设社区嵌入式养老服务站的建议"
REASONS = ("韵家口镇60岁以上老年人口占比超过两成，现有日间照料中心只有一处，"
           "离多数小区较远，独居老人就餐、助浴需求得不到满足。")
PROPOSALS = "一、在人口集中的小区配建养老服务站；二、引入专业机构运营。"
REVISED = ("一、在人口集中的小区配建养老服务站，2026年先建3处；二、引入专业机构运营；"
           "三、开设老年助餐点，对高龄独居老人送餐上门。")
COMMENT = "请写明建设数量和时间安排，并补充助餐方面的具体措施。"


def test_a_joint_session_suggestion_walks_from_draft_to_routing(desk, people, app):
    w, page = people, desk.page

    def day(d: int, hour: int = 10) -> None:  # move "now" to a day of January 2026, China time
        app.config["CLOCK_NOW"] = f"2026-01-{d:02d}T{hour - 8:02d}:00:00+00:00"

    w.admin.name = "管理员"
    db.session.commit()
    day(5)  # advance collection, a week before the session

    # The administrator sets the session's name and windows.
    desk.login(w.admin)
    manage_link(page, "会议管理").click()
    page.get_by_role("row", name=w.session.name).get_by_role("link", name="编辑").click()
    page.get_by_label("名称").fill(SESSION)
    for label, value in (("提前征集开始", "2025-12-01"), ("预提交截止", "2026-01-10"),
                         ("开幕", "2026-01-12"), ("闭幕", "2026-01-16")):
        page.get_by_label(label).fill(value)
    desk.shot("admin-session-form")
    page.get_by_role("button", name="保存").click()
    assert SESSION in page.locator("main").inner_text()
    desk.shot("admin-sessions")

    # The lead deputy drafts a session suggestion and invites a co-signer.
    desk.as_(w.deputy)
    page.get_by_role("link", name="新建建议").first.click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("事由").fill(REASONS)
    page.get_by_label("具体建议").fill(PROPOSALS)
    page.get_by_label("类别").select_option(label=w.category.name)
    page.get_by_role("radio", name="大会期间建议").check()
    page.get_by_label("所属会议").select_option(label=SESSION)
    desk.shot("deputy-new-draft")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    item_url = page.url
    page.locator(".action-bar").get_by_role("link", name="邀请附议", exact=True).click()
    page.wait_for_url(re.compile(r"/cosigners$"))
    page.get_by_label("按姓名或代表小组查找代表").fill("王")
    assert page.get_by_label(w.deputy3.name).is_hidden()  # filtered out
    page.get_by_label(w.deputy2.name).check()
    desk.shot("deputy-invite-cosigner")
    page.get_by_role("button", name="发送邀请").click()
    assert desk.flash() == "已向 1 位代表发出邀请。"
    assert page.locator('#signers [data-cosigner="invited"]').count() == 1
    page.goto(item_url)
    # The deputy is told why the draft cannot be sent for pre-review yet.
    assert "提交预审" not in page.locator(".action-bar").inner_text()
    waiting = page.locator("[data-waiting]").inner_text()
    assert "等待 1 位附议代表答复：王代表" in waiting
    desk.shot("deputy-draft-waiting-for-cosigner")

    # The next day the co-signer finds the invitation on their home page and confirms it.
    day(6)
    desk.as_(w.deputy2)
    assert TITLE in page.locator("#invitations").inner_text()
    assert "附议确认" in page.locator("#tasks").inner_text()
    desk.shot("cosigner-home-invitation")
    page.locator("#invitations").get_by_role("link", name="查看并答复").click()
    assert "领衔代表李代表邀请您附议本建议" in page.locator("#invitation").inner_text()
    desk.shot("cosigner-item-invitation")
    page.locator("#invitation").get_by_role("button", name="确认附议").click()
    assert desk.flash() == "已完成：确认附议"
    assert page.locator("#invitation").count() == 0

    # The lead deputy sends it to the first layer.
    desk.as_(w.deputy)
    page.goto(item_url)
    assert page.locator("[data-waiting]").count() == 0
    desk.start("提交预审")
    desk.confirm("提交预审")
    assert desk.state() == "代表小组审核"

    # Layer 1 returns it with a comment.
    day(7)
    desk.as_(w.group_leader)
    desk.open_pending(TITLE)
    desk.start("退回修改")
    page.get_by_label("理由/意见").fill(COMMENT)
    desk.shot("group-leader-return-form")
    desk.confirm("退回修改")
    desk.back_after_decision(item_url)
    assert desk.state() == "退回修改"

    # The deputy revises, resubmits, and compares the two versions.
    day(7, 16)
    desk.as_(w.deputy)
    desk.open_pending(TITLE)
    assert COMMENT in page.locator("#versions").inner_text()
    desk.shot("deputy-item-returned")
    page.locator(".action-bar").get_by_role("link", name="修改草稿").click()
    page.get_by_label("具体建议").fill(REVISED)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    desk.start("修改后重新提交")
    desk.confirm("修改后重新提交")
    assert desk.state() == "代表小组审核"
    page.locator("#versions [data-compare]").click()
    diff = page.locator('[data-diff] [data-field="proposals"]')
    assert diff.get_attribute("data-changed") == "yes"
    assert "2026年先建3处" in diff.locator("ins").all_inner_texts()[0]
    assert page.locator('[data-diff] [data-field="reasons"]').get_attribute("data-changed") == "no"
    desk.shot("deputy-compare-versions")

    # Three layers pass it: the group, the committee, the office with its checklist.
    day(8)
    desk.as_(w.group_leader)
    desk.open_pending(TITLE)
    desk.start("审核通过")
    desk.confirm("审核通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "专委预审"
    day(8, 15)
    desk.as_(w.committee_staff)
    desk.open_pending(TITLE)
    desk.start("审核通过")
    page.get_by_label("情况摘要").fill("数量和时间已写明，同意提交代表工委。")
    desk.confirm("审核通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "代表工委预审"
    day(9)
    desk.as_(w.office)
    page.locator(".site-nav").get_by_role("link", name="预审队列").click()
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r"/review/\d+$"))
    offered = page.locator(".action-bar").inner_text()
    assert "并案" in offered and "转来信处理" in offered
    desk.shot("office-review-page")
    desk.start("预审通过")
    for row in page.locator("fieldset.checklist tbody tr").all():
        row.get_by_label("通过", exact=True).check()
    desk.confirm("预审通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "预审通过"

    # Before the session sits the deputy cannot submit formally; once it sits, they do.
    desk.as_(w.deputy)
    page.goto(item_url)
    assert "正式提交" not in page.locator(".action-bar").inner_text()
    why = page.locator('[data-held-back="submit_formally"]').inner_text()
    assert "大会会议期间才能正式提交" in why and "2026年1月12日" in why
    desk.shot("deputy-pre-approved-waiting-for-session")
    day(13)  # the session has opened
    page.goto(item_url)
    assert page.locator("#held-back").count() == 0
    desk.start("正式提交")
    desk.confirm("正式提交")
    assert desk.state() == "正式提交"
    desk.shot("deputy-submitted")

    # The office registers it and routes it to a lead and a co-handling unit.
    day(14)
    desk.as_(w.office)
    desk.open_pending(TITLE)
    desk.start("立案")
    desk.confirm("立案")
    assert desk.state() == "已立案"
    assert page.locator("[data-registration]").inner_text() == "第五次会议第001号"
    desk.start("交办")
    page.get_by_label("主办单位").select_option(label=w.unit.name)
    page.get_by_role("group", name="协办单位").get_by_label(w.co_unit.name).check()
    desk.shot("office-route-form")
    desk.confirm("交办")
    assert desk.state() == "已交办"
    units = page.locator("#assignments tbody").inner_text()
    assert w.unit.name in units and w.co_unit.name in units
    desk.shot("office-item-routed")

    # The co-signer follows it: their list shows it with its state and who holds it.
    desk.as_(w.deputy2)
    row = page.locator(f'#mine tr:has-text("{TITLE}")')
    assert "附议代表" in row.inner_text() and "已交办" in row.inner_text()
    desk.shot("cosigner-home-following")

    page.goto(item_url)
    assert history(desk) == [
        ("李代表", "创建草稿"), ("李代表", "邀请附议"), ("王代表", "确认附议"),
        ("李代表", "提交预审"), ("组长", "退回修改"), ("李代表", "修改草稿"),
        ("李代表", "修改后重新提交"), ("组长", "审核通过"), ("孙委员", "审核通过"),
        ("工委", "预审通过"), ("李代表", "正式提交"), ("工委", "立案"), ("工委", "交办"),
    ]


MAIN_TITLE = "关于统筹优化韵家口镇公交线网的建议"


def test_the_office_merges_one_draft_and_converts_another(desk, people, item_in, make):
    """并案 with the two side by side, and 转来信处理 after recording the talk with the deputy."""
    from dataclasses import replace

    from seeds.paths import PATHS, Walker
    from tests.factories import at
    from tracker.workflow import State

    w, page = people, desk.page
    channel, steps = PATHS[State.OFFICE_REVIEW]
    main = make.suggestion(w.deputy2, channel=channel, category=w.category, title=MAIN_TITLE,
                           reasons="韵家口镇公交线路少、班次稀，群众反映强烈。",
                           proposals="统筹优化线网，增开社区微循环线路。")
    Walker(replace(w, deputy=w.deputy2), at(2026, 3, 2)).play(main, steps)
    item = item_in(State.OFFICE_REVIEW, title="关于增开韵家口镇社区公交线路的建议",
                   reasons="新建小区居民出行难，公交线路覆盖不到。", proposals="增开社区公交线路。")
    letter = item_in(State.OFFICE_REVIEW, title="关于解决本人小区物业纠纷的建议",
                     reasons="小区物业公司多收费用。", proposals="请有关部门处理。")

    desk.login(w.office)
    page.goto(f"/review/{item.id}")
    assert MAIN_TITLE in page.locator("#similar-open").inner_text()
    page.locator("#similar-open li", has_text=MAIN_TITLE).get_by_role("link", name="并入此件").click()
    page.wait_for_url(f"**/review/{item.id}/merge?main={main.id}")
    assert page.locator(f'[data-side="{main.id}"]').is_visible()
    assert "李代表" in page.locator("[data-joining]").inner_text()
    page.get_by_label("并案理由").fill("两件建议均要求优化韵家口镇公交线路，并案办理。")
    desk.shot("office-merge-side-by-side")
    page.get_by_role("button", name="确认：并入主件").click()
    assert desk.state() == "已并案"
    assert MAIN_TITLE in page.locator("#merge-links").inner_text()
    desk.shot("office-merged-item")
    page.locator("#merge-links").get_by_role("link", name=re.compile(MAIN_TITLE)).click()
    assert "关于增开韵家口镇社区公交线路的建议" in page.locator("#merge-links").inner_text()
    assert "李代表" in page.locator(".facts").inner_text()  # now a co-proposer of the main one
    desk.shot("office-main-item-lists-merged")

    page.goto(f"/review/{letter.id}")
    page.locator(".action-bar").get_by_role("link", name="转来信处理", exact=True).click()
    page.wait_for_url(f"**/review/{letter.id}/convert")
    page.get_by_label("电话").check()
    page.get_by_label("沟通内容摘要").fill("电话联系李代表，说明本件属个人物业纠纷，代表同意转为来信。")
    desk.shot("office-convert-form")
    page.get_by_role("button", name="确认：转来信处理并书面告知代表").click()
    assert desk.state() == "转来信处理"

    desk.as_(w.deputy)
    page.goto(f"/items/{letter.id}")
    notice = page.locator("#conversion").inner_text()
    assert "书面告知" in notice and "按代表来信处理" in notice and "电话" in notice
    desk.shot("deputy-converted-item-notice")
    page.goto("/notices")
    assert "关于解决本人小区物业纠纷的建议" in page.locator("main").inner_text()
    desk.shot("deputy-notices")
