"""The search document of each suggestion: its word and bigram tokens, indexed per database."""

from __future__ import annotations

from sqlalchemy import DDL, ForeignKey, Index, Text, event
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from tracker.extensions import db
from tracker.tenancy import CongressOwned


class TSVector(TypeDecorator):
    """tsvector on PostgreSQL; elsewhere an unused text column (SQLite searches suggestion_fts)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(TSVECTOR())
        return dialect.type_descriptor(Text())


class SuggestionSearch(CongressOwned, db.Model):
    """One row per suggestion, kept current by `tracker.domain.reads.search` whenever its text changes."""

    __tablename__ = "suggestion_search"
    __table_args__ = (
        Index("ix_suggestion_search_document", "document", postgresql_using="gin"),
    )
    suggestion_id: Mapped[int] = mapped_column(
        ForeignKey("suggestion.id", ondelete="CASCADE"), primary_key=True, autoincrement=False)
    tokens: Mapped[str] = mapped_column(Text, default="")  # space-separated jieba words and bigrams
    # PostgreSQL: to_tsvector('simple', tokens), written together with tokens.
    document: Mapped[str | None] = mapped_column(TSVector)


# SQLite: an FTS5 index over suggestion_search.tokens (external content, so no second copy), kept in
# step by triggers; a plain DELETE of suggestion_search (the tests' cleaning) empties it too.
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
FTS5_DROP = ("DROP TABLE IF EXISTS suggestion_fts",)  # the triggers go with suggestion_search
FTS5_TABLES = frozenset({"suggestion_fts", "suggestion_fts_data", "suggestion_fts_idx",
                         "suggestion_fts_docsize", "suggestion_fts_config"})

for _sql in FTS5_CREATE:
    event.listen(SuggestionSearch.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in FTS5_DROP:
    event.listen(SuggestionSearch.__table__, "after_drop", DDL(_sql).execute_if(dialect="sqlite"))
