"""Every page each role can open (found from app.url_map, tests/browser/pages.py), at a phone and a
desktop width for the people who work from phones, at a tablet and a desktop width for the office,
the administrators and the platform administrator: nothing passes the right edge outside a box that
scrolls, list titles keep eight characters a line, the header stays one bar of at most 64 px
wherever the menu folds behind its button, and axe-core finds nothing serious. At the phone width
every page is checked again in 大字号 (large text).

Cost (issue 15: the whole CI must fit its budget), without checking less:
- one browser context per width, one sign-in per role in it, two tabs: the server draws the next
  page while the browser checks this one;
- every URL is loaded and layout-checked at every width; axe runs once per width for each distinct
  page template: per route, but per role for a person's own home page ("/", which differs by role)
  and per URL for the item pages kept in several states (their sections differ by state). URLs that
  share a route share its template: the item actions' confirmation pages, /activate and /forgot...;
- 大字号 is the class text-large on <html> (all the server changes, besides the switch's pressed
  state): it is put on the page already loaded at the phone width and the layout checked again,
  instead of loading every page a third time; one real switch to large text through the header's
  button checks the server draws that same class;
- screenshots: every page whole at the narrower width (where layouts break, and what people look
  at), its first screen in large text, the first screen of one page per template at the wider width,
  and the first screen of any page with a fault.

axe-core is vendored from npm (tests/browser/vendor/axe.min.js, test-only, MPL-2.0) and evaluated in
the page through Playwright: no Python wrapper to keep up to date, and evaluating it is not subject
to the pages' content-security policy. Its default rules run, except those listed in AXE_OFF.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyotp import random_base32

from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.browser.pages import ITEM_PAGES_PER_STATE, get_routes, pages_for, unreached
from tests.conftest import add_congress
from tests.factories import at
from tests.isolation_worlds import build_side
from tests.web.helpers import CHEAP_HASH, PASSWORD, Client
from tracker import tenancy
from tracker.extensions import db
from tracker.models import Congress
from tracker.security import TOTP_SECRET, seal
from tracker.workflow import Role, State

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
AXE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHECKS = (HERE / "layout_checks.js").read_text(encoding="utf-8")
# Rules switched off, with why. (None: every default rule runs.)
AXE_OFF: dict[str, str] = {}
# Half signed in: the password taken, the second step asked (its pages are no role's but theirs).
PENDING = {"second_step": "a supervisor with an authenticator app set up",
           "enrol": "office staff of a congress that requires one, not yet set up"}
# Role (None: the public) -> the sizes it is looked at, narrower first. Deputies (a group leader
# reviews as a deputy), units and supervisors work from phones; the public comes first so the
# public pages and the sign-in pages are seen as a visitor sees them. The administrator is also
# the platform administrator (as `flask setup` makes the first one), with a second congress to
# pick in the header: the fullest header there is. The half signed-in come last: the public
# pages are the public's.
GROUPS = {
    "phone": ((None, "deputy", "group_leader", "handler", "leader", "supervisor", *PENDING),
              ((390, 844), (1280, 900))),
    "office": (("office", "committee_staff", "admin"), ((768, 1024), (1280, 900))),
}
PERSONAL = {"/"}  # each role's own home; every other URL once per group, by the first role it opens for
FOLDED = 992  # below Bootstrap's lg the navigation folds behind the menu button: one bar, 64 px at most
BAR = 64
LARGE = """() => {  // what base.html draws when 大字号 is on: the class, and the switch pressed
  document.documentElement.classList.add("text-large");
  const button = document.querySelector("#text-size button");
  if (button) { button.classList.add("active"); button.setAttribute("aria-pressed", "true"); }
}"""
# The navigation's timing entry says how the page answered (the tabs are sent by location.assign).
STATUS = "() => performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0"


@dataclass(frozen=True)
class Visit:
    role: str | None
    endpoint: str
    url: str

    @property
    def template(self) -> str:
        """What axe is run once per width for: see the module's docstring."""
        if self.url in PERSONAL:
            return f"{self.endpoint} {self.role}"
        return self.url if self.endpoint in ITEM_PAGES_PER_STATE else self.endpoint

    @property
    def who(self) -> str:
        return self.role or "public"


