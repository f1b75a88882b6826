"""Password sign-in over HTTP against guessing: growing delays then a lock per address (never per
account alone), the same argon2 work for unknown names, and every attempt in the sign-in log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.helpers import PASSWORD, text
from tracker.clock import now
from tracker.domain.accounts import codes, signin
from tracker.extensions import db
from tracker.models import CodePurpose, SignInAttempt, SignInMethod, SignInOutcome
from tracker.security import stand_in_hash

ATTACKER, DEPUTY_AT_HOME = {"REMOTE_ADDR": "203.0.113.9"}, {"REMOTE_ADDR": "198.51.100.4"}


def _try(client, username: str, password: str = "wrong-guess", where=ATTACKER):
    return client.post("/login", data={"username": username, "password": password}, environ_overrides=where)


def _errors(response) -> str:
    return " ".join(re.findall(r'data-field-error="password">([^<]*)<', text(response)))


def _log() -> list[tuple]:
    db.session.expire_all()
    return list(db.session.execute(select(SignInAttempt.username, SignInAttempt.address, SignInAttempt.method,
                                          SignInAttempt.outcome).order_by(SignInAttempt.id)))


def test_twenty_wrong_passwords_are_delayed_then_the_address_is_locked_with_when_to_retry(client, world):
    answers = [_try(client, world.deputy.username) for _ in range(20)]
    codes_seen = [r.status_code for r in answers]
    assert codes_seen == [400] * 3 + [429] * 17
    assert "用户名或密码不正确" in _errors(answers[0])
    delayed, locked = _errors(answers[3]), _errors(answers[-1])
    assert "该账号登录失败次数过多" in delayed and re.search(r"请在\d+分钟后（\d\d:\d\d之后）再试", delayed)
    assert "已暂时锁定" in locked and re.search(r"请在1[45]分钟后（\d\d:\d\d之后）再试", locked)
    assert f'value="{world.deputy.username}"' in text(answers[-1])  # what was typed is kept
    # Even the right password is refused from the locked address, unchecked.
    assert _try(client, world.deputy.username, PASSWORD).status_code == 429
    outcomes = [row[3] for row in _log()]
    assert outcomes == [SignInOutcome.FAILURE] * 3 + [SignInOutcome.DELAYED] * 7 + [SignInOutcome.LOCKED] * 11


def test_a_lock_from_one_address_does_not_lock_the_account_from_another(client, world):
    for _ in range(12):
        _try(client, world.deputy.username)
    assert _try(client, world.deputy.username, PASSWORD).status_code == 429
    at_home = _try(client, world.deputy.username, PASSWORD, where=DEPUTY_AT_HOME)
    assert at_home.status_code == 302
    assert client.get("/").status_code == 200
    assert _log()[-1][1:] == ("198.51.100.4", SignInMethod.PASSWORD, SignInOutcome.SUCCESS)


def test_guessing_other_names_from_one_address_locks_it_after_ten_failures(client, world):
    names = [f"guess{i}" for i in range(12)]
    statuses = [_try(client, name).status_code for name in names]
    assert statuses == [400] * 10 + [429] * 2
    assert "已暂时锁定" in _errors(_try(client, world.deputy.username, PASSWORD))


def test_a_right_password_clears_the_accounts_delay_but_the_limits_follow_the_settings(app, client, auth,
                                                                                         world, monkeypatch):
    for _ in range(2):
        assert _try(client, world.deputy.username).status_code == 400
    assert _try(client, world.deputy.username, PASSWORD).status_code == 302
    auth.logout()
    for _ in range(3):  # counted afresh after the success
        assert _try(client, world.deputy.username).status_code == 400
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "1 per hour")
    assert _try(client, world.deputy2.username).status_code == 400
    assert _try(client, world.deputy2.username).status_code == 429
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "100 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LIMIT_PER_ADDRESS", "100 per minute")
    assert _try(client, world.deputy2.username).status_code == 400


def test_an_unknown_username_runs_argon2_against_the_stand_in(client, world, monkeypatch):
    seen: list[str] = []
    real = signin.verify_password
    monkeypatch.setattr(signin, "verify_password", lambda stored, pw: seen.append(stored) or real(stored, pw))
    unknown, known = _try(client, "no-such-person"), _try(client, world.deputy.username)
    assert unknown.status_code == known.status_code == 400
    assert _errors(unknown) == _errors(known)
    assert seen == [stand_in_hash(), world.deputy.password_hash]


def test_every_outcome_is_in_the_sign_in_log_with_address_and_browser(client, auth, world, app):
    client.post("/login", data={"username": world.deputy.username, "password": PASSWORD},
                environ_overrides=DEPUTY_AT_HOME, headers={"User-Agent": "TestBrowser/1.0"})
    auth.logout()
    _try(client, "ghost")
    world.deputy.phone = "13955556666"
    out = codes.request_code(db.session, "13955556666", CodePurpose.SIGN_IN, at=now(),
                             secret=app.config["SECRET_KEY"])
    db.session.commit()
    code = re.search(r"(?<!\d)\d{6}(?!\d)", out.text).group()
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/login/code", data={"target": "13955556666", "code": wrong}).status_code == 400
    assert client.post("/login/code", data={"target": "13955556666", "code": code}).status_code == 302
    rows = db.session.scalars(select(SignInAttempt).order_by(SignInAttempt.id)).all()
    assert [(r.username, r.method, r.outcome, r.user_id) for r in rows] == [
        (world.deputy.username, SignInMethod.PASSWORD, SignInOutcome.SUCCESS, world.deputy.id),
        ("ghost", SignInMethod.PASSWORD, SignInOutcome.FAILURE, None),
        ("13955556666", SignInMethod.CODE, SignInOutcome.FAILURE, world.deputy.id),
        ("13955556666", SignInMethod.CODE, SignInOutcome.SUCCESS, world.deputy.id)]
    assert (rows[0].address, rows[0].user_agent) == ("198.51.100.4", "TestBrowser/1.0")


@pytest.mark.parametrize("role, status", [("deputy", 403), ("office", 403), ("admin", 200)])
def test_the_sign_in_log_page_is_for_administrators(client, auth, world, role, status):
    assert auth.as_(getattr(world, role)).get("/admin/sign-ins").status_code == status


def test_a_code_typed_while_code_checks_are_throttled_is_logged_as_delayed(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_CHECK_LIMIT_PER_ADDRESS", "1 per hour")
    monkeypatch.setitem(app.config, "CODE_ANSWER_SECONDS", 0.0)
    world.deputy.phone = "13955556666"
    db.session.commit()
    assert client.post("/login/code", data={"target": "13955556666", "code": "123456"}).status_code == 400
    refused = client.post("/login/code", data={"target": "13955556666", "code": "123456"})
    assert refused.status_code == 429 and "分钟后" in text(refused)
    assert [(r[0], r[2], r[3]) for r in _log()] == [
        ("13955556666", SignInMethod.CODE, SignInOutcome.FAILURE),
        ("13955556666", SignInMethod.CODE, SignInOutcome.DELAYED)]
