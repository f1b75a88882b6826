"""Two congresses on one database, read and worked by the domain: the rollups, the search index, the
numbering, the reminder planner and delivery each keep to the congress in scope, where the ORM
criterion does not reach (Core tables, plain SQL, Core inserts) as well as where it does."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import at
from tests.isolation_worlds import SUBJECT, two_congresses
from tracker.domain.metrics.facts import MetricFilter
from tracker.domain.metrics.summary import latest_refresh, rollup_sums
from tracker.domain.reads.search import reindex_all, search, similar
from tracker.extensions import db
from tracker.jobs.deliver import Delivery, deliver_due
from tracker.jobs.reminders import plan_due
from tracker.models import Outbox, Reminder, Suggestion, SuggestionSearch, tenancy
from tracker.models.metrics import metric_item, metric_list, metric_refresh, metric_rollup, metric_trend
from tracker.models.tenancy import ALL_CONGRESSES


@pytest.fixture
def sides(make, tmp_path):
    return two_congresses(make, str(tmp_path / "attachments"))


def _everywhere(stmt):
    return stmt.execution_options(**{ALL_CONGRESSES: True})


def _ids(congress_id: int) -> set[int]:
    return set(db.session.scalars(_everywhere(select(Suggestion.id)
                                              .where(Suggestion.congress_id == congress_id))))


def _refresh(congress_id: int, today=date(2026, 5, 20)) -> None:
    from tracker.domain.metrics.summary import refresh_summary

    with tenancy.scope(db.session, congress_id):
        refresh_summary(db.session, today, datetime(2026, 5, 20, 2, tzinfo=UTC))
    db.session.commit()


def test_each_refresh_rewrites_only_its_congress_and_each_reader_sees_only_its_own(sides):
    a, b = sides
    _refresh(a.congress.id)
    _refresh(b.congress.id)
    _refresh(a.congress.id)  # a second refresh of A leaves B's rows as they were
    for side in (a, b):
        with tenancy.scope(db.session, side.congress.id):
            assert rollup_sums(db.session, MetricFilter())[None]["total"] == len(_ids(side.congress.id))
            assert latest_refresh(db.session).items == len(_ids(side.congress.id))
    for table in (metric_item, metric_rollup, metric_trend, metric_refresh, metric_list):
        owners = set(db.session.scalars(select(table.c.congress_id).distinct()))
        assert owners <= {a.congress.id, b.congress.id}, table.name
        assert b.congress.id in owners or table is metric_list, table.name
    items_of_a = set(db.session.scalars(select(metric_item.c.id)
                                        .where(metric_item.c.congress_id == a.congress.id)))
    assert items_of_a == _ids(a.congress.id)


def test_search_and_similar_come_from_the_congress_in_scope_only(sides):
    a, b = sides
    for side, other in ((a, b), (b, a)):
        with tenancy.scope(db.session, side.congress.id):
            found = {s.id for s in search(db.session, "背街小巷积水")}
            alike = {s.id for s, _ in similar(db.session, SUBJECT, "积水问题")}
        assert found and found <= _ids(side.congress.id) and not found & _ids(other.congress.id)
        assert alike and not alike & _ids(other.congress.id)


def test_a_reindex_rewrites_its_own_documents_and_keeps_the_other_congresses(sides):
    a, b = sides
    before = db.session.scalar(_everywhere(select(func.count()).select_from(SuggestionSearch)
                                           .where(SuggestionSearch.congress_id == b.congress.id)))
    with tenancy.scope(db.session, a.congress.id):
        assert reindex_all(db.session) == len(_ids(a.congress.id))
    db.session.commit()
    after = db.session.scalar(_everywhere(select(func.count()).select_from(SuggestionSearch)
                                          .where(SuggestionSearch.congress_id == b.congress.id)))
    assert after == before == len(_ids(b.congress.id))
    with tenancy.scope(db.session, b.congress.id):
        assert search(db.session, "背街小巷积水")


def test_each_congress_numbers_from_one(sides):
    a, b = sides
    for side in (a, b):
        numbers = db.session.scalars(_everywhere(
            select(Suggestion.reg_number).where(Suggestion.congress_id == side.congress.id,
                                                Suggestion.reg_number.is_not(None))
            .order_by(Suggestion.reg_number))).all()
        assert numbers and numbers[0] == 1, side.mark


def test_each_tick_plans_and_delivers_only_its_congress_and_names_it_to_a_shared_deputy(sides, tmp_path):
    a, b = sides
    moment = at(2026, 9, 1, 10)  # every open deadline of the worlds has passed: the ladders fire
    conf = Delivery(mail_url=f"file://{tmp_path / 'mail.log'}", mail_from="t <t@tracker.test>",
                    sms_url=f"file://{tmp_path / 'sms.log'}", sms_key="", base_url="http://tracker.test",
                    lease=timedelta(minutes=5), batch=50)
    with tenancy.scope(db.session, a.congress.id):
        planned = plan_due(db.session, moment)
    db.session.commit()
    ledger = db.session.execute(_everywhere(select(Reminder.congress_id, Reminder.suggestion_id))).all()
    assert planned and {c for c, _ in ledger} == {a.congress.id}
    assert {s for _, s in ledger} <= _ids(a.congress.id)
    with tenancy.scope(db.session, b.congress.id):
        assert deliver_due(db.session, moment, conf) == 0  # A's rows are not B's to send
        plan_due(db.session, moment)
    db.session.commit()
    with tenancy.scope(db.session, a.congress.id):
        sent_a = deliver_due(db.session, moment, conf)
    db.session.commit()
    notices = db.session.execute(_everywhere(select(Outbox.congress_id, Outbox.payload)
                                             .where(Outbox.kind == "reminder"))).all()
    assert sent_a and {c for c, _ in notices} == {a.congress.id}
    assert all(p["suggestion_id"] in _ids(a.congress.id) for _, p in notices)
    # The deputy of both congresses reads which one a reminder is from; the others are not told.
    names = {a.congress.id: a.congress.short_name, b.congress.id: b.congress.short_name}
    to_shared = db.session.execute(_everywhere(select(Reminder.congress_id, Reminder.payload).where(
        Reminder.recipient_id == a.world.deputy.id))).all()
    to_others = db.session.scalars(_everywhere(select(Reminder.payload).where(
        Reminder.recipient_id != a.world.deputy.id))).all()
    assert to_shared and all(p["congress"] == names[c] for c, p in to_shared)
    assert to_others and not any("congress" in p for p in to_others)
    # Their mails link each item by way of its congress (tracker.web.congress.open_item).
    mails = (tmp_path / "mail.log").read_text()
    assert f"http://tracker.test/c/{a.congress.code}/items/" in mails and "tracker.test/items/" not in mails


def test_a_shared_deputy_reminder_says_its_congress():
    from tracker.domain.reminders.texts import line
    from tracker.translations import in_locale

    payload = {"title": "路灯", "kind": "reply", "due_on": "2026-06-01", "congress": "城西区人大常委会"}
    with in_locale("zh"):
        assert str(line(payload, date(2026, 5, 20))).startswith("【城西区人大常委会】")


def test_the_criterion_hides_the_other_congress_from_every_orm_read(sides):
    a, b = sides
    with tenancy.scope(db.session, a.congress.id):
        seen = set(db.session.scalars(select(Suggestion.id)))
        # Loaded under B's scope before, now only expired in the identity map: still not A's to see.
        assert db.session.get(Suggestion, b.ids["item_id"]) is None
    assert seen == _ids(a.congress.id)
