"""The API's access matrix: every /api/v1 operation × every role × the caller's own and a foreign
suggestion: no unauthorised read or write.

The operations come from app.url_map (every rule under /api/v1), so a new operation cannot escape:
an argument other than a suggestion's id (or a version number beside it) fails the test until it is
taught what that argument names, and an operation on no suggestion must be listed in UNSCOPED.
Reads of a foreign suggestion (another deputy's draft, one no unit of the caller handles) are 403
or 404 and never carry its title; the list never includes it. Writes on a foreign suggestion, and
on the caller's own of any action the engine does not offer them, change nothing (state, version,
audit events) and are answered 403/404/409/422 (a guest 401), never 2xx or 5xx.
Who may see what is written out in VISIBLE by hand, not asked of the code under test.
The other congress's rows (every route, the API's included) are tests/web/test_isolation_matrix.py's.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from marshmallow import fields
from sqlalchemy import select

from seeds.paths import PATHS, Walker
from tests.factories import at
from tests.web.helpers import events
from tests.web.test_isolation_matrix import ROLES
from tracker import create_app
from tracker.domain.core.engine import offers
from tracker.extensions import db
from tracker.models import Category, Committee, Suggestion
from tracker.web.api.actions import body_schema
from tracker.workflow import FIELDS, Action, Kind, Role, State

# The four suggestions of the matrix, each with a title found nowhere else.
TITLES = {"own_draft": "关于矩阵测试甲代表草稿的建议", "assigned": "关于矩阵测试已交办事项的建议",
          "other_draft": "关于矩阵测试乙代表草稿的建议", "elsewhere": "关于矩阵测试他处办理事项的建议"}
SEE_ALL = {"own_draft", "assigned", "other_draft", "elsewhere"}
# Who may open which, by the ownership rules of docs/WORKFLOW.md: the author, the author's group
# leader and the category's committee once it is sent, the units it is assigned to (lead and co),
# and the office, the supervisor and the administrator, who see the whole congress.
VISIBLE = {"deputy": {"own_draft", "assigned"}, "group_leader": {"assigned"},
           "committee_staff": {"assigned"}, "office": SEE_ALL, "handler": {"assigned"},
           "leader": {"assigned"}, "co_handler": {"assigned"}, "supervisor": SEE_ALL,
           "admin": SEE_ALL, None: set()}
# Operations on another kind of row, or writes besides the workflow table's actions: each named with
# the test of who may and may not (the other congress's rows: test_isolation_matrix.py, every route).
ELSEWHERE = {
    "api_v1.create_draft": "a new draft is the caller's own (test_api_more: draft refusals)",
    "api_v1.edit_draft": "another's draft is 403 (test_api_more: test_draft_refusals)",
    "api_v1.DraftAttachments": "another's draft's files are 403 (test_api_more: file refusals)",
    "api_v1.start_export": "an export is the caller's job of what they may list (test_api_more)",
    "api_v1.getJob": "someone else's job is 404 (test_api_more: export refusals)",
    "api_v1.downloadJobFile": "the same",
    "api_v1.OneNotice": "another's notice is 404 (test_api_more: test_anothers_notice_is_404...)",
    "api_v1.mark_notice_read": "the same",
    "api_v1.mark_all_notices_read": "marks the caller's own only (test_api_more)",
    "api_v1.Opinions": "the page's list per role (test_api_more: test_the_lists_are_the_pages...)",
    "api_v1.getOpinion": "the same, and the contact only to whom the page shows it",
}
ITEM_ARGS = {"item_id"}
FIXED = {"old": "1", "new": "1"}  # version numbers within the suggestion beside them
REFUSED = {403, 404, 409, 422}


def _operations() -> list[tuple[str, str, str]]:
    """(endpoint, rule, method) of every operation under /api/v1, from the url_map."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        args = set(rule.arguments) - set(rule.defaults or {})
        if rule.endpoint in ELSEWHERE or rule.endpoint.startswith("api_v1.liaison_"):
            continue  # ELSEWHERE says where; the opinion's moves as its other operations
        assert args <= ITEM_ARGS | set(FIXED), (rule.rule, "teach the matrix what this names")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            assert method == "GET" or rule.endpoint.startswith("api_v1.act_"), (
                rule.rule, method, "a write besides the table's actions: list it in ELSEWHERE with why")
            out.append((rule.endpoint, rule.rule, method))
    return sorted(out)


