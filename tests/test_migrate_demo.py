"""An existing single-congress database upgraded to several congresses keeps every row: the demo
database as the previous schema (a1b2c3d4e5f8) made it, a SQLite dump in tests/data, upgraded."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tracker import create_app, tenancy
from tracker.domain.reads.search import search
from tracker.extensions import db
from tracker.models import Congress, Membership, Suggestion, User

DUMP = Path(__file__).resolve().parent / "data" / "demo_a1b2c3d4e5f8.sqlite.sql.gz"
OWNED = ("suggestion", "audit_event", "deadline", "assignment", "outbox", "user_role", "category",
         "handling_unit", "deputy_group", "congress_session", "liaison_opinion", "suggestion_search")


@pytest.fixture
def old_demo(tmp_path):
    path = tmp_path / "demo.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(gzip.decompress(DUMP.read_bytes()).decode("utf-8"))
    before = {t: sqlite3.connect(path).execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in (*OWNED, "user")}
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade()
        yield before
        db.session.remove()
        db.engine.dispose()


def test_every_row_goes_to_one_congress_made_from_the_settings(old_demo):
    congress = db.session.scalar(sa.select(Congress))
    assert (congress.id, congress.code, congress.place) == (1, "chengdong", "城东区")
    with db.engine.connect() as conn:
        for table in OWNED:
            rows = conn.execute(sa.text(f"SELECT count(*), count(DISTINCT congress_id), "
                                        f"min(congress_id) FROM {table}")).one()
            assert rows[0] == old_demo[table], table
            if table != "audit_event":
                assert rows[0] == 0 or tuple(rows[1:]) == (1, 1), table
        assert conn.scalar(sa.text('SELECT count(*) FROM "user"')) == old_demo["user"]


def test_people_keep_their_places_and_roles_and_the_search_still_finds(old_demo):
    with tenancy.scope(db.session, 1):
        assert db.session.scalar(sa.select(sa.func.count(Membership.id))) == old_demo["user"]
        jingban = db.session.scalar(sa.select(User).where(User.username == "jingban"))
        assert jingban.unit is not None and jingban.unit.name == "区住房和城乡建设局"
        zuzhang = db.session.scalar(sa.select(User).where(User.username == "zuzhang"))
        assert zuzhang.group is not None and {r.value for r in zuzhang.roles} >= {"group_leader"}
        some = db.session.scalar(sa.select(Suggestion).where(Suggestion.reg_number.is_not(None)))
        assert some in search(db.session, some.title[2:8])
    with db.engine.connect() as conn:  # the FTS5 triggers came back with the rebuilt table
        triggers = conn.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        assert set(triggers) >= {"suggestion_search_ai", "suggestion_search_ad", "suggestion_search_au"}
