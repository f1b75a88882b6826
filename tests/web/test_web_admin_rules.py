"""Deadline rules and calendar pages: access, the rule form's bounds (input kept), uploads of every
kind of bad file, the preview, the confirmation's recount, the ladder in words."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import delete, select

from tests.factories import at
from tests.web.helpers import CHEAP_HASH, text
from tracker.domain.core.engine import apply
from tracker.domain.deadlines import schedule
from tracker.domain.deadlines.rules import rule_for, seed_rules
from tracker.domain.deadlines.years import seed_calendar
from tracker.domain.steps.prereview import all_pass
from tracker.extensions import db
from tracker.models import AuditEvent, CalendarDay, CalendarYear, Deadline, DeadlineRule
from tracker.workflow import Action, Channel, DeadlineKind, Role, Unit

K = DeadlineKind
VIEW = ["/admin/rules", "/admin/calendar", "/admin/calendar?year=2027"]
EDIT = ["/admin/rules/evaluation", "/admin/rules/registration.session"]


@pytest.fixture
def restore(world):
    """deadline_rule and the calendar outlive a test's clean-up: put them back as seeded."""
    yield
    db.session.rollback()
    db.session.execute(delete(DeadlineRule))
    seed_rules(db.session)
    db.session.execute(delete(CalendarDay).where(CalendarDay.source == "admin"))
    db.session.execute(delete(CalendarYear).where(CalendarYear.year > 2026))
    seed_calendar(db.session, range(2004, 2028), at(2026, 1, 1))
    db.session.commit()


@pytest.fixture
def platform(world, make):
    """The platform administrator: the national calendar is theirs (no role in any congress)."""
    user = make.user(name="平台管理员", is_platform_admin=True)
    user.password_hash = CHEAP_HASH
    db.session.commit()
    return user


@pytest.mark.parametrize("url", VIEW + EDIT)
def test_administrator_edits_office_views_others_are_refused(auth, world, url):
    assert auth.as_(world.admin).get(url).status_code == 200
    assert auth.as_(world.office).get(url).status_code == (403 if url in EDIT else 200)
    for person in (world.deputy, world.handler, world.supervisor):
        assert auth.as_(person).get(url).status_code == 403


def test_office_sees_no_edit_buttons_and_cannot_upload(auth, world):
    office = auth.as_(world.office)
    assert "/admin/rules/evaluation" not in text(office.get("/admin/rules"))
    assert 'id="upload-form"' not in text(office.get("/admin/calendar"))
    assert office.post("/admin/calendar/upload", data={"year": "2027"}).status_code == 403
    assert office.post("/admin/calendar/confirm", data={"year": "2027", "days": "x"}).status_code == 403


def test_rules_page_says_in_plain_words_when_a_change_applies(auth, world):
    page = text(auth.as_(world.admin).get("/admin/rules"))
    assert "保存后新开始计算的期限" in page or "之后开始计算" in page
    assert "已开始计算的期限保持原截止日期" in page
    assert 'data-rule="reply"' in page and "3个月" in page and "代表法" in page
    en = text(auth.as_(world.admin).get("/admin/rules?lang=en"))
    assert "Deadlines already open keep the due dates they have." in en and "3 months" in en


def test_unknown_and_date_set_rules_are_404(auth, world):
    admin = auth.as_(world.admin)
    for key in ("nonsense", "promise", "pre_submission", "registration.nonsense"):
        assert admin.get(f"/admin/rules/{key}").status_code == 404


