"""Single sign-on: a congress's OpenID providers (its administrator's), the provider subjects linked
to its people, and signing in by one; never a new account (the office makes accounts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.models import SsoLink, SsoProvider, User, UserRole
from tracker.security import seal
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

DISCOVERY = "/.well-known/openid-configuration"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")  # a provider on this machine may use plain http
SUBJECT_MAX = 255  # sso_link.subject's length


@dataclass(frozen=True)
class ProviderSettings:
    """What an administrator types; an empty client_secret keeps the one saved before."""

    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    is_enabled: bool


def issuer_of(url: str) -> str:
    """The issuer of an issuer or discovery URL, as the provider names itself (no trailing slash)."""
    url = url.strip()
    if url.endswith(DISCOVERY):
        url = url[: -len(DISCOVERY)]
    return url.rstrip("/")


def _checked(session, settings: ProviderSettings, provider: SsoProvider | None) -> str:
    for field in ("name", "issuer", "client_id"):
        if not getattr(settings, field).strip():
            raise InvalidData(N_("This field is required."), field=field)
    issuer = issuer_of(settings.issuer)
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        raise InvalidData(N_("The issuer must be an https address."), field="issuer")
    if "openid" not in settings.scopes.split():
        raise InvalidData(N_("The scopes must include openid."), field="scopes")
    if provider is None and not settings.client_secret:
        raise InvalidData(N_("This field is required."), field="client_secret")
    clash = session.scalar(select(SsoProvider.id).where(SsoProvider.name == settings.name.strip()))
    if clash is not None and (provider is None or clash != provider.id):
        raise InvalidData(N_("Another provider already has this name."), field="name")
    return issuer


def save_provider(session, provider: SsoProvider | None, settings: ProviderSettings, *, actor: User,
                  at: dt.datetime, secret_key: str) -> SsoProvider:
    """Add (provider None) or change one of the congress's providers; audited without the secret."""
    if not actor.has_role(Role.ADMIN):
        raise RoleNotHeld(N_("Only an administrator configures single sign-on."))
    issuer = _checked(session, settings, provider)
    if provider is None:
        provider = SsoProvider(created_at=at)
        session.add(provider)
    provider.name, provider.issuer = settings.name.strip(), issuer
    provider.client_id, provider.scopes = settings.client_id.strip(), " ".join(settings.scopes.split())
    provider.is_enabled, provider.updated_at = settings.is_enabled, at
    if settings.client_secret:
        provider.client_secret_sealed = seal(secret_key, settings.client_secret)
    session.flush()
    record(session, action=AuditAction.SAVE_SSO_PROVIDER, actor=actor, role=Role.ADMIN, at=at,
           data={"provider": provider.id, "name": provider.name, "issuer": issuer,
                 "client_id": provider.client_id, "scopes": provider.scopes,
                 "enabled": provider.is_enabled, "secret_changed": bool(settings.client_secret)})
    return provider


def providers(session, *, enabled_only: bool = True) -> list[SsoProvider]:
    """The congress in scope's providers (the tenant criterion keeps every other congress's out)."""
    stmt = select(SsoProvider).order_by(SsoProvider.name)
    if enabled_only:
        stmt = stmt.where(SsoProvider.is_enabled.is_(True))
    return list(session.scalars(stmt))


def _of_this_congress(session, user: User) -> bool:
    return session.scalar(select(UserRole.id).where(UserRole.user_id == user.id).limit(1)) is not None


def links_of(session, user: User) -> dict[int, SsoLink]:
    """A person's links in the congress in scope, by provider id."""
    return {link.provider_id: link
            for link in session.scalars(select(SsoLink).where(SsoLink.user_id == user.id))}


def link_subject(session, provider: SsoProvider, user: User, subject: str, *, at: dt.datetime) -> SsoLink:
    """The signed-in person links the provider account they just signed in with (their old link on
    this provider, if any, is replaced): from now on it signs them in here."""
    if not _of_this_congress(session, user) or user.is_service_account:
        raise RoleNotHeld(N_("Only a person of this congress can link an account here."))
    if not subject or len(subject) > SUBJECT_MAX:  # OpenID Connect: at most 255 ASCII characters
        raise InvalidData(N_("The sign-in service sent an account identifier this system cannot keep."))
    taken = session.scalar(select(SsoLink).where(SsoLink.issuer == provider.issuer,
                                                 SsoLink.subject == subject))
    if taken is not None and taken.user_id != user.id:
        raise NotAllowedNow(N_("This account of %(provider)s is already linked to another person; "
                               "ask the office."), provider=provider.name)
    old = links_of(session, user).get(provider.id)
    if old is not None:
        session.delete(old)
        session.flush()
    link = SsoLink(provider_id=provider.id, issuer=provider.issuer, subject=subject, user_id=user.id,
                   created_at=at)
    session.add(link)
    session.flush()
    record(session, action=AuditAction.LINK_SSO, actor=user, role=None, at=at,
           data={"provider": provider.id, "issuer": provider.issuer, "subject": subject,
                 "replaced": old.subject if old is not None else None})
    return link


def unlink(session, provider: SsoProvider, user: User, *, at: dt.datetime) -> None:
    link = links_of(session, user).get(provider.id)
    if link is None:
        raise NotAllowedNow(N_("Your account is not linked to %(provider)s."), provider=provider.name)
    session.delete(link)
    record(session, action=AuditAction.UNLINK_SSO, actor=user, role=None, at=at,
           data={"provider": provider.id, "issuer": link.issuer, "subject": link.subject})
    session.flush()


def account_for(session, provider: SsoProvider, subject: str) -> User | None:
    """The active person of this congress the provider's subject is linked to, or None: an unknown
    subject never makes an account."""
    link = session.scalar(select(SsoLink).where(SsoLink.issuer == provider.issuer,
                                                SsoLink.subject == subject))
    if link is None or not link.user.is_active or link.user.is_service_account \
            or not _of_this_congress(session, link.user):
        return None
    return link.user


def record_sign_in(session, provider: SsoProvider, user: User, *, at: dt.datetime) -> None:
    record(session, action=AuditAction.SIGN_IN_WITH_SSO, actor=user, role=None, at=at,
           data={"provider": provider.id, "issuer": provider.issuer})
