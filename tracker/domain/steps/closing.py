"""Effects after the reply: evaluation, re-handling, closing, promises (回头看) and key supervision."""

from __future__ import annotations

from sqlalchemy import select

from tracker.domain.core.context import Context
from tracker.domain.core.effects import as_id, effect, one_of, parse_date, text
from tracker.domain.errors import InvalidData
from tracker.domain.reads.followup import promise_candidates
from tracker.domain.steps.handling import latest_reply
from tracker.models import Committee, Evaluation, ProgressReport, Promise, SupervisionMark
from tracker.models.handling import PromiseState
from tracker.workflow import Action
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import CloseKind, Grade, ReplyStatus

A = Action
GRADES = tuple(Grade)


def open_promises(ctx: Context, close_kind: CloseKind) -> None:
    """Closing the item leaves a B or C reply's promise open until the unit reports on it."""
    ctx.item.close_kind = close_kind
    reply = latest_reply(ctx, ReplyStatus.ISSUED)
    if reply is not None and reply.category in ("B", "C") and reply.promised_on:
        promise = Promise(suggestion_id=ctx.item.id, reply_id=reply.id, unit_id=reply.unit_id,
                          text=reply.promise_text, due_on=reply.promised_on)
        ctx.session.add(promise)
        ctx.new_promises.append(promise)


@effect(A.EVALUATE)
def evaluate(ctx: Context) -> None:
    attitude = one_of(ctx, "attitude", GRADES)
    result = one_of(ctx, "result", GRADES)
    reply = latest_reply(ctx, ReplyStatus.ISSUED)
    ctx.session.add(Evaluation(suggestion_id=ctx.item.id, reply_id=reply.id, round=reply.round,
                               attitude=attitude, result=result, comment=ctx.reason,
                               evaluator_id=ctx.actor.id, evaluated_at=ctx.at))
    if result == Grade.DISSATISFIED:
        ctx.item.dissatisfied_count += 1
    else:
        open_promises(ctx, CloseKind.SATISFIED)
    ctx.audit_data.update(attitude=attitude, result=result)


@effect(A.CLOSE_NO_FEEDBACK)
def close_no_feedback(ctx: Context) -> None:
    open_promises(ctx, CloseKind.NO_FEEDBACK)


@effect(A.CONCLUDE)
def conclude(ctx: Context) -> None:
    open_promises(ctx, CloseKind.CONCLUDED)


@effect(A.ORDER_REHANDLING)
def order_rehandling(ctx: Context) -> None:
    ctx.item.reply_round += 1


@effect(A.MARK_KEY)
def mark_key(ctx: Context) -> None:
    leader = text(ctx, "leader", max_len=60)
    committee_id = as_id(ctx, "supervising_committee", required=False)
    if committee_id is not None and ctx.session.get(Committee, committee_id) is None:
        raise InvalidData(N_("Choose a valid committee."),
                          field="supervising_committee")
    raw = ctx.data.get("report_dates") or []
    if isinstance(raw, str):
        raw = [p for p in raw.replace("，", ",").split(",") if p.strip()]
    dates = []
    for value in raw:
        day = parse_date(value, "report_dates")
        if day <= ctx.today:
            raise InvalidData(N_("Report dates must be in the future."),
                              field="report_dates")
        dates.append(day)
    ctx.session.add(SupervisionMark(suggestion_id=ctx.item.id, leader=leader,
                                    committee_id=committee_id, marked_by_id=ctx.actor.id,
                                    marked_at=ctx.at))
    ctx.item.is_key = True
    for day in sorted(set(dates)):
        report = ProgressReport(suggestion_id=ctx.item.id, due_on=day)
        ctx.session.add(report)
        ctx.new_progress.append(report)


@effect(A.REPORT_PROGRESS)
def report_progress(ctx: Context) -> None:
    body = text(ctx, "report_text")
    report = ctx.session.scalar(
        select(ProgressReport).where(ProgressReport.suggestion_id == ctx.item.id,
                                     ProgressReport.submitted_at.is_(None))
        .order_by(ProgressReport.due_on).limit(1))  # one exists: the table's guard says so
    report.text, report.submitted_at, report.submitted_by_id = body, ctx.at, ctx.actor.id
    ctx.progress = report


def _promise(ctx: Context) -> Promise:
    """The promise the action names; only an item with a single candidate may leave it unnamed."""
    candidates = promise_candidates(ctx.session, ctx.item.id, ctx.row.action)
    wanted = ctx.data.get("promise")
    if wanted in (None, ""):
        if len(candidates) == 1:
            ctx.audit_data["promise"] = candidates[0].id
            return candidates[0]
        raise InvalidData(N_("This item has several promises: choose which one this is about."),
                          field="promise")
    chosen = next((p for p in candidates if str(p.id) == str(wanted).strip()), None)
    if chosen is None:
        raise InvalidData(N_("Choose one of this item's promises that this action applies to."),
                          field="promise")
    return chosen


@effect(A.REPORT_PROMISE_KEPT, A.REPORT_PROMISE_NOT_KEPT)
def report_promise(ctx: Context) -> None:
    promise = _promise(ctx)
    kept = ctx.row.action is A.REPORT_PROMISE_KEPT
    promise.report_text = text(ctx, "report_text") if kept else ctx.reason
    promise.state = PromiseState.KEPT if kept else PromiseState.NOT_KEPT
    promise.review_pending, promise.reported_at = not kept, ctx.at
    ctx.promise = promise


@effect(A.ACCEPT_PROMISE_REPORT, A.SEND_BACK_PROMISE_REPORT)
def review_promise_report(ctx: Context) -> None:
    promise = _promise(ctx)
    promise.review_pending = False
    if ctx.row.action is A.SEND_BACK_PROMISE_REPORT:
        promise.state = PromiseState.OPEN
    ctx.promise = promise
