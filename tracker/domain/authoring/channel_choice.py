"""The draft form's channel and session from the calendar, and the review route each channel takes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from tracker.domain.congress.sessions import current_window
from tracker.models import CongressSession
from tracker.workflow import REVIEW_LAYERS, Channel, Guard, State, rows_from

# The guard that keeps each channel's rows apart in the table.
CHANNEL_GUARD = {Channel.SESSION: Guard.SESSION_CHANNEL, Channel.BETWEEN: Guard.BETWEEN_CHANNEL}


@dataclass(frozen=True)
class ChannelDefault:
    """What a new draft starts with: the channel, and the session collecting (or sitting) now."""

    channel: Channel
    session_id: int | None


def default_for(session, today: dt.date) -> ChannelDefault:
    """The session channel while a session collects or sits, the between-session channel otherwise."""
    window = current_window(session, today)
    if window is None:
        return ChannelDefault(Channel.BETWEEN, None)
    return ChannelDefault(Channel.SESSION, window.session.id)


def open_sessions(session, today: dt.date, keep: int | None = None) -> list[CongressSession]:
    """The sessions a draft may name today: collecting or sitting (and `keep`, the draft's own)."""
    is_open = (CongressSession.collection_opens_on <= today) & (CongressSession.closes_on >= today)
    stmt = select(CongressSession).order_by(CongressSession.opens_on)
    stmt = stmt.where(is_open | (CongressSession.id == keep)) if keep else stmt.where(is_open)
    return list(session.scalars(stmt))


def review_route(channel: Channel) -> list[State]:
    """The review layers a submitted draft of this channel passes, in order, read from the table."""
    other = {g for c, g in CHANNEL_GUARD.items() if c is not channel}
    route, state = [], State.DRAFT
    while True:
        ahead = [r.target for r in rows_from(state)
                 if r.target in REVIEW_LAYERS and r.target != state and r.target not in route
                 and not other & set(r.guards)]
        if not ahead:
            return route
        state = ahead[0]
        route.append(state)
