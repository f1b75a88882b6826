"""The JSON API's reads (/api/v1): the spec, the suggestion list and one suggestion, reference data."""

from __future__ import annotations

from tracker.workflow import TRANSITIONS, State


def test_the_spec_is_openapi_3_1_with_an_operation_per_action(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()
                  if isinstance(op, dict)}
    assert {f"act_{t.action.value}" for t in TRANSITIONS} <= operations
    assert {"listSuggestions", "getSuggestion", "getSuggestionHistory", "listUnits", "getMe"} <= operations
    route = spec["paths"]["/api/v1/suggestions/{item_id}/actions/route"]["post"]
    assert "交办" in route["summary"] or "交办" in route["description"]
    assert client.get("/api/v1/docs").status_code == 200


def test_the_list_is_what_the_caller_may_open(auth, world, item_in):
    mine = item_in(State.ASSIGNED)
    client = auth.as_(world.handler)
    page = client.get("/api/v1/suggestions").get_json()
    assert [row["id"] for row in page["items"]] == [mine.id]
    assert page["items"][0]["state"] == "assigned" and page["items"][0]["state_label"]["zh"]
    office = auth.as_(world.office).get("/api/v1/suggestions?limit=1").get_json()
    assert len(office["items"]) == 1 and office["next"]
    after = auth.as_(world.office).get(f"/api/v1/suggestions?limit=1&after={office['next']}").get_json()
    assert after["items"][0]["id"] != office["items"][0]["id"]


def test_bad_list_parameters_are_422_problems(auth, world):
    client = auth.as_(world.office)
    for query in ("state=flying", "limit=0", "limit=abc", "after=garbage", "unit=99999999999"):
        response = client.get(f"/api/v1/suggestions?{query}")
        assert response.status_code == 422, query
        assert response.mimetype == "application/problem+json" and response.json["code"] == "invalid_data"


def test_one_suggestion_with_its_etag_and_offers(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    response = auth.as_(world.handler).get(f"/api/v1/suggestions/{item.id}")
    assert response.status_code == 200 and response.headers["ETag"] == f'"{item.lock_version}"'
    body = response.get_json()
    assert body["id"] == item.id and body["assignments"][0]["is_lead"] is True
    assert "sign_for" in [o["action"] for o in body["offers"]]
    stale = auth.as_(world.handler).post(f"/api/v1/suggestions/{item.id}/actions/sign_for",
                                         json={}, headers={"If-Match": '"999"'})
    assert stale.status_code == 409 and stale.json["code"] == "stale_page"
    fresh = auth.as_(world.handler).post(f"/api/v1/suggestions/{item.id}/actions/sign_for",
                                         json={}, headers={"If-Match": response.headers["ETag"]})
    assert fresh.status_code == 200 and fresh.json["state"] == "in_handling"


def test_another_units_suggestion_is_403_and_a_missing_one_404(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    assert auth.as_(world.deputy2).get(f"/api/v1/suggestions/{item.id}").status_code == 403
    assert auth.as_(world.office).get("/api/v1/suggestions/2147483647").status_code == 404
    assert auth.as_(world.office).get("/api/v1/suggestions/99999999999").status_code == 404


def test_signed_out_is_401_problem(client):
    response = client.get("/api/v1/suggestions")
    assert response.status_code == 401 and response.json["code"] == "login_required"
    bad = client.get("/api/v1/suggestions", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_reference_lists_and_me(auth, world):
    client = auth.as_(world.handler)
    assert {u["id"] for u in client.get("/api/v1/units").get_json()} >= {world.unit.id}
    me = client.get("/api/v1/me").get_json()
    assert me["id"] == world.handler.id and "unit_handler" in me["roles"]
    assert client.get("/api/v1/sessions").status_code == 200
    assert client.get("/api/v1/categories").status_code == 200
    assert client.get("/api/v1/groups").status_code == 200


def test_an_idempotency_key_applies_once_and_replays_the_first_answer(auth, world, item_in):
    item = item_in(State.ASSIGNED)
    client = auth.as_(world.handler)
    url = f"/api/v1/suggestions/{item.id}/actions/sign_for"
    first = client.post(url, json={}, headers={"Idempotency-Key": "oa-4711"})
    again = client.post(url, json={}, headers={"Idempotency-Key": "oa-4711"})
    assert first.status_code == again.status_code == 200
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    other_body = client.post(url, json={"as_role": "unit_handler"}, headers={"Idempotency-Key": "oa-4711"})
    assert other_body.status_code == 422 and other_body.mimetype == "application/problem+json"
    fresh_key = client.post(url, json={}, headers={"Idempotency-Key": "oa-4712"})
    assert fresh_key.status_code == 409  # applied once: the second try is a new request, refused
