"""Unsolved B/C promises of earlier years carried into a year's report with their own figure (DOMAIN §6)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.metrics_fixture import TODAY, build
from tracker.domain.metrics import carryover
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.report import REPORT_FIGURES, report_xlsx, yearly_report
from tracker.extensions import db

UNSOLVED = 3  # the fixture's promises: B and D open, I not kept (A kept is solved)


@pytest.fixture
def fixture(make):
    return build(make)


def test_the_next_years_report_carries_the_unsolved_promises(fixture):
    later = carryover.carried_over(db.session, MetricFilter(year=TODAY.year + 1), TODAY)
    assert later.num == UNSOLVED and later.figure.key == carryover.KEY
    assert carryover.carried_over(db.session, MetricFilter(year=2000), TODAY).num == 0  # none before
    assert carryover.carried_over(db.session, MetricFilter(), TODAY) is None  # no year: nothing to carry


def test_the_report_lists_the_figure_and_says_it(fixture):
    report = yearly_report(db.session, MetricFilter(year=TODAY.year + 1), "2027年", TODAY, "zh")
    assert report.values[carryover.KEY].num == UNSOLVED
    assert report.order == (*REPORT_FIGURES, carryover.KEY)
    assert any(f"尚未解决的 {UNSOLVED} 项" in p for p in report.paragraphs)
    english = yearly_report(db.session, MetricFilter(year=TODAY.year + 1), "2027", TODAY, "en")
    assert any(f"{UNSOLVED} promises of B and C replies still unsolved" in p for p in english.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "zh")))  # the workbook lists it too
    rows = [list(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True)]
    assert ["结转承诺事项", UNSOLVED] in [r[:2] for r in rows]
    whole = yearly_report(db.session, MetricFilter(), "全部", TODAY, "zh")
    assert carryover.KEY not in whole.values and whole.order == REPORT_FIGURES
