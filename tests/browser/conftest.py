"""Browser fixtures: a live server on the session app (CSRF on), headless Chromium, a desk."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from seeds.paths import PATHS, Walker
from tests.conftest import require_service
from tests.factories import at
from tracker.extensions import db
from tracker.models import Suggestion, User
from tracker.security import hash_password
from tracker.workflow import Channel, State

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "Browser-pw-2026"
NOW = "2026-05-20T02:00:00+00:00"  # a Wednesday, 10:00 in Beijing
TIMEOUT_MS = 10_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the request log would only bury a failure
        pass


@pytest.fixture(scope="session")
def live_server(app):
    """The session app served by werkzeug on a free port of 127.0.0.1, in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the live server thread did not stop"


@pytest.fixture
def live(live_server, app, ctx, monkeypatch) -> str:
    """The base URL, with CSRF on, "now" pinned and any host accepted for this test only."""
    as_a_browser_sees_it(app, monkeypatch)
    return live_server


def as_a_browser_sees_it(app, monkeypatch) -> None:
    """The app's settings for a browser test, for this test only (see `live`)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    monkeypatch.setitem(app.config, "SERVER_NAME", None)  # the browser asks for 127.0.0.1:port
    monkeypatch.setitem(app.config, "CLOCK_NOW", NOW)
    # Some tests replay weeks in minutes by moving the app's clock, a person staying signed in across
    # the jumps; the login time limits are tested in tests/web/test_web_logins.py.
    monkeypatch.setitem(app.config, "LOGIN_IDLE_MINUTES", 366 * 24 * 60)
    monkeypatch.setitem(app.config, "LOGIN_ABSOLUTE_HOURS", 366 * 24)


@pytest.fixture(scope="session")
def browser():
    require_service(os.access(CHROMIUM, os.X_OK), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: TRACKER_SCREENSHOTS if set, else a pytest temp dir."""
    wanted = os.environ.get("TRACKER_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screens")


