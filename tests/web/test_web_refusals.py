"""Every action route answers a domain refusal the same way: the page drawn again with what was typed
and the message, with the error's HTTP status, and nothing saved; where the JSON API has the action
it answers the same refusal with the same status.

The routes come from the app's url_map: every POST route is either an action route with a refusal
case below or one named in NO_REFUSAL with why, so a new route cannot escape this test.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from tempfile import mkdtemp

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.roster_files import deputies, xlsx
from tests.web.helpers import CHEAP_HASH, events, text
from tracker import create_app, tenancy
from tracker.domain.congress.return_reasons import add_reason
from tracker.domain.errors import NotAllowedNow
from tracker.domain.liaison import operations as liaison
from tracker.domain.roster.imports import start_roster
from tracker.extensions import db
from tracker.models import AuditEvent, Congress, Job, SsoProvider, User
from tracker.workflow import State

TYPED = "刚刚在这里写下的内容，不能丢。"

# POST routes that take no refusable input: nothing typed to keep, or refusals listed per row.
NO_REFUSAL = {
    "auth.login": "signing in is not a domain action (its own 401 form)",
    "auth.logout": "nothing to refuse",
    "admin_people.end_logins": "a button, nothing typed; an ended login's 409 is in test_web_logins",
    "profile.end_logins": "a button, nothing typed; another's login's 409 is in test_web_logins",
    "congress.choose": "choosing one's own congress changes no data; another's is a 404",
    "notices.read_all": "marking notices read cannot be refused",
    "notices.settings": "the delivery choices are checked by the form alone",
    "profile.text_size": "the 大字号 switch: on or off, nothing typed, nothing to refuse",
    "reminders.reset": "resetting to the default ladder cannot be refused",
    "reminders.test_email": "a failed test mail is reported and audited, not refused",
    "office.routing": "a batch: each row's refusal is listed beside the row, the rest are routed",
    "imports.upload": "the file's checks are the form's; nothing is acted on yet",
    "imports.mapping": "checking a sheet reports per row, it refuses nothing",
    "imports.run": "an import with problems is never offered; the report says why",
    "accounts.send_code": "asking for a code is never refused: a number that is nobody's gets the same "
                          "page (a malformed one is the form's 400, too many asks a 429)",
    "admin_rules.reset_rule": "going back to the default period cannot be refused",
    "admin_reasons.retire": "retiring a standard reason cannot be refused (one gone already is a 404)",
    "admin_people.reactivate_org": "putting a group, committee, category or unit back cannot be refused",
    "auth.second_step": "the second step of signing in is not a domain action (its own form errors, 400/429)",
    "auth.enrol": "setting up the app while signing in: a wrong code is the sign-in's form error (400/429)",
    "admin_signins.second_step_setting": "a congress's setting on or off: nothing to refuse",
    "sso.start": "starting a single sign-on takes no input; a provider down or misconfigured is a 503 page "
                 "(tests/web/test_web_sso.py)",
    "sso.link": "starting a link takes no input; its end (the callback) is refused as a sign-in is",
    "profile.revoke_api_token": "a button, nothing typed; another's token's 409 is in test_web_api_tokens",
    "admin_service.revoke": "a button, nothing typed; a revoked token's 409 is in test_web_api_tokens",
    "admin_service.disable": "a button, nothing typed; disabling is refused only to non-administrators (403)",
    "admin_webhooks.enable": "switching a webhook on again is a button, nothing typed; it cannot be refused",
    "admin_webhooks.redeliver": "sending a delivery again is a button; one that is not there is a 404",
}


def _post_endpoints() -> list[str]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    # The JSON API's operations (api_v1.*) have their own refusal tests: tests/web/test_web_api.py,
    # the access matrix and schemathesis; the pages' cases here keep to the pages (and one API case).
    pages = {r.endpoint for r in app.url_map.iter_rules() if "POST" in (r.methods or ())
             and not r.endpoint.startswith(("api_v1.", "api_moved."))}
    return sorted(pages | {"api_v1.act_return_for_revision"})


@dataclass
class Case:
    user: object
    url: str
    data: dict
    status: int
    kept: tuple[str, ...] = (TYPED,)  # what the page must show again
    said: str | None = None  # the domain's message, when the case knows it
    api: tuple[str, dict] | None = None  # the same refusal sent to the JSON API
    patch: tuple[str, object] | None = None  # where a refusal is made to happen, when no input can
    count: object = field(default=None)  # a number that must not change (nothing saved)
    prepare: object = None  # what the signed-in user does first


def _refuse(*args, **kwargs):
    raise NotAllowedNow()  # "This cannot be done at this point." 此时不能这样做。


def _audit_rows() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


def _stale_action(w, item_in, make):
    item = item_in(State.OFFICE_REVIEW)
    gone = str(item.lock_version + 1)  # a version the item never had: the page is stale
    return Case(w.office, f"/items/{item.id}/actions/return_for_revision",
                {"as_role": "office_staff", "reason": TYPED, "lock_version": gone,
                 "seen_state": "office_review"}, 409, said="其他人已先行处理此件",
                api=(f"/api/v1/suggestions/{item.id}/actions/return_for_revision",
                     {"as_role": "office_staff", "reason": TYPED}, {"If-Match": f'"{gone}"'}),
                count=lambda: events(item))


def _draft_data(w, **over) -> dict:
    return {"title": "关于增设公交站点的建议", "reasons": TYPED, "proposals": "增设站点。",
            "category_id": str(w.category.id), "channel": "between", "session_id": "",
            "proposed_unit_id": "", "origin": "", "original_lang": "", "original_text": ""} | over


def _new_draft(w, item_in, make):
    return Case(w.deputy, "/items/new", _draft_data(w, title="   "), 400, said="请填写标题",
                count=_audit_rows)


def _edit_draft(w, item_in, make):
    item = item_in(State.DRAFT)
    return Case(w.deputy, f"/items/{item.id}/edit",
                _draft_data(w, lock_version=str(item.lock_version + 1)), 409,
                said="其他人已先行处理此件", count=lambda: events(item))


def _cosigners(w, item_in, make):
    item = item_in(State.DRAFT)
    return Case(w.deputy, f"/items/{item.id}/cosigners", {"cosigners": [str(w.deputy2.id)]}, 409,
                kept=(), said="此时不能这样做",
                patch=("tracker.domain.steps.joint.invite_cosigners", _refuse), count=lambda: events(item))


def _opinion(w, make):
    station = make.station(w.group, "大众街街道基层立法联系点", "大众街街道")
    db.session.commit()
    return station


def _liaison_new(w, item_in, make):
    station = _opinion(w, make)
    return Case(w.deputy, "/liaison/new",
                {"station_id": station.id, "received_on": "2026-05-25", "constituent": "李阿姨",
                 "content": TYPED, "contact": "13912345678"}, 400, said="登记日期不能晚于今天",
                count=_audit_rows)


def _liaison_act(w, item_in, make):
    from tests.factories import at

    station = _opinion(w, make)
    opinion = liaison.log_opinion(db.session, w.deputy, liaison.OpinionInput(
        station_id=station.id, received_on=date(2026, 5, 18), constituent="马大爷",
        content="路灯坏了", address="团结桥社区", contact="13912345678"), at=at(2026, 5, 20))
    db.session.commit()
    return Case(w.deputy, f"/liaison/{opinion.id}/refer",
                {"referred_to": "团结桥社区居委会", "follow_up_on": "2026-05-27", "note": TYPED,
                 "lock_version": str(opinion.lock_version + 1)}, 409, said="已先行处理",
                count=_audit_rows)


SESSION = {"name": "第十八届人民代表大会第六次会议", "ordinal": "6", "year": "2027",
           "collection_opens_on": "2026-11-01", "presubmission_deadline_on": "2027-01-05",
           "opens_on": "2027-01-13", "closes_on": "2027-01-10"}  # closes before it opens


def _session_form(w, item_in, make):
    return Case(w.admin, "/admin/sessions/new", SESSION, 400, kept=(SESSION["name"],),
                said="日期顺序应为", count=_audit_rows)


def _convert(w, item_in, make):
    item = item_in(State.OFFICE_REVIEW)
    return Case(w.office, f"/review/{item.id}/convert",
                {"convert_to": "letter", "contact_date": "2026-06-01", "contact_way": "phone",
                 "talk_record": "电话沟通。", "notice": TYPED}, 400, said="沟通日期不能晚于今天",
                count=lambda: events(item))


def _merge(w, item_in, make):
    item = item_in(State.OFFICE_REVIEW)
    main = item_in(State.OFFICE_REVIEW, title="主件")
    return Case(w.office, f"/review/{item.id}/merge", {"main_item": str(main.id), "reason": TYPED},
                409, said="此时不能这样做", patch=("tracker.web.review.pages.apply", _refuse),
                count=lambda: events(item))


def _publish_2026(client) -> None:
    page = text(client.get("/reports/yearly", query_string={"year": 2026}))
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', page).group(1)
    assert client.post("/reports/yearly/publish", data={"year": 2026, "digest": digest,
                                                        "confirm": "y"}).status_code == 302


def _withdraw(w, item_in, make):
    item_in(State.REPLIED)
    return Case(w.office, "/reports/published/year-2026/withdraw", {"reason": TYPED}, 409,
                said="此时不能这样做", patch=("tracker.web.publication.views.withdraw_report", _refuse),
                prepare=_publish_2026, count=_audit_rows)


def _publish(w, item_in, make):  # a confirmation on the report page: the refusal is said there
    return Case(w.office, "/reports/yearly/publish",
                {"year": "2026", "digest": "not-what-the-office-saw", "confirm": "y"}, 302, kept=(),
                count=_audit_rows)


def _hours(w, item_in, make):
    return Case(w.admin, "/admin/reminders",
                {"hours-quiet_hours": "y", "hours-day_starts": "18:30", "hours-day_ends": "08:15"},
                400, kept=("18:30", "08:15"), said="工作时间的开始须早于结束", count=_audit_rows)


def _ladder(w, item_in, make):
    return Case(w.admin, "/admin/reminders/ladder/reply",
                {"steps-0-audience": "owner", "steps-0-offset": "2",
                 "steps-1-audience": "owner", "steps-1-offset": "-3"},
                400, kept=('value="-3"',), said="各级提醒须按时间先后排列", count=_audit_rows)


def _profile(w, item_in, make):
    w.deputy2.phone = "13955556666"
    db.session.commit()
    return Case(w.deputy, "/profile", {"phone": "+86 139 5555 6666", "email": "", "locale": "zh"}, 400,
                kept=("+86 139 5555 6666",), said="该手机号码已被其他账号使用", count=_audit_rows)


def _confirm_phone(w, item_in, make):  # a code that is not the one sent to the new number
    def phone():
        return db.session.scalar(select(User.phone).where(User.id == w.deputy.id))
    # The wrong try itself is kept (its count on the code, an audit row): the number is what must not change.
    return Case(w.deputy, "/profile/phone", {"code": "000000"}, 400, kept=('value="000000"',),
                said="验证码错误或已过期", count=phone,
                prepare=lambda client: client.post("/profile", data={"phone": "13955556667", "locale": "zh"}))


def _password(w, item_in, make):
    return Case(w.deputy, "/profile/password",
                {"current": "not-it", "password": "new-pass-12", "confirm": "new-pass-12"}, 400, kept=(),
                said="当前密码不正确", count=_audit_rows)


def _use_code(w, item_in, make):
    w.deputy.phone = "13955556666"
    db.session.commit()
    return Case(w.deputy, "/login/code", {"target": "13955556666", "code": "000000"}, 400,
                kept=("13955556666",), said="验证码错误或已过期", count=_audit_rows)


def _reset_link(w, item_in, make):
    from tracker.clock import now
    from tracker.domain.accounts.recovery import issue_reset

    token = issue_reset(db.session, w.deputy2, by=w.admin, at=now())
    db.session.commit()
    return Case(w.deputy, f"/reset/{token}", {"password": "12345678901", "confirm": "12345678901"}, 400,
                kept=(), said="须同时包含字母和数字", count=_audit_rows)
def _rule(w, item_in, make):
    return Case(w.admin, "/admin/rules/evaluation", {"amount": "61", "unit": "working_days", "basis": TYPED},
                400, kept=('value="61"', TYPED), said="请填写 1 至 60 之间的整数", count=_audit_rows)


def _upload(w, item_in, make):
    return Case(_platform_admin(make), "/admin/calendar/upload",
                {"year": "2027", "file": (io.BytesIO(b"%PDF"), "a.pdf")}, 400,
                kept=('value="2027"',), said="请上传 .csv 或 .xlsx 文件", count=_audit_rows)


def _confirm(w, item_in, make):  # a changed confirmation: refused on the calendar page
    return Case(_platform_admin(make), "/admin/calendar/confirm",
                {"year": "2027", "days": "2027-01-01,maybe,x"}, 302,
                kept=(), said="文件有问题，未录入任何内容", count=_audit_rows)


def _local_day(w, item_in, make):  # a Saturday is a rest day without the congress's say
    return Case(w.admin, "/admin/calendar/local", {"day": "2027-07-24", "kind": "rest", "name": TYPED},
                400, kept=('value="2027-07-24"', TYPED), said="2027-07-24 本来就是休息日", count=_audit_rows)


def _return_reason(w, item_in, make):  # the layer has this reason already
    add_reason(db.session, w.admin, State.OFFICE_REVIEW, TYPED, at=datetime(2026, 5, 20, tzinfo=UTC))
    db.session.commit()
    return Case(w.admin, "/admin/return-reasons", {"layer": "office_review", "text": TYPED}, 400,
                said="已有这条理由", count=_audit_rows)


def _remove_local_day(w, item_in, make):  # not one of its days: said on the calendar page
    return Case(w.admin, "/admin/calendar/local/remove", {"day": "2027-07-22"}, 302, kept=(),
                said="2027-07-22 不是本级自行设定的日子", count=_audit_rows)


def _platform_admin(make):
    user = make.user(username="pingtai", is_platform_admin=True)
    user.password_hash = CHEAP_HASH
    db.session.commit()
    return user


def _congresses() -> int:
    return db.session.scalar(select(func.count(Congress.id)))


FOUNDING = {"code": "chengxi", "name": TYPED, "short_name": "城西区人大常委会", "place": "城西区",
            "level": "county", "username": "cx", "admin_name": "管理员", "password": "short"}


def _found(w, item_in, make):
    return Case(_platform_admin(make), "/platform/congresses/new", FOUNDING, 400,
                said="密码至少需要10个字符", count=_congresses)


def _edit_congress(w, item_in, make):
    other = add_congress("chengxi", "城西区")
    data = {**FOUNDING, "code": "chengxi", "name": TYPED}
    here = db.session.get(Congress, tenancy.current_congress_id())
    return Case(_platform_admin(make), f"/platform/congresses/{other.id}/edit",
                {**data, "code": here.code}, 400, said="已被另一个人大常委会使用",
                count=lambda: db.session.scalar(
                    select(Congress.name).where(Congress.id == other.id)) != TYPED)


def _appoint(w, item_in, make):
    return Case(_platform_admin(make), f"/platform/congresses/{tenancy.current_congress_id()}/administrators",
                {"username": TYPED, "admin_name": "", "password": ""}, 400, said="新建账号需要填写姓名",
                count=_audit_rows)


def _person(w, **over) -> dict:
    return {"username": "maxin", "name": TYPED[:10], "phone": "", "email": "", "roles": ["deputy"],
            "group_id": "", "committee_id": "", "unit_id": "", "title": TYPED[:20]} | over


def _new_user(w, item_in, make):
    w.deputy.phone = "13900001111"
    db.session.commit()
    return Case(w.admin, "/admin/users/new", _person(w, phone="139 0000 1111"), 400,
                kept=(TYPED[:10], "139 0000 1111"), said="该手机号已被其他账号", count=_audit_rows)


def _join_user(w, item_in, make):  # the offered account no longer named by the details typed
    return Case(w.admin, "/admin/users/join", _person(w, phone="139 0000 2222", join_id=str(w.deputy.id)),
                400, kept=(TYPED[:10], "139 0000 2222"), said="所填信息已不再对应", count=_audit_rows)


def _edit_user(w, item_in, make):  # the last administrator keeps the role
    return Case(w.admin, f"/admin/users/{w.admin.id}",
                _person(w, username=w.admin.username, email=w.admin.email, roles=["office_staff"]), 400,
                kept=(TYPED[:10],), said="最后一位管理员", count=_audit_rows)


def _deactivate_user(w, item_in, make):  # a group leader with an open review needs a successor
    item_in(State.GROUP_REVIEW)
    return Case(w.admin, f"/admin/users/{w.group_leader.id}/deactivate", {"successor_id": ""}, 400,
                kept=(), said="请指定接替人", count=_audit_rows)


def _reset_password(w, item_in, make):
    return Case(w.admin, f"/admin/users/{w.deputy.id}/reset", {}, 409, kept=(), said="此时不能这样做",
                patch=("tracker.web.admin_people.views.recovery.issue_reset", _refuse), count=_audit_rows)


def _start_second_factor(w, item_in, make):
    return Case(w.deputy, "/profile/second-factor/start", {}, 409, kept=(), said="此时不能这样做",
                patch=("tracker.web.profile.second_factor.second_factor.start_enrolment", _refuse),
                count=_audit_rows)


def _confirm_second_factor(w, item_in, make):  # a code the app did not show
    return Case(w.deputy, "/profile/second-factor/confirm", {"code": "000000"}, 400, kept=('value="000000"',),
                said="动态码错误或已使用过", count=_audit_rows,
                prepare=lambda client: client.post("/profile/second-factor/start"))


def _remove_second_factor(w, item_in, make):  # nothing set up to remove
    return Case(w.deputy, "/profile/second-factor/remove", {"code": "123456"}, 409, kept=(),
                said="尚未设置身份验证器", count=_audit_rows)


def _reset_second_factor(w, item_in, make):  # nothing set up to reset
    return Case(w.admin, f"/admin/users/{w.deputy.id}/second-factor/reset", {}, 409, kept=(),
                said="此人尚未设置身份验证器", count=_audit_rows)


def _org_form(w, item_in, make):  # a second unit of the same name
    return Case(w.admin, "/admin/organisation/unit/new", {"name": w.unit.name, "short_name": TYPED[:10]}, 400,
                kept=(TYPED[:10],), said="本级已有同名项", count=_audit_rows)


def _retire_org(w, item_in, make):  # a unit with open assignments: refused on its form
    item_in(State.IN_HANDLING)
    return Case(w.admin, f"/admin/organisation/unit/{w.unit.id}/retire", {}, 302, kept=(),
                said="未办结的交办", count=_audit_rows)


def _term_change(w, item_in, make):
    return Case(w.admin, "/admin/terms", {"ordinal": "19", "starts_on": "2026-05-01",
                                          "re_elected": [str(w.deputy.id)]}, 409, kept=('value="19"',),
                said="此时不能这样做", patch=("tracker.web.admin_people.org_views.terms.open_term", _refuse),
                count=_audit_rows)


def _provider(w, name: str = "政务统一身份认证") -> SsoProvider:
    provider = SsoProvider(name=name, issuer="https://idp.example", client_id="tracker",
                           client_secret_sealed="", created_at=datetime(2026, 5, 1, tzinfo=UTC),
                           updated_at=datetime(2026, 5, 1, tzinfo=UTC))
    db.session.add(provider)
    db.session.commit()
    return provider


def _sso_provider(w, item_in, make):  # a second provider of the same name
    _provider(w)
    return Case(w.admin, "/admin/sso/new", {"name": "政务统一身份认证", "issuer": "https://idp.example",
                                            "client_id": TYPED[:10], "client_secret": "x",
                                            "scopes": "openid profile"}, 400,
                kept=(TYPED[:10],), said="已有同名的认证服务", count=_audit_rows)


def _sso_unlink(w, item_in, make):  # nothing linked to unlink: refused on the profile page
    return Case(w.deputy, f"/sso/{_provider(w).id}/unlink", {}, 302, kept=(), said="未关联",
                count=_audit_rows)


def _api_token(w, item_in, make):  # a token refused by the domain: the name typed is kept
    return Case(w.deputy, "/profile/api-tokens", {"name": TYPED, "read": "y", "days": "90"}, 409,
                said="此时不能这样做", patch=("tracker.domain.accounts.tokens.create_token", _refuse),
                count=_audit_rows)


def _service_account(w, item_in, make):
    return Case(w.admin, "/admin/service-accounts", {"name": TYPED, "binding": f"unit-{w.unit.id}"}, 409,
                said="此时不能这样做",
                patch=("tracker.domain.accounts.service.create_service_account", _refuse), count=_audit_rows)


def _service_token(w, item_in, make):  # a disabled account is issued no token
    from tracker.domain.accounts import service

    account = service.create_service_account(db.session, w.admin, name="OA",
                                             binding=service.Binding(unit_id=w.unit.id),
                                             at=datetime(2026, 5, 1, tzinfo=UTC))
    service.disable_service_account(db.session, w.admin, account, at=datetime(2026, 5, 2, tzinfo=UTC))
    db.session.commit()
    return Case(w.admin, f"/admin/service-accounts/{account.id}/tokens",
                {"name": TYPED, "act": "y", "days": "30"}, 409, said="此服务账号已停用", count=_audit_rows)


def _webhook_new(w, item_in, make):  # an address a webhook may not call
    data = {"url": "ftp://hooks.example/in", "description": TYPED, "event_types": ["suggestion.closed"],
            "is_enabled": "y"}
    return Case(w.admin, "/admin/webhooks/new", data, 400, said="https://", count=_audit_rows)


def _webhook_edit(w, item_in, make):  # no event chosen
    from tracker.domain.webhooks.addresses import AddressPolicy
    from tracker.domain.webhooks.endpoints import EndpointSettings, create_endpoint

    settings = EndpointSettings("https://hooks.example/in", "", ("suggestion.closed",))
    endpoint, _ = create_endpoint(db.session, settings, actor=w.admin, at=datetime(2026, 5, 1, tzinfo=UTC),
                                  secret_key="k" * 40, policy=AddressPolicy(private_ok=True))
    db.session.commit()
    data = {"url": "https://hooks.example/in", "description": TYPED, "is_enabled": "y"}
    return Case(w.admin, f"/admin/webhooks/{endpoint.id}", data, 400, said="至少选择一种事件",
                count=_audit_rows)


def _jobs() -> int:
    return db.session.scalar(select(func.count(Job.id)))


def _roster_upload(w, item_in, make):  # a deputies' roster sent as the units': refused, kind kept
    data = {"kind": "units", "file": (io.BytesIO(xlsx(deputies(1))), "名册.xlsx")}
    return Case(w.admin, "/admin/roster/", data, 400, kept=('value="units"',), said="这看起来是",
                count=_jobs)


def _roster_confirm(w, item_in, make):  # a bad row, and "valid rows only" not chosen
    rows = deputies(2)
    rows[0][2] = "110"
    job = start_roster(db.session, w.admin, "deputies", "名册.xlsx", xlsx(rows), Path(mkdtemp()),
                       datetime(2026, 5, 20, tzinfo=UTC))
    db.session.commit()
    return Case(w.admin, f"/admin/roster/{job.id}/confirm", {}, 302, kept=(), said="有 1 行存在问题",
                count=lambda: db.session.scalar(select(func.count(User.id))))


CASES = {"items.act": _stale_action, "api_v1.act_return_for_revision": _stale_action,
         "items.new_draft": _new_draft,
         "items.edit_draft": _edit_draft, "joint.cosigners": _cosigners, "liaison.new": _liaison_new,
         "liaison.act": _liaison_act, "office.session_form": _session_form,
         "review.convert": _convert, "review.merge": _merge, "publication.withdraw": _withdraw,
         "publication.publish": _publish, "reminders.index": _hours, "reminders.ladder": _ladder,
         "profile.index": _profile, "profile.confirm_phone": _confirm_phone,
         "profile.password": _password, "accounts.use_code": _use_code,
         "accounts.reset_link": _reset_link,
         "admin_rules.edit_rule": _rule, "admin_rules.upload": _upload, "admin_rules.confirm": _confirm,
         "platform.found": _found, "platform.edit": _edit_congress, "platform.appoint": _appoint,
         "admin_rules.add_local_day": _local_day, "admin_reasons.index": _return_reason,
         "admin_rules.remove_local_day": _remove_local_day,
         "admin_people.new_user": _new_user, "admin_people.edit_user": _edit_user,
         "admin_people.join_user": _join_user,
         "admin_people.deactivate_user": _deactivate_user, "admin_people.reset_password": _reset_password,
         "admin_people.org_form": _org_form, "admin_people.retire_org": _retire_org,
         "admin_people.term_change": _term_change,
         "admin_roster.index": _roster_upload, "admin_roster.confirm": _roster_confirm,
         "profile.start_second_factor": _start_second_factor,
         "profile.confirm_second_factor": _confirm_second_factor,
         "profile.remove_second_factor": _remove_second_factor,
         "admin_signins.reset_second_factor": _reset_second_factor,
         "admin_sso.edit": _sso_provider, "sso.unlink": _sso_unlink,
         "profile.create_api_token": _api_token, "admin_service.index": _service_account,
         "admin_service.issue": _service_token,
         "admin_webhooks.new": _webhook_new, "admin_webhooks.edit": _webhook_edit}


@pytest.mark.parametrize("endpoint", _post_endpoints())
def test_a_refusal_keeps_the_input_and_has_the_same_status_on_the_page_and_the_api(
        endpoint, auth, world, item_in, make, monkeypatch):
    if endpoint in NO_REFUSAL:
        assert endpoint not in CASES
        return
    assert endpoint in CASES, f"{endpoint}: a new action route needs a refusal case here"
    case = CASES[endpoint](world, item_in, make)
    if case.patch:
        monkeypatch.setattr(*case.patch)
    client = auth.as_(case.user)
    if case.prepare:
        case.prepare(client)
    before = case.count()
    response = client.post(case.url, data=case.data)
    page = text(response)
    assert response.status_code == case.status, page[:500]
    if case.status == 302:  # refused on the page the form sits on: the message waits there
        page = text(client.get(response.headers["Location"]))
    for kept in case.kept:
        assert kept in page
    if case.said:
        assert case.said in page
    db.session.expire_all()
    assert case.count() == before  # nothing of the refused send is kept
    if case.api:
        url, body, headers = case.api
        answer = client.post(url, json=body, headers=headers)
        assert answer.status_code == response.status_code and answer.json["code"]
        assert case.count() == before
