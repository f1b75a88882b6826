"""Schema for issue 6 (Excel import and export jobs, list speed).

The job table of background exports and imports, and the indexes of the lists' keyset
pagination and filters (tracker.domain.reads.listing), of the units' inbox (tracker.domain.reads.inbox),
the review queue (tracker.domain.reads.review_queue) and batch routing (tracker.domain.steps.routing).

Revision ID: e6a6b6c6d6e6
Revises: e5a5b5c5d5e5
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "e6a6b6c6d6e6"
down_revision = "e5a5b5c5d5e5"
branch_labels = None
depends_on = None

SUGGESTION_INDEXES = {
    "ix_suggestion_updated_id": ["updated_at", "id"],
    "ix_suggestion_state_updated_id": ["state", "updated_at", "id"],
    "ix_suggestion_created_id": ["created_at", "id"],
    "ix_suggestion_category_updated_id": ["category_id", "updated_at", "id"],
    "ix_suggestion_session_updated_id": ["session_id", "updated_at", "id"],
    "ix_suggestion_author_updated_id": ["author_id", "updated_at", "id"],
    "ix_suggestion_state_registered_id": ["state", "registered_at", "id"],
    "ix_suggestion_state_author": ["state", "author_id"],
}
# Partial indexes: (table, columns, predicate), the same on PostgreSQL and SQLite.
OPEN_PREDICATE = "state NOT IN ('closed', 'converted', 'merged', 'not_registered', 'withdrawn')"
PARTIAL_INDEXES = {
    "ix_suggestion_open": ("suggestion", ["id", "state", "is_key"], OPEN_PREDICATE),
    "ix_assignment_unit_live": ("assignment", ["unit_id", "suggestion_id", "is_lead", "id"],
                                "state != 'released'"),
    "ix_deadline_unit_open": ("deadline", ["owner_unit_id", "suggestion_id", "due_on"], "closed_at IS NULL"),
}


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("export", "import", name="job_kind", native_enum=False,
                                  create_constraint=True, length=32), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("status", sa.Enum("queued", "running", "done", "failed", name="job_status",
                                    native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("file_path", sa.String(length=400), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_job_user_created", "job", ["user_id", "created_at"])
    for name, columns in SUGGESTION_INDEXES.items():
        op.create_index(name, "suggestion", columns)
    op.create_index("ix_assignment_unit_suggestion", "assignment", ["unit_id", "suggestion_id"])
    for name, (table, columns, where) in PARTIAL_INDEXES.items():
        op.create_index(name, table, columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))
    op.create_index("ix_audit_event_suggestion_state_at", "audit_event", ["suggestion_id", "to_state", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_suggestion_state_at", table_name="audit_event")
    for name, (table, _columns, _where) in reversed(PARTIAL_INDEXES.items()):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_assignment_unit_suggestion", table_name="assignment")
    for name in reversed(SUGGESTION_INDEXES):
        op.drop_index(name, table_name="suggestion")
    op.drop_index("ix_job_user_created", table_name="job")
    op.drop_table("job")
