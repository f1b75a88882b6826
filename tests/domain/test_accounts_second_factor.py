"""The authenticator app's second step without HTTP: set up with a code, a code used once, removal
with a code, an administrator's reset, and a congress's requirement for its office, supervisors
and administrators."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.accounts import second_factor as sf
from tracker.domain.errors import InvalidData, NotAllowedNow
from tracker.extensions import db
from tracker.models import AuditEvent, Congress, tenancy
from tracker.workflow import Role

KEY = "test-app-secret"
WHEN = at(2026, 5, 20)


def code_at(secret: str, moment) -> str:
    return pyotp.TOTP(secret).at(moment)


def _enrolled(make, *roles):
    user = make.user(*(roles or (Role.DEPUTY,)))
    secret = sf.start_enrolment(user, key=KEY)
    sf.confirm_enrolment(db.session, user, code_at(secret, WHEN), key=KEY, at=WHEN)
    return user, secret


def test_setting_up_keeps_the_secret_encrypted_and_needs_a_code_from_the_app(make):
    user = make.user(Role.DEPUTY)
    secret = sf.start_enrolment(user, key=KEY)
    assert secret not in user.totp_secret and len(secret) >= 32
    assert sf.start_enrolment(user, key=KEY) == secret  # the page drawn again: the same QR code
    assert sf.pending_secret(user, key="another-app-secret") is None
    with pytest.raises(InvalidData):
        sf.confirm_enrolment(db.session, user, "000000" if code_at(secret, WHEN) != "000000" else "111111",
                             key=KEY, at=WHEN)
    assert not sf.is_enrolled(user)
    sf.confirm_enrolment(db.session, user, code_at(secret, WHEN), key=KEY, at=WHEN)
    assert sf.is_enrolled(user) and sf.pending_secret(user, key=KEY) is None  # never shown again
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)) == \
        "enrol_second_factor"
    with pytest.raises(NotAllowedNow):
        sf.start_enrolment(user, key=KEY)


def test_a_code_is_accepted_once_in_its_window_and_a_later_one_after_it(make):
    user, secret = _enrolled(make)
    later = WHEN + timedelta(seconds=60)
    code = code_at(secret, later)
    assert sf.check_code(user, code, key=KEY, at=later)
    assert not sf.check_code(user, code, key=KEY, at=later)  # replayed within its window
    assert not sf.check_code(user, code, key=KEY, at=later + timedelta(seconds=25))
    assert not sf.check_code(user, code_at(secret, later - timedelta(seconds=30)), key=KEY, at=later)  # older
    next_step = later + timedelta(seconds=30)
    assert sf.check_code(user, code_at(secret, next_step), key=KEY, at=next_step)


def test_a_phone_clock_one_step_off_still_works_two_steps_do_not(make):
    user, secret = _enrolled(make)
    later = WHEN + timedelta(minutes=5)
    assert not sf.check_code(user, code_at(secret, later + timedelta(seconds=90)), key=KEY, at=later)
    assert sf.check_code(user, code_at(secret, later + timedelta(seconds=30)), key=KEY, at=later)
    assert not sf.check_code(user, "12 34", key=KEY, at=later)


def test_removal_needs_a_code_and_an_administrators_reset_is_audited(make):
    user, secret = _enrolled(make)
    later = WHEN + timedelta(minutes=2)
    with pytest.raises(InvalidData):
        sf.remove(db.session, user, code_at(secret, WHEN), key=KEY, at=later)  # a stale code
    sf.remove(db.session, user, code_at(secret, later), key=KEY, at=later)
    assert not sf.is_enrolled(user) and user.totp_secret is None
    other, _ = _enrolled(make)
    admin = make.user(Role.ADMIN)
    sf.reset_by_admin(db.session, other, by=admin, at=later)
    assert not sf.is_enrolled(other)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reset_second_factor"))
    assert event.actor_id == admin.id and event.role is Role.ADMIN and event.data == {"user": other.id}
    with pytest.raises(NotAllowedNow):
        sf.reset_by_admin(db.session, other, by=admin, at=later)


@pytest.mark.parametrize("role, required", [(Role.OFFICE_STAFF, True), (Role.SUPERVISOR, True),
                                            (Role.ADMIN, True), (Role.DEPUTY, False),
                                            (Role.UNIT_HANDLER, False)])
def test_a_congress_requires_the_second_step_of_its_office_supervisors_and_administrators(make, role,
                                                                                          required):
    person, admin = make.user(role), make.user(Role.ADMIN)
    congress = db.session.get(Congress, tenancy.current_congress_id())
    assert not sf.is_required(db.session, person)
    assert sf.require_for_congress(db.session, congress, True, by=admin, at=WHEN)
    assert not sf.require_for_congress(db.session, congress, True, by=admin, at=WHEN)  # nothing changed
    assert sf.is_required(db.session, person) is required
    assert db.session.scalar(select(AuditEvent.data).where(AuditEvent.action == "require_second_factor")) == \
        {"required": True, "roles": ["office_staff", "supervisor", "admin"]}


def test_another_congresss_requirement_counts_where_the_person_holds_such_a_role_there(make):
    person = make.user(Role.DEPUTY)
    other = add_congress("chengxi", "城西区", second_factor_required=True)
    with tenancy.scope(db.session, other.id):
        from tracker.models import UserRole
        db.session.add(UserRole(user_id=person.id, role=Role.DEPUTY))
        db.session.flush()
        assert not sf.is_required(db.session, person)
        db.session.add(UserRole(user_id=person.id, role=Role.SUPERVISOR))
        db.session.flush()
    assert sf.is_required(db.session, person)  # asked at sign-in, whichever congress is chosen after
