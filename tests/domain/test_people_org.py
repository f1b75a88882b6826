"""The organisation: groups with leaders, committees and their categories, units and default units;
deactivated instead of deleted when history uses them; a unit with open assignments is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.errors import InvalidData
from tracker.domain.people.organisation import OrgInput, reactivate_org, retire_org, save_org
from tracker.extensions import db
from tracker.models import AuditEvent, Category, Committee, Deadline, HandlingUnit
from tracker.workflow import DeadlineKind, Role, State

WHEN = at(2026, 5, 20)


def test_create_rename_and_names_unique(make):
    w = make.world()
    committee = save_org(db.session, w.admin, "committee", None,
                         OrgInput("教科文卫工委", name_en="Education"),
                         at=WHEN)
    category = save_org(db.session, w.admin, "category", None,
                        OrgInput("教育", name_en="Education", committee_id=committee.id,
                                 default_unit_ids=[w.unit.id, w.co_unit.id]), at=WHEN)
    assert {u.id for u in category.default_units} == {w.unit.id, w.co_unit.id}
    with pytest.raises(InvalidData) as err:
        save_org(db.session, w.admin, "unit", None, OrgInput(w.unit.name), at=WHEN)
    assert err.value.field == "name"
    with pytest.raises(InvalidData) as err:
        save_org(db.session, w.admin, "category", None, OrgInput("卫生"), at=WHEN)
    assert err.value.field == "committee_id"
    save_org(db.session, w.admin, "unit", w.unit, OrgInput("区住建局", short_name="住建"), at=WHEN)
    assert w.unit.name == "区住建局"
    assert db.session.scalar(select(AuditEvent.data).where(AuditEvent.action == "save_organisation")
                             .order_by(AuditEvent.id.desc()).limit(1))["kind"] == "unit"


def test_unused_rows_are_deleted_used_ones_deactivated(make):
    w = make.world()
    spare = make.unit("区统计局")
    assert retire_org(db.session, w.admin, "unit", spare, at=WHEN) is True
    assert db.session.get(HandlingUnit, spare.id) is None
    assert retire_org(db.session, w.admin, "group", w.group, at=WHEN) is False  # deputies belong to it
    assert w.group.is_active is False
    reactivate_org(db.session, w.admin, "group", w.group, at=WHEN)
    assert w.group.is_active


def test_a_unit_with_open_assignments_is_kept_with_the_reason(make):
    w, _item = make.item_in(State.IN_HANDLING)
    with pytest.raises(InvalidData) as err:
        retire_org(db.session, w.admin, "unit", w.unit, at=WHEN)
    assert "open assignments" in err.value.message("en") and w.unit.name in err.value.message("en")
    assert w.unit.is_active


def test_a_committee_owning_active_categories_is_kept(make):
    w = make.world()
    make.suggestion(w.deputy, category=w.category)
    with pytest.raises(InvalidData):
        retire_org(db.session, w.admin, "committee", w.committee, at=WHEN)
    assert retire_org(db.session, w.admin, "category", w.category, at=WHEN) is False
    assert retire_org(db.session, w.admin, "committee", w.committee, at=WHEN) is False
    assert not db.session.get(Committee, w.committee.id).is_active
    assert not db.session.get(Category, w.category.id).is_active


def test_a_new_group_leader_takes_over_the_groups_open_reviews(make):
    w, item = make.item_in(State.GROUP_REVIEW)
    save_org(db.session, w.admin, "group", w.group, OrgInput(w.group.name, leader_id=w.deputy3.id), at=WHEN)
    review = db.session.scalar(select(Deadline).where(
        Deadline.suggestion_id == item.id, Deadline.kind == DeadlineKind.GROUP_REVIEW))
    assert review.owner_user_id == w.deputy3.id and Role.GROUP_LEADER in w.deputy3.roles
    with pytest.raises(InvalidData) as err:
        save_org(db.session, w.admin, "group", w.group, OrgInput(w.group.name, leader_id=w.office.id),
                 at=WHEN)
    assert err.value.field == "leader_id"
