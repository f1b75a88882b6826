"""Issue 13's "done means" walk: a second congress founded, staffed and used, unseen by the first.

In the browser: the platform administrator founds 城西区 with its first administrator; that administrator
imports a 30-deputy XLSX roster (one group leader), makes a committee, a handling unit and a category on
the organisation pages, a handler on the users page (one-time link), and enters one deputy's mobile;
the deputy activates with the SMS code from the file gateway, drafts a session suggestion and submits
it; the group leader, the committee staff and the office pass it through the three review layers; the
deputy submits it formally; the office registers and routes it to the new unit; the handler sets a
password through the one-time link and finds it in the unit inbox. The first congress's office and
administrator then look for it, its deputies and its unit in their lists, search and dashboard.
With the domain in the new congress's scope, where the browser adds nothing new: the session (会议),
the committee staff and office staff accounts, and the group leader's password.
The deputy's activation and draft are walked at 390 px, another deputy's (found by the mobile in the
roster, their draft left with the group leader) at 1280 px, everything else once, at 1280 px.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date

import pytest
from sqlalchemy import select

from tests.browser.conftest import PASSWORD, manage_link, sign_in
from tests.roster_files import xlsx
from tracker.extensions import db, limiter
from tracker.models import Committee, Congress, Suggestion, User, tenancy
from tracker.security import hash_password
from tracker.workflow import Role

pytestmark = pytest.mark.browser

TITLE = "关于在城西区古城台街道增设口袋公园的建议"
UNIT = "城西区住房和城乡建设局"
COMMITTEE = "城西区城建环保工委"
CATEGORY = "城西城乡建设"
GROUP = "城西区古城台街道代表小组"
DEPUTY = "城西代表05"  # the roster names no mobile for them: the administrator enters it on the page
PHONE = "13712340005"
# The deputy walked at 1280 px: their mobile is in the roster.
OTHER = ("城西代表06", "13712340006", "137 1234 0006", "关于在城西区古城台街道增设公共厕所的建议")
SESSION = "城西区第十八届人大第一次会议"


def _overflow(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def _roster() -> bytes:
    rows = [[f"城西代表{i:02d}", f"CX{i:05d}", f"1371234{i:04d}", f"cx{i}@example.cn", GROUP,
             "社区居委会主任", "是" if i == 0 else "否", "女"] for i in range(30)]
    rows[5][2] = ""  # found by the card number alone
    return xlsx(rows)


def _code_from(log, phone: str, timeout: float = 5.0) -> str:
    """The code in the newest SMS to the phone: written once the response is closed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = log.read_text("utf-8").splitlines() if log.exists() else []
        sms = [json.loads(line) for line in lines if line.strip()]
        if sms:
            assert phone in json.dumps(sms[-1])
            return re.search(r"(?<!\d)\d{6}(?!\d)", sms[-1]["text"]).group()
        time.sleep(0.05)
    raise AssertionError("no SMS reached the gateway's file")


def _found(desk, platform) -> None:
    page = desk.page
    desk.login(platform)
    manage_link(page, "人大常委会管理").click()
    page.get_by_role("link", name="新建人大常委会").click()
    for field, value in (("name", "西宁市城西区人民代表大会常务委员会"), ("short_name", "城西区人大常委会"),
                         ("place", "城西区"), ("code", "chengxi"), ("office_name", "人代联工委"),
                         ("username", "cx_admin"), ("admin_name", "城西管理员"), ("password", PASSWORD)):
        page.locator(f"#{field}").fill(value)
    assert page.locator("label[for=place]").inner_text().startswith("地名")  # a place, not 所在组织
    assert _overflow(page) <= 0
    desk.shot("found-congress-1280")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/platform/congresses$"))
    assert "城西管理员 (cx_admin)" in page.locator("li.card", has_text="城西区人大常委会").inner_text()
    desk.logout()


def _import_roster(desk, tmp_path) -> None:
    page = desk.page
    path = tmp_path / "城西区代表名册.xlsx"
    path.write_bytes(_roster())
    manage_link(page, "名册导入").click()
    page.get_by_label("代表", exact=True).check()
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(re.compile(r"/admin/roster/\d+$"))
    assert page.locator('[data-count="people_new"]').inner_text() == "30"
    page.get_by_role("button", name="导入全部 30 行").click()
    page.wait_for_selector('[data-outcome="imported"]')
    assert _overflow(page) <= 0
    desk.shot("roster-imported-1280")


def _organise(desk) -> None:
    """A committee, the unit and a category (committee, default unit) on the organisation pages."""
    page = desk.page
    for kind, name in (("committee", COMMITTEE), ("unit", UNIT), ("category", CATEGORY)):
        manage_link(page, "系统管理").click()
        page.locator('[data-admin-page="admin_people.organisation_index"]').click()
        page.locator(f'[data-new="{kind}"]').click()
        page.locator("#name").fill(name)
        if kind == "unit":
            page.locator("#short_name").fill("区住建局")
        if kind == "category":
            page.locator("#committee_id").select_option(label=COMMITTEE)
            page.get_by_role("group", name="默认承办单位").get_by_label(UNIT).check()
            assert _overflow(page) <= 0
            desk.shot("category-1280")
        page.get_by_role("button", name="保存").click()
        assert "已保存" in desk.flash()
    # The import made the group and its leader; the organisation page says so.
    assert "城西代表00" in page.locator("#group").inner_text()
    assert _overflow(page) <= 0
    desk.shot("organisation-1280")


