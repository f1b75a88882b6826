"""Idempotency-Key on the API's POSTs: a repeat gets the first answer, applied once per caller.

The key is claimed and the answer kept in the action's own transaction (tracker.domain.idempotency):
a refused action leaves no key behind, and two requests with one key run the action once.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import g, jsonify, request
from flask_login import current_user

from tracker.clock import now
from tracker.domain import idempotency
from tracker.extensions import db

HEADER = "Idempotency-Key"


def once(call: Callable[[], dict], schema) -> Callable[[], object]:
    """`call` (the operation's one domain call) wrapped: without the header, as it is; with it,
    the stored answer of the caller's earlier request with that key, or the call with its answer
    kept under the key (`schema` serialises it as the response will be)."""
    key = request.headers.get(HEADER)
    if key is None:
        return call
    token = g.get("api_token")
    caller = idempotency.caller_of(current_user.id, token.id if token is not None else None)
    fingerprint = idempotency.fingerprint(request.method, request.path, request.get_data())

    def guarded():
        stored = idempotency.recall(db.session, caller, key, fingerprint, at=now())
        if stored is not None:
            response = jsonify(stored.body)
            response.status_code = stored.status
            response.headers["Idempotent-Replayed"] = "true"
            return response
        result = call()
        idempotency.remember(db.session, caller, key, fingerprint, 200, schema().dump(result))
        return result
    return guarded
