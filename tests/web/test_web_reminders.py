"""Reminder pages: access, hours and ladder forms (audited, input kept), test mail, ledger, notices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.helpers import text
from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.reminders.ladder import ladder_for, step_day
from tracker.extensions import db
from tracker.jobs.deliver import Delivery, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import AuditEvent, Deadline, ReminderPreference, ReminderSetting
from tracker.models.reminder import Audience
from tracker.workflow import DeadlineKind, State

PAGES = ["/admin/reminders", "/admin/reminders/ladder/reply"]


@pytest.mark.parametrize("url", PAGES)
def test_only_the_administrator_opens_the_reminder_pages(auth, world, url):
    assert auth.as_(world.admin).get(url).status_code == 200
    for person in (world.office, world.deputy, world.supervisor, world.handler):
        assert auth.as_(person).get(url).status_code == 403


def test_unknown_or_window_kinds_are_404(auth, world):
    admin = auth.as_(world.admin)
    assert admin.get("/admin/reminders/ladder/nonsense").status_code == 404
    assert admin.get("/admin/reminders/ladder/reassignment_window").status_code == 404


def test_hours_are_saved_and_audited_and_bad_hours_keep_the_input(auth, world):
    admin = auth.as_(world.admin)
    bad = admin.post("/admin/reminders", data={"hours-day_starts": "18:00", "hours-day_ends": "08:00"})
    assert bad.status_code == 400 and 'value="18:00"' in text(bad)
    bad = admin.post("/admin/reminders", data={"hours-day_starts": "8h", "hours-day_ends": "18:00"})
    assert bad.status_code == 400 and 'value="8h"' in text(bad)
    ok = admin.post("/admin/reminders", data={"hours-day_starts": "09:00", "hours-day_ends": "17:30"})
    assert ok.status_code == 302
    row = db.session.scalar(select(ReminderSetting))
    assert (row.quiet_hours, row.day_starts, row.day_ends) == (False, "09:00", "17:30")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_reminder_hours")) is not None


def test_ladder_edit_is_checked_saved_audited_and_reset(auth, world):
    admin = auth.as_(world.admin)
    data = {"steps-0-audience": "owner", "steps-0-offset": "-3", "steps-0-key_offset": "-4",
            "steps-1-audience": "office", "steps-1-offset": "-5"}  # out of order
    bad = admin.post("/admin/reminders/ladder/reply", data=data)
    assert bad.status_code == 400 and 'value="-5"' in text(bad)
    data["steps-1-offset"] = "2"
    assert admin.post("/admin/reminders/ladder/reply", data=data).status_code == 302
    steps = ladder_for(db.session, DeadlineKind.REPLY)
    assert [(s.offset, s.key_offset, s.audience) for s in steps] == [(-3, -4, Audience.OWNER),
                                                                     (2, 2, Audience.OFFICE)]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_reminder_ladder"))
    assert admin.post("/admin/reminders/ladder/reply/reset").status_code == 302
    assert len(ladder_for(db.session, DeadlineKind.REPLY)) == 6


def test_test_email_goes_to_the_mail_log_and_a_bad_address_is_refused(auth, world, app, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", f"file://{tmp_path / 'mail.log'}")
    admin = auth.as_(world.admin)
    bad = admin.post("/admin/reminders/test-email", data={"mail-to": "not an address"})
    assert bad.status_code == 400 and 'value="not an address"' in text(bad)
    assert admin.post("/admin/reminders/test-email", data={"mail-to": "ops@example.test"}).status_code == 302
    assert "To: ops@example.test" in (tmp_path / "mail.log").read_text()
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://127.0.0.1:9")
    page = admin.post("/admin/reminders/test-email", data={"mail-to": "ops@example.test"},
                      follow_redirects=True)
    assert "SMTP" in text(page)
    tries = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "send_test_email")).all()
    assert len(tries) == 2


def test_the_ledger_and_the_notice_centre_show_reminders(auth, world, item_in, tmp_path):
    item = item_in(State.IN_HANDLING)
    d = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                 Deadline.kind == DeadlineKind.REPLY))
    day = step_day(load_calendar(db.session), d.due_on, 2)
    from tests.domain.test_reminders import china
    moment = china(day.year, day.month, day.day, 9)
    plan_due(db.session, moment)
    deliver_due(db.session, moment, Delivery(f"file://{tmp_path}/m.log", "t <t@t.test>", f"file://{tmp_path}/s.log",
                                             "", "http://x", timedelta(minutes=5)))
    page = text(auth.as_(world.admin).get(f"/items/{item.id}/reminders"))
    assert world.leader.name in page and 'data-status="sent"' in page
    assert auth.as_(world.deputy).get(f"/items/{item.id}/reminders").status_code == 403
    notices_page = text(auth.as_(world.leader).get("/notices"))
    assert "kind-reminder" in notices_page and "请督促办理" in notices_page
    assert 'id="reminder-ledger-link"' in text(auth.as_(world.office).get(f"/items/{item.id}"))


def test_people_choose_their_channels(auth, world):
    client = auth.as_(world.handler)
    saved = client.post("/settings/notifications", data={"delivery": "digest", "by_email": "y"})
    assert saved.status_code == 302
    pref = db.session.get(ReminderPreference, world.handler.id)
    assert (pref.by_email, pref.by_sms) == (True, False)
    db.session.refresh(world.handler)
    assert world.handler.notify_digest is True