@pytest.fixture
def page(browser, live):
    context = browser.new_context(base_url=live, locale="zh-CN", viewport={"width": 1280,
                                                                            "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    refused: list[str] = []  # what the content-security policy blocked (Chromium logs each as an error)
    tab.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    yield tab
    context.close()
    assert refused == [], f"the content-security policy blocked: {refused[:3]}"


@pytest.fixture
def tab(browser, live):
    """tab(PHONE or DESKTOP) -> a new page of its own context at that size (a phone's with touch)."""
    contexts = []

    def open_at(viewport: dict):
        context = browser.new_context(base_url=live, locale="zh-CN", viewport=viewport,
                                      has_touch=viewport == PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()
    yield open_at
    for context in contexts:
        context.close()


@pytest.fixture
def people(make):
    """make.world() with names people have and one real (argon2) password for everyone."""
    w = make.world()
    names = {"committee_staff": "孙委员", "handler": "赵经办", "leader": "钱局长",
             "co_handler": "周经办", "co_leader": "吴局长"}
    for part, name in names.items():
        getattr(w, part).name = name
    real = hash_password(PASSWORD)
    for user in db.session.scalars(select(User)):
        user.password_hash = real
    db.session.commit()
    return w


@pytest.fixture
def item_in(make, people):
    """item_in(state) -> a suggestion of the deputy brought there by the engine, not the browser."""

    def build(state: State, **kw) -> Suggestion:
        channel, steps = PATHS[state]
        item = make.suggestion(people.deputy, channel=channel, category=people.category,
                               session=people.session if channel is Channel.SESSION else None,
                               **kw)
        Walker(people, at(2026, 3, 2)).play(item, steps)
        db.session.commit()
        return item
    return build


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    """The log-in steps every browser test takes: the form, the button, the home page."""
    if not page.url.endswith("/login"):  # signing out already lands there
        page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def manage_link(page, name: str):
    """A link of the navigation's administration menu (管理 ▾), the menu opened first as a person does."""
    nav = page.locator(".site-nav")
    nav.locator("summary", has_text="管理").click()
    return nav.get_by_role("link", name=name)


def open_folded_filters(phone, field, says: str, shots: Path, name: str) -> None:
    """A list's filters on a phone (templates/macros/fold.html): folded behind one button of at least
    44 px that says `says`, `field` hidden; a tap opens them. Screenshots before and after."""
    assert not field.is_visible()
    toggle = phone.locator(".filter-toggle")
    assert "筛选" in toggle.inner_text() and says in toggle.inner_text()
    assert toggle.bounding_box()["height"] >= 44 and toggle.get_attribute("aria-expanded") == "false"
    phone.screenshot(path=str(shots / f"{name}-phone-folded.png"), full_page=False)
    toggle.tap()
    field.wait_for(state="visible")
    phone.wait_for_selector("#filters-body.collapse.show")  # the opening animation over
    assert toggle.get_attribute("aria-expanded") == "true"
    phone.screenshot(path=str(shots / f"{name}-phone-open.png"), full_page=False)


class Desk:
    """One browser tab used as a person would: sign in, open items, click buttons, fill forms."""

    def __init__(self, page, shots: Path):
        self.page = page
        self.shots = shots
        self.n = 0

    def login(self, user: User) -> None:
        sign_in(self.page, user.username)
        assert self.page.locator(".user-chip strong").inner_text() == user.name

    def unfold(self) -> None:
        """On a phone the navigation and the sign-out button are behind the menu button."""
        # Whether the button shows is the stylesheet's to say: asked before it applied, the button
        # looked visible on a desktop, then hid, and the click waited for it in vain.
        self.page.wait_for_load_state("load")
        menu = self.page.locator(".menu-button")
        if menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
            menu.click()

    def nav(self, name: str) -> None:
        self.unfold()
        self.page.locator(".site-nav").get_by_role("link", name=name).click()

    def logout(self) -> None:
        self.unfold()
        self.page.get_by_role("button", name="退出", exact=True).click()
        self.page.wait_for_url(re.compile(r"/login"))

    def as_(self, user: User) -> None:
        """Sign out whoever is signed in (if anyone), then sign in as this user."""
        if self.page.locator("form[action$='/logout']").count():
            self.logout()
        self.login(user)

    def home(self) -> None:
        """Back to the pending list through the navigation bar."""
        self.page.locator(".site-nav").get_by_role("link", name="我的待办").click()
        self.page.wait_for_url(re.compile(r"/$"))

    def open_pending(self, title: str) -> None:
        """Open an item from the table of pending steps on the home page."""
        self.page.locator("#tasks").get_by_role("link", name=title).click()
        self.page.wait_for_url(re.compile(r"/items/\d+$"))

    def start(self, action: str) -> None:
        """Click an action button in the item's action bar (by its label) and wait for the form."""
        self.page.locator(".action-bar").get_by_role("link", name=action, exact=True).click()
        self.page.wait_for_url(re.compile(r"/actions/"))

    def confirm(self, action: str) -> None:
        self.page.get_by_role("button", name=f"确认：{action}").click()

    def back_after_decision(self, item_url: str) -> None:
        """A reviewer's decision opens the queue's next item, or the queue when none waits (issue
        15): the walk goes back to its own item from there."""
        self.page.wait_for_load_state()
        assert self.page.url != item_url and "/review" in self.page.url, self.page.url
        self.page.goto(item_url)

    def state(self) -> str:
        return self.page.locator(".item-head .state-badge").inner_text().strip()

    def flash(self) -> str:
        return self.page.locator(".alert-success").inner_text().strip()

    def shot(self, name: str) -> Path:
        self.n += 1
        path = self.shots / f"{self.n:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path} looks blank"
        return path


@pytest.fixture
def desk(page, shots, request) -> Desk:
    folder = shots / request.node.name
    folder.mkdir(exist_ok=True)
    return Desk(page, folder)
