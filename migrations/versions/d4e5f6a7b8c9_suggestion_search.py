"""Chinese full-text search: suggestion_search (tsvector + GIN on PostgreSQL, FTS5 on SQLite).

Run `flask --app tracker reindex` after upgrading a database that already holds suggestions.

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "d4e5f6a7b8c9"
down_revision = "c3d4e5f6a7b8"
branch_labels = None
depends_on = None

# A frozen copy of tracker.models.search.FTS5_CREATE as it stood for this revision.
FTS5_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS suggestion_fts USING fts5("
    "tokens, content='suggestion_search', content_rowid='suggestion_id')",
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_ai AFTER INSERT ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(rowid, tokens) VALUES (new.suggestion_id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_ad AFTER DELETE ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(suggestion_fts, rowid, tokens) "
    "VALUES ('delete', old.suggestion_id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS suggestion_search_au AFTER UPDATE ON suggestion_search BEGIN "
    "INSERT INTO suggestion_fts(suggestion_fts, rowid, tokens) "
    "VALUES ('delete', old.suggestion_id, old.tokens); "
    "INSERT INTO suggestion_fts(rowid, tokens) VALUES (new.suggestion_id, new.tokens); END",
)


def upgrade() -> None:
    is_pg = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "suggestion_search",
        sa.Column("suggestion_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("document", postgresql.TSVECTOR() if is_pg else sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["suggestion_id"], ["suggestion.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("suggestion_id"),
    )
    op.create_index("ix_suggestion_search_document", "suggestion_search", ["document"],
                    postgresql_using="gin")
    if not is_pg:
        for sql in FTS5_CREATE:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS suggestion_fts")
    op.drop_index("ix_suggestion_search_document", table_name="suggestion_search")
    op.drop_table("suggestion_search")
