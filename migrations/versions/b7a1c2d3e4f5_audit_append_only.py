"""The audit trail refuses UPDATE and DELETE on PostgreSQL (SQLite relies on the ORM guard).

Revision ID: b7a1c2d3e4f5
Revises: eea1fbd25976
Create Date: 2026-11-26
"""

from alembic import op

revision = "b7a1c2d3e4f5"
down_revision = "eea1fbd25976"
branch_labels = None
depends_on = None

# A frozen copy of tracker.models.audit.APPEND_ONLY_SQL as it stood for this revision.
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_SQL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
