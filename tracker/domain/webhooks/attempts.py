"""A delivery attempt's bookkeeping: claim due deliveries under a lease, record what the endpoint
answered, back off, and switch off an endpoint whose deliveries failed for a day (telling its admins).

The sender (tracker.jobs.webhooks) commits between these steps: claim, send, then record. A worker
that dies between sending and recording leaves the row leased; once the lease ends it is sent again
with the same webhook-id (at least once: receivers drop what they have seen).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from tracker.domain.webhooks import notices
from tracker.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent

PENDING = DeliveryStatus.PENDING
RETRY_SECONDS = (30, 120, 600, 3600)  # then an hour each time: the last step repeats


@dataclass(frozen=True)
class Claimed:
    """A claimed delivery as plain values, everything the sender needs."""

    id: int
    endpoint_id: int
    url: str
    secret_sealed: str
    uid: str
    payload: dict
    attempts: int


def backoff(attempts: int, steps: tuple[float, ...] = RETRY_SECONDS, jitter: float = 0.1) -> timedelta:
    """The wait after the `attempts`-th failed attempt: the steps in turn, the last one repeated,
    each stretched by up to `jitter` at random so endpoints coming back are not hit all at once."""
    base = steps[min(max(attempts, 1), len(steps)) - 1]
    return timedelta(seconds=base * (1 + random.uniform(0, jitter)))


def claim(session, now: datetime, *, batch: int, lease: timedelta) -> tuple[str, list[Claimed]]:
    """Lease up to `batch` due deliveries of switched-on endpoints: their next attempt moves to the
    lease's end, so a dead worker's rows come due again by themselves. Flushes; the caller commits."""
    token = uuid.uuid4().hex
    due = (WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
    pick = (
        select(WebhookDelivery.id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(*due, WebhookEndpoint.is_enabled.is_(True))
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(of=WebhookDelivery, skip_locked=True)
    ids = list(session.scalars(pick))
    if not ids:
        return token, []
    # On SQLite this conditional UPDATE is the claim: only rows still due get our token.
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(ids), *due)
        .values(lease_token=token, next_attempt_at=now + lease)
        .execution_options(synchronize_session=False)
    )
    rows = session.execute(
        select(
            WebhookDelivery.id,
            WebhookDelivery.endpoint_id,
            WebhookEndpoint.url,
            WebhookEndpoint.secret_sealed,
            WebhookEvent.uid,
            WebhookEvent.payload,
            WebhookDelivery.attempts,
        )
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.lease_token == token)
        .order_by(WebhookDelivery.id)
    )
    return token, [Claimed(*r) for r in rows]


def _mine(token: str, delivery_id: int):
    return update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id,
        WebhookDelivery.lease_token == token,
        WebhookDelivery.status == PENDING,
    )


def delivered(session, token: str, row: Claimed, now: datetime, status_code: int) -> bool:
    """A 2xx: done, and its endpoint's failing streak is over."""
    done = session.execute(
        _mine(token, row.id)
        .values(
            status=DeliveryStatus.DELIVERED,
            delivered_at=now,
            last_attempt_at=now,
            last_status_code=status_code,
            last_error="",
            attempts=WebhookDelivery.attempts + 1,
            lease_token=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == row.endpoint_id)
        .values(failing_since=None)
        .execution_options(synchronize_session=False)
    )
    return bool(done)


def failed(
    session,
    token: str,
    row: Claimed,
    now: datetime,
    *,
    status_code: int | None,
    error: str,
    steps: tuple[float, ...] = RETRY_SECONDS,
    disable_after: timedelta = timedelta(hours=24),
    tried: bool = True,
) -> datetime:
    """Anything else: tried again after the backoff; the endpoint's streak starts or goes on, and a
    streak of `disable_after` switches it off with a notice to the administrators. `tried` False:
    not sent at all (its endpoint had just failed in this batch), so the count stays. Returns when
    the next attempt is due."""
    attempts = row.attempts + (1 if tried else 0)
    later = now + backoff(attempts, steps)
    values = dict(next_attempt_at=later, lease_token=None, last_error=error[:500])
    if tried:
        values |= dict(attempts=attempts, last_attempt_at=now, last_status_code=status_code)
    session.execute(_mine(token, row.id).values(**values).execution_options(synchronize_session=False))
    if tried:
        _streak(session, row.endpoint_id, now, error, disable_after)
    return later


def _streak(session, endpoint_id: int, now: datetime, error: str, disable_after: timedelta) -> None:
    started = session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.failing_since.is_(None))
        .values(failing_since=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if started:
        return
    # Switched off by one worker only: the conditional UPDATE is the decision.
    off = session.execute(
        update(WebhookEndpoint)
        .where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.is_enabled.is_(True),
            WebhookEndpoint.failing_since <= now - disable_after,
        )
        .values(
            is_enabled=False,
            disabled_at=now,
            updated_at=now,
            disabled_reason=f"failed for {int(disable_after.total_seconds() // 3600)} hours: {error}"[:300],
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if off:
        endpoint = session.scalar(select(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))
        notices.tell_administrators(
            session, endpoint, hours=int(disable_after.total_seconds() // 3600), error=error, at=now
        )
