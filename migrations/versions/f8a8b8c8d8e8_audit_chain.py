"""The audit chain (issue 14): each audit row's place and time stamped by the database, the seal
table, and on PostgreSQL both tables refusing UPDATE, DELETE and TRUNCATE.

Revision ID: f8a8b8c8d8e8
Revises: d1e2f3a4b5c6
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "f8a8b8c8d8e8"
down_revision = "d1e2f3a4b5c6"
branch_labels = None
depends_on = None

# Frozen copies of tracker.models.audit.STAMP_SQL and tracker.models.audit_seal.SEAL_APPEND_ONLY_SQL.
STAMP_SQL = """
CREATE OR REPLACE FUNCTION audit_event_stamp() RETURNS trigger AS $$
BEGIN
    NEW.xact_id := pg_current_xact_id()::text::bigint;
    NEW.recorded_at := clock_timestamp();
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_stamp BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_stamp();
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""
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


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # Rows written before this revision keep xact_id 0: they are sealed first, in id order.
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("xact_id", sa.BigInteger(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_audit_event_chain_order", "audit_event", ["congress_id", "xact_id", "id"])
    op.create_table(
        "audit_seal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("congress_id", sa.Integer(), sa.ForeignKey("congress.id"), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("audit_event.id"), nullable=False, unique=True),
        sa.Column("xact_id", sa.BigInteger(), nullable=False),
        sa.Column("algorithm", sa.String(8), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prints", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_seal_congress_id", "audit_seal", ["congress_id"])
    op.create_index("uq_audit_seal_chain_seq", "audit_seal", [sa.text("coalesce(congress_id, 0)"), "seq"],
                    unique=True)
    if postgres:
        op.execute(STAMP_SQL)
        op.execute(SEAL_APPEND_ONLY_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_stamp ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_seal_no_truncate ON audit_seal")
        op.execute("DROP TRIGGER IF EXISTS audit_seal_append_only ON audit_seal")
        op.execute("DROP FUNCTION IF EXISTS audit_seal_append_only()")
        op.execute("DROP FUNCTION IF EXISTS audit_refuse_truncate()")
        op.execute("DROP FUNCTION IF EXISTS audit_event_stamp()")
    op.drop_table("audit_seal")
    op.drop_index("ix_audit_event_chain_order", table_name="audit_event")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("recorded_at")
        batch.drop_column("xact_id")
