"""Password sign-in without HTTP: the same argon2 work whoever is named, the platform's sign-in log
and who may read which of its rows."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.accounts import signin
from tracker.domain.people.sign_ins import AttemptFilter, attempts_page, may_read
from tracker.extensions import db
from tracker.models import SignInAttempt, SignInMethod, SignInOutcome, tenancy
from tracker.security import hash_password, stand_in_hash
from tracker.workflow import Role

WHEN = at(2026, 5, 20)
HERE = signin.Client("10.0.0.7", "Mozilla/5.0 test")


@pytest.fixture
def verified(monkeypatch):
    """Every hash the sign-in verifies against, in order (the real argon2 check still runs)."""
    seen: list[str] = []
    real = signin.verify_password

    def spy(stored, password):
        seen.append(stored)
        return real(stored, password)
    monkeypatch.setattr(signin, "verify_password", spy)
    return seen


def test_the_right_password_opens_the_account_and_a_wrong_one_does_not(make, verified):
    user = make.user(Role.DEPUTY, username="lidb")
    user.password_hash = hash_password("right-pass-1")
    assert signin.authenticate(db.session, " lidb ", "right-pass-1") is user
    assert signin.authenticate(db.session, "lidb", "wrong-pass-1") is None
    assert verified == [user.password_hash, user.password_hash]


@pytest.mark.parametrize("case", ["unknown", "no_password", "empty_password", "disabled"])
def test_every_other_case_runs_argon2_against_the_stand_in(make, verified, case):
    user = make.user(Role.DEPUTY, username="lidb")
    user.password_hash = hash_password("right-pass-1")
    if case == "no_password":
        user.password_hash = None
    elif case == "empty_password":
        user.password_hash = ""
    elif case == "disabled":
        user.is_active_user = False
    name = "nobody" if case == "unknown" else "lidb"
    assert signin.authenticate(db.session, name, "right-pass-1") is None
    assert verified == [stand_in_hash()]  # one verification, as for a known account
    assert stand_in_hash().startswith("$argon2id$")


def test_each_attempt_is_a_platform_row_with_who_where_how_and_when(make):
    user = make.user(Role.DEPUTY, username="lidb")
    row = signin.log_attempt(db.session, method=SignInMethod.PASSWORD, outcome=SignInOutcome.FAILURE,
                             typed="lidb" + "x" * 200, user=user, client=HERE, at=WHEN)
    assert (row.user_id, row.address, row.user_agent, row.at) == \
        (user.id, "10.0.0.7", "Mozilla/5.0 test", WHEN)
    assert len(row.username) == 120  # as typed, cut to the column
    assert "congress_id" not in {c.key for c in sa_inspect(SignInAttempt).columns}  # outside every congress


def _attempts(make):
    """Two congresses, an attempt on a person of each, one on a shared person and one on nobody."""
    here_admin = make.user(Role.ADMIN, username="admin.a")
    mine = make.user(Role.DEPUTY, username="deputy.a", name="李代表")
    shared = make.user(Role.DEPUTY, username="shared")
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        theirs = make.user(Role.DEPUTY, username="deputy.b", name="西代表")
        from tracker.models import UserRole
        db.session.add(UserRole(user_id=shared.id, role=Role.DEPUTY))
    platform = make.user(username="root", is_platform_admin=True)
    platform.role_rows = []
    for person, outcome in ((mine, SignInOutcome.SUCCESS), (theirs, SignInOutcome.FAILURE),
                            (shared, SignInOutcome.LOCKED), (None, SignInOutcome.FAILURE)):
        signin.log_attempt(db.session, method=SignInMethod.PASSWORD, outcome=outcome,
                           typed=person.username if person else "ghost", user=person, client=HERE, at=WHEN)
    db.session.commit()
    return here_admin, platform


def _typed(viewer, **kw) -> list[str]:
    rows, more = attempts_page(db.session, viewer, AttemptFilter(**kw))
    assert not more
    return sorted(a.username for a, _ in rows)


def test_a_congress_administrator_reads_their_people_only_the_platform_administrator_all(make):
    here_admin, platform = _attempts(make)
    assert may_read(here_admin) and may_read(platform)
    assert not may_read(make.user(Role.OFFICE_STAFF))
    assert _typed(here_admin) == ["deputy.a", "shared"]  # not the other congress's, not a stranger's
    assert _typed(platform) == ["deputy.a", "deputy.b", "ghost", "shared"]


def test_the_log_filters_by_outcome_and_by_name_typed_or_held(make):
    here_admin, platform = _attempts(make)
    assert _typed(platform, outcome=SignInOutcome.FAILURE) == ["deputy.b", "ghost"]
    assert _typed(here_admin, who="李代") == ["deputy.a"]
    assert _typed(platform, who="GHO") == ["ghost"]
    assert db.session.scalar(select(SignInAttempt.id).where(SignInAttempt.user_id.is_(None))) is not None
