"""The liaison-station log (有诉必应, DOMAIN §9): stations, constituents' opinions, their audit links
and the once-only follow-up notices of referrals.

The constituent's contact is private: only the logging deputy and the office read it
(tracker.domain.liaison.can_see_contact); no list, export, dashboard or public page selects it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import DeputyGroup, User
from tracker.models.suggestion import Suggestion
from tracker.models.types import UTCDateTime, checked_enum
from tracker.tenancy import CongressOwned
from tracker.workflow.liaison import OpinionSource, Outcome, ToldHow


class StationKind(enum.StrEnum):
    DEPUTIES_HOME = "deputies_home"          # 代表之家
    LIAISON_STATION = "liaison_station"      # 代表联络站
    LEGISLATIVE_POINT = "legislative_point"  # 基层立法联系点


class LiaisonStation(CongressOwned, db.Model):
    """代表之家、代表联络站 or 基层立法联系点, in a town, street or community."""

    __tablename__ = "liaison_station"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[StationKind] = mapped_column(checked_enum(StationKind, "station_kind"))
    place: Mapped[str] = mapped_column(String(100), default="")  # 镇/街道/社区
    group_id: Mapped[int | None] = mapped_column(ForeignKey("deputy_group.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    group: Mapped[DeputyGroup | None] = relationship()


class LiaisonOpinion(CongressOwned, db.Model):
    """One constituent's opinion or request (群众意见、诉求) logged by a deputy at a station."""

    __tablename__ = "liaison_opinion"
    __table_args__ = (
        # A deputy's own list and the office's list, newest first; the referrals falling due.
        Index("ix_liaison_opinion_deputy_received", "deputy_id", "received_on", "id"),
        Index("ix_liaison_opinion_received", "received_on", "id"),
        Index("ix_liaison_opinion_outcome_follow_up", "outcome", "follow_up_on"),
        CheckConstraint("outcome != 'referred' OR follow_up_on IS NOT NULL",
                        name="ck_liaison_referral_date"),
        CheckConstraint("outcome != 'suggestion' OR suggestion_id IS NOT NULL",
                        name="ck_liaison_suggestion_link"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("liaison_station.id"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    received_on: Mapped[date]
    constituent: Mapped[str] = mapped_column(String(40))          # who
    address: Mapped[str] = mapped_column(String(200), default="")  # where (community, street …)
    content: Mapped[str] = mapped_column(Text)                     # what
    contact: Mapped[str] = mapped_column(String(100), default="")  # PRIVATE
    # The channel it came in by: a service account's intake (the 12345 hotline) always names one.
    source: Mapped[OpinionSource] = mapped_column(checked_enum(OpinionSource, "opinion_source"),
                                                  default=OpinionSource.IN_PERSON,
                                                  server_default=OpinionSource.IN_PERSON.value)
    outcome: Mapped[Outcome] = mapped_column(checked_enum(Outcome, "liaison_outcome"),
                                             default=Outcome.PENDING)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    referred_to: Mapped[str] = mapped_column(String(100), default="")
    follow_up_on: Mapped[date | None]
    suggestion_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id"), index=True)
    told_on: Mapped[date | None]
    told_how: Mapped[ToldHow | None] = mapped_column(checked_enum(ToldHow, "told_how"))
    told_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Optimistic lock: of two pages acting on the same opinion, one wins.
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": lock_version}

    station: Mapped[LiaisonStation] = relationship()
    deputy: Mapped[User] = relationship()
    suggestion: Mapped[Suggestion | None] = relationship()

    @property
    def follow_up_open(self) -> date | None:
        """The follow-up date while the referral is open; it stays on record after it closes."""
        return self.follow_up_on if self.outcome is Outcome.REFERRED else None


class LiaisonEvent(CongressOwned, db.Model):
    """Which audit events (tracker.models.audit) belong to which opinion: its history, by index."""

    __tablename__ = "liaison_event"
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("liaison_opinion.id", ondelete="CASCADE"),
                                            index=True)


class LiaisonFollowUp(CongressOwned, db.Model):
    """The once-only ledger of referral follow-up notices: one per opinion and follow-up date."""

    __tablename__ = "liaison_follow_up"
    __table_args__ = (UniqueConstraint("opinion_id", "due_on", name="uq_liaison_follow_up_once"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("liaison_opinion.id", ondelete="CASCADE"))
    due_on: Mapped[date]
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
