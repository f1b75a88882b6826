"""A person's own profile without HTTP: mainland numbers, emails, duplicates refused, changes audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.accounts.contact import find_account, normalize_phone
from tracker.domain.accounts.profile import (
    Profile,
    change_password,
    profile_of,
    set_large_text,
    update_profile,
)
from tracker.domain.errors import InvalidData
from tracker.extensions import db
from tracker.models import AuditEvent, ReminderPreference
from tracker.security import hash_password, verify_password
from tracker.workflow import Role

NOW = at(2026, 5, 20)
KEY = "test-secret"


@pytest.mark.parametrize("raw, number", [
    ("13912345678", "13912345678"), ("+86 139 1234 5678", "13912345678"),
    ("0086-139-1234-5678", "13912345678"),
    ("8613912345678", "13912345678"), (" 199 1234 5678 ", "19912345678"), ("(+86)13912345678", "13912345678"),
    ("12912345678", None), ("1391234567", None), ("139123456789", None), ("010-12345678", None), ("", None),
    ("abc", None),
])
def test_only_mainland_mobile_numbers_pass(raw, number):
    assert normalize_phone(raw) == number


def _wanted(**kw) -> Profile:
    values = dict(phone="", email="", locale="zh", notify_digest=False, by_email=True, by_sms=True)
    values.update(kw)
    return Profile(**values)


def test_profile_is_stored_normalised_and_each_change_audited(make):
    user = make.user(Role.DEPUTY)
    user.email = ""
    saved = update_profile(db.session, user, _wanted(phone="+86 139 1234 5678", email="Li@Example.test",
                                                     locale="en", notify_digest=True, by_sms=False),
                           at=NOW, secret=KEY)
    assert user.email == "Li@Example.test" and user.locale == "en"
    assert user.notify_digest and db.session.get(ReminderPreference, user.id).by_sms is False
    # The new number waits for its code (tests/domain/test_accounts_phone_change.py).
    assert user.phone == "" and saved.pending == "13912345678" and saved.sent[0].to == "13912345678"
    assert set(saved.changed) == {"email", "locale", "notify_digest", "by_sms"}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_profile"))
    assert event.actor_id == user.id and event.role is None and event.data["locale"] == ["zh", "en"]
    count = len(db.session.scalars(select(AuditEvent)).all())
    # Nothing changed: nothing audited, nothing sent.
    assert update_profile(db.session, user, profile_of(db.session, user), at=NOW, secret=KEY).changed == {}
    assert len(db.session.scalars(select(AuditEvent)).all()) == count


@pytest.mark.parametrize("field, mine, theirs", [
    ("phone", "139 1234 5678", {"phone": "13912345678"}),
    ("email", "SHARED@example.test", {"email": "shared@example.test"}),
])
def test_another_accounts_phone_or_email_is_refused_on_its_field(make, field, mine, theirs):
    other = make.user(Role.DEPUTY)
    for name, value in theirs.items():
        setattr(other, name, value)
    me = make.user(Role.DEPUTY)
    with pytest.raises(InvalidData) as refused:
        update_profile(db.session, me, _wanted(**{field: mine}), at=NOW, secret=KEY)
    assert refused.value.field == field
    assert "已被其他账号使用" in refused.value.zh


def test_a_malformed_number_is_refused(make):
    with pytest.raises(InvalidData) as refused:
        update_profile(db.session, make.user(Role.DEPUTY), _wanted(phone="12345"), at=NOW, secret=KEY)
    assert refused.value.field == "phone"


def test_shared_legacy_numbers_belong_to_nobody(make):
    one = make.user(Role.DEPUTY, phone="13912345678")
    assert find_account(db.session, "+8613912345678") == one
    make.user(Role.DEPUTY, phone="13912345678")  # imported twice
    assert find_account(db.session, "13912345678") is None
    assert find_account(db.session, one.email.upper()) == one


def test_password_change_needs_the_current_one_and_clears_the_forced_change(make):
    user = make.user(Role.DEPUTY)
    user.password_hash, user.must_change_password = hash_password("old-pass-1"), True
    with pytest.raises(InvalidData) as wrong:
        change_password(db.session, user, current="nope", new="new-pass-1", at=NOW)
    assert wrong.value.field == "current"
    for weak in ("short1", "12345678901"):
        with pytest.raises(InvalidData) as refused:
            change_password(db.session, user, current="old-pass-1", new=weak, at=NOW)
        assert refused.value.field == "password"
    change_password(db.session, user, current="old-pass-1", new="new-pass-1", at=NOW)
    assert verify_password(user.password_hash, "new-pass-1") and not user.must_change_password
    assert db.session.scalar(select(AuditEvent.action)) == "change_password"


def test_an_account_without_a_password_sets_one_without_a_current(make):
    user = make.user(Role.DEPUTY)
    user.password_hash = None
    change_password(db.session, user, current="", new="first-pass-1", at=NOW)
    assert verify_password(user.password_hash, "first-pass-1")


def test_large_text_is_kept_on_the_person_from_the_switch_or_the_profile_and_audited(make):
    user = make.user(Role.DEPUTY)
    assert profile_of(db.session, user).large_text is False
    assert set_large_text(db.session, user, True, at=NOW) is True
    assert set_large_text(db.session, user, True, at=NOW) is False  # no change, no record
    assert profile_of(db.session, user).large_text is True
    update_profile(db.session, user, _wanted(large_text=False), at=NOW, secret=KEY)
    assert user.large_text is False
    changes = db.session.scalars(select(AuditEvent.data).where(AuditEvent.actor_id == user.id)
                                 .order_by(AuditEvent.id)).all()
    assert [c["large_text"] for c in changes] == [[False, True], [True, False]]
