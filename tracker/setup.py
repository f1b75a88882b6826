"""Reference data every database needs: deadline rules and the official working-day calendar."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.deadlines.rules import seed_rules
from tracker.domain.deadlines.years import seed_calendar
from tracker.extensions import db

FIRST_YEAR = 2004  # the holiday library's first year


def seed_reference(now: datetime) -> None:
    seed_rules(db.session)
    seed_calendar(db.session, range(FIRST_YEAR, now.year + 2), now)


def create_schema(now: datetime) -> None:
    """Tables straight from the models (tests, demo); production upgrades through migrations."""
    db.create_all()
    seed_reference(now)
