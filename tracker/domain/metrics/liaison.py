"""The liaison-station figures of DOMAIN §10 (opinions collected, resolved, turned into suggestions),
defined once as `tracker.domain.metrics_figures.Figure`s over per-opinion 0/1 facts.

Opinions are not suggestions, so they have their own facts (`opinion_facts`, one row per opinion)
and are not in the suggestion rollups; the dashboard panel, the yearly report's sentence ("收集意见
N 条，解决诉求 M 件") and the drill-down list (tracker.domain.liaison.queries, `figure=`) all read
these definitions. Filters: the year an opinion was logged, the deputy and the deputy's group; a
congress session counts its year. Channel, category and unit do not apply to opinions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, and_, case, cast, extract, func, literal, select

from tracker.domain.metrics.figures import Figure, Value
from tracker.models import CongressSession, LiaisonOpinion, User
from tracker.models.liaison import Outcome
from tracker.translations import Message
from tracker.workflow.i18n import N_

Op = LiaisonOpinion


def _flag(cond):
    return case((cond, 1), else_=0)


FACTS = ("collected", "resolved", "solved_on_spot", "resolved_after_referral", "suggested", "explained",
         "settled", "referred_open", "referral_overdue", "pending", "told")
LIAISON_FIGURE_LIST: tuple[Figure, ...] = (
    Figure("liaison_collected", N_("Opinions collected"), "collected", None,
           N_("Constituents' opinions deputies logged at the stations (the year is the logging date's).")),
    Figure("liaison_resolved", N_("Requests resolved"), "resolved", None,
           N_("Solved on the spot + resolved after referral to the community or street.")),
    Figure("liaison_resolved_rate", N_("Resolved share"), "resolved", "collected",
           N_("Requests resolved ÷ opinions collected.")),
    Figure("liaison_suggested", N_("Turned into suggestions"), "suggested", None,
           N_("Opinions turned into a suggestion (a new draft or a linked one).")),
    Figure("liaison_explained", N_("figure|Explained and closed"), "explained", None,
           N_("Opinions closed after an explanation.")),
    Figure("liaison_referred_open", N_("Referrals open"), "referred_open", None,
           N_("Opinions referred to the community or street and not yet closed.")),
    Figure("liaison_referral_overdue", N_("Referrals overdue"), "referral_overdue", None,
           N_("Open referrals whose follow-up date has passed.")),
    Figure("liaison_told_rate", N_("Constituents told"), "told", "settled",
           N_("Opinions whose result the constituent was told ÷ opinions with a result.")),
)
LIAISON_FIGURES: dict[str, Figure] = {f.key: f for f in LIAISON_FIGURE_LIST}
PANEL = tuple(LIAISON_FIGURES)


def opinion_facts(today: date):
    """One row per opinion: id, year, deputy_id, group_id, station_id and its facts as 0/1."""
    settled = Op.outcome.in_((Outcome.SOLVED_ON_SPOT, Outcome.RESOLVED, Outcome.SUGGESTION,
                              Outcome.EXPLAINED))
    referred = Op.outcome == Outcome.REFERRED
    facts = {
        "collected": literal(1),
        "resolved": _flag(Op.outcome.in_((Outcome.SOLVED_ON_SPOT, Outcome.RESOLVED))),
        "solved_on_spot": _flag(Op.outcome == Outcome.SOLVED_ON_SPOT),
        "resolved_after_referral": _flag(Op.outcome == Outcome.RESOLVED),
        "suggested": _flag(Op.outcome == Outcome.SUGGESTION),
        "explained": _flag(Op.outcome == Outcome.EXPLAINED),
        "settled": _flag(settled),
        "referred_open": _flag(referred),
        "referral_overdue": _flag(and_(referred, Op.follow_up_on < today)),
        "pending": _flag(Op.outcome == Outcome.PENDING),
        "told": _flag(and_(settled, Op.told_on.is_not(None))),
    }
    assert tuple(facts) == FACTS
    year = cast(extract("year", Op.received_on), Integer)
    return (select(Op.id.label("id"), year.label("year"), Op.deputy_id.label("deputy_id"),
                   User.group_id.label("group_id"), Op.station_id.label("station_id"),
                   *(expr.label(name) for name, expr in facts.items()))
            .join(User, User.id == Op.deputy_id))


@dataclass(frozen=True)
class LiaisonScope:
    """The dashboard filter as it applies to opinions, and what of it does not apply."""

    year: int | None
    group_id: int | None
    deputy_id: int | None
    ignored: tuple[str, ...]  # filter names set but meaningless for opinions

    def conditions(self, cols) -> list:
        return [cols[n] == getattr(self, n) for n in ("year", "group_id", "deputy_id")
                if getattr(self, n) is not None]

    def args(self) -> dict:
        names = ("year", "group_id", "deputy_id")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


def scope_of(session, flt) -> LiaisonScope:
    """A tracker.domain.metrics.MetricFilter read for opinions: a session stands for its year."""
    year = flt.year
    if flt.session_id is not None and year is None:
        year = session.scalar(select(CongressSession.year).where(CongressSession.id == flt.session_id))
    ignored = tuple(n for n in ("channel", "category_id", "unit_id") if getattr(flt, n) is not None)
    return LiaisonScope(year, flt.group_id, flt.deputy_id, ignored)


def liaison_sums(session, scope: LiaisonScope, today: date) -> dict[str, int]:
    facts = opinion_facts(today).subquery("opinion_facts")
    row = session.execute(select(*(func.coalesce(func.sum(facts.c[f]), 0).label(f) for f in FACTS))
                          .where(*scope.conditions(facts.c))).one()
    return {f: int(v) for f, v in zip(FACTS, row, strict=True)}


def value(key: str, sums: dict[str, int]) -> Value:
    f = LIAISON_FIGURES[key]
    return Value(f, int(sums.get(f.num, 0)), None if f.den is None else int(sums.get(f.den, 0)))


def liaison_values(session, scope: LiaisonScope, today: date) -> dict[str, Value]:
    sums = liaison_sums(session, scope, today)
    return {k: value(k, sums) for k in LIAISON_FIGURES}


def opinion_ids(key: str, today: date, part: str = "num"):
    """The ids of the opinions behind a figure (its numerator, or its denominator): the drill-down."""
    figure = LIAISON_FIGURES[key]
    fact = figure.den if part == "den" and figure.den else figure.num
    facts = opinion_facts(today).subquery("opinion_facts")
    return select(facts.c.id).where(facts.c[fact] > 0)



SENTENCE = N_("At deputies' homes, liaison stations and legislative contact points deputies collected "
              "%(collected)s constituents' opinions and resolved %(resolved)s requests "
              "(%(solved_on_spot)s on the spot, %(resolved_after_referral)s after referral to the community "
              "or street); "
              "%(suggested)s were turned into suggestions and %(explained)s explained and closed%(tail)s.")
FOLLOWED_UP = N_("; %(referred_open)s referrals are still being followed up")


def report_sentence(sums: dict[str, int]) -> Message:
    """The yearly report's sentence in the district report's manner ("收集意见 N 条，解决诉求 M 件")."""
    tail = Message(FOLLOWED_UP, referred_open=sums["referred_open"]) if sums["referred_open"] else ""
    return Message(SENTENCE, **sums, tail=tail)


def for_report(session, flt, today: date) -> tuple[dict[str, Value], Message | None]:
    """The liaison figures and sentence of a yearly report; no sentence when nothing was logged or
    the report is filtered by something opinions do not have (a category, a unit, a channel)."""
    scope = scope_of(session, flt)
    sums = liaison_sums(session, scope, today)
    values = {k: value(k, sums) for k in LIAISON_FIGURES}
    if scope.ignored or not sums["collected"]:
        return values, None
    return values, report_sentence(sums)
