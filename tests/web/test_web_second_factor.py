"""The authenticator app over HTTP: set up on the profile page, asked after the password, a code used
once, required by a congress for its office, supervisors and administrators, reset by an
administrator; and the sign-in log page, per congress."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import select

from tests.conftest import add_congress
from tests.web.conftest import NOW
from tests.web.helpers import PASSWORD, text
from tracker.clock import now
from tracker.domain.accounts import signin
from tracker.extensions import db
from tracker.models import AuditEvent, SignInAttempt, SignInMethod, SignInOutcome, User, UserRole, tenancy
from tracker.workflow import Role


def _code(secret: str, seconds: int = 0) -> str:
    return pyotp.TOTP(secret).at(datetime.fromisoformat(NOW) + timedelta(seconds=seconds))


def _key_on(page: str) -> str:
    return re.search(r"data-authenticator-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")


def _enrol_on_profile(client) -> str:
    assert client.post("/profile/second-factor/start").status_code == 302
    page = text(client.get("/profile/second-factor"))
    assert "<svg" in page and "data-authenticator-qr" in page  # the QR code, drawn inline
    secret = _key_on(page)
    assert client.post("/profile/second-factor/confirm", data={"code": "12345"}).status_code == 400
    assert client.post("/profile/second-factor/confirm", data={"code": _code(secret)}).status_code == 302
    page = text(client.get("/profile/second-factor"))
    assert 'data-second-factor="on"' in page and secret not in page.replace(" ", "")  # never again
    return secret


def _password(client, user: User):
    return client.post("/login", data={"username": user.username, "password": PASSWORD})


def test_set_up_on_the_profile_then_asked_after_the_password_and_a_code_works_once(client, auth, world,
                                                                                   clock):
    secret = _enrol_on_profile(auth.as_(world.deputy))
    db.session.expire_all()
    assert world.deputy.totp_secret and secret not in world.deputy.totp_secret  # stored encrypted
    auth.logout()
    first = _password(client, world.deputy)
    assert first.headers["Location"].endswith("/login/second-step")
    assert client.get("/").status_code == 302  # not signed in yet
    used = _code(secret, 30)
    clock(datetime.fromisoformat(NOW) + timedelta(seconds=30))
    assert client.post("/login/second-step", data={"code": "000000" if used != "000000" else "111111"}
                       ).status_code == 400
    assert client.post("/login/second-step", data={"code": used}).status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    _password(client, world.deputy)
    replay = client.post("/login/second-step", data={"code": used})
    assert replay.status_code == 400 and "已使用过" in text(replay)  # the same code again: refused
    clock(datetime.fromisoformat(NOW) + timedelta(seconds=60))
    assert client.post("/login/second-step", data={"code": _code(secret, 60)}).status_code == 302
    outcomes = [r for r in db.session.execute(select(SignInAttempt.method, SignInAttempt.outcome)
                                              .where(SignInAttempt.user_id == world.deputy.id)
                                              .order_by(SignInAttempt.id))]
    assert (SignInMethod.PASSWORD, SignInOutcome.SECOND_STEP) in outcomes
    assert outcomes[-1] == (SignInMethod.SECOND_FACTOR, SignInOutcome.SUCCESS)
    assert outcomes.count((SignInMethod.SECOND_FACTOR, SignInOutcome.FAILURE)) == 2


def test_wrong_codes_are_throttled_like_passwords(client, auth, world):
    _enrol_on_profile(auth.as_(world.deputy))
    auth.logout()
    _password(client, world.deputy)
    statuses = [client.post("/login/second-step", data={"code": "999999"}).status_code for _ in range(4)]
    assert statuses[-1] == 429 and "失败次数过多" in text(client.post("/login/second-step",
                                                                    data={"code": "999999"}))


def test_the_second_step_without_a_password_first_goes_back_to_sign_in(client, world):
    assert client.get("/login/second-step").headers["Location"].endswith("/login")
    assert client.post("/login/second-step/setup", data={"code": "123456"}).headers["Location"].endswith(
        "/login")


def test_a_congress_that_requires_it_sends_its_office_to_set_it_up_but_not_its_deputies(client, auth, world):
    admin = auth.as_(world.admin)
    assert admin.post("/admin/sign-ins/second-step", data={"required": "y"}).status_code == 302
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "require_second_factor"))
    auth.logout()
    assert _password(client, world.deputy).headers["Location"].endswith("/")  # not for deputies
    auth.logout()
    asked = _password(client, world.office)
    assert asked.headers["Location"].endswith("/login/second-step/setup")
    assert client.get("/items").status_code == 302  # nothing else before it is set up
    page = text(client.get("/login/second-step/setup"))
    secret = _key_on(page)
    done = client.post("/login/second-step/setup", data={"code": _code(secret)})
    assert done.status_code == 302 and client.get("/").status_code == 200
    db.session.expire_all()
    assert world.office.totp_confirmed_at is not None


def test_an_administrator_resets_a_lost_authenticator_audited(client, auth, world):
    _enrol_on_profile(auth.as_(world.office))
    admin = auth.as_(world.admin)
    assert "reset-second-factor" in text(admin.get(f"/admin/users/{world.office.id}"))
    assert admin.post(f"/admin/users/{world.office.id}/second-factor/reset").status_code == 302
    db.session.expire_all()
    assert world.office.totp_secret is None and world.office.totp_confirmed_at is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reset_second_factor"))
    assert event.actor_id == world.admin.id and event.data == {"user": world.office.id}
    assert auth.as_(world.office).get("/").status_code == 200  # the password alone again


def test_the_profile_removes_it_only_with_a_code(client, auth, world, clock):
    user = auth.as_(world.deputy)
    secret = _enrol_on_profile(user)
    assert user.post("/profile/second-factor/remove", data={"code": "000000"}).status_code == 400
    clock(datetime.fromisoformat(NOW) + timedelta(seconds=30))
    assert user.post("/profile/second-factor/remove", data={"code": _code(secret, 30)}).status_code == 302
    assert 'data-second-factor="off"' in text(user.get("/profile/second-factor"))


def test_a_congress_administrator_sees_only_their_peoples_attempts(client, auth, world, make):
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        theirs = make.user(Role.DEPUTY, username="west.deputy")
    platform = make.user(username="platform.root", is_platform_admin=True)
    platform.password_hash = world.admin.password_hash
    client_info = signin.Client("192.0.2.1", "x")
    for person, typed in ((world.deputy, world.deputy.username), (theirs, "west.deputy"), (None, "ghost")):
        signin.log_attempt(db.session, method=SignInMethod.PASSWORD, outcome=SignInOutcome.FAILURE,
                           typed=typed, user=person, client=client_info, at=now())
    db.session.commit()
    page = text(auth.as_(world.admin).get("/admin/sign-ins"))
    assert world.deputy.username in page and "west.deputy" not in page and "ghost" not in page
    assert "second-step-setting" in page
    filtered = text(auth.as_(world.admin).get("/admin/sign-ins?outcome=success"))  # their own sign-ins
    assert 'data-outcome="failure"' not in filtered and 'data-outcome="success"' in filtered
    assert auth.as_(world.admin).get("/admin/sign-ins?outcome=nonsense").status_code == 400
    everyone = text(auth.as_(platform).get("/admin/sign-ins"))
    assert "west.deputy" in everyone and "ghost" in everyone
    assert db.session.scalar(select(UserRole.id).where(UserRole.user_id == platform.id)) is None
