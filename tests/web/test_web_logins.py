"""Logins over HTTP, each finding of issue 14 replayed as an attack that must now fail: cookies forged
with the old default key, cookies captured before a logout, a deactivated person's and an
administrator-ended login, timeouts, session fixation; and the cookies' flags."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from tests.web.conftest import NOW
from tests.web.helpers import CHEAP_HASH, Client, counted, text
from tracker.extensions import db, limiter
from tracker.models import AuditEvent, Login, LoginEnd
from tracker.modes import OLD_DEFAULT_KEY
from tracker.web.logins import REMEMBER_COOKIE, TOKEN
from tracker.workflow import AuditAction, Role

GUARDED = "/admin/reminders"  # the page the forged cookies of the finding opened


def _signed_in(client) -> bool:
    """Whether the client's cookies open a page that needs a login (not a redirect to /login)."""
    return client.get("/profile").status_code == 200


def _new_client(app) -> Client:
    return Client(app, app.response_class, use_cookies=True)


def _forged_session(app, key: str, payload: dict) -> str:
    """A session cookie signed as Flask signs it, with `key`."""
    serializer = SecureCookieSessionInterface().get_signing_serializer(_keyed(app, key))
    return serializer.dumps(payload)


def _keyed(app, key: str):
    class Signing:  # get_signing_serializer reads only these
        secret_key = key
        config = app.config
    return Signing


def _cookie(client, name: str) -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


@pytest.fixture
def admin(world):
    return world.admin


def test_the_app_does_not_run_on_the_old_default_key(app):
    assert app.config["SECRET_KEY"] != OLD_DEFAULT_KEY and len(app.config["SECRET_KEY"]) >= 32


@pytest.mark.parametrize("key", [OLD_DEFAULT_KEY, "the app's own key, leaked"])
def test_a_forged_session_cookie_opens_nothing(app, client, admin, key):
    key = app.config["SECRET_KEY"] if key.startswith("the app") else key
    client.set_cookie("session", _forged_session(app, key, {"_user_id": str(admin.id), "_fresh": True}),
                      domain="localhost")
    assert client.get(GUARDED).status_code == 302
    assert not _signed_in(client)


@pytest.mark.parametrize("key", [OLD_DEFAULT_KEY, "the app's own key, leaked"])
def test_a_forged_flask_login_remember_token_opens_nothing(app, client, admin, key):
    key = app.config["SECRET_KEY"] if key.startswith("the app") else key
    user_id = str(admin.id)
    digest = hmac.new(key.encode(), user_id.encode(), hashlib.sha512).hexdigest()
    client.set_cookie("remember_token", f"{user_id}|{digest}", domain="localhost")
    response = client.get(GUARDED)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _signed_in(client)


def test_a_forged_login_token_opens_nothing(app, client, auth, admin):
    auth.login(admin)
    login = db.session.scalar(select(Login).where(Login.user_id == admin.id))
    stranger = _new_client(app)
    stranger.set_cookie(REMEMBER_COOKIE, f"{login.id}.{'A' * 43}", domain="localhost")
    assert not _signed_in(stranger)


def test_cookies_captured_before_logout_open_nothing_after_it(app, client, auth, admin):
    client.post("/login", data={"username": admin.username, "password": "secret-pw", "remember": "y"})
    session_cookie, remember = _cookie(client, "session"), _cookie(client, REMEMBER_COOKIE)
    assert session_cookie and remember and _signed_in(client)
    auth.logout()
    assert not _signed_in(client) and _cookie(client, REMEMBER_COOKIE) is None
    for name, value in (("session", session_cookie), (REMEMBER_COOKIE, remember)):
        thief = _new_client(app)
        thief.set_cookie(name, value, domain="localhost")
        assert thief.get(GUARDED).status_code == 302, name
        assert not _signed_in(thief), name
    assert db.session.scalar(select(Login.end_reason).where(Login.user_id == admin.id)) is LoginEnd.LOGOUT


def test_the_remember_cookie_alone_signs_the_person_in_again(app, client, auth, world):
    client.post("/login", data={"username": world.deputy.username, "password": "secret-pw", "remember": "y"})
    later = _new_client(app)  # the browser restarted: its session cookie is gone
    later.set_cookie(REMEMBER_COOKIE, _cookie(client, REMEMBER_COOKIE), domain="localhost")
    assert _signed_in(later)


