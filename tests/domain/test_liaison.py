"""The liaison-station log (DOMAIN §9): logging, the outcome table, referrals and their once-only
follow-up notices, drafts made from opinions, privacy of the contact, the audit trail, the figures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tracker.domain.errors import InvalidData, NotAllowedNow, NotYourItem, RoleNotHeld, StalePage
from tracker.domain.liaison import followup as liaison_followup
from tracker.domain.liaison import operations as liaison
from tracker.domain.liaison import queries as liaison_queries
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.liaison import liaison_values, opinion_ids, scope_of
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import AuditEvent, LiaisonFollowUp, LiaisonOpinion, Outbox, Suggestion
from tracker.models.liaison import Outcome
from tracker.workflow import Channel, State

NOW = at(2026, 5, 20)


@pytest.fixture
def w(make):
    return make.world()


@pytest.fixture
def station(make, w):
    return make.station(w.group)


def log(
    w,
    station,
    deputy=None,
    *,
    on=date(2026, 5, 18),
    who="马大爷",
    content="小区路灯坏了三个月没人修",
    contact="13900000000",
    moment=NOW,
):
    return liaison.log_opinion(
        db.session,
        deputy or w.deputy,
        liaison.OpinionInput(
            station_id=station.id,
            received_on=on,
            constituent=who,
            content=content,
            address="团结社区",
            contact=contact,
        ),
        at=moment,
    )


def history_moves(opinion) -> list[tuple[str, str | None, str]]:
    return [(e.action, e.data["from"], e.data["to"]) for e in liaison_queries.history(db.session, opinion)]


def test_logging_audits_who_when_and_lands_pending(w, station):
    opinion = log(w, station)
    assert opinion.outcome is Outcome.PENDING
    [event] = liaison_queries.history(db.session, opinion)
    assert (event.actor_id, event.action, event.at, event.data["to"]) == (
        w.deputy.id,
        "log_opinion",
        NOW,
        "pending",
    )
    assert event.suggestion_id is None and event.data["opinion_id"] == opinion.id


@pytest.mark.parametrize(
    "field, change, code",
    [
        ("constituent", {"constituent": "  "}, "constituent"),
        ("content", {"content": ""}, "content"),
        ("station_id", {"station_id": None}, "station_id"),
        ("received_on", {"received_on": date(2026, 5, 21)}, "received_on"),  # the future
        ("received_on", {"received_on": None}, "received_on"),
        ("contact", {"contact": "1" * 101}, "contact"),
    ],
)
def test_logging_refuses_bad_input_naming_the_field(w, station, field, change, code):
    data = dict(
        station_id=station.id, received_on=date(2026, 5, 18), constituent="马大爷", content="路灯", contact=""
    )
    data.update(change)
    with pytest.raises(InvalidData) as err:
        liaison.log_opinion(db.session, w.deputy, liaison.OpinionInput(**data), at=NOW)
    assert err.value.field == code and err.value.zh and err.value.en


def test_only_deputies_log_and_only_the_logger_acts(w, station):
    with pytest.raises(RoleNotHeld):
        log(w, station, w.office)
    opinion = log(w, station)
    with pytest.raises(NotYourItem):
        liaison.solve_on_spot(db.session, opinion, w.deputy2, note="修好了", at=NOW)
    with pytest.raises(RoleNotHeld):
        liaison.solve_on_spot(db.session, opinion, w.office, note="修好了", at=NOW)
    assert opinion.outcome is Outcome.PENDING


def test_solve_on_spot_needs_a_note_and_then_the_constituent_is_told_once(w, station):
    opinion = log(w, station)
    with pytest.raises(InvalidData) as err:
        liaison.solve_on_spot(db.session, opinion, w.deputy, note=" ", at=NOW)
    assert err.value.field == "note"
    with pytest.raises(NotAllowedNow):  # nothing to tell before there is a result
        liaison.record_told(db.session, opinion, w.deputy, told_on=date(2026, 5, 20), how="phone", at=NOW)
    liaison.solve_on_spot(db.session, opinion, w.deputy, note="联系物业当场修复", at=NOW)
    with pytest.raises(InvalidData) as err:
        liaison.record_told(db.session, opinion, w.deputy, told_on=date(2026, 5, 17), how="phone", at=NOW)
    assert err.value.field == "told_on"  # before the opinion was given
    with pytest.raises(InvalidData):
        liaison.record_told(db.session, opinion, w.deputy, told_on=date(2026, 5, 20), how="pigeon", at=NOW)
    liaison.record_told(db.session, opinion, w.deputy, told_on=date(2026, 5, 20), how="phone", at=NOW)
    assert (opinion.told_on, opinion.told_how) == (date(2026, 5, 20), "phone")
    with pytest.raises(NotAllowedNow):
        liaison.record_told(db.session, opinion, w.deputy, told_on=date(2026, 5, 20), how="visit", at=NOW)
    assert history_moves(opinion) == [
        ("log_opinion", None, "pending"),
        ("solve_on_spot", "pending", "solved_on_spot"),
        ("record_told", "solved_on_spot", "solved_on_spot"),
    ]
    assert liaison_queries.history(db.session, opinion)[1].reason == "联系物业当场修复"


@pytest.mark.parametrize(
    "start, code, ok",
    [
        (Outcome.PENDING, "solve_on_spot", True),
        (Outcome.PENDING, "close_referral", False),
        (Outcome.REFERRED, "solve_on_spot", False),
        (Outcome.REFERRED, "close_referral", True),
        (Outcome.REFERRED, "explain_and_close", True),
        (Outcome.RESOLVED, "explain_and_close", False),
        (Outcome.EXPLAINED, "refer", False),
        (Outcome.SOLVED_ON_SPOT, "refer", False),
    ],
)
def test_the_outcome_table_decides_what_is_possible(w, station, start, code, ok):
    opinion = log(w, station)
    if start is not Outcome.PENDING:
        liaison.refer(
            db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
        )
    if start in (Outcome.RESOLVED,):
        liaison.close_referral(db.session, opinion, w.deputy, note="社区已修复", at=NOW)
    if start is Outcome.EXPLAINED:
        liaison.explain_and_close(db.session, opinion, w.deputy, note="属于规划范畴，已解释", at=NOW)
    if start is Outcome.SOLVED_ON_SPOT:
        opinion = log(w, station)
        liaison.solve_on_spot(db.session, opinion, w.deputy, note="已解决", at=NOW)
    assert opinion.outcome is start
    assert (code in liaison.moves_for(w.deputy, opinion)) is ok
    kwargs = {"refer": dict(referred_to="街道", follow_up_on=date(2026, 6, 2))}.get(code, {"note": "说明"})
    if ok:
        getattr(liaison, code)(db.session, opinion, w.deputy, at=NOW, **kwargs)
        assert opinion.outcome is liaison.MOVES[code].target
    else:
        with pytest.raises(NotAllowedNow):
            getattr(liaison, code)(db.session, opinion, w.deputy, at=NOW, **kwargs)
        assert opinion.outcome is start


def test_referral_needs_a_place_and_a_sensible_date_and_can_be_rescheduled(w, station):
    opinion = log(w, station)
    with pytest.raises(InvalidData) as err:
        liaison.refer(
            db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 5, 19), at=NOW
        )
    assert err.value.field == "follow_up_on"
    with pytest.raises(InvalidData) as err:
        liaison.refer(db.session, opinion, w.deputy, referred_to="", follow_up_on=date(2026, 6, 1), at=NOW)
    assert err.value.field == "referred_to"
    liaison.refer(
        db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    liaison.refer(
        db.session,
        opinion,
        w.deputy,
        referred_to="韵家口镇政府",
        follow_up_on=date(2026, 6, 15),
        note="社区协调不了，转镇里",
        at=at(2026, 6, 2),
    )
    assert (opinion.referred_to, opinion.follow_up_on) == ("韵家口镇政府", date(2026, 6, 15))
    last = liaison_queries.history(db.session, opinion)[-1]
    assert last.data["previous_follow_up_on"] == "2026-06-01" and last.reason == "社区协调不了，转镇里"


def test_a_page_drawn_before_another_change_is_refused(w, station):
    opinion = log(w, station)
    seen = opinion.lock_version
    liaison.refer(
        db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    with pytest.raises(StalePage):
        liaison.explain_and_close(db.session, opinion, w.deputy, note="已解释", at=NOW, seen_version=seen)


def test_turning_into_a_draft_prefills_it_and_links_both_ways(w, station):
    opinion = log(w, station, content="团结社区门口缺少过街天桥\n孩子上学不安全")
    item = liaison.turn_into_draft(
        db.session,
        opinion,
        w.deputy,
        title="关于在团结社区门口增设过街设施的建议",
        channel=Channel.BETWEEN,
        session_id=None,
        at=NOW,
    )
    assert item.state is State.DRAFT and item.author_id == w.deputy.id
    assert "孩子上学不安全" in item.reasons and "韵家口镇基层立法联系点" in item.reasons
    assert f"意见 #{opinion.id}" in item.origin
    assert opinion.outcome is Outcome.SUGGESTION and opinion.suggestion_id == item.id
    assert [o.id for o in liaison_queries.linked_to(db.session, item.id)] == [opinion.id]
    # The draft's own creation is audited like any draft; the opinion's move names the draft.
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.suggestion_id == item.id))
        == "create_draft"
    )
    assert liaison_queries.history(db.session, opinion)[-1].data["suggestion_id"] == item.id
    # The contact stays with the opinion: the draft carries none of it.
    assert "13900000000" not in item.reasons + item.origin + item.title


def test_linking_an_existing_suggestion_only_one_the_deputy_leads(w, station, make):
    theirs = make.suggestion(w.deputy2)
    mine = make.suggestion(w.deputy, title="关于加强老旧小区路灯维护的建议")
    opinion = log(w, station)
    with pytest.raises(InvalidData) as err:
        liaison.link_suggestion(db.session, opinion, w.deputy, suggestion_id=theirs.id, at=NOW)
    assert err.value.field == "suggestion_id"
    liaison.link_suggestion(db.session, opinion, w.deputy, suggestion_id=mine.id, at=NOW)
    assert opinion.suggestion_id == mine.id and opinion.outcome is Outcome.SUGGESTION


def test_the_contact_is_for_the_logger_and_the_office_only(w, station):
    opinion = log(w, station)
    assert liaison.can_see_contact(w.deputy, opinion) and liaison.can_see_contact(w.office, opinion)
    for other in (w.deputy2, w.supervisor, w.admin, w.handler, w.group_leader):
        assert not liaison.can_see_contact(other, opinion)
    assert liaison.can_see(w.supervisor, opinion) and not liaison.can_see(w.deputy2, opinion)
    assert not liaison.can_see(w.handler, opinion)
    # Lists never load it.
    db.session.expire_all()
    page = liaison_queries.list_opinions(db.session, liaison_queries.OpinionFilter(), date(2026, 5, 20))
    assert "contact" in db.inspect(page.rows[0]).unloaded


def test_follow_up_notice_is_written_once_per_referral_and_date(w, station):
    opinion = log(w, station)
    liaison.refer(
        db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 5, 31), NOW) == 0
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 6, 1), NOW) == 1
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 6, 2), NOW) == 0  # a second pass
    [notice] = notices.list_notices(db.session, w.deputy)
    assert notice.opinion_id == opinion.id and notice.suggestion_id is None
    assert "2026-06-01" in notice.text("zh") and "团结社区" in notice.text("zh")
    assert "follow up by 2026-06-01" in notice.text("en")
    # A new follow-up date earns a new notice when it comes; a closed referral none.
    liaison.refer(
        db.session,
        opinion,
        w.deputy,
        referred_to="团结社区",
        follow_up_on=date(2026, 6, 10),
        at=at(2026, 6, 2),
    )
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 6, 10), NOW) == 1
    liaison.close_referral(db.session, opinion, w.deputy, note="已修复", at=at(2026, 6, 11))
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 7, 1), NOW) == 0
    assert db.session.scalar(select(func.count()).select_from(LiaisonFollowUp)) == 2
    assert (
        db.session.scalar(
            select(func.count()).select_from(Outbox).where(Outbox.kind == liaison_followup.KIND)
        )
        == 2
    )


def test_the_unique_key_holds_even_when_a_pass_misses_the_earlier_row(w, station):
    opinion = log(w, station)
    liaison.refer(
        db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    assert liaison_followup.notify_due_referrals(db.session, date(2026, 6, 1), NOW) == 1
    # A racing worker that chose the same referral before the first committed: the key refuses it.
    original = liaison_followup.due_without_notice
    liaison_followup.due_without_notice = lambda session, today, limit=500: [opinion]
    try:
        assert liaison_followup.notify_due_referrals(db.session, date(2026, 6, 1), NOW) == 0
    finally:
        liaison_followup.due_without_notice = original
    assert (
        db.session.scalar(
            select(func.count()).select_from(Outbox).where(Outbox.kind == liaison_followup.KIND)
        )
        == 1
    )


def test_referrals_due_for_the_home_page(w, station):
    due = log(w, station)
    later = log(w, station, who="李阿姨")
    liaison.refer(db.session, due, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 5, 25), at=NOW)
    liaison.refer(db.session, later, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 25), at=NOW)
    assert liaison_queries.referrals_due(db.session, w.deputy, date(2026, 5, 26)) == [due]
    assert liaison_queries.referrals_due(db.session, w.deputy2, date(2026, 5, 26)) == []


def test_figures_count_collected_resolved_and_suggested_with_drill_down(w, station, make):
    outcomes = []
    for i in range(8):
        outcomes.append(log(w, station, who=f"群众{i}"))
    a, b, c, d, e, f, g, _pending = outcomes
    liaison.solve_on_spot(db.session, a, w.deputy, note="当场解决", at=NOW)
    liaison.solve_on_spot(db.session, b, w.deputy, note="当场解决", at=NOW)
    liaison.refer(db.session, c, w.deputy, referred_to="社区", follow_up_on=date(2026, 5, 21), at=NOW)
    liaison.close_referral(db.session, c, w.deputy, note="社区解决", at=NOW)
    liaison.refer(db.session, d, w.deputy, referred_to="社区", follow_up_on=date(2026, 5, 21), at=NOW)
    liaison.turn_into_draft(
        db.session, e, w.deputy, title="建议一", channel=Channel.BETWEEN, session_id=None, at=NOW
    )
    liaison.explain_and_close(db.session, f, w.deputy, note="已解释", at=NOW)
    liaison.refer(db.session, g, w.deputy, referred_to="社区", follow_up_on=date(2026, 6, 30), at=NOW)
    liaison.record_told(db.session, a, w.deputy, told_on=date(2026, 5, 20), how="phone", at=NOW)
    other_year = log(w, station, w.deputy2, on=date(2025, 12, 30), moment=at(2025, 12, 30))
    today = date(2026, 5, 22)
    scope = scope_of(db.session, MetricFilter(year=2026))
    v = liaison_values(db.session, scope, today)
    assert {k: x.num for k, x in v.items() if not x.figure.is_rate} == {
        "liaison_collected": 8,
        "liaison_resolved": 3,
        "liaison_suggested": 1,
        "liaison_explained": 1,
        "liaison_referred_open": 2,
        "liaison_referral_overdue": 1,
    }
    assert (v["liaison_resolved_rate"].num, v["liaison_resolved_rate"].den) == (3, 8)
    assert (v["liaison_told_rate"].num, v["liaison_told_rate"].den) == (1, 5)
    everything = liaison_values(db.session, scope_of(db.session, MetricFilter()), today)
    assert everything["liaison_collected"].num == 9
    by_deputy2 = liaison_values(db.session, scope_of(db.session, MetricFilter(deputy_id=w.deputy2.id)), today)
    assert by_deputy2["liaison_collected"].num == 1
    # A session counts its year; a category does not apply and says so.
    s = scope_of(db.session, MetricFilter(session_id=w.session.id, category_id=w.category.id))
    assert s.year == w.session.year and s.ignored == ("category_id",)
    # The drill-down lists exactly the opinions counted.
    assert set(db.session.scalars(opinion_ids("liaison_resolved", today))) == {a.id, b.id, c.id}
    flt = liaison_queries.OpinionFilter(figure="liaison_referral_overdue", year=2026)
    assert [o.id for o in liaison_queries.list_opinions(db.session, flt, today).rows] == [d.id]
    assert other_year.id not in {
        o.id
        for o in liaison_queries.list_opinions(
            db.session, liaison_queries.OpinionFilter(year=2026), today
        ).rows
    }


def test_list_filters_and_pages(w, station):
    for i in range(5):
        log(w, station, who=f"群众{i}", on=date(2026, 5, 10 + i))
    log(w, station, w.deputy2, who="别人的")
    today = date(2026, 5, 20)
    first = liaison_queries.list_opinions(
        db.session, liaison_queries.OpinionFilter(deputy_id=w.deputy.id), today, page=1, per_page=3
    )
    second = liaison_queries.list_opinions(
        db.session, liaison_queries.OpinionFilter(deputy_id=w.deputy.id), today, page=2, per_page=3
    )
    assert [o.constituent for o in first.rows] == ["群众4", "群众3", "群众2"] and first.has_more
    assert [o.constituent for o in second.rows] == ["群众1", "群众0"] and not second.has_more
    pending = liaison_queries.OpinionFilter(outcome=Outcome.PENDING, station_id=station.id)
    assert len(liaison_queries.list_opinions(db.session, pending, today).rows) == 6
    assert db.session.scalar(select(func.count()).select_from(LiaisonOpinion)) == 6
    assert db.session.scalar(select(func.count()).select_from(Suggestion)) == 0


def test_the_daily_task_writes_due_notices_once(w, station, app):
    from workers import beat_schedule
    from workers.tasks.liaison import follow_ups

    opinion = log(w, station)
    liaison.refer(
        db.session, opinion, w.deputy, referred_to="团结社区", follow_up_on=date(2026, 6, 1), at=NOW
    )
    db.session.commit()
    app.config["CLOCK_NOW"] = at(2026, 6, 1, 9).isoformat()
    try:
        assert follow_ups() == 1
        assert follow_ups() == 0
    finally:
        app.config.pop("CLOCK_NOW", None)
    assert notices.unread_count(db.session, w.deputy) == 1
    assert beat_schedule(app)["liaison-follow-ups"]["task"] == "workers.tasks.liaison.follow_ups"
