"""Promises carried over (DOMAIN §6): earlier years' unsolved B/C promises, a figure of a year's report.

A promise is unsolved while open or reported not kept. The report of year Y (or of a session held in
Y) counts those made on suggestions of years before Y, still unsolved on the report's day, under the
report's other filters (channel, category, group, unit, deputy).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from tracker.domain.metrics.facts import MetricFilter, dimensions
from tracker.domain.metrics.figures import Figure, Value
from tracker.models import CongressSession, Promise
from tracker.models.handling import PromiseState
from tracker.translations import Message
from tracker.workflow.i18n import N_

KEY = "promises_carried"
CARRIED = Figure(KEY, N_("Promises carried over"), KEY, None,
                 N_("Promises of B and C replies to suggestions of earlier years still unsolved (open or "
                    "not kept) on the report's day."))
SENTENCE = N_("Carried over from earlier years: %(carried)s promises of B and C replies still unsolved.")
UNSOLVED = (PromiseState.OPEN, PromiseState.NOT_KEPT)


def report_year(session, flt: MetricFilter) -> int | None:
    """The year a report is of: its year, or its session's."""
    if flt.year is not None:
        return flt.year
    if flt.session_id is not None:
        return session.scalar(select(CongressSession.year).where(CongressSession.id == flt.session_id))
    return None


def carried_over(session, flt: MetricFilter, today: date) -> Value | None:
    """The count of earlier years' unsolved promises; None for a report of no particular year.
    `today` is the report's day: a promise made after it is not yet one (a report redrawn later)."""
    year = report_year(session, flt)
    if year is None:
        return None
    dims = dimensions()[0].subquery("dims")
    others = replace(flt, year=None, session_id=None)
    count = session.scalar(select(func.count(Promise.id)).join(dims, dims.c.id == Promise.suggestion_id)
                           .where(dims.c.year < year, Promise.state.in_(UNSOLVED),
                                  *others.conditions(dims.c)))
    return Value(CARRIED, int(count or 0))


def sentence(value: Value) -> Message:
    return Message(SENTENCE, carried=value.num)
