"""Everything the item page shows about one suggestion, loaded in a handful of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.domain.authoring.attachments import reply_attachments
from tracker.domain.reads.queries import owner_names
from tracker.domain.reads.replies import visible_replies
from tracker.domain.reads.supervision import KeyItem, key_items
from tracker.models import (
    Assignment,
    Attachment,
    AuditEvent,
    Contact,
    Deadline,
    Evaluation,
    HandlingUnit,
    Promise,
    Reply,
    ReviewOpinion,
    Suggestion,
    SupervisionMark,
    User,
)
from tracker.workflow import WINDOW_KINDS, CoSignerStatus


@dataclass
class Dossier:
    item: Suggestion
    deadlines: list[Deadline] = field(default_factory=list)
    owner_names: dict[int, str] = field(default_factory=dict)
    opinions_by_version: dict[int | None, list[ReviewOpinion]] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)  # those the viewer may read (reads.replies)
    reply_files: dict[int, list[Attachment]] = field(default_factory=dict)
    evaluations: dict[int, Evaluation] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    supervision: SupervisionMark | None = None
    key: KeyItem | None = None  # the key-supervision record with its progress reports
    history: list[AuditEvent] = field(default_factory=list)
    users: dict[int, str] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)

    @property
    def cosigners(self) -> list:
        """The co-signers the item names: invited or confirmed; one who declined is not one (their
        answer stays in the history)."""
        return [c for c in self.item.cosigners if c.status != CoSignerStatus.DECLINED]

    def user_name(self, user_id: int | None) -> str:
        return self.users.get(user_id, "") if user_id else ""


def _all(session, stmt) -> list:
    return list(session.scalars(stmt))


def item_history(session, sid: int) -> list[AuditEvent]:
    """Every recorded step of one suggestion with its actor, oldest first."""
    return _all(session, select(AuditEvent).where(AuditEvent.suggestion_id == sid)
                .options(selectinload(AuditEvent.actor)).order_by(AuditEvent.at, AuditEvent.id))


def load_dossier(session, item: Suggestion, viewer: User, *, page: bool = True) -> Dossier:
    """The dossier; `page=False` leaves out what only the item page draws (review opinions, reply
    files, contacts, supervision, the history and the names it shows): the API's one suggestion."""
    sid = item.id
    d = Dossier(item)
    d.deadlines = _all(session, select(Deadline).where(
        Deadline.suggestion_id == sid, Deadline.closed_at.is_(None),
        Deadline.kind.not_in(WINDOW_KINDS)).order_by(Deadline.due_on, Deadline.id))
    d.assignments = _all(session, select(Assignment).where(Assignment.suggestion_id == sid)
                         .options(selectinload(Assignment.unit))
                         .order_by(Assignment.assigned_at, Assignment.id))
    d.replies = visible_replies(viewer, _all(session, select(Reply).where(Reply.suggestion_id == sid)
                                             .order_by(Reply.drafted_at, Reply.id)))
    d.evaluations = {e.reply_id: e for e in _all(
        session, select(Evaluation).where(Evaluation.suggestion_id == sid))}
    d.promises = _all(session, select(Promise).where(Promise.suggestion_id == sid)
                      .order_by(Promise.due_on))
    if page:
        _page_parts(session, item, d)
    return d


def _page_parts(session, item: Suggestion, d: Dossier) -> None:
    sid = item.id
    d.owner_names = owner_names(session, d.deadlines)
    for opinion in _all(session, select(ReviewOpinion).where(ReviewOpinion.suggestion_id == sid)
                        .options(selectinload(ReviewOpinion.checks))
                        .order_by(ReviewOpinion.created_at, ReviewOpinion.id)):
        d.opinions_by_version.setdefault(opinion.version_id, []).append(opinion)
    shown = {r.id for r in d.replies}
    d.reply_files = {k: v for k, v in reply_attachments(session, item).items() if k in shown}
    d.contacts = _all(session, select(Contact).where(Contact.suggestion_id == sid)
                      .order_by(Contact.contact_on, Contact.id))
    d.supervision = session.scalar(select(SupervisionMark)
                                   .where(SupervisionMark.suggestion_id == sid))
    if item.is_key:
        d.key = next(iter(key_items(session, item_id=sid)), None)
    d.history = item_history(session, sid)
    user_ids = {e.actor_id for e in d.history} | {o.reviewer_id for os in
                                                   d.opinions_by_version.values() for o in os}
    user_ids |= {r.drafted_by_id for r in d.replies} | {c.logged_by_id for c in d.contacts}
    user_ids |= {v.frozen_by_id for v in item.versions}
    d.users = dict(session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
    unit_ids = {c.unit_id for c in d.contacts}
    d.units = dict(session.execute(select(HandlingUnit.id, HandlingUnit.name)
                                   .where(HandlingUnit.id.in_(unit_ids))).all())
