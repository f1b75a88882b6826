"""The draft's channel from the calendar, the open sessions offered, and each channel's review route."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.domain.authoring.channel_choice import default_for, open_sessions, review_route
from tracker.extensions import db
from tracker.models import CongressSession
from tracker.workflow import Channel, State


def _session(name: str, opens: date) -> CongressSession:
    row = CongressSession(name=name, ordinal=1, year=opens.year, opens_on=opens,
                          collection_opens_on=opens - timedelta(days=40),
                          presubmission_deadline_on=opens - timedelta(days=10),
                          closes_on=opens + timedelta(days=4))
    db.session.add(row)
    db.session.flush()
    return row


def test_the_route_of_each_channel_is_read_from_the_table():
    assert review_route(Channel.SESSION) == [State.GROUP_REVIEW, State.COMMITTEE_REVIEW, State.OFFICE_REVIEW]
    assert review_route(Channel.BETWEEN) == [State.OFFICE_REVIEW]


def test_the_collecting_session_is_the_default_and_only_open_sessions_are_offered(ctx):
    past, coming = _session("上一次会议", date(2026, 1, 10)), _session("下一次会议", date(2027, 1, 10))
    collecting = date(2026, 12, 15)
    assert default_for(db.session, collecting).channel is Channel.SESSION
    assert default_for(db.session, collecting).session_id == coming.id
    assert [s.id for s in open_sessions(db.session, collecting)] == [coming.id]
    assert [s.id for s in open_sessions(db.session, collecting, keep=past.id)] == [past.id, coming.id]
    between = date(2026, 6, 1)  # no session collects or sits
    assert default_for(db.session, between).channel is Channel.BETWEEN
    assert default_for(db.session, between).session_id is None
    assert open_sessions(db.session, between) == []
    sitting = date(2026, 1, 12)
    assert default_for(db.session, sitting).session_id == past.id
