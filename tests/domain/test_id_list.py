"""A page's ids bound as one parameter (tracker.models.types.one_of): the same rows as IN, on
PostgreSQL (an array) and SQLite (JSON) alike."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Suggestion
from tracker.models.types import one_of

BY_IDS = select(Suggestion.id).where(one_of(Suggestion.id)).order_by(Suggestion.id)


def test_one_of_reads_exactly_the_ids_given(make):
    w = make.world()
    ids = [make.suggestion(w.deputy, title=f"第{n}条").id for n in range(3)]
    assert db.session.scalars(BY_IDS, {"ids": [ids[2], ids[0], 999_999]}).all() == [ids[0], ids[2]]
    assert db.session.scalars(BY_IDS, {"ids": []}).all() == []
    assert db.session.scalars(BY_IDS, {"ids": ids}).all() == ids
