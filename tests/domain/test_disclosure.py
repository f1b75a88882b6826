"""The public list and page of replies: only issued 主动公开 replies, names but never contact data."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.factories import at
from tracker.domain.publication.disclosure import periods, public_item, public_replies
from tracker.extensions import db
from tracker.models import CoSigner, Reply, User
from tracker.workflow import State


def reply_of(item) -> Reply:
    return db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                              .order_by(Reply.id.desc())).first()


def ids(page) -> set[int]:
    return {r.item_id for r in page.rows}


@pytest.fixture
def replied(make):
    """A world with two replied items, each carrying a public issued reply."""
    w, first = make.item_in(State.REPLIED)
    _, second = make.item_in(State.REPLIED, w)
    return w, first, second


def test_only_issued_public_replies_are_listed(make, replied):
    w, public, other = replied
    _, drafted = make.item_in(State.REPLY_SIGNOFF, w)  # a reply awaiting the leader: not issued
    _, closed = make.item_in(State.CLOSED, w)
    reply_of(closed).disclosure = "on_request"
    db.session.flush()
    assert ids(public_replies(db.session)) == {public.id, other.id}
    reply_of(other).disclosure = "private"
    db.session.flush()
    page = public_replies(db.session)
    assert ids(page) == {public.id} and page.total == 1
    for hidden in (other, drafted, closed):
        assert public_item(db.session, hidden.id) is None
    assert public_item(db.session, public.id).reply_text == reply_of(public).text


def _two_rounds(make):
    """An escalated item: two issued replies (rounds 1 and 2), the first one public."""
    w, item = make.item_in(State.ESCALATED)
    replies = db.session.scalars(select(Reply).where(Reply.suggestion_id == item.id)
                                 .order_by(Reply.id)).all()
    assert len(replies) == 2 and replies[0].issued_at < replies[1].issued_at
    replies[0].disclosure, replies[0].text = "public", "第一轮公开答复。"
    return w, item, replies


@pytest.mark.parametrize("later", ["private", "on_request"])
def test_a_later_reply_not_public_hides_the_earlier_public_one(make, later):
    w, item, replies = _two_rounds(make)
    replies[1].disclosure = later
    db.session.flush()
    assert public_item(db.session, item.id) is None
    assert item.id not in ids(public_replies(db.session))
    assert public_replies(db.session, query="第一轮公开答复").total == 0
    assert periods(db.session) == []  # nothing public left to filter by


def test_the_latest_public_reply_is_shown_once(make):
    w, item, replies = _two_rounds(make)
    replies[1].disclosure, replies[1].text = "public", "第二轮公开答复。"
    db.session.flush()
    assert public_item(db.session, item.id).reply_text == "第二轮公开答复。"
    assert public_replies(db.session).total == 1  # one row per item, not per reply


def test_a_later_public_reply_makes_an_item_public(make):
    w, item, replies = _two_rounds(make)
    replies[0].disclosure = "private"
    replies[1].disclosure, replies[1].text = "public", "第二轮公开答复。"
    db.session.flush()
    assert public_item(db.session, item.id).reply_text == "第二轮公开答复。"


def test_a_reply_not_yet_issued_changes_nothing(make):
    """A re-handling reply being drafted has no disclosure decision yet: the issued one stands."""
    w, item, replies = _two_rounds(make)
    replies[1].disclosure = "private"
    replies[1].status, replies[1].issued_at = "drafted", None
    db.session.flush()
    assert public_item(db.session, item.id).reply_text == "第一轮公开答复。"


def test_names_of_lead_and_confirmed_cosigners_without_any_contact(make, replied):
    w, item, _ = replied
    item.cosigners.append(CoSigner(deputy_id=w.deputy2.id, status="confirmed", invited_at=at(2025, 12, 1)))
    item.cosigners.append(CoSigner(deputy_id=w.group_leader.id, status="declined",
                                   invited_at=at(2025, 12, 1)))
    for n, user in enumerate(db.session.scalars(select(User)), start=1):
        user.phone, user.email = f"139{n:08d}", f"secret{n}@contact.test"
    db.session.flush()
    row = next(r for r in public_replies(db.session).rows if r.item_id == item.id)
    assert row.deputies == (w.deputy.name, w.deputy2.name)  # the one who declined is not named
    assert row.unit == w.unit.name and row.category == reply_of(item).category
    full = public_item(db.session, item.id)
    for data in (asdict(row), asdict(full)):
        dumped = repr(data)
        assert "contact.test" not in dumped and "139000" not in dumped
        assert not any(isinstance(v, User | db.Model) for v in data.values())


def test_search_finds_only_public_items(make, replied):
    w, bus, school = replied
    school.title = "关于改善北小街学校周边交通秩序的建议"
    school.reasons = "上下学时段拥堵。"
    _, private = make.item_in(State.REPLIED, w)
    private.title = "关于北小街学校扩建的建议"
    reply_of(private).disclosure = "private"
    db.session.flush()
    assert ids(public_replies(db.session, query="公交站点")) == {bus.id}
    assert ids(public_replies(db.session, query="北小街学校")) == {school.id}
    assert public_replies(db.session, query="不存在的词语").total == 0


def test_filter_by_congress_session_and_between_year(make, replied):
    w, in_session, between = replied
    other_session = make.congress_session(name="第十八届第四次会议", ordinal=4, year=2025)
    in_session.session_id = w.session.id
    db.session.flush()
    assert ids(public_replies(db.session, session_id=w.session.id)) == {in_session.id}
    assert ids(public_replies(db.session, session_id=other_session.id)) == set()
    year = int(between.reg_sequence.split(":")[1])
    assert between.id in ids(public_replies(db.session, year=year))
    assert ids(public_replies(db.session, year=year + 5)) == set()
    keys = {p.key for p in periods(db.session)}
    assert f"s{w.session.id}" in keys and f"y{year}" in keys and f"s{other_session.id}" not in keys


def test_paging_newest_first(make, monkeypatch, replied):
    import tracker.domain.publication.disclosure as disclosure

    w, first, second = replied
    reply_of(first).issued_at = datetime(2026, 1, 5, tzinfo=UTC)
    reply_of(second).issued_at = datetime(2026, 2, 5, tzinfo=UTC)
    db.session.flush()
    monkeypatch.setattr(disclosure, "PER_PAGE", 1)
    one, two = public_replies(db.session, page=1), public_replies(db.session, page=2)
    assert (one.pages, one.total) == (2, 2)
    assert [r.item_id for r in one.rows] == [second.id] and [r.item_id for r in two.rows] == [first.id]
