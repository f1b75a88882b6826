"""Logins without HTTP: a random secret per login kept as its digest, timeouts, ends by everyone who may."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.accounts import logins
from tracker.domain.accounts.logins import Limits
from tracker.domain.errors import NotAllowedNow, RoleNotHeld
from tracker.domain.people.leaving import deactivate_person
from tracker.domain.people.logins import end_person_logins
from tracker.extensions import db
from tracker.models import AuditEvent, Login, LoginEnd
from tracker.workflow import AuditAction, Role

NOW = at(2026, 5, 20)
LIMITS = Limits(idle=timedelta(hours=2), absolute=timedelta(hours=12), remember=timedelta(days=30))


def _open(user, *, remember=False, moment=NOW):
    return logins.open_login(db.session, user, at=moment, remember=remember, address="10.0.0.7",
                             agent="Mozilla/5.0 " + "x" * 300, limits=LIMITS)


def test_each_login_gets_its_own_secret_and_only_its_digest_is_stored(make):
    user = make.user(Role.DEPUTY)
    first, token = _open(user)
    second, token2 = _open(user)
    secret = token.partition(".")[2]
    assert token != token2 and token.startswith(f"{first.id}.") and len(secret) >= 40
    assert first.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {first.secret_digest, second.secret_digest}
    assert len(first.user_agent) == 200 and first.address == "10.0.0.7"
    assert logins.find_login(db.session, token, at=NOW, limits=LIMITS) is first


@pytest.mark.parametrize("token", ["", "x", "1", "1.", ".abc", "99999999.abc", "1" * 40 + ".abc", None])
def test_a_malformed_or_unknown_token_finds_nothing(make, token):
    _open(make.user(Role.DEPUTY))
    assert logins.find_login(db.session, token, at=NOW, limits=LIMITS) is None


def test_a_right_id_with_a_wrong_secret_finds_nothing(make):
    login, token = _open(make.user(Role.DEPUTY))
    assert logins.find_login(db.session, f"{login.id}.{'A' * 43}", at=NOW, limits=LIMITS) is None


@pytest.mark.parametrize("remember, after, live", [
    (False, timedelta(hours=1, minutes=59), True), (False, timedelta(hours=2), False),  # idle
    (True, timedelta(days=3), True),  # kept signed in: no idle limit
    (True, timedelta(days=30), False),  # but 30 days at most
])
def test_idle_and_remembered_limits(make, remember, after, live):
    login, token = _open(make.user(Role.DEPUTY), remember=remember)
    assert (logins.find_login(db.session, token, at=NOW + after, limits=LIMITS) is login) is live


def test_the_absolute_limit_holds_however_busy_the_login(make):
    login, token = _open(make.user(Role.DEPUTY))
    for hour in range(1, 12):  # seen every hour: never idle
        assert logins.note_seen(login, NOW + timedelta(hours=hour), LIMITS)
    assert logins.find_login(db.session, token, at=NOW + timedelta(hours=11, minutes=59), limits=LIMITS)
    assert logins.find_login(db.session, token, at=NOW + timedelta(hours=12), limits=LIMITS) is None


def test_remember_never_outlasts_thirty_days_whatever_the_setting():
    limits = Limits.of({"LOGIN_IDLE_MINUTES": 5, "LOGIN_ABSOLUTE_HOURS": 1, "LOGIN_REMEMBER_DAYS": 365,
                        "LOGIN_SEEN_SECONDS": 60})
    assert limits.remember == timedelta(days=30) and limits.idle == timedelta(minutes=5)


def test_last_seen_is_written_at_most_once_a_minute(make):
    login, _ = _open(make.user(Role.DEPUTY))
    assert not logins.note_seen(login, NOW + timedelta(seconds=59), LIMITS)
    assert login.last_seen_at == NOW
    assert logins.note_seen(login, NOW + timedelta(seconds=60), LIMITS)
    assert login.last_seen_at == NOW + timedelta(seconds=60)


def test_ending_one_login_leaves_the_others(make):
    user = make.user(Role.DEPUTY)
    (one, t1), (two, t2) = _open(user), _open(user)
    logins.end_login(db.session, one, at=NOW, reason=LoginEnd.LOGOUT)
    assert one.end_reason is LoginEnd.LOGOUT
    assert logins.find_login(db.session, t1, at=NOW, limits=LIMITS) is None
    assert logins.find_login(db.session, t2, at=NOW, limits=LIMITS) is two
    assert logins.live_logins(db.session, user.id, at=NOW, limits=LIMITS) == [two]


def test_a_person_ends_their_other_logins_or_one_and_it_is_audited(make):
    user, other = make.user(Role.DEPUTY), make.user(Role.DEPUTY)
    (here, _), (phone, _), (laptop, _) = _open(user), _open(user), _open(user)
    (theirs, _) = _open(other)
    assert logins.end_own_login(db.session, user, phone.id, current=here, at=NOW) == 1
    with pytest.raises(NotAllowedNow):  # another person's login is not one of mine to end
        logins.end_own_login(db.session, user, theirs.id, current=here, at=NOW)
    assert logins.end_own_login(db.session, user, None, current=here, at=NOW) == 1  # the laptop
    assert [row.id for row in logins.live_logins(db.session, user.id, at=NOW, limits=LIMITS)] == [here.id]
    assert laptop.end_reason is LoginEnd.BY_SELF and theirs.ended_at is None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.END_LOGINS)).all()
    assert [(e.actor_id, e.data["count"]) for e in events] == [(user.id, 1), (user.id, 1)]


def test_an_administrator_ends_a_persons_logins_audited_and_only_an_administrator(make):
    admin, user = make.user(Role.ADMIN), make.user(Role.DEPUTY)
    (one, _), (two, _) = _open(user), _open(user)
    with pytest.raises(RoleNotHeld):
        end_person_logins(db.session, make.user(Role.OFFICE_STAFF), user, None, at=NOW)
    assert end_person_logins(db.session, admin, user, one.id, at=NOW) == 1
    assert end_person_logins(db.session, admin, user, None, at=NOW) == 1
    assert (one.end_reason, two.end_reason) == (LoginEnd.BY_ADMIN, LoginEnd.BY_ADMIN)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.END_LOGINS)
                               .order_by(AuditEvent.id)).first()
    assert (event.actor_id, event.role, event.data["user"], event.data["login"]) == \
        (admin.id, Role.ADMIN, user.id, one.id)


def test_deactivating_a_person_ends_their_logins(make):
    admin, user = make.user(Role.ADMIN), make.user(Role.DEPUTY)
    login, token = _open(user)
    assert deactivate_person(db.session, admin, user, successor=None, at=NOW)
    db.session.expire_all()
    assert db.session.get(Login, login.id).end_reason is LoginEnd.DEACTIVATED
    assert logins.find_login(db.session, token, at=NOW, limits=LIMITS) is None


def test_a_new_password_ends_every_other_login(make):
    from tracker.domain.accounts.profile import change_password, set_password

    user = make.user(Role.DEPUTY)
    set_password(db.session, user, "old-pass-1", at=NOW)
    (here, _), (elsewhere, _) = _open(user), _open(user)
    change_password(db.session, user, current="old-pass-1", new="new-pass-1", at=NOW, keep=here)
    assert here.ended_at is None and elsewhere.end_reason is LoginEnd.PASSWORD
    set_password(db.session, user, "reset-pass-1", at=NOW)  # a reset: no device kept
    assert here.end_reason is LoginEnd.PASSWORD
