"""The supervisors' figures (DOMAIN §10), each defined once: per-item facts as SQL, counts and rates.

Every figure is a sum of a 0/1 fact of each suggestion (a count) or a ratio of two such sums (a
rate), so the dashboard, the yearly report, the XLSX and the drill-down lists all read the same
definitions. `item_facts` is one row per suggestion with its filter dimensions and its facts;
`fact_rows` groups it by every dimension at once (a few hundred rows), and Python folds those rows
into the totals and the per-unit, per-category, per-group and per-deputy tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, Integer, String, and_, case, func, literal, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import FunctionElement

from tracker.domain.deadlines.calendar import WorkCalendar
from tracker.domain.reads.inbox import SOON_WORKING_DAYS
from tracker.models import (
    Assignment,
    CongressSession,
    Contact,
    Deadline,
    Evaluation,
    Membership,
    Promise,
    Reply,
    ReviewOpinion,
    Suggestion,
    User,
)
from tracker.models.handling import AssignmentState, PromiseState
from tracker.models.metrics import DIMENSIONS, FACTS
from tracker.models.tenancy import current_congress_id
from tracker.workflow import WINDOW_KINDS, Channel, DeadlineKind, Owner, State
from tracker.workflow.statuses import CloseKind, ReplyStatus


# -- China-time dates in SQL: periods and months are counted in China time (UTC+8, no DST). --------
class china_date(FunctionElement):  # noqa: N801  (reads as a SQL function)
    type = Date()
    inherit_cache = True


class china_month(FunctionElement):  # noqa: N801
    type = String()
    inherit_cache = True


class china_year(FunctionElement):  # noqa: N801
    type = Integer()
    inherit_cache = True


@compiles(china_date, "postgresql")
def _pg_date(el, compiler, **kw):
    return f"(({compiler.process(el.clauses, **kw)}) AT TIME ZONE 'Asia/Shanghai')::date"


@compiles(china_date)
def _sqlite_date(el, compiler, **kw):
    return f"date({compiler.process(el.clauses, **kw)}, '+8 hours')"


@compiles(china_month, "postgresql")
def _pg_month(el, compiler, **kw):
    return f"to_char(({compiler.process(el.clauses, **kw)}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"


@compiles(china_month)
def _sqlite_month(el, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(el.clauses, **kw)}, '+8 hours')"


@compiles(china_year, "postgresql")
def _pg_year(el, compiler, **kw):
    return (f"CAST(EXTRACT(YEAR FROM ({compiler.process(el.clauses, **kw)}) "
            "AT TIME ZONE 'Asia/Shanghai') AS INTEGER)")


@compiles(china_year)
def _sqlite_year(el, compiler, **kw):
    return f"CAST(strftime('%Y', {compiler.process(el.clauses, **kw)}, '+8 hours') AS INTEGER)"


# -- The filter ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MetricFilter:
    """Which suggestions a figure counts. `year`: the session's year for session suggestions, else the
    China-time year the suggestion was submitted (created, if never submitted). `unit`: the live lead
    unit (主办). `group` and `deputy`: the lead deputy's (领衔代表)."""

    session_id: int | None = None
    year: int | None = None
    channel: Channel | None = None
    category_id: int | None = None
    group_id: int | None = None
    unit_id: int | None = None
    deputy_id: int | None = None

    def conditions(self, cols) -> list:
        out = []
        for name in DIMENSIONS:
            value = getattr(self, name)
            if value is not None:
                out.append(cols[name] == (value.value if isinstance(value, Channel) else value))
        return out

    def on_suggestion(self) -> list:
        """The same conditions written on the suggestion table itself (no per-item subquery), so a
        list can start from an index of its own table and look each suggestion up."""
        s, out = Suggestion, []
        for name in ("session_id", "category_id"):
            if getattr(self, name) is not None:
                out.append(getattr(s, name) == getattr(self, name))
        if self.channel is not None:
            out.append(s.channel == self.channel)
        if self.deputy_id is not None:
            out.append(s.author_id == self.deputy_id)
        if self.group_id is not None:
            out.append(s.author_id.in_(select(User.id).where(User.group_id == self.group_id)))
        if self.unit_id is not None:
            out.append(s.id.in_(select(Assignment.suggestion_id).where(
                Assignment.unit_id == self.unit_id, Assignment.is_lead.is_(True),
                Assignment.state != AssignmentState.RELEASED)))
        if self.year is not None:
            in_session = select(CongressSession.id).where(CongressSession.year == self.year)
            out.append(or_(s.session_id.in_(in_session),
                           and_(s.session_id.is_(None),
                                china_year(func.coalesce(s.submitted_at, s.created_at)) == self.year)))
        return out

    def args(self) -> dict:
        """The filter as URL query arguments (only what is set)."""
        return {n: _plain(getattr(self, n)) for n in DIMENSIONS if getattr(self, n) is not None}


