"""A new mobile number of one's own, without HTTP: a code to the new number, only a right one changes it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.accounts import codes, phone_change, recovery
from tracker.domain.accounts.profile import Profile, profile_of, update_profile
from tracker.domain.errors import InvalidData
from tracker.extensions import db
from tracker.models import AuditEvent, CodeChannel, CodePurpose, LoginCode
from tracker.security import code_digest
from tracker.workflow import Role

NOW = at(2026, 5, 20)
KEY = "test-secret"
OLD, NEW = "13812341234", "13955556666"


def _code_of(out: codes.Outgoing) -> str:
    return re.search(r"(?<!\d)\d{6}(?!\d)", out.text).group()


@pytest.fixture
def person(make):
    return make.user(Role.DEPUTY, phone=OLD)


def _ask(person, phone: str = NEW, when=NOW):
    wanted = Profile(**{**profile_of(db.session, person).__dict__, "phone": phone})
    return update_profile(db.session, person, wanted, at=when, secret=KEY)


def _actions(person) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == person.id)
                              .order_by(AuditEvent.id)).all()


def test_a_new_number_gets_a_hashed_code_and_the_old_one_stays_in_force(person):
    saved = _ask(person, "+86 139 5555 6666")
    (out,) = saved.sent
    code = _code_of(out)
    assert (out.to, out.channel, saved.pending) == (NEW, CodeChannel.SMS, NEW)
    assert "确认新手机号码" in out.text
    row = db.session.scalar(select(LoginCode))
    assert row.purpose is CodePurpose.CHANGE_PHONE and row.sent_to == NEW
    assert row.code_digest == code_digest(KEY, code) and code not in row.code_digest
    assert person.phone == OLD and phone_change.pending_phone(db.session, person, at=NOW) == NEW
    # The old number still signs in; the new one is nobody's yet.
    assert codes.request_code(db.session, OLD, CodePurpose.SIGN_IN, at=NOW, secret=KEY).to == OLD
    assert codes.request_code(db.session, NEW, CodePurpose.SIGN_IN, at=NOW, secret=KEY) is None
    assert _actions(person)[:2] == ["request_phone_change", "send_login_code"]


def test_the_right_code_changes_the_number_once_and_tells_the_old_number(person):
    code = _code_of(_ask(person).sent[0])
    result = phone_change.confirm_phone_change(db.session, person, code, at=NOW + timedelta(minutes=2),
                                               secret=KEY)
    assert result.phone == NEW and result.refusal is None and person.phone == NEW
    assert result.notice.to == OLD and "139****6666" in result.notice.text and code not in result.notice.text
    assert phone_change.pending_phone(db.session, person, at=NOW) == ""
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "change_phone"))
    assert event.actor_id == person.id and event.data == {"phone": [OLD, NEW], "notice_to": OLD}
    again = phone_change.confirm_phone_change(db.session, person, code, at=NOW, secret=KEY)
    assert again.phone == "" and again.refusal.field == "code"  # single use


def test_a_wrong_code_is_refused_counted_and_audited_and_changes_nothing(person):
    code = _code_of(_ask(person).sent[0])
    wrong = "000000" if code != "000000" else "111111"
    result = phone_change.confirm_phone_change(db.session, person, wrong, at=NOW, secret=KEY)
    assert result.refusal.field == "code" and "验证码错误或已过期" in result.refusal.zh
    assert person.phone == OLD and db.session.scalar(select(LoginCode.attempts)) == 1
    assert "refuse_phone_code" in _actions(person)
    for _ in range(codes.MAX_ATTEMPTS - 1):  # its tries used up, the right code no longer works
        phone_change.confirm_phone_change(db.session, person, wrong, at=NOW, secret=KEY)
    assert phone_change.confirm_phone_change(db.session, person, code, at=NOW, secret=KEY).refusal
    assert person.phone == OLD and phone_change.pending_phone(db.session, person, at=NOW) == ""


def test_an_expired_code_is_refused(person):
    code = _code_of(_ask(person).sent[0])
    late = NOW + codes.CODE_TTL + timedelta(seconds=1)
    assert phone_change.confirm_phone_change(db.session, person, code, at=late, secret=KEY).refusal
    assert person.phone == OLD and phone_change.pending_phone(db.session, person, at=late) == ""


def test_a_second_request_replaces_the_first_and_other_purposes_do_not_count(person):
    first = _code_of(_ask(person).sent[0])
    second = _code_of(_ask(person, "13700007777").sent[0])
    assert phone_change.pending_phone(db.session, person, at=NOW) == "13700007777"
    assert phone_change.confirm_phone_change(db.session, person, first, at=NOW, secret=KEY).refusal
    sign_in = _code_of(codes.request_code(db.session, OLD, CodePurpose.SIGN_IN, at=NOW, secret=KEY))
    assert phone_change.confirm_phone_change(db.session, person, sign_in, at=NOW, secret=KEY).refusal
    assert recovery.sign_in_with_code(db.session, OLD, second, at=NOW, secret=KEY).user is None
    done = phone_change.confirm_phone_change(db.session, person, second, at=NOW, secret=KEY)
    assert done.phone == person.phone == "13700007777"


def test_a_number_taken_meanwhile_is_refused_at_the_code(person, make):
    code = _code_of(_ask(person).sent[0])
    make.user(Role.DEPUTY, phone=NEW)  # an administrator gave it to someone else
    with pytest.raises(InvalidData) as refused:
        phone_change.confirm_phone_change(db.session, person, code, at=NOW, secret=KEY)
    assert "已被其他账号使用" in refused.value.zh


def test_someone_elses_or_a_malformed_number_sends_nothing(person, make):
    make.user(Role.DEPUTY, phone=NEW)
    for bad in (NEW, "12345"):
        with pytest.raises(InvalidData):
            _ask(person, bad)
    assert db.session.scalar(select(LoginCode)) is None


def test_the_same_number_sends_nothing_and_a_removed_number_is_told(person):
    assert _ask(person, OLD).sent == ()
    saved = _ask(person, "")
    assert person.phone == "" and saved.changed["phone"] == [OLD, ""] and saved.pending == ""
    (told,) = saved.sent
    assert told.to == OLD and "已删除" in told.text


def test_a_first_number_is_proven_too_and_nobody_is_told(make):
    person = make.user(Role.DEPUTY, phone="")
    code = _code_of(_ask(person).sent[0])
    assert person.phone == ""
    result = phone_change.confirm_phone_change(db.session, person, code, at=NOW, secret=KEY)
    assert result.phone == NEW and result.notice is None


def test_masked_numbers():
    assert phone_change.masked("13812341234") == "138****1234" and phone_change.masked("") == ""
