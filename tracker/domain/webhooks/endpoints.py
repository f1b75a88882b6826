"""A congress administrator's webhook operations: add and change endpoints, switch one on again, redeliver."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.domain.webhooks.addresses import AddressPolicy, refusal
from tracker.domain.webhooks.emit import DUE
from tracker.models import DeliveryStatus, User, WebhookDelivery, WebhookEndpoint
from tracker.security import WEBHOOK_SECRET, seal
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_
from tracker.workflow.webhooks import EVENT_TYPES


@dataclass(frozen=True)
class EndpointSettings:
    """What an administrator types."""

    url: str
    description: str
    event_types: tuple[str, ...]
    is_enabled: bool = True


def new_secret() -> str:
    """A Standard Webhooks signing secret: whsec_ and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise RoleNotHeld(N_("Only an administrator manages webhooks."))


def _checked(settings: EndpointSettings, policy: AddressPolicy) -> tuple[str, list[str]]:
    why = refusal(settings.url, policy)
    if why:
        raise InvalidData(why, field="url")
    if len(settings.description.strip()) > 200:
        raise InvalidData(N_("Too long: %(name)s"), name="description", field="description")
    chosen = [t for t in EVENT_TYPES if t in settings.event_types]  # the table's order, no strangers
    if not chosen or len(chosen) != len(set(settings.event_types)):
        raise InvalidData(N_("Choose at least one event type."), field="event_types")
    return settings.url.strip(), chosen


def _wake(session, endpoint: WebhookEndpoint, at: dt.datetime) -> None:
    """Switched on: the end of the failing streak, and what waited goes out now."""
    endpoint.disabled_at, endpoint.disabled_reason, endpoint.failing_since = None, "", None
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.status == DeliveryStatus.PENDING)
        .values(next_attempt_at=at, lease_token=None)
        .execution_options(synchronize_session=False)
    )
    session.info[DUE] = True


def _audit(session, action: AuditAction, actor: User, at: dt.datetime, endpoint: WebhookEndpoint, **extra):
    record(
        session,
        action=action,
        actor=actor,
        role=Role.ADMIN,
        at=at,
        data={
            "endpoint": endpoint.id,
            "url": endpoint.url,
            "event_types": list(endpoint.event_types),
            "enabled": endpoint.is_enabled,
            **extra,
        },
    )


def create_endpoint(
    session,
    settings: EndpointSettings,
    *,
    actor: User,
    at: dt.datetime,
    secret_key: str,
    policy: AddressPolicy,
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned to be shown once; kept sealed). Audited without it."""
    _admin(actor)
    url, chosen = _checked(settings, policy)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        description=settings.description.strip(),
        event_types=chosen,
        secret_sealed=seal(secret_key, secret, WEBHOOK_SECRET),
        is_enabled=settings.is_enabled,
        disabled_reason="",
        created_at=at,
        updated_at=at,
    )
    session.add(endpoint)
    session.flush()
    _audit(session, AuditAction.CREATE_WEBHOOK, actor, at, endpoint)
    return endpoint, secret


def update_endpoint(
    session,
    endpoint: WebhookEndpoint,
    settings: EndpointSettings,
    *,
    actor: User,
    at: dt.datetime,
    policy: AddressPolicy,
) -> WebhookEndpoint:
    """Change the address, the types or the switch; switching on ends a failing streak."""
    _admin(actor)
    url, chosen = _checked(settings, policy)
    was_on = endpoint.is_enabled
    endpoint.url, endpoint.description, endpoint.event_types = url, settings.description.strip(), chosen
    endpoint.is_enabled, endpoint.updated_at = settings.is_enabled, at
    if endpoint.is_enabled and not was_on:
        _wake(session, endpoint, at)
    session.flush()
    _audit(session, AuditAction.EDIT_WEBHOOK, actor, at, endpoint)
    return endpoint


def enable_endpoint(session, endpoint: WebhookEndpoint, *, actor: User, at: dt.datetime) -> WebhookEndpoint:
    """Switch an endpoint on again (after the day of failures that switched it off)."""
    _admin(actor)
    endpoint.is_enabled, endpoint.updated_at = True, at
    _wake(session, endpoint, at)
    session.flush()
    _audit(session, AuditAction.ENABLE_WEBHOOK, actor, at, endpoint)
    return endpoint


def redeliver(session, delivery_id: int, *, actor: User, at: dt.datetime) -> WebhookDelivery | None:
    """Send one event to one endpoint again, with the same webhook-id; None for no such delivery."""
    _admin(actor)
    delivery = session.scalar(select(WebhookDelivery).where(WebhookDelivery.id == delivery_id))
    if delivery is None:
        return None
    delivery.status, delivery.next_attempt_at, delivery.lease_token = DeliveryStatus.PENDING, at, None
    session.flush()
    session.info[DUE] = True
    _audit(
        session,
        AuditAction.REDELIVER_WEBHOOK,
        actor,
        at,
        delivery.endpoint,
        delivery=delivery.id,
        event=delivery.event.uid,
    )
    return delivery
