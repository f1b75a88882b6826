"""Every page each role can open (found from app.url_map, tests/browser/pages.py), at a phone and a
desktop width for the people who work from phones, at a desktop and a tablet width for the office
and the administrators: nothing passes the right edge outside a box that scrolls, list titles keep
eight characters a line, the phone header stays within 64 px, and axe-core finds nothing serious.

axe-core is vendored from npm (tests/browser/vendor/axe.min.js, test-only, MPL-2.0) and evaluated in
the page through Playwright: no Python wrapper to keep up to date, and evaluating it is not subject
to the pages' content-security policy. Its default rules run, except those listed in AXE_OFF.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import update

from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.browser.pages import get_routes, pages_for
from tests.factories import at
from tests.isolation_worlds import build_side
from tests.web.helpers import PASSWORD, Client
from tracker import tenancy
from tracker.extensions import db
from tracker.models import Congress, User
from tracker.workflow import State

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
AXE = (HERE / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHECKS = (HERE / "layout_checks.js").read_text(encoding="utf-8")
# Rules switched off, with why. (None: every default rule runs.)
AXE_OFF: dict[str, str] = {}
GROUPS = {
    # Deputies (a group leader reviews as a deputy), units and supervisors work from phones.
    "phone": (("deputy", "group_leader", "handler", "leader", "supervisor", None), (390, 1280)),
    "office": (("office", "committee_staff", "admin"), (1280, 768)),
}
PERSONAL = {"/"}  # each role's own home; every other URL once per group, by the first role it opens for
PHONE = 576


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
    db.session.commit()
    return side


def _visits(app, side, roles) -> list[tuple[str | None, str]]:
    client = Client(app, app.response_class, use_cookies=True)
    routes = get_routes(app)
    seen, out = set(), []
    csrf = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = False  # the test client signs in without the form's token
    try:
        for role in roles:
            user = getattr(side.world, role) if role else None
            for url in pages_for(client, user, routes, side.ids):
                if url in PERSONAL or url not in seen:
                    seen.add(url)
                    out.append((role, url))
    finally:
        app.config["WTF_CSRF_ENABLED"] = csrf
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
    """One browser context per width, one tab reused for every page; faults and axe counts gathered."""

    def __init__(self, browser, live, world, shots):
        self.browser, self.live, self.world, self.shots = browser, live, world, shots
        self.faults: list[str] = []
        self.impacts: Counter = Counter()

    def walk(self, visits, width: int, folder: str, *, axe: bool, whole: bool) -> None:
        (self.shots / folder).mkdir(exist_ok=True)
        context = self.browser.new_context(base_url=self.live, locale="zh-CN", viewport={
            "width": width, "height": 844 if width < PHONE else 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(3 * TIMEOUT_MS)  # a loaded CI box: the dashboard's charts
        page = context.new_page()
        who = "-"
        for n, (role, url) in enumerate(visits):
            if role != who:
                context.clear_cookies()
                if role:
                    page.goto("/login")
                    sign_in(page, getattr(self.world.world, role).username, PASSWORD)
                who = role
            page.goto(url)
            page.screenshot(path=str(self.shots / folder / f"{n:03d}-{role or 'public'}-{_slug(url)}.png"),
                            full_page=whole)
            self.check(page, f"{folder} {role or 'public'} {url}", width)
            if axe:
                for v in _axe(page):
                    self.impacts[v["impact"]] += 1
                    if v["impact"] in ("serious", "critical"):
                        self.faults.append(f"{folder} {role or 'public'} {url}: axe {v['impact']} "
                                           f"{v['id']} x{v['nodes']} {v['where']}")
        context.close()

    def check(self, page, where: str, width: int) -> None:
        got = page.evaluate(CHECKS)
        if got["overCount"]:
            self.faults.append(f"{where}: {got['overCount']} boxes past the right edge: {got['over']}")
        if got["narrow"]:
            self.faults.append(f"{where}: list titles narrower than 8 characters: {got['narrow']}")
        if width < PHONE and got["header"] > 64 and "large" not in where:
            self.faults.append(f"{where}: the header is {got['header']} px tall")


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_page_fits_and_passes_axe(group, browser, live, app, world, shots):
    roles, widths = GROUPS[group]
    visits = _visits(app, world, roles)
    assert len(visits) > 20, visits
    started = time.monotonic()
    sweep = Sweep(browser, live, world, shots)
    for width in widths:  # the whole page at the narrower width (where things break), a screen at the other
        sweep.walk(visits, width, f"pages-{group}-{width}", axe=True, whole=width == min(widths))
    if group == "phone":  # 大字号 must not break a page either: the layout checks again, large
        db.session.execute(update(User).values(large_text=True))
        db.session.commit()
        sweep.walk(visits, min(widths), f"pages-{group}-{min(widths)}-large", axe=False, whole=False)
    took = time.monotonic() - started
    print(f"\n{group}: {len(visits)} pages x {len(widths)} widths {widths}"
          f"{' (+ large text at the phone width)' if group == 'phone' else ''} in {took:.0f} s; "
          f"axe violations by impact {dict(sweep.impacts)}; screenshots in {shots}")
    (shots / f"pages-{group}.txt").write_text("\n".join([*(f"{r or 'public'} {u}" for r, u in visits),
                                                          *sweep.faults]), encoding="utf-8")
    assert sweep.faults == [], "\n".join(sweep.faults)


def _slug(url: str) -> str:
    return url.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")[:60] or "home"
