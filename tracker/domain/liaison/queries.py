"""Read-only questions about the liaison-station log: lists with filters and paging, an opinion's
history, referrals falling due, the opinions linked to a suggestion.

No list here loads the constituent's contact (it is deferred and never rendered in a list); only
the opinion page shows it, to those `tracker.domain.liaison.can_see_contact` allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from tracker.domain.metrics.liaison import opinion_ids
from tracker.models import AuditEvent, LiaisonEvent, LiaisonOpinion, LiaisonStation, User
from tracker.models.liaison import Outcome

PAGE = 50
Op = LiaisonOpinion


@dataclass(frozen=True)
class OpinionFilter:
    """Which opinions a list shows; `figure` is a liaison figure's key (a dashboard drill-down)."""

    deputy_id: int | None = None
    station_id: int | None = None
    outcome: Outcome | None = None
    group_id: int | None = None
    year: int | None = None
    figure: str | None = None
    part: str | None = None  # "den": the figure's denominator instead of its numerator

    def conditions(self, today: date) -> list:
        out = []
        if self.deputy_id is not None:
            out.append(Op.deputy_id == self.deputy_id)
        if self.station_id is not None:
            out.append(Op.station_id == self.station_id)
        if self.outcome is not None:
            out.append(Op.outcome == self.outcome)
        if self.group_id is not None:
            out.append(Op.deputy_id.in_(select(User.id).where(User.group_id == self.group_id)))
        if self.year is not None:
            out.append(Op.received_on.between(date(self.year, 1, 1), date(self.year, 12, 31)))
        if self.figure is not None:
            out.append(Op.id.in_(opinion_ids(self.figure, today, self.part or "num")))
        return out

    def args(self) -> dict:
        return {k: (v.value if isinstance(v, Outcome) else v) for k, v in self.__dict__.items()
                if v is not None}


@dataclass
class Page:
    rows: list[LiaisonOpinion]
    number: int
    has_more: bool


def list_opinions(session, flt: OpinionFilter, today: date, page: int = 1, per_page: int = PAGE) -> Page:
    """Newest first (ix_liaison_opinion_received / _deputy_received), one page at a time."""
    page = max(page, 1)
    rows = list(session.scalars(
        select(Op).where(*flt.conditions(today))
        .options(defer(Op.contact), selectinload(Op.station), selectinload(Op.deputy))
        .order_by(Op.received_on.desc(), Op.id.desc()).limit(per_page + 1).offset((page - 1) * per_page)))
    return Page(rows[:per_page], page, len(rows) > per_page)


def history(session, opinion: LiaisonOpinion) -> list[AuditEvent]:
    """The opinion's audit events, oldest first."""
    return list(session.scalars(
        select(AuditEvent).join(LiaisonEvent, LiaisonEvent.event_id == AuditEvent.id)
        .where(LiaisonEvent.opinion_id == opinion.id).options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at, AuditEvent.id)))


def referrals_due(session, deputy: User, today: date) -> list[LiaisonOpinion]:
    """The deputy's referrals whose follow-up date has come (today or before), the oldest first."""
    return list(session.scalars(
        select(Op).where(Op.deputy_id == deputy.id, Op.outcome == Outcome.REFERRED, Op.follow_up_on <= today)
        .options(defer(Op.contact), selectinload(Op.station))
        .order_by(Op.follow_up_on, Op.id)))


def linked_to(session, suggestion_id: int) -> list[LiaisonOpinion]:
    """The constituents' opinions a suggestion came from (DOMAIN §3: a draft records its origin)."""
    return list(session.scalars(
        select(Op).where(Op.suggestion_id == suggestion_id)
        .options(defer(Op.contact), selectinload(Op.station)).order_by(Op.received_on, Op.id)))


def stations(session, *, active_only: bool = True) -> list[LiaisonStation]:
    stmt = select(LiaisonStation).order_by(LiaisonStation.kind, LiaisonStation.id)
    if active_only:
        stmt = stmt.where(LiaisonStation.is_active.is_(True))
    return list(session.scalars(stmt))
