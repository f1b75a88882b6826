"""Importing a legacy spreadsheet: map columns, check every row, import all in one transaction or none."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests.web.helpers import text
from tracker.domain.exchange import imports
from tracker.extensions import db
from tracker.models import AuditEvent, Deadline, Job, JobStatus, RegistrationCounter, Suggestion
from tracker.workflow import Channel, DeadlineKind, State


@pytest.fixture(autouse=True)
def uploads(upload_store):
    """Uploaded files go to this test's own instance folder, or to a fresh bucket: every test here
    runs with both stores (tests/conftest.py)."""
    return upload_store


HEADERS = ["序号", "建议标题", "事由", "具体建议", "代表姓名", "类别", "会议", "提出日期", "编号", "承办单位"]


def workbook(rows: list[list], headers=HEADERS) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def good_rows(world) -> list[list]:
    return [
        [1, "关于改造韵家口镇老旧小区的建议", "小区设施老化。", "建议列入改造计划。", world.deputy.name,
         world.category.name, "闭会期间", date(2025, 9, 1), "", world.unit.name],
        [2, "关于增设公交站点的建议", "群众出行不便。", "建议增设站点。", world.deputy2.name,
         world.category.name, world.session.name, "2026年1月13日", "第五次会议第031号", ""],
    ]


def upload(client, data: io.BytesIO, name: str = "2025年代表建议台账.xlsx"):
    return client.post("/imports/new", data={"file": (data, name)}, content_type="multipart/form-data")


def mapping_form(client, job_id: int) -> dict:
    page = text(client.get(f"/imports/{job_id}/map"))
    form = {}
    for f in imports.FIELDS:
        chosen = page.split(f'name="{f.key}"')[1].split("</select>")[0]
        selected = [o for o in chosen.split("<option")[1:] if "selected" in o]
        form[f.key] = selected[0].split('value="')[1].split('"')[0] if selected else ""
    return form


def test_a_valid_file_is_mapped_checked_and_imported_with_its_audit(auth, world, uploads):
    client = auth.as_(world.office)
    response = upload(client, workbook(good_rows(world)))
    job = db.session.scalar(select(Job))
    assert response.status_code == 302 and response.location.endswith(f"/imports/{job.id}/map")
    # Kept in the store under the congress's folder, never by a path of the machine that received it.
    assert re.fullmatch(rf"{job.congress_id}/[0-9a-f]{{32}}\.xlsx", job.file_path)
    assert [e.key for e in uploads.entries()] == [job.file_path]
    form = mapping_form(client, job.id)  # guessed from the header titles
    assert form == {"title": "1", "reasons": "2", "proposals": "3", "deputy": "4", "category": "5",
                    "session": "6", "date": "7", "number": "8", "unit": "9"}
    response = client.post(f"/imports/{job.id}/map", data=form)
    assert response.status_code == 302
    report = text(client.get(f"/imports/{job.id}"))
    assert 'data-outcome="valid"' in report and "导入全部 2 行" in report
    before = db.session.scalar(select(func.count(Suggestion.id)))
    assert client.post(f"/imports/{job.id}/run").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Suggestion.id))) == before + 2
    between = db.session.scalar(select(Suggestion).where(Suggestion.title.like("关于改造%")))
    assert between.state is State.SUBMITTED and between.channel is Channel.BETWEEN
    assert between.author_id == world.deputy.id and between.proposed_unit_id == world.unit.id
    numbered = db.session.scalar(select(Suggestion).where(Suggestion.title == "关于增设公交站点的建议"))
    assert numbered.state is State.REGISTERED and numbered.registration_label == "第五次会议第031号"
    counter = db.session.scalar(select(RegistrationCounter).where(
        RegistrationCounter.sequence == f"session:{world.session.id}"))
    assert counter.last_number >= 31
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.suggestion_id == between.id))
    assert event.action == "import_legacy" and event.actor_id == world.office.id
    assert "2025年代表建议台账.xlsx" in event.reason and event.data["row"] == 2
    kinds = set(db.session.scalars(select(Deadline.kind).where(Deadline.suggestion_id.in_(
        [between.id, numbered.id]), Deadline.closed_at.is_(None))))
    assert kinds == {DeadlineKind.REGISTRATION, DeadlineKind.ROUTING}
    assert "从旧台账导入" in text(client.get(f"/items/{between.id}"))
    assert db.session.get(Job, job.id).status is JobStatus.DONE
    assert db.session.get(Job, job.id).file_path == "" and list(uploads.entries()) == []
    # the same file again: every row is now a duplicate, so nothing more is imported
    upload(client, workbook(good_rows(world)))
    again = db.session.scalar(select(Job).order_by(Job.id.desc()))
    client.post(f"/imports/{again.id}/map", data=form)
    assert text(client.get(f"/imports/{again.id}")).count('data-field="title"') == 2


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_problem(auth, world):
    client = auth.as_(world.office)
    rows = good_rows(world) + [
        [3, "", "理由", "建议", "查无此人", "不存在的类别", "闭会", "2026-02-30", "", ""],
        [4, "关于增设公交站点的建议", "重复", "重复", world.deputy2.name, world.category.name,
         world.session.name, "2026-01-13", "第五次会议第031号", "不存在的单位"],
    ]
    upload(client, workbook(rows))
    job = db.session.scalar(select(Job))
    client.post(f"/imports/{job.id}/map", data=mapping_form(client, job.id))
    report = text(client.get(f"/imports/{job.id}"))
    assert 'data-outcome="invalid"' in report and "导入全部" not in report
    problems = {(p["row"], p["field"]) for p in db.session.get(Job, job.id).result["problems"]}
    assert problems == {(4, "title"), (4, "deputy"), (4, "category"), (4, "date"),
                        (5, "unit"), (5, "number"), (5, "title")}
    for row, field in problems:
        assert f'data-row="{row}" data-field="{field}"' in report
    before = db.session.scalar(select(func.count(Suggestion.id)))
    client.post(f"/imports/{job.id}/run")  # refused: the run button is not even offered
    assert db.session.scalar(select(func.count(Suggestion.id))) == before


def test_a_row_that_goes_bad_after_the_check_rolls_back_the_whole_import(auth, world, make, uploads):
    client = auth.as_(world.office)
    upload(client, workbook(good_rows(world)))
    job = db.session.scalar(select(Job))
    client.post(f"/imports/{job.id}/map", data=mapping_form(client, job.id))
    make.suggestion(world.deputy2, title="关于增设公交站点的建议")  # someone enters the same meanwhile
    db.session.commit()
    before = db.session.scalar(select(func.count(Suggestion.id)))
    client.post(f"/imports/{job.id}/run")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Suggestion.id))) == before
    assert db.session.get(Job, job.id).status is JobStatus.FAILED
    assert 'data-row="3" data-field="title"' in text(client.get(f"/imports/{job.id}"))
    assert list(uploads.entries()) == []  # a failed import is uploaded again: its file goes


def test_an_upload_swept_before_its_mapping_asks_for_the_file_again(auth, world, uploads):
    client = auth.as_(world.office)
    upload(client, workbook(good_rows(world)))
    job = db.session.scalar(select(Job))
    form = mapping_form(client, job.id)
    uploads.delete(job.file_path)  # abandoned at the mapping step for a week: swept
    answer = client.post(f"/imports/{job.id}/map", data=form)
    assert answer.status_code == 302 and answer.location.endswith("/imports/new")
    assert "请重新上传" in text(client.get("/imports/new"))
    assert db.session.get(Job, job.id).result["stage"] == "mapping"  # nothing of the send was kept


@pytest.mark.parametrize("data, name, message", [
    (b"a,b\n1,2\n", "old.csv", "只能导入 .xlsx 文件"),
    (b"not a zip at all", "broken.xlsx", "无法读取该文件"),
    (b"x" * 2000, "huge.xlsx", "文件过大"),
])
def test_wrong_or_too_large_files_get_a_clear_message(app, auth, world, data, name, message, monkeypatch,
                                                      uploads):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)  # the 10 MB default, scaled down
    response = upload(auth.as_(world.office), io.BytesIO(data), name)
    assert response.status_code == 400 and message in text(response)
    assert db.session.scalar(select(func.count(Job.id))) == 0 and list(uploads.entries()) == []


def test_an_empty_sheet_and_an_unmapped_required_field_are_explained(auth, world):
    client = auth.as_(world.office)
    response = upload(client, workbook([]))
    assert response.status_code == 400 and "没有可导入的行" in text(response)
    upload(client, workbook(good_rows(world), headers=["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]))
    job = db.session.scalar(select(Job))
    response = client.post(f"/imports/{job.id}/map", data={"title": "1"})
    assert response.status_code == 400 and "请选择包含此项的列" in text(response)


@pytest.mark.parametrize("who", ["deputy", "handler", "supervisor"])
def test_only_the_office_imports(auth, world, who):
    assert auth.as_(getattr(world, who)).get("/imports/new").status_code == 403