def test_a_timed_out_session_falls_back_on_a_live_remember_cookie(app, client, clock, world):
    """The session's own login idles out while a "keep me signed in" login the browser also holds
    lives on: the person stays signed in through it, and its cookie is kept."""
    client.post("/login", data={"username": world.deputy.username, "password": "secret-pw", "remember": "y"})
    remembered = _cookie(client, REMEMBER_COOKIE)
    browser = _new_client(app)
    browser.post("/login", data={"username": world.deputy.username, "password": "secret-pw"})
    browser.set_cookie(REMEMBER_COOKIE, remembered, domain="localhost")
    assert _signed_in(browser) and _signed_in(browser)  # the session's login, its congress chosen
    clock(datetime.fromisoformat(NOW) + timedelta(hours=3))  # that login's idle limit passed
    assert _signed_in(browser) and _signed_in(browser)
    assert _cookie(browser, REMEMBER_COOKIE) == remembered


def test_a_deactivated_persons_logins_end(app, auth, world, make):
    person = make.user(Role.DEPUTY, name="离任代表")
    person.password_hash = CHEAP_HASH
    db.session.commit()
    theirs = _new_client(app)
    theirs.post("/login", data={"username": person.username, "password": "secret-pw"})
    assert _signed_in(theirs)
    client = auth.as_(world.admin)
    assert client.post(f"/admin/users/{person.id}/deactivate", data={"successor_id": ""}).status_code == 302
    assert not _signed_in(theirs)
    ended = db.session.scalar(select(Login.end_reason).where(Login.user_id == person.id))
    assert ended is LoginEnd.DEACTIVATED


def test_an_administrator_sees_and_ends_a_persons_login(app, auth, world):
    deputy = _new_client(app)
    deputy.post("/login", data={"username": world.deputy.username, "password": "secret-pw"},
                headers={"User-Agent": "Deputy-Phone/1.0"})
    client = auth.as_(world.admin)
    page = text(client.get(f"/admin/users/{world.deputy.id}"))
    login = db.session.scalar(select(Login).where(Login.user_id == world.deputy.id))
    assert "Deputy-Phone/1.0" in page and f'data-login="{login.id}"' in page
    assert client.post(f"/admin/users/{world.deputy.id}/logins", data={"login": "x"}).status_code == 400
    response = client.post(f"/admin/users/{world.deputy.id}/logins", data={"login": str(login.id)})
    assert response.status_code == 302
    assert not _signed_in(deputy)
    assert "Deputy-Phone/1.0" not in text(client.get(f"/admin/users/{world.deputy.id}"))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == AuditAction.END_LOGINS))
    assert (event.actor_id, event.data["user"], event.data["login"]) == \
        (world.admin.id, world.deputy.id, login.id)
    # The same login again: already ended, a refusal, not a 500.
    again = client.post(f"/admin/users/{world.deputy.id}/logins", data={"login": str(login.id)})
    assert again.status_code == 409


def test_only_an_administrator_ends_someone_elses_logins(auth, world):
    client = auth.as_(world.office)
    assert client.post(f"/admin/users/{world.deputy.id}/logins", data={"login": "all"}).status_code == 403


def test_my_profile_lists_my_logins_and_ends_the_others_or_all(app, auth, world):
    other = _new_client(app)
    other.post("/login", data={"username": world.deputy.username, "password": "secret-pw"},
               headers={"User-Agent": "Laptop-Browser/2.0"})
    client = auth.as_(world.deputy)
    page = text(client.get("/profile"))
    assert "Laptop-Browser/2.0" in page and 'id="end-other-logins"' in page
    assert client.post("/profile/logins", data={"login": "others"}).status_code == 302
    assert not _signed_in(other) and _signed_in(client)
    assert client.post("/profile/logins", data={"login": "all"}).status_code == 302
    assert not _signed_in(client)
    ends = db.session.scalars(select(Login.end_reason).where(Login.user_id == world.deputy.id)).all()
    assert sorted(ends) == [LoginEnd.BY_SELF, LoginEnd.BY_SELF] and len(ends) == 2


def test_another_persons_login_is_not_mine_to_end(app, auth, world):
    _new_client(app).post("/login", data={"username": world.office.username, "password": "secret-pw"})
    theirs = db.session.scalar(select(Login).where(Login.user_id == world.office.id))
    client = auth.as_(world.deputy)
    assert client.post("/profile/logins", data={"login": str(theirs.id)}).status_code == 409
    db.session.expire_all()
    assert db.session.get(Login, theirs.id).ended_at is None


