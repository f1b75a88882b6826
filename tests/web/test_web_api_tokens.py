"""API tokens on the pages: the profile's section (made, shown once, listed, revoked), the
administrator's service accounts, who is refused, and the bearer token of an API request."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.web.helpers import CHEAP_HASH, PASSWORD, text
from tracker import tenancy
from tracker.config import default_config
from tracker.domain.accounts import service, tokens
from tracker.extensions import db
from tracker.models import ApiToken, AuditEvent, ServiceAccount
from tracker.workflow.audit import AuditAction

SECRET = re.compile(r'value="(dbt_[0-9a-f]{8}_[A-Za-z0-9_-]{43})"')
FORM = {"name": "我的统计脚本", "read": "y", "days": "90"}


def shown_secret(response) -> str:
    [secret] = SECRET.findall(text(response))
    return secret


def test_the_profile_makes_a_token_shows_it_once_lists_it_and_revokes_it(auth, world, clock):
    client = auth.as_(world.deputy)
    made = client.post("/profile/api-tokens", data=FORM | {"act": "y"})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    secret = shown_secret(made)
    row = db.session.scalar(select(ApiToken))
    assert row.user_id == world.deputy.id and row.scopes == "read act"
    assert secret.startswith(f"dbt_{row.prefix}_")
    page = text(client.get("/profile"))
    assert secret not in page and f"dbt_{row.prefix}_" in page and "我的统计脚本" in page
    assert tokens.authenticate(db.session, secret, at=row.created_at) is not None
    revoked = client.post(f"/profile/api-tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).revoked_at is not None
    assert tokens.authenticate(db.session, secret, at=row.created_at) is None
    assert "data-revoked" in text(client.get("/profile"))
    mine = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == world.deputy.id))
    assert set(mine) >= {AuditAction.CREATE_API_TOKEN.value, AuditAction.REVOKE_API_TOKEN.value}


@pytest.mark.parametrize("bad", [{"read": ""}, {"name": ""}, {"days": "9999"}, {"name": "长" * 61}])
def test_bad_input_is_a_form_error_with_the_typing_kept(auth, world, bad):
    client = auth.as_(world.deputy)
    answer = client.post("/profile/api-tokens", data=FORM | bad)
    assert answer.status_code == 400
    assert SECRET.search(text(answer)) is None
    if bad.get("name", FORM["name"]) == FORM["name"]:
        assert FORM["name"] in text(answer)
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0


def test_nobody_revokes_another_persons_token(auth, world):
    row, secret = tokens.create_token(db.session, world.deputy, name="x", scopes=["read"], by=world.deputy,
                                      at=tokens_at())
    db.session.commit()
    answer = auth.as_(world.deputy2).post(f"/profile/api-tokens/{row.id}/revoke")
    assert answer.status_code == 409
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).revoked_at is None


def tokens_at():
    from tests.factories import at

    return at(2026, 5, 19)


def test_an_administrator_makes_a_service_account_and_issues_it_a_token(auth, world):
    admin = auth.as_(world.admin)
    assert admin.get("/admin/service-accounts").status_code == 200
    made = admin.post("/admin/service-accounts",
                      data={"name": "区住建局 OA", "binding": f"unit-{world.unit.id}"})
    assert made.status_code == 302
    account = db.session.scalar(select(ServiceAccount))
    assert made.headers["Location"].endswith(f"/admin/service-accounts/{account.id}")
    assert account.unit_id == world.unit.id and account.user.is_service_account
    assert "区住建局 OA" in text(admin.get("/admin/service-accounts"))
    issued = admin.post(f"/admin/service-accounts/{account.id}/tokens", data=FORM | {"act": "y"})
    assert issued.status_code == 200 and issued.headers["Cache-Control"] == "no-store"
    secret = shown_secret(issued)
    assert secret not in text(admin.get(f"/admin/service-accounts/{account.id}"))
    row = db.session.scalar(select(ApiToken))
    assert row.user_id == account.user_id and row.created_by_id == world.admin.id
    assert admin.post(f"/admin/service-accounts/{account.id}/tokens/{row.id}/revoke").status_code == 302
    assert admin.post(f"/admin/service-accounts/{account.id}/disable").status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceAccount, account.id).disabled_at is not None
    again = admin.post(f"/admin/service-accounts/{account.id}/tokens", data=FORM)
    assert again.status_code == 409 and SECRET.search(text(again)) is None


def test_a_station_account_and_a_missing_binding(auth, world, make):
    station = make.station(world.group)
    db.session.commit()
    admin = auth.as_(world.admin)
    assert admin.post("/admin/service-accounts", data={"name": "x", "binding": ""}).status_code == 400
    assert admin.post("/admin/service-accounts",
                      data={"name": "x", "binding": "unit-999999"}).status_code == 400
    assert admin.post("/admin/service-accounts",
                      data={"name": "12345 热线", "binding": f"station-{station.id}"}).status_code == 302
    assert db.session.scalar(select(ServiceAccount)).station_id == station.id


def make_account(world):
    account = service.create_service_account(db.session, world.admin, name="东区住建局系统",
                                             binding=service.Binding(unit_id=world.unit.id), at=tokens_at())
    row, _ = service.issue_token(db.session, world.admin, account, name="t", scopes=["read"], days=30,
                                 at=tokens_at())
    db.session.commit()
    return account, row


def urls(account, row) -> list[tuple[str, str]]:
    base = f"/admin/service-accounts/{account.id}"
    return [("GET", "/admin/service-accounts"), ("GET", base), ("POST", "/admin/service-accounts"),
            ("POST", f"{base}/tokens"), ("POST", f"{base}/tokens/{row.id}/revoke"),
            ("POST", f"{base}/disable")]


@pytest.mark.parametrize("role", ["deputy", "office", "handler", "leader", "supervisor"])
def test_only_the_administrator_opens_service_accounts(auth, world, role):
    account, row = make_account(world)
    client = auth.as_(getattr(world, role))
    for method, url in urls(account, row):
        assert client.open(url, method=method, data=FORM).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(ServiceAccount, account.id).disabled_at is None


def test_another_congress_administrator_sees_none_of_them(auth, world, make):
    account, row = make_account(world)
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        theirs = make.world()
        theirs.admin.password_hash = CHEAP_HASH
    db.session.commit()
    client = auth.as_(theirs.admin)
    page = text(client.get("/admin/service-accounts"))
    assert "东区住建局系统" not in page and "data-service-account=" not in page
    for method, url in urls(account, row)[1:]:
        if url != "/admin/service-accounts":
            assert client.open(url, method=method, data=FORM).status_code == 404, url
    db.session.expire_all()
    assert db.session.get(ServiceAccount, account.id).disabled_at is None


def test_a_service_account_cannot_sign_in_on_the_login_page(client, world):
    account, _ = make_account(world)
    account.user.password_hash = world.deputy.password_hash  # given one by hand: still refused
    db.session.commit()
    answer = client.post("/login", data={"username": account.user.username, "password": PASSWORD})
    assert answer.status_code != 302
    assert client.get("/profile").status_code == 302  # to the sign-in page: nobody is signed in


def test_the_api_rate_limit_comes_from_the_config(app, monkeypatch):
    assert default_config()["API_RATE_LIMIT"] == "600/minute"
    monkeypatch.setenv("TRACKER_API_RATE_LIMIT", "5/second")
    assert default_config()["API_RATE_LIMIT"] == "5/second"
    assert app.config["API_RATE_LIMIT"] == "100000/minute"  # raised for the tests (tests/conftest.py)


def test_the_opinion_page_says_which_channel_an_opinion_came_in_by(auth, world, make):
    from datetime import date

    from tracker.domain.liaison import operations as liaison

    station = make.station(world.group)
    account = service.create_service_account(db.session, world.admin, name="12345 受理",
                                             binding=service.Binding(station_id=station.id), at=tokens_at())
    opinion = liaison.log_opinion(db.session, account.user, liaison.OpinionInput(
        station_id=station.id, received_on=date(2026, 5, 18), constituent="马大爷", content="路灯坏了",
        source="hotline"), at=tokens_at())
    db.session.commit()
    page = text(auth.as_(world.office).get(f"/liaison/{opinion.id}"))
    assert 'data-source="hotline"' in page and "12345 热线" in page
