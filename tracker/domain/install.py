"""Wires the domain's registrations once per process: the actions' effects and the session and mapper events.

Called by create_app (so the web app, the worker, the CLI and the tests all have them); calling it
again changes nothing. Nothing in the domain registers itself on import.
"""

from __future__ import annotations

from tracker import tenancy
from tracker.domain import generation
from tracker.domain.core import effects
from tracker.domain.deadlines import calendar
from tracker.domain.publication.scrub import public_text
from tracker.domain.reads import search
from tracker.domain.reminders import schedule
from tracker.domain.steps import closing, drafting, handling, registration
from tracker.domain.webhooks import emit as webhooks

EFFECT_MODULES = (closing, drafting, handling, registration)
_done = False  # SQLAlchemy would run a listener registered twice twice: a second app must not


def install() -> None:
    """Register every effect, and the listeners that keep caches, the ledger and the index current."""
    global _done
    if _done:
        return
    _done = True
    tenancy.install_criterion()  # every query of a congress-owned model sees one congress
    effects.install(*EFFECT_MODULES)
    calendar.install()  # a session's cached calendar is dropped when its days change
    generation.install()  # commits that write move the data's token (page cache)
    schedule.install()  # the reminder ledger follows the deadlines
    search.install()  # the search index follows the suggestions' text
    webhooks.PUBLIC_TEXT["scrub"] = public_text  # webhook payloads name items as public pages do
