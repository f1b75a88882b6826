"""Dates and numbers are written the way each locale writes them, in China time, on every page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import session
from flask_babel import refresh

from tests.web.helpers import text
from tracker.web.i18n import filesize, local_date, local_time, number
from tracker.workflow import State

MOMENT = datetime(2026, 11, 25, 16, 5, tzinfo=UTC)  # 26 Nov 00:05 in Beijing: the day changes


@pytest.mark.parametrize(("code", "day", "moment", "count", "size"), [
    ("zh", "2026年11月26日", "2026年11月26日 00:05", "12,345", "1.5 MB"),
    ("en", "Nov 26, 2026", "Nov 26, 2026, 12:05\u202fAM", "12,345", "1.5 MB"),
])
def test_the_filters_follow_the_locale_and_china_time(app, code, day, moment, count, size):
    with app.test_request_context(f"/?lang={code}"):
        session["lang"] = code
        refresh()
        assert local_date(date(2026, 11, 26)) == day
        assert local_date(MOMENT) == day  # a UTC moment is dated in China time
        assert local_time(MOMENT) == moment
        assert number(12345) == count and filesize(1536 * 1024) == size
        assert filesize(300) == "1 KB" and local_date(None) == local_time(None) == ""


def test_the_item_page_writes_dates_per_locale(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)  # submitted 3 March 2026, 10:00 China time
    client = auth.as_(world.deputy)
    zh = text(client.get(f"/items/{item.id}"))
    assert "2026年3月3日 10:00" in zh and "2026-03-03" not in zh
    deadlines = zh.split('id="deadlines"')[1].split("</section>")[0]
    assert "2026年3月10日" in deadlines  # five working days later
    en = text(client.get(f"/items/{item.id}?lang=en"))
    assert "Mar 3, 2026, 10:00\u202fAM" in en and "Mar 10, 2026" in en


def test_lists_and_sessions_write_dates_per_locale(auth, world, item_in):
    item_in(State.OFFICE_REVIEW)  # last changed 3 March 2026
    sessions = text(auth.as_(world.admin).get("/admin/sessions"))
    assert "2026年1月12日" in sessions and "2026-01-12" not in sessions  # the session opens
    listed = text(auth.as_(world.office).get("/items?lang=en"))
    assert "Mar 3, 2026" in listed
