"""The demo's second congress, 城西区 (seeds.second): its sizes, every state through the engine with
real audit trails, its logins, and daibiao, a deputy of both congresses, who sees each congress's
items only there; nothing of 城西区 is counted in 城东区's figures.

城东区 is a small factory world with a deputy called daibiao, not the full demo: the 城东区 load
(some 10 s) runs once per test run, in test_demo.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from seeds.congresses import CHENGXI
from seeds.data import west
from seeds.demo import DEMO_PASSWORD, summary
from seeds.second import PLAN, SHARED, load_second
from tests.conftest import _clean, add_congress
from tests.domain.test_demo import NOW, check_trails, count, items, user
from tests.factories import Factory
from tracker.domain.congress.founding import found_congress
from tracker.domain.deadlines.calendar import china_date
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.panels import sums
from tracker.domain.metrics.summary import refresh_summary, rollup_sums
from tracker.extensions import db
from tracker.models import (
    Category,
    CongressSession,
    DeputyGroup,
    HandlingUnit,
    Membership,
    Suggestion,
    User,
    UserRole,
    tenancy,
)
from tracker.security import hash_password
from tracker.workflow import Role, State

EAST_STATES = (State.IN_HANDLING, State.CLOSED)  # daibiao's items in 城东区 (the factory world)


@pytest.fixture(scope="module")
def demo(app):
    """城东区 with daibiao and two items of theirs, then 城西区 loaded in its own scope."""
    with app.app_context():
        _clean()
        east = add_congress()
        token = tenancy.enter(east.id)
        make = Factory(db.session)
        w = make.world()
        w.deputy.username, w.deputy.password_hash = west.DEMO_DEPUTY, hash_password(DEMO_PASSWORD)
        east_items = [make.item_in(state, w)[1].id for state in EAST_STATES]
        db.session.commit()
        chengxi = found_congress(db.session, CHENGXI, actor=None, at=NOW)
        with tenancy.scope(db.session, chengxi.id):
            loaded = load_second(db.session, NOW)
        db.session.commit()
        yield SimpleNamespace(east=east.id, west=chengxi.id, summary=loaded, east_items=east_items)
        db.session.rollback()
        _clean()
        db.session.remove()
        tenancy.leave(token)


@pytest.fixture
def in_west(demo):
    with tenancy.scope(db.session, demo.west):
        yield demo


def test_sizes(in_west):
    assert 30 <= count(Suggestion) == len(PLAN) + len(SHARED) <= 40
    assert count(DeputyGroup) == len(west.GROUPS)
    assert all(g.leader_id and g.leader.has_role(Role.GROUP_LEADER)
               for g in db.session.scalars(select(DeputyGroup)))
    assert count(HandlingUnit) == len(west.UNITS) and count(Category) >= 5
    assert count(CongressSession) == len(west.SESSIONS)
    for unit in db.session.scalars(select(HandlingUnit)):
        staff = db.session.scalars(select(UserRole.role).join(User).where(User.unit_id == unit.id))
        assert {Role.UNIT_HANDLER, Role.UNIT_LEADER} <= set(staff), unit.name
    roles = set(db.session.scalars(select(UserRole.role)))
    assert roles == set(Role)  # office staff, an administrator, a supervisor … every role
    titles = db.session.scalars(select(Suggestion.title)).all()
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_an_item(in_west, state):
    assert items(Suggestion.state == state)
    assert in_west.summary[f"state {state.value}"] >= 1


ROLES = {"cx_office": Role.OFFICE_STAFF, "cx_admin": Role.ADMIN, "cx_zhuren": Role.SUPERVISOR,
         "cx_zz_gct": Role.GROUP_LEADER, "cx_db_gct1": Role.DEPUTY, "cx_zw_cjhb": Role.COMMITTEE_STAFF,
         "cx_zjj_jb": Role.UNIT_HANDLER, "cx_zjj_fzr": Role.UNIT_LEADER, "daibiao": Role.DEPUTY}


@pytest.mark.parametrize("username", west.LOGINS)
def test_login(in_west, username):
    u = user(username)
    assert u.has_role(ROLES[username])
    assert PasswordHasher().verify(u.password_hash, DEMO_PASSWORD)


def test_every_login_of_the_congress_has_its_prefix_but_the_shared_deputy(in_west):
    names = db.session.scalars(select(User.username).join(UserRole).distinct()).all()
    assert len(names) > 20
    assert {n for n in names if not n.startswith(west.PREFIX)} == {west.DEMO_DEPUTY}


def test_audit_trails_lead_from_draft_to_the_current_state(in_west):
    check_trails(NOW)


def test_the_shared_deputy_has_roles_in_both_and_sees_each_congresss_items_only_there(demo):
    shared = user(west.DEMO_DEPUTY)
    everywhere = {"all_congresses": True}
    places = db.session.execute(select(Membership.congress_id, Membership.group_id)
                                .where(Membership.user_id == shared.id).execution_options(**everywhere)).all()
    assert {c for c, _ in places} == {demo.east, demo.west} and all(g for _, g in places)
    mine = Suggestion.author_id == shared.id
    east = {i.id for i in items(mine)}
    assert east == set(demo.east_items) and shared.has_role(Role.DEPUTY)
    with tenancy.scope(db.session, demo.west):
        shared = user(west.DEMO_DEPUTY)
        assert shared.roles == {Role.DEPUTY} and shared.group.name == f"{west.SHARED_GROUP}代表小组"
        there = items(mine)
        assert {i.state for i in there} == set(SHARED) and not east & {i.id for i in there}
        assert db.session.get(Suggestion, demo.east_items[0]) is None


def test_nothing_of_the_second_congress_is_counted_in_the_first(demo):
    today = china_date(NOW)
    east = count(Suggestion)
    assert east == len(EAST_STATES) + 1  # and the factory world's main item
    assert sums(db.session, MetricFilter(), today)["total"] == east
    figures = summary(db.session, NOW, 0)
    assert figures["suggestions"] == east and figures["units"] == 3 and figures["groups"] == 1
    for congress_id, total in ((demo.west, len(PLAN) + len(SHARED)), (demo.east, east)):
        with tenancy.scope(db.session, congress_id):
            refresh_summary(db.session, today, NOW + timedelta(minutes=congress_id))
            assert rollup_sums(db.session, MetricFilter())[None]["total"] == total
    db.session.commit()


def test_every_engine_moment_is_in_the_past_and_the_merge_has_its_main_item(in_west):
    merged = items(Suggestion.state == State.MERGED)[0]
    assert merged.merged_into_id is not None and db.session.get(Suggestion, merged.merged_into_id)
    assert db.session.scalar(select(func.max(Suggestion.updated_at))) < NOW