@pytest.mark.parametrize("remember, after, still_in", [
    (False, timedelta(hours=1, minutes=59), True), (False, timedelta(hours=2, seconds=1), False),
    (True, timedelta(days=3), True), (True, timedelta(days=30, seconds=1), False),
])
def test_idle_and_remembered_timeouts_follow_the_app_clock(client, clock, world, remember, after, still_in):
    kept = {"remember": "y"} if remember else {}
    client.post("/login", data={"username": world.deputy.username, "password": "secret-pw", **kept})
    clock(datetime.fromisoformat(NOW) + after)
    assert _signed_in(client) is still_in


def test_the_absolute_limit_ends_a_busy_login(client, auth, clock, world):
    auth.as_(world.deputy)
    start = datetime.fromisoformat(NOW)
    for hour in range(1, 12):
        clock(start + timedelta(hours=hour))
        assert _signed_in(client), hour
    clock(start + timedelta(hours=12, seconds=1))
    assert not _signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, auth, clock, world):
    auth.as_(world.deputy)
    start = datetime.fromisoformat(NOW)
    clock(start + timedelta(seconds=30))
    with counted() as statements:
        client.get("/profile")
    assert not [s for s in statements if s.startswith("UPDATE login")]
    clock(start + timedelta(seconds=61))
    with counted() as statements:
        client.get("/profile")
    assert len([s for s in statements if s.startswith("UPDATE login")]) == 1


def test_signing_in_starts_a_new_session_and_a_new_login(app, client, auth, world):
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted[TOKEN] = "1.attackers-own-token"
    auth.login(world.deputy)
    with client.session_transaction() as now_session:
        first = now_session[TOKEN]
        assert "planted" not in now_session and first != "1.attackers-own-token"
    auth.logout()
    auth.login(world.deputy)
    with client.session_transaction() as now_session:
        assert now_session[TOKEN] != first


def _set_cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_cookies_are_httponly_lax_and_secure_over_tls(client, world, scheme):
    response = client.post("/login", base_url=f"{scheme}://localhost",
                           data={"username": world.deputy.username, "password": "secret-pw", "remember": "y"})
    cookies = _set_cookies(response)
    for name in ("session", REMEMBER_COOKIE):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], cookies[name]
        assert ("Secure" in cookies[name]) is (scheme == "https"), cookies[name]
    assert "Max-Age=2592000" in cookies[REMEMBER_COOKIE]


def test_changing_my_password_signs_out_my_other_devices_only(app, client, auth, world):
    other = _new_client(app)
    other.post("/login", data={"username": world.deputy.username, "password": "secret-pw"})
    client = auth.as_(world.deputy)
    response = client.post("/profile/password", data={"current": "secret-pw", "password": "new-pass-2026",
                                                      "confirm": "new-pass-2026"})
    assert response.status_code == 302
    assert _signed_in(client) and not _signed_in(other)


def test_redis_down_logs_nobody_out(app, world):
    """Logins live in the database and the signed cookie: a cache and limiter on a Redis that does
    not answer (port 1) change nothing about who is signed in."""
    from tracker import create_app

    dead = "redis://127.0.0.1:1/0"
    down = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db.engine.url.render_as_string(False),
                       "WTF_CSRF_ENABLED": False, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": dead,
                       "RATELIMIT_STORAGE_URI": dead})
    try:
        with down.test_client() as client:
            response = client.post("/login", data={"username": world.deputy.username,
                                                   "password": "secret-pw"})
            assert response.status_code == 302
            assert client.get("/profile").status_code == 200
            client.post("/logout")
            assert client.get("/profile").status_code == 302
    finally:
        limiter.init_app(app)  # the one limiter follows the last app set up: give it back its store
        with down.app_context():  # this app's own connections, closed before the test ends
            db.session.remove()
            db.engine.dispose()


def test_signing_in_and_last_seen_leave_the_cached_lists_alone(client, auth, clock, world):
    from tracker.domain.generation import current

    client.get("/login")
    before = current(db.session)
    auth.as_(world.office)
    clock(datetime.fromisoformat(NOW) + timedelta(minutes=5))
    client.get("/items")  # "last seen" written
    assert current(db.session) == before
