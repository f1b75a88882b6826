"""Chinese full-text search and the similar-suggestions finder, on PostgreSQL and SQLite alike."""

from __future__ import annotations

import logging
import math
import re
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, attributes

from tracker.models import Suggestion, SuggestionSearch
from tracker.models.tenancy import current_congress_id

# Neither pg_trgm nor FTS5's trigram tokenizer finds two-character words (公交, 物业), and PostgreSQL
# has no Chinese parser here; so each document is stored as jieba words plus every CJK bigram,
# space-separated, and both databases index those tokens as plain words.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"[a-z0-9]+")
INDEXED_FIELDS = ("title", "reasons", "proposals")
MAX_QUERY_TOKENS = 64
SIMILAR_QUERY_TOKENS = 20  # bench/similarity.py: 64 terms took PostgreSQL past 300 ms
# Boilerplate of every title (关于……的建议) says nothing about likeness; leave it out of the
# candidate query so the index is not asked for nearly every row.
# A literal, not a bound string: psycopg binds strings as varchar, which does not cast to regconfig.
SIMPLE = sa.literal_column("'simple'::regconfig")
BOILERPLATE = frozenset({"关于", "建议", "的建", "议的", "我区", "进一步"})

_jieba = None
_jieba_lock = threading.Lock()


def _tokenizer():
    """jieba's dictionary takes about a second to load: once per process, on first use, offline."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." on every start
                tok = jieba.Tokenizer()
                tok.tmp_dir = tempfile.gettempdir()  # its cache must land somewhere writable
                tok.initialize()
                _jieba = tok
    return _jieba


def _parts(text: str) -> tuple[list[str], list[str], list[str]]:
    """(jieba words, CJK bigrams, ASCII words) of a text, each in order of appearance."""
    text = unicodedata.normalize("NFKC", text or "").lower()  # full-width Ａ５ → a5
    runs = CJK_RUN.findall(text)
    words = [w for w in _tokenizer().cut_for_search(text) if len(w) >= 2 and CJK_RUN.fullmatch(w)] \
        if runs else []
    bigrams = [run[i:i + 2] for run in runs for i in range(len(run) - 1)]
    return words, bigrams, ASCII_WORD.findall(text)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def tokens(text: str) -> list[str]:
    """jieba search-mode words of two or more characters, every CJK bigram, lowercased ASCII words."""
    words, bigrams, ascii_words = _parts(text)
    return _dedupe([*words, *bigrams, *ascii_words])


def document_of(item: Suggestion) -> str:
    return "\n".join(getattr(item, name) or "" for name in INDEXED_FIELDS)


def index_suggestion(session, item: Suggestion) -> None:
    """Write (or rewrite) the item's search document; flushes nothing, so it is safe mid-flush."""
    _write(session.connection(), item, " ".join(tokens(document_of(item))))


def _write(conn, item: Suggestion, joined: str) -> None:
    table = SuggestionSearch.__table__
    # A Core insert: the document carries its suggestion's congress itself (no ORM criterion here).
    row = {"suggestion_id": item.id, "congress_id": item.congress_id, "tokens": joined}
    if conn.dialect.name == "postgresql":
        stmt = postgresql.insert(table).values(
            **row, document=sa.func.to_tsvector(SIMPLE, sa.literal(joined, sa.Text)))
    else:  # SQLite: the FTS5 table follows through triggers
        stmt = sqlite.insert(table).values(**row)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=[table.c.suggestion_id],
        set_={"tokens": stmt.excluded.tokens, "document": stmt.excluded.document}))


def reindex_all(session) -> int:
    """Rebuild the current congress's search documents (after a bulk load or an upgrade); returns
    how many. A Core delete: it names the congress itself, another congress's documents stay."""
    conn = session.connection()
    table = SuggestionSearch.__table__
    conn.execute(table.delete().where(table.c.congress_id == current_congress_id()))
    if conn.dialect.name == "sqlite":  # whatever the FTS index held, it now mirrors the empty table
        conn.exec_driver_sql("INSERT INTO suggestion_fts(suggestion_fts) VALUES ('rebuild')")
    count = 0
    for item in session.scalars(select(Suggestion).execution_options(yield_per=500)):
        index_suggestion(session, item)
        count += 1
    return count


def _keep_index_current(session, flush_context) -> None:
    """Any flush that creates a suggestion or changes its text re-indexes it; no caller needs to."""
    for obj in session.deleted:
        if isinstance(obj, Suggestion):
            # SQLite does not enforce the cascade unless asked to; delete the row explicitly.
            session.connection().execute(SuggestionSearch.__table__.delete().where(
                SuggestionSearch.suggestion_id == obj.id))
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Suggestion) and obj not in session.deleted and (
                obj in session.new or any(attributes.get_history(obj, name).has_changes()
                                          for name in INDEXED_FIELDS)):
            index_suggestion(session, obj)


