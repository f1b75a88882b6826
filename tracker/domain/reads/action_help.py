"""What the help panel above an action form shows, loaded by the view before rendering.

The generic action form (templates/items/action.html) includes templates/supervision/help/<action>.html;
those templates only lay out an `ActionHelp`, so no template reaches for the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.domain.reads import supervision
from tracker.models import Assignment, Promise, Suggestion
from tracker.models.handling import AssignmentState, PromiseState
from tracker.workflow import Action

A = Action


@dataclass
class ActionHelp:
    promises: list[Promise] = field(default_factory=list)  # not yet kept, the earliest due first
    request: supervision.PendingRequest | None = None  # the undecided request the office decides
    reply_due: date | None = None  # when the reply is due now
    extension_limit: date | None = None  # the latest date an extension may reach
    co_opinions: list[Assignment] = field(default_factory=list)  # co-units, opinion sent or not


def _promises(session, item: Suggestion, out: ActionHelp) -> None:
    out.promises = list(session.scalars(
        select(Promise).where(Promise.suggestion_id == item.id, Promise.state != PromiseState.KEPT)
        .order_by(Promise.due_on, Promise.id)))


def _request(session, item: Suggestion, out: ActionHelp) -> None:
    found = supervision.pending_requests(session, item.id)
    out.request = found[0] if found else None


def _bounds(session, item: Suggestion, out: ActionHelp) -> None:
    out.reply_due, out.extension_limit = supervision.extension_bounds(session, item)


def _co_opinions(session, item: Suggestion, out: ActionHelp) -> None:
    """The co-handling units' opinions, which the lead's reply must state."""
    out.co_opinions = list(session.scalars(select(Assignment).where(
        Assignment.suggestion_id == item.id, Assignment.is_lead.is_(False),
        Assignment.state != AssignmentState.RELEASED).order_by(Assignment.id)))


LOADERS: dict[Action, Callable] = {
    A.REPORT_PROMISE_KEPT: _promises, A.REPORT_PROMISE_NOT_KEPT: _promises,
    A.ACCEPT_PROMISE_REPORT: _promises, A.SEND_BACK_PROMISE_REPORT: _promises,
    A.APPROVE_EXTENSION: _request, A.REFUSE_EXTENSION: _request,
    A.APPROVE_REASSIGNMENT: _request, A.REFUSE_REASSIGNMENT: _request,
    A.REQUEST_EXTENSION: _bounds,
    A.SUBMIT_REPLY: _co_opinions,
}


def help_for(session, item: Suggestion, action: Action) -> ActionHelp:
    """The facts the help for this action shows; empty for an action whose help is text only."""
    out = ActionHelp()
    if action in LOADERS:
        LOADERS[action](session, item, out)
    return out
