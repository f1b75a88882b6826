"""Frozen versions of a suggestion: what the deputy sent at each step, with the files attached then.

The engine freezes a version when a drafting row moves the item; attachments read the same queries.
"""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.domain.core.context import Context
from tracker.models import Attachment, Reply, Suggestion, SuggestionVersion


def live_attachments(session, item: Suggestion, reply: Reply | None = None) -> list[Attachment]:
    """The item's own attachments (reply=None) or one reply's, not removed, oldest first."""
    owner = Attachment.reply_id.is_(None) if reply is None else Attachment.reply_id == reply.id
    return list(session.scalars(select(Attachment).where(
        Attachment.suggestion_id == item.id, owner, Attachment.removed_at.is_(None))
        .order_by(Attachment.id)))


def of_version(session, version: SuggestionVersion) -> list[Attachment]:
    """What was attached when the version was frozen: added before it, not removed by then."""
    return [a for a in session.scalars(select(Attachment).where(
        Attachment.suggestion_id == version.suggestion_id, Attachment.reply_id.is_(None),
        Attachment.uploaded_at <= version.frozen_at).order_by(Attachment.id))
        if a.removed_at is None or a.removed_at > version.frozen_at]


def latest_version(ctx: Context) -> SuggestionVersion | None:
    return ctx.session.scalar(
        select(SuggestionVersion).where(SuggestionVersion.suggestion_id == ctx.item.id)
        .order_by(SuggestionVersion.number.desc()).limit(1))


def freeze_version(ctx: Context) -> SuggestionVersion | None:
    """Freeze what the deputy sends, unless it is word for word the last frozen version."""
    item, last = ctx.item, latest_version(ctx)
    if last and (last.title, last.reasons, last.proposals, last.category_id,
                 last.original_lang, last.original_text) == (
            item.title, item.reasons, item.proposals, item.category_id,
            item.original_lang, item.original_text) and _same_files(ctx, last):
        return last
    number = (ctx.session.scalar(select(func.max(SuggestionVersion.number))
                                 .where(SuggestionVersion.suggestion_id == item.id)) or 0) + 1
    version = SuggestionVersion(suggestion_id=item.id, number=number, title=item.title,
                                reasons=item.reasons, proposals=item.proposals, origin=item.origin,
                                original_lang=item.original_lang,
                                original_text=item.original_text,
                                category_id=item.category_id, layer=ctx.row.target,
                                frozen_at=ctx.at, frozen_by_id=ctx.actor.id)
    ctx.session.add(version)
    ctx.audit_data["version"] = number
    return version


def _same_files(ctx: Context, last: SuggestionVersion) -> bool:
    """A version lists the attachments live when it was frozen; a changed set needs a new one."""
    return ({a.id for a in of_version(ctx.session, last)}
            == {a.id for a in live_attachments(ctx.session, ctx.item)})
