"""The draft editor's one call: a draft's text and its files saved together, or nothing saved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from tracker.domain.authoring import attachments, drafts
from tracker.domain.authoring.attachments import Files
from tracker.domain.core.locking import ensure_fresh
from tracker.models import Suggestion, User


def save_new_draft(session, author: User, data: drafts.DraftInput, files: Files, *, at: datetime,
                   submission_key: str | None = None) -> tuple[Suggestion, bool]:
    """A new draft with the files sent with it; returns (draft, saved now). A second send of the
    same page (its submission_key) returns the draft the first send saved, saving nothing."""
    if submission_key and (earlier := drafts.draft_of_submission(session, author, submission_key)):
        return earlier, False
    try:
        item = drafts.create_draft(session, author, data, at=at, submission_key=submission_key)
    except IntegrityError:
        # The same page's other send won the race to the unique submission key: this send has
        # nothing to keep (a savepoint would commit on SQLite, whose driver opens none before it).
        session.rollback()
        earlier = drafts.draft_of_submission(session, author, submission_key) if submission_key else None
        if earlier is None:
            raise
        return earlier, False
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