@pytest.fixture
def world(make, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    congress = db.session.get(Congress, tenancy.current_congress_id())
    side = build_side(make, congress, "样本", str(tmp_path / "attachments"), publish=True)
    for state in (State.GROUP_REVIEW, State.IN_HANDLING, State.RETURNED, State.REGISTERED):
        _, item = make.item_in(state, side.world, start=at(2026, 3, 2))
        side.items[state] = item
    first = (State.DRAFT, State.RETURNED, State.GROUP_REVIEW, State.IN_HANDLING, State.REPLIED)
    side.ids["items"] = [side.items[s].id for s in first] + [
        i.id for s, i in side.items.items() if s not in first] + [side.world.main_item.id]
    side.ids["congress_code"] = congress.code
    side.world.admin.is_platform_admin = True
    db.session.commit()
    # A second congress: the platform's pages list two, the header offers a choice.
    other = add_congress("chengxi", "城西区", second_factor_required=True)
    people = {role: getattr(side.world, role) for roles, _ in GROUPS.values() for role in roles
              if role and role not in PENDING}
    people["second_step"] = make.user(Role.SUPERVISOR, name="孙主任", totp_confirmed_at=at(2026, 3, 2),
                                      totp_secret=seal(app.config["SECRET_KEY"], random_base32(),
                                                       TOTP_SECRET))
    with tenancy.scope(db.session, other.id):
        people["enrol"] = make.user(Role.OFFICE_STAFF, name="周工委")
    for role in PENDING:
        people[role].password_hash = CHEAP_HASH
    db.session.commit()
    side.people = people
    return side


def _visits(app, side) -> dict[str, list[Visit]]:
    """Each group's visits, every role's pages found once (pages.py); fails when a route is opened
    by no role of any group."""
    client = Client(app, app.response_class, use_cookies=True)
    routes = get_routes(app)
    out: dict[str, list[Visit]] = {}
    opened: set[str] = set()
    csrf = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = False  # the test client signs in without the form's token
    try:
        for group, (roles, _sizes) in GROUPS.items():
            seen: set[str] = set()
            out[group] = []
            for role in roles:
                user = side.people[role] if role else None
                for endpoint, url in pages_for(client, user, routes, side.ids):
                    opened.add(endpoint)
                    if url in PERSONAL or url not in seen:
                        seen.add(url)
                        out[group].append(Visit(role, endpoint, url))
    finally:
        app.config["WTF_CSRF_ENABLED"] = csrf
    missed = unreached(routes, opened)
    assert missed == [], f"pages no role of the sweep opens (tests/browser/pages.py): {missed}"
    return out


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    rules = {rule: {"enabled": False} for rule in AXE_OFF}
    # resultTypes: only the violations are worked out in full (passes are not collected): faster.
    found = page.evaluate("(rules) => axe.run(document, {rules, resultTypes: ['violations']})"
                          ".then(r => r.violations.map(v => "
                          "({id: v.id, impact: v.impact, nodes: v.nodes.length, "
                          "where: v.nodes.slice(0, 2).map(n => n.target.join(' '))})))", rules)
    return found


class Sweep:
    """Walks visits at one size in one context; faults, axe counts and the templates axe has seen."""

    def __init__(self, browser, live, world, shots):
        self.browser, self.live, self.world, self.shots = browser, live, world, shots
        self.faults: list[str] = []
        self.impacts: Counter = Counter()
        self.loads = self.axe_runs = 0

    def walk(self, visits: list[Visit], size: tuple[int, int], folder: str, *, whole: bool,
             large: bool) -> None:
        """Every visit at this size; `whole`: full-page screenshots; `large`: 大字号 checked too."""
        (self.shots / folder).mkdir(exist_ok=True)
        if large:
            (self.shots / f"{folder}-large").mkdir(exist_ok=True)
        context = self.browser.new_context(base_url=self.live, locale="zh-CN",
                                           viewport={"width": size[0], "height": size[1]})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(3 * TIMEOUT_MS)  # a loaded CI box: the dashboard's charts
        tabs = [context.new_page(), context.new_page()]
        templates: set[str] = set()
        by_role: dict[str | None, list[tuple[int, Visit]]] = {}
        for n, visit in enumerate(visits):
            by_role.setdefault(visit.role, []).append((n, visit))
        for role, numbered in by_role.items():
            context.clear_cookies()
            if role:
                self._sign_in(tabs[0], role)
            # Two tabs: the next page is asked for before this one is checked.
            self._send(tabs[0], numbered[0][1])
            for i, (n, visit) in enumerate(numbered):
                tab = tabs[i % 2]
                if i + 1 < len(numbered):
                    self._send(tabs[(i + 1) % 2], numbered[i + 1][1])
                self._arrive(tab, visit)
                self.look(tab, visit, n, folder, size[0], templates, whole=whole, large=large)
        context.close()

    def _sign_in(self, tab, role: str) -> None:
        tab.goto("/login")
        if role not in PENDING:
            sign_in(tab, self.world.people[role].username, PASSWORD)
            return
        tab.get_by_label("用户名").fill(self.world.people[role].username)
        tab.get_by_label("密码").fill(PASSWORD)
        tab.get_by_role("button", name="登录", exact=True).click()
        tab.wait_for_url(re.compile(r"/login/second-step"))

    def _send(self, tab, visit: Visit) -> None:
        if tab.url == self.live + visit.url:  # (waiting for its URL must wait for a new load)
            tab.goto("about:blank")
        tab.evaluate("(url) => location.assign(url)", self.live + visit.url)

    def _arrive(self, tab, visit: Visit) -> None:
        wanted = self.live + visit.url
        tab.wait_for_url(lambda url: url == wanted, wait_until="load")
        status = tab.evaluate(STATUS)
        assert status == 200, f"{visit.who} {visit.url}: {status}"
        self.loads += 1

    def look(self, tab, visit: Visit, n: int, folder: str, width: int, templates: set[str], *,
             whole: bool, large: bool) -> None:
        where = f"{folder} {visit.who} {visit.url}"
        shot = self.shots / folder / f"{n:03d}-{visit.who}-{_slug(visit.url)}.png"
        faults = len(self.faults)
        self.check(tab, where, width, large=False)
        if visit.template not in templates:
            templates.add(visit.template)
            self.axe_runs += 1
            for v in _axe(tab):
                self.impacts[v["impact"]] += 1
                if v["impact"] in ("serious", "critical"):
                    self.faults.append(f"{where}: axe {v['impact']} {v['id']} x{v['nodes']} {v['where']}")
            if not whole:
                tab.screenshot(path=str(shot))
        if whole:
            tab.screenshot(path=str(shot), full_page=True)
        elif len(self.faults) > faults and not shot.exists():
            tab.screenshot(path=str(shot))
        if large:
            tab.evaluate(LARGE)
            self.check(tab, f"{where} large", width, large=True)
            tab.screenshot(path=str(self.shots / f"{folder}-large" / shot.name))

    def check(self, page, where: str, width: int, *, large: bool) -> None:
        got = page.evaluate(CHECKS)
        if got["overCount"]:
            self.faults.append(f"{where}: {got['overCount']} boxes past the right edge: {got['over']}")
        if got["narrow"]:
            self.faults.append(f"{where}: list titles narrower than 8 characters: {got['narrow']}")
        if not large and got["bar"] > BAR:
            self.faults.append(f"{where}: the header's bar is {got['bar']} px tall (one row, {BAR} at most)")
        if not large and width < FOLDED and got["header"] > BAR:
            self.faults.append(f"{where}: the header is {got['header']} px tall")

    def large_text_is_a_class(self, size: tuple[int, int]) -> None:
        """The real switch, as a visitor presses it: the server draws what LARGE puts on the page."""
        context = self.browser.new_context(base_url=self.live, locale="zh-CN",
                                           viewport={"width": size[0], "height": size[1]})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto("/login")
        if page.locator(".menu-button").is_visible():  # on a phone the switch is behind the menu
            page.locator(".menu-button").click()
        page.locator("#text-size button").click()
        page.wait_for_function("() => document.documentElement.classList.contains('text-large')")
        assert page.locator("#text-size button").get_attribute("aria-pressed") == "true"
        self.check(page, "large text, switched by its button: /login", size[0], large=True)
        context.close()


def test_every_route_is_a_page_some_role_opens(app, world):
    """What the sweep below walks, found with the test client: this part (each page answered, as the
    role it is for) runs on PostgreSQL too."""
    visits = _visits(app, world)
    for group in GROUPS:
        assert len(visits[group]) > 20, visits[group]


# The walk in the browser checks what the browser draws of the pages: the same HTML whatever the
# database, so `make test` runs it in the SQLite pass only (the Makefile; the test above runs in both).
@pytest.mark.db_independent
def test_every_page_fits_and_passes_axe(browser, live, app, world, shots):
    visits = _visits(app, world)
    sweep = Sweep(browser, live, world, shots)
    lines = []
    for group, (_roles, sizes) in GROUPS.items():
        assert len(visits[group]) > 20, visits[group]
        started, loads, axe_runs = time.monotonic(), sweep.loads, sweep.axe_runs
        narrow = min(sizes)
        for size in sizes:  # the whole page at the narrower width (where things break), a screen at the other
            sweep.walk(visits[group], size, f"pages-{group}-{size[0]}", whole=size == narrow,
                       large=group == "phone" and size == narrow)
        lines.append(f"{group}: {len(visits[group])} pages x {len(sizes)} sizes {sizes}, "
                     f"{sweep.loads - loads} loads, {sweep.axe_runs - axe_runs} axe runs, "
                     f"in {time.monotonic() - started:.0f} s")
        (shots / f"pages-{group}.txt").write_text(
            "\n".join(f"{v.who} {v.url}" for v in visits[group]), encoding="utf-8")
    sweep.large_text_is_a_class(GROUPS["phone"][1][0])
    lines.append(f"axe violations by impact {dict(sweep.impacts)}; screenshots in {shots}")
    print("\n" + "\n".join(lines))
    assert sweep.faults == [], "\n".join(sweep.faults)


def _slug(url: str) -> str:
    return url.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")[:60] or "home"
