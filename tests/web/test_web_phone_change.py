"""A new mobile number on the profile page: a code to the new number, typed back; the old one told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.conftest import NOW
from tests.web.helpers import text
from tests.web.test_web_accounts import field_errors, fresh_counts, gateway, send, value_of  # noqa: F401
from tracker.clock import now
from tracker.domain.accounts import tokens
from tracker.extensions import db
from tracker.models import AuditEvent, User

OLD, NEW = "13812341234", "13955556666"


@pytest.fixture
def deputy(auth, world, gateway):  # noqa: F811  (the fixture imported above)
    world.deputy.phone = OLD
    db.session.commit()
    return auth.as_(world.deputy), world.deputy.id


def _save(client, phone: str, **extra):
    return send(client, "/profile", {"phone": phone, "email": "", "locale": "zh", "by_email": "y", **extra})


def _phone(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).phone


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_a_new_number_waits_for_the_code_sent_to_it(deputy, gateway):  # noqa: F811
    client, user_id = deputy
    saved = _save(client, "139 5555 6666", large_text="y")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/profile#phone-change")
    (sms,) = gateway.sms()
    assert sms["to"] == NEW and "确认新手机号码" in sms["text"]
    assert _phone(user_id) == OLD and db.session.get(User, user_id).large_text  # the rest is saved
    page = client.get("/profile")
    assert 'data-phone-pending="139****6666"' in text(page) and "139****6666 待确认" in text(page)
    assert value_of(page, "phone") == OLD  # the number in force
    assert "验证码已发送至 139****6666" in text(page)


def test_a_wrong_code_is_a_field_error_with_the_input_kept_and_the_right_one_changes_the_number(
        deputy, gateway):  # noqa: F811
    client, user_id = deputy
    _save(client, NEW)
    code = gateway.code()
    wrong = client.post("/profile/phone", data={"code": _wrong(code)})
    assert wrong.status_code == 400
    assert field_errors(wrong, "code") == ["验证码错误或已过期。请核对，或重新获取。"]
    assert value_of(wrong, "code") == _wrong(code) and _phone(user_id) == OLD
    shape = client.post("/profile/phone", data={"code": "12ab"})
    assert shape.status_code == 400 and field_errors(shape, "code") == ["验证码为 6 位数字。"]
    assert value_of(shape, "code") == "12ab"
    right = client.post("/profile/phone", data={"code": code}, buffered=True)
    assert right.status_code == 302 and _phone(user_id) == NEW
    notice = gateway.sms()[-1]
    assert notice["to"] == OLD and "已更换为 139****6666" in notice["text"]
    page = client.get("/profile")
    assert "data-phone-pending" not in text(page) and value_of(page, "phone") == NEW
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user_id)
                                 .order_by(AuditEvent.id)).all()
    assert actions[-4:] == ["request_phone_change", "send_login_code", "refuse_phone_code", "change_phone"]
    again = client.post("/profile/phone", data={"code": code})  # single use
    assert again.status_code == 400 and _phone(user_id) == NEW


def test_an_expired_code_is_refused_and_the_old_number_stays(deputy, gateway, clock):  # noqa: F811
    client, user_id = deputy
    _save(client, NEW)
    clock((now() + timedelta(minutes=10, seconds=1)).isoformat())
    late = client.post("/profile/phone", data={"code": gateway.code()})
    assert late.status_code == 400 and field_errors(late, "code") and _phone(user_id) == OLD
    assert "data-phone-lapsed" in text(late)
    clock(NOW)


def test_code_requests_to_a_new_number_are_throttled_and_other_saves_are_not(deputy, gateway):  # noqa: F811
    client, _ = deputy
    for _ in range(5):  # saves that ask for no new number count nothing
        assert _save(client, OLD).status_code == 302
    for _ in range(3):
        assert _save(client, NEW).status_code == 302
    throttled = _save(client, "+86 139 5555 6666")  # the same number however typed
    assert throttled.status_code == 429 and "操作过于频繁" in text(throttled) and len(gateway.sms()) == 3
    assert _save(client, OLD).status_code == 302


def test_someone_elses_number_sends_nothing(deputy, world, gateway):  # noqa: F811
    client, user_id = deputy
    world.deputy2.phone = NEW
    db.session.commit()
    taken = _save(client, NEW)
    assert taken.status_code == 400 and field_errors(taken, "phone") == ["该手机号码已被其他账号使用。"]
    assert gateway.sms() == [] and _phone(user_id) == OLD


def test_the_api_offers_no_way_to_change_ones_phone(client, world):
    world.deputy.phone = OLD
    _row, secret = tokens.create_token(db.session, world.deputy, name="t", scopes=["read", "act"],
                                       by=world.deputy, at=now())
    db.session.commit()
    bearer = {"Authorization": f"Bearer {secret}"}
    for method in ("put", "patch", "post"):
        answer = getattr(client, method)("/api/v1/me", headers=bearer, json={"phone": NEW})
        assert answer.status_code == 405
    assert "phone" not in client.get("/api/v1/me", headers=bearer).get_json()
    profile = client.post("/profile", headers=bearer, data={"phone": NEW, "locale": "zh"})
    assert profile.status_code in (302, 401) and "/login" in profile.headers.get("Location", "/login")
    assert _phone(world.deputy.id) == OLD
