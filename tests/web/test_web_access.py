"""Who may open which page: a role x route matrix, guests, missing items, and the JSON answers."""

from __future__ import annotations

import pytest

from tests.web.helpers import text
from tracker.workflow import State

# (route, who) -> status. Items: `review` is a between-session item in office review, `handling`
# one in handling by the world's unit (co-unit: co_unit), `draft` the deputy's own draft.
ROUTES = {
    "/": {},
    "/items": {"deputy": 403, "deputy2": 403, "group_leader": 403, "committee_staff": 403,
               "handler": 403, "leader": 403, "co_handler": 403, "other_handler": 403},
    "/items/new": {"group_leader": 200, "committee_staff": 403, "office": 403, "handler": 403,
                   "leader": 403, "co_handler": 403, "other_handler": 403, "supervisor": 403,
                   "admin": 403, "deputy2": 200},
    "/items/{review}": {"deputy2": 403, "handler": 403, "leader": 403, "co_handler": 403,
                        "other_handler": 403},
    "/items/{handling}": {"deputy2": 403, "other_handler": 403},
    "/items/{draft}": {"deputy2": 403, "group_leader": 403, "committee_staff": 403,
                       "handler": 403, "leader": 403, "co_handler": 403, "other_handler": 403},
    "/items/{draft}/edit": {"deputy2": 403, "group_leader": 403, "committee_staff": 403,
                            "office": 403, "handler": 403, "leader": 403, "co_handler": 403,
                            "other_handler": 403, "supervisor": 403, "admin": 403},
    "/items/{review}/actions/pre_approve": {"deputy": 409, "deputy2": 403, "group_leader": 409,
                                            "committee_staff": 409, "handler": 403,
                                            "leader": 403, "co_handler": 403,
                                            "other_handler": 403, "supervisor": 409,
                                            "admin": 409},
    "/items/{handling}/actions/log_contact": {"deputy": 409, "deputy2": 403, "group_leader": 409,
                                              "committee_staff": 409, "office": 409,
                                              "leader": 200, "co_handler": 409,
                                              "other_handler": 403, "supervisor": 409,
                                              "admin": 409},
}
WHO = ["deputy", "deputy2", "group_leader", "committee_staff", "office", "handler", "leader",
       "co_handler", "other_handler", "supervisor", "admin"]
MATRIX = [(route, who, expected.get(who, 200)) for route, expected in ROUTES.items()
          for who in WHO]


@pytest.fixture
def items(item_in):
    return {"review": item_in(State.OFFICE_REVIEW).id, "handling": item_in(State.IN_HANDLING).id,
            "draft": item_in(State.DRAFT).id}


@pytest.mark.parametrize(("route", "who", "status"), MATRIX,
                         ids=[f"{r}-{w}" for r, w, _ in MATRIX])
def test_role_route_matrix(auth, world, items, route, who, status):
    client = auth.as_(getattr(world, who))
    response = client.get(route.format(**items))
    assert response.status_code == status, text(response)[:400]


@pytest.mark.parametrize("route", [r for r in ROUTES if r != "/"])
def test_guests_are_sent_to_login(client, items, route):
    response = client.get(route.format(**items))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_missing_item_is_404_with_a_page(auth, world):
    response = auth.as_(world.office).get("/items/999999")
    assert response.status_code == 404 and "不存在" in text(response)


def test_forbidden_page_explains_itself(auth, world, items):
    response = auth.as_(world.other_handler).get(f"/items/{items['handling']}")
    assert response.status_code == 403 and "无权" in text(response)


def test_the_api_answers_guests_and_strangers_in_json(client, auth, world, items):
    url = f"/api/v1/suggestions/{items['handling']}/actions/log_contact"
    guest = client.post(url, json={})
    assert guest.status_code == 401 and guest.json["code"] == "login_required"
    stranger = auth.as_(world.other_handler).post(url, json={})
    assert stranger.status_code == 403 and stranger.json["message"]["zh"]
    missing = auth.client.post("/api/v1/suggestions/999999/actions/log_contact", json={})
    assert missing.status_code == 404 and missing.json["code"] == "not_found"
