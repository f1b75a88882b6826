"""The dashboard, the drill-down lists, the yearly report page and its XLSX agree with the domain."""

from __future__ import annotations

import io
import re
from itertools import cycle

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from seeds.paths import PATHS, Step, Walker
from tests.factories import at
from tests.metrics_fixture import TODAY, build
from tests.web.helpers import CHEAP_HASH, text
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.figures import FIGURES
from tracker.domain.metrics.panels import sums
from tracker.domain.metrics.report import REPORT_FIGURES
from tracker.extensions import db
from tracker.models import Suggestion, User
from tracker.workflow import Action, Channel, Role, State


@pytest.fixture
def fixture(make, world):
    w, items = build(make, world)
    for user in db.session.query(User):
        user.password_hash = CHEAP_HASH
    db.session.commit()
    return w, items


def _domain():
    return sums(db.session, MetricFilter(), TODAY)


def _cards(html: str) -> dict[str, tuple[int, int | None]]:
    found = {}
    for m in re.finditer(r'data-figure="(\w+)" data-num="(\d+)"(?: data-den="(\d+)")?', html):
        found.setdefault(m.group(1), (int(m.group(2)), int(m.group(3)) if m.group(3) else None))
    return found


def test_dashboard_shows_the_domain_figures_in_both_languages(fixture, auth):
    w, _ = fixture
    client = auth.as_(w.supervisor)
    sums = _domain()
    for lang, word in (("zh", "答复率"), ("en", "Reply rate")):
        response = client.get(f"/dashboard?lang={lang}")
        html = text(response)
        assert response.status_code == 200 and word in html
        cards = _cards(html)
        assert len(cards) >= 15
        for key, (num, den) in cards.items():
            f = FIGURES[key]
            assert num == sums[f.num], key
            assert den == (sums[f.den] if f.den else None), key
        assert 'id="dash-data"' in html and "echarts.min.js" in html
        assert re.search(r'data-freshness="live"', html)


def test_chart_data_is_the_table_data(fixture, auth):
    w, _ = fixture
    html = text(auth.as_(w.office).get("/dashboard"))
    import json
    data = json.loads(re.search(r'<script type="application/json" id="dash-data">(.*?)</script>', html, re.S)
                      .group(1))
    sums = _domain()
    assert data["funnel"]["values"][0] == sums["total"]
    units = dict(zip(data["units"]["names"], data["units"]["series"][0]["values"], strict=True))
    assert units[w.other_unit.name] == 100.0  # F replied: 1 of 1
    assert sum(s for s in data["trends"]["series"][1]["values"]) == sums["assigned"]


