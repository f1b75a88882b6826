"""Deadline rules, calendar days and the reminder ladder per congress: a congress's own row wins there
and nowhere else, the platform's row is everyone's default, and the unique keys count NULL as one."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tests.conftest import add_congress
from tests.factories import at
from tracker.domain.core.engine import apply
from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.deadlines.local_days import add_local_day, remove_local_day
from tracker.domain.deadlines.rules import reset_rule, rule_for, rule_lines, save_rule, spec_for
from tracker.domain.deadlines.years import enter_year, seed_calendar
from tracker.domain.errors import InvalidData
from tracker.domain.reminders.admin import reset_ladder, save_hours, save_ladder
from tracker.domain.reminders.hours import load_hours
from tracker.domain.reminders.ladder import Step, default_ladder, ladder_for
from tracker.domain.steps.prereview import all_pass
from tracker.extensions import db
from tracker.jobs.reminders import plan_due
from tracker.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineRule,
    Reminder,
    ReminderStep,
)
from tracker.models.reminder import Audience
from tracker.tenancy import PLATFORM, current_congress_id, scope
from tracker.workflow import Action, Anchor, Channel, DeadlineKind, Role, State, Unit

K = DeadlineKind
TODAY = date(2026, 11, 2)


@pytest.fixture
def two(make):
    """The congress in scope (A) with its people, and a second congress (B) with its own."""
    a = make.world()
    other = add_congress("chengxi", "城西区")
    with scope(db.session, other.id):
        b = make.world()
    db.session.commit()
    return a, b, other.id


def _registration(world, make):
    """An item pre-approved on 3 Mar 2026: its registration deadline opens by the rule in force."""
    item = make.suggestion(world.deputy, category=world.category)
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=world.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    apply(item, Action.PRE_APPROVE, actor=world.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 3),
          data={"checklist": all_pass({})})
    return db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                    Deadline.kind == K.REGISTRATION))


def _route_late(world, make) -> Deadline:
    """An item routed on 21 Dec 2026: its reply is due provisionally on Mon 22 Mar 2027."""
    item = make.suggestion(world.deputy, category=world.category)
    steps = [(Action.SUBMIT_FOR_REVIEW, world.deputy, Role.DEPUTY, {}),
             (Action.PRE_APPROVE, world.office, Role.OFFICE_STAFF, {"checklist": all_pass({})}),
             (Action.REGISTER, world.office, Role.OFFICE_STAFF, {"category": world.category.id}),
             (Action.ROUTE, world.office, Role.OFFICE_STAFF, {"lead_unit": world.unit.id, "co_units": []})]
    for n, (action, actor, role, data) in enumerate(steps):
        apply(item, action, actor=actor, as_role=role, at=at(2026, 12, 18 + n), data=data)
    reply = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                     Deadline.kind == K.REPLY))
    assert (reply.due_on, reply.provisional) == (date(2027, 3, 22), True)
    return reply


# --- Rules ----------------------------------------------------------------------------------------

def test_an_override_in_one_congress_leaves_anothers_due_dates(two, make):
    a, b, b_id = two
    spec = spec_for("registration")
    line = save_rule(db.session, a.admin, spec, amount=10, unit=Unit.CALENDAR_DAYS, basis="城东区办法",
                     at=at(2026, 3, 1))
    assert line.own and (line.amount, line.unit) == (10, Unit.CALENDAR_DAYS)
    assert _registration(a, make).due_on == date(2026, 3, 13)  # 3 Mar + 10 calendar days
    with scope(db.session, b_id):
        assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN) == (3, Unit.WORKING_DAYS, Anchor.EVENT)
        assert not next(x for x in rule_lines(db.session) if x.key == "registration").own
        assert _registration(b, make).due_on == date(2026, 3, 6)  # 3 working days: the platform's
        # B's own edit does not touch A's, and resetting it removes B's row only.
        save_rule(db.session, b.admin, spec, amount=5, unit=Unit.WORKING_DAYS, basis="", at=at(2026, 3, 1))
        reset_rule(db.session, b.admin, spec, at=at(2026, 3, 1))
        assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN)[:2] == (3, Unit.WORKING_DAYS)
    assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN)[:2] == (10, Unit.CALENDAR_DAYS)
    owners = db.session.scalars(select(DeadlineRule.congress_id).where(DeadlineRule.kind == K.REGISTRATION,
                                                                       DeadlineRule.channel.is_(None))
                                .execution_options(all_congresses=True)).all()
    assert sorted(owners, key=lambda c: c or 0) == [None, current_congress_id()]
    actions = db.session.scalars(select(AuditEvent.action).execution_options(all_congresses=True)
                                 .where(AuditEvent.action.like("%deadline_rule"))).all()
    assert sorted(actions) == ["edit_deadline_rule", "edit_deadline_rule", "reset_deadline_rule"]
    db.session.rollback()


def _refused(row) -> bool:
    """Whether the database refuses `row` (in a savepoint, so the test goes on)."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return True
    return False


