"""Two congresses, a full world in each: for every route of the url_map that names a row, every
signed-in role of congress A (and a guest) asking for congress B's row gets what a row that does
not exist gets, and that is never a page (200); lists, exports, search, the similar finder, the
dashboard and the public pages of A never show B's items.

The routes come from app.url_map: each URL argument is either one of B's row ids below (ARGS) or
named in NOT_A_ROW with why, so a new route cannot escape this test.
"""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.isolation_worlds import SUBJECT, two_congresses
from tests.web.helpers import text
from tracker import create_app, tenancy
from tracker.extensions import db
from tracker.models import UserRole
from tracker.workflow import Role

# URL argument -> which of the other congress's rows it names (a key of Side.ids).
ARGS = {"item_id": "item_id", "reply_id": "reply_id", "attachment_id": "attachment_id",
        "opinion_id": "opinion_id", "notice_id": "notice_id", "session_id": "session_id",
        "unit_id": "unit_id", "congress_id": "congress_id", "scope_key": "scope_key",
        "user_id": "user_id", "row_id": "unit_id", "provider_id": "provider_id",
        "reason_id": "return_reason_id", "account_id": "service_account_id", "token_id": "api_token_id",
        "hook_id": "hook_id", "delivery_id": "webhook_delivery_id"}
JOBS = {"exports": "export_job_id", "imports": "import_job_id",  # job_id, by blueprint
        "admin_roster": "roster_job_id", "api_v1": "export_job_id"}
# Arguments that name no row of a congress: filled with a fixed value, the route then still
# needs one of ARGS to be in the matrix.
NOT_A_ROW = {"action": "an action's code (the row is the item or opinion beside it)",
             "code": "a deadline kind's ladder: platform-wide", "key": "a rule's key: platform-wide",
             "source": "a list's name: its rows are the lists' (test_lists_and_exports_...)",
             "filename": "a static file", "congress": "the public pages' congress (test_public_...)",
             "kind": "an organisation table's name (the row is row_id: B's unit)",
             "token": "a signed password-reset token: a person's, platform-wide",
             "old": "a version's number within the item beside it", "new": "the same"}
FIXED = {"action": "withdraw", "code": "reply", "key": "reply", "source": "items", "filename": "x",
         "kind": "unit", "token": "x", "old": "1", "new": "1"}
MISSING = {"scope_key": "year-1999"}  # a row that exists nowhere; ids use 999999
# A report's scope key names a period, which A has too: A's own (unpublished) 2026 report is A's
# page to show; what must not show is B's published copy (test_public_pages_...).
A_PERIOD = {"publication.withdraw"}
ROLES = ("deputy", "group_leader", "committee_staff", "office", "handler", "leader", "co_handler",
         "supervisor", "admin", None)  # None: a guest


def _rules():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    out = []
    for rule in app.url_map.iter_rules():
        args = set(rule.arguments) - set(rule.defaults or {})
        assert args <= set(ARGS) | {"job_id"} | set(NOT_A_ROW), (rule.rule, args)
        if args & (set(ARGS) | {"job_id"}) and "congress" not in args:
            method = "GET" if "GET" in (rule.methods or ()) else "POST"
            out.append((rule.endpoint, rule.rule, method))
    return sorted(out)


RULES = _rules()


def _url(rule: str, endpoint: str, ids: dict, missing: bool) -> str:
    def value(name: str) -> str:
        if name in FIXED:
            if name == "action" and endpoint.startswith("liaison"):
                return "refer"
            return FIXED[name]
        key = JOBS[endpoint.split(".")[0]] if name == "job_id" else ARGS[name]
        return str(MISSING.get(name, 999999)) if missing else str(ids[key])
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: value(m.group(1)), rule)


