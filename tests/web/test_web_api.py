"""The JSON action API, and CSRF kept on for forms and JSON alike (X-CSRFToken header)."""

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
    response = auth.as_(world.handler).post(f"/api/items/{item.id}/actions/sign_for",
                                            json={"as_role": "unit_handler"})
    assert response.status_code == 200
    assert response.json["state"] == "in_handling" and response.json["event_id"]
    assert "log_contact" in response.json["offers"]
    assert state_of(item) is State.IN_HANDLING


@pytest.mark.parametrize(("body", "status", "error", "field"), [
    ({"as_role": "office_staff"}, 400, "reason_missing", "reason"),
    ({"as_role": "deputy", "reason": "x"}, 403, "role_not_allowed", None),
    ({"as_role": "nobody", "reason": "x"}, 403, "role_not_allowed", None),
    (["not", "an", "object"], 400, "invalid_data", None),
    # Wrong types are refused naming the field, never a 500 (issue 16).
    ({"as_role": "office_staff", "reason": 12345}, 400, "invalid_data", "reason"),
    ({"as_role": ["office_staff"], "reason": "x"}, 400, "invalid_data", "as_role"),
    ({"as_role": "office_staff", "reason": "x", "seen_version": 1.5}, 400, "invalid_data", "seen_version"),
    ({"as_role": "office_staff", "reason": "x", "data": {"colour": "red"}}, 400, "invalid_data", "colour"),
])
def test_api_refusals_are_the_error_dict(auth, world, item_in, body, status, error, field):
    item = item_in(State.OFFICE_REVIEW)
    before = events(item)
    response = auth.as_(world.office).post(
        f"/api/items/{item.id}/actions/return_for_revision", json=body)
    assert response.status_code == status
    assert response.json["error"] == error and response.json["message"]
    assert response.json.get("field") == field
    assert state_of(item) is State.OFFICE_REVIEW and events(item) == before


def test_api_unknown_action_and_english_messages(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    response = client.post(f"/api/items/{item.id}/actions/fly", json={})
    assert response.status_code == 400 and response.json == {
        "error": "unknown_action", "message": "没有这个操作。"}
    english = client.post(f"/api/items/{item.id}/actions/return_for_revision?lang=en",
                          json={"as_role": "office_staff"})
    assert english.json["message"] == "A reason is required."


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
    url = f"/api/items/{item.id}/actions/sign_for"
    refused = client.post(url, json={"as_role": "unit_handler"})
    assert refused.status_code == 400 and refused.json["error"] == "csrf"
    ok = client.post(url, json={"as_role": "unit_handler"}, headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.json["state"] == "in_handling"
