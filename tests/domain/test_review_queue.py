"""Reviewer queues: who sees which items in which layer, oldest first, with counts and filters."""

from __future__ import annotations

from dataclasses import replace

import pytest

from seeds.paths import COMMITTEE_PASS, GROUP_PASS, PATHS, SUBMIT, Walker
from tests.factories import at
from tracker.domain.reads.review_queue import QueueFilters, layers_for, review_queue
from tracker.extensions import db
from tracker.models import Category, Committee, DeputyGroup, UserRole
from tracker.workflow import LAYER_REVIEWERS, Channel, Role, State

LATER = at(2026, 3, 20)


def ids(queue):
    return [e.item.id for e in queue.entries]


def bring(make, w, state, *, start=None, author=None, category="world", steps=None, **kw):
    """An item of the world's deputy brought to `state` (or through `steps`) from `start`."""
    start = start or at(2026, 3, 1)
    channel, path = PATHS[state]
    channel = kw.pop("channel", channel)
    item = make.suggestion(author or w.deputy, channel=channel,
                           category=w.category if category == "world" else category,
                           session=w.session if channel is Channel.SESSION else None, **kw)
    Walker(w, start).play(item, steps if steps is not None else path)
    assert item.state is state
    return item


@pytest.fixture
def two(make):
    """Two casts sharing the office: two groups with their leaders, two committees with categories."""
    w1 = make.world()
    w1.main_item = make.suggestion(w1.deputy2, category=w1.category)
    committee = Committee(name="教科文卫工委")
    db.session.add(committee)
    db.session.flush()
    category = Category(name="教育", committee_id=committee.id)
    leader = make.user(Role.DEPUTY, Role.GROUP_LEADER, name="二组组长")
    group = DeputyGroup(name="城关街道代表小组", leader_id=leader.id)
    db.session.add_all([category, group])
    db.session.flush()
    w2 = replace(w1, deputy=make.user(Role.DEPUTY, name="赵代表", group_id=group.id),
                 group_leader=leader, group=group, committee=committee, category=category,
                 committee_staff=make.user(Role.COMMITTEE_STAFF, committee_id=committee.id))
    return w1, w2


@pytest.mark.parametrize(("layer", "role"), [(layer, role) for layer, (role, _) in LAYER_REVIEWERS.items()])
def test_layers_come_from_the_table(make, layer, role):
    assert layers_for(make.user(role)) == [layer]


def test_a_deputy_reviews_no_layer_and_has_an_empty_queue(make, two):
    w1, _ = two
    bring(make, w1, State.GROUP_REVIEW)
    queue = review_queue(db.session, w1.deputy, LATER)
    assert queue.layers == [] and queue.entries == []


def test_group_leader_sees_only_own_group(make, two):
    w1, w2 = two
    mine = bring(make, w1, State.GROUP_REVIEW)
    bring(make, w2, State.GROUP_REVIEW)
    bring(make, w1, State.OFFICE_REVIEW)  # another layer: not the group leader's
    queue = review_queue(db.session, w1.group_leader, LATER)
    assert ids(queue) == [mine.id]
    assert queue.counts == {State.GROUP_REVIEW: 1}


def test_committee_staff_sees_own_categories_and_uncategorised(make, two):
    w1, w2 = two
    steps = [SUBMIT, GROUP_PASS]
    ours = bring(make, w1, State.COMMITTEE_REVIEW)
    bring(make, w2, State.COMMITTEE_REVIEW)
    loose = bring(make, w2, State.COMMITTEE_REVIEW, category=None, steps=steps,
                  start=at(2026, 3, 3))
    queue = review_queue(db.session, w1.committee_staff, LATER)
    assert ids(queue) == [ours.id, loose.id]
    assert set(ids(review_queue(db.session, w2.committee_staff, LATER))) >= {loose.id}
    assert ours.id not in ids(review_queue(db.session, w2.committee_staff, LATER))


def test_office_sees_every_item_in_office_review_only(make, two):
    w1, w2 = two
    a = bring(make, w1, State.OFFICE_REVIEW)
    b = bring(make, w2, State.OFFICE_REVIEW, start=at(2026, 3, 2))
    bring(make, w1, State.GROUP_REVIEW)
    assert ids(review_queue(db.session, w1.office, LATER)) == [a.id, b.id]


def test_oldest_first_by_entry_into_the_layer(make, two):
    w1, _ = two
    late = bring(make, w1, State.OFFICE_REVIEW, start=at(2026, 3, 10))
    early = bring(make, w1, State.OFFICE_REVIEW, start=at(2026, 3, 2))
    # Created first, but it only reached the office after two more layers.
    slow = bring(make, w1, State.OFFICE_REVIEW, start=at(2026, 3, 1), channel=Channel.SESSION,
                 steps=[SUBMIT, GROUP_PASS, COMMITTEE_PASS])
    queue = review_queue(db.session, w1.office, LATER)
    assert ids(queue) == [early.id, slow.id, late.id]
    assert queue.entries[0].entered_at < queue.entries[1].entered_at < queue.entries[2].entered_at


