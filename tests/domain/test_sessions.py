"""Congress sessions: the windows' order, unique names, the audit record and the current window."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.congress.sessions import create_session, current_window, update_session
from tracker.domain.errors import InvalidData, RoleNotHeld
from tracker.extensions import db
from tracker.models import AuditEvent, CongressSession

WHEN = at(2026, 2, 1)


def _values(**kw):
    values = dict(name="城东区第十八届人民代表大会第六次会议", ordinal=6, year=2027,
                  collection_opens_on=date(2026, 11, 1), presubmission_deadline_on=date(2027, 1, 5),
                  opens_on=date(2027, 1, 10), closes_on=date(2027, 1, 13))
    values.update(kw)
    return values


def test_create_writes_the_session_and_an_audit_event(make):
    w = make.world()
    congress = create_session(db.session, w.admin, _values(), at=WHEN)
    db.session.commit()
    assert congress.id and congress.opens_on == date(2027, 1, 10)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "create_session"))
    assert event.suggestion_id is None and event.role == "admin" and event.actor_id == w.admin.id
    assert event.data["opens_on"] == "2027-01-10" and event.data["name"] == congress.name


@pytest.mark.parametrize("bad", [
    {"presubmission_deadline_on": date(2026, 10, 1)},
    {"opens_on": date(2027, 1, 4)},
    {"closes_on": date(2027, 1, 9)},
])
def test_windows_must_run_in_order(make, bad):
    w = make.world()
    with pytest.raises(InvalidData) as err:
        create_session(db.session, w.admin, _values(**bad), at=WHEN)
    assert err.value.field in {"presubmission_deadline_on", "opens_on", "closes_on"}


def test_windows_may_share_a_day(make):
    w = make.world()
    day = date(2027, 1, 10)
    congress = create_session(db.session, w.admin, _values(
        collection_opens_on=day, presubmission_deadline_on=day, opens_on=day, closes_on=day), at=WHEN)
    assert congress.closes_on == day


def test_names_are_unique_and_ordinals_positive(make):
    w = make.world()
    with pytest.raises(InvalidData) as err:
        create_session(db.session, w.admin, _values(name=w.session.name), at=WHEN)
    assert err.value.field == "name"
    with pytest.raises(InvalidData) as err:
        create_session(db.session, w.admin, _values(ordinal=0), at=WHEN)
    assert err.value.field == "ordinal"


def test_only_an_admin_creates_or_edits(make):
    w = make.world()
    with pytest.raises(RoleNotHeld):
        create_session(db.session, w.office, _values(), at=WHEN)
    with pytest.raises(RoleNotHeld):
        update_session(db.session, w.session, w.office, _values(), at=WHEN)


def test_update_keeps_its_own_name_and_audits_only_the_changes(make):
    w = make.world()
    s = w.session
    values = {k: getattr(s, k) for k in ("name", "ordinal", "year", "collection_opens_on",
                                         "presubmission_deadline_on", "opens_on", "closes_on")}
    assert update_session(db.session, s, w.admin, values, at=WHEN) is False
    assert update_session(db.session, s, w.admin, {**values, "closes_on": date(2026, 1, 16)},
                          at=WHEN) is True
    db.session.commit()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update_session"))
    assert event.data == {"id": s.id, "closes_on": "2026-01-16"}
    assert db.session.get(CongressSession, s.id).closes_on == date(2026, 1, 16)


def test_current_window_tells_collecting_from_sitting(make):
    w = make.world()  # collection 2025-11-01, deadline 2026-01-10, sitting 2026-01-12..15
    assert current_window(db.session, date(2025, 10, 31)) is None
    assert current_window(db.session, date(2025, 12, 1)).phase == "collecting"
    window = current_window(db.session, date(2026, 1, 13))
    assert window.phase == "sitting" and window.session.id == w.session.id
    assert current_window(db.session, date(2026, 1, 16)) is None
