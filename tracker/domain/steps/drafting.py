"""Effects of the pre-submission actions: co-signers, review opinions, merge, conversion, withdrawal."""

from __future__ import annotations

from tracker.domain.core.context import Context
from tracker.domain.core.effects import as_id, effect, text
from tracker.domain.core.versions import latest_version
from tracker.domain.errors import InvalidData
from tracker.domain.people.terms import in_office
from tracker.domain.steps import merging
from tracker.domain.steps.prereview import read_checklist
from tracker.models import (
    CoSigner,
    PreReviewCheck,
    ReviewOpinion,
    User,
)
from tracker.workflow import Action, Role
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import CoSignerStatus

A = Action


@effect(A.INVITE_COSIGNER)
def invite_cosigner(ctx: Context) -> None:
    deputy = ctx.session.get(User, as_id(ctx, "cosigner"))
    if deputy is None or not deputy.has_role(Role.DEPUTY):
        raise InvalidData(N_("Only deputies can co-sign."), field="cosigner")
    if not in_office(deputy):
        raise InvalidData(N_("%(name)s's term as a deputy has ended: they can no longer co-sign."),
                          field="cosigner", name=deputy.name)
    if deputy.id == ctx.item.author_id or any(c.deputy_id == deputy.id for c in ctx.item.cosigners):
        raise InvalidData(N_("That deputy is already on this suggestion."),
                          field="cosigner")
    row = CoSigner(deputy_id=deputy.id, invited_at=ctx.at, status=CoSignerStatus.INVITED)
    ctx.item.cosigners.append(row)
    ctx.new_cosigners.append(row)
    ctx.audit_data["cosigner_name"] = deputy.name


@effect(A.CONFIRM_COSIGN, A.DECLINE_COSIGN)
def answer_invitation(ctx: Context) -> None:
    row = ctx.actor_cosigner
    row.status = (CoSignerStatus.CONFIRMED if ctx.row.action is A.CONFIRM_COSIGN
                  else CoSignerStatus.DECLINED)
    row.answered_at = ctx.at
    ctx.cosigner = row


def write_opinion(ctx: Context, comment: str) -> ReviewOpinion:
    opinion = ReviewOpinion(suggestion_id=ctx.item.id, version=latest_version(ctx),
                            layer=ctx.row.source, decision=ctx.row.action.value, comment=comment,
                            reviewer_id=ctx.actor.id, created_at=ctx.at)
    ctx.session.add(opinion)
    return opinion


@effect(A.PASS_REVIEW)
def pass_review(ctx: Context) -> None:
    write_opinion(ctx, ctx.reason or text(ctx, "summary", required=False))


@effect(A.RETURN_FOR_REVISION, A.ADVISE_WITHDRAWAL)
def return_draft(ctx: Context) -> None:
    write_opinion(ctx, ctx.reason)
    ctx.item.returned_from = ctx.row.source
    ctx.item.withdrawal_advised = ctx.row.action is A.ADVISE_WITHDRAWAL


@effect(A.PRE_APPROVE)
def pre_approve(ctx: Context) -> None:
    checks = read_checklist(ctx.data.get("checklist"))
    failed = [code for code, passed, _ in checks if not passed]
    if failed:
        raise InvalidData(N_("Some checks failed: return the draft or advise withdrawal."),
                          field="checklist")
    opinion = write_opinion(ctx, ctx.reason)
    opinion.checks = [PreReviewCheck(code=c, passed=p, note=n) for c, p, n in checks]


@effect(A.RESUBMIT)
def resubmit(ctx: Context) -> None:
    ctx.item.returned_from = None
    ctx.item.withdrawal_advised = False


@effect(A.SUBMIT_AS_IS)
def submit_as_is(ctx: Context) -> None:
    # Pre-review advises; it cannot silence a deputy (DOMAIN §3).
    ctx.item.against_advice = True
    ctx.item.returned_from = None


@effect(A.MERGE)
def merge(ctx: Context) -> None:
    merging.merge_into(ctx, write_opinion)


@effect(A.CONVERT)
def convert(ctx: Context) -> None:
    merging.record_conversion(ctx, write_opinion)


@effect(A.REQUEST_WITHDRAWAL)
def request_withdrawal(ctx: Context) -> None:
    ctx.item.withdrawal_requested = True
    for c in ctx.confirmed_cosigners():
        c.withdrawal_agreed_at = None
        ctx.new_cosigners.append(c)


@effect(A.AGREE_WITHDRAWAL)
def agree_withdrawal(ctx: Context) -> None:
    ctx.actor_cosigner.withdrawal_agreed_at = ctx.at
    ctx.cosigner = ctx.actor_cosigner
