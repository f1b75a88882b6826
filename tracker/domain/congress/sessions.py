"""Congress sessions (会议): the administrator creates and edits them; which one collects or sits now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, RoleNotHeld, required
from tracker.models import CongressSession, User
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

FIELDS = ("name", "ordinal", "year", "collection_opens_on", "presubmission_deadline_on", "opens_on",
          "closes_on")
# The windows in the order they must come; each may fall on the same day as the next.
WINDOW_ORDER = ("collection_opens_on", "presubmission_deadline_on", "opens_on", "closes_on")


@dataclass(frozen=True)
class Window:
    """What a session is doing on a day: 'collecting' (advance collection) or 'sitting'."""

    session: CongressSession
    phase: str


def _check(session, values: dict, current: CongressSession | None) -> dict:
    missing = [f for f in FIELDS if values.get(f) in (None, "")]
    if missing:
        raise required(missing[0])
    values = {f: values[f] for f in FIELDS}
    values["name"] = str(values["name"]).strip()
    if not values["name"]:
        raise required("name")
    if not isinstance(values["ordinal"], int) or values["ordinal"] < 1:
        raise InvalidData(N_("The ordinal must be 1 or more."), field="ordinal")
    for earlier, later in zip(WINDOW_ORDER, WINDOW_ORDER[1:], strict=False):
        if values[earlier] > values[later]:
            raise InvalidData(N_("Dates must run: collection opens ≤ pre-submission deadline ≤ opening ≤ "
                                 "closing."), field=later)
    clash = session.scalar(select(CongressSession.id).where(CongressSession.name == values["name"]))
    if clash is not None and (current is None or clash != current.id):
        raise InvalidData(N_("A session with this name already exists."), field="name")
    return values


def _require_admin(actor: User) -> None:
    if Role.ADMIN not in actor.roles:
        raise RoleNotHeld(N_("Only an administrator manages sessions."))


def create_session(session, actor: User, values: dict, *, at: dt.datetime) -> CongressSession:
    """A new congress session with its windows; flushes, the caller commits."""
    _require_admin(actor)
    values = _check(session, values, None)
    congress = CongressSession(**values)
    session.add(congress)
    session.flush()
    record(session, action=AuditAction.CREATE_SESSION, actor=actor, role=Role.ADMIN, at=at,
           data={"id": congress.id, **values})
    session.flush()
    return congress


def update_session(session, congress: CongressSession, actor: User, values: dict, *,
                   at: dt.datetime) -> bool:
    """Change a session's name, numbering or windows; False when nothing changed."""
    _require_admin(actor)
    values = _check(session, values, congress)
    changed = {k: v for k, v in values.items() if getattr(congress, k) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(congress, key, value)
    record(session, action=AuditAction.UPDATE_SESSION, actor=actor, role=Role.ADMIN, at=at,
           data={"id": congress.id, **changed})
    session.flush()
    return True


def current_window(session, today: dt.date) -> Window | None:
    """The session sitting today, else the one collecting (collection opened, not yet opening)."""
    sitting = session.scalars(select(CongressSession).where(
        CongressSession.opens_on <= today, CongressSession.closes_on >= today)
        .order_by(CongressSession.opens_on)).first()
    if sitting is not None:
        return Window(sitting, "sitting")
    collecting = session.scalars(select(CongressSession).where(
        CongressSession.collection_opens_on <= today, CongressSession.opens_on > today)
        .order_by(CongressSession.opens_on)).first()
    return Window(collecting, "collecting") if collecting is not None else None
