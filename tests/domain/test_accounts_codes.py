"""One-time codes without HTTP: hashed, single use, short-lived, few tries; activation, reset, admin links."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.accounts import codes, recovery
from tracker.domain.accounts.delivery import Channels, deliver
from tracker.domain.errors import InvalidData
from tracker.extensions import db
from tracker.models import AuditEvent, CodeChannel, CodePurpose, LoginCode
from tracker.security import code_digest, hash_password, verify_password
from tracker.workflow import Role

NOW = at(2026, 5, 20)
KEY = "test-secret"
PHONE = "13912345678"


def _code_of(out: codes.Outgoing) -> str:
    return re.search(r"(?<!\d)\d{6}(?!\d)", out.text).group()


@pytest.fixture
def person(make):
    user = make.user(Role.DEPUTY, phone=PHONE)
    user.email, user.password_hash = "li@example.test", None  # imported, never activated
    return user


def test_a_code_is_stored_only_as_its_keyed_digest_and_says_what_it_is_for(person):
    out = codes.request_code(db.session, "+86 139-1234-5678", CodePurpose.ACTIVATE, at=NOW, secret=KEY)
    code = _code_of(out)
    row = db.session.scalar(select(LoginCode))
    assert row.code_digest == code_digest(KEY, code) and code not in row.code_digest
    assert row.expires_at - row.created_at == timedelta(minutes=10) and row.channel is CodeChannel.SMS
    assert out.to == PHONE and out.channel is CodeChannel.SMS and "激活账号" in out.text
    assert db.session.scalar(select(AuditEvent.action)) == "send_login_code"


@pytest.mark.parametrize("target", ["13800000000", "nobody@example.test", "not a number"])
def test_nobody_gets_nothing_and_no_trace(person, target):
    assert codes.request_code(db.session, target, CodePurpose.SIGN_IN, at=NOW, secret=KEY) is None
    assert db.session.scalar(select(func.count(LoginCode.id))) == 0


def test_activation_only_for_accounts_without_a_password_and_disabled_accounts_get_nothing(person, make):
    has_one = make.user(Role.DEPUTY, phone="13700000000")
    has_one.password_hash = hash_password("x-pass-123")
    assert codes.request_code(db.session, "13700000000", CodePurpose.ACTIVATE, at=NOW, secret=KEY) is None
    assert codes.request_code(db.session, "13700000000", CodePurpose.SIGN_IN, at=NOW, secret=KEY) is not None
    person.is_active_user = False
    assert codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY) is None


def test_activation_sets_the_password_once(person):
    code = _code_of(codes.request_code(db.session, PHONE, CodePurpose.ACTIVATE, at=NOW, secret=KEY))
    with pytest.raises(InvalidData):  # a refused password leaves the code usable
        recovery.activate(db.session, PHONE, code, "short", at=NOW, secret=KEY)
    result = recovery.activate(db.session, PHONE, code, "first-pass-1", at=NOW, secret=KEY)
    assert result.user == person and verify_password(person.password_hash, "first-pass-1")
    again = recovery.activate(db.session, PHONE, code, "other-pass-1", at=NOW, secret=KEY)
    assert again.user is None and again.refusal.field == "code"


def test_a_code_expires_after_ten_minutes(person):
    code = _code_of(codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY))
    late = recovery.sign_in_with_code(db.session, PHONE, code, at=NOW + timedelta(minutes=10, seconds=1),
                                      secret=KEY)
    assert late.user is None and late.refusal is not None
    in_time = recovery.sign_in_with_code(db.session, PHONE, code, at=NOW + timedelta(minutes=9), secret=KEY)
    assert in_time.user == person


def test_five_wrong_tries_kill_the_code(person):
    code = _code_of(codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY))
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(codes.MAX_ATTEMPTS):
        assert recovery.sign_in_with_code(db.session, PHONE, wrong, at=NOW, secret=KEY).user is None
    assert recovery.sign_in_with_code(db.session, PHONE, code, at=NOW, secret=KEY).user is None
    assert db.session.scalar(select(LoginCode.attempts)) == codes.MAX_ATTEMPTS


def test_a_code_is_for_its_purpose_and_using_one_spends_the_others(person):
    first = _code_of(codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY))
    second = _code_of(codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY))
    assert recovery.reset_with_code(db.session, PHONE, second, "new-pass-12", at=NOW, secret=KEY).user is None
    assert recovery.sign_in_with_code(db.session, PHONE, second, at=NOW, secret=KEY).user == person
    assert recovery.sign_in_with_code(db.session, PHONE, first, at=NOW, secret=KEY).user is None


def test_reset_by_email_code(person):
    out = codes.request_code(db.session, "LI@example.test", CodePurpose.RESET, at=NOW, secret=KEY)
    assert out.channel is CodeChannel.EMAIL and out.to == "li@example.test"
    result = recovery.reset_with_code(db.session, "li@example.test", _code_of(out), "new-pass-12", at=NOW,
                                      secret=KEY)
    assert result.user == person and verify_password(person.password_hash, "new-pass-12")


def test_admin_reset_link_works_once_and_forces_a_change_until_used(person, make):
    admin = make.user(Role.ADMIN)
    person.password_hash = hash_password("old-pass-1")
    old = recovery.issue_reset(db.session, person, by=admin, at=NOW)
    token = recovery.issue_reset(db.session, person, by=admin, at=NOW)
    assert person.must_change_password and len(token) >= 30
    assert recovery.reset_link(db.session, old, NOW) is None  # the newer link replaced it
    assert db.session.scalar(select(LoginCode.code_digest).where(LoginCode.id == 2)) != token
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "issue_reset"))
    assert event.actor_id == admin.id and event.role is Role.ADMIN and event.data == {"user": person.id}
    with pytest.raises(recovery.LinkGone):
        recovery.redeem_reset(db.session, token, "new-pass-12", at=NOW + timedelta(days=3, seconds=1))
    assert recovery.redeem_reset(db.session, token, "new-pass-12", at=NOW) == person
    assert verify_password(person.password_hash, "new-pass-12") and not person.must_change_password
    with pytest.raises(recovery.LinkGone):
        recovery.redeem_reset(db.session, token, "other-pass-12", at=NOW)


def test_the_sms_goes_through_the_gateways_file_backend(person, tmp_path):
    out = codes.request_code(db.session, PHONE, CodePurpose.SIGN_IN, at=NOW, secret=KEY)
    log = tmp_path / "sms.log"
    deliver(out, Channels(mail_url=f"file://{tmp_path / 'mail.log'}", mail_from="t <t@tracker.test>",
                          sms_url=f"file://{log}", sms_key=""))
    sent = json.loads(log.read_text(encoding="utf-8"))
    assert sent["to"] == PHONE and _code_of(out) in sent["text"] and sent["id"] == out.message_id
