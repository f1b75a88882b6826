"""Appending seals: each chain's rows not yet sealed, in the chain's order, after the last seal.

The order is (xact_id, id). On PostgreSQL xact_id is the inserting transaction's id (a trigger
stamps it) and a pass seals only rows whose transaction is older than the snapshot's horizon,
pg_snapshot_xmin(pg_current_snapshot()): every transaction below it has ended, so no row can
still appear there, while one still running (a row with a lower id committing later) has an id at
or above it and is sealed by a later pass. So the order is final once sealed and a writer never
waits: an INSERT takes no lock that the sealer holds. On SQLite one writer at a time holds the
database from its first write to its commit, so ids are assigned in commit order and xact_id is 0.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import literal_column, select, text, tuple_

from tracker.domain.audit_chain.links import column_prints, content, genesis, link
from tracker.models import AuditEvent, AuditSeal, Congress
from tracker.tenancy import ALL_CONGRESSES

EVENTS = AuditEvent.__table__
SEALS = AuditSeal.__table__
HORIZON = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


def in_chain(table, congress_id: int | None):
    column = table.c.congress_id
    return column.is_(None) if congress_id is None else column == congress_id


def chains(session) -> list[int | None]:
    """The platform's chain (None) and every congress's."""
    ids = session.scalars(select(Congress.id).order_by(Congress.id)
                          .execution_options(**{ALL_CONGRESSES: True}))
    return [None, *ids]


def head(session, congress_id: int | None):
    """The chain's last seal (a row of audit_seal), or None before its first."""
    return session.execute(select(SEALS).where(in_chain(SEALS, congress_id))
                           .order_by(SEALS.c.seq.desc()).limit(1)).first()


def claim_chain(session, congress_id: int | None) -> bool:
    """On PostgreSQL, the chain's sealing lock for this transaction, or False when another sealer
    holds it (the unique (chain, seq) key stops a race anyway; this only saves the wasted pass)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(hashtext('audit_seal'), :c)"),
                               {"c": congress_id or 0}))


def seal_next(session, congress_id: int | None, *, algorithm: str, at: datetime, batch: int = 1000) -> int:
    """Seal up to `batch` of the chain's unsealed rows, in order; returns how many. Flushes only."""
    last = head(session, congress_id)
    stmt = select(EVENTS).where(in_chain(EVENTS, congress_id)).order_by(EVENTS.c.xact_id, EVENTS.c.id)
    if last is not None:
        stmt = stmt.where(tuple_(EVENTS.c.xact_id, EVENTS.c.id) > tuple_(last.xact_id, last.event_id))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.where(EVENTS.c.xact_id < HORIZON)
    rows = session.execute(stmt.limit(batch)).mappings().all()
    if not rows:
        return 0
    previous = last.hash if last is not None else genesis(congress_id, algorithm)
    seq = last.seq if last is not None else 0
    seals = []
    for row in rows:
        seq += 1
        values = content(row)
        previous = link(previous, seq, values, algorithm)
        seals.append({"congress_id": congress_id, "seq": seq, "event_id": row["id"],
                      "xact_id": row["xact_id"], "algorithm": algorithm, "hash": previous,
                      "sealed_at": at, "prints": column_prints(values)})
    session.execute(SEALS.insert(), seals)
    return len(seals)
