"""The public disclosure of replies (主动公开): what anyone may read, built from names only, no contacts;
the texts scrubbed of mobile numbers, ID-card numbers and email addresses (publication.scrub)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.domain.deadlines.calendar import china_date
from tracker.domain.publication.scrub import has_personal_data, public_text
from tracker.domain.reads.listing import preload_list_columns
from tracker.domain.reads.search import search
from tracker.models import Category, CongressSession, CoSigner, HandlingUnit, Reply, Suggestion, User
from tracker.workflow import Channel
from tracker.workflow.statuses import CoSignerStatus, ReplyStatus

PER_PAGE = 20
MAX_SEARCH = 500  # more matches than this are not read page by page; the reader narrows the words


@dataclass(frozen=True)
class PublicReply:
    """One row of the public list: plain strings and dates, never a model a template could walk."""

    item_id: int
    title: str
    label: str
    deputies: tuple[str, ...]
    unit: str
    topic: str  # the suggestion's category (城乡建设 …)
    category: str  # the reply's category, A–D
    issued_on: date
    session_name: str


@dataclass(frozen=True)
class PublicItem(PublicReply):
    reasons: str = ""
    proposals: str = ""
    reply_text: str = ""


@dataclass(frozen=True)
class PublicPage:
    rows: list[PublicReply]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Period:
    """A choice of the public list's filter: one congress session or one between-session year."""

    key: str  # "s<id>" or "y<year>", as the page's filter sends it
    name: str
    year: int

    @property
    def session_id(self) -> int | None:
        return int(self.key[1:]) if self.key[0] == "s" else None

    @property
    def between_year(self) -> int | None:
        return int(self.key[1:]) if self.key[0] == "y" else None


def _latest_public():
    """Each item whose LATEST issued reply is 主动公开, with that reply (suggestion_id, reply_id).

    The latest issued reply decides for the whole item: the unit leader's newest decision on
    disclosure replaces the earlier ones, so a re-handling reply set to 不予公开 or 依申请公开 takes
    the item off the public page, earlier 主动公开 replies included (依申请公开 means "given to whoever
    asks", not "published"). A reply still being drafted or signed off changes nothing until issued.
    """
    ranked = (select(Reply.id.label("reply_id"), Reply.suggestion_id, Reply.disclosure,
                     func.row_number().over(partition_by=Reply.suggestion_id,
                                            order_by=(Reply.issued_at.desc(), Reply.id.desc()))
                     .label("n"))
              .where(Reply.status == ReplyStatus.ISSUED, Reply.issued_at.is_not(None))
              .subquery())
    return (select(ranked.c.suggestion_id, ranked.c.reply_id)
            .where(ranked.c.n == 1, ranked.c.disclosure == "public").subquery())


def _rows_stmt():
    latest = _latest_public()
    return (select(Suggestion, Reply, HandlingUnit.name, Category.name, CongressSession.name)
            .join(latest, latest.c.suggestion_id == Suggestion.id)
            .join(Reply, Reply.id == latest.c.reply_id)
            .join(HandlingUnit, HandlingUnit.id == Reply.unit_id)
            .outerjoin(Category, Category.id == Suggestion.category_id)
            .outerjoin(CongressSession, CongressSession.id == Suggestion.session_id)), latest


def _period_filter(stmt, session_id: int | None, year: int | None):
    if session_id is not None:
        stmt = stmt.where(Suggestion.session_id == session_id)
    if year is not None:
        stmt = stmt.where(Suggestion.channel == Channel.BETWEEN,
                          Suggestion.reg_sequence == f"year:{year}")
    return stmt


