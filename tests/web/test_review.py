"""Reviewer pages: the queue's access and contents, the review page's buttons, comparing versions."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from seeds.paths import SUBMIT, Step, Walker
from tests.factories import at
from tests.web.helpers import CHEAP_HASH, buttons, text
from tracker.domain.core.engine import apply
from tracker.extensions import db
from tracker.models import DeputyGroup
from tracker.workflow import Action, Channel, Role, State


def queue_ids(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'<tr data-item="(\d+)"', html)}


def revised(item, world, reasons: str):
    """Return the draft from the office, change its reasons, resubmit: a second version."""
    item.reasons = reasons
    apply(item, Action.RESUBMIT, actor=world.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 10))
    db.session.commit()
    return item


@pytest.mark.parametrize("url", ["/review", "/review/{id}"])
def test_deputy_is_refused_the_reviewer_pages(auth, world, item_in, url):
    item = item_in(State.GROUP_REVIEW)
    response = auth.as_(world.deputy).get(url.format(id=item.id))
    assert response.status_code == 403


def test_reviewer_nav_link_only_for_reviewers(auth, world):
    assert 'href="/review"' in text(auth.as_(world.group_leader).get("/"))
    assert 'href="/review"' not in text(auth.as_(world.deputy).get("/"))


def test_group_leader_sees_only_own_group(auth, make, world, item_in):
    mine = item_in(State.GROUP_REVIEW)
    leader = make.user(Role.DEPUTY, Role.GROUP_LEADER, name="二组组长")
    leader.password_hash = CHEAP_HASH
    group = DeputyGroup(name="城关街道代表小组", leader_id=leader.id)
    db.session.add(group)
    db.session.flush()
    other_deputy = make.user(Role.DEPUTY, name="赵代表", group_id=group.id)
    other = make.suggestion(other_deputy, channel=Channel.SESSION, session=world.session,
                            category=world.category, title="关于城关街道停车难的建议")
    Walker(replace(world, deputy=other_deputy, group_leader=leader), at(2026, 3, 2)).play(other, [SUBMIT])
    db.session.commit()

    html = text(auth.as_(world.group_leader).get("/review"))
    assert queue_ids(html) == {mine.id}
    assert 'data-count="group_review">1<' in html
    assert queue_ids(text(auth.as_(leader).get("/review"))) == {other.id}


def test_queue_filters_come_from_the_query_string(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    client = auth.as_(world.office)
    assert queue_ids(text(client.get("/review?channel=between"))) == {item.id}
    assert queue_ids(text(client.get("/review?channel=session"))) == set()
    assert queue_ids(text(client.get(f"/review?group_id={world.group.id}&min_waiting=3"))) == {item.id}


@pytest.mark.parametrize("query", ["min_waiting=abc", "channel=nonsense", "layer=closed",
                                   "category_id=x"])
def test_bad_queue_filters_are_a_400(auth, world, item_in, query):
    item_in(State.OFFICE_REVIEW)
    assert auth.as_(world.office).get(f"/review?{query}").status_code == 400


def test_overdue_waiting_days_are_marked(auth, world, item_in):
    item_in(State.OFFICE_REVIEW)  # sent on 3 March; "now" is 20 May, long past five working days
    html = text(auth.as_(world.office).get("/review"))
    assert re.search(r'class="waiting overdue" data-waiting="\d+"', html)


@pytest.mark.parametrize(("state", "reviewer", "expected"), [
    (State.GROUP_REVIEW, "group_leader", {"pass_review", "return_for_revision", "advise_withdrawal"}),
    (State.COMMITTEE_REVIEW, "committee_staff",
     {"pass_review", "return_for_revision", "advise_withdrawal"}),
    (State.OFFICE_REVIEW, "office", {"pre_approve", "return_for_revision", "advise_withdrawal"}),
])
def test_review_page_shows_the_offered_decisions(auth, world, item_in, state, reviewer, expected):
    item = item_in(state)
    html = text(auth.as_(getattr(world, reviewer)).get(f"/review/{item.id}"))
    assert expected <= buttons(html)
    assert f'/items/{item.id}/actions/return_for_revision' in html
    assert "data-first-version" in html and "data-diff" not in html  # one version: nothing to diff


def test_review_page_shows_the_diff_and_earlier_opinions(auth, world, item_in):
    item = revised(item_in(State.RETURNED), world, "群众出门不便。")
    html = text(auth.as_(world.office).get(f"/review/{item.id}"))
    assert '<del class="diff-del">行</del>' in html and '<ins class="diff-ins">门</ins>' in html
    assert "请补充具体的实施地点和数据。" in html  # the office's opinion on version 1
    assert 'data-version="1"' in html and 'data-version="2"' in html


def test_compare_marks_the_one_changed_character(auth, world, item_in):
    item = revised(item_in(State.RETURNED), world, "群众出门不便。")
    response = auth.as_(world.deputy).get(f"/items/{item.id}/compare")
    html = text(response)
    assert response.status_code == 200
    assert '<del class="diff-del">行</del>' in html
    assert '<ins class="diff-ins">门</ins>' in html
    assert "群众出" in html and "不便。" in html
    assert '<del class="diff-del">群众出行不便。</del>' not in html  # not the whole line
    assert f'href="/items/{item.id}/compare"' in text(auth.client.get(f"/items/{item.id}"))


def test_compare_explicit_versions_and_identical(auth, world, item_in):
    item = revised(item_in(State.RETURNED), world, "群众出门不便。")
    client = auth.as_(world.office)
    html = text(client.get(f"/items/{item.id}/compare?a=2&b=2"))
    assert html.count('class="diff-del"') == html.count('class="diff-ins"') == 1  # the legend only
    assert 'data-changed="yes"' not in html
    reverse = text(client.get(f"/items/{item.id}/compare?a=2&b=1"))
    assert '<del class="diff-del">门</del>' in reverse


@pytest.mark.parametrize(("query", "status"), [
    ("a=x", 400), ("b=1.5", 400), ("a=-1", 400), ("a=%EF%BC%91", 400),
    ("a=9", 404), ("a=1&b=7", 404), ("a=1&b=2", 200), ("", 200),
])
def test_compare_bad_version_params(auth, world, item_in, query, status):
    item = revised(item_in(State.RETURNED), world, "群众出门不便。")
    assert auth.as_(world.office).get(f"/items/{item.id}/compare?{query}").status_code == status


def test_compare_with_one_version_says_so(auth, world, item_in):
    item = item_in(State.OFFICE_REVIEW)
    response = auth.as_(world.office).get(f"/items/{item.id}/compare")
    assert response.status_code == 200 and "data-diff" not in text(response)
    assert f'href="/items/{item.id}/compare"' not in text(auth.client.get(f"/items/{item.id}"))


def test_compare_follows_who_may_see_the_item(auth, world, item_in):
    item = revised(item_in(State.RETURNED), world, "群众出门不便。")
    assert auth.as_(world.deputy3).get(f"/items/{item.id}/compare").status_code == 403
    assert auth.as_(world.deputy).get("/items/999999/compare").status_code == 404


def test_resubmit_step_is_the_one_the_paths_use():
    # The helper above resubmits by hand; keep it in line with the scripted step's action.
    assert Step(Action.RESUBMIT, "deputy", Role.DEPUTY).action is Action.RESUBMIT


def test_the_filter_form_shows_each_requests_own_filters(auth, world, item_in):
    item_in(State.GROUP_REVIEW)
    client = auth.as_(world.group_leader)
    plain = text(client.get("/review"))
    chosen = text(client.get(f"/review?channel=session&min_waiting=3&group_id={world.group.id}"))
    assert 'value="3"' in chosen and 'value="3"' not in plain  # drawn once per filters, not reused
    assert re.search(r'<option selected value="session">|<option value="session" selected>', chosen)
    # on a phone the filters fold behind a button that says what is filtered: each request's own
    assert re.search(r"data-filter-summary>全部待审（未筛选）<", plain)
    summary = re.search(r"data-filter-summary>([^<]*)<", chosen).group(1)
    assert summary == f"大会期间建议 · {world.group.name} · 已等待≥3个工作日", summary
    refused = client.get("/review?min_waiting=-5")
    assert refused.status_code == 400 and "is-invalid" in text(refused)  # an error: drawn afresh
    assert "is-invalid" not in text(client.get("/review"))
