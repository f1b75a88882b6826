"""Sending due webhook deliveries, batch after batch: signed per Standard Webhooks, at least once.

Each batch is claimed and committed, then each delivery is sent and its outcome committed at once
(send, then record). An endpoint that fails is not called again in the same batch: its other rows
wait for the same backoff, so a dead receiver costs one timeout per batch, not one per event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import requests
from standardwebhooks.webhooks import Webhook

from tracker.clock import now
from tracker.domain.webhooks import attempts
from tracker.domain.webhooks.addresses import AddressPolicy, refusal
from tracker.security import WEBHOOK_SECRET, unseal

USER_AGENT = "daibiao-tracker-webhooks/1"


@dataclass
class Sender:
    """How deliveries go out; built from the app's configuration (workers.tasks.webhooks)."""

    secret_key: str
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    timeout: float = 10.0
    steps: tuple[float, ...] = attempts.RETRY_SECONDS
    disable_after: timedelta = timedelta(hours=24)
    batch: int = 100
    lease: timedelta = timedelta(minutes=5)

    @classmethod
    def from_config(cls, config) -> Sender:
        steps = tuple(float(s) for s in str(config["WEBHOOK_RETRY_SECONDS"]).split(",") if s.strip())
        return cls(
            secret_key=config["SECRET_KEY"],
            policy=AddressPolicy.from_config(config),
            timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
            steps=steps or attempts.RETRY_SECONDS,
            disable_after=timedelta(hours=float(config["WEBHOOK_DISABLE_HOURS"])),
            batch=int(config["WEBHOOK_BATCH"]),
            lease=timedelta(seconds=float(config["WEBHOOK_LEASE_SECONDS"])),
        )


def body_of(payload: dict) -> str:
    """The request body: the event as stored, as compact JSON (the same bytes at every attempt)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def signed_headers(secret: str, uid: str, body: str, at: datetime) -> dict[str, str]:
    """webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 over id.timestamp.body)."""
    return {
        "webhook-id": uid,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(uid, at, body),
        "content-type": "application/json; charset=utf-8",
        "user-agent": USER_AGENT,
    }


def send(row: attempts.Claimed, conf: Sender) -> tuple[int | None, str]:
    """POST one delivery; (status code, error). The code is None when nothing came back."""
    why = refusal(row.url, conf.policy)  # again at each attempt: a host name may point elsewhere now
    if why:
        return None, f"refused: {why}"
    secret = unseal(conf.secret_key, row.secret_sealed, WEBHOOK_SECRET)
    if secret is None:
        return (
            None,
            "the signing secret cannot be read (TRACKER_SECRET_KEY changed?): create the endpoint again",
        )
    body = body_of(row.payload)
    # The wall clock, never the app's pinned one: receivers check the timestamp against theirs.
    headers = signed_headers(secret, row.uid, body, datetime.now(UTC))
    try:
        answer = requests.post(
            row.url, data=body.encode(), headers=headers, timeout=conf.timeout, allow_redirects=False
        )  # a redirect could lead past the address check
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"
    answer.close()
    if 200 <= answer.status_code < 300:
        return answer.status_code, ""
    return answer.status_code, f"HTTP {answer.status_code}"


def deliver_batch(session, token: str, rows: list[attempts.Claimed], conf: Sender) -> int:
    sent, down = 0, set()
    for row in rows:
        if row.endpoint_id in down:
            attempts.failed(
                session,
                token,
                row,
                now(),
                status_code=None,
                error="not tried: the endpoint had just failed",
                steps=conf.steps,
                disable_after=conf.disable_after,
                tried=False,
            )
        else:
            code, error = send(row, conf)
            if error:
                down.add(row.endpoint_id)
                attempts.failed(
                    session,
                    token,
                    row,
                    now(),
                    status_code=code,
                    error=error,
                    steps=conf.steps,
                    disable_after=conf.disable_after,
                )
            else:
                sent += attempts.delivered(session, token, row, now(), code)
        session.commit()
    return sent


def deliver_due(session, conf: Sender, *, max_batches: int | None = None) -> int:
    """Send every due delivery of the congress in scope; returns how many were delivered."""
    sent, batches = 0, 0
    while max_batches is None or batches < max_batches:
        token, rows = attempts.claim(session, now(), batch=conf.batch, lease=conf.lease)
        session.commit()
        if not rows:
            break
        sent += deliver_batch(session, token, rows, conf)
        batches += 1
    return sent
