"""No N+1: every list page runs the same number of SQL statements for 5 rows as for 60 (more than
a page of 50, so the paged lists show a full page and a "next" link).

Rows are written straight into the tables (each with its own author, category and session, so a
lazy load per row would show), then each page is fetched twice, counting statements through a
`before_cursor_execute` listener. Deterministic, not timed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from tests.factories import at
from tests.web.helpers import counted
from tracker.extensions import db
from tracker.models import (
    Assignment,
    AuditEvent,
    Category,
    CongressSession,
    Deadline,
    Outbox,
    Reply,
)
from tracker.models.handling import AssignmentState
from tracker.workflow import Channel, DeadlineKind, Owner, Role, State, Unit


class Rows:
    """Adds n items of a kind, each with distinct related rows, for one page to list."""

    def __init__(self, make, world):
        self.make, self.w, self.n = make, world, 0

    def item(self, state: State, **kw):
        self.n += 1
        author = self.make.user(Role.DEPUTY, name=f"代表{self.n}")
        category = Category(name=f"类别{self.n}", committee_id=self.w.committee.id)
        congress = CongressSession(name=f"会议{self.n}", ordinal=self.n % 9 + 1, year=2026,
                                   collection_opens_on=date(2025, 11, 1),
                                   presubmission_deadline_on=date(2026, 1, 10),
                                   opens_on=date(2026, 1, 12), closes_on=date(2026, 1, 15))
        db.session.add_all([category, congress])
        db.session.flush()
        item = self.make.suggestion(author, channel=Channel.SESSION, session=congress,
                                    category=category, title=f"关于公交线路第{self.n}条的建议",
                                    state=state, reg_sequence=f"session:{congress.id}",
                                    reg_number=self.n, updated_at=at(2026, 3, 1) + timedelta(hours=self.n),
                                    **kw)
        return item

    def deadline(self, item, kind: DeadlineKind, owner: Owner, **kw):
        db.session.add(Deadline(suggestion_id=item.id, kind=kind, owner=owner, counted_from=date(2026, 3, 1),
                                amount=5, unit=Unit.WORKING_DAYS, due_on=date(2026, 3, 9),
                                opened_at=at(2026, 3, 1), **kw))

    def for_items(self, n):
        for _ in range(n):
            item = self.item(State.IN_HANDLING)
            self.deadline(item, DeadlineKind.REPLY, Owner.UNIT, owner_unit_id=self.w.unit.id)
        return "/items", self.w.supervisor

    def for_export(self, n):
        self.for_items(n)
        return "/export/items", self.w.supervisor

    def for_inbox(self, n):
        for _ in range(n):
            item = self.item(State.IN_HANDLING)
            db.session.add(Assignment(suggestion_id=item.id, unit_id=self.w.unit.id, is_lead=True,
                                      state=AssignmentState.RECEIVED, assigned_at=at(2026, 3, 1)))
            self.deadline(item, DeadlineKind.REPLY, Owner.UNIT, owner_unit_id=self.w.unit.id)
        return "/inbox", self.w.handler

    def for_review(self, n):
        for _ in range(n):
            item = self.item(State.OFFICE_REVIEW)
            self.deadline(item, DeadlineKind.OFFICE_REVIEW, Owner.OFFICE)
        return "/review", self.w.office

    def for_routing(self, n):
        for _ in range(n):
            self.item(State.REGISTERED)
        return "/office/routing", self.w.office

    def for_search(self, n):
        for _ in range(n):
            self.item(State.SUBMITTED)
        return "/search?q=公交线路", self.w.supervisor

    def for_public(self, n):
        for _ in range(n):
            item = self.item(State.CLOSED)
            db.session.add(Reply(suggestion_id=item.id, unit_id=self.w.unit.id, round=1, category="A",
                                 text="已办理。", status="issued", drafted_by_id=self.w.handler.id,
                                 drafted_at=at(2026, 4, 1), approved_by_id=self.w.leader.id,
                                 issued_at=at(2026, 4, 2), disclosure="public"))
        return "/public/chengdong", None

    def for_notices(self, n):
        for _ in range(n):
            item = self.item(State.SUBMITTED)
            actor = self.make.user(Role.OFFICE_STAFF)
            ev = AuditEvent(suggestion_id=item.id, actor_id=actor.id, role=Role.OFFICE_STAFF,
                            action="register", at=at(2026, 3, 2), data={})
            db.session.add(ev)
            db.session.flush()
            db.session.add(Outbox(event_id=ev.id, recipient_id=self.w.deputy.id, kind="action",
                                  payload={"suggestion_id": item.id}, created_at=at(2026, 3, 2)))
        return "/notices", self.w.deputy


PAGES = ["items", "export", "inbox", "review", "routing", "search", "public", "notices"]


def statements_for(make, world, auth, page: str, n: int) -> tuple[int, str]:
    from tests.conftest import fresh_congress

    fresh_congress()
    world = make.world()
    from sqlalchemy import select

    from tests.web.helpers import CHEAP_HASH
    from tracker.models import User

    for user in db.session.scalars(select(User)):
        user.password_hash = CHEAP_HASH
    url, user = getattr(Rows(make, world), f"for_{page}")(n)
    db.session.commit()
    client = auth.as_(user) if user else auth.client
    client.get(url)  # warm: the first request of a client loads the calendar and such once
    db.session.expire_all()
    with counted() as statements:
        response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return statements, response.get_data(as_text=True) if page != "export" else ""


@pytest.mark.parametrize("page", PAGES)
def test_statements_per_page_do_not_grow_with_rows(make, auth, page, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE", False)  # count the drawing, not a reuse
    few, body_few = statements_for(make, None, auth, page, 5)
    many, body_many = statements_for(make, None, auth, page, 60)
    repeated = Counter(many) - Counter(few)  # what the 55 extra rows cost, to name the culprit
    assert len(few) == len(many), (f"{page}: {len(few)} statements for 5 rows, {len(many)} for 50; "
                                   f"extra: {repeated.most_common(3)}")
    if page not in ("export", "notices"):
        # the rows are on the page (the public list shows 20 a page)
        shown = 20 if page == "public" else 50
        assert body_many.count("公交线路第") >= shown > body_few.count("公交线路第")
    if page in ("inbox", "review", "routing"):
        assert 'rel="next"' in body_many and 'rel="next"' not in body_few