def test_report_page_and_xlsx_agree_with_the_domain(fixture, auth):
    w, _ = fixture
    client = auth.as_(w.supervisor)
    sums = _domain()
    html = text(client.get("/reports/yearly?year=2025"))
    assert "共收到代表建议11件" in html  # A-I, L, N were submitted in 2025; O at the 2026 session
    html = text(client.get("/reports/yearly"))
    assert f"共收到代表建议{sums['submitted']}件" in html
    assert "答复率80.0%" in html and "满意率80.0%" in html and "初次满意率60.0%" in html
    assert "另有1件代表未反馈意见" in html
    response = client.get("/reports/yearly.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["指标"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    for key in REPORT_FIGURES:
        f = FIGURES[key]
        label, value, num, den = rows[f.zh][:4]
        assert num == sums[f.num], key
        if f.is_rate:
            assert den == sums[f.den] and value == pytest.approx(num / den, abs=1e-4), key
        else:
            assert value == num, key
    units = {r[0]: r for r in book["承办单位"].iter_rows(min_row=2, values_only=True)}
    assert units[w.other_unit.name][1] == 1  # F: assigned
    assert f"共收到代表建议{sums['submitted']}件" in "".join(str(c.value) for c in book["概况"]["A"])
    en = text(client.get("/reports/yearly?lang=en"))
    assert f"{sums['submitted']} suggestions were received" in en


def test_drill_down_lists_the_right_items(fixture, auth):
    w, items = fixture
    client = auth.as_(w.office)
    html = text(client.get("/dashboard/items?key=satisfaction&part=num"))
    shown = {int(i) for i in re.findall(r'<tr data-item="(\d+)"', html)}
    assert shown == {items[k].id for k in "ABIO"}
    html = text(client.get(f"/dashboard/items?key=replied&part=num&unit_id={w.other_unit.id}"))
    assert {int(i) for i in re.findall(r'<tr data-item="(\d+)"', html)} == {items["F"].id}
    # The unit table links each cell to its drill-down with the unit added to the filter.
    page = text(client.get("/dashboard"))
    assert f"key=reply_rate&amp;part=num&amp;unit_id={w.other_unit.id}" in page


def test_drill_down_pages_from_the_summary_say_how_fresh(fixture, auth, app, monkeypatch):
    """Read from the refreshed summary, the list says so and when, and pages on by the last id shown."""
    from tracker.domain.metrics.summary import refresh_summary

    w, _ = fixture
    client = auth.as_(w.office)
    assert 'data-freshness="live"' in text(client.get("/dashboard/items?key=total"))
    refresh_summary(db.session, TODAY, at(2026, 5, 20))
    db.session.commit()
    monkeypatch.setitem(app.config, "METRICS_SUMMARY_MIN_ITEMS", 0)
    monkeypatch.setattr("tracker.web.dashboard.views.DRILL_LIMIT", 5)
    html = text(client.get("/dashboard/items?key=total"))
    everything = sorted(db.session.scalars(select(Suggestion.id)))
    assert 'data-freshness="summary"' in html
    assert _domain()["total"] == len(everything)
    assert re.search(rf'data-count="items">{len(everything)}<', html)
    shown, url = [], "/dashboard/items?key=total"
    while url:
        html = text(client.get(url))
        shown += [int(i) for i in re.findall(r'<tr data-item="(\d+)"', html)]
        nxt = re.search(r'rel="next" href="([^"]+)"', html)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
    assert shown == everything and len(everything) > 5  # several pages
    for bad in ("x", "-1", "99999999999"):
        response = client.get(f"/dashboard/items?key=total&after={bad}")
        assert response.status_code == 400 and "data-error" in text(response), bad


@pytest.mark.parametrize("query", ["year=abc", "unit_id=999999", "channel=nope", "session_id=x"])
def test_bad_filters_get_a_clear_400(fixture, auth, query):
    w, _ = fixture
    client = auth.as_(w.supervisor)
    for url in ("/dashboard", "/reports/yearly", "/reports/yearly.xlsx"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert "data-error" in text(response)


def test_unknown_figure_is_a_400(fixture, auth):
    w, _ = fixture
    response = auth.as_(w.supervisor).get("/dashboard/items?key=bogus")
    assert response.status_code == 400 and "data-error" in text(response)


def test_only_supervisors_and_the_office_see_it(fixture, auth):
    w, _ = fixture
    for user, status in ((w.deputy, 403), (w.handler, 403), (w.office, 200), (w.supervisor, 200)):
        client = auth.as_(user)
        for url in ("/dashboard", "/reports/yearly", "/dashboard/items?key=total"):
            assert client.get(url).status_code == status, (user.name, url)


KEY = Step(Action.MARK_KEY, "supervisor", Role.SUPERVISOR, data=lambda c, a: {
    "leader": "王主任", "report_dates": "2026-12-31", "supervising_committee": c.committee.id})
STATES = [State.CLOSED, State.IN_HANDLING, State.REPLIED, State.ESCALATED, State.DRAFT, State.MERGED,
          State.RETURNED, State.ASSIGNED, State.NOT_REGISTERED, State.REHANDLING]


def _statements(client, url: str) -> int:
    seen = []

    def count(*args):
        seen.append(1)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


# Drill-down lists: counts, rates' numerators and denominators, filtered and not.
DRILLS = ("/dashboard/items?key=total", "/dashboard/items?key=reply_rate&part=den",
          "/dashboard/items?key=close_rate&part=num", "/dashboard/items?key=key",
          "/dashboard/items?key=total&year=2026", "/dashboard/items?key=overdue")


def test_statements_do_not_grow_with_items(make, world, auth, app, monkeypatch):
    """5 then 50 suggestions (each with its own deputy, several states, key items): same statements,
    live and from the refreshed summary."""
    from tracker.domain.metrics.summary import refresh_summary

    for user in db.session.query(User):
        user.password_hash = CHEAP_HASH
    states = cycle(STATES)
    counts = []
    for n in (5, 50):
        while len(world_items := db.session.query(User).filter(User.name.like("代表%")).all()) < n:
            deputy = make.user(Role.DEPUTY, name=f"代表{len(world_items)}", group_id=world.group.id)
            state = next(states)
            channel, steps = PATHS[state]
            item = make.suggestion(deputy, channel=channel, category=world.category,
                                   session=world.session if channel is Channel.SESSION else None)
            cast = type("Cast", (), {**vars(world), "deputy": deputy})
            Walker(cast, at(2026, 3, 2)).play(item, steps + ([KEY] if state is State.IN_HANDLING else []))
        db.session.commit()
        client = auth.as_(world.supervisor)
        urls = ("/dashboard", "/reports/yearly", *DRILLS)
        monkeypatch.setitem(app.config, "METRICS_SUMMARY_MIN_ITEMS", 10**9)  # live
        live = tuple(_statements(client, url) for url in urls)
        refresh_summary(db.session, TODAY, at(2026, 3, 3))
        db.session.commit()
        monkeypatch.setitem(app.config, "METRICS_SUMMARY_MIN_ITEMS", 0)
        counts.append((live, tuple(_statements(client, url) for url in urls)))
        for url in DRILLS:  # every list shows rows, so the counts above are of non-empty pages
            assert re.search(r'<tr data-item="\d+"', text(client.get(url))), (n, url)
    assert counts[0] == counts[1] and min(counts[0][0] + counts[0][1]) > 5, counts
    assert db.session.query(Suggestion).filter(Suggestion.is_key.is_(True)).count() == 5


def test_guests_are_sent_to_login(client):
    for url in ("/dashboard", "/dashboard/items?key=total", "/reports/yearly", "/reports/yearly.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
