"""Roster import pages: access, templates, preview writes nothing, refusals, valid rows only, the
background job with its progress, the report, and imported accounts that cannot sign in yet."""

from __future__ import annotations

import io

import pytest
from celery import Celery
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.roster_files import UNIT_HEADERS, deputies, xlsx
from tests.web.helpers import text
from tracker.extensions import db
from tracker.models import AuditEvent, Job, JobStatus, User
from tracker.workflow.audit import AuditAction
from workers.tasks.exports import run_roster_import


@pytest.fixture(autouse=True)
def uploads(upload_store):
    """Every test here runs with the uploads in a folder and in a bucket (tests/conftest.py)."""
    return upload_store


def upload(client, data: bytes, name: str = "代表名册.xlsx", kind: str = "deputies"):
    return client.post("/admin/roster/", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def people() -> int:
    return db.session.scalar(select(func.count(User.id)))


def roster_events() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == AuditAction.IMPORT_ROSTER.value))


@pytest.mark.parametrize("who", ["deputy", "handler", "supervisor"])
def test_only_administrators_and_the_office_reach_the_pages(auth, world, who):
    client = auth.as_(getattr(world, who))
    for url in ("/admin/roster/", "/admin/roster/template/deputies.xlsx"):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("kind", ["deputies", "units"])
