"""The draft editor's one call: a draft's text and its files saved together, or nothing saved."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.authoring import attachments, drafts
from tracker.domain.authoring.attachments import Files
from tracker.domain.core.locking import ensure_fresh
from tracker.models import Suggestion, User


def sent_before(session, author: User, submission_key: str | None) -> tuple[Suggestion, bool] | None:
    """(the draft an earlier send of the same new-draft page saved, False), or None."""
    earlier = drafts.draft_of_submission(session, author, submission_key) if submission_key else None
    return (earlier, False) if earlier is not None else None


def save_new_draft(session, author: User, data: drafts.DraftInput, files: Files, *, at: datetime,
                   submission_key: str | None = None) -> tuple[Suggestion, bool]:
    """A new draft with the files sent with it; returns (draft, saved now). A second send of the
    same page (its submission_key) returns the draft the first send saved, saving nothing; two
    sends racing each other meet the unique index (the caller answers the loser by `sent_before`)."""
    if earlier := sent_before(session, author, submission_key):
        return earlier
    item = drafts.create_draft(session, author, data, at=at, submission_key=submission_key)
    attachments.attach_to_draft(session, item, author, files.uploads, limits=files.limits,
                                folder=files.folder, at=at)
    return item, True


def save_draft(session, item: Suggestion, author: User, data: drafts.DraftInput, files: Files, *,
               remove: list[int], at: datetime, seen_version: int | None = None) -> list:
    """The draft editor's send: text, removed and added files; returns what changed (empty when
    nothing did). A page drawn before someone else acted is refused first (StalePage)."""
    ensure_fresh(item, seen_version)
    changed = drafts.edit_draft(session, item, author, data, at=at)
    changed += attachments.remove_from_draft(session, item, author, remove, at=at)
    changed += attachments.attach_to_draft(session, item, author, files.uploads, limits=files.limits,
                                           folder=files.folder, at=at)
    return changed