def _deputies(session, items: list[Suggestion]) -> dict[int, tuple[str, ...]]:
    """Lead deputy then confirmed co-signers (and merged deputies), by name only."""
    ids = [i.id for i in items]
    names = dict(session.execute(select(User.id, User.name).where(
        User.id.in_({i.author_id for i in items}))).all())
    out = {i.id: [names.get(i.author_id, "")] for i in items}
    rows = session.execute(select(CoSigner.suggestion_id, User.name)
                           .join(User, User.id == CoSigner.deputy_id)
                           .where(CoSigner.suggestion_id.in_(ids),
                                  CoSigner.status == CoSignerStatus.CONFIRMED)
                           .order_by(CoSigner.id))
    for sid, name in rows:
        if name not in out[sid]:
            out[sid].append(name)
    return {sid: tuple(n for n in v if n) for sid, v in out.items()}


def _build(session, rows, lang: str, full: bool = False) -> list[PublicReply]:
    preload_list_columns(session, [r[0] for r in rows])  # registration labels read the session
    deputies = _deputies(session, [r[0] for r in rows])
    out = []
    for item, reply, unit, topic, session_name in rows:
        common = dict(item_id=item.id, title=public_text(item.title, lang),
                      label=item.registration_label or f"#{item.id}",
                      deputies=deputies[item.id], unit=unit, topic=topic or "",
                      category=reply.category, issued_on=china_date(reply.issued_at),
                      session_name=session_name or "")
        if full:
            out.append(PublicItem(**common, reasons=public_text(item.reasons, lang),
                                  proposals=public_text(item.proposals, lang),
                                  reply_text=public_text(reply.text, lang)))
        else:
            out.append(PublicReply(**common))
    return out


def public_replies(session, *, session_id: int | None = None, year: int | None = None,
                   query: str | None = None, page: int = 1, lang: str = "zh") -> PublicPage:
    """A page of items with a public reply, newest reply first, or best match first when searching.

    `session_id` narrows to one congress session, `year` to one between-session year. A query that
    holds a mobile, ID-card number or email address finds nothing: the search reads the unscrubbed
    text, and must not tell a stranger which published item held that number.
    """
    stmt, latest = _rows_stmt()
    stmt = _period_filter(stmt, session_id, year)
    page = max(page, 1)
    if query and has_personal_data(query):
        return PublicPage([], 0, page, 1)
    if query:
        found = search(session, query, limit=MAX_SEARCH,
                       where=Suggestion.id.in_(_period_filter(
                           select(Suggestion.id).join(latest, latest.c.suggestion_id == Suggestion.id),
                           session_id, year)))
        total = len(found)
        wanted = [i.id for i in found[(page - 1) * PER_PAGE:page * PER_PAGE]]
        by_id = {r[0].id: r for r in session.execute(stmt.where(Suggestion.id.in_(wanted)))}
        rows = [by_id[i] for i in wanted if i in by_id]
    else:
        total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = session.execute(stmt.order_by(Reply.issued_at.desc(), Suggestion.id.desc())
                               .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return PublicPage(_build(session, rows, lang), total, page, max(1, math.ceil(total / PER_PAGE)))


def public_item(session, item_id: int, lang: str = "zh") -> PublicItem | None:
    """The public fields of one item and its latest reply when that one is public; else None."""
    stmt, _ = _rows_stmt()
    row = session.execute(stmt.where(Suggestion.id == item_id)).first()
    return _build(session, [row], lang, full=True)[0] if row else None


def periods(session) -> list[Period]:
    """The sessions and between-session years that have a public reply, newest first."""
    _, latest = _rows_stmt()
    has_public = select(latest.c.suggestion_id)
    sessions = session.execute(
        select(CongressSession.id, CongressSession.name, CongressSession.year)
        .where(CongressSession.id.in_(select(Suggestion.session_id)
                                      .where(Suggestion.id.in_(has_public))))).all()
    sequences = session.scalars(
        select(Suggestion.reg_sequence).distinct()
        .where(Suggestion.id.in_(has_public), Suggestion.channel == Channel.BETWEEN,
               Suggestion.reg_sequence.like("year:%"))).all()
    out = [Period(f"s{sid}", name, year) for sid, name, year in sessions]
    for seq in sequences:
        year = int(seq.split(":")[1])
        out.append(Period(f"y{year}", "", year))
    return sorted(out, key=lambda p: (-p.year, p.key[0], p.key))