OPERATIONS = _operations()


def _body(endpoint: str, world) -> dict:
    """A body the action's schema accepts, so that what refuses it is the check of who and what."""
    action = Action(endpoint.removeprefix("api_v1.act_"))
    ids = {Kind.UNIT: world.unit.id, Kind.DEPUTY: world.deputy3.id, Kind.CATEGORY: world.category.id,
           Kind.COMMITTEE: world.committee.id, Kind.SUGGESTION: world.main_item.id, Kind.PROMISE: 1}
    body = {}
    for name, field in body_schema(action)().fields.items():
        if name == "as_role":
            continue
        if name == "reason":
            body[name] = "矩阵测试的理由。"
            continue
        spec = FIELDS[next(f for f in FIELDS if f.value == name)]
        if spec.kind is Kind.CHOICE:
            body[name] = spec.options[0][0]
        elif isinstance(field, fields.Date):
            body[name] = "2026-06-01"
        elif spec.kind is Kind.DATES:
            body[name] = ["2026-06-01"]
        elif spec.kind is Kind.UNITS:
            body[name] = [world.co_unit.id]
        elif spec.kind is Kind.CHECKLIST:
            body[name] = {}
        elif isinstance(field, fields.Integer):
            body[name] = ids[spec.kind]
        else:
            body[name] = "矩阵测试。"
    return body


@pytest.fixture
def objects(make, world):
    """The matrix's suggestions: the deputy's draft, the deputy's suggestion assigned to the unit
    (lead) and the co-unit, deputy2's draft, and an outsider's suggestion of another committee's
    category assigned to another unit."""
    def walked(state: State, cast, title: str) -> Suggestion:
        channel, steps = PATHS[state]
        item = make.suggestion(cast.deputy, channel=channel, category=cast.category, title=title)
        Walker(cast, at(2026, 3, 2)).play(item, steps)
        return item
    committee = Committee(name="教科文卫工委（矩阵）")
    db.session.add(committee)
    db.session.flush()
    category = Category(name="教育（矩阵）", committee_id=committee.id, default_units=[world.other_unit])
    db.session.add(category)
    db.session.flush()
    outsider = make.user(Role.DEPUTY, name="外组代表")
    away = SimpleNamespace(**{**vars(world), "deputy": outsider, "category": category,
                              "unit": world.other_unit, "co_unit": None})
    out = {"own_draft": walked(State.DRAFT, world, TITLES["own_draft"]),
           "assigned": walked(State.ASSIGNED, world, TITLES["assigned"]),
           "other_draft": walked(State.DRAFT, SimpleNamespace(**{**vars(world), "deputy": world.deputy2}),
                                 TITLES["other_draft"]),
           "elsewhere": walked(State.ASSIGNED, away, TITLES["elsewhere"])}
    db.session.commit()
    return out


def _snapshot(item: Suggestion) -> tuple:
    db.session.expire_all()
    row = db.session.execute(select(Suggestion.state, Suggestion.lock_version)
                             .where(Suggestion.id == item.id)).one()
    return (*row, events(item))


def _url(rule: str, item_id: int) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>",
                  lambda m: str(item_id) if m.group(1) == "item_id" else FIXED[m.group(1)], rule)