@pytest.mark.parametrize(("data", "kept", "status"), [
    ({"amount": "0", "unit": "working_days"}, 'value="0"', 400),
    ({"amount": "abc", "unit": "working_days"}, 'value="abc"', 400),
    ({"amount": "", "unit": "working_days"}, 'name="amount"', 400),
    ({"amount": "500", "unit": "working_days"}, 'value="500"', 400),
    ({"amount": "61", "unit": "working_days"}, 'value="61"', 400),   # the domain's bound
    ({"amount": "7", "unit": "months"}, 'value="7"', 400),
    ({"amount": "5", "unit": "fortnights"}, 'value="5"', 400),
    ({"amount": "5", "unit": "working_days", "basis": "x" * 201}, 'value="5"', 400),
])
def test_bad_periods_are_field_errors_with_the_input_kept(auth, world, restore, data, kept, status):
    response = auth.as_(world.admin).post("/admin/rules/evaluation", data=data)
    assert response.status_code == status
    assert kept in text(response) and "data-field-error" in text(response)
    assert rule_for(db.session, K.EVALUATION, Channel.BETWEEN)[:2] == (15, Unit.WORKING_DAYS)


def test_a_saved_rule_applies_to_deadlines_opened_afterwards_only(auth, world, restore, make):
    item = make.suggestion(world.deputy, category=world.category)
    apply(item, Action.SUBMIT_FOR_REVIEW, actor=world.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    apply(item, Action.PRE_APPROVE, actor=world.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 3),
          data={"checklist": all_pass({})})
    db.session.commit()
    before = db.session.scalar(select(Deadline.due_on).where(Deadline.kind == K.REGISTRATION))
    admin = auth.as_(world.admin)
    response = admin.post("/admin/rules/registration", data={"amount": "10", "unit": "calendar_days",
                                                             "basis": "城东区办法第十条"})
    assert response.status_code == 302
    page = text(admin.get("/admin/rules"))
    assert "10日" in page and "城东区办法第十条" in page
    assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN)[:2] == (10, Unit.CALENDAR_DAYS)
    assert rule_for(db.session, K.REGISTRATION, Channel.SESSION)[:2] == (1, Unit.MONTHS)
    db.session.expire_all()
    assert db.session.scalar(select(Deadline.due_on).where(Deadline.kind == K.REGISTRATION)) == before
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edit_deadline_rule"))
    assert event.data["before"]["amount"] == 3 and event.data["after"]["unit"] == "calendar_days"
    other = make.suggestion(world.deputy, category=world.category)
    apply(other, Action.SUBMIT_FOR_REVIEW, actor=world.deputy, as_role=Role.DEPUTY, at=at(2026, 3, 2))
    apply(other, Action.PRE_APPROVE, actor=world.office, as_role=Role.OFFICE_STAFF, at=at(2026, 3, 3),
          data={"checklist": all_pass({})})
    row = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == other.id,
                                                   Deadline.kind == K.REGISTRATION))
    assert (row.amount, row.unit, row.due_on) == (10, Unit.CALENDAR_DAYS, date(2026, 3, 13))
    assert admin.post("/admin/rules/registration/reset").status_code == 302
    assert rule_for(db.session, K.REGISTRATION, Channel.BETWEEN)[:2] == (3, Unit.WORKING_DAYS)


# --- The calendar ---------------------------------------------------------------------------------

def test_year_view_marks_holidays_make_up_days_and_provisional_years(auth, world):
    admin = auth.as_(world.admin)
    page = text(admin.get("/admin/calendar?year=2026"))
    assert 'data-official="1"' in page
    assert 'class="holiday" data-day="2026-02-16"' in page  # 春节
    assert 'class="makeup" data-day="2026-02-14"' in page   # 春节调休, a Saturday worked
    assert 'class="weekend" data-day="2026-03-07"' in page
    assert page.count("data-month=") == 12
    later = text(admin.get("/admin/calendar?year=2027"))
    assert 'data-official="0"' in later and "暂定" in later


@pytest.mark.parametrize("year", ["abc", "1900", "99999", "2027.5"])
def test_a_bad_year_is_a_field_error_not_a_500(auth, world, year):
    response = auth.as_(world.admin).get(f"/admin/calendar?year={year}")
    assert response.status_code == 400
    assert f'value="{year}"' in text(response) and "data-field-error" in text(response)


