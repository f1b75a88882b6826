"""The JSON API beyond suggestions: notices, liaison opinions and their outcome actions, dashboard
and yearly figures, exports as jobs, drafts and their files. Each operation: what it does for the
one the page lets, the same refusal as the page for anyone else (403/404), bad input as 422 with the
field, and the writes audited by the one audit writer."""

from __future__ import annotations

import io

import pytest
from celery import Celery
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.attachment_samples import pdf, png
from tests.factories import at
from tests.web.helpers import audit_counts, audit_written
from tracker.domain.accounts import service
from tracker.domain.liaison import operations as liaison
from tracker.domain.reminders import notices
from tracker.extensions import db
from tracker.models import AuditEvent, Job, JobStatus, LiaisonOpinion, Suggestion
from tracker.workflow import State
from workers.tasks.exports import run_export

BIG = 2**31
MULTIPART = "multipart/form-data"


def audited(action: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == action))


def problem(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    if field is not None:
        assert body.get("field") == field or field in (body.get("errors") or {}), body
    return body


# -- Notices ---------------------------------------------------------------------------------------
@pytest.fixture
def noticed(auth, world, item_in):
    """The deputy's item registered through the page: the deputy has an unread notice of it."""
    item = item_in(State.SUBMITTED)
    notices.mark_read(db.session, world.deputy, at=item.created_at)
    db.session.commit()
    response = auth.as_(world.office).post(f"/items/{item.id}/actions/register",
                                           data={"as_role": "office_staff",
                                                 "category": str(world.category.id)})
    assert response.status_code == 302
    return item


def test_notices_list_count_and_marking_one_and_all(auth, world, noticed):
    client = auth.as_(world.deputy)
    page = client.get("/api/v1/notices?unread=true").get_json()
    assert page["unread"] == 1 and len(page["items"]) == 1 and page["has_more"] is False
    notice = page["items"][0]
    assert notice["suggestion_id"] == noticed.id and not notice["is_read"]
    assert "已立案" in notice["text"]["zh"] and "Registered" in notice["text"]["en"]
    assert client.get("/api/v1/notices/unread-count").get_json() == {"unread": 1}
    assert client.get(f"/api/v1/notices/{notice['id']}").get_json()["id"] == notice["id"]
    rows = audit_counts()
    marked = client.post(f"/api/v1/notices/{notice['id']}/read")
    assert marked.status_code == 200 and marked.get_json() == {"marked": 1, "unread": 0}
    assert audit_written(rows) == {"mark_notices_read": 1}
    assert client.post(f"/api/v1/notices/{notice['id']}/read").get_json()["marked"] == 0
    assert client.post("/api/v1/notices/read").get_json() == {"marked": 0, "unread": 0}
    assert audit_written(rows) == {"mark_notices_read": 1}  # marking nothing writes nothing


def test_anothers_notice_is_404_and_bad_paging_422(auth, world, noticed):
    mine = notices.list_notices(db.session, world.deputy)[0]
    other = auth.as_(world.deputy2)
    problem(other.get(f"/api/v1/notices/{mine.id}"), 404)
    problem(other.post(f"/api/v1/notices/{mine.id}/read"), 404)
    problem(other.get(f"/api/v1/notices/{BIG}"), 404)
    assert other.post("/api/v1/notices/read").get_json()["marked"] >= 0
    assert notices.unread_count(db.session, world.deputy) == 1  # the other's "all" is their own
    problem(other.get("/api/v1/notices?page=0"), 422, "page")


# -- Liaison ---------------------------------------------------------------------------------------
@pytest.fixture
def station(make, world):
    s = make.station(world.group, "大众街街道基层立法联系点", "大众街街道")
    db.session.commit()
    return s


def _log(client, station, headers=None, **over):
    body = {"station_id": station.id, "received_on": "2026-05-18", "constituent": "马大爷",
            "content": "团结桥社区路灯坏了三个月没人修", "address": "团结桥社区", "contact": "13912345678"}
    return client.post("/api/v1/liaison/opinions", json=body | over, headers=headers)


@pytest.fixture
def opinion(auth, world, station) -> dict:
    response = _log(auth.as_(world.deputy), station)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_logging_an_opinion_is_201_audited_and_shows_the_contact_to_whom_the_page_does(
        auth, world, station):
    before = audited("log_opinion")
    response = _log(auth.as_(world.deputy), station)
    body = response.get_json()
    assert response.status_code == 201 and response.headers["Location"].endswith(
        f"/api/v1/liaison/opinions/{body['id']}")
    assert body["outcome"] == "pending" and body["contact"] == "13912345678"
    assert body["source"] == "in_person"  # a deputy's own logging, unless named
    assert body["station"]["kind"] == "legislative_point" and "refer" in body["moves"]
    assert [e["action"] for e in body["history"]] == ["log_opinion"] and body["history"][0]["actor"]["id"]
    assert audited("log_opinion") == before + 1
    hotline = _log(auth.as_(world.deputy), station, source="hotline").get_json()
    assert hotline["source"] == "hotline"
    url = f"/api/v1/liaison/opinions/{body['id']}"
    assert auth.as_(world.office).get(url).get_json()["contact"] == "13912345678"
    seen = auth.as_(world.supervisor).get(url).get_json()
    assert seen["contact"] is None and seen["moves"] == []
    problem(auth.as_(world.deputy2).get(url), 403)
    problem(auth.as_(world.handler).get(url), 403)
    problem(auth.as_(world.office).get(f"/api/v1/liaison/opinions/{BIG}"), 404)


def test_logging_refusals(auth, world, station):
    before = db.session.scalar(select(func.count(LiaisonOpinion.id)))
    problem(_log(auth.as_(world.office), station), 403)
    deputy = auth.as_(world.deputy)
    problem(_log(deputy, station, station_id=BIG), 422, "station_id")
    problem(_log(deputy, station, station_id="x"), 422, "station_id")
    problem(_log(deputy, station, received_on="2099-01-01"), 422, "received_on")
    problem(_log(deputy, station, constituent=""), 422, "constituent")
    problem(_log(deputy, station, content="x" * 5001), 422, "content")
    problem(_log(deputy, station, source="carrier_pigeon"), 422, "source")
    assert db.session.scalar(select(func.count(LiaisonOpinion.id))) == before


def test_a_stations_service_account_logs_its_intake_naming_the_channel(client, world, station, make):
    """A hotline's intake system, through its token: at its own station only, the channel named."""
    account = service.create_service_account(db.session, world.admin, name="12345", at=at(2026, 5, 19),
                                             binding=service.Binding(station_id=station.id))
    _row, secret = service.issue_token(db.session, world.admin, account, name="t", scopes=["read", "act"],
                                       days=90, at=at(2026, 5, 19))
    elsewhere = make.station(world.group, "另一个联络站", "别处")
    db.session.commit()
    token = {"Authorization": f"Bearer {secret}"}
    problem(_log(client, station, headers=token), 422, "source")
    problem(_log(client, elsewhere, source="hotline", headers=token), 403)
    logged = _log(client, station, source="hotline", headers=token)
    assert logged.status_code == 201 and logged.get_json()["source"] == "hotline"
    assert db.session.get(AuditEvent, logged.get_json()["history"][0]["id"]).actor_id == account.user_id


def test_the_lists_are_the_pages_per_role(auth, world, opinion):
    mine = auth.as_(world.deputy).get("/api/v1/liaison/opinions").get_json()
    assert [o["id"] for o in mine["items"]] == [opinion["id"]] and "contact" not in mine["items"][0]
    assert auth.as_(world.deputy2).get("/api/v1/liaison/opinions").get_json()["items"] == []
    office = auth.as_(world.office)
    assert [o["id"] for o in office.get("/api/v1/liaison/opinions").get_json()["items"]] == [opinion["id"]]
    assert office.get("/api/v1/liaison/opinions?outcome=referred").get_json()["items"] == []
    problem(office.get("/api/v1/liaison/opinions?station_id=999999"), 422, "station_id")
    problem(office.get("/api/v1/liaison/opinions?outcome=flying"), 422, "outcome")
    problem(office.get("/api/v1/liaison/opinions?scope=mine"), 403)
    problem(auth.as_(world.handler).get("/api/v1/liaison/opinions"), 403)


def test_an_outcome_move_is_the_pages_and_is_audited(auth, world, opinion):
    url = f"/api/v1/liaison/opinions/{opinion['id']}/actions"
    before = audited("refer")
    deputy = auth.as_(world.deputy)
    sent = {"referred_to": "团结桥社区居委会", "follow_up_on": "2026-06-01"}
    stale = deputy.post(f"{url}/refer", json=sent,
                        headers={"If-Match": '"999"'})
    assert problem(stale, 409)["code"] == "stale_page"
    moved = deputy.post(f"{url}/refer", json=sent,
                        headers={"If-Match": f'"{opinion["version"]}"'})
    assert moved.status_code == 200, moved.get_json()
    assert moved.get_json()["outcome"] == "referred" and "close_referral" in moved.get_json()["moves"]
    assert moved.get_json()["outcome_label"]["zh"] and audited("refer") == before + 1
    closed = deputy.post(f"{url}/close_referral", json={"note": "已修好。"})
    assert closed.status_code == 200 and closed.get_json()["outcome"] == "resolved"


def test_outcome_move_refusals(auth, world, opinion):
    url = f"/api/v1/liaison/opinions/{opinion['id']}/actions"
    problem(auth.as_(world.office).post(f"{url}/solve_on_spot", json={"note": "x"}), 403)
    problem(auth.as_(world.deputy2).post(f"{url}/solve_on_spot", json={"note": "x"}), 403)
    deputy = auth.as_(world.deputy)
    problem(deputy.post(f"{url}/solve_on_spot", json={}), 422, "note")
    problem(deputy.post(f"{url}/solve_on_spot", json={"note": ""}), 422, "note")
    problem(deputy.post(f"{url}/refer", json={"referred_to": "社区", "follow_up_on": "2020-01-01"}), 422,
            "follow_up_on")
    problem(deputy.post(f"{url}/link_suggestion", json={"suggestion_id": BIG}), 422, "suggestion_id")
    assert problem(deputy.post(f"{url}/close_referral", json={"note": "x"}), 409)["code"] == "not_allowed_now"
    problem(deputy.post(f"/api/v1/liaison/opinions/{BIG}/actions/refer", json={}), 404)
    problem(deputy.post(f"{url}/fly", json={}), 404)
    db.session.expire_all()
    assert db.session.get(LiaisonOpinion, opinion["id"]).outcome.value == "pending"


def test_turning_an_opinion_into_a_draft_is_201_with_the_draft(auth, world, opinion):
    url = f"/api/v1/liaison/opinions/{opinion['id']}/actions/turn_into_draft"
    before = audited("turn_into_draft"), audited("create_draft")
    made = auth.as_(world.deputy).post(url, json={"title": "关于团结桥社区路灯的建议"})
    assert made.status_code == 201, made.get_json()
    assert (audited("turn_into_draft"), audited("create_draft")) == (before[0] + 1, before[1] + 1)
    draft = db.session.get(Suggestion, made.get_json()["suggestion_id"])
    assert draft.state is State.DRAFT and draft.author_id == world.deputy.id
    assert made.headers["Location"].endswith(f"/api/v1/suggestions/{draft.id}")
    told = auth.as_(world.deputy).post(url.replace("turn_into_draft", "record_told"),
                                       json={"told_on": "2026-05-19", "told_how": "by_pigeon"})
    problem(told, 422, "told_how")


# -- Figures ---------------------------------------------------------------------------------------
def test_the_dashboard_and_the_report_give_the_pages_numbers(auth, world, item_in):
    item_in(State.ASSIGNED)
    office = auth.as_(world.office)
    d = office.get("/api/v1/dashboard").get_json()
    total = db.session.scalar(select(func.count(Suggestion.id)))
    assert d["totals"]["total"]["num"] == total and d["totals"]["assigned"]["num"] == 1
    assert d["totals"]["reply_rate"]["den"] == 1 and d["totals"]["reply_rate"]["label"]["zh"]
    assert [r["id"] for r in d["breakdowns"]["unit_id"]["rows"]] == [world.unit.id]
    assert d["source"] == "live" and "liaison_collected" in d["liaison"]
    by_unit = office.get(f"/api/v1/dashboard?unit_id={world.unit.id}").get_json()
    assert by_unit["totals"]["assigned"]["num"] == 1
    report = office.get("/api/v1/reports/yearly?year=2026").get_json()
    assert report["figures"][0]["key"] == "submitted" and report["paragraphs"]
    assert {f["key"]: f["num"] for f in report["figures"]}["assigned"] == 1
    assert auth.as_(world.supervisor).get("/api/v1/reports/yearly").status_code == 200


def test_figures_refusals(auth, world):
    problem(auth.as_(world.deputy).get("/api/v1/dashboard"), 403)
    problem(auth.as_(world.handler).get("/api/v1/reports/yearly"), 403)
    office = auth.as_(world.office)
    problem(office.get("/api/v1/dashboard?unit_id=999999"), 422, "unit_id")
    problem(office.get(f"/api/v1/dashboard?unit_id={BIG}"), 422, "unit_id")
    problem(office.get("/api/v1/reports/yearly?year=abc"), 422, "year")


# -- Exports ---------------------------------------------------------------------------------------
@pytest.fixture
def broker(app, tmp_path, monkeypatch):
    """The app's Celery on a filesystem broker of this test's own, so queued messages can be seen."""
    queue = tmp_path / "queue"
    queue.mkdir()
    celery = Celery("test-api-exports", broker="filesystem://", set_as_current=False)
    celery.conf.broker_transport_options = {"data_folder_in": str(queue), "data_folder_out": str(queue),
                                            "control_folder": str(tmp_path / "control")}
    monkeypatch.setitem(app.extensions, "celery", celery)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    yield queue
    celery.close()


def test_an_export_is_a_job_polled_and_downloaded_by_its_owner_alone(auth, world, item_in, broker):
    item_in(State.ASSIGNED)
    office = auth.as_(world.office)
    rows = audit_counts()
    started = office.post("/api/v1/exports", json={"state": "assigned"})
    assert started.status_code == 202, started.get_json()
    assert audit_written(rows) == {"start_export": 1}
    job = started.get_json()
    assert job["status"] == "queued" and job["total"] == 1 and job["download"] is None
    assert started.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert len(list(broker.iterdir())) == 1  # one message for the worker
    assert db.session.get(Job, job["id"]).filters == {"state": "assigned"}
    problem(office.get(f"/api/v1/jobs/{job['id']}/download"), 404)  # not ready
    assert run_export(job["id"]) == 1
    done = office.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert done["status"] == JobStatus.DONE.value and done["percent"] == 100
    with office.get(done["download"]) as file:
        sheet = load_workbook(io.BytesIO(file.data), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    for url in (f"/api/v1/jobs/{job['id']}", f"/api/v1/jobs/{job['id']}/download"):
        problem(auth.as_(world.supervisor).get(url), 404)


def test_export_refusals(auth, world, broker):
    problem(auth.as_(world.deputy).post("/api/v1/exports", json={}), 403)
    office = auth.as_(world.office)
    problem(office.post("/api/v1/exports", json={"state": "flying"}), 422, "state")
    problem(office.post("/api/v1/exports", json={"unit": BIG}), 422, "unit")
    problem(office.post("/api/v1/exports", json={"source": "inbox"}), 422, "source")
    problem(office.get(f"/api/v1/jobs/{BIG}"), 404)
    assert db.session.scalar(select(func.count(Job.id))) == 0


# -- Drafts and their files ------------------------------------------------------------------------
def _draft(**over) -> dict:
    return {"title": "关于增设公交站点的建议", "reasons": "群众出行不便。", "proposals": "建议增设站点。",
            "channel": "between"} | over


def test_a_draft_is_created_once_per_key_and_edited_by_its_author(auth, world):
    deputy = auth.as_(world.deputy)
    before = audited("create_draft")
    made = deputy.post("/api/v1/drafts", json=_draft(category_id=world.category.id, submission_key="k1"))
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["state"] == "draft" and body["category_id"] == world.category.id
    again = deputy.post("/api/v1/drafts", json=_draft(submission_key="k1"))
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    assert audited("create_draft") == before + 1
    edits = audited("edit_draft")
    url = f"/api/v1/suggestions/{body['id']}/draft"
    stale = deputy.put(url, json=_draft(title="新标题"), headers={"If-Match": '"999"'})
    assert problem(stale, 409)["code"] == "stale_page"
    saved = deputy.put(url, json=_draft(title="新标题", category_id=world.category.id),
                       headers={"If-Match": f'"{body["version"]}"'})
    assert saved.status_code == 200 and saved.get_json()["changed"] == ["title"]
    assert saved.get_json()["suggestion"]["title"] == "新标题" and audited("edit_draft") == edits + 1


def test_draft_refusals(auth, world, item_in):
    problem(auth.as_(world.office).post("/api/v1/drafts", json=_draft()), 403)
    deputy = auth.as_(world.deputy)
    count = db.session.scalar(select(func.count(Suggestion.id)))
    problem(deputy.post("/api/v1/drafts", json=_draft(title="")), 422, "title")
    problem(deputy.post("/api/v1/drafts", json=_draft(channel="carrier_pigeon")), 422, "channel")
    problem(deputy.post("/api/v1/drafts", json=_draft(category_id=BIG)), 422, "category_id")
    problem(deputy.post("/api/v1/drafts", json=_draft(category_id=999999)), 422, "category_id")
    problem(deputy.post("/api/v1/drafts", json=_draft(channel="session")), 422, "session_id")
    # The world's session closed in January: the page does not offer it in May, nor does the API.
    problem(deputy.post("/api/v1/drafts", json=_draft(channel="session", session_id=world.session.id)), 422,
            "session_id")
    assert db.session.scalar(select(func.count(Suggestion.id))) == count
    mine = item_in(State.DRAFT)
    problem(auth.as_(world.deputy2).put(f"/api/v1/suggestions/{mine.id}/draft", json=_draft()), 403)
    problem(auth.as_(world.office).put(f"/api/v1/suggestions/{mine.id}/draft", json=_draft()), 403)
    sent = item_in(State.OFFICE_REVIEW)
    assert problem(auth.as_(world.deputy).put(f"/api/v1/suggestions/{sent.id}/draft", json=_draft()),
                   409)["code"] == "not_allowed_now"
    problem(auth.as_(world.deputy).put(f"/api/v1/suggestions/{BIG}/draft", json=_draft()), 404)


@pytest.fixture
def store(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 64 * 1024)
    return tmp_path


def _files(*files) -> dict:
    return {"files": [(io.BytesIO(content), name) for name, content in files]}


def test_files_are_attached_to_the_own_draft_and_audited(auth, world, item_in, store):
    item = item_in(State.DRAFT)
    before = audited("add_attachment")
    deputy = auth.as_(world.deputy)
    sent = deputy.post(f"/api/v1/suggestions/{item.id}/attachments",
                       data=_files(("方案.pdf", pdf()), ("现场.png", png())), content_type=MULTIPART)
    assert sent.status_code == 201, sent.get_json()
    assert [(f["filename"], f["mime"]) for f in sent.get_json()] == [("方案.pdf", "application/pdf"),
                                                                    ("现场.png", "image/png")]
    assert audited("add_attachment") == before + 2
    listed = deputy.get(f"/api/v1/suggestions/{item.id}/attachments").get_json()
    assert [f["id"] for f in listed] == [f["id"] for f in sent.get_json()]
    with deputy.get(listed[0]["url"]) as download:
        assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    problem(auth.as_(world.deputy2).get(f"/api/v1/suggestions/{item.id}/attachments"), 403)


def test_file_refusals_413_415_403_422(auth, world, item_in, store, app, monkeypatch):
    item = item_in(State.DRAFT)
    url = f"/api/v1/suggestions/{item.id}/attachments"
    deputy = auth.as_(world.deputy)
    wrong = deputy.post(url, data=_files(("a.pdf", b"MZ not a pdf")), content_type=MULTIPART)
    assert problem(wrong, 415, "attachments")["code"] == "unsupported_media_type"
    big = deputy.post(url, data=_files(("b.pdf", b"%PDF-" + b"0" * 70_000)), content_type=MULTIPART)
    assert problem(big, 413, "attachments")["code"] == "too_large"
    problem(deputy.post(url, data={}, content_type=MULTIPART), 422, "files")
    stale = deputy.post(url, data=_files(("a.pdf", pdf())), content_type=MULTIPART,
                        headers={"If-Match": '"999"'})
    assert problem(stale, 409)["code"] == "stale_page"
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    whole = deputy.post(url, data=_files(("c.pdf", pdf() + b"0" * 2000)), content_type=MULTIPART)
    problem(whole, 413)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50 * 1024 * 1024)
    problem(auth.as_(world.deputy2).post(url, data=_files(("a.pdf", pdf())), content_type=MULTIPART), 403)
    sent_on = item_in(State.OFFICE_REVIEW)
    problem(auth.as_(world.deputy).post(f"/api/v1/suggestions/{sent_on.id}/attachments",
                                        data=_files(("a.pdf", pdf())), content_type=MULTIPART), 409)
    assert audited("add_attachment") == 0


def test_the_spec_names_every_new_operation(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ops = {op["operationId"] for path in spec["paths"].values() for op in path.values()
           if isinstance(op, dict)}
    assert {"listNotices", "countUnreadNotices", "getNotice", "markNoticeRead", "markAllNoticesRead",
            "listOpinions", "getOpinion", "logOpinion", "getDashboard", "getYearlyReport", "startExport",
            "getJob", "downloadJobFile", "createDraft", "editDraft", "listAttachments",
            "uploadDraftAttachments"} <= ops
    assert {f"liaison_{a.value}" for a in liaison.MOVES} <= ops
