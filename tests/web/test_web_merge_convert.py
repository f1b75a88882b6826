"""The office's merge (并案) and convert (转来信处理) pages, and the links both item pages show."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from seeds.paths import PATHS, Walker
from tests.factories import at
from tests.web.helpers import buttons, state_of, text
from tracker.extensions import db
from tracker.models import CoSigner, Outbox
from tracker.workflow import Channel, State


@pytest.fixture
def main(world, make):
    """An open suggestion of another deputy, sent to the office: the main one to merge into."""
    from dataclasses import replace

    channel, steps = PATHS[State.OFFICE_REVIEW]
    item = make.suggestion(world.deputy2, channel=channel, category=world.category,
                           title="关于统筹优化韵家口镇公交线网的建议",
                           session=world.session if channel is Channel.SESSION else None)
    Walker(replace(world, deputy=world.deputy2), at(2026, 3, 1)).play(item, steps)
    db.session.commit()
    return item


def test_the_merge_page_offers_similar_items_and_compares_the_chosen_one(auth, world, item_in,
                                                                         main):
    item = item_in(State.OFFICE_REVIEW, title="关于韵家口镇增设公交站点的建议")
    client = auth.as_(world.office)
    review = text(client.get(f"/review/{item.id}"))
    assert f'href="/review/{item.id}/merge"' in review and f'href="/review/{item.id}/convert"' in review
    page = text(client.get(f"/review/{item.id}/merge"))
    assert f'data-candidate="{main.id}"' in page
    assert f'data-candidate="{world.main_item.id}"' not in page  # a draft is nobody's main yet
    found = text(client.get(f"/review/{item.id}/merge?q=线网"))
    assert f'data-candidate="{main.id}"' in found
    side = text(client.get(f"/review/{item.id}/merge?main={main.id}"))
    assert f'data-side="{item.id}"' in side and f'data-side="{main.id}"' in side
    assert "李代表" in side.split("data-joining")[1].split("</p>")[0]


def test_merging_through_the_page_links_both_items(auth, world, item_in, main):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    refused = client.post(f"/review/{item.id}/merge", data={"main_item": str(main.id)})
    assert refused.status_code == 400 and state_of(item) is State.OFFICE_REVIEW
    response = client.post(f"/review/{item.id}/merge",
                           data={"main_item": str(main.id), "reason": "同一事项，并案办理。"})
    assert response.status_code == 302 and state_of(item) is State.MERGED
    merged = text(client.get(f"/items/{item.id}"))
    assert f'data-merged-into="{main.id}"' in merged
    main_page = text(client.get(f"/items/{main.id}"))
    assert f'data-merged-from="{item.id}"' in main_page and "他件并入本件" in main_page
    joined = db.session.scalars(select(CoSigner).where(CoSigner.suggestion_id == main.id)).all()
    assert [(c.deputy_id, c.via_merge_of_id) for c in joined] == [(world.deputy.id, item.id)]
    # The merged item's deputy now follows the main one and sees it.
    assert auth.as_(world.deputy).get(f"/items/{main.id}").status_code == 200


@pytest.mark.parametrize("pick", ["self", "draft", "missing"])
def test_a_main_item_that_cannot_be_one_is_refused_with_the_text_kept(auth, world, item_in, pick):
    item = item_in(State.OFFICE_REVIEW)
    main_id = {"self": item.id, "draft": world.main_item.id, "missing": 987654}[pick]
    response = auth.as_(world.office).post(f"/review/{item.id}/merge", data={
        "main_item": str(main_id), "reason": "我写的并案理由"})
    assert response.status_code == 409 and "不能作为主件" in text(response)
    assert "我写的并案理由" in text(response) and state_of(item) is State.OFFICE_REVIEW


def test_only_the_office_merges_or_converts(auth, world, item_in, main):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.deputy)
    assert client.get(f"/review/{item.id}/merge").status_code in (403, 409)
    assert client.get(f"/review/{item.id}/convert").status_code in (403, 409)
    posted = client.post(f"/review/{item.id}/merge", data={"main_item": str(main.id),
                                                           "reason": "x"})
    assert posted.status_code == 403 and state_of(item) is State.OFFICE_REVIEW


CONVERT = {"convert_to": "letter", "contact_date": "2026-05-19", "contact_way": "phone",
           "talk_record": "电话沟通：代表同意转为来信。", "notice": "李代表：经沟通，本件转代表来信处理。"}


def test_converting_needs_the_talk_on_record_and_tells_the_deputy(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    form = text(client.get(f"/review/{item.id}/convert"))
    assert 'value="2026-05-20"' in form and "代表来信" in form and "电话" in form
    missing = client.post(f"/review/{item.id}/convert", data={**CONVERT, "talk_record": ""})
    assert missing.status_code == 400 and state_of(item) is State.OFFICE_REVIEW
    assert "李代表：经沟通" in text(missing)  # the notice typed so far is kept
    future = client.post(f"/review/{item.id}/convert", data={**CONVERT, "contact_date": "2026-06-01"})
    assert future.status_code == 400 and "沟通日期不能晚于今天" in text(future)
    response = client.post(f"/review/{item.id}/convert", data=CONVERT)
    assert response.status_code == 302 and state_of(item) is State.CONVERTED
    client = auth.as_(world.deputy)
    page = text(client.get(f"/items/{item.id}"))
    notice = page.split('data-notice>')[1].split("</div>")[0]
    assert notice == "李代表：经沟通，本件转代表来信处理。"
    assert "电话沟通：代表同意转为来信。" in page and "2026年5月19日" in page
    told = db.session.scalars(select(Outbox).where(Outbox.recipient_id == world.deputy.id)).all()
    assert any(o.payload.get("action") == "convert" for o in told)
    assert "转来信处理" in text(client.get("/notices"))


def test_the_review_page_offers_merge_and_convert_to_the_office(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    html = text(auth.as_(world.office).get(f"/review/{item.id}"))
    assert {"merge", "convert", "pre_approve"} <= buttons(html)