def _upload(client, content: bytes, name: str = "2027.csv", year: str = "2027"):
    return client.post("/admin/calendar/upload", data={"year": year, "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


GOOD = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,rest,春节\n2027/2/14,上班,春节调休\n"


def _route_late(make, world):
    """An item routed on 21 Dec 2026: its reply is due provisionally on Mon 22 Mar 2027."""
    item = make.suggestion(world.deputy, category=world.category)
    steps = [(Action.SUBMIT_FOR_REVIEW, world.deputy, Role.DEPUTY, {}),
             (Action.PRE_APPROVE, world.office, Role.OFFICE_STAFF, {"checklist": all_pass({})}),
             (Action.REGISTER, world.office, Role.OFFICE_STAFF, {"category": world.category.id}),
             (Action.ROUTE, world.office, Role.OFFICE_STAFF, {"lead_unit": world.unit.id, "co_units": []})]
    for n, (action, actor, role, data) in enumerate(steps):
        apply(item, action, actor=actor, as_role=role, at=at(2026, 12, 18 + n), data=data)
    db.session.commit()
    return item


def test_upload_previews_then_confirm_enters_and_reports_the_moves(auth, world, platform, restore, make):
    item = _route_late(make, world)
    admin = auth.as_(platform)
    preview = _upload(admin, (GOOD + "2027-03-22,rest,测试假日\n").encode())
    page = text(preview)
    assert preview.status_code == 200, page[:2000]
    assert 'data-day="2027-02-14"' in page and "春节调休" in page and 'id="confirm-form"' in page
    assert db.session.get(CalendarYear, 2027) is None  # nothing written before the confirmation
    assert "重新计算 1 个未结暂定期限，其中 1 个的截止日期会变动" in page
    days = page.split('name="days" type="hidden" value="')[1].split('"')[0]
    done = admin.post("/admin/calendar/confirm", data={"year": "2027", "days": html.unescape(days),
                                                        "filename": "2027.csv"}, follow_redirects=True)
    assert done.status_code == 200
    assert db.session.get(CalendarYear, 2027) is not None
    reply = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                     Deadline.kind == K.REPLY))
    assert (reply.due_on, reply.provisional) == (date(2027, 3, 23), False)
    assert 'data-official="1"' in text(done)
    assert "重新计算了 1 个暂定期限，其中 1 个的截止日期有变动" in text(done)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "enter_calendar_year"))
    assert event.data["moved"] == 1 and event.data["holidays"] == 3


def _xlsx(rows, merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("content", "name", "problem"), [
    (b"2027-01-01,rest,x\n2027-13-01,rest,x\n", "a.csv", "2027-13-01"),
    (b"2028-01-01,rest,x\n", "a.csv", "2028-01-01"),
    (b"2027-01-01,maybe,x\n", "a.csv", "maybe"),
    (b"2027-01-01,rest,x\n2027-01-01,workday,y\n", "a.csv", "2027-01-01"),
    (b"2027-01-01,rest,x\n=A1+1,rest,x\n", "a.csv", "formula"),
    (_xlsx([["date", "kind", "name"], ["=DATE(2027,1,1)", "rest", "元旦"]]), "a.xlsx", "formula"),
    (_xlsx([[date(2027, 2, 6), "rest", "春节"], [None, "rest", "春节"]], merge="A1:A2"), "a.xlsx", "merged"),
])
def test_bad_rows_are_listed_and_nothing_is_written(auth, world, platform, restore, content, name, problem):
    response = _upload(auth.as_(platform), content, name)
    page = text(response)
    assert response.status_code == 400, page[:1500]
    assert 'id="problems"' in page and 'id="confirm-form"' not in page
    assert {"formula": "公式", "merged": "合并单元格"}.get(problem, problem) in page.split('id="problems"')[1]
    assert db.session.get(CalendarYear, 2027) is None


