"""Walking a chain: recompute every seal from its row, name the first broken link, list rows left
unsealed too long, and compare the head with heads published earlier (digest, yearly report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select

from tracker.domain.audit_chain.links import changed_columns, content, genesis, link
from tracker.domain.audit_chain.sealing import EVENTS, SEALS, in_chain

PAGE = 5000


@dataclass(frozen=True)
class Head:
    """A chain's last seal as published: enough to detect a chain rewritten wholesale later."""

    congress_id: int | None
    seq: int
    hash: str
    event_id: int | None = None
    sealed_at: datetime | None = None

    @property
    def text(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass
class Report:
    """What a walk of one chain found; `broken` is the first broken link in words, or ''."""

    congress_id: int | None
    sealed: int = 0
    head: Head | None = None
    broken: str = ""
    broken_event_id: int | None = None
    unsealed: list[int] = field(default_factory=list)  # ids of rows unsealed for too long (first 20)
    unsealed_count: int = 0

    @property
    def chain(self) -> str:
        return "platform" if self.congress_id is None else f"congress {self.congress_id}"

    @property
    def ok(self) -> bool:
        return not self.broken and not self.unsealed_count


def _break(report: Report, event_id: int | None, why: str) -> Report:
    report.broken, report.broken_event_id = why, event_id
    return report


def verify_chain(session, congress_id: int | None, *, now: datetime, unsealed_after: timedelta,
                 known: list[Head] = ()) -> Report:
    """Recompute the chain link by link from its genesis; stop at the first broken one."""
    report = Report(congress_id)
    previous, seq, last = None, 0, None
    published = {h.seq: h.hash for h in known if h.congress_id == congress_id}
    while True:
        page = session.execute(
            select(SEALS, *[c.label(f"row_{c.name}") for c in EVENTS.c])
            .select_from(SEALS.outerjoin(EVENTS, EVENTS.c.id == SEALS.c.event_id))
            .where(in_chain(SEALS, congress_id), SEALS.c.seq > seq).order_by(SEALS.c.seq).limit(PAGE)
        ).mappings().all()
        for s in page:
            if previous is None:
                previous = genesis(congress_id, s["algorithm"])
            where = f"{report.chain}, seal {s['seq']}, row {s['event_id']}"
            if s["seq"] != seq + 1:
                return _break(report, s["event_id"], f"{report.chain}: seals {seq + 1}–{s['seq'] - 1} "
                              f"are missing (deleted) before row {s['event_id']}")
            if s["row_id"] is None:
                return _break(report, s["event_id"], f"{where}: the row is missing (deleted)")
            row = {c.name: s[f"row_{c.name}"] for c in EVENTS.c}
            if row["congress_id"] != congress_id:
                return _break(report, s["event_id"], f"{where}: the row now says congress "
                              f"{row['congress_id']}")
            expected = link(previous, s["seq"], content(row), s["algorithm"])
            if expected != s["hash"]:
                changed = changed_columns(row, s["prints"])
                what = (f"the row's {', '.join(changed)} changed since it was sealed" if changed
                        else "the row or the seal was rewritten (the hash differs)")
                return _break(report, s["event_id"], f"{where}: {what}")
            if s["seq"] in published and published.pop(s["seq"]) != s["hash"]:
                return _break(report, s["event_id"], f"{where}: differs from the head published "
                              "earlier (the chain was rewritten)")
            previous, seq, last = s["hash"], s["seq"], s
        if len(page) < PAGE:
            break
    report.sealed = seq
    if last is not None:
        report.head = Head(congress_id, seq, last["hash"], last["event_id"], last["sealed_at"])
    if published:
        first = min(published)
        return _break(report, None, f"{report.chain}: the head published at seal {first} is beyond "
                      f"the chain's end at {seq} (seals removed or the chain rewritten)")
    _unsealed(session, report, now - unsealed_after)
    return report


def _unsealed(session, report: Report, before: datetime) -> None:
    """Rows of the chain without a seal that were written before `before`."""
    sealed = exists().where(SEALS.c.event_id == EVENTS.c.id)
    where = and_(in_chain(EVENTS, report.congress_id), ~sealed,
                 or_(EVENTS.c.recorded_at.is_(None), EVENTS.c.recorded_at < before))
    ids = session.scalars(select(EVENTS.c.id).where(where).order_by(EVENTS.c.id).limit(20)).all()
    report.unsealed = list(ids)
    if ids:
        report.unsealed_count = session.scalar(select(func.count()).select_from(EVENTS).where(where))


def chain_head(session, congress_id: int | None) -> Head | None:
    """The chain's head as it stands (not verified): what the digest and yearly report show."""
    s = session.execute(select(SEALS).where(in_chain(SEALS, congress_id))
                        .order_by(SEALS.c.seq.desc()).limit(1)).first()
    return Head(congress_id, s.seq, s.hash, s.event_id, s.sealed_at) if s is not None else None
