"""The pages each role can open, found from app.url_map: every GET route is filled with the rows of
a full world and asked for with the test client as that role; what answers an HTML page is a page
to check. A route that cannot be filled fails here, and one that no role of the sweep opens fails
`unreached`, so a new page cannot escape the layout tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape

from tests.web.helpers import PASSWORD, Client

# URL argument -> the world's row ids to try, in turn (the first that answers a page is kept).
ROWS = {"item_id": "items", "reply_id": "reply_id", "attachment_id": "attachment_id",
        "opinion_id": "opinion_id", "notice_id": "notice_id", "session_id": "session_id",
        "unit_id": "unit_id", "congress_id": "congress_id", "scope_key": "scope_key",
        "user_id": "user_id", "row_id": "unit_id", "congress": "congress_code",
        "provider_id": "provider_id", "account_id": "service_account_id",
        "hook_id": "hook_id"}
JOBS = {"exports": "export_job_id", "imports": "import_job_id", "admin_roster": "roster_job_id"}
FIXED = {"code": "reply", "key": "reply", "kind": "unit", "source": "items"}
# Pages whose arguments are not guessed: the links of the pages that offer them (what the role is
# offered) give them, a few per role. endpoint -> (the page with the links, their pattern, how many).
FROM_LINKS = {"items.act": ("items.show", r'href="(/items/\d+/actions/[a-z_]+)"', 3),
              "liaison.act": ("liaison.show", r'href="(/liaison/\d+/[a-z_]+)"', 3),
              "dashboard.items": ("dashboard.index", r'href="(/dashboard/items\?[^"]+)"', 1)}
# GET routes that never answer a page of their own, with why.
NOT_PAGES = {
    "static": "files", "exports.download": "a file", "exports.export": "starts a job or sends a file",
    "exports.job_status": "JSON", "search.similar_json": "JSON", "attachments.download": "a file",
    "public.export": "a file", "public.report_file": "a file", "dashboard.report_file": "a file",
    "admin_roster.report": "a file", "admin_roster.template_file": "a file",
    "notices.open_notice": "a redirect to the notice's item", "congress.open_item": "a redirect",
    "accounts.reset_link": "a signed token's page (tests/browser/test_browser_accounts.py)",
    "public_moved.index": "a redirect", "public_moved.show": "a redirect",
    "public_moved.reports": "a redirect", "public_moved.report": "a redirect",
    "public_moved.report_file": "a redirect",
    "sso.callback": "the provider's redirect back: signs in or says why not (test_browser_sso.py)",
}
# Blueprints whose GET routes answer no page, with why (the API's own tests read them).
NOT_PAGE_BLUEPRINTS = {"api_v1": "JSON, the API (tests/api, tests/web/test_web_api*.py)",
                       "api-docs": "the OpenAPI document, JSON", "api_moved": "redirects"}
# Looked at in a few states (the world's items come in an order that starts with different stages).
ITEM_PAGES_PER_STATE = {"items.show": 4, "review.review": 2}


def get_routes(app) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES or (
                rule.endpoint.split(".")[0] in NOT_PAGE_BLUEPRINTS):
            continue
        args = set(rule.arguments) - set(rule.defaults or {})
        known = set(ROWS) | set(FIXED) | {"job_id", "action"}
        assert args <= known, f"{rule.rule}: fill {args - known} in tests/browser/pages.py"
        out.append((rule.endpoint, rule.rule))
    return sorted(set(out))


def _fill(endpoint: str, rule: str, ids: dict) -> Iterable[str]:
    """Every URL of the rule with the world's rows put in (several items, one of everything else)."""
    names = re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule)
    if "action" in names:
        return []
    urls = [rule]
    for name in names:
        if name == "job_id":
            values = [ids[JOBS[endpoint.split(".")[0]]]]
        elif name in FIXED:
            values = [FIXED[name]]
        else:
            found = ids[ROWS[name]]
            values = found if isinstance(found, list) else [found]
        pattern = re.compile(r"<(?:[a-z]+:)?" + name + ">")
        urls = [pattern.sub(str(v), u, count=1) for u in urls for v in values]
    return urls


def _is_page(response) -> bool:
    return response.status_code == 200 and response.mimetype == "text/html"


def pages_for(client: Client, user, routes, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, URL) of what this user (None: a guest) can open: per route the first filled URL
    that answers a page, every one for the item pages, and a few of the pages in FROM_LINKS."""
    client.post("/logout")
    if user is not None:  # (a person asked for a second step is left half signed in: its pages)
        signed = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert signed.status_code == 302, user.username
    found: list[tuple[str, str]] = []
    sources = {source for source, _, _ in FROM_LINKS.values()}
    bodies: dict[str, list[str]] = {}  # the pages with links to FROM_LINKS pages
    for endpoint, rule in routes:
        if endpoint in FROM_LINKS:
            continue
        wanted = ITEM_PAGES_PER_STATE.get(endpoint, 1)
        for url in _fill(endpoint, rule, ids):
            response = client.get(url)
            if _is_page(response):
                found.append((endpoint, url))
                if endpoint in sources:
                    bodies.setdefault(endpoint, []).append(response.get_data(as_text=True))
                wanted -= 1
                if not wanted:
                    break
    for endpoint, (source, pattern, most) in FROM_LINKS.items():
        kinds = set()  # an action, a figure: the last part of the link
        for body in bodies.get(source, []):
            for link in map(unescape, re.findall(pattern, body)):
                kind = link.rsplit("/", 1)[1]
                if kind not in kinds and len(kinds) < most and _is_page(client.get(link)):
                    kinds.add(kind)
                    found.append((endpoint, link))
    return found


def unreached(routes, opened: set[str]) -> list[str]:
    """The routes that no role of the sweep opened as a page: each needs a row in the world (or a
    role that opens it), or a line in NOT_PAGES saying why it is no page."""
    return [f"{rule} ({endpoint})" for endpoint, rule in routes if endpoint not in opened]
