"""Every figure of DOMAIN §10 against a hand count of tests/metrics_fixture.py's sixteen suggestions."""

from __future__ import annotations

import pytest

from tests.metrics_fixture import TODAY, build
from tracker.domain.deadlines.calendar import load_calendar
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import FIGURES
from tracker.domain.metrics.panels import drill, soon_until, sums, trends
from tracker.domain.metrics.report import report_for, scope_name
from tracker.extensions import db
from tracker.workflow import Channel

# Counted by hand from the stories (letters are the fixture's items; "main" is K's main item).
COUNTS = {
    "total": 16,            # main, A-O
    "draft_now": 2,         # main, M
    "returned": 1,          # L
    "return_rounds": 2,     # L was returned twice
    "passed": 11,           # A-I, N, O were pre-approved; L went on against advice
    "against_advice": 1,    # L
    "merged": 1, "converted": 0, "withdrawn": 1, "not_registered": 1,  # K; -; J; N
    "submitted": 12,        # A-I, L, N, O
    "registered": 10,       # A-I, O
    "assigned": 10,
    "replied": 8,           # A-F, I, O (G and H not yet)
    "closed": 5,            # A, B, D, I, O
    "no_feedback": 1,       # D
    "reply_c": 0,
    "reply_d": 1,           # F
    # C council decision, E and F evaluation, G reply, H sign-for, I promise review, L registration
    "overdue": 7,
    "unit_overdue": 2,      # G reply, H sign-for
    "key": 1,               # G
    "promises_kept": 1,     # A
    "promises_open": 2,     # B (from its second reply), D
    "promises_broken": 1,   # I
}
RATES = {
    "routing_on_time": (10, 10),
    "sign_on_time": (9, 10),          # H never signed for
    "reply_rate": (8, 10),
    "on_time_reply_rate": (7, 10),    # E in time thanks to the extension; F late; G, H overdue
    "close_rate": (5, 10),
    "satisfaction": (4, 5),           # evaluated A, B, C, I, O; C's latest is dissatisfied; D left out
    "first_satisfaction": (3, 5),     # B and C were dissatisfied the first time
    "attitude": (5, 5),               # C's attitude was "basically"
    "first_attitude": (5, 5),
    "solved_rate": (2, 8),            # E and O replied A
    "solved_or_planned_rate": (7, 8),  # all but F (D)
    "meeting_rate": (7, 9),           # handled: all assigned but H; E only phoned, G no contact
}


@pytest.fixture
def fixture(make):
    return build(make)


def _sums(flt=None):
    return sums(db.session, flt or MetricFilter(), TODAY)


def test_every_figure_matches_the_hand_count(fixture):
    sums = _sums()
    for key, expected in COUNTS.items():
        f = FIGURES[key]
        assert not f.is_rate
        assert sums[f.num] == expected, key
    for key, (num, den) in RATES.items():
        f = FIGURES[key]
        assert (sums[f.num], sums[f.den]) == (num, den), key
    assert set(COUNTS) | set(RATES) == set(FIGURES), "every figure is checked"


def test_per_unit_figures(fixture):
    w, _ = fixture
    per = sums(db.session, MetricFilter(), TODAY, "unit_id")
    other = per[w.other_unit.id]  # F alone
    assert (other["assigned"], other["replied"], other["reply_in_time"], other["reply_due"]) == (1, 1, 0, 1)
    assert (other["evaluated"], other["met"], other["handled"], other["unit_overdue"]) == (0, 1, 1, 0)
    main = per[w.unit.id]
    assert (main["assigned"], main["replied"], main["closed"], main["unit_overdue"]) == (9, 7, 5, 2)
    assert per[None]["assigned"] == 0 and per[None]["total"] == 6  # not routed: main, J-N


@pytest.mark.parametrize("name,expected", [
    ("channel", (1, 1, 1)),     # O is the only session suggestion
    ("unit", (1, 1, 0)),        # F
    ("deputy", (1, 0, 0)),      # deputy2 leads only the main item (I is joint but deputy leads it)
    ("year", (15, 9, 3)),       # all but O (session of 2026); between items were submitted in 2025
])
def test_filters(fixture, name, expected):
    w, _ = fixture
    flt = {"channel": MetricFilter(channel=Channel.SESSION), "unit": MetricFilter(unit_id=w.other_unit.id),
           "deputy": MetricFilter(deputy_id=w.deputy2.id), "year": MetricFilter(year=2025)}[name]
    sums = _sums(flt)
    assert (sums["total"], sums["assigned"], sums["satisfied"]) == expected