def test_the_templates_download_with_titles_and_an_example_row(auth, world, kind):
    client = auth.as_(world.office)
    response = client.get(f"/admin/roster/template/{kind}.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and all(rows[1][:2])
    assert rows[0][0] == ("姓名" if kind == "deputies" else "单位名称")
    assert client.get("/admin/roster/template/other.xlsx").status_code == 404


def test_upload_previews_without_writing_then_imports_all_with_one_audit_event(auth, world, uploads):
    client = auth.as_(world.admin)
    before, events = people(), roster_events()
    response = upload(client, xlsx(deputies(5)))
    job = db.session.scalar(select(Job))
    assert response.status_code == 302 and response.location.endswith(f"/admin/roster/{job.id}")
    assert [e.key for e in uploads.entries()] == [job.file_path]  # kept in the store, by key
    page = text(client.get(f"/admin/roster/{job.id}"))
    assert 'data-outcome="valid"' in page and 'data-count="people_new">5<' in page and "性别" in page
    assert 'data-action="import-all"' in page and (people(), roster_events()) == (before, events)
    response = client.post(f"/admin/roster/{job.id}/confirm")
    assert response.status_code == 302
    db.session.expire_all()
    assert (people(), roster_events()) == (before + 5, events + 1)
    page = text(client.get(f"/admin/roster/{job.id}"))
    assert 'data-outcome="imported"' in page and "confirm-form" not in page
    assert list(uploads.entries()) == []  # imported: the upload has served and is gone
    again = text(client.post(f"/admin/roster/{job.id}/confirm", follow_redirects=True))
    assert "此名册已经导入" in again and people() == before + 5


def test_one_bad_row_writes_nothing_and_the_valid_rows_only_on_request(auth, world):
    client = auth.as_(world.office)
    rows = deputies(4)
    rows[2][3] = "邮箱@"
    upload(client, xlsx(rows))
    job = db.session.scalar(select(Job))
    page = text(client.get(f"/admin/roster/{job.id}"))
    assert 'data-outcome="invalid"' in page and 'data-row="4" data-field="email"' in page
    assert "不是邮箱地址" in page and 'data-action="import-all"' not in page
    assert 'data-action="import-valid"' in page
    before = people()
    refused = client.post(f"/admin/roster/{job.id}/confirm", follow_redirects=True)
    assert "有 1 行存在问题" in text(refused) and people() == before
    client.post(f"/admin/roster/{job.id}/confirm", data={"only_valid": "y"})
    db.session.expire_all()
    assert people() == before + 3 and db.session.get(Job, job.id).result["only_valid"] is True


def test_reimport_updates_and_a_units_roster_names_its_staff(auth, world):
    client = auth.as_(world.admin)
    upload(client, xlsx(deputies(2)))
    client.post(f"/admin/roster/{db.session.scalar(select(func.max(Job.id)))}/confirm")
    rows = deputies(2)
    rows[0][5] = "镇长"
    upload(client, xlsx(rows))
    job_id = db.session.scalar(select(func.max(Job.id)))
    page = text(client.get(f"/admin/roster/{job_id}"))
    assert 'data-count="people_updated">1<' in page and 'data-count="people_new">0<' in page
    upload(client, xlsx([["城东区交通运输局", "区交通局", "刘洋", "13900001111", "", ""]], UNIT_HEADERS),
           "单位.xlsx", "units")
    job_id = db.session.scalar(select(func.max(Job.id)))
    page = text(client.get(f"/admin/roster/{job_id}"))
    assert "城东区交通运输局" in page and 'data-count="units_new">1<' in page


@pytest.mark.parametrize(("data", "name", "kind", "says"), [
    (b"", "名册.xlsx", "deputies", "文件是空的"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "名册.xls", "deputies", "另存为 .xlsx"),
    (b"PK\x03\x04broken", "名册.xlsx", "deputies", "无法读取此文件"),
    (xlsx(deputies(1)), "名册.xlsx", "units", "这看起来是"),
    (xlsx([["备注"]], headers=["说明"]), "名册.xlsx", "deputies", "姓名"),
])
def test_unusable_files_are_refused_on_the_upload_page_and_not_kept(auth, world, uploads, data, name, kind,
                                                                   says):
    client = auth.as_(world.admin)
    response = upload(client, data, name, kind)
    assert response.status_code == 400 and says in text(response) and 'id="upload-form"' in text(response)
    assert db.session.scalar(select(func.count(Job.id))) == 0
    assert list(uploads.entries()) == []


def test_a_missing_file_is_a_form_error(auth, world):
    response = auth.as_(world.admin).post("/admin/roster/", data={"kind": "deputies"})
    assert response.status_code == 400 and "data-field-error=\"file\"" in text(response)


@pytest.fixture
def broker(app, tmp_path, monkeypatch):
    queue = tmp_path / "queue"
    queue.mkdir()
    celery = Celery("test-roster", broker="filesystem://", set_as_current=False)
    celery.conf.broker_transport_options = {"data_folder_in": str(queue), "data_folder_out": str(queue),
                                            "control_folder": str(tmp_path / "control")}
    monkeypatch.setitem(app.extensions, "celery", celery)
    monkeypatch.setitem(app.config, "ROSTER_INLINE_LIMIT", 5)
    yield queue
    celery.close()


def test_a_large_roster_is_written_by_the_worker_behind_the_progress_bar(auth, world, broker, uploads):
    client = auth.as_(world.admin)
    upload(client, xlsx(deputies(12)))
    job = db.session.scalar(select(Job))
    response = client.post(f"/admin/roster/{job.id}/confirm")
    assert response.status_code == 302 and response.location.endswith(f"/jobs/{job.id}")
    assert len(list(broker.iterdir())) == 1
    page = text(client.get(f"/jobs/{job.id}"))
    assert 'id="job-bar"' in page and "名册导入" in page
    before = people()
    assert run_roster_import(job.id) == 12  # what the worker runs
    status = client.get(f"/jobs/{job.id}.json").get_json()
    assert status["status"] == JobStatus.DONE.value and status["report"].endswith(f"/admin/roster/{job.id}")
    assert people() == before + 12 and list(uploads.entries()) == []


def test_a_preview_whose_upload_was_swept_asks_for_the_file_again(auth, world, uploads):
    client = auth.as_(world.admin)
    upload(client, xlsx(deputies(2)))
    job = db.session.scalar(select(Job))
    uploads.delete(job.file_path)  # abandoned for a week: the nightly sweep removed it
    before = people()
    answer = client.post(f"/admin/roster/{job.id}/confirm", follow_redirects=True)
    assert answer.status_code == 200 and "请重新上传" in text(answer) and people() == before


def test_the_report_downloads_with_counts_and_every_problem_in_both_languages(auth, world):
    client = auth.as_(world.admin)
    rows = deputies(3)
    rows[0][2] = "110"
    upload(client, xlsx(rows))
    job = db.session.scalar(select(Job))
    response = client.get(f"/admin/roster/{job.id}/report.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    problems = list(book.worksheets[1].iter_rows(values_only=True))
    assert problems[1][0] == 2 and "不是大陆手机号" in problems[1][2]
    assert "not a mainland mobile" in problems[1][3]
    summary = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["有问题的行 Rows with problems"] == 1
    assert auth.as_(world.office).get(f"/admin/roster/{job.id}/report.xlsx").status_code == 404  # not theirs


def test_an_imported_account_cannot_sign_in_with_any_password_until_activated(auth, world, client):
    admin = auth.as_(world.admin)
    upload(admin, xlsx(deputies(1)))
    admin.post(f"/admin/roster/{db.session.scalar(select(Job.id))}/confirm")
    auth.logout()
    imported = db.session.scalar(select(User).where(User.phone == "13800000000"))
    assert imported.password_hash == ""
    for password in ("", "x", "secret-pw"):
        response = client.post("/login", data={"username": imported.username, "password": password})
        assert response.status_code == 400
