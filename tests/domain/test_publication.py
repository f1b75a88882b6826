"""Publishing the yearly report: a frozen copy per version, withdrawal with a reason, all audited."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import at
from tests.metrics_fixture import TODAY, build
from tracker.domain.errors import InvalidData, NotAllowedNow, RoleNotHeld
from tracker.domain.metrics.panels import sums
from tracker.domain.metrics.report import REPORT_FIGURES, report_xlsx, yearly_report
from tracker.domain.metrics.summary import refresh_summary
from tracker.domain.publication.reports import (
    FiguresChanged,
    build_snapshot,
    figures_digest,
    public_reports,
    public_version,
    publish_report,
    report_of,
    scope_for,
    scope_from_key,
    versions,
    withdraw_report,
)
from tracker.extensions import db
from tracker.models import AuditEvent, FiguresSource, PublishedReport, Reply, User

NOW = at(2026, 5, 20)


@pytest.fixture
def fixture(make):
    return build(make)


def _publish(w, scope, **kw):
    return publish_report(db.session, w.office, scope, today=TODAY, at=kw.pop("at", NOW), **kw)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_publishing_freezes_the_report_as_data(fixture):
    w, items = fixture
    scope = scope_for(db.session, year=2025)
    live = {lang: yearly_report(db.session, scope.filter, scope.name(lang), TODAY, lang)
            for lang in ("zh", "en")}
    w.category.name_en = "Urban construction"
    row = _publish(w, scope)
    assert [n for _, n, _ in report_of(row.snapshot, "en").categories.rows] == ["Urban construction"]
    assert [n for _, n, _ in report_of(row.snapshot, "zh").categories.rows] == [w.category.name]
    db.session.commit()
    assert (row.scope_key, row.version, row.figures_source) == ("year-2025", 1, FiguresSource.LIVE)
    assert row.figures_at == NOW and row.published_by_id == w.office.id
    # Things change after publishing: a reply is re-categorised.
    reply = db.session.scalars(select(Reply).where(Reply.suggestion_id == items["E"].id)).first()
    assert reply.category == "A"
    reply.category = "D"
    db.session.commit()
    db.session.expire_all()
    now_live = yearly_report(db.session, scope.filter, scope.name("zh"), TODAY, "zh")
    assert now_live.values["solved"].num == live["zh"].values["solved"].num - 1
    frozen = public_version(db.session, "year-2025")
    for lang in ("zh", "en"):
        copy = report_of(frozen.snapshot, lang)
        assert copy.paragraphs == live[lang].paragraphs and copy.scope == live[lang].scope
        for key in REPORT_FIGURES:
            assert (copy.values[key].num, copy.values[key].den) == (live[lang].values[key].num,
                                                                    live[lang].values[key].den), key
            assert copy.values[key].figure.label(lang) == live[lang].values[key].figure.label(lang)
        assert [(n, {c: v.text() for c, v in vals.items()}) for _, n, vals in copy.units.rows] == \
               [(n, {c: v.text() for c, v in vals.items()}) for _, n, vals in live[lang].units.rows]
        assert [{c: v.text() for c, v in vals.items()} for _, _, vals in copy.categories.rows] == \
               [{c: v.text() for c, v in vals.items()} for _, _, vals in live[lang].categories.rows]
    assert json.loads(json.dumps(frozen.snapshot)) == frozen.snapshot  # plain JSON data


def test_the_frozen_copy_writes_the_same_workbook_figures(fixture):
    w, _ = fixture
    row = _publish(w, scope_for(db.session, session_id=w.session.id))
    copy = report_of(row.snapshot, "zh")
    book = load_workbook(io.BytesIO(report_xlsx(copy, "zh", order=tuple(row.snapshot["order"]))))
    figures = {r[0]: r for r in book["指标"].iter_rows(min_row=2, values_only=True)}
    expected = sums(db.session, scope_for(db.session, session_id=w.session.id).filter, TODAY)
    assert figures["正式提交"][1] == expected["submitted"] == copy.values["submitted"].num
    assert book["概况"]["A2"].value == copy.paragraphs[0]


def test_republishing_adds_a_version_and_the_latest_is_public(fixture):
    w, _ = fixture
    scope = scope_for(db.session, year=2025)
    first = _publish(w, scope)
    second = _publish(w, scope, at=at(2026, 5, 21))
    other = _publish(w, scope_for(db.session, session_id=w.session.id))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert public_version(db.session, "year-2025").id == second.id
    assert public_version(db.session, "year-2025", 1).id == first.id
    assert [r.version for r in versions(db.session, "year-2025")] == [2, 1]
    assert [r.id for r in public_reports(db.session)] == [second.id, other.id]  # newest first
    events = _events("publish_report")
    assert [(e.data["scope"], e.data["version"], e.actor_id) for e in events] == [
        ("year-2025", 1, w.office.id), ("year-2025", 2, w.office.id),
        (f"session-{w.session.id}", 1, w.office.id)]
    assert events[0].suggestion_id is None and events[0].data["figures_source"] == "live"


def test_withdrawing_needs_a_reason_and_hides_every_version(fixture):
    w, _ = fixture
    scope = scope_for(db.session, year=2025)
    _publish(w, scope)
    _publish(w, scope)
    for reason in ("", "   ", "长" * 501):
        with pytest.raises(InvalidData):
            withdraw_report(db.session, w.office, scope, reason, at=NOW)
    assert withdraw_report(db.session, w.office, scope, "数字口径有误，更正后重新发布。", at=NOW) == [2, 1]
    assert public_version(db.session, "year-2025") is None
    assert public_version(db.session, "year-2025", 1) is None and public_reports(db.session) == []
    assert all(r.withdrawn_by_id == w.office.id for r in versions(db.session, "year-2025"))
    event = _events("withdraw_report")[-1]
    assert event.reason == "数字口径有误，更正后重新发布。" and event.data["versions"] == [2, 1]
    with pytest.raises(NotAllowedNow):  # nothing public left to withdraw
        withdraw_report(db.session, w.office, scope, "再次撤回", at=NOW)
    again = _publish(w, scope)
    assert again.version == 3 and public_version(db.session, "year-2025").id == again.id
    assert [r.version for r in versions(db.session, "year-2025", public_only=True)] == [3]


@pytest.mark.parametrize("who", ["supervisor", "deputy", "handler", "admin"])
def test_only_the_office_publishes_and_withdraws(fixture, who):
    w, _ = fixture
    scope = scope_for(db.session, year=2025)
    with pytest.raises(RoleNotHeld):
        publish_report(db.session, getattr(w, who), scope, today=TODAY, at=NOW)
    _publish(w, scope)
    with pytest.raises(RoleNotHeld):
        withdraw_report(db.session, getattr(w, who), scope, "理由", at=NOW)
    assert len(versions(db.session, "year-2025", public_only=True)) == 1


def test_scopes(fixture):
    w, _ = fixture
    for kw in ({}, {"session_id": w.session.id, "year": 2025}, {"session_id": 999999}, {"year": 1066}):
        with pytest.raises(InvalidData):
            scope_for(db.session, **kw)
    assert scope_for(db.session, session_id=w.session.id).name("en") == w.session.name
    assert scope_for(db.session, year=2025).name("zh") == "2025年"
    assert scope_from_key(db.session, "year-2025").year == 2025
    assert scope_from_key(db.session, f"session-{w.session.id}").session_id == w.session.id
    for bad in ("year-", "year-x", "month-3", "session-999999", "year-99999999999", ""):
        assert scope_from_key(db.session, bad) is None


def test_a_scope_without_suggestions_is_not_published(fixture):
    w, _ = fixture
    with pytest.raises(InvalidData):
        _publish(w, scope_for(db.session, year=2019))
    assert db.session.scalar(select(PublishedReport.id)) is None


def test_figures_changed_since_the_office_looked(fixture):
    w, items = fixture
    scope = scope_for(db.session, year=2025)
    seen = figures_digest(yearly_report(db.session, scope.filter, "2025年", TODAY, "en"))
    assert seen == build_snapshot(db.session, scope, TODAY)["digest"]  # either language, same numbers
    db.session.scalars(select(Reply).where(Reply.suggestion_id == items["E"].id)).first().category = "D"
    db.session.flush()
    with pytest.raises(FiguresChanged):
        _publish(w, scope, confirmed_digest=seen)
    assert db.session.scalar(select(PublishedReport.id)) is None and _events("publish_report") == []
    fresh = figures_digest(yearly_report(db.session, scope.filter, "2025年", TODAY, "zh"))
    assert _publish(w, scope, confirmed_digest=fresh).version == 1


def test_the_snapshot_names_no_person(fixture):
    w, _ = fixture
    for n, user in enumerate(db.session.scalars(select(User)), start=1):
        user.name, user.phone = f"{user.name}·{n}号", f"139{n:08d}"  # names no report sentence has
    db.session.flush()
    row = _publish(w, scope_for(db.session, year=2025))
    dumped = json.dumps(row.snapshot, ensure_ascii=False)
    for user in db.session.scalars(select(User)):
        for personal in (user.name, user.username, user.email, user.phone):
            assert personal not in dumped, personal
    assert w.unit.name in dumped  # handling units are organisations, named as in the report


def test_figures_from_the_rollups_keep_their_refresh_time(fixture):
    w, _ = fixture
    refreshed = datetime(2026, 5, 20, 1, 0, tzinfo=UTC)
    refresh_summary(db.session, TODAY, refreshed)
    row = _publish(w, scope_for(db.session, year=2025), refreshed_at=refreshed)
    assert (row.figures_source, row.figures_at) == (FiguresSource.SUMMARY, refreshed)
    live = build_snapshot(db.session, scope_for(db.session, year=2025), TODAY)
    assert row.snapshot["values"] == live["values"]  # the rollups give the live numbers
