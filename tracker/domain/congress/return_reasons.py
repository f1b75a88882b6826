"""Each review layer's standard return reasons: kept by the congress's administrator, picked by reviewers.

A return's reason is the picked phrases, then the reviewer's own words; the engine sees one text,
so the notice and the history carry it whole.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from tracker.domain.audit import record
from tracker.domain.errors import InvalidData, RoleNotHeld, required
from tracker.models import ReturnReason, User
from tracker.workflow import REVIEW_LAYERS, Reason, Role, State, rows_for
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

MAX_LEN = 200


def reasons_for(session, layer: State) -> list[ReturnReason]:
    """The layer's standard reasons in use, in the administrator's order."""
    return list(session.scalars(select(ReturnReason).where(ReturnReason.layer == layer,
                                                           ReturnReason.is_active.is_(True))
                                .order_by(ReturnReason.position, ReturnReason.id)))


def all_reasons(session) -> dict[State, list[ReturnReason]]:
    """Every layer's reasons in use, for the administrator's page."""
    return {layer: reasons_for(session, layer) for layer in REVIEW_LAYERS}


def offers_reasons(state: State, action) -> bool:
    """Whether a standard reason may be picked for this action here: a layer's action whose row in
    the table asks for a reason."""
    return state in REVIEW_LAYERS and any(r.reason is Reason.REQUIRED for r in rows_for(state, action))


def compose(session, layer: State, picked_ids, free_text: str) -> str:
    """The reason the engine records: the picked standard reasons (of this layer, in use), one a
    line, then the reviewer's own words."""
    wanted = {int(i) for i in picked_ids or []}
    known = [r for r in reasons_for(session, layer) if r.id in wanted]
    if len(known) != len(wanted):
        raise InvalidData(N_("Invalid choice: %(name)s"), name="standard_reasons", field="standard_reasons")
    lines = [r.text for r in known]
    if (free_text or "").strip():
        lines.append(free_text.strip())
    return "\n".join(lines)


def _require_admin(actor: User) -> None:
    if Role.ADMIN not in actor.roles:
        raise RoleNotHeld(N_("Only an administrator keeps the standard return reasons."))


def add_reason(session, actor: User, layer: State, text: str, *, at: dt.datetime) -> ReturnReason:
    """A new standard reason at the end of the layer's list; flushes, the caller commits."""
    _require_admin(actor)
    if layer not in REVIEW_LAYERS:
        raise InvalidData(N_("Invalid choice: %(name)s"), name="layer", field="layer")
    text = " ".join((text or "").split())
    if not text:
        raise required("text")
    if len(text) > MAX_LEN:
        raise InvalidData(N_("Too long: %(name)s"), name="text", field="text")
    if any(r.text == text for r in reasons_for(session, layer)):
        raise InvalidData(N_("This layer already has this reason."), field="text")
    last = session.scalar(select(func.max(ReturnReason.position)).where(ReturnReason.layer == layer))
    row = ReturnReason(layer=layer, text=text, position=(last or 0) + 1, created_at=at)
    session.add(row)
    session.flush()
    record(session, action=AuditAction.ADD_RETURN_REASON, actor=actor, role=Role.ADMIN, at=at,
           data={"id": row.id, "layer": layer.value, "text": text})
    return row


def retire_reason(session, actor: User, reason_id: int, *, at: dt.datetime) -> bool:
    """Take a reason off the list (past returns keep its words); False when already gone."""
    _require_admin(actor)
    row = session.scalar(select(ReturnReason).where(ReturnReason.id == reason_id))  # this congress's only
    if row is None or not row.is_active:
        return False
    row.is_active = False
    record(session, action=AuditAction.RETIRE_RETURN_REASON, actor=actor, role=Role.ADMIN, at=at,
           data={"id": row.id, "layer": row.layer.value, "text": row.text})
    session.flush()
    return True
