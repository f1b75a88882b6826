"""Idempotency keys of the API: a retried request gets the first one's response, never a second action.

The API layer, per request carrying an Idempotency-Key header:
    stored = recall(session, caller, key, fingerprint(method, path, body))
    if stored: answer stored.status, stored.body (a replay; nothing runs)
    else: the action, then remember(session, caller, key, status, body), committed together.
`recall` claims the key in the request's transaction, so a refused action (rolled back) leaves no
key behind, and a concurrent request with the same key waits for the first one's commit
(PostgreSQL: the claim's INSERT waits on the unique key) and replays its response.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.clock import now
from tracker.domain.errors import InvalidData, KeyInProgress, KeyReused
from tracker.domain.reminders.plan import insert_if_absent
from tracker.models import IdempotencyKey
from tracker.tenancy import current_congress_id
from tracker.workflow.i18n import N_

KEEP = timedelta(hours=24)  # a retry later than this is a new request
MAX_KEY = 255
KEYS = ["congress_id", "caller", "key"]


@dataclass(frozen=True)
class Stored:
    """The response the first request with the key got."""

    status: int
    body: dict


def fingerprint(method: str, path: str, body: bytes) -> str:
    """SHA-256 of the request: the same key with another method, path or body is another request."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)  # lengths first: no two splits collide
    return digest.hexdigest()


def caller_of(user_id: int, token_id: int | None = None) -> str:
    """Whose keys: one API token's, or a signed-in user's session's."""
    return f"user:{user_id}:token:{token_id}" if token_id is not None else f"user:{user_id}:session"


def _checked(key) -> str:
    if not isinstance(key, str) or not 0 < len(key) <= MAX_KEY or not key.isascii() \
            or not key.isprintable():
        raise InvalidData(N_("The idempotency key must be 1 to 255 printable ASCII characters."),
                          field="Idempotency-Key")
    return key


def _find(session, caller: str, key: str) -> IdempotencyKey | None:
    return session.scalar(select(IdempotencyKey).where(IdempotencyKey.caller == caller,
                                                       IdempotencyKey.key == key)
                          .execution_options(populate_existing=True))


def recall(session, caller: str, key: str, fingerprint: str, *, at: datetime | None = None) -> Stored | None:
    """The response stored for this caller's key, or None once the key is claimed for this request.

    Raises KeyReused (422) for the same key with a different fingerprint, KeyInProgress (409) while
    the first request with it has not stored its response, InvalidData for a malformed key."""
    key = _checked(key)
    found = _find(session, caller, key)
    if found is None:
        claimed = insert_if_absent(session, IdempotencyKey, {
            "caller": caller, "key": key, "fingerprint": fingerprint, "created_at": at or now(),
            "congress_id": current_congress_id()}, KEYS)
        if claimed:
            return None
        found = _find(session, caller, key)  # the other request's, committed meanwhile
    if found.fingerprint != fingerprint:
        raise KeyReused()
    if found.status is None:
        raise KeyInProgress()
    return Stored(found.status, found.body)


def remember(session, caller: str, key: str, fingerprint: str, status: int, body: dict) -> None:
    """Keep the response of the request that claimed the key (`recall` returned None), in the same
    transaction as its action: both are committed, or neither."""
    found = _find(session, caller, _checked(key))
    if found is None or found.fingerprint != fingerprint or found.status is not None:
        raise RuntimeError("remember() without recall() having claimed the key in this transaction")
    found.status, found.body = status, body
    session.flush()


def prune(session, older_than: datetime) -> int:
    """Forget the keys claimed before `older_than` (the beat task: those older than KEEP)."""
    return session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < older_than)).rowcount
