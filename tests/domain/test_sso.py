"""Single sign-on without HTTP: the administrator's provider settings checked and audited without the
secret, a subject linked to one person of this congress only, and never an account made for one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import add_congress
from tests.factories import at
from tracker import tenancy
from tracker.domain.accounts import sso
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.extensions import db
from tracker.models import AuditEvent, SsoLink
from tracker.security import unseal
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction

NOW = at(2026, 5, 20)
KEY = "the-app-secret"
GOOD = sso.ProviderSettings(name="政务统一身份认证", issuer="https://idp.example.gov.cn/",
                            client_id="tracker", client_secret="s3cret", scopes="openid  profile",
                            is_enabled=True)


def _save(admin, settings=GOOD, provider=None):
    return sso.save_provider(db.session, provider, settings, actor=admin, at=NOW, secret_key=KEY)


@pytest.mark.parametrize("change, field", [
    ({"issuer": "http://idp.example.gov.cn"}, "issuer"), ({"issuer": "ftp://idp"}, "issuer"),
    ({"scopes": "profile email"}, "scopes"), ({"client_secret": ""}, "client_secret"),
    ({"name": " "}, "name"), ({"client_id": ""}, "client_id"),
])
def test_a_provider_needs_https_openid_and_a_secret(make, change, field):
    admin = make.user(Role.ADMIN)
    with pytest.raises(InvalidData) as refused:
        _save(admin, sso.ProviderSettings(**(GOOD.__dict__ | change)))
    assert refused.value.field == field


def test_a_saved_provider_keeps_its_secret_sealed_and_out_of_the_audit(make):
    admin = make.user(Role.ADMIN)
    provider = _save(admin, GOOD.__class__(**(GOOD.__dict__ | {
        "issuer": "https://idp.example.gov.cn/.well-known/openid-configuration"})))
    assert provider.issuer == "https://idp.example.gov.cn" and provider.scopes == "openid profile"
    assert "s3cret" not in provider.client_secret_sealed
    assert unseal(KEY, provider.client_secret_sealed) == "s3cret"
    assert unseal("another-app-secret", provider.client_secret_sealed) is None
    _save(admin, GOOD.__class__(**(GOOD.__dict__ | {"client_secret": "", "is_enabled": False})), provider)
    assert unseal(KEY, provider.client_secret_sealed) == "s3cret"  # an empty field keeps it
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [AuditAction.SAVE_SSO_PROVIDER.value] * 2
    assert [e.data["secret_changed"] for e in events] == [True, False]
    assert all("s3cret" not in str(e.data) for e in events)
    with pytest.raises(InvalidData):  # the name is the button's: one per congress
        _save(admin)
    with pytest.raises(RoleNotHeld):
        _save(make.user(Role.OFFICE_STAFF), GOOD.__class__(**(GOOD.__dict__ | {"name": "另一个"})))
    assert sso.providers(db.session) == []  # switched off: not offered
    assert sso.providers(db.session, enabled_only=False) == [provider]


def test_a_subject_signs_in_the_one_active_person_it_is_linked_to(make):
    admin, deputy, other = make.user(Role.ADMIN), make.user(Role.DEPUTY), make.user(Role.DEPUTY)
    provider = _save(admin)
    assert sso.account_for(db.session, provider, "alice") is None  # unknown: nobody, nothing made
    sso.link_subject(db.session, provider, deputy, "alice", at=NOW)
    assert sso.account_for(db.session, provider, "alice") is deputy
    with pytest.raises(NotAllowedNow):  # one subject, one person
        sso.link_subject(db.session, provider, other, "alice", at=NOW)
    with pytest.raises(InvalidData):  # longer than OpenID Connect allows: refused, not a database error
        sso.link_subject(db.session, provider, other, "x" * 256, at=NOW)
    sso.link_subject(db.session, provider, deputy, "alice-2", at=NOW)  # a new account replaces the old
    assert sso.account_for(db.session, provider, "alice") is None
    assert [link.subject for link in db.session.scalars(select(SsoLink))] == ["alice-2"]
    deputy.is_active_user = False
    assert sso.account_for(db.session, provider, "alice-2") is None
    sso.unlink(db.session, provider, deputy, at=NOW)
    with pytest.raises(NotAllowedNow):
        sso.unlink(db.session, provider, deputy, at=NOW)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["save_sso_provider", "link_sso", "link_sso", "unlink_sso"]


def test_only_a_person_of_this_congress_links_here(make):
    provider = _save(make.user(Role.ADMIN))
    west = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, west.id):
        stranger = make.user(Role.DEPUTY)  # a person of the other congress alone
    with pytest.raises(RoleNotHeld):
        sso.link_subject(db.session, provider, stranger, "bob", at=NOW)
    with tenancy.scope(db.session, west.id):
        assert sso.providers(db.session, enabled_only=False) == []  # theirs is not ours
