"""Signing in and out: argon2 passwords, form errors instead of 500s, safe redirects."""

from __future__ import annotations

import pytest

from tests.web.helpers import text
from tracker.extensions import db
from tracker.security import hash_password, needs_rehash, verify_password


def test_argon2_hash_verifies_only_the_right_password():
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong")
    assert not verify_password("not-a-hash", "correct horse")
    assert not verify_password(None, "x")
    assert not needs_rehash(stored)


def test_login_lands_on_the_desk_with_the_users_name(auth, client, world):
    response = auth.login(world.deputy)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    page = text(client.get("/"))
    assert world.deputy.name in page and "我的待办" in page


@pytest.mark.parametrize("password", ["wrong", ""])
def test_bad_password_is_a_form_error_not_a_500(auth, client, world, password):
    response = auth.login(world.deputy, password=password)
    assert response.status_code == 400
    page = text(response)
    assert ("用户名或密码不正确" if password else "请输入密码") in page
    assert client.get("/").status_code == 302  # still signed out


def test_unknown_user_gets_the_same_message(client, world):
    response = client.post("/login", data={"username": "nobody", "password": "x"})
    assert response.status_code == 400 and "用户名或密码不正确" in text(response)


def test_inactive_user_cannot_sign_in(auth, world):
    world.office.is_active_user = False
    db.session.commit()
    assert auth.login(world.office).status_code == 400


def test_guest_is_sent_to_login_with_next(client, world):
    response = client.get("/items/1")
    assert response.status_code == 302
    assert "/login?next=/items/1" in response.headers["Location"]


def test_next_is_followed_only_within_the_site(auth, client, world):
    inside = auth.login(world.deputy, query_string={"next": "/items/new"})
    assert inside.headers["Location"] == "/items/new"
    auth.logout()
    outside = auth.login(world.deputy, query_string={"next": "https://evil.example/x"})
    assert outside.headers["Location"] == "/"


def test_logout_needs_a_post_and_signs_out(auth, client, world):
    auth.login(world.deputy)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302
