"""Helpers of the audit chain tests: rows written through the one writer, seal and verify passes,
and tampering as the database superuser would (replica mode silences the append-only triggers)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tracker.domain import audit
from tracker.extensions import db
from tracker.jobs.audit_chain import seal_all, verify_all
from tracker.tenancy import everywhere
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction

WHEN = datetime(2026, 3, 1, 2, tzinfo=UTC)


def write_events(actor, count: int, *, platform: bool = False, reason: str = "") -> list[int]:
    """`count` audit rows by `actor`, committed; their ids."""
    ids = [audit.record(db.session, action=AuditAction.UPDATE_SESSION, actor=actor, role=Role.ADMIN,
                        at=WHEN + timedelta(minutes=i), reason=reason or f"第{i}次",
                        data={"n": i, "z": ["乙", "甲"]}, platform_wide=platform).id
           for i in range(count)]
    db.session.commit()
    return ids


def seal(algorithm: str = "sha256", batch: int = 1000, *, expect: int | None = None) -> int:
    """One sealing pass; with `expect`, passes until that many rows are sealed (or 60 s went by):
    on PostgreSQL a transaction still open anywhere on the server (another test's, another
    database's) holds the horizon back, and rows behind it wait for a later pass, as in production."""
    sealed, give_up = 0, time.monotonic() + 60
    while True:
        with everywhere():
            sealed += seal_all(db.session, algorithm=algorithm, at=datetime.now(UTC), batch=batch)
        if expect is None or sealed >= expect or time.monotonic() > give_up:
            return sealed
        time.sleep(0.2)


def verify(known=(), minutes: float = 5):
    with everywhere():
        reports = verify_all(db.session, now=datetime.now(UTC), unsealed_after=timedelta(minutes=minutes),
                             known=list(known))
    db.session.rollback()
    return {r.congress_id: r for r in reports}


def as_superuser(sql: str, **params) -> None:
    """A statement that bypasses the append-only guards: what an intruder with the owner's or the
    superuser's password could do, and what the chain is there to reveal."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    db.session.execute(text(sql), params)
    db.session.commit()
