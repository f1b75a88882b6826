"""Attachments: who may add or remove a file, the limits (size, count, type by content), storage.

A deputy attaches PDF and images to their own suggestion while it is with them (draft or returned);
the handling unit attaches files to the reply it is drafting. Files are kept in the attachment store
(tracker.storage: a folder or an S3 bucket) under their SHA-256, so the same file uploaded twice is
stored once and a name can never be a path.
Every upload and removal is audited; nothing here commits.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from tracker.domain.audit import record
from tracker.domain.authoring.drafts import can_edit
from tracker.domain.core.locking import touch

# of_version is read here by the item pages and tests; it lives beside the versions it lists.
from tracker.domain.core.versions import live_attachments, of_version  # noqa: F401
from tracker.domain.errors import InvalidData, NotAllowedNow, NotYourItem
from tracker.models import Attachment, Reply, Suggestion, User
from tracker.storage import Store, as_store
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction
from tracker.workflow.i18n import N_
from tracker.workflow.statuses import ReplyStatus

FIELD = "attachments"


@dataclass(frozen=True)
class FileType:
    code: str
    mime: str
    extensions: tuple[str, ...]
    magic: tuple[bytes, ...]


# What a file must start with; the extension alone proves nothing.
TYPES = {
    "pdf": FileType("pdf", "application/pdf", ("pdf",), (b"%PDF-",)),
    "jpeg": FileType("jpeg", "image/jpeg", ("jpg", "jpeg"), (b"\xff\xd8\xff",)),
    "png": FileType("png", "image/png", ("png",), (b"\x89PNG\r\n\x1a\n",)),
}


@dataclass(frozen=True)
class Limits:
    """The configured limits; the page states them next to the upload field."""

    max_bytes: int
    max_files: int
    types: tuple[str, ...]

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(config["ATTACHMENT_MAX_BYTES"], config["ATTACHMENT_MAX_FILES"],
                   tuple(config["ATTACHMENT_TYPES"]))

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(ext for code in self.types for ext in TYPES[code].extensions)

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)

    @property
    def size_label(self) -> str:
        if self.max_bytes < 1024 * 1024:
            return f"{self.max_bytes // 1024} KB"
        return f"{self.max_mb} MB"


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Files:
    """Uploads sent with an action, with the limits they are judged by and the store they go to."""

    uploads: list[Upload]
    limits: Limits
    folder: Store | str | Path


def sniff(content: bytes, limits: Limits) -> FileType | None:
    """The allowed type this content really is, judged by its first bytes."""
    return next((TYPES[code] for code in limits.types
                 if any(content.startswith(m) for m in TYPES[code].magic)), None)


def clean_name(filename: str) -> str:
    """The name to show: no folders, no control characters, not too long."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    return name[-255:]


def reply_attachments(session, item: Suggestion) -> dict[int, list[Attachment]]:
    """Attachments of each of the item's replies, by reply id."""
    out: dict[int, list[Attachment]] = {}
    for att in session.scalars(select(Attachment).where(
            Attachment.suggestion_id == item.id, Attachment.reply_id.is_not(None),
            Attachment.removed_at.is_(None)).order_by(Attachment.id)):
        out.setdefault(att.reply_id, []).append(att)
    return out


def drafted_reply(session, item: Suggestion) -> Reply | None:
    """The reply draft waiting for the unit leader's approval, if any."""
    return session.scalar(select(Reply).where(Reply.suggestion_id == item.id,
                                              Reply.status == ReplyStatus.DRAFTED)
                          .order_by(Reply.id.desc()).limit(1))


def check_uploads(uploads: list[Upload], limits: Limits, already: int = 0) -> list[FileType]:
    """Each upload's real type; refuses too many, too large, empty or wrong-type files."""
    if already + len(uploads) > limits.max_files:
        raise InvalidData(
            N_("At most %(max_files)s attachments (%(already)s already attached); please choose fewer files "
               "again."), max_files=limits.max_files, already=already, field=FIELD)
    found = []
    for up in uploads:
        name = clean_name(up.filename)
        if not up.content:
            raise InvalidData(N_("“%(name)s” is empty; please choose the file again."), name=name,
                              field=FIELD)
        if len(up.content) > limits.max_bytes:
            raise InvalidData(
                N_("“%(name)s” is larger than %(size_label)s; please choose the file again."), name=name,
                size_label=limits.size_label, field=FIELD)
        kind = sniff(up.content, limits)
        if kind is None:
            raise InvalidData(
                N_("“%(name)s” is not a PDF, JPEG or PNG file (judged by its content); please choose the "
                   "file again."), name=name, field=FIELD)
        found.append(kind)
    return found


