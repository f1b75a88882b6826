"""The app's notion of "now": real time, or a moment pinned by configuration for tests and demos.

The web app and the worker processes both read TRACKER_CLOCK_NOW (or the app's CLOCK_NOW), so a
test can move time for a separate process without sleeping.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    pinned = os.environ.get("TRACKER_CLOCK_NOW", "")
    try:
        from flask import current_app

        pinned = current_app.config.get("CLOCK_NOW") or pinned
    except RuntimeError:
        pass
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
