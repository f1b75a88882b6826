"""Which congress a task works for: the one that queued it (carried in the message's headers),
else each active congress in turn for the periodic work that beat starts."""

from __future__ import annotations

from collections.abc import Callable

from celery.signals import before_task_publish
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Congress
from tracker.tenancy import ALL_CONGRESSES, congress_in_scope, everywhere, scope

HEADER = "congress_id"


@before_task_publish.connect
def _carry_the_congress(headers=None, **_kwargs) -> None:
    """A task queued from a request (an export, an import) runs for that request's congress."""
    if headers is not None and HEADER not in headers and congress_in_scope() is not None:
        headers[HEADER] = congress_in_scope()


def queued_for(request) -> int | None:
    value = getattr(request, HEADER, None)
    if value is None:
        value = (getattr(request, "headers", None) or {}).get(HEADER)
    return int(value) if value is not None else None


def run_scoped(task, run: Callable[[], object]) -> object:
    """Run a task body within its congress, each congress in turn, or (platform-wide work such
    as the file sweep, whose rows carry their own congress) everywhere."""
    congress_id = queued_for(task.request)
    if congress_id is not None:
        with scope(db.session, congress_id):
            return run()
    if getattr(task, "per_congress", False):
        return merged([_once(c, run) for c in active_congresses()])
    with everywhere():
        return run()


def _once(congress_id: int, run: Callable[[], object]) -> object:
    with scope(db.session, congress_id):
        return run()


def active_congresses() -> list[int]:
    stmt = (select(Congress.id).where(Congress.is_active.is_(True)).order_by(Congress.id)
            .execution_options(**{ALL_CONGRESSES: True}))
    return list(db.session.scalars(stmt))


def merged(results: list) -> object:
    """One result for beat's log: counts added up across the congresses."""
    if results and all(isinstance(r, dict) for r in results):
        keys = {k for r in results for k in r}
        return {k: _sum([r.get(k) for r in results]) for k in keys}
    return _sum(results)


def _sum(values: list) -> object:
    present = [v for v in values if v is not None]
    if all(isinstance(v, int | float) for v in present):
        return sum(present)
    if all(isinstance(v, list) for v in present):
        return [x for v in present for x in v]
    return present
