"""The pages each role can open, found from app.url_map: every GET route is filled with the rows of
a full world and asked for with the test client as that role; what answers an HTML page is a page
to check. A route that cannot be filled fails here, so a new page cannot escape the layout tests."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
# Actions are not guessed: the item and opinion pages' own links (what the role is offered) give them.
FROM_LINKS = {"items.act": r'href="(/items/\d+/actions/[a-z_]+)"',
              "liaison.act": r'href="(/liaison/\d+/[a-z_]+)"'}
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
}
# Looked at in a few states (the world's items come in an order that starts with different stages).
ITEM_PAGES_PER_STATE = {"items.show": 4, "review.review": 2}
ACTIONS_PER_ROLE = 3  # confirmation pages share one template: a few per role are enough


def get_routes(app) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES:
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


def pages_for(client: Client, user, routes, ids: dict) -> list[str]:
    """The URLs this user (None: a guest) can open: per route the first filled URL that answers a
    page, every one for the item pages, and a few action confirmations taken from the links."""
    client.post("/logout")
    if user is not None:
        signed = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert signed.status_code == 302, user.username
    found: list[str] = []
    for endpoint, rule in routes:
        if endpoint in FROM_LINKS:
            continue
        wanted = ITEM_PAGES_PER_STATE.get(endpoint, 1)
        for url in _fill(endpoint, rule, ids):
            if _is_page(client.get(url)):
                found.append(url)
                wanted -= 1
                if not wanted:
                    break
    for pattern in FROM_LINKS.values():
        links = []
        for url in found:
            if re.fullmatch(r"/(items|liaison)/\d+", url):
                links += re.findall(pattern, client.get(url).get_data(as_text=True))
        seen_actions = set()
        for link in links:
            action = link.rsplit("/", 1)[1]
            if action not in seen_actions and len(seen_actions) < ACTIONS_PER_ROLE and _is_page(
                    client.get(link)):
                seen_actions.add(action)
                found.append(link)
    return found
