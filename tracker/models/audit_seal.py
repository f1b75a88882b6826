"""The audit chain's seals: each one the hash of the previous seal and of one audit row's content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, BigInteger, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime
from tracker.tenancy import SharedWithPlatform, one_per_scope


class AuditSeal(SharedWithPlatform, db.Model):
    """Link `seq` of a congress's chain (congress_id NULL: the platform's chain) over one audit row."""

    __tablename__ = "audit_seal"
    # One link per place in each chain: two sealers racing on one chain cannot both append.
    __table_args__ = (one_per_scope("uq_audit_seal_chain_seq", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_event.id"), unique=True)
    # The sealed row's place in the chain's order, so the next pass starts after it.
    xact_id: Mapped[int] = mapped_column(BigInteger)
    algorithm: Mapped[str] = mapped_column(String(8))  # sha256 or sm3, as configured when sealed
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A short fingerprint of each column of the row (not hashed into the chain): only to tell a
    # verifier which column of a tampered row changed.
    prints: Mapped[dict] = mapped_column(JSON, default=dict)


# On PostgreSQL seals are as append-only as the rows they seal, TRUNCATE included.
SEAL_APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_seal_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit seals are append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
    FOR EACH ROW EXECUTE FUNCTION audit_seal_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""
event.listen(AuditSeal.__table__, "after_create",
             DDL(SEAL_APPEND_ONLY_SQL).execute_if(dialect="postgresql"))