def test_drill_down_lists_the_items_behind_a_figure(fixture):
    _, items = fixture
    total, found = drill(db.session, MetricFilter(), "satisfaction", "num", TODAY)
    assert total == 4 and {i.id for i in found} == {items[k].id for k in "ABIO"}
    total, found = drill(db.session, MetricFilter(), "satisfaction", "den", TODAY)
    assert {i.id for i in found} == {items[k].id for k in "ABCIO"}
    total, found = drill(db.session, MetricFilter(), "on_time_reply_rate", "den", TODAY)
    assert total == 10
    _, found = drill(db.session, MetricFilter(), "merged", "num", TODAY)
    assert [i.id for i in found] == [items["K"].id]


def test_trends_count_each_item_once_per_month(fixture):
    months = trends(db.session, MetricFilter())
    assert sum(m.get("assigned", 0) for m in months.values()) == 10
    assert sum(m.get("replied", 0) for m in months.values()) == 8  # first replies only, B and C once
    assert sum(m.get("closed", 0) for m in months.values()) == 5
    assert months["2025-12"]["submitted"] == 11  # A-I, L, N; O was submitted at the January session
    assert list(months) == sorted(months) and "2026-02" in months  # quiet months are kept


def test_due_soon_ends_five_working_days_ahead(fixture):
    calendar = load_calendar(db.session)
    # Wednesday 20 May 2026: Thu, Fri, Mon, Tue, Wed are the five working days.
    assert soon_until(calendar, TODAY) == TODAY.replace(day=27)


def test_the_rollups_give_the_live_figures(fixture):
    """After a refresh, every grain answers as the live queries do, for filters and breakdowns."""
    from datetime import UTC, datetime

    from tracker.domain.metrics.summary import latest_refresh, refresh_summary

    w, _ = fixture
    assert latest_refresh(db.session) is None
    refresh_summary(db.session, TODAY, datetime(2026, 5, 20, 2, tzinfo=UTC))
    assert latest_refresh(db.session).items == 16
    assert latest_refresh(db.session, 20_000) is None  # a small database stays live
    filters = [MetricFilter(), MetricFilter(year=2025), MetricFilter(channel=Channel.SESSION),
               MetricFilter(unit_id=w.other_unit.id), MetricFilter(deputy_id=w.deputy.id),
               MetricFilter(group_id=w.group.id, category_id=w.category.id)]
    for flt in filters:
        for by in (None, "unit_id", "category_id", "group_id", "deputy_id", "channel"):
            rolled = sums(db.session, flt, TODAY, by, summary=True)
            assert rolled == sums(db.session, flt, TODAY, by), (flt, by)
        assert trends(db.session, flt, summary=True) == trends(db.session, flt), flt


def test_the_refreshed_lists_and_drill_downs_are_the_live_ones(fixture):
    """The red-and-amber list, the key items and every figure's drill-down read from the refresh
    (metric_list, metric_item) give the live items, under every filter."""
    from datetime import UTC, datetime

    from tracker.domain.metrics.panels import key_items, urgency
    from tracker.domain.metrics.summary import refresh_summary

    w, items = fixture
    refresh_summary(db.session, TODAY, datetime(2026, 5, 20, 2, tzinfo=UTC))
    for flt in _filters(w):
        total = _sums(flt)
        live, rolled = (urgency(db.session, flt, TODAY, total, summary=s).entries for s in (False, True))
        # Equal due dates come in any order live; the refresh breaks ties by the deadline's id.
        live = sorted(((d.due_on, d.id, i.id, u, who) for d, i, u, who in live))
        assert [(d.due_on, d.id, i.id, u, who) for d, i, u, who in rolled] == live, flt
        keys = [[(k.item.id, k.mark.id, [r.id for r in k.reports]) for k in key_items(db.session, flt, s)]
                for s in (False, True)]
        assert keys[0] == keys[1], flt
        for key, figure in FIGURES.items():
            for part in ("num", "den") if figure.is_rate else ("num",):
                n, found = drill(db.session, flt, key, part, TODAY)
                assert drill(db.session, flt, key, part, TODAY, summary=True) == (n, found), (flt, key, part)
    everything = _sums()
    assert len(urgency(db.session, MetricFilter(), TODAY, everything, summary=True).entries) == \
        everything["deadlines_overdue"] > 0
    assert [k.item.id for k in key_items(db.session, MetricFilter(), True)] == [items["G"].id]


