"""The export hook without HTTP: any query of suggestions and a choice of columns, as cells; a short
export sent at once and a long export's job, each audited."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import at
from tracker.domain.exchange.exports import (
    Sheet,
    export_items,
    job_for,
    registration_label,
    send_export,
    start_export,
)
from tracker.models import AuditEvent, JobStatus, Suggestion
from tracker.workflow import Channel, Role, State


def test_export_items_writes_the_chosen_columns_of_the_query_in_its_order(make):
    deputy = make.user(Role.DEPUTY, name="李代表")
    congress = make.congress_session(ordinal=5)
    items = [make.suggestion(deputy, title=f"建议{n}", state=State.SUBMITTED) for n in range(3)]
    items[2].channel, items[2].session_id = Channel.SESSION, congress.id
    items[2].reg_sequence, items[2].reg_number = f"session:{congress.id}", 23
    base = (select(Suggestion).where(Suggestion.id.in_([items[0].id, items[2].id]))
            .order_by(Suggestion.id.desc()))
    out = io.BytesIO()
    assert export_items(make.session, base, out, "en", columns=("number", "title", "deputy", "state")) == 2
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows == [("Number", "Title", "Lead deputy", "State"),
                    ("第五次会议第023号", "建议2", "李代表", "Submitted"),
                    (f"#{items[0].id}", "建议0", "李代表", "Submitted")]


def test_registration_labels_match_the_models_own():
    assert registration_label("session", "session:3", 7, 12) == "第十二次会议第007号"
    assert registration_label("between", "year:2026", 17, None) == "闭会2026-017号"
    assert registration_label("between", None, None, None) == ""


def test_starting_a_long_export_writes_its_job_and_one_audit_row(make):
    office, other = make.user(Role.OFFICE_STAFF), make.user(Role.OFFICE_STAFF)
    job = start_export(make.session, office, "items", {"state": "submitted"}, 12_000, at(2026, 5, 1))
    assert job.status is JobStatus.QUEUED and job.rows_total == 12_000
    assert job_for(make.session, office, job.id) is job and job_for(make.session, other, job.id) is None
    [event] = make.session.scalars(select(AuditEvent).where(AuditEvent.action == "start_export")).all()
    assert (event.actor_id, event.role, event.suggestion_id) == (office.id, None, None)
    assert event.at == at(2026, 5, 1)
    assert event.data == {"job": job.id, "source": "items", "filters": {"state": "submitted"}, "rows": 12_000}


def test_a_short_export_is_written_and_audited_for_its_person_alone(make):
    office = make.user(Role.OFFICE_STAFF)

    def sheet():
        return Sheet("items", ["Title"], iter([["甲"], ["乙"]]))
    out = io.BytesIO()
    assert send_export(make.session, office, sheet(), out, source="items", filters={"state": "submitted"},
                       at=at(2026, 5, 1)) == 2
    assert [r for r, in load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True)] == [
        "Title", "甲", "乙"]
    # Nobody signed in (the public list's anonymous export): the file is written, no audit row.
    assert send_export(make.session, None, sheet(), io.BytesIO(), source="public", filters={},
                       at=at(2026, 5, 2)) == 2
    [event] = make.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_download")).all()
    assert (event.actor_id, event.role, event.suggestion_id, event.at, event.data) == (
        office.id, None, None, at(2026, 5, 1),
        {"source": "items", "filters": {"state": "submitted"}, "rows": 2})
