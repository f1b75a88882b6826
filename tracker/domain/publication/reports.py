"""Publishing the yearly handling report (DOMAIN §6): frozen, versioned, withdrawable public copies.

The office publishes the report of one congress session or one year. Publishing counts the figures
once, in both languages, and stores them as data (`build_snapshot`); the public page and its XLSX
are rebuilt from that copy (`report_of`), never from the live tables, so published numbers cannot
drift. Only what the yearly report itself shows is copied: the sentences, the figures with their
formulas, the channel counts and the unit and category tables. No person is named in it: the report
has no per-deputy or per-group table and publishing takes no filter but the session or year, and the
publisher's name stays in the office's record and the audit trail, not in the public copy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from tracker.domain.audit import record
from tracker.domain.errors import ActedFirst, DomainError, InvalidData, NotAllowedNow, RoleNotHeld
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import FIGURES, FrozenFigure, Value
from tracker.domain.metrics.panels import Breakdown
from tracker.domain.metrics.report import REPORT_FIGURES, Report, yearly_report
from tracker.models import Category, CongressSession, FiguresSource, PublishedReport, User
from tracker.translations import Message
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

SNAPSHOT_FORMAT = 1
MAX_REASON = 500
LANGS = ("zh", "en")


class FiguresChanged(DomainError):
    """The numbers changed between the office's look at them and its confirmation."""

    code = "figures_changed"

    def __init__(self):
        super().__init__(N_("The figures changed after you looked at them; nothing was published. Check the "
                            "current figures below and confirm again."))


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: one congress session or one year (as the dashboard's year filter)."""

    key: str  # "session-<id>" or "year-<year>"
    session_id: int | None
    year: int | None
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    @property
    def filter(self) -> MetricFilter:
        return MetricFilter(session_id=self.session_id, year=self.year)


def scope_for(session, *, session_id: int | None = None, year: int | None = None) -> ReportScope:
    """The scope of a session or of a year; exactly one of them, and it must exist."""
    if (session_id is None) == (year is None):
        raise InvalidData(N_("Choose one congress session or one year, and no other filter."), field="scope")
    if session_id is not None:
        congress = session.get(CongressSession, session_id)
        if congress is None:
            raise InvalidData(N_("No such congress session."), field="session_id")
        return ReportScope(f"session-{congress.id}", congress.id, None, congress.name, congress.name)
    if not 2000 <= year <= 2100:
        raise InvalidData(N_("Not a valid year."), field="year")
    name = Message(N_("scope|%(year)s"), year=year)
    return ReportScope(f"year-{year}", None, year, name.render("zh"), name.render("en"))


def scope_from_key(session, key: str) -> ReportScope | None:
    """The scope named in a public address ("session-12", "year-2026"); None when malformed."""
    kind, _, number = key.partition("-")
    if kind not in ("session", "year") or not number.isdecimal() or len(number) > 9:
        return None
    try:
        return scope_for(session, **{"session_id" if kind == "session" else "year": int(number)})
    except InvalidData:
        return None


# -- The frozen copy ---------------------------------------------------------------------------------
def _pair(v: Value) -> list:
    return [v.num, v.den]


def _table(zh: Breakdown, en: Breakdown, en_names: dict | None = None) -> dict:
    en_names = {key: name for key, name, _ in en.rows} | (en_names or {})
    columns = list(zh.rows[0][2]) if zh.rows else []
    return {"columns": columns,
            "rows": [{"key": key, "name": {"zh": name, "en": en_names.get(key, name)},
                      "values": {c: _pair(v) for c, v in values.items()}} for key, name, values in zh.rows]}


def figures_digest(report: Report) -> str:
    """A fingerprint of the report's numbers (not its words), the same for either language: what
    the office confirmed on its page must be what is frozen, else publishing asks again."""
    numbers = {"as_of": report.as_of.isoformat(),
               "values": {k: _pair(v) for k, v in sorted(report.values.items())},
               "liaison": {k: _pair(v) for k, v in sorted(getattr(report, "liaison", {}).items())},
               "channels": dict(sorted(report.by_channel.items())),
               "units": [[k, {c: _pair(v) for c, v in vals.items()}] for k, _, vals in report.units.rows],
               "categories": [[k, {c: _pair(v) for c, v in vals.items()}]
                              for k, _, vals in report.categories.rows]}
    return hashlib.sha256(json.dumps(numbers, sort_keys=True).encode()).hexdigest()[:32]


def build_snapshot(session, scope: ReportScope, today: date, summary: bool = False) -> dict:
    """The report in both languages as plain JSON data: words, numbers and the formulas' text."""
    zh, en = (yearly_report(session, scope.filter, scope.name(lang), today, lang, summary=summary)
              for lang in LANGS)
    used = set(REPORT_FIGURES) | {c for t in (zh.units, zh.categories) for r in t.rows for c in r[2]}
    liaison = getattr(zh, "liaison", {})  # the liaison stations' figures, defined beside their log
    extra = [zh.values[k].figure for k in zh.order if k not in FIGURES]  # the promises carried over
    used |= {f.key for f in extra}
    described = ([FIGURES[k] for k in sorted(used) if k in FIGURES] + extra
                 + [v.figure for v in liaison.values()])
    # The frozen copy keeps the words of the day in both languages, as it keeps the numbers.
    figures = {f.key: {"zh": f.label("zh"), "en": f.label("en"), "formula_zh": f.formula("zh"),
                       "formula_en": f.formula("en"), "rate": f.is_rate} for f in described}
    return {"format": SNAPSHOT_FORMAT, "scope": {"zh": zh.scope, "en": en.scope},
            "as_of": today.isoformat(), "order": list(zh.order), "figures": figures,
            "values": {k: _pair(v) for k, v in zh.values.items() if k in used},
            "liaison": {k: _pair(v) for k, v in liaison.items()},
            "by_channel": zh.by_channel, "paragraphs": {"zh": zh.paragraphs, "en": en.paragraphs},
            "units": _table(zh.units, en.units),
            "categories": _table(zh.categories, en.categories, dict(session.execute(
                select(Category.id, Category.name_en).where(Category.name_en != "")).all())),
            "digest": figures_digest(zh)}


def report_of(snapshot: dict, lang: str) -> Report:
    """The frozen copy as a `Report` again, in one language, for the public page and its XLSX."""
    figures = {k: FrozenFigure(k, f[lang], k, k if f["rate"] else None, f[f"formula_{lang}"])
               for k, f in snapshot["figures"].items()}

    def values(pairs: dict) -> dict[str, Value]:
        return {k: Value(figures[k], num, den) for k, (num, den) in pairs.items()}

    def table(data: dict, dimension: str) -> Breakdown:
        return Breakdown(dimension, [(r["key"], r["name"][lang], values(r["values"])) for r in data["rows"]])
    return Report(snapshot["scope"][lang], date.fromisoformat(snapshot["as_of"]), values(snapshot["values"]),
                  snapshot["by_channel"], table(snapshot["units"], "unit_id"),
                  table(snapshot["categories"], "category_id"), snapshot["paragraphs"][lang],
                  liaison=values(snapshot.get("liaison", {})))


# -- Publishing and withdrawing ------------------------------------------------------------------------
def _require_office(actor: User) -> None:
    if Role.OFFICE_STAFF not in actor.roles:
        raise RoleNotHeld(N_("Only the deputies' affairs office publishes or withdraws the report."))


def publish_report(session, actor: User, scope: ReportScope, *, today: date, at: datetime,
                   refreshed_at: datetime | None = None, confirmed_digest: str | None = None
                   ) -> PublishedReport:
    """Freeze the report of `scope` as its next version; flushes, the caller commits.

    `refreshed_at`: the figures come from the rollups refreshed then (as the office page showed
    them), else live. `confirmed_digest`: the numbers the office confirmed; if they changed since,
    nothing is published and the office is asked to look again.
    """
    _require_office(actor)
    snapshot = build_snapshot(session, scope, today, summary=refreshed_at is not None)
    if not snapshot["values"]["total"][0]:
        raise InvalidData(N_("There are no suggestions in this scope: nothing to publish."), field="scope")
    if confirmed_digest is not None and confirmed_digest != snapshot["digest"]:
        raise FiguresChanged()
    last = session.scalar(select(func.max(PublishedReport.version))
                          .where(PublishedReport.scope_key == scope.key)) or 0
    row = PublishedReport(scope_key=scope.key, session_id=scope.session_id, year=scope.year,
                          version=last + 1, snapshot=snapshot,
                          figures_source=FiguresSource.SUMMARY if refreshed_at else FiguresSource.LIVE,
                          figures_at=refreshed_at or at, published_by_id=actor.id, published_at=at,
                          withdrawn_reason="")
    try:
        with session.begin_nested():  # two offices publishing at once: one gets the number, one is told
            session.add(row)
    except IntegrityError:
        raise ActedFirst() from None
    record(session, action=AuditAction.PUBLISH_REPORT, actor=actor, role=Role.OFFICE_STAFF, at=at,
           data={"publication_id": row.id, "scope": scope.key, "version": row.version,
                 "figures_source": str(row.figures_source), "figures_at": row.figures_at.isoformat(),
                 "digest": snapshot["digest"]})
    session.flush()
    return row


def withdraw_report(session, actor: User, scope: ReportScope, reason: str, *, at: datetime) -> list[int]:
    """Take the report of `scope` off the public pages, every public version of it; returns them.

    All versions go, not just the latest: an earlier version coming back into view after a
    withdrawal would surprise everyone. Publishing again later starts the next version.
    """
    _require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidData(N_("Give the reason for withdrawing."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidData(N_("At most %(MAX_REASON)s characters."), MAX_REASON=MAX_REASON, field="reason")
    rows = versions(session, scope.key, public_only=True)
    if not rows:
        raise NotAllowedNow(N_("This report has no public version now."))
    for row in rows:
        row.withdrawn_by_id, row.withdrawn_at, row.withdrawn_reason = actor.id, at, reason
    record(session, action=AuditAction.WITHDRAW_REPORT, actor=actor, role=Role.OFFICE_STAFF, at=at,
           data={"scope": scope.key, "versions": [r.version for r in rows]}, reason=reason)
    session.flush()
    return [r.version for r in rows]


# -- Reading -------------------------------------------------------------------------------------------
def versions(session, scope_key: str, *, public_only: bool = False,
             with_snapshot: bool = False) -> list[PublishedReport]:
    """The versions of one report, newest first; withdrawn ones only for the office."""
    stmt = select(PublishedReport).where(PublishedReport.scope_key == scope_key)
    if public_only:
        stmt = stmt.where(PublishedReport.withdrawn_at.is_(None))
    if not with_snapshot:
        stmt = stmt.options(defer(PublishedReport.snapshot))
    return list(session.scalars(stmt.order_by(PublishedReport.version.desc())))


def public_reports(session) -> list[PublishedReport]:
    """The latest public version of each report, the most recently published first."""
    # With the snapshots: the list names each report and a few of its figures (a few dozen rows).
    rows = session.scalars(select(PublishedReport).where(PublishedReport.withdrawn_at.is_(None))
                           .order_by(PublishedReport.version.desc())).all()
    latest: dict[str, PublishedReport] = {}
    for row in rows:
        latest.setdefault(row.scope_key, row)
    return sorted(latest.values(), key=lambda r: (r.published_at, r.id), reverse=True)


def public_version(session, scope_key: str, version: int | None = None) -> PublishedReport | None:
    """One public version (the latest when `version` is None); None when missing or withdrawn."""
    stmt = select(PublishedReport).where(PublishedReport.scope_key == scope_key,
                                         PublishedReport.withdrawn_at.is_(None))
    if version is not None:
        stmt = stmt.where(PublishedReport.version == version)
    return session.scalars(stmt.order_by(PublishedReport.version.desc()).limit(1)).first()
