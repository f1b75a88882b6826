"""Suggestions and their pre-submission life: sessions, versions, co-signers, review opinions, numbering."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.org import Category, HandlingUnit, User
from tracker.models.types import UTCDateTime, checked_enum, utcnow
from tracker.tenancy import CongressOwned, current_congress_id
from tracker.workflow import FINAL, Channel, State
from tracker.workflow.statuses import CloseKind, CoSignerStatus

# Unfinished items, as an index predicate (ix_suggestion_open) and as the matching query condition:
# the units' inbox lists them (tracker.domain.reads.inbox), and they are a tenth of a long history.
OPEN_PREDICATE = "state NOT IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(FINAL)))
OPEN_ITEM = text(f"suggestion.{OPEN_PREDICATE}")


def _written_at(context) -> datetime:
    """The insert's own last-change moment (a draft's, an import's), else now."""
    return context.get_current_parameters().get("updated_at") or utcnow()


class CongressSession(CongressOwned, db.Model):
    """会议: e.g. 城东区第十八届人民代表大会第五次会议, with its collection and sitting windows."""

    __tablename__ = "congress_session"
    __table_args__ = (UniqueConstraint("congress_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    ordinal: Mapped[int]  # 第N次会议, used in registration numbers
    year: Mapped[int]
    collection_opens_on: Mapped[date]
    presubmission_deadline_on: Mapped[date]
    opens_on: Mapped[date]
    closes_on: Mapped[date]


class Suggestion(CongressOwned, db.Model):
    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("congress_id", "reg_sequence", "reg_number", name="uq_registration_number"),
        # Keyset pagination of the lists (tracker.domain.reads.listing): newest change first, overall
        # and within a state; the other filters are selective enough for their own indexes.
        Index("ix_suggestion_updated_id", "updated_at", "id"),
        Index("ix_suggestion_state_updated_id", "state", "updated_at", "id"),
        Index("ix_suggestion_created_id", "created_at", "id"),
        Index("ix_suggestion_category_updated_id", "category_id", "updated_at", "id"),
        Index("ix_suggestion_session_updated_id", "session_id", "updated_at", "id"),
        Index("ix_suggestion_author_updated_id", "author_id", "updated_at", "id"),
        # Batch routing, oldest registration first; a group leader's review queue; the inbox's
        # unfinished items (index-only).
        Index("ix_suggestion_state_registered_id", "state", "registered_at", "id"),
        Index("ix_suggestion_state_author", "state", "author_id"),
        # The review queues, oldest arrival in the layer first (tracker.domain.reads.review_queue),
        # and how many of a congress's items wait in each state (the queue's tabs, batch routing's
        # total), index-only: with the congress out of the index its condition read every row's
        # page (17 ms instead of 0.6 to count 4,700 items in one layer at 1,000,000; 92 instead of 4
        # with "waiting at least").
        Index("ix_suggestion_state_entered_id", "state", "congress_id", "state_entered_at", "id"),
        Index("ix_suggestion_open", "id", "state", "is_key", postgresql_where=text(OPEN_PREDICATE),
              sqlite_where=text(OPEN_PREDICATE)),
        # One draft per new-draft page: a second send of the same page (a double click, a resend
        # after a slow answer) finds the first draft instead of making another.
        Index("uq_suggestion_submission_key", "author_id", "submission_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State] = mapped_column(checked_enum(State, "suggestion_state"), index=True,
                                         default=State.DRAFT)
    channel: Mapped[Channel] = mapped_column(checked_enum(Channel, "channel"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("congress_session.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The random key of the new-draft page that created this draft (NULL for imported/seeded ones).
    submission_key: Mapped[str | None] = mapped_column(String(40))
    reasons: Mapped[str] = mapped_column(Text, default="")     # 事由
    proposals: Mapped[str] = mapped_column(Text, default="")   # 具体建议
    origin: Mapped[str] = mapped_column(Text, default="")      # 来源: constituents, inspections
    # The deputy's own text in a minority language (Tibetan …) beside the Chinese one.
    original_lang: Mapped[str | None] = mapped_column(String(8))
    original_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    proposed_unit_id: Mapped[int | None] = mapped_column(ForeignKey("handling_unit.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    # Which layer returned the draft, so resubmission goes back there.
    returned_from: Mapped[State | None] = mapped_column(checked_enum(State, "returned_from"))
    withdrawal_advised: Mapped[bool] = mapped_column(default=False)
    against_advice: Mapped[bool] = mapped_column(default=False)
    withdrawal_requested: Mapped[bool] = mapped_column(default=False)
    # Registration number: unique within its sequence ("session:<id>" or "year:<yyyy>").
    reg_sequence: Mapped[str | None] = mapped_column(String(30))
    reg_number: Mapped[int | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id"))
    reply_round: Mapped[int] = mapped_column(default=1)
    dissatisfied_count: Mapped[int] = mapped_column(default=0)
    is_key: Mapped[bool] = mapped_column(default=False)
    close_kind: Mapped[CloseKind | None] = mapped_column(checked_enum(CloseKind, "close_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the item came into its current state: set by the engine on every change of state, so the
    # review queues sort and filter on a column, not on the audit trail. A new row came into its
    # first state when it was written.
    state_entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=_written_at)
    # Optimistic lock: every engine action bumps it, so of two concurrent actors one wins.
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": lock_version}

    session: Mapped[CongressSession | None] = relationship()
    category: Mapped[Category | None] = relationship()
    proposed_unit: Mapped[HandlingUnit | None] = relationship()
    author: Mapped[User] = relationship()
    merged_into: Mapped[Suggestion | None] = relationship(remote_side=[id])
    cosigners: Mapped[list[CoSigner]] = relationship(
        back_populates="suggestion", cascade="all, delete-orphan", order_by="CoSigner.id",
        foreign_keys="CoSigner.suggestion_id",
    )
    versions: Mapped[list[SuggestionVersion]] = relationship(
        back_populates="suggestion", order_by="SuggestionVersion.number"
    )

    @property
    def registration_label(self) -> str | None:
        if self.reg_number is None:
            return None
        session = self.session if self.channel is Channel.SESSION else None
        return registration_label(self.reg_number, self.reg_sequence,
                                  session.ordinal if session is not None else None)

    def __repr__(self) -> str:
        return f"<Suggestion {self.id} {self.state}>"


ZH_DIGITS = "零一二三四五六七八九十"


def registration_label(reg_number: int | None, reg_sequence: str | None,
                       session_ordinal: int | None) -> str | None:
    """第N次会议第NNN号 for a session suggestion (`session_ordinal` given), 闭会YYYY-NNN号 for one
    between sessions; None before registration. A list reads the three as plain columns."""
    if reg_number is None:
        return None
    if session_ordinal is not None:
        return f"第{ordinal_zh(session_ordinal)}次会议第{reg_number:03d}号"
    return f"闭会{reg_sequence.split(':')[1]}-{reg_number:03d}号"


def ordinal_zh(n: int) -> str:
    if n <= 10:
        return ZH_DIGITS[n]
    if n < 20:
        return "十" + (ZH_DIGITS[n - 10] if n > 10 else "")
    return str(n)


CongressSession.ordinal_zh = property(lambda self: ordinal_zh(self.ordinal))


class SuggestionVersion(CongressOwned, db.Model):
    """An immutable copy of the draft, frozen each time it is sent to a review layer."""

    __tablename__ = "suggestion_version"
    __table_args__ = (UniqueConstraint("suggestion_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[str] = mapped_column(Text)
    proposals: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text, default="")
    original_lang: Mapped[str | None] = mapped_column(String(8))
    original_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"))
    layer: Mapped[State] = mapped_column(checked_enum(State, "version_layer"))
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    frozen_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    suggestion: Mapped[Suggestion] = relationship(back_populates="versions")


@event.listens_for(SuggestionVersion, "before_update")
def _versions_are_frozen(mapper, connection, target):
    raise ValueError("a frozen suggestion version cannot be changed")


class CoSigner(CongressOwned, db.Model):
    """附议代表 (invited co-signer) or a deputy who joined through a merge (并案)."""

    __tablename__ = "cosigner"
    __table_args__ = (UniqueConstraint("suggestion_id", "deputy_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[CoSignerStatus] = mapped_column(checked_enum(CoSignerStatus, "cosigner_status"),
                                                   default=CoSignerStatus.INVITED)
    via_merge_of_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawal_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suggestion: Mapped[Suggestion] = relationship(back_populates="cosigners",
                                                  foreign_keys=[suggestion_id])
    deputy: Mapped[User] = relationship()


class ReviewOpinion(CongressOwned, db.Model):
    """A reviewer's decision and comments, tied to the version they were written on."""

    __tablename__ = "review_opinion"
    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("suggestion_version.id"))
    layer: Mapped[State] = mapped_column(checked_enum(State, "opinion_layer"))
    decision: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[SuggestionVersion | None] = relationship()
    reviewer: Mapped[User] = relationship()
    checks: Mapped[list[PreReviewCheck]] = relationship(cascade="all, delete-orphan")


class PreReviewCheck(CongressOwned, db.Model):
    """One line of the office's pre-review checklist (DOMAIN §3): pass or fail, with a note."""

    __tablename__ = "prereview_check"
    __table_args__ = (UniqueConstraint("opinion_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("review_opinion.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(30))
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(Text, default="")


class RegistrationCounter(CongressOwned, db.Model):
    """The last number given in a numbering sequence; locked in the registering transaction."""

    __tablename__ = "registration_counter"
    # Numbering is per congress: each congress's own 第N号 from 1.
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), primary_key=True,
                                             default=current_congress_id)
    sequence: Mapped[str] = mapped_column(String(30), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)