def _plain(value):
    return value.value if isinstance(value, Channel) else value


# -- Per-item facts --------------------------------------------------------------------------------
RETURN_DECISIONS = ("return_for_revision", "advise_withdrawal")
MEETING_WAYS = ("face_to_face", "on_site")  # 见面: met in person, at the office or on the spot
GOOD = ("satisfied", "basically")
UNIT_OWNERS = (Owner.UNIT, Owner.UNIT_LEADER)


def _flag(cond):
    return case((cond, 1), else_=0)


def _latest(model, kind: DeadlineKind | None = None, *where):
    """Per suggestion, the id of the latest row of `model` (optionally of one deadline kind)."""
    stmt = select(model.suggestion_id.label("sid"), func.max(model.id).label("last_id"))
    if kind is not None:
        stmt = stmt.where(model.kind == kind)
    return stmt.where(*where).group_by(model.suggestion_id).subquery()


def dimensions():
    """One row per suggestion of the current congress: its id and the columns the filter reads.

    The congress is said here, not left to the ORM criterion: the rollup refresh runs these rows
    inside Core INSERT … SELECTs, which the criterion never sees. A deputy's group is their
    membership in the item's own congress (a deputy of two congresses has one in each)."""
    lead = (select(Assignment.suggestion_id.label("sid"), Assignment.unit_id, Assignment.received_at)
            .where(Assignment.is_lead.is_(True), Assignment.state != AssignmentState.RELEASED)
            .subquery("lead"))
    year = func.coalesce(CongressSession.year,
                         china_year(func.coalesce(Suggestion.submitted_at, Suggestion.created_at)))
    place = aliased(Membership, name="place")
    stmt = (select(Suggestion.id.label("id"), Suggestion.session_id.label("session_id"),
                   year.label("year"), Suggestion.channel.label("channel"),
                   Suggestion.category_id.label("category_id"), place.group_id.label("group_id"),
                   lead.c.unit_id.label("unit_id"), Suggestion.author_id.label("deputy_id"))
            .outerjoin(place, and_(place.user_id == Suggestion.author_id,
                                   place.congress_id == Suggestion.congress_id))
            .outerjoin(CongressSession, CongressSession.id == Suggestion.session_id)
            .outerjoin(lead, lead.c.sid == Suggestion.id)
            .where(Suggestion.congress_id == current_congress_id()))
    return stmt, lead