def _quoted(words: Iterable[str]) -> list[str]:
    # Tokens hold only CJK letters and [a-z0-9]; quoting still keeps any operator out of the query.
    return ['"' + w.replace('"', "") + '"' for w in words]


def _matching(session, required: list[str], ranked: list[str]):
    """(suggestion id, rank expression, where clause, from clause) for rows having all `required`.

    `ranked` only orders the matches: the more of them and the rarer, the higher. The FTS5 table is
    plain SQL, out of the ORM criterion's reach: callers also join the document row and keep it to
    the current congress (`_here`), so a match never comes from another congress's index.
    """
    if session.get_bind().dialect.name == "postgresql":
        doc = SuggestionSearch.document
        cond = doc.op("@@")(sa.func.plainto_tsquery(SIMPLE, " ".join(required))) if required \
            else sa.true()
        any_of = sa.func.to_tsquery(SIMPLE, " | ".join(
            "'" + w.replace("'", "") + "'" for w in ranked))
        if not required:
            cond = doc.op("@@")(any_of)
        return SuggestionSearch.suggestion_id, sa.func.ts_rank(doc, any_of).desc(), cond, \
            SuggestionSearch
    fts = sa.table("suggestion_fts", sa.column("rowid"))
    expr = " OR ".join(_quoted(ranked))
    if required:
        expr = f"({' AND '.join(_quoted(required))}) AND ({expr})"
    match = sa.literal_column("suggestion_fts").op("MATCH")(expr)
    return fts.c.rowid, sa.func.bm25(sa.literal_column("suggestion_fts")).asc(), match, fts


def _here(stmt, source):
    """The statement kept to the current congress's documents and suggestions, said explicitly."""
    if source is not SuggestionSearch:
        stmt = stmt.join(SuggestionSearch, SuggestionSearch.suggestion_id == Suggestion.id)
    congress_id = current_congress_id()
    return stmt.where(SuggestionSearch.congress_id == congress_id, Suggestion.congress_id == congress_id)


def search(session, query: str, limit: int = 50, where=None) -> list[Suggestion]:
    """Suggestions containing every bigram and ASCII word of the query, best match first.

    `where` narrows to what the reader may see (tracker.domain.reads.queries); a query without two
    adjacent Chinese characters or an ASCII word finds nothing.
    """
    words, bigrams, ascii_words = _parts(query)
    required = _dedupe([*bigrams, *ascii_words])[:MAX_QUERY_TOKENS]
    if not required:
        return []
    ranked = _dedupe([*words, *required])[:MAX_QUERY_TOKENS]
    key, order, cond, source = _matching(session, required, ranked)
    stmt = _here(select(Suggestion).join(source, key == Suggestion.id).where(cond), source)
    if where is not None:
        stmt = stmt.where(where)
    return list(session.scalars(stmt.order_by(order, Suggestion.id.desc()).limit(limit)))


def _cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def similar(session, title: str, text: str, exclude_id: int | None = None, limit: int = 5,
            where=None, candidates: int = 40) -> list[tuple[Suggestion, float]]:
    """The suggestions most like a draft, each with a score from 0 to 1, best first.

    The index picks `candidates` by the draft's words; the score is the cosine of token sets, of
    the titles and of the whole texts (half each; the title alone while there is no text yet).
    """
    title_words, title_bigrams, title_ascii = _parts(title)
    body_words, _, body_ascii = _parts(text)
    # Few, telling words: ranking costs grow with every term (PostgreSQL's ts_rank most), so the
    # title's words go first, then the text's most frequent and longest words.
    counts = Counter([*body_words, *body_ascii])
    body = sorted(counts, key=lambda w: (-counts[w], -len(w)))
    wanted = [t for t in _dedupe([*(title_words or title_bigrams), *title_ascii, *body])
              if t not in BOILERPLATE][:SIMILAR_QUERY_TOKENS]
    if not wanted:
        return []
    key, order, cond, source = _matching(session, [], wanted)
    stmt = _here(select(Suggestion, SuggestionSearch.tokens).join(source, key == Suggestion.id)
                 .where(cond), source)
    if exclude_id is not None:
        stmt = stmt.where(Suggestion.id != exclude_id)
    if where is not None:
        stmt = stmt.where(where)
    rows = session.execute(stmt.order_by(order, Suggestion.id.desc()).limit(candidates)).all()
    draft_title = set(tokens(title))
    draft_all = set(tokens(f"{title}\n{text}"))
    scored = []
    for item, stored in rows:
        by_title = _cosine(draft_title, set(tokens(item.title)))
        if text.strip():
            score = 0.5 * by_title + 0.5 * _cosine(draft_all, set(stored.split()))
        else:
            score = by_title
        if score > 0:
            scored.append((item, round(score, 3)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0].id))
    return scored[:limit]


def install() -> None:
    """Keep the search documents current on every flush."""
    event.listen(Session, "after_flush", _keep_index_current)
