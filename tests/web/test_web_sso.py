"""Single sign-on against a real OpenID provider (npm oidc-provider, tests/oidc/provider.mjs) that the
test starts on localhost: the code flow signs in a linked person, an unknown subject makes nobody,
another congress's provider is neither offered nor usable, a forged answer is a 4xx, a provider that
is down a clear 503; the administrator's page keeps the secret to itself."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from flask import current_app
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.oidc_provider import ACCOUNT_PASSWORD, CLIENT_SECRET, free_port, running_provider
from tests.web.helpers import text
from tracker import tenancy
from tracker.clock import now
from tracker.domain.accounts import sso
from tracker.extensions import db
from tracker.models import AuditEvent, SsoLink, SsoProvider, User
from tracker.security import seal
from tracker.workflow.audit import AuditAction


@pytest.fixture(scope="module")
def issuer():
    """The provider, started for this module and stopped after it."""
    with running_provider() as url:
        yield url


def add_provider(world, issuer: str, client_id: str = "tracker", name: str = "政务身份认证") -> SsoProvider:
    provider = sso.save_provider(db.session, None, sso.ProviderSettings(
        name=name, issuer=issuer, client_id=client_id, client_secret=CLIENT_SECRET,
        scopes="openid profile", is_enabled=True), actor=world.admin, at=now(),
        secret_key=current_app.config["SECRET_KEY"])
    db.session.commit()
    return provider


def at_provider(client, started, account: str = "alice") -> str:
    """Follow the app's redirect to the provider, sign in there as `account` with a plain HTTP
    client (the provider's own form), and return the app's callback path with its query."""
    assert started.status_code == 302, text(started)[:300]
    browser = requests.Session()
    url = started.headers["Location"]
    for _ in range(10):
        if url.startswith("http://localhost/"):
            parts = urlsplit(url)
            return urlunsplit(("", "", parts.path, parts.query, ""))
        answer = browser.get(url, allow_redirects=False, timeout=5)
        if answer.status_code == 200 and "/interaction/" in url:  # the provider's sign-in form
            answer = browser.post(url.rstrip("/") + "/login", allow_redirects=False, timeout=5,
                                  data={"login": account, "password": ACCOUNT_PASSWORD})
        assert answer.status_code in (302, 303), (answer.status_code, answer.text[:300])
        url = requests.compat.urljoin(url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def sign_in_by_sso(client, provider: SsoProvider, account: str = "alice"):
    return client.get(at_provider(client, client.post(f"/sso/{provider.id}/start"), account))


def link_account(auth, user, provider: SsoProvider, account: str = "alice"):
    client = auth.as_(user)
    done = client.get(at_provider(client, client.post(f"/sso/{provider.id}/link"), account))
    assert done.status_code == 302 and done.headers["Location"].endswith("/profile"), text(done)[:300]
    auth.logout()
    return client


def signed_in_as(client) -> int | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return int(user_id) if user_id else None


def audited(action: AuditAction) -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action.value))


def test_a_linked_person_signs_in_with_the_code_flow(client, auth, world, issuer):
    provider = add_provider(world, issuer)
    link_account(auth, world.deputy, provider)
    link = db.session.scalar(select(SsoLink))
    assert (link.user_id, link.subject, link.issuer) == (world.deputy.id, "alice", issuer)
    assert audited(AuditAction.LINK_SSO) == 1
    assert f'data-sso="{provider.id}"' in text(client.get("/login"))  # the button, signed out
    done = client.get(at_provider(client, client.post(f"/sso/{provider.id}/start?next=/notices")))
    assert done.status_code == 302 and done.headers["Location"].endswith("/notices"), text(done)[:300]
    assert signed_in_as(client) == world.deputy.id
    assert world.deputy.name in text(client.get("/"))
    assert audited(AuditAction.SIGN_IN_WITH_SSO) == 1
    profile = text(client.get("/profile"))
    assert "data-linked" in profile
    assert client.post(f"/sso/{provider.id}/unlink").status_code == 302
    assert db.session.scalar(select(func.count(SsoLink.id))) == 0
    assert audited(AuditAction.UNLINK_SSO) == 1


def test_an_unknown_subject_is_told_to_ask_the_office_and_no_account_is_made(client, auth, world, issuer):
    provider = add_provider(world, issuer)
    link_account(auth, world.deputy, provider)  # alice is linked; mallory is nobody here
    people = db.session.scalar(select(func.count(User.id)))
    answer = sign_in_by_sso(client, provider, "mallory")
    assert answer.status_code == 403
    page = text(answer)
    assert "未关联本系统" in page and "人代联工委" in page
    assert signed_in_as(client) is None
    assert db.session.scalar(select(func.count(User.id))) == people
    assert audited(AuditAction.SIGN_IN_WITH_SSO) == 0


def test_another_congresss_provider_is_neither_offered_nor_usable(client, world, make, issuer):
    mine = add_provider(world, issuer)
    west = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, west.id):
        theirs_world = make.world()
        theirs = add_provider(theirs_world, issuer, client_id="tracker-other", name="城西认证")
        theirs_id = theirs.id
    page = text(client.get("/login"))
    assert f'data-sso="{mine.id}"' in page and f'data-sso="{theirs_id}"' not in page
    assert "城西认证" not in page
    assert client.post(f"/sso/{theirs_id}/start").status_code == 404
    there = text(client.get("/login?congress=chengxi"))  # their own link offers theirs alone
    assert f'data-sso="{theirs_id}"' in there and f'data-sso="{mine.id}"' not in there
    assert client.post(f"/sso/{mine.id}/start").status_code == 404


@pytest.mark.parametrize("tampered", [{"state": "forged-state"}, {"iss": "http://127.0.0.1:1"}])
def test_a_tampered_state_or_a_mixed_up_issuer_is_refused(client, auth, world, issuer, tampered):
    provider = add_provider(world, issuer)
    link_account(auth, world.deputy, provider)
    back = urlsplit(at_provider(client, client.post(f"/sso/{provider.id}/start")))
    query = {k: v[0] for k, v in parse_qs(back.query).items()} | tampered
    answer = client.get(f"{back.path}?{urlencode(query)}")
    assert answer.status_code == 400 and "重新开始" in text(answer)
    assert signed_in_as(client) is None
    assert client.get(urlunsplit(("", "", back.path, back.query, ""))).status_code == 400  # flow spent


@pytest.mark.parametrize("client_id", ["tracker-aud", "tracker-nonce", "tracker-sig", "tracker-exp",
                                       "tracker-iss"])
def test_an_id_token_with_a_wrong_audience_nonce_signature_expiry_or_issuer_is_refused(
        client, auth, world, issuer, client_id):
    provider = add_provider(world, issuer, client_id=client_id)
    link_account_ok = client.get(at_provider(client, auth.as_(world.deputy).post(f"/sso/{provider.id}/link")))
    assert link_account_ok.status_code == 400  # the same token check guards linking
    assert db.session.scalar(select(func.count(SsoLink.id))) == 0
    auth.logout()
    answer = sign_in_by_sso(client, provider)
    assert answer.status_code == 400 and "无法核实" in text(answer)
    assert signed_in_as(client) is None
    assert audited(AuditAction.SIGN_IN_WITH_SSO) == 0


def test_a_provider_that_is_down_gets_a_clear_message(client, world, issuer):
    down = add_provider(world, f"http://127.0.0.1:{free_port()}")
    answer = client.post(f"/sso/{down.id}/start")
    assert answer.status_code == 503
    assert "无法连接" in text(answer) and down.name in text(answer)
    assert signed_in_as(client) is None


def test_a_provider_gone_down_during_the_sign_in_gets_a_clear_message(client, auth, world, issuer):
    provider = add_provider(world, issuer)
    link_account(auth, world.deputy, provider)
    back = urlsplit(at_provider(client, client.post(f"/sso/{provider.id}/start")))
    provider.issuer = f"http://127.0.0.1:{free_port()}"  # as if it stopped answering meanwhile
    db.session.commit()
    query = {k: v[0] for k, v in parse_qs(back.query).items() if k != "iss"}  # (iss: the old issuer)
    answer = client.get(f"{back.path}?{urlencode(query)}")
    assert answer.status_code == 503 and "无法连接" in text(answer)
    assert signed_in_as(client) is None


def test_a_secret_sealed_under_another_app_key_asks_for_the_settings_again(client, world, issuer):
    provider = add_provider(world, issuer)
    provider.client_secret_sealed = seal("an-older-app-secret", CLIENT_SECRET)
    db.session.commit()
    answer = client.post(f"/sso/{provider.id}/start")
    assert answer.status_code == 503 and "配置有误" in text(answer)


def test_the_administrator_configures_a_provider_and_never_sees_its_secret_again(client, auth, world, issuer):
    admin = auth.as_(world.admin)
    form = {"name": "统一身份认证", "issuer": issuer + sso.DISCOVERY, "client_id": "tracker",
            "client_secret": "s3cret-typed-once", "scopes": "openid profile", "is_enabled": "y"}
    assert admin.post("/admin/sso/new", data=form | {"issuer": "http://idp.example"}).status_code == 400
    assert admin.post("/admin/sso/new", data=form).status_code == 302
    provider = db.session.scalar(select(SsoProvider))
    assert provider.issuer == issuer and "s3cret" not in provider.client_secret_sealed
    index = text(admin.get("/admin/sso"))
    assert "统一身份认证" in index and "/sso/callback" in index
    edit = text(admin.get(f"/admin/sso/{provider.id}"))
    assert "s3cret-typed-once" not in edit and 'value="tracker"' in edit
    sealed = provider.client_secret_sealed
    assert admin.post(f"/admin/sso/{provider.id}", data=form | {"client_secret": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(SsoProvider, provider.id).client_secret_sealed == sealed  # kept
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == AuditAction.SAVE_SSO_PROVIDER.value).order_by(AuditEvent.id)).all()
    assert [e.data["secret_changed"] for e in events] == [True, False]
    assert all("s3cret" not in str(e.data) for e in events)
    assert auth.as_(world.deputy).get("/admin/sso").status_code == 403


def test_the_redirect_uri_is_the_configured_public_one_with_pkce_state_and_nonce(
        client, world, issuer, monkeypatch):
    provider = add_provider(world, issuer)
    public = "https://jianyi.example.gov.cn/sso/callback"
    monkeypatch.setitem(client.application.config, "SSO_REDIRECT_URI", public)
    sent = parse_qs(urlsplit(client.post(f"/sso/{provider.id}/start").headers["Location"]).query)
    assert sent["redirect_uri"] == [public] and sent["code_challenge_method"] == ["S256"]
    assert sent["state"][0] and sent["nonce"][0] and sent["code_challenge"][0]
    assert sent["scope"] == ["openid profile"] and sent["client_id"] == ["tracker"]