def item_facts(today: date, soon_until: date | None = None):
    """The facts of every suggestion as 0/1 columns (and counts for rounds, promises and open
    deadlines); `soon_until` is the last day counted as "due soon" (soon_until below)."""
    soon_until = soon_until or today
    stmt, lead = dimensions()
    s = Suggestion
    replies = (select(Reply.suggestion_id.label("sid"), func.max(Reply.id).label("last_id"))
               .where(Reply.status == ReplyStatus.ISSUED).group_by(Reply.suggestion_id).subquery("replies"))
    last_reply = aliased(Reply, name="last_reply")
    evals = _latest(Evaluation)
    last_eval = aliased(Evaluation, name="last_eval")
    first_eval = aliased(Evaluation, name="first_eval")
    reply_dl_id = _latest(Deadline, DeadlineKind.REPLY)
    reply_dl = aliased(Deadline, name="reply_dl")
    route_dl_id = _latest(Deadline, DeadlineKind.ROUTING)
    route_dl = aliased(Deadline, name="route_dl")
    sign_dl_id = (select(Deadline.suggestion_id.label("sid"), func.max(Deadline.id).label("last_id"))
                  .join(Assignment, Assignment.id == Deadline.assignment_id)
                  .where(Deadline.kind == DeadlineKind.SIGN_FOR, Assignment.is_lead.is_(True))
                  .group_by(Deadline.suggestion_id).subquery("sign_ids"))
    sign_dl = aliased(Deadline, name="sign_dl")
    reviews = (select(ReviewOpinion.suggestion_id.label("sid"),
                      func.sum(_flag(ReviewOpinion.decision.in_(RETURN_DECISIONS))).label("returns"),
                      func.max(_flag(ReviewOpinion.decision == "pre_approve")).label("passed"))
               .group_by(ReviewOpinion.suggestion_id).subquery("reviews"))
    met = (select(Contact.suggestion_id.label("sid")).where(Contact.way.in_(MEETING_WAYS))
           .group_by(Contact.suggestion_id).subquery("met"))
    is_late = Deadline.due_on < today
    late = (select(Deadline.suggestion_id.label("sid"),
                   func.max(_flag(is_late)).label("late"),
                   func.max(_flag(and_(is_late, Deadline.owner.in_(UNIT_OWNERS)))).label("unit_late"),
                   func.sum(_flag(is_late)).label("n_late"),
                   func.sum(_flag(Deadline.due_on.between(today, soon_until))).label("n_soon"),
                   func.sum(_flag(Deadline.due_on > soon_until)).label("n_fine"))
            .where(Deadline.closed_at.is_(None), Deadline.kind.not_in(WINDOW_KINDS))
            .group_by(Deadline.suggestion_id).subquery("late"))
    promises = (select(Promise.suggestion_id.label("sid"),
                       func.sum(_flag(Promise.state == PromiseState.KEPT)).label("kept"),
                       func.sum(_flag(Promise.state == PromiseState.OPEN)).label("open"),
                       func.sum(_flag(Promise.state == PromiseState.NOT_KEPT)).label("broken"))
                .group_by(Promise.suggestion_id).subquery("promises"))

    def settled(dl):  # done (closed), or its last day has passed
        return or_(dl.closed_at.is_not(None), dl.due_on < today)

    def in_time(dl):
        return and_(dl.closed_at.is_not(None), china_date(dl.closed_at) <= dl.due_on)

    assigned = s.assigned_at.is_not(None)
    replied = replies.c.last_id.is_not(None)
    no_feedback = s.close_kind == CloseKind.NO_FEEDBACK
    evaluated = and_(evals.c.last_id.is_not(None), or_(s.close_kind.is_(None), ~no_feedback))
    handled = lead.c.received_at.is_not(None)
    facts = {
        "total": literal(1),
        "draft_now": _flag(s.state == State.DRAFT),
        "returned": _flag(func.coalesce(reviews.c.returns, 0) > 0),
        "return_rounds": func.coalesce(reviews.c.returns, 0),
        "passed": func.coalesce(reviews.c.passed, 0),
        "against_advice": _flag(s.against_advice.is_(True)),
        "merged": _flag(s.state == State.MERGED),
        "converted": _flag(s.state == State.CONVERTED),
        "withdrawn": _flag(s.state == State.WITHDRAWN),
        "not_registered": _flag(s.state == State.NOT_REGISTERED),
        "submitted": _flag(s.submitted_at.is_not(None)),
        "registered": _flag(s.registered_at.is_not(None)),
        "routing_due": _flag(and_(route_dl.id.is_not(None), settled(route_dl))),
        "routing_in_time": _flag(and_(route_dl.id.is_not(None), in_time(route_dl))),
        "sign_due": _flag(and_(sign_dl.id.is_not(None), settled(sign_dl))),
        "sign_in_time": _flag(and_(sign_dl.id.is_not(None), in_time(sign_dl))),
        "assigned": _flag(assigned),
        "replied": _flag(replied),
        "reply_due": _flag(and_(assigned, reply_dl.id.is_not(None), settled(reply_dl))),
        "reply_in_time": _flag(and_(assigned, reply_dl.id.is_not(None), in_time(reply_dl))),
        "closed": _flag(and_(assigned, s.state == State.CLOSED)),
        "evaluated": _flag(evaluated),
        "satisfied": _flag(and_(evaluated, last_eval.result.in_(GOOD))),
        "attitude_good": _flag(and_(evaluated, last_eval.attitude.in_(GOOD))),
        "first_evaluated": _flag(first_eval.id.is_not(None)),
        "first_satisfied": _flag(first_eval.result.in_(GOOD)),
        "first_attitude_good": _flag(first_eval.attitude.in_(GOOD)),
        "no_feedback": _flag(no_feedback),
        "solved": _flag(and_(replied, last_reply.category == "A")),
        "solved_or_planned": _flag(and_(replied, last_reply.category.in_(("A", "B")))),
        "reply_c": _flag(and_(replied, last_reply.category == "C")),
        "reply_d": _flag(and_(replied, last_reply.category == "D")),
        "handled": _flag(handled),
        "met": _flag(and_(handled, met.c.sid.is_not(None))),
        "overdue": func.coalesce(late.c.late, 0),
        "unit_overdue": func.coalesce(late.c.unit_late, 0),
        "deadlines_overdue": func.coalesce(late.c.n_late, 0),
        "deadlines_soon": func.coalesce(late.c.n_soon, 0),
        "deadlines_on_time": func.coalesce(late.c.n_fine, 0),
        "key": _flag(s.is_key.is_(True)),
        "promises_kept": func.coalesce(promises.c.kept, 0),
        "promises_open": func.coalesce(promises.c.open, 0),
        "promises_broken": func.coalesce(promises.c.broken, 0),
    }
    stmt = (stmt.add_columns(*(expr.label(name) for name, expr in facts.items()))
            .outerjoin(replies, replies.c.sid == s.id)
            .outerjoin(last_reply, last_reply.id == replies.c.last_id)
            .outerjoin(evals, evals.c.sid == s.id)
            .outerjoin(last_eval, last_eval.id == evals.c.last_id)
            .outerjoin(first_eval, and_(first_eval.suggestion_id == s.id, first_eval.round == 1))
            .outerjoin(reply_dl_id, reply_dl_id.c.sid == s.id)
            .outerjoin(reply_dl, reply_dl.id == reply_dl_id.c.last_id)
            .outerjoin(route_dl_id, route_dl_id.c.sid == s.id)
            .outerjoin(route_dl, route_dl.id == route_dl_id.c.last_id)
            .outerjoin(sign_dl_id, sign_dl_id.c.sid == s.id)
            .outerjoin(sign_dl, sign_dl.id == sign_dl_id.c.last_id)
            .outerjoin(reviews, reviews.c.sid == s.id)
            .outerjoin(met, met.c.sid == s.id)
            .outerjoin(late, late.c.sid == s.id)
            .outerjoin(promises, promises.c.sid == s.id))
    assert tuple(facts) == FACTS, "tracker.models.metrics.FACTS must list the same facts"
    return stmt


