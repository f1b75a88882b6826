"""The daily check: each congress's administrators and supervisors get the day's head, and the next
check finds a chain rewritten wholesale since, against the head it showed them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tests.audit_chain import as_superuser, seal, write_events
from tracker.domain.audit_chain import notices
from tracker.domain.deadlines.calendar import CHINA, load_calendar
from tracker.domain.reminders.ladder import step_day
from tracker.domain.reminders.notices import list_notices
from tracker.extensions import db
from tracker.jobs.audit_chain import check_and_tell
from tracker.jobs.deliver import deliver_digests, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import AuditEvent, Outbox, UserRole
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


def test_the_head_closes_the_digest_mail_of_a_reader(make, tmp_path):
    from tests.domain.test_reminders import _reply_deadline, china, conf  # the reminders' own set-up

    w, item, d = _reply_deadline(make)
    w.handler.notify_digest = True
    w.handler.role_rows.append(UserRole(role=Role.SUPERVISOR))  # a reader of the chain's notices too
    db.session.commit()
    c = conf(tmp_path)
    moment = china(*step_day(load_calendar(db.session), d.due_on, 0).timetuple()[:3], 9)
    plan_due(db.session, moment)
    deliver_due(db.session, moment, c)
    seal(expect=db.session.scalar(select(func.count(AuditEvent.id))))
    morning = china(*(d.due_on + timedelta(days=1)).timetuple()[:3], 8, 30)
    while not load_calendar(db.session).is_workday(morning.astimezone(CHINA).date()):
        morning += timedelta(days=1)
    check(morning - timedelta(hours=1))
    head = db.session.scalar(select(Outbox.payload).where(Outbox.kind == notices.KIND,
                                                          Outbox.recipient_id == w.handler.id))
    assert deliver_digests(db.session, morning, c) >= 1
    mail = (tmp_path / "mail.log").read_text()
    assert f"当日链头为 {head['seq']}:{head['hash']}" in mail  # in the reader's language
