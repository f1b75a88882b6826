"""The daily check: each congress's administrators and supervisors get the day's head, and the next
check finds a chain rewritten wholesale since, against the head it showed them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.audit_chain import as_superuser, seal, write_events
from tracker.domain.audit_chain import notices
from tracker.domain.reminders.notices import list_notices
from tracker.extensions import db
from tracker.jobs.audit_chain import check_and_tell
from tracker.models import Outbox
from tracker.tenancy import congress_in_scope, everywhere
from tracker.workflow import Role

DAY = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)


def check(at: datetime) -> list:
    with everywhere():
        return check_and_tell(db.session, now=at, unsealed_after=timedelta(minutes=5))


def test_readers_get_the_head_and_a_rewrite_is_found_the_next_day(make):
    admin, supervisor, deputy = make.user(Role.ADMIN), make.user(Role.SUPERVISOR), make.user(Role.DEPUTY)
    ids = write_events(admin, 4)
    write_events(admin, 1, platform=True)
    seal(expect=5)
    check(DAY)
    rows = db.session.scalars(select(Outbox).where(Outbox.kind == notices.KIND)).all()
    assert sorted(r.recipient_id for r in rows) == sorted([admin.id, supervisor.id])  # not the deputy
    shown = rows[0].payload
    assert shown["ok"] and shown["seq"] == 4 and len(shown["hash"]) == 64 and shown["platform_seq"] == 1
    line = list_notices(db.session, supervisor)[0].text("en")
    assert f"4:{shown['hash']}" in line and "intact" in line
    assert not list_notices(db.session, deputy)

    # Overnight the intruder rewrites a row and every seal after it: the chain is whole again.
    as_superuser("UPDATE audit_event SET reason = '改过' WHERE id = :id", id=ids[0])
    as_superuser("DELETE FROM audit_seal WHERE congress_id = :c", c=congress_in_scope())
    seal(expect=4)
    reports = check(DAY + timedelta(days=1))
    mine = next(r for r in reports if r.congress_id == congress_in_scope())
    assert "differs from the head published earlier" in mine.broken
    latest = list_notices(db.session, admin)[0]
    assert "FAILED" in latest.text("en") and not db.session.get(Outbox, latest.id).payload["ok"]
