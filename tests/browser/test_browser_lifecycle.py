"""One suggestion from draft to 办结 in a real browser, every role signing in and clicking."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TITLE = "关于在韵家口镇增设社区公交微循环线路的建议"
REASONS = "韵家口镇新建小区集中，居民到地铁站步行超过二十分钟，早晚高峰出行困难。"
PROPOSALS = "一、开通社区微循环公交；二、在主要小区门口增设停靠站点。"


def history(desk) -> list[tuple[str, str]]:
    """(who, action) per row of the history table, oldest first."""
    rows = desk.page.locator("#history tbody tr")
    out = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        who = cells.nth(1).inner_text().splitlines()[0].strip()
        out.append((who, cells.nth(2).inner_text().strip()))
    return out


def test_a_between_session_suggestion_goes_from_draft_to_closed_by_clicks(desk, people):
    w, page = people, desk.page

    # The deputy writes the draft and sends it for pre-review.
    desk.login(w.deputy)
    desk.shot("deputy-home-empty")
    page.get_by_role("link", name="新建建议").first.click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("事由").fill(REASONS)
    page.get_by_label("具体建议").fill(PROPOSALS)
    page.get_by_label("类别").select_option(label=w.category.name)
    page.get_by_role("radio", name="闭会期间建议").check()
    desk.shot("deputy-new-draft-form")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/items/*")
    assert desk.state() == "草稿" and page.locator("h1").inner_text() == TITLE
    desk.start("提交预审")
    desk.confirm("提交预审")
    assert desk.state() == "代表工委预审"
    assert desk.flash() == "已完成：提交预审"
    # Withdrawing is all the deputy can do now; it is drawn as a caution, not as the way on.
    withdraw = page.locator(".action-bar a")
    assert withdraw.all_inner_texts() == ["撤回"]
    assert "btn-outline-danger" in withdraw.get_attribute("class")
    desk.shot("deputy-item-sent")

    # The office pre-approves with the checklist, then registers and routes.
    desk.as_(w.office)
    desk.shot("office-home")
    desk.open_pending(TITLE)
    item_url = page.url
    desk.start("预审通过")
    for row in page.locator("fieldset.checklist tbody tr").all():
        row.get_by_label("通过", exact=True).check()
    desk.shot("office-checklist-form")
    desk.confirm("预审通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "正式提交"
    desk.home()
    desk.open_pending(TITLE)
    desk.start("立案")
    page.get_by_label("类别").select_option(label=w.category.name)
    desk.confirm("立案")
    assert desk.state() == "已立案"
    number = page.locator("[data-registration]").inner_text()
    assert number.startswith("闭会2026-"), number
    desk.home()
    desk.open_pending(TITLE)
    desk.start("交办")
    page.get_by_label("主办单位").select_option(label=w.unit.name)
    page.get_by_role("group", name="协办单位").get_by_label(w.co_unit.name).check()
    desk.shot("office-route-form")
    desk.confirm("交办")
    assert desk.state() == "已交办"
    units = page.locator("#assignments tbody").inner_text()
    assert w.unit.name in units and w.co_unit.name in units

    # The co-handling unit signs for its part and sends its opinion to the lead.
    desk.as_(w.co_handler)
    desk.open_pending(TITLE)
    desk.start("签收")
    desk.confirm("签收")
    desk.start("报送协办意见")
    page.get_by_label("协办意见").fill("同意增设线路，本局负责站点用地协调。")
    desk.confirm("报送协办意见")
    assert "本局负责站点用地协调" in page.locator("#assignments").inner_text()

    # The lead unit's handler signs for it, logs a contact and drafts a B reply.
    desk.as_(w.handler)
    desk.shot("handler-home")
    desk.open_pending(TITLE)
    desk.start("签收")
    desk.confirm("签收")
    assert desk.state() == "办理中"
    desk.start("记录联系")
    page.get_by_label("当面").check()
    page.get_by_label("参加人员").fill("李代表、赵经办")
    page.get_by_label("情况摘要").fill("到韵家口镇现场查看站点位置，与代表商定线路走向。")
    desk.confirm("记录联系")
    assert desk.state() == "办理中"
    assert "李代表、赵经办" in page.locator("#contacts").inner_text()
    desk.home()
    desk.open_pending(TITLE)
    desk.start("提交答复稿")
    page.get_by_label("B类：正在解决或列入计划").check()
    page.get_by_label("答复内容").fill("经研究，微循环线路已列入今年公交线网优化计划。")
    page.get_by_label("承诺完成日期").fill("2026-10-31")
    page.get_by_label("承诺事项").fill("10月底前开通韵家口镇社区微循环公交线路。")
    desk.shot("handler-reply-form")
    desk.confirm("提交答复稿")
    assert desk.state() == "答复待签发"

    # The unit leader approves and issues it, public.
    desk.as_(w.leader)
    desk.shot("leader-home")
    desk.open_pending(TITLE)
    desk.start("签发答复")
    page.get_by_label("主动公开").check()
    desk.confirm("签发答复")
    assert desk.state() == "已答复"
    reply = page.locator("#replies").inner_text()
    assert "已签发" in reply and "主动公开" in reply and "B类" in reply

    # The deputy evaluates: satisfied, and the item is closed.
    desk.as_(w.deputy)
    desk.shot("deputy-home-replied")
    desk.open_pending(TITLE)
    desk.start("满意度测评")
    page.get_by_role("group", name="办理态度").get_by_label("满意", exact=True).check()
    page.get_by_role("group", name="办理结果").get_by_label("满意", exact=True).check()
    desk.confirm("满意度测评")
    assert desk.state() == "办结"
    assert "10月底前开通" in page.locator("#promises").inner_text()
    desk.shot("deputy-item-closed")
    checks = page.locator("#versions .checks li").all_inner_texts()
    assert len(checks) == 11 and checks[0] == "✓ 一事一议"  # in the checklist's order
    assert checks[-1] == "✓ 与本次及往次建议不重复"

    assert history(desk) == [
        ("李代表", "创建草稿"), ("李代表", "提交预审"), ("工委", "预审通过"), ("工委", "立案"),
        ("工委", "交办"), ("周经办", "签收"), ("周经办", "报送协办意见"),
        ("赵经办", "签收"), ("赵经办", "记录联系"), ("赵经办", "提交答复稿"),
        ("钱局长", "签发答复"), ("李代表", "满意度测评"),
    ]


SESSION_TITLE = "关于在韵家口镇中心小学门前增设护学岗和过街天桥的建议"


def test_a_session_suggestion_passes_every_layer_after_one_return(desk, people, app):
    w, page = people, desk.page
    app.config["CLOCK_NOW"] = "2026-01-05T02:00:00+00:00"  # advance collection, before the session

    desk.login(w.deputy)
    page.get_by_role("link", name="新建建议").first.click()
    page.get_by_label("标题").fill(SESSION_TITLE)
    page.get_by_label("事由").fill("上下学高峰时段学校门前车流量大，学生横穿马路存在安全隐患。")
    page.get_by_label("具体建议").fill("增设护学岗。")
    page.get_by_label("类别").select_option(label=w.category.name)
    page.get_by_role("radio", name="大会期间建议").check()
    page.get_by_label("所属会议").select_option(label=w.session.name)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/items/*")
    desk.shot("deputy-session-draft")
    desk.start("提交预审")
    desk.confirm("提交预审")
    assert desk.state() == "代表小组审核"

    # Layer 1: the group leader passes it on.
    desk.as_(w.group_leader)
    desk.shot("group-leader-home")
    desk.open_pending(SESSION_TITLE)
    item_url = page.url
    desk.start("审核通过")
    desk.confirm("审核通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "专委预审"

    # Layer 2: the committee returns it; a return without a reason is refused first.
    desk.as_(w.committee_staff)
    desk.shot("committee-home")
    desk.open_pending(SESSION_TITLE)
    desk.start("退回修改")
    desk.confirm("退回修改")
    assert page.locator("[data-error]").inner_text() == "请填写理由或意见。"
    page.get_by_label("理由/意见").fill("请补充学校门前道路的车流量数据，并提出天桥选址。")
    desk.confirm("退回修改")
    desk.back_after_decision(item_url)
    assert desk.state() == "退回修改"

    # The deputy revises the draft and resubmits it to the committee.
    desk.as_(w.deputy)
    desk.shot("deputy-home-returned")
    desk.open_pending(SESSION_TITLE)
    desk.shot("deputy-item-returned")
    page.locator(".action-bar").get_by_role("link", name="修改草稿").click()
    page.get_by_label("具体建议").fill("一、早晚高峰增设护学岗；二、在学校门前约50米处建设过街天桥。")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/items/*")
    assert "过街天桥" in page.locator(".prose").nth(1).inner_text()
    desk.start("修改后重新提交")
    desk.confirm("修改后重新提交")
    assert desk.state() == "专委预审"

    desk.as_(w.committee_staff)
    desk.open_pending(SESSION_TITLE)
    desk.start("审核通过")
    page.get_by_label("情况摘要").fill("已补充数据，同意提交。")
    desk.confirm("审核通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "代表工委预审"

    # Layer 3: the office pre-approves; the deputy submits formally once the session sits.
    desk.as_(w.office)
    desk.open_pending(SESSION_TITLE)
    item_url = page.url
    desk.start("预审通过")
    for row in page.locator("fieldset.checklist tbody tr").all():
        row.get_by_label("通过", exact=True).check()
    desk.confirm("预审通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "预审通过"

    app.config["CLOCK_NOW"] = "2026-01-13T02:00:00+00:00"  # the session sits
    desk.as_(w.deputy)
    desk.open_pending(SESSION_TITLE)
    desk.start("正式提交")
    desk.confirm("正式提交")
    assert desk.state() == "正式提交"

    desk.as_(w.office)
    desk.open_pending(SESSION_TITLE)
    desk.start("立案")
    desk.confirm("立案")
    assert desk.state() == "已立案"
    assert page.locator("[data-registration]").inner_text().endswith("第001号")
    desk.shot("office-session-registered")

    versions = page.locator("#versions")
    assert versions.locator("[data-version]").count() == 2
    first = versions.locator('[data-version="1"]').inner_text()
    assert "退回修改" in first and "请补充学校门前道路的车流量数据" in first
    assert history(desk) == [
        ("李代表", "创建草稿"), ("李代表", "提交预审"), ("组长", "审核通过"),
        ("孙委员", "退回修改"), ("李代表", "修改草稿"), ("李代表", "修改后重新提交"),
        ("孙委员", "审核通过"),
        ("工委", "预审通过"), ("李代表", "正式提交"), ("工委", "立案"),
    ]