def store(content: bytes, folder: Store | str | Path) -> str:
    """Keep the bytes under their SHA-256 (once) and return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    blobs = as_store(folder)
    # Already there: touching it restarts its grace period, so the sweep
    # (tracker.domain.authoring.file_sweep) cannot take an old unreferenced blob that this send's row
    # is about to name.
    if not blobs.touch(blob_key(digest)):
        blobs.put(blob_key(digest), content)
    return digest


def blob_key(digest: str) -> str:
    """The store's key of a file's bytes: a refused digest can never name another entry."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError("not a SHA-256 hex digest")
    return f"{digest[:2]}/{digest}"


def path_of(folder: str | Path, digest: str) -> Path:
    """Where a local store keeps a file's bytes."""
    return Path(folder).joinpath(*blob_key(digest).split("/"))


def _file_data(att: Attachment) -> dict:
    """What the audit trail keeps of a file added or removed."""
    return {"attachment": att.id, "filename": att.filename, "size": att.size, "sha256": att.sha256,
            **({"reply": att.reply_id} if att.reply_id else {})}


def _add(session, item, actor, role, uploads, limits, folder, at, reply) -> list[Attachment]:
    already = len(live_attachments(session, item, reply))
    kinds = check_uploads(uploads, limits, already)
    added = []
    for up, kind in zip(uploads, kinds, strict=True):
        att = Attachment(suggestion_id=item.id, reply_id=reply.id if reply else None,
                         filename=clean_name(up.filename), mime=kind.mime, size=len(up.content),
                         sha256=store(up.content, folder), uploaded_by_id=actor.id,
                         uploaded_at=at)
        session.add(att)
        session.flush()
        record(session, action=AuditAction.ADD_ATTACHMENT, actor=actor, role=role, at=at, suggestion=item,
               from_state=item.state, to_state=item.state, data=_file_data(att))
        added.append(att)
    session.flush()
    return added


def attach_to_draft(session, item: Suggestion, actor: User, uploads: list[Upload], *,
                    limits: Limits, folder, at: datetime) -> list[Attachment]:
    """The lead deputy attaches files to their suggestion while it is with them."""
    _may_change_draft(item, actor)
    if not uploads:
        return []
    touch(item, at)  # bumps lock_version: an upload racing a review loses cleanly
    return _add(session, item, actor, Role.DEPUTY, uploads, limits, folder, at, None)


def attach_files_to_reply(session, reply: Reply, actor: User, files: Files | None,
                          at: datetime) -> list[Attachment]:
    """The reply effect's files (engine.apply(..., files=)), stored once the reply is written."""
    if files is None:
        return []
    return attach_to_reply(session, reply, actor, files.uploads, limits=files.limits,
                           folder=files.folder, at=at)


def attach_to_reply(session, reply: Reply | None, actor: User, uploads: list[Upload], *,
                    limits: Limits, folder, at: datetime) -> list[Attachment]:
    """The unit's handler attaches files to the reply draft it has just written."""
    if not uploads:
        return []
    if reply is None:
        raise NotAllowedNow(N_("There is no reply draft to attach files to."))
    if actor.unit_id is None or actor.unit_id != reply.unit_id or not actor.has_role(
            Role.UNIT_HANDLER):
        raise NotYourItem(N_("Only a handler of the replying unit can attach files to its reply."))
    if reply.status != ReplyStatus.DRAFTED:
        raise NotAllowedNow(N_("The reply has been issued or returned; no more attachments."))
    item = session.get(Suggestion, reply.suggestion_id)
    touch(item, at)  # the item page lists the reply's files: a page drawn before is stale
    return _add(session, item, actor, Role.UNIT_HANDLER, uploads, limits, folder, at, reply)


def remove_from_draft(session, item: Suggestion, actor: User, attachment_ids: list[int], *,
                      at: datetime) -> list[Attachment]:
    """The lead deputy takes files off their draft; the rows stay for frozen versions and audit."""
    _may_change_draft(item, actor)
    wanted = set(attachment_ids)
    removed = [a for a in live_attachments(session, item) if a.id in wanted]
    if len(removed) != len(wanted):
        raise InvalidData(N_("No such attachment to remove."), field=FIELD)
    for att in removed:
        att.removed_at, att.removed_by_id = at, actor.id
        record(session, action=AuditAction.REMOVE_ATTACHMENT, actor=actor, role=Role.DEPUTY, at=at,
               suggestion=item, from_state=item.state, to_state=item.state, data=_file_data(att))
    if removed:
        touch(item, at)
    session.flush()
    return removed


def _may_change_draft(item: Suggestion, actor: User) -> None:
    if item.author_id != actor.id or not actor.has_role(Role.DEPUTY):
        raise NotYourItem(N_("Only the lead deputy can change this suggestion's attachments."))
    if not can_edit(item, actor):
        raise NotAllowedNow(N_("The draft has been sent on; its attachments cannot change now."))
