"""API tokens without HTTP: made and shown once, matched by digest in their own congress only,
expiry, revocation, scopes, the once-a-minute "last used" and the audit rows."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.accounts import tokens
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent, UserRole, tenancy
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction

WHEN = at(2026, 5, 20)


def made(make, *, scopes=("read",), days=tokens.DEFAULT_DAYS, user=None):
    user = user or make.user(Role.DEPUTY)
    row, secret = tokens.create_token(db.session, user, name="我的脚本", scopes=scopes, days=days, by=user,
                                      at=WHEN)
    return user, row, secret


def audited(action: AuditAction) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action.value)))


def test_a_token_is_shown_once_and_kept_as_its_sha256_only(make):
    user, row, secret = made(make, scopes=("read", "act"))
    assert secret.startswith(f"dbt_{row.prefix}_") and len(secret.split("_", 2)[2]) == 43
    assert row.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {row.name, row.prefix, row.digest}
    assert row.scopes == "read act" and row.expires_at == WHEN + timedelta(days=90)
    assert tokens.tokens_of(db.session, user) == [row]
    [event] = audited(AuditAction.CREATE_API_TOKEN)
    assert event.actor_id == user.id and event.data["prefix"] == row.prefix
    assert secret not in str(event.data)


def test_authenticate_finds_the_live_token_and_its_person(make):
    user, row, secret = made(make)
    assert tokens.authenticate(db.session, secret, at=WHEN + timedelta(hours=1)) is row
    assert (row.user_id, row.congress_id) == (user.id, tenancy.current_congress_id())
    for wrong in (None, "", secret + "x", secret[:-1] + ("A" if secret[-1] != "A" else "B"),
                  "Bearer " + secret, "dbt_" + "x" * 200):
        assert tokens.authenticate(db.session, wrong, at=WHEN) is None


def test_authenticate_needs_no_congress_in_scope(make):
    """The API finds the token before it knows the congress: the token's is the request's."""
    _, row, secret = made(make)
    here = row.congress_id
    db.session.commit()
    outside = tenancy.enter(None)
    try:
        found = tokens.authenticate(db.session, secret, at=WHEN)
        assert found is not None and found.id == row.id and found.congress_id == here
    finally:
        tenancy.leave(outside)


def test_a_token_ends_when_it_expires_or_is_revoked(make):
    user, row, secret = made(make, days=30)
    assert tokens.authenticate(db.session, secret, at=WHEN + timedelta(days=30) - timedelta(seconds=1))
    assert tokens.authenticate(db.session, secret, at=WHEN + timedelta(days=30)) is None
    _, other, other_secret = made(make, user=user)
    tokens.revoke_token(db.session, user, other.id, by=user, at=WHEN + timedelta(days=1))
    assert tokens.authenticate(db.session, other_secret, at=WHEN + timedelta(days=2)) is None
    with pytest.raises(NotAllowedNow):
        tokens.revoke_token(db.session, user, other.id, by=user, at=WHEN + timedelta(days=2))
    [event] = audited(AuditAction.REVOKE_API_TOKEN)
    assert event.data["token"] == other.id and event.actor_id == user.id


def test_nobody_revokes_another_persons_token(make):
    owner, row, secret = made(make)
    stranger = make.user(Role.DEPUTY)
    with pytest.raises(NotAllowedNow):
        tokens.revoke_token(db.session, stranger, row.id, by=stranger, at=WHEN)
    assert row.revoked_at is None and tokens.authenticate(db.session, secret, at=WHEN)


def test_a_disabled_person_or_one_gone_from_the_congress_is_not_let_in(make):
    user, _, secret = made(make)
    user.is_active_user = False
    assert tokens.authenticate(db.session, secret, at=WHEN) is None
    user.is_active_user = True
    user.role_rows.clear()
    db.session.flush()
    assert tokens.authenticate(db.session, secret, at=WHEN) is None


@pytest.mark.parametrize("days", [0, -1, tokens.MAX_DAYS + 1])
def test_a_token_lasts_a_day_to_a_year(make, days):
    with pytest.raises(InvalidData):
        made(make, days=days)


@pytest.mark.parametrize("scopes", [(), ("write",), ("read", "admin")])
def test_scopes_are_read_or_act(make, scopes):
    with pytest.raises(InvalidData):
        made(make, scopes=scopes)


def test_require_scope_refuses_what_the_token_does_not_carry(make):
    _, reader, _ = made(make, scopes=("read",))
    tokens.require_scope(reader, "read")
    with pytest.raises(tokens.ScopeMissing) as refused:
        tokens.require_scope(reader, "act")
    assert refused.value.http_status == 403
    _, actor, _ = made(make, scopes=("act",))
    tokens.require_scope(actor, "act")
    with pytest.raises(tokens.ScopeMissing):
        tokens.require_scope(actor, "read")


def test_last_used_is_written_at_most_once_a_minute(make):
    _, row, secret = made(make)
    assert row.last_used_at is None
    tokens.authenticate(db.session, secret, at=WHEN)
    assert row.last_used_at == WHEN
    tokens.authenticate(db.session, secret, at=WHEN + timedelta(seconds=59))
    assert row.last_used_at == WHEN
    tokens.authenticate(db.session, secret, at=WHEN + timedelta(seconds=60))
    assert row.last_used_at == WHEN + timedelta(seconds=60)


def test_a_token_works_in_its_own_congress_only(make):
    user, row, secret = made(make)
    here, token_id = tenancy.current_congress_id(), row.id
    db.session.commit()
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        db.session.add(UserRole(user_id=user.id, role=Role.DEPUTY))
        db.session.flush()
        # The person is of both congresses; the token names the first, wherever it is shown.
        assert tokens.authenticate(db.session, secret, at=WHEN).congress_id == here
        assert tokens.tokens_of(db.session, user) == []
        with pytest.raises(NotAllowedNow):
            tokens.revoke_token(db.session, user, token_id, by=user, at=WHEN)
    # Gone from the token's congress (still of the other): the token opens nothing.
    db.session.execute(delete(UserRole).where(UserRole.user_id == user.id, UserRole.congress_id == here))
    db.session.flush()
    assert tokens.authenticate(db.session, secret, at=WHEN) is None


def test_only_a_person_of_this_congress_can_have_a_token(make):
    outsider = make.user()
    with pytest.raises(RoleNotHeld):
        made(make, user=outsider)
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