def _new_handler(desk) -> str:
    """The unit's handler on the users page; returns the one-time link the page shows once."""
    page = desk.page
    page.goto("/admin/users/new")
    page.get_by_label("用户名").fill("cx_handler")
    page.get_by_label("姓名").fill("城西经办")
    page.get_by_label("承办单位经办人", exact=True).check()
    page.locator("#unit_id").select_option(label=UNIT)
    page.get_by_role("button", name="保存").click()
    link = page.locator("#one-time-link").inner_text().strip()
    assert re.search(r"/reset/[\w-]{20,}\?congress=[a-z][a-z0-9-]+$", link)
    return link


def _enter_phone(desk) -> None:
    page = desk.page
    page.goto("/admin/users")
    page.get_by_label("姓名、用户名或手机号").fill(DEPUTY)
    page.locator("#user-filters").get_by_role("button", name="搜索").click()
    page.locator("#users tbody tr", has_text=DEPUTY).get_by_role("link", name="编辑").click()
    page.get_by_label("手机号").fill("+86 137 1234 0005")
    page.get_by_role("button", name="保存").click()
    assert "已保存" in desk.flash()
    assert page.get_by_label("手机号").input_value() == PHONE
    desk.shot("deputy-phone-1280")


def _activate_and_draft(desk, log, width: int, who=(DEPUTY, PHONE, "137 1234 0005", TITLE)) -> None:
    page = desk.page
    name, phone, typed, title = who
    page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
    page.goto("/activate")
    page.get_by_label("手机号码或电子邮箱").fill(typed)
    page.get_by_role("button", name="获取验证码").click()
    page.locator("[data-code-sent]").wait_for()
    page.get_by_label("验证码").fill(_code_from(log, phone))
    page.get_by_label(re.compile("^新密码")).fill(PASSWORD)
    page.get_by_label("再次输入新密码").fill(PASSWORD)
    assert _overflow(page) <= 0
    desk.shot(f"activate-{width}")
    page.get_by_role("button", name="激活并登录").click()
    page.wait_for_url(re.compile(r"/$"))
    assert "账号已激活" in desk.flash()
    assert page.locator(".user-chip strong").inner_text() == name
    assert "城西区" in page.locator(".brand-name").inner_text()
    assert _overflow(page) <= 0

    desk.nav("新建建议")  # on a phone, behind the menu button
    page.get_by_label("标题").fill(title)
    page.get_by_label("事由").fill("古城台街道老旧小区集中，居民缺少就近休闲活动的场地。")
    page.get_by_label("具体建议").fill("一、利用街角闲置地建设口袋公园；二、增设健身器材和座椅。")
    page.get_by_label("类别").select_option(label=CATEGORY)
    page.get_by_role("radio", name="大会期间建议").check()
    page.get_by_label("所属会议").select_option(label=SESSION)
    assert _overflow(page) <= 0
    desk.shot(f"draft-{width}")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/items/*")
    assert desk.state() == "草稿"
    desk.start("提交预审")
    desk.confirm("提交预审")
    assert desk.state() == "代表小组审核"
    assert _overflow(page) <= 0
    desk.shot(f"submitted-{width}")
    desk.logout()
    page.set_viewport_size({"width": 1280, "height": 900})


def _reviewers(make, congress_id: int) -> dict[str, User]:
    """The session and the reviewers' accounts, in the new congress's scope (nothing new in a browser)."""
    with tenancy.scope(db.session, congress_id):
        committee = db.session.scalar(select(Committee).where(Committee.name == COMMITTEE))
        make.congress_session(name=SESSION, ordinal=1, year=2026, collection_opens_on=date(2026, 5, 1),
                              presubmission_deadline_on=date(2026, 6, 10), opens_on=date(2026, 6, 15),
                              closes_on=date(2026, 6, 18))
        cast = {"committee": make.user(Role.COMMITTEE_STAFF, name="城西委员", username="cx_committee",
                                       committee_id=committee.id),
                "office": make.user(Role.OFFICE_STAFF, name="城西工委", username="cx_office"),
                "group_leader": db.session.scalar(select(User).where(User.name == "城西代表00"))}
        real = hash_password(PASSWORD)
        for user in cast.values():
            user.password_hash = real
        db.session.commit()
    return cast


def _through_review(desk, cast, app) -> None:
    page = desk.page
    for who, after in (("group_leader", "专委预审"), ("committee", "代表工委预审")):
        desk.login(cast[who])
        assert "城西区" in page.locator(".brand-name").inner_text()
        desk.open_pending(TITLE)
        item_url = page.url
        desk.start("审核通过")
        desk.confirm("审核通过")
        desk.back_after_decision(item_url)
        assert desk.state() == after
        desk.logout()
    desk.login(cast["office"])
    desk.open_pending(TITLE)
    item_url = page.url
    desk.start("预审通过")
    for row in page.locator("fieldset.checklist tbody tr").all():
        row.get_by_label("通过", exact=True).check()
    desk.confirm("预审通过")
    desk.back_after_decision(item_url)
    assert desk.state() == "预审通过"
    desk.logout()

    app.config["CLOCK_NOW"] = "2026-06-15T02:00:00+00:00"  # the session sits
    sign_in(page, desk.deputy_username)
    desk.open_pending(TITLE)
    desk.start("正式提交")
    desk.confirm("正式提交")
    assert desk.state() == "正式提交"
    desk.logout()

    desk.login(cast["office"])
    desk.open_pending(TITLE)
    desk.start("立案")
    desk.confirm("立案")
    assert desk.state() == "已立案"
    desk.home()
    desk.open_pending(TITLE)
    desk.start("交办")
    page.get_by_label("主办单位").select_option(label=UNIT)
    desk.shot("route-1280")
    desk.confirm("交办")
    assert desk.state() == "已交办"
    assert UNIT in page.locator("#assignments tbody").inner_text()
    desk.logout()


def _handler_sets_password(desk, link: str) -> None:
    """The handler opens the link the administrator handed over (valid three days) at once."""
    page = desk.page
    page.goto(link)
    page.get_by_label(re.compile("^新密码")).fill(PASSWORD)
    page.get_by_label("再次输入新密码").fill(PASSWORD)
    page.get_by_role("button", name="设置新密码").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator(".user-chip strong").inner_text() == "城西经办"
    desk.logout()


def _handler_inbox(desk) -> str:
    page = desk.page
    sign_in(page, "cx_handler")
    page.locator(".site-nav").get_by_role("link", name="收件箱").click()
    row = page.get_by_role("link", name=TITLE)
    assert row.is_visible()
    assert _overflow(page) <= 0
    desk.shot("handler-inbox-1280")
    row.click()
    page.wait_for_url(re.compile(r"/items/\d+$"))
    url = page.url
    desk.logout()
    return url


def _first_congress_sees_none_of_it(desk, people, item_url: str) -> None:
    page = desk.page
    desk.login(people.office)
    assert "城西区" not in page.locator(".brand-name").inner_text()
    assert TITLE not in page.locator("main").inner_text()
    page.locator(".site-nav").get_by_role("link", name="全部建议").click()
    assert TITLE not in page.locator("main").inner_text()
    page.goto("/search?q=口袋公园")
    assert TITLE not in page.locator("main").inner_text()
    page.goto("/dashboard")
    assert page.locator('[data-funnel="total"]').inner_text().strip() == "0"
    assert UNIT not in page.locator("main").inner_text()
    desk.shot("first-congress-dashboard-1280")
    assert page.goto(item_url).status == 404
    desk.logout()

    desk.login(people.admin)
    page.goto("/admin/users?q=城西代表")
    assert page.locator("#users tbody tr").count() == 0
    page.goto(f"/admin/users?q={PHONE}")
    assert page.locator("#users tbody tr").count() == 0
    page.goto("/admin/organisation")
    text = page.locator("main").inner_text()
    assert UNIT not in text and GROUP not in text and COMMITTEE not in text
    assert page.goto(item_url).status == 404
    desk.shot("first-congress-organisation-1280")


def test_a_second_congress_is_founded_staffed_and_used_unseen_by_the_first(
        desk, people, make, app, tmp_path, monkeypatch):
    log = tmp_path / "sms.log"
    monkeypatch.setitem(app.config, "SMS_URL", f"file://{log}")
    limiter.reset()
    platform = make.user(username="pingtai", name="平台管理员", is_platform_admin=True)
    platform.password_hash = hash_password(PASSWORD)
    db.session.commit()
    page = desk.page

    _found(desk, platform)
    sign_in(page, "cx_admin")
    assert "城西区" in page.locator(".brand-name").inner_text()
    _import_roster(desk, tmp_path)
    _organise(desk)
    link = _new_handler(desk)
    _enter_phone(desk)
    desk.logout()
    _handler_sets_password(desk, link)

    congress_id = db.session.scalar(select(Congress.id).where(Congress.code == "chengxi"))
    cast = _reviewers(make, congress_id)
    with tenancy.scope(db.session, congress_id):
        desk.deputy_username = db.session.scalar(select(User.username).where(User.name == DEPUTY))
    _activate_and_draft(desk, log, 1280, OTHER)
    _activate_and_draft(desk, log, 390)
    _through_review(desk, cast, app)
    item_url = _handler_inbox(desk)

    with tenancy.scope(db.session, congress_id):
        db.session.expire_all()
        item = db.session.scalar(select(Suggestion).where(Suggestion.title == TITLE))
        assert item_url.endswith(f"/items/{item.id}")
    _first_congress_sees_none_of_it(desk, people, item_url)
    limiter.reset()
