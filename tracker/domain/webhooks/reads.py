"""What the administrator's webhook pages read: the endpoints, the deliveries waiting at each, a log."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


def all_endpoints(session) -> list[WebhookEndpoint]:
    """The congress's endpoints, oldest first."""
    return list(session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def pending_counts(session) -> dict[int, int]:
    """How many deliveries wait to be sent (or sent again), by endpoint id; one with none is absent."""
    return dict(session.execute(
        select(WebhookDelivery.endpoint_id, func.count(WebhookDelivery.id))
        .where(WebhookDelivery.status == DeliveryStatus.PENDING).group_by(WebhookDelivery.endpoint_id)).all())


def delivery_log(session, endpoint: WebhookEndpoint, limit: int) -> list[WebhookDelivery]:
    """An endpoint's newest `limit` deliveries, newest first."""
    return list(session.scalars(select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
                                .order_by(WebhookDelivery.id.desc()).limit(limit)))
