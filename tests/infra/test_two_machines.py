"""Two machines of one install: two app processes, each with its own instance folder, sharing only
PostgreSQL and an S3 object store (moto's server over HTTP): what one is sent, the other serves."""

from __future__ import annotations

import io
import re

import pytest
import requests
from sqlalchemy import func, select

from tests.app_server import AppServer, csrf_of, world_with_passwords
from tests.attachment_samples import pdf
from tests.s3_server import s3_server, s3_settings
from tests.web.helpers import PASSWORD
from tracker.extensions import db
from tracker.models import Attachment
from tracker.storage import attachment_store, export_store

pytestmark = pytest.mark.postgres
SECRET = "two-machines-share-this-secret-key-0123456789"


@pytest.fixture(scope="module")
def servers(app, tmp_path_factory):
    """Machines A and B started once on one database and one bucket: (A, B, the bucket's settings)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("several machines share a PostgreSQL database")
    tmp_path = tmp_path_factory.mktemp("machines")
    with s3_server() as endpoint:
        s3 = s3_settings(endpoint)
        settings = {"TRACKER_DATABASE_URL": url, "TRACKER_SECRET_KEY": SECRET, "TRACKER_QUIET_HOURS": "off",
                    **{f"TRACKER_{k}": v for k, v in s3.items()}}
        a, b = AppServer(tmp_path, "machine-a", settings), AppServer(tmp_path, "machine-b", settings)
        try:
            yield a.wait(), b.wait(), s3, tmp_path
        finally:
            a.stop()
            b.stop()


@pytest.fixture
def machines(servers, ctx, make):
    """The two machines and a world of people whose passwords the tests know."""
    w = world_with_passwords(make)
    a, b, s3, folder = servers
    return a, b, w, s3, folder


def _new_draft(machine: AppServer, http: requests.Session, world, content: bytes) -> requests.Response:
    form = http.get(f"{machine.url}/items/new", timeout=30).text
    key = re.search(r'name="submission_key"[^>]*value="([^"]*)"', form)
    data = {"csrf_token": csrf_of(form), "submission_key": key.group(1) if key else "",
            "title": "关于增设公交站点的建议", "reasons": "两台机器共用一个对象存储。",
            "proposals": "建议增设站点。", "category_id": str(world.category.id), "channel": "between",
            "session_id": "", "proposed_unit_id": "", "origin": "", "original_lang": "", "original_text": ""}
    return http.post(f"{machine.url}/items/new", data=data, files={"attachments": ("调研报告.pdf", content,
                     "application/pdf")}, allow_redirects=False, timeout=30)


def test_a_file_sent_to_one_machine_is_served_by_the_other(machines):
    a, b, w, s3, folder = machines
    content = pdf("两台机器")
    http = requests.Session()
    assert a.sign_in(http, w.deputy.username, PASSWORD).status_code == 302
    sent = _new_draft(a, http, w, content)
    assert sent.status_code == 302, sent.text[:500]
    db.session.rollback()
    att = db.session.scalars(select(Attachment)).one()
    # The bytes are in the bucket, and in neither machine's folder.
    bucket = attachment_store({**s3, "ATTACHMENT_DIR": ""})
    assert bucket.open(f"{att.sha256[:2]}/{att.sha256}").read() == content
    assert not [p for p in folder.glob("machine-*/attachments/**/*") if p.is_file()]
    got = http.get(f"{b.url}/items/{att.suggestion_id}/attachments/{att.id}", timeout=30)
    assert got.status_code == 200 and got.content == content
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    # And the other way round: B's page lists the file A was sent.
    assert "调研报告.pdf" in http.get(f"{b.url}/items/{att.suggestion_id}", timeout=30).text


def test_a_login_on_one_machine_is_valid_on_the_other(machines):
    a, b, w, *_ = machines
    http = requests.Session()
    assert a.sign_in(http, w.deputy.username, PASSWORD).status_code == 302
    home = http.get(f"{b.url}/items/new", allow_redirects=False, timeout=30)
    assert home.status_code == 200  # B accepts A's session: one secret key, one database
    out = http.post(f"{a.url}/logout", data={"csrf_token": csrf_of(home.text)}, allow_redirects=False,
                    timeout=30)
    assert out.status_code == 302
    # The browser forgets its cookie at logout: neither machine lets it in any more.
    for machine in (a, b):
        assert http.get(f"{machine.url}/items/new", allow_redirects=False, timeout=30).status_code == 302


# Logins live in a database table both machines read: a cookie captured before logout opens nothing.
def test_a_logout_on_one_machine_ends_the_login_on_both(machines):
    a, b, w, *_ = machines
    http = requests.Session()
    assert a.sign_in(http, w.deputy.username, PASSWORD).status_code == 302
    page = http.get(f"{b.url}/items/new", timeout=30)
    captured = http.cookies.copy()  # what an attacker (or a second tab) holds
    http.post(f"{a.url}/logout", data={"csrf_token": csrf_of(page.text)}, timeout=30)
    replay = requests.Session()
    replay.cookies.update(captured)
    for machine in (b, a):
        assert replay.get(f"{machine.url}/items/new", allow_redirects=False, timeout=30).status_code == 302


def test_an_export_a_worker_wrote_is_downloaded_from_either_machine(machines, make, monkeypatch,
                                                                   tmp_path, app):
    from openpyxl import load_workbook

    from tests.factories import at
    from tracker.domain.exchange.exports import start_export
    from workers.tasks.exports import run_export

    a, b, w, s3, folder = machines
    make.suggestion(w.deputy, category=w.category, title="导出到对象存储")
    job = start_export(db.session, w.office, "items", {}, 1, at(2026, 5, 1))
    db.session.commit()
    # What a worker on a third machine does: its own instance folder, the shared bucket.
    for key, value in s3.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "worker"))
    assert run_export(job.id) >= 1
    assert not (tmp_path / "worker").exists()  # nothing kept on the worker's machine
    http = requests.Session()
    assert b.sign_in(http, w.office.username, PASSWORD).status_code == 302
    for machine in (a, b):
        got = http.get(f"{machine.url}/jobs/{job.id}/download", timeout=30)
        assert got.status_code == 200, got.text[:300]
        rows = list(load_workbook(io.BytesIO(got.content), read_only=True).active.values)
        assert any("导出到对象存储" in str(cell) for row in rows for cell in row)
    stored = [e.key for e in export_store(s3, folder).entries()]
    assert stored == [f"{job.congress_id}/export-{job.id}.xlsx"]


def _selected(html: str, name: str) -> str:
    """The value of the option a select of the page chose ("" when none)."""
    options = html.split(f'name="{name}"')[1].split("</select>")[0]
    chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected',
                       options)
    return next((g for g in chosen.groups() if g is not None), "") if chosen else ""


def test_an_import_sent_to_one_machine_is_checked_on_the_other_and_run_by_a_worker_elsewhere(
        machines, monkeypatch, tmp_path, app):
    from tests.web.test_web_import import good_rows, workbook
    from tracker.domain.exchange.imports import FIELDS
    from tracker.models import Job, JobStatus, Suggestion
    from tracker.storage import import_store
    from workers.tasks.exports import run_import

    a, b, w, s3, folder = machines
    http = requests.Session()
    assert a.sign_in(http, w.office.username, PASSWORD).status_code == 302
    form = http.get(f"{a.url}/imports/new", timeout=30).text
    sent = http.post(f"{a.url}/imports/new", data={"csrf_token": csrf_of(form)}, allow_redirects=False,
                     files={"file": ("台账.xlsx", workbook(good_rows(w)).getvalue())}, timeout=30)
    assert sent.status_code == 302, sent.text[:500]
    db.session.rollback()
    job = db.session.scalars(select(Job)).one()
    uploads = import_store(s3, folder)
    # Kept in the bucket under its key, in neither machine's folder.
    assert [e.key for e in uploads.entries()] == [job.file_path]
    assert job.file_path.startswith(f"{job.congress_id}/")
    assert not [p for p in folder.glob("machine-*/imports/**/*") if p.is_file()]
    # B checks it: the mapping page's guess, sent back.
    page = http.get(f"{b.url}/imports/{job.id}/map", timeout=30).text
    mapping = {f.key: _selected(page, f.key) for f in FIELDS}
    checked = http.post(f"{b.url}/imports/{job.id}/map", data={"csrf_token": csrf_of(page), **mapping},
                        allow_redirects=False, timeout=30)
    assert checked.status_code == 302, checked.text[:500]
    db.session.expire_all()
    assert db.session.get(Job, job.id).result["valid"] == 2
    # A worker on a third machine: its own instance folder, the shared bucket.
    for key, value in s3.items():
        monkeypatch.setitem(app.config, key, value)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "worker"))
    assert run_import(job.id) == 2
    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert done.status is JobStatus.DONE and done.file_path == ""
    assert db.session.scalar(select(Suggestion).where(Suggestion.title == "关于增设公交站点的建议"))
    assert list(uploads.entries()) == [] and not (tmp_path / "worker").exists()


def test_a_roster_sent_to_one_machine_is_imported_on_the_other(machines):
    from tests.roster_files import deputies, xlsx
    from tracker.models import Job, User
    from tracker.storage import import_store

    a, b, w, s3, folder = machines
    http = requests.Session()
    assert a.sign_in(http, w.admin.username, PASSWORD).status_code == 302
    page = http.get(f"{a.url}/admin/roster/", timeout=30).text
    sent = http.post(f"{a.url}/admin/roster/", data={"csrf_token": csrf_of(page), "kind": "deputies"},
                     files={"file": ("代表名册.xlsx", xlsx(deputies(3)))}, allow_redirects=False, timeout=30)
    assert sent.status_code == 302, sent.text[:500]
    db.session.rollback()
    job = db.session.scalars(select(Job)).one()
    uploads = import_store(s3, folder)
    assert [e.key for e in uploads.entries()] == [job.file_path]
    before = db.session.scalar(select(func.count(User.id)))
    preview = http.get(f"{b.url}/admin/roster/{job.id}", timeout=30).text
    done = http.post(f"{b.url}/admin/roster/{job.id}/confirm", data={"csrf_token": csrf_of(preview)},
                     allow_redirects=False, timeout=30)
    assert done.status_code == 302, done.text[:500]
    db.session.rollback()
    assert db.session.scalar(select(func.count(User.id))) == before + 3
    assert list(uploads.entries()) == []
    assert not [p for p in folder.glob("machine-*/imports/**/*") if p.is_file()]
