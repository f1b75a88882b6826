"""并案 and 转来信处理: the effects of merge and convert, and what the pages read about them.

Merging makes the merged item's lead deputy and confirmed co-signers co-proposers of the main item
(they follow it and receive its reply), links the merged item to it and tells the main item's
deputies. Converting records the office's talk with the deputy (when, how, what was said) and the
written notice the deputy receives. Both run inside `engine.apply`; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.core.context import Context
from tracker.domain.core.effects import as_id, one_of, parse_date, text
from tracker.domain.core.locking import touch
from tracker.domain.core.notify import CHANGED
from tracker.domain.errors import InvalidData
from tracker.domain.reads.search import search, similar
from tracker.models import AuditEvent, CoSigner, Outbox, Suggestion
from tracker.workflow import DRAFTING, FINAL, Action
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import ContactWay, ConvertTo, CoSignerStatus

MERGED_IN = AuditAction.MERGED_IN  # the audit action written on the main item when another joins it
CONTACT_WAYS = tuple(ContactWay)
CONVERT_TARGETS = tuple(ConvertTo)


def can_be_main(item: Suggestion, main: Suggestion | None) -> bool:
    """A main item is another suggestion that is still open (a merged item has ended)."""
    return main is not None and main.id != item.id and main.state not in FINAL


def merge_into(ctx: Context, write_opinion) -> Suggestion:
    """The merge effect: deputies join the main item, the item is linked to it, the main's people hear."""
    main = ctx.session.get(Suggestion, as_id(ctx, "main_item"))
    if not can_be_main(ctx.item, main):
        raise InvalidData(N_("Choose another suggestion that is still open as the main one."),
                          field="main_item")
    rows = {c.deputy_id: c for c in main.cosigners}
    joined = []
    for deputy_id in (ctx.item.author_id, *(c.deputy_id for c in ctx.confirmed_cosigners())):
        if deputy_id == main.author_id:
            continue
        row = rows.get(deputy_id)
        if row is None:
            row = CoSigner(deputy_id=deputy_id, invited_at=ctx.at)
            main.cosigners.append(row)
            rows[deputy_id] = row
        elif row.status == CoSignerStatus.CONFIRMED:
            continue
        elif row.status == CoSignerStatus.INVITED:
            continue  # an open invitation on the main draft stays the deputy's own to answer
        # A deputy who once declined to co-sign the main item joins it now through the merge.
        row.status, row.answered_at, row.via_merge_of_id = CoSignerStatus.CONFIRMED, ctx.at, ctx.item.id
        joined.append(deputy_id)
    ctx.item.merged_into_id = main.id
    touch(main, ctx.at)  # bumps the main item's lock: a racing action on it loses cleanly
    write_opinion(ctx, ctx.reason)
    ctx.audit_data.update(main_item=main.id, joined=joined)
    _tell_main(ctx, main, joined)
    return main


def _tell_main(ctx: Context, main: Suggestion, joined: list[int]) -> None:
    """The main item's history records the merge, and its deputies hear of it."""
    event = record(ctx.session, action=AuditAction.MERGED_IN, actor=ctx.actor, role=ctx.role, at=ctx.at,
                   suggestion=main, from_state=main.state, to_state=main.state, reason=ctx.reason,
                   data={"merged_item": ctx.item.id, "joined": joined})
    followers = [main.author_id, *(c.deputy_id for c in main.cosigners
                                   if c.status == CoSignerStatus.CONFIRMED and c.deputy_id not in joined)]
    for user_id in dict.fromkeys(followers):
        if user_id == ctx.actor.id:
            continue
        ctx.session.add(Outbox(event_id=event.id, recipient_id=user_id, kind=CHANGED,
                               created_at=ctx.at, payload={
                                   "suggestion_id": main.id, "title": main.title,
                                   "action": MERGED_IN,
                                   "action_label": N_("merge (another suggestion joined this one)"),
                                   "to_state": str(main.state)}))


def record_conversion(ctx: Context, write_opinion) -> None:
    """The convert effect: the talk with the deputy must be on record, and not in the future."""
    talked_on = parse_date(ctx.data.get("contact_date"), "contact_date")
    if talked_on > ctx.today:
        raise InvalidData(N_("The talk cannot be dated after today."),
                          field="contact_date")
    one_of(ctx, "contact_way", CONTACT_WAYS)
    talk = text(ctx, "talk_record")
    if ctx.data.get("convert_to") in (None, ""):
        ctx.data["convert_to"] = "letter"
    one_of(ctx, "convert_to", CONVERT_TARGETS)
    ctx.data["contact_date"] = talked_on.isoformat()
    write_opinion(ctx, f"{talk}\n\n{ctx.reason}")


@dataclass(frozen=True)
class Conversion:
    """What the office recorded when it converted an item; the notice is what the deputy reads."""

    talked_on: date | None
    way: str
    talk: str
    target: str
    notice: str
    by: str
    at: datetime


def conversion_of(session, item: Suggestion) -> Conversion | None:
    event = session.scalar(select(AuditEvent).where(
        AuditEvent.suggestion_id == item.id, AuditEvent.action == Action.CONVERT.value)
        .order_by(AuditEvent.id.desc()).limit(1))
    if event is None:
        return None
    data = event.data or {}
    try:
        talked_on = date.fromisoformat(data.get("contact_date") or "")
    except ValueError:
        talked_on = None  # recorded before the date was asked for
    return Conversion(talked_on=talked_on, way=data.get("contact_way") or "",
                      talk=data.get("talk_record") or "", target=data.get("convert_to") or "letter",
                      notice=event.reason, by=event.actor.name, at=event.at)


def merged_from(session, item: Suggestion) -> list[Suggestion]:
    """The items merged into this one, oldest first."""
    return list(session.scalars(select(Suggestion).where(Suggestion.merged_into_id == item.id)
                                .order_by(Suggestion.id)))


def merge_candidates(session, item: Suggestion, query: str = "", limit: int = 8):
    """Possible main items: the most similar open ones, or those a search finds; (item, score)."""
    where = Suggestion.state.not_in([*FINAL, *DRAFTING])
    if query.strip():
        found = search(session, query, limit=limit + 1, where=where)
        return [(s, None) for s in found if s.id != item.id][:limit]
    return similar(session, item.title, f"{item.reasons}\n{item.proposals}", exclude_id=item.id,
                   limit=limit, where=where)


def is_possible_main(item: Suggestion, main: Suggestion) -> bool:
    """What the merge page offers: open and sent on by its deputy (a private draft is no main)."""
    return can_be_main(item, main) and main.state not in DRAFTING


def joining(item: Suggestion, main: Suggestion) -> list[str]:
    """Names of the deputies a merge would add to the main item as co-proposers (for the preview)."""
    on_main = {main.author_id, *(c.deputy_id for c in main.cosigners
                                 if c.status in (CoSignerStatus.CONFIRMED, CoSignerStatus.INVITED))}
    people = [item.author, *(c.deputy for c in item.cosigners if c.status == CoSignerStatus.CONFIRMED)]
    return [u.name for u in people if u.id not in on_main]
