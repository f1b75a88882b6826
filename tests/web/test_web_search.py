"""The search page and the similar-suggestions JSON: results, access, and odd input."""

import pytest

from tests.factories import at
from tracker.domain.authoring.drafts import DraftInput, create_draft
from tracker.extensions import db
from tracker.workflow import Channel, State


def _draft(author, title, reasons="群众反映强烈。", proposals="建议尽快解决。"):
    return create_draft(db.session, author, DraftInput(title=title, reasons=reasons, proposals=proposals,
                                                       channel=Channel.BETWEEN), at=at(2026, 3, 2))


@pytest.fixture
def drafts(world):
    mine = _draft(world.deputy, "关于规范小区物业收费的建议", "物业收费不透明。")
    theirs = _draft(world.deputy2, "关于加强物业企业监管的建议", "物业服务质量差。")
    db.session.commit()
    return mine, theirs


def test_the_search_page_lists_matches_the_reader_may_see(auth, world, drafts):
    mine, theirs = drafts
    page = auth.as_(world.deputy).get("/search?q=物业").get_data(as_text=True)
    assert f'data-item="{mine.id}"' in page
    assert f'data-item="{theirs.id}"' not in page  # another deputy's draft stays private
    page = auth.as_(world.office).get("/search?q=物业").get_data(as_text=True)
    assert f'data-item="{mine.id}"' in page and f'data-item="{theirs.id}"' in page


def test_a_two_character_word_of_the_text_is_found(auth, world, drafts):
    mine, _ = drafts
    page = auth.as_(world.office).get("/search?q=收费").get_data(as_text=True)
    assert f'data-item="{mine.id}"' in page
    assert "关于规范小区物业收费的建议" in page


@pytest.mark.parametrize(("query", "marker"), [("", "data-message"), ("?", "data-message"),
                                               ("地铁", "data-empty")])
def test_an_empty_or_unmatched_query_says_so(auth, world, drafts, query, marker):
    response = auth.as_(world.office).get("/search", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert marker in page and 'id="results"' not in page


def test_a_silly_long_query_is_a_400_not_a_500(auth, world, drafts):
    response = auth.as_(world.office).get("/search", query_string={"q": "物" * 10_000})
    assert response.status_code == 400
    assert "data-message" in response.get_data(as_text=True)


def test_the_search_page_needs_a_login(client):
    response = client.get("/search?q=物业")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_similar_returns_scores_best_first_without_others_drafts(auth, world, drafts, item_in):
    mine, theirs = drafts
    sent = item_in(State.REGISTERED, title="关于加强物业企业监管的建议")
    db.session.commit()
    response = auth.as_(world.deputy3).get("/api/v1/similar", query_string={
        "title": "关于加强物业企业监管的建议", "text": "物业服务质量差。"})
    assert response.status_code == 200
    rows = response.get_json()
    ids = [row["id"] for row in rows]
    assert ids[0] == sent.id  # submitted by another deputy: listed, so one can join or differ
    assert theirs.id not in ids and mine.id not in ids  # unsent drafts of others are not
    assert 0 < rows[0]["score"] <= 1 and rows[0]["percent"] == round(rows[0]["score"] * 100)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert rows[0]["url"] is None  # deputy3 may not open it, so no link
    assert set(rows[0]) >= {"id", "title", "label", "state", "score"}


def test_similar_shows_the_own_draft_with_a_link_but_not_the_one_being_edited(auth, world, drafts):
    mine, _ = drafts
    client = auth.as_(world.deputy)
    rows = client.get("/api/v1/similar", query_string={"title": "小区物业收费"}).get_json()
    assert rows[0]["id"] == mine.id and rows[0]["url"].endswith(f"/items/{mine.id}")
    rows = client.get("/api/v1/similar", query_string={"title": "小区物业收费",
                                                    "exclude": mine.id}).get_json()
    assert mine.id not in [r["id"] for r in rows]


@pytest.mark.parametrize(("args", "status"), [({"title": "物" * 10_000}, 422), ({"text": "x" * 30_000}, 422),
                                              ({}, 200), ({"title": "?!"}, 200)])
def test_similar_handles_odd_input(auth, world, drafts, args, status):
    response = auth.as_(world.deputy).get("/api/v1/similar", query_string=args)
    assert response.status_code == status
    if status == 200:
        assert response.get_json() == []


def test_similar_is_for_deputies_and_signed_in_users(auth, client, world):
    assert client.get("/api/v1/similar?title=物业").status_code == 401
    assert auth.as_(world.handler).get("/api/v1/similar?title=物业").status_code == 403


def test_the_draft_form_carries_the_similar_box(auth, world):
    page = auth.as_(world.deputy).get("/items/new").get_data(as_text=True)
    assert 'id="similar"' in page and "similar.js" in page
