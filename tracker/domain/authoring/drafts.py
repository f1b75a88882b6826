"""Writing a draft before the workflow takes it: `create_draft` and `edit_draft`, both audited.

These are the only changes to a suggestion outside `engine.apply`; they never change its state,
so they are not rows of the table, but they leave the same audit trail. Flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.core.context import Context
from tracker.domain.core.deadlines import close_deadlines, open_deadlines
from tracker.domain.core.locking import ensure_fresh, touch  # noqa: F401  (drafts.ensure_fresh)
from tracker.domain.errors import InvalidData, NotAllowedNow, NotYourItem, RoleNotHeld
from tracker.domain.people.terms import in_office, refuse_out_of_office
from tracker.models import AuditEvent, Category, CongressSession, HandlingUnit, Suggestion, User
from tracker.workflow import DRAFTING, Channel, DeadlineKind, Role, State
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_

EDITABLE = ("title", "reasons", "proposals", "origin", "category_id", "channel", "session_id",
            "proposed_unit_id", "original_lang", "original_text")
# Languages a deputy may write the original text in (Qinghai): code -> (zh, en, HTML lang, dir).
ORIGINAL_LANGUAGES = {  # code: (name msgid, HTML lang tag, direction)
    "bo": (N_("Tibetan"), "bo", "ltr"),
    "mn": (N_("Mongolian"), "mn-Mong", "ltr"),
    "ug": (N_("Uyghur"), "ug", "rtl"),
    "other": (N_("language|Other"), "und", "auto"),
}


@dataclass
class DraftInput:
    """What a deputy types into a draft; the form checks its shape, this module its sense."""

    title: str
    reasons: str
    proposals: str
    channel: Channel
    session_id: int | None = None
    category_id: int | None = None
    proposed_unit_id: int | None = None
    origin: str = ""
    original_lang: str | None = None
    original_text: str = ""


def can_edit(item: Suggestion, actor: User) -> bool:
    """The lead deputy edits their own draft while it is with them (draft or returned)."""
    return (actor.has_role(Role.DEPUTY) and item.author_id == actor.id
            and item.state in DRAFTING and in_office(actor))


def _check(session, data: DraftInput) -> dict:
    values = {name: getattr(data, name) for name in EDITABLE}
    for name in ("title", "reasons", "proposals", "origin", "original_text"):
        values[name] = (values[name] or "").strip()
    if not values["title"]:
        raise InvalidData(N_("A title is required."), field="title")
    values["original_lang"] = values["original_lang"] or None
    if values["original_lang"] not in (None, *ORIGINAL_LANGUAGES):
        raise InvalidData(N_("Invalid choice."), field="original_lang")
    if values["original_text"] and values["original_lang"] is None:
        raise InvalidData(N_("Choose the language of the original text."),
                          field="original_lang")
    if not values["original_text"]:
        values["original_lang"] = None
    values["channel"] = Channel(values["channel"])
    if values["channel"] is Channel.SESSION:
        # A session suggestion is numbered and timed by its session (DOMAIN §2).
        if values["session_id"] is None or session.get(CongressSession, values["session_id"]) \
                is None:
            raise InvalidData(N_("A session suggestion needs its congress session."),
                              field="session_id")
    else:
        values["session_id"] = None
    for name, model in (("category_id", Category), ("proposed_unit_id", HandlingUnit)):
        if values[name] is not None and session.get(model, values[name]) is None:
            raise InvalidData(N_("Invalid choice."), field=name)
    return values


def create_draft(session, author: User, data: DraftInput, *, at: datetime,
                 submission_key: str | None = None) -> Suggestion:
    """A new suggestion in draft, written by a deputy; audited as 'create_draft'.

    `submission_key` is the new-draft page's own random key: when a draft of this author already
    carries it, the page was sent twice and that draft is returned unchanged. Two sends racing
    each other meet the unique index instead (see `draft_of_submission`).
    """
    if not author.has_role(Role.DEPUTY):
        raise RoleNotHeld(N_("Only deputies can draft suggestions."))
    refuse_out_of_office(author)
    if submission_key and (earlier := draft_of_submission(session, author, submission_key)):
        return earlier
    values = _check(session, data)
    item = Suggestion(author_id=author.id, state=State.DRAFT, submission_key=submission_key or None,
                      **values)
    return start_draft(session, item, author, at=at)


def draft_of_submission(session, author: User, submission_key: str) -> Suggestion | None:
    """The draft an earlier send of the same new-draft page created, if any."""
    return session.scalar(select(Suggestion).where(Suggestion.author_id == author.id,
                                                   Suggestion.submission_key == submission_key))


def start_draft(session, item: Suggestion, author: User, *, at: datetime) -> Suggestion:
    """Store a checked new draft: its creation is audited and a session draft gets its deadline."""
    item.created_at = item.updated_at = at
    session.add(item)
    session.flush()
    event = record(session, action=AuditAction.CREATE_DRAFT, actor=author, role=Role.DEPUTY, at=at,
                   suggestion=item, to_state=item.state, data={"title": item.title})
    _bind_to_session(session, item, author, at, event)
    return item


def _bind_to_session(session, item: Suggestion, actor: User, at: datetime,
                     event: AuditEvent) -> None:
    """A session draft owes its session's pre-submission deadline; a between-session one nothing."""
    ctx = Context(session, item, actor, Role.DEPUTY, at)
    close_deadlines(ctx, (DeadlineKind.PRE_SUBMISSION,), event.id)
    if item.channel is Channel.SESSION and item.state is State.DRAFT:
        open_deadlines(ctx, (DeadlineKind.PRE_SUBMISSION,), event.id)


def edit_draft(session, item: Suggestion, actor: User, data: DraftInput, *,
               at: datetime) -> list[str]:
    """Change the own draft while it is with the deputy; returns the changed field names."""
    if item.author_id != actor.id or not actor.has_role(Role.DEPUTY):
        raise NotYourItem(N_("Only the lead deputy can edit this draft."))
    if item.state not in DRAFTING:
        raise NotAllowedNow(N_("The draft has been sent on and cannot be edited now."))
    refuse_out_of_office(actor)
    values = _check(session, data)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if item.state is not State.DRAFT and {"channel", "session_id"} & set(changed):
        # Once reviewed, the channel has chosen the layers; switching it would skip them.
        raise InvalidData(N_("The channel cannot change once the draft has been reviewed."),
                          field="channel")
    if not changed:
        return []
    for name in changed:
        setattr(item, name, values[name])
    touch(item, at)  # bumps lock_version: an edit racing a review loses cleanly
    event = record(session, action=AuditAction.EDIT_DRAFT, actor=actor, role=Role.DEPUTY, at=at,
                   suggestion=item, from_state=item.state, to_state=item.state, data={"changed": changed})
    if {"channel", "session_id"} & set(changed):
        _bind_to_session(session, item, actor, at, event)
    return changed
