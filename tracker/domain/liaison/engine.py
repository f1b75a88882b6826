"""The liaison opinion's engine: `apply` is the only way an opinion's outcome changes.

Like tracker.domain.core.engine for suggestions: it finds the row of the opinion's table
(tracker.workflow.liaison) for the action, checks role, ownership, page version, guards and the
note, runs the operation's effect, moves the outcome, bumps the lock, writes the audit event linked to
the opinion, and flushes; it never commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError

from tracker.domain.audit import record
from tracker.domain.errors import ActedFirst, NotAllowedNow, NotYourItem, RoleNotHeld, StalePage
from tracker.models import AuditEvent, LiaisonOpinion, User
from tracker.workflow import Role
from tracker.workflow.i18n import N_
from tracker.workflow.liaison import OpinionAction, OpinionGuard, OpinionMove, opinion_rows

# What each guard of the opinion's table asks, and what the refusal says.
GUARDS: dict[OpinionGuard, Callable[[LiaisonOpinion], bool]] = {
    OpinionGuard.NOT_TOLD: lambda opinion: opinion.told_on is None,
}
GUARD_MESSAGES = {  # msgids
    OpinionGuard.NOT_TOLD: N_("The constituent's being told is already recorded."),
}
# An effect changes the opinion's own fields and returns the audit reason and data.
Effect = Callable[[OpinionMove], tuple[str, dict]]


def choose(opinion: LiaisonOpinion, actor: User, action: OpinionAction,
           seen_version: int | None = None) -> OpinionMove:
    """The row that applies, or the most telling reason why none does."""
    if not actor.has_role(Role.DEPUTY):
        raise RoleNotHeld(N_("Only the deputy who logged it can act on it."))
    if opinion.deputy_id != actor.id:
        raise NotYourItem(N_("You did not log this opinion."))
    if seen_version is not None and seen_version != opinion.lock_version:
        raise StalePage(opinion.outcome)
    rows = opinion_rows(opinion.outcome, action)
    if not rows:
        raise NotAllowedNow(N_("The opinion is “%(outcome)s”: cannot “%(move)s” now."),
                            outcome=opinion.outcome, move=action)
    for row in rows:
        failing = next((g for g in row.guards if not GUARDS[g](opinion)), None)
        if failing is None:
            return row
    raise NotAllowedNow(GUARD_MESSAGES[failing])


def apply(session, opinion: LiaisonOpinion, action: OpinionAction, *, actor: User, at: datetime,
          effect: Effect, seen_version: int | None = None) -> AuditEvent:
    """Take one action on an opinion; returns the audit event. Raises DomainError when refused."""
    row = choose(opinion, actor, action, seen_version)
    reason, data = effect(row)
    before = opinion.outcome
    opinion.outcome = row.target
    opinion.updated_at = at  # bumps lock_version
    try:
        session.flush()
    except StaleDataError:
        raise ActedFirst() from None
    return log(session, opinion, actor, action, at, before, reason, data)


def log(session, opinion: LiaisonOpinion, actor: User, action: OpinionAction, at: datetime,
        before, reason: str, data: dict) -> AuditEvent:
    """The opinion's audit event, linked to it, with the outcome it moved from and to."""
    return record(session, action=action, actor=actor, role=Role.DEPUTY, at=at, reason=reason,
                  data={"opinion_id": opinion.id, "from": str(before) if before else None,
                        "to": str(opinion.outcome), **data}, opinion=opinion)
