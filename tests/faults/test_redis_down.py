"""Redis down: pages are still served (the shared cache and the login throttle's counts are skipped),
reminders wait in the database, and go out once Redis is back, each once."""

from __future__ import annotations

import time
from datetime import date

import requests

from tests.app_server import AppServer, world_with_passwords
from tests.faults.services import redis_running_again, redis_start, redis_stop
from tests.web.helpers import PASSWORD
from tests.workers.test_reminder_worker import (
    assert_each_once,
    due_deadlines,
    rows,
    settled,
    start,
    wait_for,
    worker,
)
from tests.workers.test_reminder_worker import china as china_time
from tests.workers.test_worker import REDIS_URL, stop
from tracker.models.reminder import ReminderStatus

DUE = 4  # deadlines falling due while Redis is down; three reminders each (mail, SMS, in-app)


def test_pages_are_served_and_reminders_wait_while_redis_is_down(make, redis_env, smtp, tmp_path,
                                                                 capsys):
    w = world_with_passwords(make)
    inbox = smtp()
    env = redis_env | {"TRACKER_MAIL_URL": f"smtp://127.0.0.1:{inbox.port}",
                       "TRACKER_REMINDER_TICK_SECONDS": "1"}
    clock = china_time(2026, 11, 20, 9)
    web = AppServer(tmp_path, "web", {
        "TRACKER_DATABASE_URL": redis_env["TRACKER_DATABASE_URL"], "TRACKER_BROKER_URL": REDIS_URL,
        "TRACKER_CACHE_URL": REDIS_URL, "TRACKER_RATELIMIT_URL": REDIS_URL,
        "TRACKER_SECRET_KEY": "fault-tests-secret-key-0123456789"}).wait()
    procs = [worker(env, tmp_path, "w", clock),
             start(env, tmp_path, "beat", "beat", "--schedule", str(tmp_path / "beat"), "--loglevel=INFO",
                   clock=clock)]
    pages = ["/items", "/items?state=draft", "/public", "/dashboard"]
    served, sent_while_down = [], None
    try:
        http = requests.Session()
        assert web.sign_in(http, w.office.username, PASSWORD).status_code == 302
        assert all(http.get(web.url + p, timeout=30).status_code == 200 for p in pages)  # cached now
        wait_for(lambda: "ready" in (tmp_path / "w.log").read_text(), tmp_path)
        with redis_running_again():
            redis_stop()
            down = time.monotonic()
            due_deadlines(make, DUE, date(2026, 11, 20), phones=True)  # due now: the tick would send
            for _ in range(5):
                served += [http.get(web.url + p, timeout=30).status_code for p in pages]
            fresh = requests.Session()  # a new sign-in: the throttle counts in memory meanwhile
            served.append(web.sign_in(fresh, w.deputy.username, PASSWORD).status_code)
            time.sleep(max(0.0, 5 - (time.monotonic() - down)))
            sent_while_down = len(rows(status=ReminderStatus.SENT))
            outage = time.monotonic() - down
            redis_start()
        back = time.monotonic()
        wait_for(lambda: len(rows()) == DUE * 3 and settled(), tmp_path, timeout=120)
        caught_up = time.monotonic() - back
    finally:
        for p in procs:
            stop(p)
        web.stop()
    with capsys.disabled():
        print(f"\nfaults: Redis down {outage:.1f} s: {served.count(200)} of {len(served) - 1} pages served "
              f"(sign-in answered {served[-1]}); {sent_while_down} reminders sent while down, "
              f"{len(rows(status=ReminderStatus.SENT))} sent {caught_up:.1f} s after Redis was back")
    assert served[:-1] == [200] * (len(served) - 1) and served[-1] == 302
    assert sent_while_down == 0
    assert_each_once(inbox)
    assert " 500 -" not in web.log.read_text()
