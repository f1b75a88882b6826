"""Exports: the XLSX holds exactly the list with its filters; long ones become the owner's job; a
signed-in person's export is audited (sent at once or started as a job), an anonymous one not.

Also keyset pagination of /items: walking every page with ties in the sort key repeats and skips
nothing, whichever sort order.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from celery import Celery
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import at
from tests.web.helpers import audit_counts, audit_written, text
from tracker.domain.reads import listing
from tracker.extensions import db
from tracker.models import Assignment, AuditEvent, Job, JobStatus, Suggestion
from tracker.models.handling import AssignmentState
from tracker.workflow import Channel, State
from workers.tasks.exports import run_export


def _sheet(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _ids_on(page: str) -> list[int]:
    body = page.split('id="items"')[1].split("</table>")[0] if 'id="items"' in page else ""
    return [int(i) for i in re.findall(r'data-item="(\d+)"', body)]


@pytest.fixture
def listed(make, world):
    """Twelve items: in handling at two units, replied, closed; some at the same moment (ties)."""
    items = []
    moment = at(2026, 4, 1)
    for n, state in enumerate([State.IN_HANDLING] * 6 + [State.REPLIED] * 4 + [State.CLOSED] * 2):
        item = make.suggestion(world.deputy if n % 2 else world.deputy2, category=world.category,
                               title=f"关于第{n}号路口信号灯的建议", state=state,
                               # pairs of rows share their moment, so the sort key ties
                               updated_at=moment + timedelta(hours=n // 2))
        unit = world.unit if n % 3 else world.co_unit
        db.session.add(Assignment(suggestion_id=item.id, unit_id=unit.id, is_lead=True,
                                  state=AssignmentState.RECEIVED, assigned_at=moment))
        items.append(item)
    db.session.commit()
    return items


def test_export_holds_the_filtered_list_in_the_page_order(auth, world, listed):
    client = auth.as_(world.office)
    page = text(client.get(f"/items?state=in_handling&unit={world.unit.id}"))
    shown = _ids_on(page)
    assert f"/export/items?state=in_handling&amp;unit={world.unit.id}" in page
    audit = audit_counts()
    response = client.get(f"/export/items?state=in_handling&unit={world.unit.id}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = _sheet(response.data)
    assert audit_written(audit) == {"export_download": 1}  # sent at once: no job, the download audited
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_download")).one()
    assert (event.actor_id, event.role, event.suggestion_id) == (world.office.id, None, None)
    assert event.data == {"source": "items", "filters": {"state": "in_handling", "unit": str(world.unit.id)},
                          "rows": len(rows) - 1}
    assert rows[0][:3] == ("编号", "标题", "类型")
    wanted = [i for i in listed if i.state is State.IN_HANDLING
              and db.session.scalar(select(Assignment.unit_id).where(Assignment.suggestion_id == i.id))
              == world.unit.id]
    by_title = {i.title: i.id for i in listed}
    assert [by_title[r[1]] for r in rows[1:]] == shown == [
        i.id for i in sorted(wanted, key=lambda i: (i.updated_at, i.id), reverse=True)]
    assert {r[6] for r in rows[1:]} == {"办理中"}
    assert {r[7] for r in rows[1:]} == {world.unit.name}


def test_export_in_english_and_of_another_list(auth, world, listed):
    client = auth.as_(world.handler)
    audit = audit_counts()
    response = client.get("/export/inbox?lang=en")
    assert response.status_code == 200
    rows = _sheet(response.data)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_download")).one()
    assert audit_written(audit) == {"export_download": 1} and event.actor_id == world.handler.id
    assert event.data == {"source": "inbox", "filters": {"lang": "en"}, "rows": len(rows) - 1}
    assert rows[0][0] == "Number" and "Part" in rows[0]
    assert len(rows) - 1 == len(text(client.get("/inbox")).split('data-role="')) - 1


@pytest.mark.parametrize("url, who, status", [
    ("/export/items", "deputy", 403), ("/export/inbox", "office", 403), ("/export/routing", "handler", 403),
    ("/export/nothing", "office", 404), ("/export/search?q=x", "office", 400),
])
def test_export_refuses_who_may_not_see_the_list(auth, world, url, who, status):
    audit = audit_counts()
    assert auth.as_(getattr(world, who)).get(url).status_code == status
    assert audit_written(audit) == {}  # refused: nothing sent, nothing audited


def test_anonymous_can_export_only_the_public_list(client, world):
    audit = audit_counts()
    assert client.get("/export/public").status_code == 200
    assert client.get("/public/chengdong/export").status_code == 200
    assert client.get("/export/items").status_code == 302
    assert audit_written(audit) == {}  # nobody signed in: no person for an audit row


def test_a_signed_in_export_of_the_public_list_is_audited_from_either_address(auth, world):
    client, audit = auth.as_(world.deputy), audit_counts()
    assert client.get("/export/public?q=公交").status_code == 200
    assert client.get("/public/chengdong/export").status_code == 200
    assert audit_written(audit) == {"export_download": 2}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_download")
                                .order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.data["source"], e.data["filters"]) for e in events] == [
        (world.deputy.id, "public", {"q": "公交"}), (world.deputy.id, "public", {})]


@pytest.fixture
def broker(app, tmp_path, monkeypatch):
    """The app's Celery on a filesystem broker of this test's own, so queued messages can be seen."""
    queue = tmp_path / "queue"
    queue.mkdir()
    celery = Celery("test-exports", broker="filesystem://", set_as_current=False)
    celery.conf.broker_transport_options = {"data_folder_in": str(queue), "data_folder_out": str(queue),
                                            "control_folder": str(tmp_path / "control")}
    monkeypatch.setitem(app.extensions, "celery", celery)
    monkeypatch.setitem(app.config, "EXPORT_INLINE_LIMIT", 5)
    monkeypatch.setattr(app, "instance_path", str(tmp_path / "instance"))
    yield queue
    celery.close()


def test_long_export_is_a_job_with_progress_that_only_its_owner_sees(auth, world, listed, broker, make):
    client = auth.as_(world.office)
    rows = audit_counts()
    response = client.get("/export/items?state=in_handling")
    job = db.session.scalar(select(Job))
    assert audit_written(rows) == {"start_export": 1}
    assert response.status_code == 302 and response.location.endswith(f"/jobs/{job.id}")
    assert job.status is JobStatus.QUEUED and job.rows_total == 6 and job.filters == {"state": "in_handling"}
    assert len(list(broker.iterdir())) == 1  # one message queued for the worker
    page = text(client.get(f"/jobs/{job.id}"))
    assert 'id="job-bar"' in page and "jobs.js" in page
    assert client.get(f"/jobs/{job.id}.json").get_json()["status"] == "queued"
    assert client.get(f"/jobs/{job.id}/download").status_code == 404  # not ready

    assert run_export(job.id) == 6  # what the worker runs
    status = client.get(f"/jobs/{job.id}.json").get_json()
    assert status["status"] == "done" and status["percent"] == 100 and status["download"]
    audit = audit_counts()
    with client.get(status["download"]) as download:  # a file response: close it
        rows = _sheet(download.data)
    assert len(rows) == 7 and {r[6] for r in rows[1:]} == {"办理中"}
    assert audit_written(audit) == {"export_download": 1}  # each file handed out is recorded
    event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.actor_id == world.office.id and event.data["job"] == job.id and event.data["rows"] == 6
    key = db.session.get(Job, job.id).file_path  # in the export store, the instance folder's here
    assert key == f"{job.congress_id}/export-{job.id}.xlsx"
    assert (broker.parent / "instance" / "exports" / key).is_file()

    other = auth.as_(world.supervisor)
    for url in (f"/jobs/{job.id}", f"/jobs/{job.id}.json", f"/jobs/{job.id}/download"):
        assert other.get(url).status_code == 404


@pytest.mark.parametrize("sort", list(listing.SORTS))
def test_keyset_pages_repeat_and_skip_nothing_with_ties(auth, world, make, sort):
    moment = at(2026, 4, 1)
    ids = []
    for n in range(23):  # three rows on each moment: ties everywhere
        item = make.suggestion(world.deputy, channel=Channel.BETWEEN, title=f"建议{n}",
                               updated_at=moment + timedelta(hours=n // 3),
                               created_at=moment - timedelta(days=n // 3))
        ids.append(item.id)
    db.session.commit()
    seen, cursor = [], None
    while True:
        page = listing.list_page(db.session, listing.ItemFilters(sort=sort), cursor, size=5)
        seen.extend(i.id for i in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    everything = set(db.session.scalars(select(Suggestion.id)))  # ours and the world's main item
    assert set(ids) < everything and sorted(seen) == sorted(everything) and len(seen) == len(set(seen))
    column = "updated_at" if "updated" in sort else "created_at"
    rows = db.session.execute(select(Suggestion.id, getattr(Suggestion, column))).all()
    expected = [r[0] for r in sorted(rows, key=lambda r: (r[1], r[0]), reverse=sort.startswith("-"))]
    assert seen == expected


def test_the_list_page_walks_with_next_links(auth, world, make, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    monkeypatch.setattr(listing.list_page, "__defaults__", (None, 4, None))
    for n in range(10):
        make.suggestion(world.deputy, title=f"建议{n}", updated_at=at(2026, 4, 1))  # all tied
    db.session.commit()
    client = auth.as_(world.office)
    url, seen = "/items", []
    while url:
        page = text(client.get(url))
        seen.extend(_ids_on(page))
        found = re.search(r'rel="next" href="([^"]+)"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert len(seen) == 11 and len(set(seen)) == 11  # the ten and the world's main item


def test_a_damaged_cursor_starts_again_at_page_one(auth, world):
    assert auth.as_(world.office).get("/items?after=%%%not-a-cursor").status_code == 200


@pytest.mark.parametrize("page, who, source", [
    ("/items?state=in_handling", "office", "items"), ("/inbox?role=lead", "handler", "inbox"),
    ("/review", "office", "review"), ("/office/routing", "office", "routing"),
    ("/search?q=信号灯", "office", "search"),
])
def test_each_list_links_to_its_export_with_its_filters(auth, world, listed, page, who, source):
    client = auth.as_(getattr(world, who))
    found = re.search(r'id="export" href="([^"]+)"', text(client.get(page)))
    assert found, f"{page} has no export link"
    url = found.group(1).replace("&amp;", "&")
    assert url.startswith(f"/export/{source}")
    for arg in filter(None, page.partition("?")[2].split("&")):
        assert arg.split("=")[0] + "=" in url
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    if page.startswith("/search"):
        assert len(_sheet(response.data)) == 13  # the twelve items and the header