def test_counts_per_layer_ignore_the_layer_filter(make, two):
    w1, _ = two
    w1.group_leader.role_rows.append(UserRole(role=Role.OFFICE_STAFF))
    db.session.flush()
    g = bring(make, w1, State.GROUP_REVIEW)
    bring(make, w1, State.OFFICE_REVIEW)
    bring(make, w1, State.OFFICE_REVIEW)
    queue = review_queue(db.session, w1.group_leader, LATER, QueueFilters(layer=State.GROUP_REVIEW))
    assert queue.layers == [State.GROUP_REVIEW, State.OFFICE_REVIEW]
    assert queue.counts == {State.GROUP_REVIEW: 1, State.OFFICE_REVIEW: 2}
    assert ids(queue) == [g.id]


def test_filters_session_channel_category_group(make, two):
    w1, w2 = two
    session_item = bring(make, w1, State.OFFICE_REVIEW, channel=Channel.SESSION,
                         steps=[SUBMIT, GROUP_PASS, COMMITTEE_PASS])
    between_item = bring(make, w1, State.OFFICE_REVIEW)
    other_group = bring(make, w2, State.OFFICE_REVIEW)
    spare = Category(name="教育文化", committee_id=w1.committee.id)
    db.session.add(spare)
    db.session.flush()
    other_category = bring(make, w1, State.OFFICE_REVIEW, category=spare)

    def q(**kw):
        return set(ids(review_queue(db.session, w1.office, LATER, QueueFilters(**kw))))

    assert q(session_id=w1.session.id) == {session_item.id}
    assert q(channel=Channel.BETWEEN) == {between_item.id, other_group.id, other_category.id}
    assert q(channel=Channel.SESSION) == {session_item.id}
    assert q(category_id=spare.id) == {other_category.id}
    assert q(group_id=w2.group.id) == {other_group.id}
    assert q(group_id=w1.group.id, category_id=w1.category.id) == {session_item.id, between_item.id}


def test_waiting_days_are_working_days_and_overdue_after_the_layer_deadline(make, two):
    w1, _ = two
    # Sent on Monday 2 March 2026; the group layer has five working days.
    bring(make, w1, State.GROUP_REVIEW, start=at(2026, 3, 1))
    on_time = review_queue(db.session, w1.group_leader, at(2026, 3, 9)).entries[0]
    assert on_time.waiting_days == 5 and not on_time.is_overdue
    assert on_time.due_on.isoformat() == "2026-03-09"
    friday, sunday = (review_queue(db.session, w1.group_leader, at(2026, 3, d)).entries[0]
                      for d in (6, 8))
    assert friday.waiting_days == sunday.waiting_days == 4  # the weekend does not count
    late = review_queue(db.session, w1.group_leader, at(2026, 3, 10)).entries[0]
    assert late.waiting_days == 6 and late.is_overdue


def test_min_waiting_filter(make, two):
    w1, _ = two
    old = bring(make, w1, State.OFFICE_REVIEW, start=at(2026, 3, 1))
    new = bring(make, w1, State.OFFICE_REVIEW, start=at(2026, 3, 16))
    now = at(2026, 3, 20)
    assert ids(review_queue(db.session, w1.office, now, QueueFilters(min_waiting=5))) == [old.id]
    assert ids(review_queue(db.session, w1.office, now, QueueFilters(min_waiting=0))) == [old.id, new.id]


def test_resubmitted_item_counts_from_its_return_to_the_layer(make, two):
    w1, _ = two
    item = bring(make, w1, State.RETURNED, start=at(2026, 3, 2))
    from seeds.paths import Step
    from tracker.workflow import Action

    Walker(w1, at(2026, 3, 16)).play(item, [Step(Action.RESUBMIT, "deputy", Role.DEPUTY)])
    assert item.state is State.OFFICE_REVIEW
    entry = review_queue(db.session, w1.office, at(2026, 3, 20)).entries[0]
    assert entry.item.id == item.id and entry.waiting_days == 3


def test_the_queue_and_the_engine_agree_on_who_may_act(make, two):
    """The queue's SQL ownership conditions choose exactly the items the engine's rules allow."""
    from tracker.domain.core.context import Context
    from tracker.domain.core.ownership import RULES

    w1, w2 = two
    steps = [SUBMIT, GROUP_PASS]
    items = [bring(make, w, state) for w in (w1, w2) for state in LAYER_REVIEWERS]
    items.append(bring(make, w2, State.COMMITTEE_REVIEW, category=None, steps=steps))
    stranger = make.user(Role.GROUP_LEADER, Role.COMMITTEE_STAFF)  # no group led, no committee
    for user in (w1.group_leader, w2.group_leader, w1.committee_staff, w2.committee_staff, w1.office,
                 stranger):
        allowed = set()
        for item in items:
            role, own = LAYER_REVIEWERS.get(item.state, (None, None))
            if role in user.roles and RULES[own](Context(db.session, item, user, role, LATER)):
                allowed.add(item.id)
        assert set(ids(review_queue(db.session, user, LATER))) == allowed, user.name
    assert any(set(ids(review_queue(db.session, u, LATER))) for u in (w1.group_leader, w1.office))
