"""The JSON API (/api/v1) actions, and CSRF kept on for forms and JSON alike (X-CSRFToken header)."""

from __future__ import annotations

import re

import pytest

from tests.web.helpers import events, state_of, text
from tracker.workflow import State


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_api_takes_an_action_and_returns_the_new_state(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    response = auth.as_(world.handler).post(f"/api/v1/suggestions/{item.id}/actions/sign_for",
                                            json={"as_role": "unit_handler"})
    assert response.status_code == 200
    assert response.json["state"] == "in_handling" and response.json["event_id"]
    assert "log_contact" in response.json["offers"]
    assert state_of(item) is State.IN_HANDLING


@pytest.mark.parametrize(("body", "status", "error", "field"), [
    ({"as_role": "office_staff"}, 422, "invalid_data", "reason"),
    ({"as_role": "office_staff", "reason": ""}, 422, "reason_missing", "reason"),
    ({"as_role": "office_staff", "reason": 12345}, 422, "invalid_data", "reason"),
    ({"as_role": "deputy", "reason": "x"}, 422, "invalid_data", "as_role"),
    ({"as_role": "nobody", "reason": "x"}, 422, "invalid_data", "as_role"),
    (["not", "an", "object"], 422, "invalid_data", None),
])
def test_api_refusals_are_problems(auth, world, item_in, body, status, error, field):
    item = item_in(State.OFFICE_REVIEW)
    before = events(item)
    response = auth.as_(world.office).post(
        f"/api/v1/suggestions/{item.id}/actions/return_for_revision", json=body)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    assert response.json["code"] == error and response.json["detail"]
    assert response.json["message"]["zh"] and response.json["message"]["en"]
    assert response.json.get("field") == field
    assert state_of(item) is State.OFFICE_REVIEW and events(item) == before


def test_api_unknown_action_and_english_messages(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    response = client.post(f"/api/v1/suggestions/{item.id}/actions/fly", json={})
    assert response.status_code == 404 and response.json["code"] == "not_found"
    english = client.post(f"/api/v1/suggestions/{item.id}/actions/return_for_revision",
                          json={"as_role": "office_staff", "reason": ""},
                          headers={"Accept-Language": "en"})
    assert english.json["detail"] == "A reason is required."
    assert english.json["message"]["en"] == "A reason is required."
    assert english.json["message"]["zh"] != "A reason is required."


def test_the_old_paths_answer_308_to_the_new_ones(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    client = auth.as_(world.handler)
    moved = client.post(f"/api/items/{item.id}/actions/sign_for", json={})
    assert moved.status_code == 308
    assert moved.headers["Location"].endswith(f"/api/v1/suggestions/{item.id}/actions/sign_for")
    old = client.get("/api/similar?title=x")
    assert old.status_code == 308 and old.headers["Location"].endswith("/api/v1/similar?title=x")


def test_form_post_without_csrf_token_is_refused(auth, world, item_in, csrf_on):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.client
    page = text(client.get("/login"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": world.office.username, "password": "secret-pw",
                                "csrf_token": token})
    before = events(item)
    response = client.post(f"/items/{item.id}/actions/return_for_revision",
                           data={"as_role": "office_staff", "reason": "请补充数据。"})
    assert response.status_code == 400
    assert "表单缺少安全令牌或已过期" in text(response)
    assert state_of(item) is State.OFFICE_REVIEW and events(item) == before
    form = text(client.get(f"/items/{item.id}/actions/return_for_revision"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    ok = client.post(f"/items/{item.id}/actions/return_for_revision",
                     data={"as_role": "office_staff", "reason": "请补充数据。",
                           "csrf_token": token})
    assert ok.status_code == 302 and state_of(item) is State.RETURNED


def test_json_needs_the_csrf_header_when_csrf_is_on(auth, world, item_in, csrf_on):
    item = item_in(State.ASSIGNED)
    client = auth.client
    page = text(client.get("/login"))
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post("/login", data={"username": world.handler.username, "password": "secret-pw",
                                "csrf_token": token})
    # Signing in starts a new session, and with it a new token: the page's, as a script reads it.
    page = text(client.get("/"))
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    url = f"/api/v1/suggestions/{item.id}/actions/sign_for"
    refused = client.post(url, json={"as_role": "unit_handler"})
    assert refused.status_code == 400 and refused.json["code"] == "csrf"
    ok = client.post(url, json={"as_role": "unit_handler"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.json["state"] == "in_handling"
