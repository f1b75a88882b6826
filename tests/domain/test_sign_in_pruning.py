"""Pruning the sign-in log and ended logins, without HTTP: what goes, what stays, one system event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.accounts import logins
from tracker.domain.accounts.logins import Limits
from tracker.domain.accounts.pruning import prune_sign_in_records
from tracker.domain.accounts.signin import Client, log_attempt
from tracker.domain.audit import record
from tracker.extensions import db
from tracker.models import AuditEvent, Login, LoginEnd, SignInAttempt, SignInMethod, SignInOutcome
from tracker.workflow import AuditAction, Role

NOW = at(2026, 12, 7)
LIMITS = Limits(idle=timedelta(hours=2), absolute=timedelta(hours=12), remember=timedelta(days=30))


def _attempt(user, days_ago: float, typed: str = "") -> SignInAttempt:
    return log_attempt(db.session, method=SignInMethod.PASSWORD, outcome=SignInOutcome.FAILURE,
                       typed=typed or user.username, user=user, client=Client("10.0.0.7", "Mozilla/5.0"),
                       at=NOW - timedelta(days=days_ago))


def _login(user, opened_days_ago: float, ended_days_ago: float | None = None, remember=False) -> Login:
    login, _secret = logins.open_login(db.session, user, at=NOW - timedelta(days=opened_days_ago),
                                       remember=remember, address="10.0.0.7", agent="Mozilla/5.0",
                                       limits=LIMITS)
    if ended_days_ago is not None:
        login.ended_at, login.end_reason = NOW - timedelta(days=ended_days_ago), LoginEnd.LOGOUT
    db.session.flush()
    return login


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == AuditAction.PRUNE_SIGN_IN_RECORDS.value)))


def test_only_rows_past_their_retention_go_and_the_system_records_it(make):
    user = make.user(Role.DEPUTY)
    _attempt(user, 181), _attempt(user, 400, typed="nobody")
    kept_attempt = _attempt(user, 179)
    _login(user, 120, ended_days_ago=100)
    _login(user, 100)  # never ended: its absolute limit passed 100 days ago
    ended_lately = _login(user, 60, ended_days_ago=30)
    remembered_long_ago = _login(user, 91, remember=True)  # its 30 days ended 61 days ago
    still_open = _login(user, 0.1)
    db.session.commit()

    pruned = prune_sign_in_records(db.session, at=NOW, attempt_days=180, login_days=90)
    db.session.commit()
    assert (pruned.sign_in_attempts, pruned.logins) == (2, 2)
    assert set(db.session.scalars(select(SignInAttempt.id))) == {kept_attempt.id}
    kept = {ended_lately.id, remembered_long_ago.id, still_open.id}
    assert set(db.session.scalars(select(Login.id))) == kept
    (event,) = _events()
    # The system's own act: no person, no role, no congress (the platform's chain), what went in the data.
    assert (event.actor_id, event.role, event.congress_id, event.suggestion_id) == (None, None, None, None)
    assert event.at == NOW and event.data["sign_in_attempts"] == 2 and event.data["logins"] == 2
    assert event.data["attempts_before"] == (NOW - timedelta(days=180)).isoformat()

    again = prune_sign_in_records(db.session, at=NOW, attempt_days=180, login_days=90)
    assert (again.sign_in_attempts, again.logins) == (0, 0) and len(_events()) == 1  # nothing, no event


def test_the_defaults_keep_sign_in_attempts_six_months_and_ended_logins_ninety_days(make):
    user = make.user(Role.DEPUTY)
    _attempt(user, 170)
    _login(user, 95, ended_days_ago=85)
    db.session.commit()
    assert prune_sign_in_records(db.session, at=NOW) == prune_sign_in_records(db.session, at=NOW)
    assert (db.session.query(SignInAttempt).count(), db.session.query(Login).count()) == (1, 1)
    later = prune_sign_in_records(db.session, at=NOW + timedelta(days=11))
    assert (later.sign_in_attempts, later.logins) == (1, 1)


def test_only_a_platform_wide_event_without_role_or_item_may_have_no_actor(make):
    item = make.suggestion(make.user(Role.DEPUTY))
    wrongs = ({}, {"platform_wide": True, "role": Role.ADMIN}, {"platform_wide": True, "suggestion": item})
    for wrong in wrongs:
        kwargs = {"role": None, **wrong}
        with pytest.raises(TypeError):
            record(db.session, action=AuditAction.PRUNE_SIGN_IN_RECORDS, actor=None, at=NOW, **kwargs)


def test_the_system_event_is_sealed_into_the_platform_chain_and_verifies(make):
    from tests.audit_chain import seal, verify

    user = make.user(Role.DEPUTY)
    _attempt(user, 400)
    db.session.commit()
    prune_sign_in_records(db.session, at=NOW)
    db.session.commit()
    seal(expect=1)
    platform = verify()[None]
    assert platform.ok and platform.sealed >= 1
