"""The in-app notice centre: a person's outbox rows read as notices, marked read; the delivery choice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from tracker.domain.audit import record
from tracker.domain.audit_chain import notices as chain_notices
from tracker.domain.core.notify import CHANGED, OWED, REMINDED
from tracker.domain.liaison import followup
from tracker.domain.reminders.texts import notice_line, owner_of
from tracker.domain.webhooks import notices as webhook_notices
from tracker.models import AuditEvent, Deadline, Outbox, User
from tracker.translations import Label, Message
from tracker.workflow import Action, DeadlineKind, State
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

# Sentences as msgids, rendered where shown (the notice centre: the page's language).
TEXTS = {OWED: N_("“%(title)s”: %(kind)s due by %(due_on)s"),
         CHANGED: N_("“%(title)s”: %(action)s by %(actor)s; now %(state)s")}
REASON = N_("Reason or comment: %(reason)s")
NEXT_OWED = N_("What to do next: %(kind)s, by %(due_on)s.")
NEXT_NONE = N_("Nothing is asked of you: open the suggestion to follow it.")
NEXT_CHASE = N_("What to do next: follow it up with %(owner)s.")
# The kinds whose line is written where they are made: reminders, referral follow-ups, the audit chain.
LINES = {REMINDED: notice_line, followup.KIND: followup.notice_line,
         chain_notices.KIND: chain_notices.notice_line,
         webhook_notices.KIND: webhook_notices.notice_line}
# Every kind of notice anything writes; each has its test (tests/domain/test_notice_kinds.py).
KINDS = (OWED, CHANGED, *LINES)


@dataclass(frozen=True)
class Notice:
    """One notice as the notice centre shows it, its text rendered in the page's language."""

    id: int
    kind: str
    suggestion_id: int | None
    created_at: datetime
    read_at: datetime | None
    message: Message
    opinion_id: int | None = None  # a liaison-station referral's follow-up (no suggestion)
    title: str = ""
    reason: Message | None = None      # the reason or comment the actor gave, in full
    next_step: Message | None = None   # what the reader should do now

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def text(self, lang: str | None = None) -> str:
        """The whole notice in the current locale, or in `lang`: what happened, why, what next."""
        parts = [self.message, self.reason, self.next_step]
        return " ".join(p.render(lang) for p in parts if p is not None)


@dataclass(frozen=True)
class NoticeGroup:
    """The notices of one item (or one follow-up) on a page, newest first."""

    suggestion_id: int | None
    title: str
    notices: list[Notice]

    @property
    def unread(self) -> int:
        return sum(not n.is_read for n in self.notices)


def by_item(listed: list[Notice]) -> list[NoticeGroup]:
    """The page's notices grouped by item, the group of the newest notice first."""
    groups: dict[tuple, list[Notice]] = {}
    for n in listed:
        key = ("item", n.suggestion_id) if n.suggestion_id is not None else ("other", n.opinion_id, n.id)
        groups.setdefault(key, []).append(n)
    return [NoticeGroup(ns[0].suggestion_id, ns[0].title, ns) for ns in groups.values()]


def _mine(user: User):
    return select(Outbox).where(Outbox.recipient_id == user.id)


def unread_count(session: Session, user: User) -> int:
    return session.scalar(select(func.count(Outbox.id)).where(Outbox.recipient_id == user.id,
                                                              Outbox.read_at.is_(None))) or 0


def list_notices(session: Session, user: User, *, unread_only: bool = False, limit: int = 50,
                 offset: int = 0) -> list[Notice]:
    """The user's notices, newest first."""
    query = _mine(user)
    if unread_only:
        query = query.where(Outbox.read_at.is_(None))
    rows = session.scalars(query.order_by(Outbox.created_at.desc(), Outbox.id.desc())
                           .limit(limit).offset(offset)).all()
    return _build(session, rows)


def get_notice(session: Session, user: User, notice_id: int) -> Notice | None:
    """One of the user's own notices; None for another person's or a missing id."""
    row = session.scalar(_mine(user).where(Outbox.id == notice_id))
    return _build(session, [row])[0] if row is not None else None


