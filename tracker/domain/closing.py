"""Effects after the reply: evaluation, re-handling, closing, promises (回头看) and key supervision."""

from __future__ import annotations

from sqlalchemy import select

from tracker.domain.context import Context
from tracker.domain.effects import as_id, effect, one_of, parse_date, text
from tracker.domain.errors import InvalidData
from tracker.domain.handling import latest_reply
from tracker.models import Committee, Evaluation, ProgressReport, Promise, SupervisionMark
from tracker.models.handling import PromiseState
from tracker.workflow import Action

A = Action
GRADES = ("satisfied", "basically", "dissatisfied")


def open_promises(ctx: Context, close_kind: str) -> None:
    """Closing the item leaves a B or C reply's promise open until the unit reports on it."""
    ctx.item.close_kind = close_kind
    reply = latest_reply(ctx, "issued")
    if reply is not None and reply.category in ("B", "C") and reply.promised_on:
        promise = Promise(suggestion_id=ctx.item.id, reply_id=reply.id, unit_id=reply.unit_id,
                          text=reply.promise_text, due_on=reply.promised_on)
        ctx.session.add(promise)
        ctx.new_promises.append(promise)


@effect(A.EVALUATE)
def evaluate(ctx: Context) -> None:
    attitude = one_of(ctx, "attitude", GRADES)
    result = one_of(ctx, "result", GRADES)
    reply = latest_reply(ctx, "issued")
    ctx.session.add(Evaluation(suggestion_id=ctx.item.id, reply_id=reply.id, round=reply.round,
                               attitude=attitude, result=result, comment=ctx.reason,
                               evaluator_id=ctx.actor.id, evaluated_at=ctx.at))
    if result == "dissatisfied":
        ctx.item.dissatisfied_count += 1
    else:
        open_promises(ctx, "satisfied")
    ctx.audit_data.update(attitude=attitude, result=result)


@effect(A.CLOSE_NO_FEEDBACK)
def close_no_feedback(ctx: Context) -> None:
    open_promises(ctx, "no_feedback")


@effect(A.CONCLUDE)
def conclude(ctx: Context) -> None:
    open_promises(ctx, "concluded")


@effect(A.ORDER_REHANDLING)
def order_rehandling(ctx: Context) -> None:
    ctx.item.reply_round += 1


@effect(A.MARK_KEY)
def mark_key(ctx: Context) -> None:
    leader = text(ctx, "leader", max_len=60)
    committee_id = as_id(ctx, "supervising_committee", required=False)
    if committee_id is not None and ctx.session.get(Committee, committee_id) is None:
        raise InvalidData("请选择有效的督办委员会。", "Choose a valid committee.",
                          field="supervising_committee")
    raw = ctx.data.get("report_dates") or []
    if isinstance(raw, str):
        raw = [p for p in raw.replace("，", ",").split(",") if p.strip()]
    dates = []
    for value in raw:
        day = parse_date(value, "report_dates")
        if day <= ctx.today:
            raise InvalidData("进展报告日期应晚于今天。", "Report dates must be in the future.",
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
        .order_by(ProgressReport.due_on).limit(1))
    if report is None:
        report = ProgressReport(suggestion_id=ctx.item.id, due_on=ctx.today)
        ctx.session.add(report)
    report.text, report.submitted_at, report.submitted_by_id = body, ctx.at, ctx.actor.id
    ctx.progress = report


def _promise(ctx: Context, *, review_pending: bool | None = None, open_only=False) -> Promise:
    rows = ctx.promises(open_only=open_only, review_pending=review_pending)
    wanted = ctx.data.get("promise")
    if wanted:
        rows = [p for p in rows if p.id == int(wanted)]
    if not rows:
        raise InvalidData("没有这项承诺。", "No such promise.", field="promise")
    return rows[0]


@effect(A.REPORT_PROMISE_KEPT, A.REPORT_PROMISE_NOT_KEPT)
def report_promise(ctx: Context) -> None:
    promise = _promise(ctx, open_only=True)
    kept = ctx.row.action is A.REPORT_PROMISE_KEPT
    promise.report_text = text(ctx, "report_text") if kept else ctx.reason
    promise.state = PromiseState.KEPT if kept else PromiseState.NOT_KEPT
    promise.review_pending, promise.reported_at = not kept, ctx.at
    ctx.promise = promise


@effect(A.ACCEPT_PROMISE_REPORT, A.SEND_BACK_PROMISE_REPORT)
def review_promise_report(ctx: Context) -> None:
    promise = _promise(ctx, review_pending=True)
    promise.review_pending = False
    if ctx.row.action is A.SEND_BACK_PROMISE_REPORT:
        promise.state = PromiseState.OPEN
    ctx.promise = promise