@pytest.mark.parametrize(("content", "name"), [
    (b"%PDF-1.4 not a schedule", "a.pdf"),
    (b"\xd0\xcf\x11\xe0 old excel", "a.xls"),
    (b"PK\x03\x04 broken zip", "a.xlsx"),
    (b"\x00\x01\x02", "a.csv"),
    (b"", "a.csv"),
    (b"2027-01-01,rest,x\n" * 1000, "a.csv"),  # too large (the limit scaled down below)
    ("\n".join(f"2027-01-{d:02d},rest,x" for d in range(1, 32)).encode() * 14, "a.csv"),  # too many rows
])
def test_unusable_files_are_a_field_error_with_the_year_kept(auth, world, platform, restore, content, name,
                                                            monkeypatch):
    monkeypatch.setattr(schedule, "MAX_BYTES", 16 * 1024)  # 512 KB scaled down: the client spools more
    response = _upload(auth.as_(platform), content, name, year="2027")
    assert response.status_code == 400
    page = text(response)
    assert 'data-field-error="file"' in page and 'value="2027"' in page
    assert db.session.get(CalendarYear, 2027) is None


def test_gbk_csv_and_xlsx_dates_are_read(auth, world, platform, restore):
    admin = auth.as_(platform)
    assert _upload(admin, GOOD.encode("gb18030")).status_code == 200
    book = _xlsx([["日期", "类型", "名称"], [date(2027, 1, 1), "放假", "元旦"],
                  ["2027年2月14日", "上班", "调休"]])
    response = _upload(admin, book, "schedule.xlsx")
    assert response.status_code == 200 and 'data-day="2027-02-14"' in text(response)


def test_missing_year_or_file_keeps_the_input(auth, world, platform):
    admin = auth.as_(platform)
    response = admin.post("/admin/calendar/upload", data={"year": "20x7"}, content_type="multipart/form-data")
    assert response.status_code == 400 and 'value="20x7"' in text(response)


def test_a_tampered_confirmation_enters_nothing(auth, world, platform, restore):
    admin = auth.as_(platform)
    bad = admin.post("/admin/calendar/confirm", data={"year": "2027", "days": "2027-01-01,maybe,x"})
    assert bad.status_code in (302, 400)
    assert admin.post("/admin/calendar/confirm", data={"year": "x", "days": "1"}).status_code == 400
    assert db.session.get(CalendarYear, 2027) is None


# --- The reminder ladder in words -----------------------------------------------------------------

def test_the_ladder_reads_as_sentences_in_both_languages(auth, world):
    admin = auth.as_(world.admin)
    zh = text(admin.get("/admin/reminders"))
    assert "截止前2个工作日提醒应办理人（重点督办件：截止前3个工作日）；截止当日提醒应办理人" in zh
    assert "逾期5个工作日后提醒代表工委" in zh and "→" not in zh.split('id="ladders"')[1]
    en = text(admin.get("/admin/reminders?lang=en"))
    assert "2 working days before the due day, remind whoever owes the step" in en
    words = text(admin.get("/admin/reminders/ladder/reply?lang=en"))
    assert "data-default>2 working days before the due day" in words


# --- Per congress: local days, the national schedule's owner, overrides -----------------------------

@pytest.fixture
def other(make):
    """A second congress with its own administrator."""
    from tests.conftest import add_congress
    from tracker.tenancy import scope

    congress = add_congress("chengxi", "城西区")
    with scope(db.session, congress.id):
        admin = make.user(Role.ADMIN, name="城西管理员")
        admin.password_hash = CHEAP_HASH
    db.session.commit()
    return admin, congress.id


def _as_other(auth, other):
    """Signed in as the other congress's administrator. The sign-in request ran in the default
    congress (no one was signed in yet) and the tests' session outlives requests: forget what it
    loaded of the person there, as a request's own session would."""
    client = auth.as_(other[0])
    db.session.expire_all()
    return client


def test_national_schedule_is_the_platform_administrators_local_days_the_congress_administrators(
        auth, world, platform):
    admin = auth.as_(world.admin)
    page = text(admin.get("/admin/calendar?year=2027"))
    assert 'id="upload-form"' not in page and 'id="local-form"' in page
    assert admin.post("/admin/calendar/upload", data={"year": "2027"}).status_code == 403
    assert admin.post("/admin/calendar/confirm", data={"year": "2027", "days": "x"}).status_code == 403
    boss = auth.as_(platform)
    page = text(boss.get("/admin/calendar?year=2027"))
    assert 'id="upload-form"' in page and 'id="local-form"' not in page
    assert boss.post("/admin/calendar/local", data={"day": "2027-03-22", "kind": "rest"}).status_code == 403
    office = auth.as_(world.office)
    assert office.post("/admin/calendar/local", data={"day": "2027-03-22", "kind": "rest"}).status_code == 403


