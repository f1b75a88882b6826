"""Accounts over HTTP: activation, SMS-code sign-in, forgotten and reset passwords, the profile, throttles."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.conftest import NOW
from tests.web.helpers import PASSWORD, text
from tracker.clock import now
from tracker.domain.accounts.recovery import issue_reset
from tracker.extensions import db, limiter
from tracker.models import AuditEvent, LoginCode, ReminderPreference, User
from tracker.security import verify_password
from tracker.workflow import State

PHONE = "13955556666"


@pytest.fixture(autouse=True)
def fresh_counts(app, monkeypatch):
    limiter.reset()  # the throttles count per client address, and every test is 127.0.0.1
    monkeypatch.setitem(app.config, "CODE_ANSWER_SECONDS", 0.0)  # one test below measures it
    yield
    limiter.reset()


@pytest.fixture
def gateway(app, tmp_path, monkeypatch):
    """The SMS gateway's and the mail server's file backends, read back as a list of messages."""
    sms, mail = tmp_path / "sms.log", tmp_path / "mail.log"
    monkeypatch.setitem(app.config, "SMS_URL", f"file://{sms}")
    monkeypatch.setitem(app.config, "MAIL_URL", f"file://{mail}")

    class Gateway:
        def sms(self) -> list[dict]:
            return [json.loads(line) for line in sms.read_text("utf-8").splitlines()] if sms.exists() else []

        def code(self) -> str:
            return re.search(r"(?<!\d)\d{6}(?!\d)", self.sms()[-1]["text"]).group()

        def mail(self) -> str:
            return mail.read_text("utf-8") if mail.exists() else ""
    return Gateway()


@pytest.fixture
def newcomer(world) -> User:
    """An imported deputy: a phone number, no password."""
    world.deputy.phone, world.deputy.password_hash = PHONE, ""
    db.session.commit()
    return world.deputy


def send(client, path: str, data: dict):
    """A code request. Buffered: the test client then closes the response as a server always does,
    and the code goes out on that close (tracker.web.accounts.sending)."""
    return client.post(path, data=data, buffered=True)


def field_errors(response, name: str) -> list[str]:
    return re.findall(rf'data-field-error="{name}">([^<]*)<', text(response))


def value_of(response, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', text(response))
    return found.group(1) if found else ""


@pytest.mark.parametrize("stored", ["", None])
def test_an_account_without_a_password_cannot_sign_in_and_is_told_to_activate(auth, client, newcomer, stored):
    newcomer.password_hash = stored
    db.session.commit()
    response = auth.login(newcomer, password="anything")
    assert response.status_code == 400
    assert "尚未设置密码" in text(response) and "/activate" in text(response)
    # Said to every failed sign-in alike, so it does not tell that this username exists.
    nobody = client.post("/login", data={"username": "nobody-at-all", "password": "anything"})
    assert field_errors(nobody, "password") == field_errors(response, "password")


def test_activation_by_sms_code_reaches_the_file_gateway_and_signs_in(client, newcomer, gateway):
    sent = send(client, "/activate/send", {"target": "+86 139 5555 6666"})
    assert sent.status_code == 200 and "data-code-sent" in text(sent)
    assert value_of(sent, "target") == "+86 139 5555 6666"  # kept for the next step
    (sms,) = gateway.sms()
    assert sms["to"] == PHONE and "激活账号" in sms["text"] and sms["id"].startswith("login-code-")
    done = client.post("/activate", data={"target": PHONE, "code": gateway.code(), "password": "first-pass-1",
                                          "confirm": "first-pass-1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/")
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert verify_password(db.session.get(User, newcomer.id).password_hash, "first-pass-1")
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"send_login_code", "activate_account"} <= actions


@pytest.mark.parametrize("target, message", [("12345", "中国大陆手机号码"), ("", "请输入手机号码或电子邮箱"),
                                             ("li@", "有效的电子邮箱")])
def test_a_bad_number_is_a_field_error_with_the_input_kept(client, newcomer, gateway, target, message):
    response = send(client, "/login/code/send", {"target": target})
    assert response.status_code == 400
    assert any(message in e for e in field_errors(response, "target"))
    assert value_of(response, "target") == target and gateway.sms() == []


def test_bad_code_and_password_shapes_are_field_errors(client, newcomer, gateway):
    response = client.post("/activate", data={"target": PHONE, "code": "12", "password": "first-pass-1",
                                              "confirm": "other-pass-1"})
    assert response.status_code == 400
    assert field_errors(response, "code") == ["验证码为 6 位数字。"]
    assert field_errors(response, "confirm") == ["两次输入的密码不一致。"]
    assert value_of(response, "target") == PHONE


def test_a_wrong_code_is_refused_on_its_field_and_the_try_is_counted(client, newcomer, gateway):
    send(client, "/login/code/send", {"target": PHONE})
    wrong = "000000" if gateway.code() != "000000" else "111111"
    response = client.post("/login/code", data={"target": PHONE, "code": wrong})
    assert response.status_code == 400
    assert field_errors(response, "code") == ["验证码错误或已过期。请核对，或重新获取。"]
    assert value_of(response, "target") == PHONE and value_of(response, "code") == wrong
    db.session.expire_all()
    assert db.session.scalar(select(LoginCode.attempts)) == 1  # committed before the refusal
    assert client.get("/").status_code == 302


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


def test_an_unknown_number_gets_the_same_page_and_no_message(client, newcomer, gateway):
    known = send(client, "/login/code/send", {"target": PHONE})
    unknown = send(client, "/login/code/send", {"target": "13800000000"})
    assert known.status_code == unknown.status_code == 200
    # The CSRF tokens carry their second of signing: the two pages may straddle one.
    assert (without_tokens(text(known)).replace(PHONE, "N")
            == without_tokens(text(unknown)).replace("13800000000", "N"))
    assert len(gateway.sms()) == 1
    refused = client.post("/login/code", data={"target": "13800000000", "code": "123456"})
    assert refused.status_code == 400 and "验证码错误或已过期" in text(refused)


def test_known_and_unknown_numbers_are_answered_after_the_same_floor(app, client, newcomer, gateway,
                                                                     monkeypatch):
    monkeypatch.setitem(app.config, "CODE_ANSWER_SECONDS", 0.2)
    for target in (PHONE, "13800000000"):
        started = time.monotonic()
        assert send(client, "/login/code/send", {"target": target}).status_code == 200
        assert 0.2 <= time.monotonic() - started < 1.0


def test_sms_sign_in_for_someone_with_a_password_is_single_use(client, auth, world, gateway):
    world.deputy2.phone = PHONE
    db.session.commit()
    send(client, "/login/code/send", {"target": PHONE})
    code = gateway.code()
    first = client.post("/login/code", data={"target": PHONE, "code": code})
    assert first.status_code == 302 and world.deputy2.name in text(client.get("/"))
    auth.logout()
    again = client.post("/login/code", data={"target": PHONE, "code": code})
    assert again.status_code == 400 and "验证码错误或已过期" in text(again)


def test_a_code_expires_after_ten_minutes(client, clock, newcomer, gateway):
    send(client, "/login/code/send", {"target": PHONE})
    clock((now() + timedelta(minutes=10, seconds=1)).isoformat())
    response = client.post("/login/code", data={"target": PHONE, "code": gateway.code()})
    assert response.status_code == 400 and "验证码错误或已过期" in text(response)
    clock(NOW)


def test_code_requests_per_number_are_throttled_with_a_429_saying_when(client, newcomer, gateway):
    for _ in range(3):
        assert send(client, "/login/code/send", {"target": PHONE}).status_code == 200
    # The same number however typed, and in another flow: the same count.
    response = send(client, "/forgot/send", {"target": "+86 139-5555-6666"})
    assert response.status_code == 429
    assert re.search(r"请 \d+ 分钟后（\d\d:\d\d 以后）再试", text(response))
    assert "Retry-After" in response.headers and len(gateway.sms()) == 3
    # Unknown numbers are counted alike (the throttle tells nothing either)...
    for _ in range(3):
        send(client, "/login/code/send", {"target": "13800000000"})
    assert send(client, "/login/code/send", {"target": "13800000000"}).status_code == 429
    # ...and a malformed one is a form error, not a count.
    assert send(client, "/login/code/send", {"target": "123"}).status_code == 400


def test_code_requests_per_client_address_are_throttled(app, client, newcomer, gateway, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_LIMIT_PER_ADDRESS", "2 per hour")
    for number in ("13800000001", "13800000002"):
        assert send(client, "/login/code/send", {"target": number}).status_code == 200
    response = send(client, "/login/code/send", {"target": PHONE})
    assert response.status_code == 429 and "操作过于频繁" in text(response) and gateway.sms() == []


def test_forgotten_password_by_email_code(client, auth, world, gateway):
    # example.com, not the factories' example.test: email-validator refuses special-use domains
    world.deputy.email = "li.deputy@example.com"
    db.session.commit()
    response = send(client, "/forgot/send", {"target": "Li.Deputy@EXAMPLE.com"})
    assert response.status_code == 200 and "代表工委" in text(response)  # the no-phone sentence is there
    mail = gateway.mail()
    assert world.deputy.email in mail and "用于重置密码" in mail
    code = re.search(r"(?<!\d)\d{6}(?!\d)", mail.split("Subject:", 1)[1]).group()
    done = client.post("/forgot", data={"target": world.deputy.email, "code": code, "password": "new-pass-12",
                                        "confirm": "new-pass-12"})
    assert done.status_code == 302
    auth.logout()
    assert auth.login(world.deputy, password="new-pass-12").status_code == 302


def test_admin_reset_forces_a_change_and_its_link_works_once(client, auth, world):
    token = issue_reset(db.session, world.deputy, by=world.admin, at=now())
    db.session.commit()
    signed_in = auth.login(world.deputy)  # the old password still opens the door, to one room only
    assert signed_in.headers["Location"].endswith("/profile/password")
    assert client.get("/items/new").headers["Location"].endswith("/profile/password")
    page = client.get("/profile/password")
    assert page.status_code == 200 and "data-forced" in text(page)
    auth.logout()
    assert client.get(f"/reset/{token}").status_code == 200
    short = client.post(f"/reset/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 400 and field_errors(short, "password")
    done = client.post(f"/reset/{token}", data={"password": "new-pass-12", "confirm": "new-pass-12"})
    assert done.status_code == 302 and client.get("/items/new").status_code == 200
    auth.logout()
    gone = client.get(f"/reset/{token}")
    assert gone.status_code == 410 and "已过期或已使用" in text(gone)
    assert client.get("/reset/made-up-token").status_code == 410


def test_profile_keeps_bad_input_and_refuses_someone_elses_number(auth, world):
    world.deputy2.phone = PHONE
    db.session.commit()
    client = auth.as_(world.deputy)
    page = client.get("/profile")
    assert page.status_code == 200 and "个人资料" in text(page)
    data = {"phone": "1391234", "email": "bad@", "locale": "zh", "by_email": "y"}
    bad = client.post("/profile", data=data)
    assert bad.status_code == 400 and value_of(bad, "phone") == "1391234" and value_of(bad, "email") == "bad@"
    assert field_errors(bad, "phone") and field_errors(bad, "email")
    taken = client.post("/profile", data={**data, "phone": "+86 139 5555 6666", "email": ""})
    assert taken.status_code == 400
    assert field_errors(taken, "phone") == ["该手机号码已被其他账号使用。"]
    assert value_of(taken, "phone") == "+86 139 5555 6666"


def test_profile_saves_contact_language_and_reminder_channels_audited(auth, world):
    client = auth.as_(world.deputy)
    response = client.post("/profile", data={"phone": "", "email": "li.new@example.com",
                                             "locale": "en", "by_email": "y", "notify_digest": "y"})
    assert response.status_code == 302  # a new number waits for its code: tests/web/test_web_phone_change.py
    db.session.expire_all()
    user = db.session.get(User, world.deputy.id)
    assert (user.phone or "", user.email, user.locale, user.notify_digest) == ("", "li.new@example.com",
                                                                               "en", True)
    pref = db.session.get(ReminderPreference, user.id)
    assert pref.by_email and not pref.by_sms
    assert "My profile" in text(client.get("/profile"))  # the page follows the chosen language
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_profile"))
    assert event.actor_id == user.id and event.data["by_sms"] == [True, False]


def test_password_change_needs_the_current_password(auth, world):
    client = auth.as_(world.deputy)
    data = {"current": "wrong", "password": "new-pass-12", "confirm": "new-pass-12"}
    wrong = client.post("/profile/password", data=data)
    assert wrong.status_code == 400 and field_errors(wrong, "current") == ["当前密码不正确。"]
    assert client.post("/profile/password", data={**data, "current": PASSWORD}).status_code == 302
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "change_password"))


def test_a_code_sign_in_from_an_item_link_lands_on_the_item(client, newcomer, gateway, item_in):
    item = item_in(State.ASSIGNED)
    asked = client.get(f"/items/{item.id}")
    assert asked.status_code == 302 and "next=" in asked.location
    page = text(client.get(asked.location))
    assert f"next=/items/{item.id}" in page.replace("%2F", "/")  # the code form keeps the link too
    send(client, f"/login/code/send?next=/items/{item.id}", {"target": PHONE})
    done = client.post(f"/login/code?next=/items/{item.id}", data={"target": PHONE, "code": gateway.code()})
    assert done.status_code == 302 and done.location.endswith(f"/items/{item.id}")
    crafted = client.post("/logout")
    assert crafted.status_code == 302
    send(client, "/login/code/send?next=//evil.test/x", {"target": PHONE})
    elsewhere = client.post("/login/code?next=//evil.test/x", data={"target": PHONE, "code": gateway.code()})
    assert elsewhere.status_code == 302 and "evil" not in elsewhere.location
