"""联名建议: inviting co-signers, and what the pages show about them (answers, consent to withdraw).

Every change goes through `engine.apply` (invite, confirm, decline, propose, agree, withdraw);
this module batches invitations and reads the state of a joint item for the pages. It never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from tracker.domain.core.context import Context
from tracker.domain.core.engine import apply
from tracker.domain.core.guards import CHECKS, DATA_GUARDS
from tracker.domain.core.ownership import RULES
from tracker.domain.errors import InvalidData
from tracker.models import AuditEvent, CoSigner, DeputyGroup, Membership, Suggestion, User, UserRole
from tracker.workflow import DRAFTING, Action, Guard, Role, rows_from
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import CoSignerStatus

A = Action
MAX_INVITES = 30  # one form; more than a group's whole list is a slip of the hand


def invite_cosigners(session, item: Suggestion, actor: User, deputy_ids: list[int], *,
                     at: datetime) -> list[AuditEvent]:
    """Invite several deputies at once: one engine action each, all or none."""
    ids = list(dict.fromkeys(deputy_ids))
    if not ids:
        raise InvalidData(N_("Choose at least one deputy."), field="cosigners")
    if len(ids) > MAX_INVITES:
        raise InvalidData(N_("Invite at most %(most)s deputies at a time."), most=MAX_INVITES,
                          field="cosigners")
    return [apply(item, A.INVITE_COSIGNER, actor=actor, as_role=Role.DEPUTY, at=at,
                  data={"cosigner": deputy_id}) for deputy_id in ids]


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    group: str


def invitable(session, item: Suggestion) -> list[Candidate]:
    """Active deputies not yet on the item, by group then name, for the invitation picker."""
    taken = {item.author_id, *(c.deputy_id for c in item.cosigners)}
    rows = session.execute(
        select(User.id, User.name, DeputyGroup.name).join(UserRole)
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(DeputyGroup, Membership.group_id == DeputyGroup.id)
        .where(UserRole.role == Role.DEPUTY, User.is_active_user.is_(True),
               Membership.in_office.is_not(False))  # a deputy whose term ended co-signs no more
        .order_by(DeputyGroup.name, User.name, User.id)).all()
    return [Candidate(i, name, group or "") for i, name, group in rows if i not in taken]


@dataclass
class Signer:
    """One co-signer as the pages show them."""

    row: CoSigner
    name: str
    group: str
    decline_reason: str = ""


@dataclass
class JointState:
    """The co-signers of an item, who still owes an answer, and where a withdrawal stands."""

    signers: list[Signer] = field(default_factory=list)
    withdrawal_reason: str = ""
    withdrawal_by: str = ""
    withdrawal_at: datetime | None = None

    @property
    def waiting(self) -> list[Signer]:
        return [s for s in self.signers if s.row.status == CoSignerStatus.INVITED]

    @property
    def confirmed(self) -> list[Signer]:
        return [s for s in self.signers if s.row.status == CoSignerStatus.CONFIRMED]

    @property
    def agreed(self) -> list[Signer]:
        return [s for s in self.confirmed if s.row.withdrawal_agreed_at]

    @property
    def not_agreed(self) -> list[Signer]:
        return [s for s in self.confirmed if not s.row.withdrawal_agreed_at]


def joint_state(session, item: Suggestion) -> JointState:
    out = JointState()
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.suggestion_id == item.id,
        AuditEvent.action.in_([A.DECLINE_COSIGN.value, A.REQUEST_WITHDRAWAL.value]))
        .order_by(AuditEvent.id)).all()
    declined = {e.actor_id: e.reason for e in events if e.action == A.DECLINE_COSIGN.value}
    for c in item.cosigners:
        group = c.deputy.group.name if c.deputy.group else ""
        out.signers.append(Signer(c, c.deputy.name, group, declined.get(c.deputy_id, "")))
    requests = [e for e in events if e.action == A.REQUEST_WITHDRAWAL.value]
    if item.withdrawal_requested and requests:
        last = requests[-1]
        out.withdrawal_reason, out.withdrawal_by, out.withdrawal_at = (
            last.reason, last.actor.name, last.at)
    return out


def waits_for_cosigners(item: Suggestion) -> bool:
    """Whether the way on from the item's state is held back until every invitee has answered."""
    pending = any(c.status == CoSignerStatus.INVITED for c in item.cosigners)
    return pending and any(Guard.COSIGNERS_ANSWERED in r.guards for r in rows_from(item.state))


@dataclass(frozen=True)
class Invitation:
    item: Suggestion
    lead: str
    invited_at: datetime


def invitations_for(session, user: User) -> list[Invitation]:
    """Invitations this deputy has not answered yet, on drafts still with their lead deputy."""
    if not user.has_role(Role.DEPUTY):
        return []
    rows = session.execute(
        select(Suggestion, CoSigner.invited_at).join(CoSigner, CoSigner.suggestion_id == Suggestion.id)
        .where(CoSigner.deputy_id == user.id, CoSigner.status == CoSignerStatus.INVITED,
               Suggestion.state.in_(DRAFTING))
        .order_by(CoSigner.invited_at, Suggestion.id)).all()
    return [Invitation(item, item.author.name, invited_at) for item, invited_at in rows]


# Shown in detail elsewhere on the page (who has not answered, who has not agreed).
EXPLAINED_ELSEWHERE = frozenset({Guard.COSIGNERS_ANSWERED, Guard.WITHDRAWAL_AGREED})


def held_back(session, item: Suggestion, actor: User, at: datetime) -> list[tuple[Action, Guard]]:
    """Steps forward this user would be offered but for one condition: (action, that condition).

    So a page can say why a button is missing (e.g. formal submission waits for the session, a
    key item's progress report is not due)."""

    def failing(row) -> list[Guard] | None:
        roles = row.roles & actor.roles
        if not roles:
            return None
        ctx = Context(session, item, actor, min(roles), at)
        if not RULES[row.own](ctx):
            return None
        return [g for g in row.guards if g not in DATA_GUARDS and not CHECKS[g](ctx)]

    verdicts = [(row, failing(row)) for row in rows_from(item.state)]
    offered = {row.action for row, bad in verdicts if bad == []}
    out: dict[Action, Guard] = {}
    for row, bad in verdicts:
        # A row for the other channel is not held back: it is simply not this item's. A step
        # that keeps the state is explained only where users look for it (a report not due).
        if (bad and len(bad) == 1 and bad[0] not in CHANNEL_GUARDS and row.action not in offered
                and (not row.keeps_state or bad[0] in EXPLAINED_SIDE_STEPS)):
            out.setdefault(row.action, bad[0])
    return [(a, g) for a, g in out.items() if g not in EXPLAINED_ELSEWHERE]


CHANNEL_GUARDS = frozenset({Guard.SESSION_CHANNEL, Guard.BETWEEN_CHANNEL})
# Guards of state-keeping steps whose missing button a user would wonder about.
EXPLAINED_SIDE_STEPS = frozenset({Guard.PROGRESS_REPORT_DUE})
