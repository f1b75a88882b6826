"""The tenant criterion: every read of a congress-owned row is held to the congress in scope, the
identity map too, and nothing is read or written with no congress chosen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from tests.conftest import add_congress
from tracker import tenancy
from tracker.extensions import db
from tracker.models import DeputyGroup, Membership, Suggestion, User, UserRole
from tracker.workflow import Role


def _group(name: str) -> DeputyGroup:
    group = DeputyGroup(name=name)
    db.session.add(group)
    db.session.flush()
    return group


@pytest.fixture
def two(make):
    """One person, a deputy in both congresses, in a different group in each, an item in each."""
    here = tenancy.current_congress_id()
    group_here = _group("东组")
    deputy = make.user(Role.DEPUTY, group_id=group_here.id, username="both")
    ours = make.suggestion(deputy, title="这里的建议")
    other = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, other.id):
        group_there = _group("西组")
        db.session.add_all([UserRole(user_id=deputy.id, role=Role.DEPUTY),
                            Membership(user_id=deputy.id, group_id=group_there.id)])
        theirs = make.suggestion(deputy, title="那里的建议")
        db.session.flush()
    db.session.commit()
    return here, other.id, deputy.id, ours.id, theirs.id, group_here.id, group_there.id


def test_lists_counts_and_get_see_one_congress(two):
    here, there, deputy_id, ours, theirs, *_ = two
    assert db.session.scalars(select(Suggestion.id)).all() == [ours]
    assert db.session.scalar(select(func.count(Suggestion.id))) == 1
    assert db.session.get(Suggestion, theirs) is None  # in the identity map, still not returned
    db.session.expire_all()
    assert db.session.get(Suggestion, theirs) is None
    with tenancy.scope(db.session, there):
        assert db.session.scalars(select(Suggestion.id)).all() == [theirs]
        assert db.session.get(Suggestion, ours) is None


def test_a_persons_roles_and_place_are_those_of_the_congress_in_scope(two):
    here, there, deputy_id, _, _, group_here, group_there = two
    db.session.expire_all()
    person = db.session.get(User, deputy_id)
    assert person.group_id == group_here and person.roles == {Role.DEPUTY}
    assert db.session.scalars(select(User.id).where(User.group_id == group_there)).all() == []
    with tenancy.scope(db.session, there):
        person = db.session.get(User, deputy_id)
        assert person.group_id == group_there
        assert db.session.scalars(select(User.id).where(User.group_id == group_there)).all() == [
            deputy_id]
        assert len(person.memberships) == 1


def test_bulk_updates_reach_only_the_congress_in_scope(two):
    here, there, *_ = two
    db.session.execute(update(DeputyGroup).values(name="改名"))
    with tenancy.scope(db.session, there):
        assert db.session.scalars(select(DeputyGroup.name)).all() != ["改名"]


def test_nothing_is_read_or_written_with_no_congress_chosen(two):
    token = tenancy.enter(None)
    try:
        with pytest.raises(tenancy.NoCongressInScope):
            db.session.scalars(select(Suggestion)).all()
        db.session.add(DeputyGroup(name="无主"))
        with pytest.raises(Exception, match="no congress in scope"):
            db.session.flush()
        db.session.rollback()
        with tenancy.everywhere():  # the explicit platform-wide read sees both
            assert db.session.scalar(select(func.count(Suggestion.id))) == 2
    finally:
        tenancy.leave(token)



def test_a_joined_eager_load_sees_one_congress_too(two):
    """The criterion holds in a joined eager load's ON clause as well as in its own SELECTs: a person
    of two congresses, read with their roles and places joined in (as every page reads them), has
    those of the congress in scope only, never the union of both."""
    here, there, deputy_id, _, _, group_here, group_there = two
    with tenancy.scope(db.session, there):
        db.session.add(UserRole(user_id=deputy_id, role=Role.OFFICE_STAFF))
        db.session.commit()
    db.session.expunge_all()
    joined = [joinedload(User.role_rows), joinedload(User.memberships)]
    person = db.session.get(User, deputy_id, options=joined)
    assert (person.roles, person.group_id, len(person.memberships)) == ({Role.DEPUTY}, group_here, 1)
    db.session.expunge_all()
    with tenancy.scope(db.session, there):
        person = db.session.execute(select(User).where(User.id == deputy_id)
                                    .options(*joined)).unique().scalar_one()
        assert (person.roles, person.group_id) == ({Role.DEPUTY, Role.OFFICE_STAFF}, group_there)


def test_an_object_read_here_lazy_loads_with_every_congress_open(two):
    """The criterion an object was read with goes with it to its lazy loads (so that joined eager
    loads carry it too); under everywhere() such a load still runs, in the congress still chosen."""
    here, there, deputy_id, ours, _, group_here, _ = two
    db.session.expunge_all()
    item, person = db.session.get(Suggestion, ours), db.session.get(User, deputy_id)
    db.session.expire(person, ["role_rows", "memberships"])
    with tenancy.everywhere():
        assert item.versions == [] and item.author_id == deputy_id
        assert person.roles == {Role.DEPUTY} and person.group_id == group_here
