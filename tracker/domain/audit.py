"""The one writer of audit rows: every audit event in the application is written by `record`."""

from __future__ import annotations

import datetime as dt
import enum

from tracker.models import AuditEvent, LiaisonEvent, Suggestion, User
from tracker.tenancy import PLATFORM
from tracker.workflow import Role, State


def _json(value):
    """Audit data as JSON: dates as ISO text, rows as their ids, collections as lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_json(v) for v in value]
    if hasattr(value, "id"):
        return value.id
    return value


# What an event may be linked to besides its suggestion: the link row written beside it.
LINKS = {"opinion": lambda event, opinion: LiaisonEvent(event_id=event.id, opinion_id=opinion.id)}


def record(session, *, action: enum.Enum, actor: User | None, role: Role | None, at: dt.datetime,
           suggestion: Suggestion | None = None, from_state: State | None = None,
           to_state: State | None = None, reason: str = "", data: dict | None = None,
           platform_wide: bool = False, **links) -> AuditEvent:
    """Append one audit event (and its links, e.g. `opinion=`); flushes, so the event has its id.
    `platform_wide`: an act for every congress (the national calendar), kept with none of them.
    `actor=None`: the system itself (a scheduled task, e.g. pruning the sign-in log), as no role;
    only platform-wide, never on an item, so every act of a congress's people names its person."""
    if not isinstance(action, enum.Enum):
        raise TypeError(f"an audit action is an enum member, not {action!r}")
    if actor is None and (not platform_wide or role is not None or suggestion is not None or links):
        raise TypeError("a system event (no actor) is platform-wide, with no role, item or link")
    unknown = set(links) - set(LINKS)
    if unknown:
        raise TypeError(f"unknown audit links: {sorted(unknown)}")
    event = AuditEvent(suggestion_id=suggestion.id if suggestion is not None else None,
                       actor_id=actor.id if actor is not None else None, role=role, action=action.value,
                       from_state=from_state, to_state=to_state, reason=reason or "", at=at,
                       data=_json(data or {}),
                       **({"congress_id": PLATFORM} if platform_wide else {}))
    session.add(event)
    session.flush()
    for name, target in links.items():
        session.add(LINKS[name](event, target))
    if links:
        session.flush()
    return event
