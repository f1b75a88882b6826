"""Each piece of work shows once on arrival: a reminder settles what was said before about its deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.factories import at
from tracker.domain.core.notify import settle_repeats
from tracker.domain.deadlines.calendar import CHINA, load_calendar
from tracker.domain.reminders import notices
from tracker.domain.reminders.ladder import step_day
from tracker.extensions import db
from tracker.jobs.deliver import Delivery, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import Deadline, Outbox
from tracker.workflow import DeadlineKind, State


def tick(moment: datetime, tmp_path) -> None:
    """The worker's tick, in process: plan the due ladder steps, deliver them (tracker.jobs)."""
    plan_due(db.session, moment)
    deliver_due(db.session, moment, Delivery(
        mail_url=f"file://{tmp_path / 'mail.log'}", mail_from="t <t@tracker.test>",
        sms_url=f"file://{tmp_path / 'sms.log'}", sms_key="", base_url="http://tracker.test"))
    db.session.expire_all()  # the sender writes on a connection of its own (PostgreSQL)


def unread_about(user, d: Deadline) -> list[Outbox]:
    return [o for o in db.session.scalars(select(Outbox).where(Outbox.recipient_id == user.id,
                                                               Outbox.read_at.is_(None)))
            if o.payload.get("deadline_id") == d.id]


def _sign_for(make):
    w, item = make.item_in(State.ASSIGNED, start=at(2026, 3, 2))
    d = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                 Deadline.kind == DeadlineKind.SIGN_FOR))
    db.session.commit()
    return w, item, d


def _on(d: Deadline, offset: int) -> datetime:
    day = step_day(load_calendar(db.session), d.due_on, offset)
    return datetime.combine(day, datetime.min.time(), CHINA).replace(hour=9).astimezone(UTC)


def test_a_reminder_replaces_the_notice_that_opened_the_work_and_the_reminder_before(make, tmp_path):
    w, item, d = _sign_for(make)
    [opened] = unread_about(w.handler, d)
    assert opened.kind == "deadline_opened"
    for level, offset in ((1, -2), (2, 0)):  # two working days before, then on the due day
        tick(_on(d, offset), tmp_path)
        [left] = unread_about(w.handler, d)  # one piece of work, said once: the newest word on it
        assert left.kind == "reminder" and left.payload["level"] == level
    db.session.refresh(opened)
    assert opened.read_at is not None
    said = [o for o in db.session.scalars(select(Outbox).where(Outbox.recipient_id == w.handler.id))
            if o.payload.get("deadline_id") == d.id]
    assert len(said) == 3  # nothing was deleted: the notice centre still lists all three


def test_the_reminder_is_read_once_the_work_is_done(make, tmp_path):
    from seeds.paths import SIGN, Walker

    w, item, d = _sign_for(make)
    moment = _on(d, 0)
    tick(moment, tmp_path)
    assert [o.kind for o in unread_about(w.handler, d)] == ["reminder"]
    Walker(w, moment + timedelta(hours=1)).play(item, [SIGN])
    db.session.flush()
    assert d.closed_at is not None and unread_about(w.handler, d) == []
    assert notices.unread_count(db.session, w.handler) == len(
        db.session.scalars(select(Outbox).where(Outbox.recipient_id == w.handler.id,
                                                Outbox.read_at.is_(None))).all())


def test_other_people_and_other_deadlines_keep_their_notices(make, tmp_path):
    w, item, d = _sign_for(make)
    late = _on(d, 10)  # past every step: the unit leader and the office hear of it too
    tick(late, tmp_path)
    for person in (w.handler, w.leader, w.office, w.supervisor):
        assert len(unread_about(person, d)) == 1  # each person once, nobody settled for another
    assert settle_repeats(db.session, [item.id], late) == 0  # nothing doubled is left to settle
