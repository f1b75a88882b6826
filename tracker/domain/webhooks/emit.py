"""Writing webhook events: a row per event, a delivery per subscribed endpoint, in the caller's transaction.

Nothing is sent here: the rows are committed with the change they announce (or rolled back with a
refused one), and the workers deliver them (tracker.jobs.webhooks). The payload names the item as a
public page would: its number, its title with personal data taken out, its state; never a reason,
a reply's text, a deputy's or a constituent's name or contact.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import select

from tracker.models import (
    Congress,
    Deadline,
    LiaisonOpinion,
    Suggestion,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tracker.tenancy import current_congress_id
from tracker.workflow.transition import Transition
from tracker.workflow.webhooks import DEADLINE_OVERDUE, EVENT_TYPES, OPINION_LOGGED, events_of

DUE = "webhooks_due"  # session.info key: deliveries were written; the commit may wake a worker
# How a title is published (tracker.domain.publication.scrub.public_text), put here by
# tracker.domain.install: publication reads the lists, which reach the engine, which emits here, so
# importing it from here would close a cycle.
PUBLIC_TEXT: dict[str, Callable[[str], str]] = {}


def new_uid() -> str:
    """The event's stable id, sent as webhook-id with every attempt (Standard Webhooks' msg_ form)."""
    return f"msg_{uuid.uuid4().hex}"


def subscribers(session, event_type: str) -> list[WebhookEndpoint]:
    """The congress's switched-on endpoints that asked for this type."""
    return [
        e
        for e in session.scalars(
            select(WebhookEndpoint).where(WebhookEndpoint.is_enabled.is_(True)).order_by(WebhookEndpoint.id)
        )
        if event_type in (e.event_types or [])
    ]


def emit(session, event_type: str, data: dict, *, at: dt.datetime) -> WebhookEvent | None:
    """Write the event and its deliveries when some endpoint wants it; flushes. None when none does."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    endpoints = subscribers(session, event_type)
    if not endpoints:
        return None
    congress = session.get(Congress, current_congress_id())
    occurred = at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    payload = {
        "type": event_type,
        "timestamp": occurred,
        "data": {"congress": congress.code, "occurred_at": occurred, **data},
    }
    event = WebhookEvent(uid=new_uid(), type=event_type, payload=payload, created_at=at)
    session.add(event)
    session.flush()
    session.add_all(
        [
            WebhookDelivery(
                event_id=event.id, endpoint_id=e.id, next_attempt_at=at, attempts=0, last_error=""
            )
            for e in endpoints
        ]
    )
    session.flush()
    session.info[DUE] = True
    return event


def _public(text: str) -> str:
    if "scrub" not in PUBLIC_TEXT:
        raise RuntimeError("the domain is not wired: call tracker.domain.install.install() (create_app does)")
    return PUBLIC_TEXT["scrub"](text)


def item_data(item: Suggestion) -> dict:
    return {
        "suggestion": {
            "id": item.id,
            "number": item.registration_label,
            "title": _public(item.title),
            "state": str(item.state),
        }
    }


def announce(session, item: Suggestion, row: Transition, at: dt.datetime) -> None:
    """The events the table row an action took announces (tracker.workflow.webhooks.events_of)."""
    for event_type in events_of(row):
        emit(session, event_type, item_data(item), at=at)


def overdue(session, deadline: Deadline, item: Suggestion, at: dt.datetime) -> None:
    """A deadline's due day passed with the step still owed (the reminder ladder's first step after it)."""
    emit(
        session,
        DEADLINE_OVERDUE,
        item_data(item)
        | {
            "deadline": {
                "id": deadline.id,
                "kind": str(deadline.kind),
                "due_on": deadline.due_on.isoformat(),
                "owner": str(deadline.owner),
            }
        },
        at=at,
    )


def opinion_logged(session, opinion: LiaisonOpinion, station_name: str, at: dt.datetime) -> None:
    """A constituent's opinion logged at a station: where and when, never who or what they said."""
    emit(
        session,
        OPINION_LOGGED,
        {
            "opinion": {
                "id": opinion.id,
                "station": station_name,
                "received_on": opinion.received_on.isoformat(),
                "outcome": str(opinion.outcome),
            }
        },
        at=at,
    )