@pytest.fixture
def sides(app, make, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    return two_congresses(make, str(tmp_path / "attachments"))


def _ask(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_every_route_answers_another_congresss_row_as_if_it_did_not_exist(client, auth, sides):
    a, b = sides
    asked, not_found = 0, 0
    wrong = []
    for role in ROLES:
        auth.logout()
        if role is not None:
            auth.as_(getattr(a.world, role))
        for endpoint, rule, method in RULES:
            if endpoint == "congress.choose" and role == "deputy":
                continue  # A's deputy is B's too: choosing B is theirs (test_a_shared_deputy_...)
            theirs = _ask(client, method, _url(rule, endpoint, b.ids, missing=False))
            none = _ask(client, method, _url(rule, endpoint, b.ids, missing=True))
            asked += 1
            not_found += theirs.status_code == 404
            # B's titles, files and names carry its mark (the shared deputy's picker names B: theirs).
            leaked = b.mark in theirs.get_data(as_text=True)
            theirs.close()
            none.close()
            same = theirs.status_code == none.status_code and theirs.status_code != 200
            if leaked or not (same or endpoint in A_PERIOD):
                wrong.append((role, endpoint, theirs.status_code, none.status_code, leaked))
    assert wrong == []
    objects = len(set(ARGS.values()) | set(JOBS.values()))
    print(f"\nisolation matrix: {len(RULES)} routes x {len(ROLES)} roles ({objects} kinds of row): "
          f"{asked} requests, {not_found} answered 404, the rest as for a missing row")
    assert not_found > asked // 2  # most are 404; the rest the same login or role gate as for none


def test_a_shared_deputy_sees_each_congress_only_there_and_picks_between_them(client, auth, sides):
    a, b = sides
    shared = auth.as_(a.world.deputy)
    home = text(shared.get("/"))
    assert 'class="congress-picker"' in home  # the header's picker, with both congresses
    assert f'action="/congress/{a.congress.id}"' in home and f'action="/congress/{b.congress.id}"' in home
    assert a.mark in home and b.mark not in home
    assert shared.get(f"/items/{a.ids['item_id']}").status_code == 200
    assert shared.get(f"/items/{b.ids['item_id']}").status_code == 404
    assert shared.post(f"/congress/{b.congress.id}").status_code == 302
    there = text(shared.get("/"))
    assert a.mark not in there and b.congress.short_name in there
    assert shared.get(f"/items/{a.ids['item_id']}").status_code == 404
    assert shared.get(f"/items/{b.ids['item_id']}").status_code == 403  # B's, not theirs: no 404 now
    # Someone of A alone cannot pick B.
    assert auth.as_(a.world.office).post(f"/congress/{b.congress.id}").status_code == 404


def test_roles_held_in_another_congress_open_nothing_here(client, auth, sides):
    """A's deputy is the office clerk of B: while working in A they are a deputy only (the roles
    read with the person on every page are A's), in B the clerk; on every request, not just the
    first (the second is served from the congress the cookie remembers)."""
    a, b = sides
    with tenancy.scope(db.session, b.congress.id):
        db.session.add(UserRole(user_id=a.world.deputy.id, role=Role.OFFICE_STAFF))
        db.session.commit()
    shared = auth.as_(a.world.deputy)
    for _ in range(2):
        db.session.expunge_all()  # read afresh, as a request of its own process does
        assert [shared.get(p).status_code for p in ("/office/routing", "/review")] == [403, 403]
    assert shared.post(f"/congress/{b.congress.id}").status_code == 302
    for _ in range(2):
        db.session.expunge_all()
        assert shared.get("/office/routing").status_code == 200


LISTS = ("/", "/items", "/review", "/inbox", "/dashboard", "/dashboard?by=unit_id", "/followup",
         "/liaison", "/liaison/all", "/notices", "/supervision/dissatisfied", "/supervision/key",
         "/supervision/requests", "/admin/sessions", "/office/routing", "/documents/assignment-notices",
         "/reports/yearly?year=2026", f"/search?q={SUBJECT[2:8]}",
         f"/api/v1/similar?title={SUBJECT}&text=积水", "/api/v1/liaison/opinions", "/api/v1/notices",
         "/api/v1/dashboard", "/api/v1/reports/yearly?year=2026")
EXPORTS = ("/export/items", "/export/review", "/export/inbox", "/export/routing",
           f"/export/search?q={SUBJECT[2:8]}", "/reports/yearly.xlsx?year=2026")


def _cells(response) -> str:
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)


@pytest.mark.parametrize("role", [r for r in ROLES if r is not None])
def test_lists_exports_search_and_figures_show_only_their_congress(client, auth, sides, role):
    a, b = sides
    user = auth.as_(getattr(a.world, role))
    for url in LISTS:
        page = user.get(url)
        assert page.status_code in (200, 302, 403), url
        body = page.get_data(as_text=True)
        assert b.mark not in body and f"/items/{b.ids['item_id']}\"" not in body, (role, url)
    for url in EXPORTS:
        got = user.get(url)
        if got.status_code == 200 and got.mimetype.endswith("sheet"):
            assert b.mark not in _cells(got), (role, url)


def test_the_dashboard_counts_only_its_congress(client, auth, sides):
    a, b = sides
    page = text(auth.as_(a.world.office).get("/dashboard"))
    total = re.search(r'data-figure="total"[^>]*>\s*<[^>]*>\s*(\d+)', page) or re.search(
        r'data-key="total"[^>]*data-value="(\d+)"', page)
    if total:  # the figure's markup: counted items are A's alone
        assert int(total.group(1)) == len(a.items) + 1


def test_public_pages_per_congress_and_the_old_links_move(client, sides):
    a, b = sides
    east, west = text(client.get("/public/chengdong")), text(client.get("/public/chengxi"))
    # The same list name, filters and data generation: the page cache keeps them apart by congress.
    assert b.mark not in east and a.mark not in west
    assert client.get(f"/public/chengdong/items/{b.ids['item_id']}").status_code == 404
    assert client.get("/public/chengdong/reports/year-2026").status_code == 404  # only B published
    assert client.get("/public/chengxi/reports/year-2026").status_code == 200
    assert client.get("/public/nowhere").status_code == 404
    for old, new in (("/public", "/public/chengdong"), ("/public/reports", "/public/chengdong/reports"),
                     ("/public/items/5?lang=en", "/public/chengdong/items/5?lang=en"),
                     ("/public/reports/year-2026.xlsx", "/public/chengdong/reports/year-2026.xlsx")):
        moved = client.get(old)
        assert moved.status_code == 308 and moved.headers["Location"].endswith(new), old
    export = client.get("/public/chengxi/export")
    assert export.status_code == 200 and a.mark not in _cells(export)


def test_a_download_link_of_another_congress_is_404_even_on_ones_own_item(client, auth, sides):
    a, b = sides
    office = auth.as_(a.world.office)
    assert office.get(f"/items/{a.ids['item_id']}/attachments/{b.ids['attachment_id']}").status_code == 404
    own = office.get(f"/items/{a.ids['item_id']}/attachments/{a.ids['attachment_id']}")
    assert own.status_code == 200
    own.close()
    assert office.get(f"/jobs/{b.ids['export_job_id']}/download").status_code == 404
    db.session.rollback()