def test_drill_down_pages_follow_on(fixture):
    """Keyset pages: each starts after the last id of the one before, together they are the whole list."""
    from datetime import UTC, datetime

    from tracker.domain.metrics.summary import refresh_summary

    _, items = fixture
    refresh_summary(db.session, TODAY, datetime(2026, 5, 20, 2, tzinfo=UTC))
    for summary in (False, True):
        total, whole = drill(db.session, MetricFilter(), "total", "num", TODAY, summary=summary)
        pages, after = [], 0
        while found := drill(db.session, MetricFilter(), "total", "num", TODAY, limit=5, after=after,
                             summary=summary)[1]:
            pages.append([i.id for i in found])
            after = found[-1].id
        assert total == 16 and [len(p) for p in pages] == [5, 5, 5, 1]
        assert sum(pages, []) == [i.id for i in whole]
    # A tally counts items, not what it tallies: L was returned twice.
    for summary in (False, True):
        total, found = drill(db.session, MetricFilter(), "return_rounds", "num", TODAY, summary=summary)
        assert total == 1 and [i.id for i in found] == [items["L"].id]


def _filters(w):
    return [MetricFilter(), MetricFilter(year=2025), MetricFilter(year=2026),
            MetricFilter(channel=Channel.SESSION),
            MetricFilter(unit_id=w.other_unit.id), MetricFilter(deputy_id=w.deputy.id),
            MetricFilter(group_id=w.group.id, category_id=w.category.id, session_id=w.session.id)]


def test_filters_on_the_suggestion_table_pick_the_same_items(fixture):
    from sqlalchemy import select

    from tracker.domain.metrics.facts import dimensions
    from tracker.models import Suggestion

    w, _ = fixture
    dims = dimensions()[0].subquery()
    for flt in _filters(w):
        by_dims = set(db.session.scalars(select(dims.c.id).where(*flt.conditions(dims.c))))
        direct = set(db.session.scalars(select(Suggestion.id).where(*flt.on_suggestion())))
        assert by_dims == direct, flt


def test_open_deadlines_in_three_colours(fixture):
    from sqlalchemy import func, select

    from tracker.domain.metrics.panels import urgency
    from tracker.models import Deadline
    from tracker.workflow import WINDOW_KINDS

    total = _sums()
    open_ = select(func.count()).select_from(Deadline).where(
        Deadline.closed_at.is_(None), Deadline.kind.not_in(WINDOW_KINDS))
    until = soon_until(load_calendar(db.session), TODAY)
    assert total["deadlines_overdue"] == db.session.scalar(open_.where(Deadline.due_on < TODAY)) > 0
    assert total["deadlines_soon"] == db.session.scalar(open_.where(Deadline.due_on.between(TODAY, until)))
    assert total["deadlines_on_time"] == db.session.scalar(open_.where(Deadline.due_on > until)) > 0
    panel = urgency(db.session, MetricFilter(), TODAY, total)
    assert [e[2] for e in panel.entries] == ["overdue"] * len(panel.entries)  # nothing due within a week
    assert len(panel.entries) == total["deadlines_overdue"]


def test_the_celery_task_refreshes_the_rollups(fixture, app, monkeypatch):
    from tracker.domain.metrics.summary import latest_refresh, rollup_sums
    from workers.tasks.metrics import refresh

    monkeypatch.setitem(app.config, "CLOCK_NOW", "2026-05-20T02:00:00+00:00")
    assert refresh() >= 0  # run in this process, inside the app context, as the worker would
    row = latest_refresh(db.session)
    assert row.as_of == TODAY and row.items == 16
    assert rollup_sums(db.session, MetricFilter())[None] == _sums()


def test_a_report_is_named_by_its_session_its_year_or_all_years_and_counted_live_when_small(make):
    congress = make.congress_session(ordinal=5)
    assert scope_name(db.session, MetricFilter(session_id=congress.id), "en") == congress.name
    names = {MetricFilter(year=2026): ["2026年", "2026"], MetricFilter(): ["全部年度", "All years"]}
    for flt in names:
        assert [scope_name(db.session, flt, lang) for lang in ("zh", "en")] == names[flt]
    report, refresh = report_for(db.session, MetricFilter(year=2026), TODAY, "zh", summary_from=0)
    assert refresh is None and report.scope == "2026年"  # nothing refreshed yet: counted live
