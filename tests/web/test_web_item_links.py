"""Item links of mails (/c/<congress>/items/<id>, tracker.jobs.deliver) open the item in its congress:
for a person of several congresses whatever congress the header has chosen, after signing in if
needed; a person not of that congress, or an item not of it, gets what a missing item gets."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import quote

import pytest

from tests.factories import at
from tests.isolation_worlds import two_congresses
from tests.web.helpers import PASSWORD, text
from tracker.extensions import db
from tracker.jobs.deliver import Delivery
from tracker.models import tenancy
from tracker.workflow import State

BASE = "http://tracker.test"


@pytest.fixture
def sides(app, make, tmp_path, monkeypatch):
    """Congresses A and B; A's deputy is B's too and has an item in handling in B."""
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path / "attachments"))
    a, b = two_congresses(make, str(tmp_path / "attachments"))
    with tenancy.scope(db.session, b.congress.id):
        _, item = make.item_in(State.IN_HANDLING, replace(b.world, deputy=a.world.deputy),
                               start=at(2026, 3, 2))
        item.title = f"{b.titles[0]}（共同代表）"
        b.ids["shared_item"] = item.id
    db.session.commit()
    return a, b


def mail_link(congress, item_id: int) -> str:
    """The path of the link a reminder mail carries."""
    conf = Delivery(mail_url="", mail_from="", sms_url="", sms_key="", base_url=BASE,
                    lease=timedelta(minutes=5))
    return conf.link(congress.code, item_id).removeprefix(BASE)


def test_a_person_of_both_with_the_other_congress_chosen_lands_on_the_item(client, auth, sides):
    a, b = sides
    shared = auth.as_(a.world.deputy)  # their first congress, A, is the one chosen
    item_id = b.ids["shared_item"]
    assert shared.get(f"/items/{item_id}").status_code == 404  # the plain link of before
    link = mail_link(b.congress, item_id)
    assert link == f"/c/{b.congress.code}/items/{item_id}"
    response = shared.get(link)
    assert response.status_code == 302 and response.location.endswith(f"/items/{item_id}")
    page = text(shared.get(f"/items/{item_id}"))
    assert "（共同代表）" in page and a.mark not in page
    home = text(shared.get("/"))  # they work in B now, as if they had picked it in the header
    assert b.mark in home and a.mark not in home
    back = shared.get(mail_link(a.congress, a.ids["item_id"]))  # and a link of A's takes them back
    assert back.status_code == 302 and shared.get(f"/items/{a.ids['item_id']}").status_code == 200


def test_a_guest_signs_in_first_then_lands_on_the_item(client, sides):
    a, b = sides
    link = mail_link(b.congress, b.ids["shared_item"])
    response = client.get(link)
    assert response.status_code == 302 and f"next={quote(link, safe='/')}" in response.location
    signed_in = client.post(f"/login?next={link}",
                            data={"username": a.world.deputy.username, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.location.endswith(link)
    assert client.get(link).location.endswith(f"/items/{b.ids['shared_item']}")
    assert "（共同代表）" in text(client.get(f"/items/{b.ids['shared_item']}"))


@pytest.mark.parametrize("role", ["office", "handler", "supervisor", "admin", "deputy2"])
def test_a_person_not_of_that_congress_gets_404(client, auth, sides, role):
    a, b = sides
    person = auth.as_(getattr(a.world, role))
    for item_id in (b.ids["shared_item"], b.ids["item_id"], 999999):
        response = person.get(mail_link(b.congress, item_id))
        assert response.status_code == 404 and b.mark not in response.get_data(as_text=True)
    assert person.get(f"/items/{a.ids['item_id']}").status_code in (200, 403)  # still in A


def test_an_item_not_of_the_congress_named_or_an_unknown_congress_is_404(client, auth, sides):
    a, b = sides
    shared = auth.as_(a.world.deputy)
    assert shared.get(mail_link(a.congress, b.ids["shared_item"])).status_code == 404
    assert shared.get(f"/c/nowhere/items/{b.ids['shared_item']}").status_code == 404
    assert b.mark not in text(shared.get("/"))  # a refused link chose nothing
