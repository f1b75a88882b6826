"""Checking the attachment store against the database: every attachment row's bytes are there and
still hash to the SHA-256 the row records (after a restore, a migration to a bucket, or any doubt)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select

from tracker.domain.authoring.attachments import blob_key
from tracker.models import Attachment
from tracker.storage import Store
from tracker.tenancy import ALL_CONGRESSES

CHUNK = 1024 * 1024


@dataclass
class FileCheck:
    """The outcome: how many distinct files were read, which are missing, which do not match."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def digest_of(store: Store, key: str) -> str:
    """The SHA-256 of the stored bytes, read in chunks (a bucket's object streams)."""
    hashed = hashlib.sha256()
    with store.open(key) as stream:
        while chunk := stream.read(CHUNK):
            hashed.update(chunk)
    return hashed.hexdigest()


def verify_attachments(session, store: Store) -> FileCheck:
    """Read back every file that an attachment row of any congress names (removed ones too: frozen
    versions and the audit trail still point at them)."""
    out = FileCheck()
    wanted = session.scalars(select(Attachment.sha256).distinct().order_by(Attachment.sha256)
                             .execution_options(**{ALL_CONGRESSES: True}))
    for sha in wanted:
        out.checked += 1
        try:
            found = digest_of(store, blob_key(sha))
        except FileNotFoundError:
            out.missing.append(sha)
            continue
        if found != sha:
            out.altered.append(sha)
    return out
