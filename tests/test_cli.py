"""The `flask --app tracker` commands: the table, the diagram, entering a year's calendar."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import CalendarDay, CalendarYear
from tracker.workflow import TRANSITIONS


def test_workflow_prints_every_row(app, ctx):
    result = app.test_cli_runner().invoke(args=["workflow"])
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(TRANSITIONS)


def test_diagram_writes_mermaid_and_table(app, ctx, tmp_path):
    result = app.test_cli_runner().invoke(args=["diagram", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "workflow.mmd").read_text(encoding="utf-8").startswith("stateDiagram-v2")
    assert "提交预审" in (tmp_path / "WORKFLOW.md").read_text(encoding="utf-8")


def test_calendar_year_enters_days_and_refuses_bad_lines(app, ctx, tmp_path):
    good = tmp_path / "2031.csv"
    good.write_text("# 2031\n2031-01-01,rest,元旦\n2031-01-04,workday,调休\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("2031-01-01,holiday\n", encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["calendar-year", "2031", str(bad)])
    assert refused.exit_code != 0 and "line 1" in refused.output
    assert db.session.get(CalendarYear, 2031) is None
    result = runner.invoke(args=["calendar-year", "2031", str(good)])
    assert result.exit_code == 0, result.output
    try:
        days = db.session.scalars(select(CalendarDay).where(CalendarDay.day >= date(2031, 1, 1))).all()
        assert {(d.day.isoformat(), d.is_workday) for d in days} == {
            ("2031-01-01", False), ("2031-01-04", True)}
        assert db.session.get(CalendarYear, 2031) is not None
    finally:  # the calendar is shared by the whole run
        db.session.rollback()
        for d in db.session.scalars(select(CalendarDay).where(CalendarDay.day >= date(2031, 1, 1))):
            db.session.delete(d)
        year = db.session.get(CalendarYear, 2031)
        if year is not None:
            db.session.delete(year)
        db.session.commit()


def test_the_committed_workflow_docs_are_current(app, ctx, tmp_path):
    from pathlib import Path

    app.test_cli_runner().invoke(args=["diagram", "--out", str(tmp_path)])
    docs = Path(__file__).resolve().parent.parent / "docs"
    for name in ("workflow.mmd", "WORKFLOW.md"):
        assert (docs / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"), f"docs/{name} is stale: run `flask --app tracker diagram`"