def _build(session: Session, rows: list[Outbox]) -> list[Notice]:
    # Two batch lookups for the whole page instead of one per notice.
    events = {e.id: e for e in session.scalars(
        select(AuditEvent).options(selectinload(AuditEvent.actor))
        .where(AuditEvent.id.in_({r.event_id for r in rows})))}
    deadline_ids = {r.payload.get("deadline_id") for r in rows} - {None}
    kinds = dict(session.execute(select(Deadline.id, Deadline.kind)
                                 .where(Deadline.id.in_(deadline_ids))).all()) if deadline_ids else {}
    return [_notice(r, events.get(r.event_id), kinds) for r in rows]


def mark_read(session: Session, user: User, ids: Iterable[int] | None = None, *, at: datetime) -> int:
    """Mark the given notices (or all, when ids is None) read; other people's ids are ignored.
    Audited when any was unread (marking read again changes nothing and writes nothing)."""
    ids = None if ids is None else list(ids)
    stmt = (update(Outbox).where(Outbox.recipient_id == user.id, Outbox.read_at.is_(None))
            .values(read_at=at).execution_options(synchronize_session="fetch"))
    if ids is not None:
        stmt = stmt.where(Outbox.id.in_(ids))
    count = session.execute(stmt).rowcount
    if count:
        record(session, action=AuditAction.MARK_NOTICES_READ, actor=user, role=None, at=at,
               data={"notices": "all" if ids is None else ids, "count": count})
    session.flush()
    return count


def _notice(row: Outbox, event: AuditEvent | None, kinds: dict) -> Notice:
    p = row.payload
    deadline_kind = kinds.get(p.get("deadline_id")) or _member(DeadlineKind, p.get("deadline_kind"))
    message = _message(row.kind, p, event, deadline_kind)
    return Notice(id=row.id, kind=row.kind, suggestion_id=p.get("suggestion_id"), created_at=row.created_at,
                  read_at=row.read_at, message=message, opinion_id=p.get("opinion_id"),
                  title=p.get("title", ""), reason=_reason(p, event),
                  next_step=_next(row.kind, p, deadline_kind))


def _reason(p: dict, event: AuditEvent | None) -> Message | None:
    if "to_state" not in p:  # reminders, follow-ups and payloads written before carry no reason
        return None
    reason = p.get("reason") or (event.reason if event is not None else "")
    return Message(REASON, reason=reason) if reason else None


def _next(kind: str, p: dict, deadline_kind: DeadlineKind | None) -> Message | None:
    if kind == REMINDED and p.get("audience", "owner") != "owner":  # an escalation: chase the owner
        return Message(NEXT_CHASE, owner=owner_of(p))
    if kind in (OWED, REMINDED):
        label = Label(deadline_kind, lower=True) if deadline_kind else p.get("kind_zh", "")
        return Message(NEXT_OWED, kind=label, due_on=p.get("due_on", ""))
    if kind == CHANGED:
        return Message(NEXT_NONE)
    return None  # follow-ups and the audit chain say what to do in their own line


def _message(kind: str, p: dict, event: AuditEvent | None, deadline_kind: DeadlineKind | None) -> Message:
    if kind in LINES:
        return LINES[kind](p)
    values = {"title": p.get("title", ""), "actor": event.actor.name if event is not None else "",
              "due_on": p.get("due_on", "")}
    if kind == OWED and "to_state" not in p:  # written before: the deadline only
        kind_label = Label(deadline_kind, lower=True) if deadline_kind else p.get("kind_zh", "")
        return Message(TEXTS[OWED], kind=kind_label, **values)
    # Steps outside the table (a merge seen from the main item) carry their own label's msgid;
    # action_zh is what payloads written before carry.
    action = (_member(Action, p.get("action")) or (Label(p["action_label"]) if p.get("action_label") else "")
              or p.get("action_zh", ""))
    return Message(TEXTS[CHANGED], action=action, state=_member(State, p.get("to_state")) or "",
                   **values)


def _member(enum_type, value: str | None):
    try:
        return enum_type(value) if value else None
    except ValueError:  # an action or state the table no longer knows: show nothing rather than fail
        return None