def test_a_local_holiday_is_shown_as_such_moves_this_congress_deadlines_and_is_audited(
        auth, world, make, other):
    item = _route_late(make, world)
    admin = auth.as_(world.admin)
    done = admin.post("/admin/calendar/local", data={"day": "2027-03-22", "kind": "rest", "name": "那达慕"},
                      follow_redirects=True)
    page = text(done)
    assert done.status_code == 200 and "重新计算了 1 个暂定期限，其中 1 个的截止日期有变动" in page
    assert 'class="holiday local" data-day="2027-03-22" data-local="1" title="那达慕"' in page
    assert 'data-local-day="2027-03-22"' in page
    reply = db.session.scalar(select(Deadline).where(Deadline.suggestion_id == item.id,
                                                     Deadline.kind == K.REPLY))
    assert reply.due_on == date(2027, 3, 23)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_local_day"))
    assert event.actor_id == world.admin.id and event.data["name"] == "那达慕" and event.data["moved"] == 1
    theirs = text(_as_other(auth, other).get("/admin/calendar?year=2027"))
    assert 'data-day="2027-03-22" data-local' not in theirs and 'id="local-list-empty"' in theirs
    admin = auth.as_(world.admin)
    assert admin.post("/admin/calendar/local/remove", data={"day": "2027-03-22"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Deadline, reply.id).due_on == date(2027, 3, 22)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "remove_local_day")) is not None


@pytest.mark.parametrize(("data", "kept"), [
    ({"day": "2027-13-40", "kind": "rest", "name": "节日"}, 'value="2027-13-40"'),
    ({"day": "", "kind": "rest", "name": "节日"}, 'value="节日"'),
    ({"day": "2027-03-22", "kind": "holiday", "name": "节日"}, 'value="2027-03-22"'),
    ({"day": "2027-03-22", "kind": "rest", "name": "x" * 41}, 'value="2027-03-22"'),
    ({"day": "1999-03-22", "kind": "rest", "name": "节日"}, 'value="1999-03-22"'),
    ({"day": "2027-03-20", "kind": "rest", "name": "节日"}, 'value="2027-03-20"'),  # a Saturday
])
def test_bad_local_days_are_field_errors_with_the_input_kept(auth, world, data, kept):
    response = auth.as_(world.admin).post("/admin/calendar/local", data=data)
    page = text(response)
    assert response.status_code == 400, page[:1500]
    assert kept in page and "data-field-error" in page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "add_local_day")) is None


def test_a_bad_removal_is_refused_without_a_500(auth, world):
    admin = auth.as_(world.admin)
    assert admin.post("/admin/calendar/local/remove", data={"day": "nonsense"}).status_code == 400
    missing = admin.post("/admin/calendar/local/remove", data={"day": "2027-03-22"}, follow_redirects=True)
    assert missing.status_code == 200 and "不是本级自行设定的日子" in text(missing)


def test_a_rule_set_in_one_congress_shows_as_its_own_and_not_in_another(auth, world, restore, other):
    admin = auth.as_(world.admin)
    sent = admin.post("/admin/rules/evaluation", data={"amount": "20", "unit": "working_days"})
    assert sent.status_code == 302
    page = text(admin.get("/admin/rules"))
    assert "本级设定" in page.split('data-rule="evaluation"')[1].split("</tr>")[0]
    assert "/admin/rules/evaluation/reset" in text(admin.get("/admin/rules/evaluation"))
    theirs = _as_other(auth, other)
    row = text(theirs.get("/admin/rules")).split('data-rule="evaluation"')[1].split("</tr>")[0]
    assert "15个工作日" in row and "本级设定" not in row
    assert "/admin/rules/evaluation/reset" not in text(theirs.get("/admin/rules/evaluation"))
