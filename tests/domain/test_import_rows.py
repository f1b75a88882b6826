"""Checking legacy rows without HTTP: dates, numbers, sessions and duplicates, one problem per field."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tracker.domain.exchange.imports import FIELD_KEYS, Sheet, check_rows, guess_mapping
from tracker.workflow import Channel, Role

HEADERS = ["标题", "事由", "具体建议", "领衔代表", "类别", "会议", "提出日期", "编号", "承办单位"]
MAPPING = {key: i for i, key in enumerate(FIELD_KEYS)}


@pytest.fixture
def w(make):
    return make.world()


def row(w, **kw):
    values = {"title": "关于修缮道路的建议", "reasons": "路面破损。", "proposals": "尽快修缮。",
              "deputy": w.deputy.name, "category": w.category.name, "session": "闭会期间",
              "date": "2026-03-01", "number": "", "unit": ""}
    values.update(kw)
    return [values[k] for k in FIELD_KEYS]


def test_headers_are_guessed_in_either_language():
    assert guess_mapping(HEADERS) == MAPPING
    assert guess_mapping(["Title", "x", "Lead deputy"])["deputy"] == 2


@pytest.mark.parametrize("value, wanted", [
    ("2026-03-01", date(2026, 3, 1)), ("2026/3/1", date(2026, 3, 1)), ("2026年3月1日", date(2026, 3, 1)),
    ("2026.03.01", date(2026, 3, 1)), (datetime(2026, 3, 1, 9), date(2026, 3, 1)),
])
def test_dates_in_the_ways_offices_write_them(make, w, value, wanted):
    valid, problems = check_rows(make.session, Sheet(HEADERS, [row(w, date=value)]), MAPPING,
                                 date(2026, 5, 1))
    assert problems == [] and valid[0].submitted_on == wanted


@pytest.mark.parametrize("changes, field", [
    ({"date": "2026-13-01"}, "date"), ({"date": "2027-01-01"}, "date"),
    ({"number": "第五次会议第001号"}, "number"),  # a session number on a between-session row
    ({"number": "2026-17"}, "number"), ({"session": "第九次会议"}, "session"),
    ({"deputy": "没有这个人"}, "deputy"), ({"title": "长" * 201}, "title"),
])
def test_each_bad_cell_is_one_problem_on_its_field(make, w, changes, field):
    valid, problems = check_rows(make.session, Sheet(HEADERS, [row(w, **changes)]), MAPPING, date(2026, 5, 1))
    assert valid == [] and [(p.row, p.field) for p in problems] == [(2, field)]


def test_session_numbers_and_duplicates_within_the_file(make, w):
    make.user(Role.DEPUTY, name=w.deputy.name)  # a namesake: which deputy is meant?
    rows = [row(w, deputy=w.deputy2.name, session=w.session.name, number="第五次会议第007号"),
            row(w, deputy=w.deputy2.name, session=w.session.name, number="第五次会议第7号",
                title="另一件"),
            row(w, deputy=w.deputy2.name, session=w.session.name),
            row(w)]
    valid, problems = check_rows(make.session, Sheet(HEADERS, rows), MAPPING, date(2026, 5, 1))
    assert [(v.row, v.channel, v.sequence, v.number) for v in valid] == [
        (2, Channel.SESSION, f"session:{w.session.id}", 7)]
    assert {(p.row, p.field) for p in problems} == {(3, "number"), (4, "title"), (5, "deputy")}
