"""The 城东区 demo loads through the engine: every state, real audit trails, deadlines, logins."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from seeds.demo import DEMO_PASSWORD, load_demo
from tests.conftest import _clean, fresh_congress
from tests.factories import CHINA
from tracker.domain.deadlines.calendar import china_date
from tracker.extensions import db
from tracker.models import (
    Assignment,
    AuditEvent,
    CoSigner,
    Deadline,
    ExtensionRequest,
    HandlingUnit,
    Outbox,
    Promise,
    ReassignmentRequest,
    Reminder,
    Suggestion,
    User,
    UserRole,
    tenancy,
)
from tracker.models.handling import AssignmentState, PromiseState, RequestStatus
from tracker.models.reminder import ReminderStatus, Via
from tracker.workflow import DEADLINE_SPEC, FINAL, Role, State

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=CHINA)
LOGINS = [("daibiao", Role.DEPUTY), ("daibiao2", Role.DEPUTY), ("zuzhang", Role.GROUP_LEADER),
          ("zhuanwei", Role.COMMITTEE_STAFF), ("gongwei", Role.OFFICE_STAFF),
          ("jingban", Role.UNIT_HANDLER), ("fuzeren", Role.UNIT_LEADER),
          ("xieban", Role.UNIT_HANDLER), ("zhuren", Role.SUPERVISOR), ("admin", Role.ADMIN)]


@pytest.fixture(scope="module")
def demo(app):
    """One load for the whole module: the loader replays some 1,100 engine actions."""
    with app.app_context():
        token = fresh_congress()
        summary = load_demo(db.session, NOW)
        db.session.commit()
        yield summary
        db.session.rollback()
        _clean()
        db.session.remove()
        tenancy.leave(token)


def items(*where) -> list[Suggestion]:
    return list(db.session.scalars(select(Suggestion).where(*where)))


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_an_item(demo, state):
    assert items(Suggestion.state == state)
    assert demo[f"state {state.value}"] >= 1


def test_sizes(demo):
    assert count(Suggestion) >= 120
    assert count(UserRole, UserRole.role == Role.DEPUTY) >= 50
    assert count(HandlingUnit) >= 15
    for unit in db.session.scalars(select(HandlingUnit)):
        staff = db.session.scalars(select(UserRole.role).join(User).where(User.unit_id == unit.id))
        assert {Role.UNIT_HANDLER, Role.UNIT_LEADER} <= set(staff), unit.name
    titles = db.session.scalars(select(Suggestion.title)).all()
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize(("username", "role"), LOGINS)
def test_demo_login(demo, username, role):
    u = user(username)
    assert u is not None and u.has_role(role)
    assert PasswordHasher().verify(u.password_hash, DEMO_PASSWORD)


def trails() -> dict[int, list[AuditEvent]]:
    out: dict[int, list[AuditEvent]] = defaultdict(list)
    for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)):
        out[e.suggestion_id].append(e)
    return out


def test_audit_trails_lead_from_draft_to_the_current_state(demo):
    check_trails(NOW)


def check_trails(now: datetime) -> None:
    """Every item but a draft: created, then each event moving on from where the last left it,
    to the item's state, in the past of `now` and in time order (also for seeds.second's)."""
    by_item = trails()
    for item in items(Suggestion.state != State.DRAFT):
        created, *events = by_item[item.id]
        assert (created.action, created.from_state, created.to_state) == (
            "create_draft", None, State.DRAFT), item.title
        assert events, item.title
        moved = [e for e in events if e.from_state != e.to_state]
        assert events[0].from_state is State.DRAFT and moved[0].from_state is State.DRAFT
        assert events[-1].to_state is item.state, item.title
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_state is before.to_state, item.title
        assert all(e.at < now for e in events)
        assert [e.id for e in events] == sorted(e.id for e in events)  # replayed in time order


def test_every_open_item_but_drafts_has_an_open_deadline(demo):
    open_ids = set(db.session.scalars(select(Deadline.suggestion_id)
                                      .where(Deadline.closed_at.is_(None))))
    for item in items(Suggestion.state.not_in([*FINAL, State.DRAFT])):
        assert item.id in open_ids, (item.state, item.title)


def test_dashboards_have_colour(demo):
    today = china_date(NOW)
    owed = [d for d in db.session.scalars(select(Deadline).where(Deadline.closed_at.is_(None)))
            if not DEADLINE_SPEC[d.kind].is_window]
    overdue = [d for d in owed if d.due_on < today]
    soon = [d for d in owed if today <= d.due_on <= today + timedelta(days=7)]
    assert len(overdue) >= 10 and len(soon) >= 10 and len(owed) > len(overdue) + len(soon)


def test_side_stories_are_there(demo):
    assert count(CoSigner, CoSigner.status == "confirmed", CoSigner.via_merge_of_id.is_(None))
    assert count(CoSigner, CoSigner.status == "declined")
    assert count(CoSigner, CoSigner.via_merge_of_id.is_not(None))
    assert items(Suggestion.reply_round > 1)  # re-handled
    assert count(AuditEvent, AuditEvent.to_state == State.ESCALATED) >= 3
    assert items(Suggestion.against_advice.is_(True))
    assert items(Suggestion.is_key.is_(True))
    assert {"satisfied", "no_feedback", "concluded"} <= {
        i.close_kind for i in items(Suggestion.state == State.CLOSED)}
    assert {PromiseState.OPEN, PromiseState.KEPT, PromiseState.NOT_KEPT} <= set(
        db.session.scalars(select(Promise.state)))
    overdue_promise = Promise.due_on < china_date(NOW)
    assert count(Promise, Promise.state == PromiseState.OPEN, overdue_promise)
    for model in (ExtensionRequest, ReassignmentRequest):
        assert set(RequestStatus) <= set(db.session.scalars(select(model.status)))
    assert count(Assignment, Assignment.state == AssignmentState.OPINION_SENT)
    assert count(Assignment, Assignment.state == AssignmentState.RELEASED)
    returns = db.session.execute(
        select(AuditEvent.suggestion_id).where(AuditEvent.action == "return_for_revision")
        .group_by(AuditEvent.suggestion_id).having(func.count() >= 2)).all()
    assert returns  # two rounds of revision
    sequences = set(db.session.scalars(select(Suggestion.reg_sequence)
                                       .where(Suggestion.reg_sequence.is_not(None))))
    assert {"year:2025", "year:2026"} <= sequences and len(sequences) == 4  # and two sessions


def states_of(author: str) -> set[State]:
    return {i.state for i in items(Suggestion.author_id == user(author).id)}


def test_each_demo_login_has_something_waiting(demo):
    assert {State.DRAFT, State.RETURNED, State.REPLIED, State.CLOSED} <= states_of("daibiao")
    invited = db.session.scalars(select(CoSigner).where(
        CoSigner.deputy_id == user("daibiao2").id, CoSigner.status == "invited")).all()
    assert any(c.suggestion.author.username == "daibiao" for c in invited)
    leader = user("zuzhang")
    assert any(i.author.group.leader_id == leader.id
               for i in items(Suggestion.state == State.GROUP_REVIEW))
    assert any(i.category.committee_id == user("zhuanwei").committee_id
               for i in items(Suggestion.state == State.COMMITTEE_REVIEW))
    unit_id = user("jingban").unit_id
    lead_states = {s for (s,) in db.session.execute(
        select(Suggestion.state).join(Assignment, Assignment.suggestion_id == Suggestion.id)
        .where(Assignment.unit_id == unit_id, Assignment.is_lead.is_(True)))}
    assert {State.ASSIGNED, State.IN_HANDLING, State.REPLY_SIGNOFF} <= lead_states
    assert count(Assignment, Assignment.unit_id == user("xieban").unit_id,
                 Assignment.is_lead.is_(False),
                 Assignment.state == AssignmentState.AWAITING_RECEIPT)
    assert items(Suggestion.state == State.ESCALATED)  # for the supervisors
    assert count(Deadline, Deadline.closed_at.is_(None), Deadline.kind.in_(
        ["office_review", "registration", "extension_decision", "reassignment_decision"]))


def test_demo_liaison_log_resolves_most_and_links_some_to_the_authors_suggestions(demo):
    from tracker.domain.liaison.queries import history, referrals_due
    from tracker.domain.metrics.facts import MetricFilter
    from tracker.domain.metrics.liaison import liaison_values, scope_of
    from tracker.models import LiaisonOpinion, LiaisonStation

    today = china_date(NOW)
    v = liaison_values(db.session, scope_of(db.session, MetricFilter()), today)
    assert demo["liaison opinions"] == v["liaison_collected"].num > 50
    assert 0.6 < v["liaison_resolved_rate"].rate < 0.9  # like 336 of 438 in the source report
    linked = list(db.session.scalars(select(LiaisonOpinion).where(LiaisonOpinion.suggestion_id.is_not(None))))
    assert linked and all(o.suggestion.author_id == o.deputy_id for o in linked)
    assert {"韵家口镇基层立法联系点", "大众街街道基层立法联系点", "五一社区基层立法联系点"} <= set(
        db.session.scalars(select(LiaisonStation.name)))
    assert referrals_due(db.session, user("daibiao"), today)
    assert all(history(db.session, o) for o in linked)


def test_the_last_session_that_met_has_a_published_report(demo):
    from tracker.domain.publication.reports import public_reports, report_of

    published = public_reports(db.session)
    assert len(published) == 1
    report = report_of(published[0].snapshot, "zh")
    assert "第五次会议" in report.scope and report.paragraphs


def _doubles() -> list:
    """Pieces of work shown more than once to one person among the unread notices."""
    said = Counter((o.recipient_id, o.payload.get("deadline_id")) for o in db.session.scalars(
        select(Outbox).where(Outbox.read_at.is_(None), Outbox.kind.in_(["deadline_opened", "reminder"]))))
    return [key for key, n in said.items() if n > 1]


def test_the_demo_arrives_as_if_the_workers_had_run_and_its_first_tick_doubles_nothing(demo, tmp_path):
    from tests.domain.test_notice_repeats import tick

    sent = db.session.scalars(select(Reminder).where(Reminder.via == Via.INAPP)).all()
    assert sent and {r.status for r in sent} == {ReminderStatus.SENT}  # the past's steps went out
    noticed = Counter(o.payload["reminder_id"] for o in db.session.scalars(
        select(Outbox).where(Outbox.kind == "reminder")))
    assert set(noticed) == {r.id for r in sent if r.payload.get("event_id")} and max(noticed.values()) == 1
    assert _doubles() == []
    unread, week = Outbox.read_at.is_(None), NOW - timedelta(days=7)
    assert count(Outbox, unread, Outbox.created_at < NOW - timedelta(days=30)) == 0  # old news is read
    assert count(Outbox, unread, Outbox.kind == "item_changed", Outbox.created_at < week) == 0
    before = count(Outbox, unread)
    tick(NOW, tmp_path)  # the worker's first tick, in process
    assert _doubles() == []
    assert count(Outbox, Outbox.read_at.is_(None)) >= before  # what came due this week, said once
