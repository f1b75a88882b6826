"""The published yearly report: the office publishes and withdraws; guests read the frozen copy, its XLSX."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.web.helpers import text
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.panels import sums
from tracker.extensions import db
from tracker.models import AuditEvent, PublishedReport, Reply, User
from tracker.web.labels import today
from tracker.workflow import State

YEAR = "year-2026"


@pytest.fixture
def items(world, item_in):
    """Three items of 2026 (replied, closed, in handling) and every user with distinctive contacts."""
    made = [item_in(State.REPLIED), item_in(State.CLOSED), item_in(State.IN_HANDLING)]
    for user in db.session.scalars(select(User)):
        user.name = f"{user.name}·{user.id}号"
        user.phone, user.email = f"1380000{user.id:04d}", f"private-{user.id}@contact.test"
    db.session.commit()
    return made


def publish(client, *, confirm=True, digest=None, **scope):
    scope = scope or {"year": 2026}
    page = text(client.get("/reports/yearly", query_string=scope))
    found = re.search(r'name="digest" type="hidden" value="([0-9a-f]+)"', page)
    data = {**scope, "digest": digest or found.group(1)}
    if confirm:
        data["confirm"] = "y"
    return client.post("/reports/yearly/publish", data=data)


def figures_on(html: str) -> dict[str, tuple[int, int | None]]:
    return {m[1]: (int(m[2]), int(m[3]) if m[3] else None) for m in re.finditer(
        r'<tr data-figure="(\w+)" data-num="(\d+)"(?: data-den="(\d+)")?', html)}


def no_person(html: str) -> None:
    for user in db.session.scalars(select(User)):
        for personal in (user.name, user.username, user.email, user.phone):
            assert personal not in html, personal
    assert "contact.test" not in html


def test_the_office_publishes_after_confirming(client, auth, world, items):
    office = auth.as_(world.office)
    page = text(office.get("/reports/yearly?year=2026"))
    assert 'id="publish-form"' in page and 'data-published="0"' in page and "第1版" in page
    response = publish(office, confirm=False)
    assert response.status_code == 302 and db.session.scalar(func.count(PublishedReport.id)) == 0
    assert "请勾选" in text(office.get(response.headers["Location"]))
    response = publish(office)
    assert response.status_code == 302
    row = db.session.scalars(select(PublishedReport)).one()
    assert (row.scope_key, row.version, row.published_by_id) == (YEAR, 1, world.office.id)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "publish_report")).one()
    assert event.actor_id == world.office.id and event.data["version"] == 1
    page = text(office.get(response.headers["Location"]))
    assert 'data-published="1"' in page and 'data-version="1"' in page
    assert "/public/chengdong/reports/year-2026" in page


def test_publishing_needs_one_session_or_one_year(client, auth, world, items):
    office = auth.as_(world.office)
    page = text(office.get(f"/reports/yearly?year=2026&unit_id={world.unit.id}"))
    assert 'id="publish-form"' not in page and 'id="publish-hint"' in page
    response = office.post("/reports/yearly/publish", data={"digest": "x", "confirm": "y"})
    assert response.status_code == 302 and db.session.scalar(func.count(PublishedReport.id)) == 0


def test_figures_changed_since_the_page_was_read_are_not_published(client, auth, world, items):
    office = auth.as_(world.office)
    response = publish(office, digest="0" * 32)
    assert response.status_code == 302 and db.session.scalar(func.count(PublishedReport.id)) == 0
    assert "数字已有变化" in text(office.get(response.headers["Location"]))


@pytest.mark.parametrize("who", ["supervisor", "deputy", "handler"])
def test_only_the_office_publishes(client, auth, world, items, who):
    user = auth.as_(getattr(world, who))
    assert user.post("/reports/yearly/publish", data={"year": 2026, "digest": "x",
                                                      "confirm": "y"}).status_code == 403
    assert user.get(f"/reports/published/{YEAR}/withdraw").status_code == 403
    if who == "supervisor":  # sees the card and its versions, without the forms
        page = text(user.get("/reports/yearly?year=2026"))
        assert 'id="publish"' in page and 'id="publish-form"' not in page


def test_guests_read_the_published_copy_in_both_languages(client, auth, world, items):
    # not published: no draft shows
    assert client.get("/public/chengdong/reports/year-2026").status_code == 404
    assert client.get("/reports/yearly?year=2026").status_code == 302  # the office's page needs a login
    assert 'data-report="year-2026"' not in text(client.get("/public/chengdong/reports"))
    office = auth.as_(world.office)
    office_page = text(office.get("/reports/yearly?year=2026"))
    publish(office)
    auth.logout()
    listing = text(client.get("/public/chengdong/reports"))
    assert 'data-report="year-2026"' in listing and "2026年" in listing
    response = client.get("/public/chengdong/reports/year-2026")
    assert response.status_code == 200
    html = text(response)
    for paragraph in re.findall(r'<p data-paragraph="\d+">(.*?)</p>', office_page):
        assert paragraph in html
    shown = figures_on(html)
    row = db.session.scalars(select(PublishedReport)).one()
    frozen = {k: tuple(row.snapshot["values"][k]) for k in row.snapshot["order"]}
    assert shown == frozen | {k: tuple(v) for k, v in row.snapshot["liaison"].items()}
    assert shown["submitted"][0] == 3 and world.unit.name in html
    no_person(html)
    assert "/dashboard/items" not in html and "action-bar" not in html  # no drill-down for guests
    en = text(client.get("/public/chengdong/reports/year-2026?lang=en"))
    assert "suggestions were received" in en
    assert "<h1 data-scope>Handling of deputies' suggestions: 2026</h1>" in en
    no_person(en)
    assert 'id="reports-link"' in text(client.get("/public/chengdong"))


def test_the_public_copy_does_not_drift(client, auth, world, items):
    publish(auth.as_(world.office))
    before = figures_on(text(client.get("/public/chengdong/reports/year-2026")))
    reply = db.session.scalars(select(Reply).where(Reply.suggestion_id == items[0].id)).first()
    reply.category = "A" if reply.category != "A" else "D"
    db.session.commit()
    assert figures_on(text(client.get("/public/chengdong/reports/year-2026"))) == before
    live = sums(db.session, MetricFilter(year=2026), today())
    assert live["solved"] != before["solved_rate"][0]  # the live figure moved, the published one not


def test_the_xlsx_is_the_published_copy(client, auth, world, items):
    publish(auth.as_(world.office))
    auth.logout()
    html = text(client.get("/public/chengdong/reports/year-2026"))
    response = client.get("/public/chengdong/reports/year-2026.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    rows = list(book["指标"].iter_rows(min_row=2, values_only=True))
    shown = figures_on(html)
    assert len(rows) == len(shown)
    labels = dict(re.findall(r'<tr data-figure="(\w+)"[^>]*>\s*<td>([^<]+)<', html))
    for label, value, num, den, _formula in rows:
        key = next(k for k, v in labels.items() if v == label)
        assert (num, den) == shown[key], key
        if den:
            assert value == pytest.approx(num / den, abs=1e-4)
    units = {r[0]: r for r in book["承办单位"].iter_rows(min_row=2, values_only=True)}
    assert units[world.unit.name][1] == 3  # assigned, as on the page's unit table
    assert re.search(rf'<tr data-row="{world.unit.name}">.*?data-col="assigned">3<', html, re.S)
    summary = " ".join(str(c.value) for c in book["概况"]["A"])
    for paragraph in re.findall(r'<p data-paragraph="\d+">(.*?)</p>', html):
        assert paragraph.replace("&#34;", '"') in summary
    no_person(summary)
    en = load_workbook(io.BytesIO(client.get("/public/chengdong/reports/year-2026.xlsx?lang=en").data))
    assert "Figures" in en.sheetnames


def test_republishing_lists_earlier_versions(client, auth, world, items, clock):
    office = auth.as_(world.office)
    publish(office)
    clock("2026-05-21T02:00:00+00:00")
    office = auth.as_(world.office)  # a day later: yesterday's login has ended (12 hours at most)
    publish(office)
    auth.logout()
    html = text(client.get("/public/chengdong/reports/year-2026"))
    assert 'data-version="2"' in html and "data-earlier" not in html
    assert 'href="/public/chengdong/reports/year-2026?version=1"' in html
    old = text(client.get("/public/chengdong/reports/year-2026?version=1"))
    assert "data-earlier" in old and '<article class="report-sheet" data-version="1"' in old
    assert client.get("/public/chengdong/reports/year-2026.xlsx?version=1").status_code == 200
    assert client.get("/public/chengdong/reports/year-2026?version=9").status_code == 404
    assert text(client.get("/public/chengdong/reports")).count('data-report="year-2026"') == 1


def test_withdrawn_reports_disappear(client, auth, world, items):
    office = auth.as_(world.office)
    publish(office)
    publish(office)
    page = office.get(f"/reports/published/{YEAR}/withdraw")
    assert page.status_code == 200 and text(page).count('data-version="') == 2
    typed = "长" * 501
    response = office.post(f"/reports/published/{YEAR}/withdraw", data={"reason": typed})
    assert response.status_code == 400 and typed in text(response)  # what was typed is kept
    assert office.post(f"/reports/published/{YEAR}/withdraw", data={"reason": " "}).status_code == 400
    response = office.post(f"/reports/published/{YEAR}/withdraw", data={"reason": "口径有误，更正后重发。"})
    assert response.status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "withdraw_report")).one()
    assert event.reason == "口径有误，更正后重发。" and event.actor_id == world.office.id
    assert "口径有误" in text(office.get("/reports/yearly?year=2026"))  # the office still sees why
    auth.logout()
    for url in ("/public/chengdong/reports/year-2026", "/public/chengdong/reports/year-2026?version=1",
                "/public/chengdong/reports/year-2026.xlsx"):
        assert client.get(url).status_code == 404, url
    listing = text(client.get("/public/chengdong/reports"))
    assert 'data-report="year-2026"' not in listing and "data-empty" in listing


@pytest.mark.parametrize("url", [f"/public/chengdong/reports/{tail}" for tail in (
    "nonsense", "session-999999", "year-2026?version=x", "year-x.xlsx")])
def test_unknown_reports_are_404(client, url):
    assert client.get(url).status_code == 404