def trend_events(flt: MetricFilter):
    """One row per suggestion and event (submitted, assigned, first replied, closed): its China-time
    month and the filter's dimensions."""
    dims = dimensions()[0].subquery("dims")
    first_reply = (select(Reply.suggestion_id.label("sid"), func.min(Reply.issued_at).label("at"))
                   .where(Reply.status == ReplyStatus.ISSUED).group_by(Reply.suggestion_id).subquery("fr"))

    def events(kind: str, moment, *joins):
        stmt = (select(*(dims.c[d] for d in DIMENSIONS), literal(kind).label("kind"),
                       china_month(moment).label("month"))
                .select_from(Suggestion).join(dims, dims.c.id == Suggestion.id))
        for target, on in joins:
            stmt = stmt.join(target, on)
        return stmt.where(moment.is_not(None), *flt.conditions(dims.c))

    return union_all(events("submitted", Suggestion.submitted_at),
                     events("assigned", Suggestion.assigned_at),
                     events("replied", first_reply.c.at, (first_reply, first_reply.c.sid == Suggestion.id)),
                     events("closed", Suggestion.closed_at))


def soon_until(calendar: WorkCalendar, today: date, soon: int = SOON_WORKING_DAYS) -> date:
    """The last day still "due soon": `soon` working days after today."""
    day, left = today, soon
    while left > 0:
        day += timedelta(days=1)
        left -= calendar.is_workday(day)
    # Rest days right after it are still within the same working-day count.
    while not calendar.is_workday(day + timedelta(days=1)):
        day += timedelta(days=1)
    return day