def test_one_rule_and_one_day_per_congress_and_one_for_the_platform(two):
    _, _, b_id = two
    me = current_congress_id()

    def rule(congress_id):
        return DeadlineRule(kind=K.REPLY, channel=None, amount=3, unit=Unit.MONTHS, anchor=Anchor.EVENT,
                            congress_id=congress_id)

    def day(congress_id):
        return CalendarDay(day=date(2026, 10, 1), is_workday=False, name="x", congress_id=congress_id)

    assert _refused(rule(PLATFORM))  # the seeded platform row exists: NULL counts as one value
    assert not _refused(rule(me)) and _refused(rule(me))
    assert not _refused(rule(b_id))
    assert _refused(day(PLATFORM))  # National Day is entered already
    assert not _refused(day(me)) and _refused(day(me)) and not _refused(day(b_id))
    db.session.rollback()


# --- Local days -----------------------------------------------------------------------------------

def test_a_local_holiday_moves_only_that_congress_deadlines(two, make):
    a, b, b_id = two
    mine = _route_late(a, make)
    with scope(db.session, b_id):
        theirs = _route_late(b, make)
    db.session.commit()
    assert add_local_day(db.session, a.admin, day=date(2027, 3, 22), is_workday=False, name="那达慕",
                         today=TODAY, at=at(2026, 12, 22)) == (1, 1)
    assert (mine.due_on, mine.provisional) == (date(2027, 3, 23), True)
    assert not load_calendar(db.session).is_workday(date(2027, 3, 22))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_local_day"))
    assert event.data["moved"] == 1 and event.data["day"] == "2027-03-22"
    with scope(db.session, b_id):
        assert load_calendar(db.session).is_workday(date(2027, 3, 22))  # cached per congress
        assert db.session.get(Deadline, theirs.id).due_on == date(2027, 3, 22)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_local_day")) is None
    assert remove_local_day(db.session, a.admin, day=date(2027, 3, 22), at=at(2026, 12, 23)) == (1, 1)
    assert db.session.get(Deadline, mine.id).due_on == date(2027, 3, 22)
    db.session.commit()


@pytest.mark.parametrize(("day", "works", "field"), [
    (date(2027, 7, 24), False, "kind"),  # a Saturday is a rest day already
    (date(2027, 7, 22), True, "kind"),   # a Thursday is a working day already
    (date(2003, 1, 6), False, "day"),    # before the calendar's first year
    (date(2040, 1, 6), False, "day"),    # too far ahead
])
def test_a_local_day_that_changes_nothing_or_is_out_of_range_is_refused(two, day, works, field):
    with pytest.raises(InvalidData) as refused:
        add_local_day(db.session, two[0].admin, day=day, is_workday=works, name="", today=TODAY,
                      at=at(2026, 12, 22))
    assert refused.value.field == field
    with pytest.raises(InvalidData):
        remove_local_day(db.session, two[0].admin, day=date(2027, 7, 22), at=at(2026, 12, 22))
    db.session.rollback()


