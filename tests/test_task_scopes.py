"""A task works for the congress that queued it; beat's periodic work runs once per active
congress; platform-wide work (the file sweep) runs everywhere."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from tests.conftest import add_congress
from tracker import tenancy
from tracker.extensions import db
from tracker.models import Congress, Suggestion
from tracker.workflow import Role
from workers.congresses import HEADER, _carry_the_congress, run_scoped


def _task(congress_id=None, per_congress=False):
    return SimpleNamespace(request=SimpleNamespace(headers={HEADER: congress_id} if congress_id else {}),
                           per_congress=per_congress)


def _titles():
    return sorted(db.session.scalars(select(Suggestion.title)))


def test_each_kind_of_task_sees_its_own_congresses_items(ctx, make):
    first = tenancy.congress_in_scope()
    deputy = make.user(Role.DEPUTY)
    make.suggestion(deputy, title="东")
    second = add_congress("chengxi", "城西区")
    with tenancy.scope(db.session, second.id):
        make.suggestion(deputy, title="西")
    retired = add_congress("old", "旧区", is_active=False)
    db.session.commit()
    token = tenancy.enter(None)  # a worker process: nothing in scope until the task says
    try:
        assert run_scoped(_task(second.id), _titles) == ["西"]
        assert run_scoped(_task(per_congress=True), _titles) == ["东", "西"]  # each in turn
        assert run_scoped(_task(per_congress=True), lambda: [tenancy.current_congress_id()]) == [
            first, second.id]  # an inactive congress is left alone
        assert retired.id not in run_scoped(_task(per_congress=True),
                                            lambda: [tenancy.current_congress_id()])
        assert run_scoped(_task(), _titles) == ["东", "西"]  # platform-wide work
        assert run_scoped(_task(), lambda: tenancy.congress_in_scope()) is None
    finally:
        tenancy.leave(token)


def test_a_task_queued_in_a_request_carries_its_congress(ctx):
    headers: dict = {}
    _carry_the_congress(headers=headers)
    assert headers[HEADER] == tenancy.current_congress_id()
    assert db.session.get(Congress, headers[HEADER]) is not None
    token = tenancy.enter(None)
    try:
        untouched: dict = {}
        _carry_the_congress(headers=untouched)  # beat queues with no congress: none is made up
        assert untouched == {}
    finally:
        tenancy.leave(token)