def _read_checks(client, role, objects, endpoint, rule) -> tuple[list, int]:
    """One read operation for one role: each suggestion as own (visible) or foreign."""
    wrong, cells = [], 0
    visible = VISIBLE[role]
    if "<int:item_id>" not in rule:
        query = {"api_v1.Suggestions": "?limit=200", "api_v1.similar": "?title=关于矩阵测试的建议"}
        response = client.get(rule + query.get(endpoint, ""))
        body = response.get_data(as_text=True)
        cells += 2
        if response.status_code >= 500:
            wrong.append((role, endpoint, "list", response.status_code))
        for key, item in objects.items():
            if key in visible:
                continue
            if endpoint == "api_v1.similar" and item.state is not State.DRAFT:
                # Deputies see the titles of submitted suggestions there, to join or differ; the
                # link is only for what they may open.
                found = response.get_json() if response.status_code == 200 else []
                rows = [r for r in found if r["id"] == item.id]
                if any(r["url"] is not None for r in rows):
                    wrong.append((role, endpoint, key, "linked"))
                continue
            if TITLES[key] in body:
                wrong.append((role, endpoint, key, "title listed"))
        if endpoint == "api_v1.Suggestions":
            ours = {item.id for item in objects.values()}
            shown = {row["id"] for row in (response.get_json() or {}).get("items", [])} & ours
            expected = {objects[key].id for key in visible}
            if role is not None and shown != expected:
                wrong.append((role, endpoint, sorted(shown), sorted(expected)))
        return wrong, cells
    for key, item in objects.items():
        response = client.get(_url(rule, item.id))
        body = response.get_data(as_text=True)
        cells += 1
        if key in visible:
            ok = response.status_code == 200 or (endpoint == "api_v1.VersionDiff"
                                                 and response.status_code == 422)
        else:
            ok = response.status_code in ({401} if role is None else {403, 404}) \
                and TITLES[key] not in body
        if not ok:
            wrong.append((role, endpoint, key, response.status_code))
    return wrong, cells


def _write_checks(client, user, role, objects, endpoint, rule, body) -> tuple[list, int]:
    """One action for one role: on every suggestion it is not offered on, nothing changes."""
    wrong, cells = [], 0
    action = Action(endpoint.removeprefix("api_v1.act_"))
    for key, item in objects.items():
        if user is not None and key in VISIBLE[role] and any(
                o.action is action for o in offers(db.session.get(Suggestion, item.id), user)):
            continue  # the caller's own, offered: authorised (tests/web/test_web_api.py)
        before = _snapshot(item)
        response = client.post(_url(rule, item.id), json=body)
        cells += 1
        allowed = {401} if role is None else REFUSED
        if response.status_code not in allowed or _snapshot(item) != before:
            wrong.append((role, endpoint, key, response.status_code, response.get_data(as_text=True)[:200]))
        if key not in VISIBLE[role] and TITLES[key] in response.get_data(as_text=True):
            wrong.append((role, endpoint, key, "title in the refusal"))
    return wrong, cells


@pytest.mark.db_independent  # permissions, not the database: make test runs it in the SQLite pass only
def test_no_role_reads_or_changes_what_is_not_theirs(client, auth, world, objects):
    wrong, cells = [], 0
    for role in ROLES:
        auth.logout()
        user = None if role is None else getattr(world, role)
        if user is not None:
            auth.as_(user)
        for endpoint, rule, method in OPERATIONS:
            if method == "GET":
                found, n = _read_checks(client, role, objects, endpoint, rule)
            else:
                found, n = _write_checks(client, user, role, objects, endpoint, rule,
                                         _body(endpoint, world))
            wrong += found
            cells += n
    assert wrong == []
    reads = sum(m == "GET" for _, _, m in OPERATIONS)
    print(f"\nAPI access matrix: {len(OPERATIONS)} operations ({reads} reads, "
          f"{len(OPERATIONS) - reads} actions) x {len(ROLES)} roles x own/foreign suggestions: "
          f"{cells} cells asked, 0 unauthorised")
    assert cells > len(OPERATIONS) * len(ROLES)