@pytest.fixture
def national(two):
    """The national calendar outlives a test's clean-up: put 2027 back as seeded."""
    yield two
    db.session.rollback()
    db.session.execute(delete(CalendarDay).where(CalendarDay.source == "admin")
                       .execution_options(all_congresses=True))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year > 2026))
    seed_calendar(db.session, range(2004, 2028), at(2026, 1, 1))
    db.session.commit()


def test_a_national_change_recounts_each_congress_by_its_own_calendar(national, make):
    a, b, b_id = national
    mine = _route_late(a, make)
    with scope(db.session, b_id):
        theirs = _route_late(b, make)
    add_local_day(db.session, a.admin, day=date(2027, 3, 23), is_workday=False, name="本地节日",
                  today=TODAY, at=at(2026, 12, 22))
    assert enter_year(db.session, 2027, {date(2027, 3, 22): (False, "测试假日")}, at(2026, 12, 22)) == 2
    assert (mine.due_on, mine.provisional) == (date(2027, 3, 24), False)  # its own 23 March too
    with scope(db.session, b_id):
        assert db.session.get(Deadline, theirs.id).due_on == date(2027, 3, 23)


# --- The reminder ladder and hours ----------------------------------------------------------------

def test_the_ladder_override_in_one_congress_is_not_used_for_another(two, make):
    a, b, b_id = two
    office_only = [Step(1, 0, 0, Audience.OFFICE)]
    save_ladder(db.session, a.admin, K.REPLY, office_only, at=at(2026, 3, 1))
    save_hours(db.session, a.admin, quiet_hours=False, day_starts="07:00", day_ends="20:00",
               at=at(2026, 3, 1))
    _, mine = make.item_in(State.IN_HANDLING, a, start=at(2026, 3, 2))
    with scope(db.session, b_id):
        _, theirs = make.item_in(State.IN_HANDLING, b, start=at(2026, 3, 2))
        assert ladder_for(db.session, K.REPLY) == default_ladder(K.REPLY)
        assert load_hours(db.session).quiet
        their_reply = _reply_of(theirs)
    assert ladder_for(db.session, K.REPLY) == office_only and not load_hours(db.session).quiet
    db.session.commit()
    my_reply = _reply_of(mine)
    assert my_reply.due_on == their_reply.due_on
    due = my_reply.due_on
    moment = at(due.year, due.month, due.day, 3)  # 11:00 in China on the due day
    plan_due(db.session, moment)
    assert _audiences(my_reply) == {Audience.OFFICE}
    with scope(db.session, b_id):
        plan_due(db.session, moment)
        assert _audiences(their_reply) == {Audience.OWNER}  # the default's on-the-day step


def _reply_of(item) -> Deadline:
    return db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                    Deadline.kind == K.REPLY))


def _audiences(deadline: Deadline) -> set[Audience]:
    return {r.audience for r in db.session.scalars(select(Reminder).where(
        Reminder.deadline_id == deadline.id))}


def test_resetting_a_ladder_removes_the_congress_steps_only(two):
    a, _, b_id = two
    db.session.add(ReminderStep(kind=K.REPLY, level=1, day_offset=0, key_day_offset=0,
                                audience=Audience.SUPERVISORS, congress_id=PLATFORM))
    save_ladder(db.session, a.admin, K.REPLY, [Step(1, 0, 0, Audience.OFFICE)], at=at(2026, 3, 1))
    with scope(db.session, b_id):
        assert [s.audience for s in ladder_for(db.session, K.REPLY)] == [Audience.SUPERVISORS]
    reset_ladder(db.session, a.admin, K.REPLY, at=at(2026, 3, 1))
    assert [s.audience for s in ladder_for(db.session, K.REPLY)] == [Audience.SUPERVISORS]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "reset_reminder_ladder"))
    assert event.data["before"][0]["audience"] == "office"
    assert event.data["after"][0]["audience"] == "supervisors"
    db.session.rollback()
