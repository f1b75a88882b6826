"""Reminders without Celery: the ladder for every kind, escalation, quiet hours, the ledger's guarantees."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.deadlines.calendar import CHINA, load_calendar
from tracker.domain.reminders.hours import Hours
from tracker.domain.reminders.ladder import default_ladder, ladder_for, step_day
from tracker.extensions import db
from tracker.jobs.deliver import Delivery, claim, deliver_digests, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import Deadline, Outbox, Reminder, ReminderSchedule
from tracker.models.reminder import Audience, ReminderStatus, Via
from tracker.workflow import DEADLINE_SPEC, DeadlineKind, Owner, State

A = Audience
ESCALATES_TO = {
    Owner.UNIT: [A.UNIT_LEADER, A.OFFICE, A.SUPERVISORS],
    Owner.UNIT_LEADER: [A.OFFICE, A.SUPERVISORS],
    Owner.REVIEWER: [A.OFFICE, A.SUPERVISORS],
    Owner.OFFICE: [A.SUPERVISORS],
    Owner.DEPUTY: [A.OFFICE],
    Owner.COSIGNER: [A.OFFICE],
    Owner.SUPERVISOR: [],
}


def conf(tmp_path, mail_url=None) -> Delivery:
    return Delivery(mail_url=mail_url or f"file://{tmp_path / 'mail.log'}", mail_from="t <t@tracker.test>",
                    sms_url=f"file://{tmp_path / 'sms.log'}", sms_key="", base_url="http://tracker.test",
                    lease=timedelta(minutes=5), batch=50)


def china(y, m, d, h=9, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=CHINA).astimezone(UTC)


@pytest.mark.parametrize("kind", list(DeadlineKind))
def test_every_deadline_kind_has_its_ladder(kind):
    spec, steps = DEADLINE_SPEC[kind], default_ladder(kind)
    if spec.is_window:
        assert steps == []  # nobody owes a window
        return
    before, on_day, after = ([s for s in steps if s.offset < 0], [s for s in steps if s.offset == 0],
                             [s for s in steps if s.offset > 0])
    assert before and all(s.audience is A.OWNER for s in before)
    assert on_day and all(s.audience is A.OWNER for s in on_day)
    escalation = [s.audience for s in after if s.audience is not A.OWNER]
    assert escalation == ESCALATES_TO[spec.owner]
    assert all(s.key_offset <= s.offset for s in steps)
    assert [s.offset for s in steps] == sorted(s.offset for s in steps)
    if escalation and spec.owner not in (Owner.DEPUTY, Owner.COSIGNER):
        assert any(s.key_offset < s.offset for s in after)  # key items escalate sooner


def test_quiet_hours_wait_for_the_next_working_morning(ctx):
    cal, hours = load_calendar(db.session), Hours(True, *(datetime.strptime(t, "%H:%M").time()
                                                           for t in ("08:30", "18:00")))
    assert hours.next_open(cal, china(2026, 10, 3, 10)) == china(2026, 10, 8, 8, 30)  # National Day
    assert hours.next_open(cal, china(2026, 10, 10, 10)) == china(2026, 10, 10, 10)  # make-up Saturday
    assert hours.next_open(cal, china(2026, 10, 9, 23)) == china(2026, 10, 10, 8, 30)
    assert hours.next_open(cal, china(2026, 10, 12, 7)) == china(2026, 10, 12, 8, 30)
    assert step_day(cal, date(2026, 10, 9), -2) == date(2026, 9, 30)  # counts back over the holiday
    assert step_day(cal, date(2026, 9, 30), 1) == date(2026, 10, 8)


def _reply_deadline(make):
    w, item = make.item_in(State.IN_HANDLING, start=at(2026, 3, 2))
    d = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                 Deadline.kind == DeadlineKind.REPLY,
                                                 Deadline.closed_at.is_(None)))
    for other in db.session.scalars(select(Deadline).where(Deadline.id != d.id,
                                                           Deadline.closed_at.is_(None))):
        other.closed_at = at(2026, 3, 3)  # one deadline at a time, so counts are about it alone
    db.session.commit()
    return w, item, d


def _sent(d, **where):
    db.session.expire_all()  # the sender writes on a connection of its own (PostgreSQL)
    q = select(Reminder).where(Reminder.deadline_id == d.id)
    for k, v in where.items():
        q = q.where(getattr(Reminder, k) == v)
    return db.session.scalars(q.order_by(Reminder.level, Reminder.recipient_id)).all()


def test_each_ladder_step_reaches_its_people_once(make, tmp_path):
    w, item, d = _reply_deadline(make)
    cal, c = load_calendar(db.session), conf(tmp_path)
    expected = {1: {w.handler.id}, 2: {w.handler.id}, 3: {w.handler.id}, 4: {w.leader.id},
                5: {w.office.id}, 6: {w.supervisor.id}}
    for step in ladder_for(db.session, d.kind):
        moment = datetime.combine(step_day(cal, d.due_on, step.offset), datetime.min.time(),
                                  CHINA).replace(hour=9).astimezone(UTC)
        for _ in range(2):  # a second tick at the same moment adds nothing
            plan_due(db.session, moment)
            deliver_due(db.session, moment, c)
        rows = _sent(d, level=step.level, via=Via.INAPP)
        assert {r.recipient_id for r in rows} == expected[step.level]
        assert all(r.status is ReminderStatus.SENT for r in rows)
    inapp = [o for o in db.session.scalars(select(Outbox).where(Outbox.kind == "reminder"))
             if o.payload["deadline_id"] == d.id]
    assert len(inapp) == sum(len(v) for v in expected.values())
    assert len({o.payload["reminder_id"] for o in inapp}) == len(inapp)
    mails = (tmp_path / "mail.log").read_text()
    for r in _sent(d, via=Via.EMAIL):
        assert mails.count(f"Message-ID: <{r.message_id}@") == 1
    assert len(_sent(d, via=Via.EMAIL)) == len(inapp)
    assert f"http://tracker.test/c/chengdong/items/{item.id}" in mails  # by way of its congress


def test_key_items_escalate_sooner(make, tmp_path):
    w, item, d = _reply_deadline(make)
    item.is_key = True
    db.session.commit()
    cal = load_calendar(db.session)
    moment = china(*step_day(cal, d.due_on, 1).timetuple()[:3], 9)
    plan_due(db.session, moment)
    assert {r.audience for r in _sent(d)} == {A.OWNER, A.UNIT_LEADER}  # a normal item: owner only


def test_marking_an_item_key_brings_its_next_step_forward(make, tmp_path):
    w, item, d = _reply_deadline(make)
    cal = load_calendar(db.session)
    day_after = china(*step_day(cal, d.due_on, 1).timetuple()[:3], 9)
    plan_due(db.session, day_after)  # normal item: the unit leader's step is a day later
    assert db.session.get(ReminderSchedule, d.id).next_level == 4
    item.is_key = True
    db.session.commit()
    plan_due(db.session, day_after)
    assert A.UNIT_LEADER in {r.audience for r in _sent(d)}


def test_planning_late_sends_escalations_but_not_stale_early_notices(make, tmp_path):
    w, item, d = _reply_deadline(make)
    plan_due(db.session, china(*(d.due_on + timedelta(days=40)).timetuple()[:3], 9))
    assert [r.level for r in _sent(d, via=Via.INAPP)] == [3, 4, 5, 6]
    assert db.session.get(ReminderSchedule, d.id).next_at is None


def test_nothing_goes_out_at_night_and_closing_cancels_what_waits(make, tmp_path):
    w, item, d = _reply_deadline(make)
    night = china(*d.due_on.timetuple()[:3], 22)
    plan_due(db.session, night)
    assert deliver_due(db.session, night, conf(tmp_path)) == 0
    rows = _sent(d)
    assert rows and all(r.status is ReminderStatus.PENDING for r in rows)
    assert all(r.due_at == china(*(d.due_on + timedelta(days=1)).timetuple()[:3], 8, 30) for r in rows)
    d.closed_at = night
    db.session.commit()
    assert {r.status for r in _sent(d)} == {ReminderStatus.CANCELLED}
    assert db.session.get(ReminderSchedule, d.id) is None


def test_a_lease_keeps_others_off_until_it_expires(make, tmp_path):
    w, item, d = _reply_deadline(make)
    moment = china(*d.due_on.timetuple()[:3], 9)
    plan_due(db.session, moment)
    c = conf(tmp_path)
    token, rows = claim(db.session, moment, c)
    assert rows
    assert claim(db.session, moment, c)[1] == []  # leased
    token2, again = claim(db.session, moment + timedelta(minutes=6), c)  # the first worker died
    assert {r.id for r in again} == {r.id for r in rows}
    from tracker.jobs.deliver import deliver_inapp
    assert deliver_inapp(db.session, token, [r for r in rows if r.via is Via.INAPP], moment) == 0
    assert deliver_inapp(db.session, token2, [r for r in again if r.via is Via.INAPP], moment) == 1
    assert db.session.scalar(select(func.count()).select_from(Outbox).where(Outbox.kind == "reminder")) == 1


def test_mail_down_then_up_delivers_everything_once(make, tmp_path):
    w, item, d = _reply_deadline(make)
    moment = china(*d.due_on.timetuple()[:3], 9)
    plan_due(db.session, moment)
    deliver_due(db.session, moment, conf(tmp_path, "smtp://127.0.0.1:9"))  # nothing listens there
    mail = _sent(d, via=Via.EMAIL)
    assert mail and all(r.status is ReminderStatus.PENDING and r.failures == 1 for r in mail)
    assert "SMTP" in mail[0].last_error
    assert deliver_due(db.session, moment + timedelta(seconds=30), conf(tmp_path)) == 0  # backing off
    deliver_due(db.session, moment + timedelta(minutes=2), conf(tmp_path))
    assert {r.status for r in _sent(d, via=Via.EMAIL)} == {ReminderStatus.SENT}
    assert (tmp_path / "mail.log").read_text().count("Message-ID: <reminder-") == len(mail)


def test_digest_people_get_one_mail_a_working_day(make, tmp_path):
    w, item, d = _reply_deadline(make)
    w.handler.notify_digest = True
    db.session.commit()
    c = conf(tmp_path)
    for offset in (-2, 0):
        moment = china(*step_day(load_calendar(db.session), d.due_on, offset).timetuple()[:3], 9)
        plan_due(db.session, moment)
        deliver_due(db.session, moment, c)
    assert not (tmp_path / "mail.log").exists()  # waiting for the digest
    assert len(_sent(d, via=Via.INAPP, status=ReminderStatus.SENT)) == 2  # the notice centre at once
    next_morning = china(*(d.due_on + timedelta(days=1)).timetuple()[:3], 8, 30)
    while not load_calendar(db.session).is_workday(next_morning.astimezone(CHINA).date()):
        next_morning += timedelta(days=1)
    assert deliver_digests(db.session, next_morning, c) == 2
    assert (tmp_path / "mail.log").read_text().count("Message-ID: <digest-") == 1


def test_an_extension_restarts_the_ladder_for_the_new_date(make, tmp_path):
    w, item, d = _reply_deadline(make)
    night = china(*d.due_on.timetuple()[:3], 22)
    plan_due(db.session, night)
    d.due_on = d.due_on + timedelta(days=30)
    db.session.commit()
    assert {r.status for r in _sent(d)} == {ReminderStatus.CANCELLED}
    assert db.session.get(ReminderSchedule, d.id).next_level == 1


def test_a_refused_address_is_skipped_and_the_others_still_go(make, tmp_path):
    from aiosmtpd.controller import Controller

    class Picky:
        received: list = []

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.endswith("@refused.test"):
                return "550 no such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            self.received.append(envelope.rcpt_tos[0])
            return "250 OK"

    w, item, d = _reply_deadline(make)
    w.handler.email = "handler@refused.test"
    db.session.commit()
    handler = Picky()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        moment = china(*step_day(load_calendar(db.session), d.due_on, 2).timetuple()[:3], 9)
        plan_due(db.session, moment)
        deliver_due(db.session, moment, conf(tmp_path, f"smtp://127.0.0.1:{controller.port}"))
    finally:
        controller.stop()
    by_person = {r.recipient_id: r for r in _sent(d, via=Via.EMAIL)}
    assert by_person[w.handler.id].status is ReminderStatus.SKIPPED
    assert "refused" in by_person[w.handler.id].last_error
    assert by_person[w.leader.id].status is ReminderStatus.SENT
    assert handler.received == [w.leader.email]


def test_sms_gateway_down_then_up(make, tmp_path):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    w, item, d = _reply_deadline(make)
    w.handler.phone = "13800000001"
    db.session.commit()
    port = _free_port()
    c = conf(tmp_path)
    c.sms_url = f"http://127.0.0.1:{port}/send"
    moment = china(*d.due_on.timetuple()[:3], 9)
    plan_due(db.session, moment)
    deliver_due(db.session, moment, c)
    sms = _sent(d, via=Via.SMS)
    assert len(sms) == 1 and sms[0].status is ReminderStatus.PENDING and sms[0].failures == 1
    server = ThreadingHTTPServer(("127.0.0.1", port), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        deliver_due(db.session, moment + timedelta(minutes=2), c)
    finally:
        server.shutdown()
        server.server_close()
    assert _sent(d, via=Via.SMS)[0].status is ReminderStatus.SENT
    assert [m["id"] for m in received] == [sms[0].message_id]
    assert "今天" in received[0]["text"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
