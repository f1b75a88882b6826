"""The daily word on a congress's chain: one notice to each of its administrators and supervisors
with the day's head (so a chain rewritten wholesale later no longer matches what they were shown)
or the first broken link; and the head published the day before, which the next check compares."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from tracker.domain.audit_chain.checking import Head, Report
from tracker.domain.audit_chain.sealing import EVENTS
from tracker.models import Outbox, User, UserRole
from tracker.translations import Message
from tracker.workflow import Role
from tracker.workflow.i18n import N_

KIND = "audit_chain"
READERS = (Role.ADMIN, Role.SUPERVISOR)
TEXTS = {"ok": N_("Audit trail checked on %(day)s: %(seq)s records sealed and intact; the day's chain "
                  "head is %(seq)s:%(hash)s (platform %(platform)s)"),
         "broken": N_("Audit trail check on %(day)s FAILED: %(problem)s. Tell the security officer.")}


def published_heads(session, congress_id: int) -> list[Head]:
    """The heads the last notice of the congress showed (its chain's and the platform's)."""
    p = session.scalar(select(Outbox.payload).where(Outbox.congress_id == congress_id, Outbox.kind == KIND)
                       .order_by(Outbox.id.desc()).limit(1))
    if not p or not p.get("ok"):
        return []
    heads = [Head(congress_id, p["seq"], p["hash"])]
    if p.get("platform_seq"):
        heads.append(Head(None, p["platform_seq"], p["platform_hash"]))
    return heads


def readers(session, congress_id: int) -> list[int]:
    return list(session.scalars(
        select(UserRole.user_id).join(User, User.id == UserRole.user_id)
        .where(UserRole.congress_id == congress_id, UserRole.role.in_(READERS), User.is_active_user.is_(True))
        .distinct().order_by(UserRole.user_id)))


def notify_day(session, congress_id: int, mine: Report, platform: Report, *, day: date, now: datetime) -> int:
    """One notice per reader, hung on the chain's newest row (outbox rows hang on an event). Flushes."""
    event_id = session.scalar(select(func.max(EVENTS.c.id)).where(EVENTS.c.congress_id == congress_id))
    if event_id is None:
        return 0  # nothing recorded in this congress yet: nothing to attest
    problems = [r for r in (mine, platform) if not r.ok]
    payload = {"day": day.isoformat(), "ok": not problems,
               "problem": "; ".join(_problem(r) for r in problems)}
    if mine.head is not None and not problems:
        payload |= {"seq": mine.head.seq, "hash": mine.head.hash}
    if platform.head is not None and not problems:
        payload |= {"platform_seq": platform.head.seq, "platform_hash": platform.head.hash}
    ids = readers(session, congress_id)
    if ids and (problems or mine.head is not None):
        session.execute(Outbox.__table__.insert(), [
            {"congress_id": congress_id, "event_id": event_id, "recipient_id": user_id, "kind": KIND,
             "payload": payload, "created_at": now} for user_id in ids])
    return len(ids)


def _problem(report: Report) -> str:
    if report.broken:
        return report.broken
    return f"{report.chain}: {report.unsealed_count} rows left unsealed (first: {report.unsealed[:5]})"


def digest_lines(session, recipient_ids: set[int], since: datetime) -> dict[int, Message]:
    """Each reader's latest check since `since`, said again at the foot of their daily digest mail."""
    rows = session.execute(select(Outbox.recipient_id, Outbox.payload)
                           .where(Outbox.kind == KIND, Outbox.recipient_id.in_(recipient_ids),
                                  Outbox.created_at >= since).order_by(Outbox.id))
    return {recipient_id: notice_line(payload) for recipient_id, payload in rows}


def notice_line(p: dict) -> Message:
    """The notice centre's sentence for a daily check."""
    if not p.get("ok"):
        return Message(TEXTS["broken"], day=p.get("day", ""), problem=p.get("problem", ""))
    platform = f"{p['platform_seq']}:{p['platform_hash']}" if p.get("platform_seq") else "-"
    return Message(TEXTS["ok"], day=p.get("day", ""), seq=p.get("seq", 0), hash=p.get("hash", ""),
                   platform=platform)
