"""Security headers on every kind of page: a content-security policy with no inline script, no
framing, nosniff, a referrer policy, HSTS over TLS only; and no template needs inline script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split(None, 1)[1] for part in header.split("; ") if part.strip()}


@pytest.mark.parametrize("url, signed_in", [
    ("/login", False), ("/", True), ("/profile", True), ("/dashboard", True), ("/items/999999", True),
    ("/static/app.js", False), ("/public/nowhere/items/1", False),
])
def test_every_page_carries_the_headers(auth, world, client, url, signed_in):
    if signed_in:
        auth.as_(world.office)
    response = client.get(url)
    response.close()  # a static file is streamed: close it, or its handle is left open
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert "unsafe" not in policy["script-src"] + policy["style-src"] + policy["style-src-elem"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be a lie


def test_hsts_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script(path):
    html = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", html):  # a data block (JSON) runs nothing
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "an on…= handler attribute: move it to static/*.js"
    assert "javascript:" not in html


def test_behind_a_trusted_tls_proxy_cookies_are_secure_and_hsts_is_sent(world):
    from tracker import create_app
    from tracker.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db.engine.url.render_as_string(False),
                      "WTF_CSRF_ENABLED": False, "PROXIES": 1})
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    with app.test_client() as client:
        response = client.post("/login", headers=proxied,
                               data={"username": world.deputy.username, "password": "secret-pw"})
        assert response.status_code == 302
        assert "Secure" in response.headers["Set-Cookie"]
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with app.app_context():  # this app's own connections, closed before the test ends
        db.session.remove()
        db.engine.dispose()
    from sqlalchemy import select

    from tracker.models import Login
    db.session.expire_all()
    assert db.session.scalar(select(Login.address).where(Login.user_id == world.deputy.id)) == "203.0.113.9"
