"""The tenant criterion's options are made once per congress (tracker.tenancy._criteria) and
still give each congress its own rows only, whichever congress a statement ran for before."""

from sqlalchemy import select

from tests.conftest import add_congress
from tracker import tenancy
from tracker.extensions import db
from tracker.models import Committee


def test_one_statement_reads_each_congress_rows_in_turn(ctx):
    first = tenancy.current_congress_id()
    db.session.add(Committee(name="法制委员会"))
    db.session.commit()
    second = add_congress("xining", "西宁市").id
    with tenancy.scope(db.session, second):
        db.session.add(Committee(name="财政经济委员会"))
    db.session.commit()
    stmt = select(Committee.name)  # the same statement, so the same compiled-SQL cache entry
    seen = []
    for congress_id in (first, second, first, second):
        with tenancy.scope(db.session, congress_id):
            seen.append(db.session.scalars(stmt).all())
    assert seen == [["法制委员会"], ["财政经济委员会"]] * 2
    assert tenancy._criteria(first) is tenancy._criteria(first)
    assert tenancy._criteria(first) is not tenancy._criteria(second)
