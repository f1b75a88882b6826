"""Roster import, domain: the preview writes nothing, one bad row writes nothing, the valid rows
only on request, re-import updates instead of duplicating, one account across congresses, audit."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.conftest import add_congress
from tests.roster_files import UNIT_HEADERS, deputies, xlsx
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.domain.roster import imports as roster
from tracker.extensions import db
from tracker.models import (
    AuditEvent,
    DeputyGroup,
    HandlingUnit,
    JobStatus,
    Membership,
    User,
    UserRole,
    tenancy,
)
from tracker.security import verify_password
from tracker.workflow import Role
from tracker.workflow.audit import AuditAction

AT = datetime(2026, 12, 6, 2, tzinfo=UTC)


@pytest.fixture
def admin(make):
    user = make.user(Role.ADMIN, name="管理员")
    db.session.commit()
    return user


@pytest.fixture
def files(upload_store):
    """The import store, a folder or a bucket: every test here runs with both (tests/conftest.py)."""
    return upload_store


def start(admin, data: bytes, kind: str = "deputies", name: str = "名册.xlsx", files=None):
    """A roster upload kept in `files` (the import store: a folder or a bucket, tests/conftest.py)."""
    job = roster.start_roster(db.session, admin, kind, name, data, files, AT)
    db.session.commit()
    return job


def people() -> int:
    return db.session.scalar(select(func.count(User.id)))


def members() -> int:
    return db.session.scalar(select(func.count(Membership.id)))


def test_the_preview_writes_nothing_and_the_import_writes_all_with_one_audit_event(admin, files):
    before = people()
    job = start(admin, xlsx(deputies(3) + [["组长甲", "CD09999", "13900000001", "", "韵家口镇代表小组",
                                            "镇人大主席", "是", "女"]]), files=files)
    counts = job.result["counts"]
    assert counts["people_new"] == 4 and counts["rows_bad"] == 0 and counts["groups_new"] == 1
    assert job.result["ignored"] == ["性别"]  # not modelled: listed, not imported
    assert people() == before and db.session.scalar(select(func.count(DeputyGroup.id))) == 0
    # Kept in the store under a key of the congress's folder, not a path of this machine.
    key = job.file_path
    assert re.fullmatch(rf"{job.congress_id}/roster-[0-9a-f]{{32}}\.xlsx", key)
    assert [e.key for e in files.entries()] == [key]
    assert roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT,
                                 inline_limit=500, files=files)
    db.session.commit()
    assert job.file_path == ""  # the job forgets its upload; the page removes it (uploads.discard)
    assert people() == before + 4
    leader = db.session.scalar(select(User).where(User.phone == "13900000001"))
    group = db.session.scalar(select(DeputyGroup))
    assert group.name == "韵家口镇代表小组" and group.leader_id == leader.id
    assert leader.roles == {Role.DEPUTY, Role.GROUP_LEADER} and leader.title == "镇人大主席"
    assert leader.membership.card_number == "CD09999" and leader.username == "13900000001"
    assert leader.password_hash == "" and not verify_password(leader.password_hash, "")
    events = db.session.scalars(select(AuditEvent)
                                .where(AuditEvent.action == AuditAction.IMPORT_ROSTER.value)).all()
    assert len(events) == 1 and events[0].data["counts"]["people_new"] == 4
    assert events[0].actor_id == admin.id and events[0].role is Role.ADMIN
    assert job.status is JobStatus.DONE and job.result["stage"] == "imported"
    with pytest.raises(NotAllowedNow):  # a second confirm of the same preview
        roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)


def test_one_bad_row_writes_nothing_unless_the_valid_rows_only_are_chosen(admin, files):
    rows = deputies(3)
    rows[1][2] = "12345"  # not a mobile number
    job = start(admin, xlsx(rows), files=files)
    problems = job.result["problems"]
    assert [(p["row"], p["field"]) for p in problems] == [(3, "phone")]  # header is row 1
    before = people()
    with pytest.raises(InvalidData):
        roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.rollback()
    assert people() == before
    assert roster.confirm_roster(db.session, job, admin, only_valid=True, at=AT,
                                 inline_limit=500, files=files)
    db.session.commit()
    assert people() == before + 2
    assert db.session.scalar(select(User.id).where(User.name == "代表1")) is None


def test_reimport_updates_by_card_number_instead_of_duplicating(admin, files):
    job = start(admin, xlsx(deputies(3)), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.commit()
    before, memberships = people(), members()
    again = deputies(3)
    again[0][2] = "13711112222"  # a new phone for card CD00000
    again[1][5] = "镇长"  # a new title
    job = start(admin, xlsx(again), files=files)
    counts = job.result["counts"]
    assert (counts["people_updated"], counts["people_unchanged"], counts["people_new"]) == (2, 1, 0)
    changes = {r["row"]: r["changes"] for r in job.result["sample"]}
    assert changes == {2: ["phone"], 3: ["title"], 4: []}
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.commit()
    assert (people(), members()) == (before, memberships)
    moved = db.session.scalar(select(User).join(Membership).where(Membership.card_number == "CD00000"))
    assert moved.phone == "13711112222"


def test_reimport_by_phone_when_no_card_and_a_wrong_name_is_refused(admin, files):
    rows = [["无证代表", "", "13800000007", "", "", "", ""]]
    job = start(admin, xlsx(rows), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.commit()
    job = start(admin, xlsx([["无证代表", "CD7", "138 0000 0007", "", "", "", ""]]), files=files)
    assert job.result["counts"]["people_updated"] == 1
    assert job.result["sample"][0]["changes"] == ["card_number"]
    job = start(admin, xlsx([["别人", "", "+86 138-0000-0007", "", "", "", ""]]), files=files)
    assert [p["field"] for p in job.result["problems"]] == ["phone"]


def test_duplicates_in_the_file_and_against_the_database_are_reported_per_row(admin, make, files):
    other = make.user(Role.DEPUTY, name="他人", phone="13600000000")
    other.email = "taken@example.cn"
    db.session.commit()
    rows = deputies(2)
    rows.append(["重复证号", "CD00000", "13800009999", "", "", "", "否"])
    rows.append(["重复手机", "", "13800000001", "", "", "", "否"])
    rows.append(["重复邮箱", "", "13800009998", "d0@example.cn", "", "", "否"])
    rows.append(["占用邮箱", "", "13800009997", "TAKEN@example.cn", "", "", "否"])
    rows.append(["坏邮箱", "", "13800009996", "not-an-email", "", "", "否"])
    rows.append(["无号", "", "", "", "", "", "否"])
    rows.append(["坏组长", "", "13800009995", "", "", "", "也许"])
    rows.append(["", "CD1234", "13800009994", "", "", "", ""])
    job = start(admin, xlsx(rows), files=files)
    found = {(p["row"], p["field"]) for p in job.result["problems"]}
    assert found == {(4, "card_number"), (5, "phone"), (6, "email"), (7, "email"), (8, "email"),
                     (9, "phone"), (10, "leader"), (11, "name")}
    assert job.result["counts"]["rows_valid"] == 2


def test_a_person_of_another_congress_gets_a_second_membership_and_stays_out_of_its_lists(admin, files):
    here = tenancy.current_congress_id()
    job = start(admin, xlsx([["两级代表", "CD1", "13800000042", "", "城东组", "", "否"]]), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.commit()
    city = add_congress("xining", "西宁市")
    token = tenancy.enter(city.id)
    try:
        city_admin = User(username="city-admin", name="市管理员", password_hash="x",
                          role_rows=[UserRole(role=Role.ADMIN)])
        db.session.add(city_admin)
        db.session.commit()
        job = start(city_admin, xlsx([["两级代表", "SJ9", "13800000042", "", "市第一组", "", "否"]]),
                    files=files)
        assert job.result["counts"]["people_joined"] == 1
        roster.confirm_roster(db.session, job, city_admin, only_valid=False, at=AT,
                              inline_limit=500, files=files)
        db.session.commit()
        db.session.expire_all()
        person = db.session.scalar(select(User).where(User.phone == "13800000042"))
        assert person.group.name == "市第一组" and person.membership.card_number == "SJ9"
        assert db.session.scalar(select(func.count(User.id)).where(User.phone == "13800000042")) == 1
        everyone = db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == person.id)
                                     .execution_options(all_congresses=True))
        assert everyone == 2
        district_only = User(username="d-only", name="区代表", password_hash="x",
                             role_rows=[UserRole(role=Role.DEPUTY, congress_id=here)])
        db.session.add(district_only)
        db.session.commit()
        city_deputies = set(db.session.scalars(select(User.name).join(UserRole)
                                               .where(UserRole.role == Role.DEPUTY)))
        assert city_deputies == {"两级代表"}
    finally:
        tenancy.leave(token)
    db.session.expire_all()
    person = db.session.scalar(select(User).where(User.phone == "13800000042"))
    assert person.group.name == "城东组" and person.membership.card_number == "CD1"


def test_units_with_their_handlers_and_leaders(admin, make, files):
    existing = make.unit("城东区教育局")
    db.session.commit()
    rows = [["城东区住房和城乡建设局", "区住建局", "李明", "13900139000", "张伟", "13700137000"],
            ["城东区住房和城乡建设局", "", "王芳", "13900139001", "", ""],
            ["城东区教育局", "区教育局", "赵强", "13900139002", "赵强", "13900139002"],
            ["城东区卫健局", "", "只有名字", "", "", ""],
            ["城东区民政局", "区民政局", "", "", "", ""]]
    job = start(admin, xlsx(rows, UNIT_HEADERS), "units", files=files)
    assert [(p["row"], p["field"]) for p in job.result["problems"]] == [(5, "handler_phone")]
    counts = job.result["counts"]
    assert (counts["units_new"], counts["units_updated"], counts["people_new"]) == (2, 1, 4)
    roster.confirm_roster(db.session, job, admin, only_valid=True, at=AT, inline_limit=500, files=files)
    db.session.commit()
    housing = db.session.scalar(select(HandlingUnit).where(HandlingUnit.name == "城东区住房和城乡建设局"))
    assert housing.short_name == "区住建局" and existing.short_name == "区教育局"
    zhao = db.session.scalar(select(User).where(User.phone == "13900139002"))
    assert zhao.roles == {Role.UNIT_HANDLER, Role.UNIT_LEADER} and zhao.unit_id == existing.id
    li = db.session.scalar(select(User).where(User.phone == "13900139000"))
    assert li.roles == {Role.UNIT_HANDLER} and li.unit_id == housing.id and li.password_hash == ""


def test_only_an_administrator_or_the_office_imports(make, files):
    deputy = make.user(Role.DEPUTY)
    with pytest.raises(RoleNotHeld):
        start(deputy, xlsx(deputies(1)), files=files)


def test_a_large_roster_is_left_for_the_worker_which_writes_it_with_progress(admin, files):
    from tracker.jobs.roster import run_roster_job

    job = start(admin, xlsx(deputies(30)), files=files)
    assert not roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT,
                                     inline_limit=10, files=files)
    db.session.commit()
    assert people() == 1 and job.result["stage"] == "confirmed"
    assert [e.key for e in files.entries()] == [job.file_path]
    assert run_roster_job(db.session, job, lambda: AT, files) == 30
    assert job.status is JobStatus.DONE and people() == 31
    assert job.file_path == "" and list(files.entries()) == []  # the worker removed the upload


def test_a_roster_whose_upload_is_gone_fails_with_a_reason_and_writes_nothing(admin, files):
    from tracker.jobs.roster import run_roster_job

    job = start(admin, xlsx(deputies(30)), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=10, files=files)
    db.session.commit()
    files.delete(job.file_path)  # swept as abandoned, or never reached this machine's store
    assert run_roster_job(db.session, job, lambda: AT, files) == 0
    assert job.status is JobStatus.FAILED and "重新上传" in job.error and people() == 1


def test_a_row_written_before_uploads_had_keys_is_read_from_its_full_path(admin, files, tmp_path):
    job = start(admin, xlsx(deputies(2)), files=files)
    old = tmp_path / "imports" / "1" / "roster-old.xlsx"
    old.parent.mkdir(parents=True, exist_ok=True)
    with files.open(job.file_path) as stream:
        old.write_bytes(stream.read())
    files.delete(job.file_path)
    job.file_path = str(old)
    db.session.commit()
    assert roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500,
                                 files=files)
    db.session.commit()
    assert people() == 3


def test_an_imported_deputy_activates_the_account_with_a_code_sent_to_the_imported_mobile(admin, files):
    import re

    from tracker.domain.accounts.codes import request_code
    from tracker.domain.accounts.recovery import activate
    from tracker.models import CodePurpose

    job = start(admin, xlsx([["新代表", "CD5", "+86 139-0000-5555", "", "", "", "否"]]), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    db.session.commit()
    sent = request_code(db.session, "13900005555", CodePurpose.ACTIVATE, at=AT, secret="s")
    assert sent is not None and sent.to == "13900005555"
    code = re.search(r"\d{6}", sent.text).group()
    checked = activate(db.session, "13900005555", code, "a-long-new-password", at=AT, secret="s")
    assert checked.user is not None
    person = db.session.scalar(select(User).where(User.phone == "13900005555"))
    assert verify_password(person.password_hash, "a-long-new-password")


def test_a_deactivated_person_and_retired_groups_or_units_are_row_problems(admin, make, files):
    job = start(admin, xlsx([["停用代表", "CD8", "13800000088", "", "", "", "否"]]), files=files)
    roster.confirm_roster(db.session, job, admin, only_valid=False, at=AT, inline_limit=500, files=files)
    gone = db.session.scalar(select(Membership).where(Membership.card_number == "CD8"))
    gone.ended_at = AT
    db.session.add(DeputyGroup(name="撤并组", is_active=False))
    make.unit("已撤销局").is_active = False
    db.session.commit()
    job = start(admin, xlsx([["停用代表", "CD8", "13800000088", "", "", "", "否"],
                             ["新代表", "CD9", "13800000099", "", "撤并组", "", "否"]]), files=files)
    assert {(p["row"], p["field"]) for p in job.result["problems"]} == {(2, "name"), (3, "group")}
    job = start(admin, xlsx([["已撤销局", "", "", "", "", ""]], UNIT_HEADERS), "units", files=files)
    assert [(p["row"], p["field"]) for p in job.result["problems"]] == [(2, "unit")]
