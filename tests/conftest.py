"""Shared fixtures: the app on SQLite or PostgreSQL (TRACKER_TEST_DB), clean tables, factories."""

from __future__ import annotations

import os
import re
import secrets
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import Factory
from tracker import create_app, tenancy
from tracker.extensions import db
from tracker.models import Congress

# The tests' own mode and key, in the environment so that the workers and servers they start share them.
os.environ.setdefault("TRACKER_ENV", "test")
os.environ.setdefault("TRACKER_SECRET_KEY", secrets.token_urlsafe(32))

KEEP = {"calendar_day", "calendar_year", "deadline_rule"}  # seeded once per run


def sqlite_pass() -> list[str]:
    """What `make test`'s SQLite pass runs (the Makefile's SQLITE_TESTS), as path patterns."""
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    return re.search(r"^SQLITE_TESTS := \$\(wildcard ([^)]*)\)", makefile, re.M).group(1).split()


def pytest_collection_modifyitems(config, items):
    """A test marked db_independent runs in the SQLite pass only (the PostgreSQL pass leaves it out,
    Makefile): it must be one that pass runs, or it would run nowhere."""
    root, patterns = Path(__file__).resolve().parents[1], sqlite_pass()
    stray = [item.nodeid for item in items if item.get_closest_marker("db_independent") and not any(
        fnmatch(str(item.path.relative_to(root)), p) or item.path.is_relative_to(root / p)
        for p in patterns)]
    if stray:
        raise pytest.UsageError(f"db_independent tests outside the SQLite pass {patterns}: {stray[:5]}")


def database_url() -> str:
    kind = os.environ.get("TRACKER_TEST_DB", "sqlite")
    if kind == "postgres":
        return os.environ.get("TRACKER_TEST_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    return "sqlite:///" + os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                       f"tracker-test-{os.getpid()}.db")


def require_service(ok: bool, what: str) -> None:
    """CI=true turns an unreachable service into a failure instead of a skip."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is not reachable and CI=true")
        pytest.skip(f"{what} is not reachable")


def reach_database(url: str) -> bool:
    """Whether the test database answers, made first on the server when missing (make test's second
    PostgreSQL pass has a database of its own)."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
        return True
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            return False
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


@pytest.fixture(scope="session")
def app():
    url = database_url()
    if url.startswith("postgresql"):
        require_service(reach_database(url.replace("+psycopg", "")), "PostgreSQL")
    elif os.path.exists(url[len("sqlite:///"):]):
        os.remove(url[len("sqlite:///"):])
    # The API's limit per token raised: tests send many requests with one token (the limit's own
    # test sets a small one).
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "SERVER_NAME": "localhost", "API_RATE_LIMIT": "100000/minute"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # A fresh schema: whatever an earlier run or migration test left is gone.
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            db.drop_all()
        from tracker.setup import create_schema
        create_schema(now=datetime(2026, 1, 1, tzinfo=UTC))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _clean() -> None:
    if db.engine.dialect.name == "postgresql":
        # DELETE of a few rows is far quicker than TRUNCATE; replica mode skips the audit
        # trail's append-only trigger (and FK triggers) for this cleaning transaction only.
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    for t in reversed(db.metadata.sorted_tables):
        if t.name in KEEP and "congress_id" in t.c:  # the platform's rows stay, congresses' go
            db.session.execute(t.delete().where(t.c.congress_id.is_not(None)))
        elif t.name not in KEEP:
            db.session.execute(t.delete())
    db.session.commit()


def add_congress(code: str = "chengdong", place: str = "城东区", **kw) -> Congress:
    english = code.capitalize()  # the names an English page shows of the congress
    kw = {"name_en": f"Standing Committee of the {english} People's Congress",
          "short_name_en": f"{english} People's Congress Standing Committee", "place_en": english, **kw}
    congress = Congress(code=code, name=f"西宁市{place}人民代表大会常务委员会",
                        short_name=f"{place}人大常委会", place=place, office_name="人代联工委", **kw)
    db.session.add(congress)
    db.session.commit()
    return congress


def fresh_congress():
    """Empty tables and a new congress in scope; returns the token that tenancy.leave() takes."""
    _clean()
    return tenancy.enter(add_congress().id)


@pytest.fixture
def ctx(app):
    """Clean tables and one congress in scope, as a request or a job of that congress has."""
    with app.app_context():
        token = fresh_congress()
        yield app
        db.session.rollback()
        db.session.remove()
        tenancy.leave(token)


@pytest.fixture
def make(ctx) -> Factory:
    return Factory(db.session)




@pytest.fixture(scope="session")
def s3_endpoint():
    """One S3 API (moto's server over HTTP) for the run; each test that uses it takes a fresh bucket."""
    from tests.s3_server import s3_server

    with s3_server() as url:
        yield url


# The S3 variant is marked db_independent: the store is the same code whatever the database, so
# `make test` runs it in the SQLite pass only (the PostgreSQL pass runs the folder variant).
@pytest.fixture(params=["folder", pytest.param("s3", marks=pytest.mark.db_independent)])
def upload_store(request, app, tmp_path, monkeypatch):
    """Uploads (imports, rosters) kept in this test's own instance folder, or in a fresh bucket:
    each test that takes it runs with both stores. Returns the app's import store."""
    from tracker.storage import import_store

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    if request.param == "s3":
        from tests.s3_server import s3_settings

        for key, value in s3_settings(request.getfixturevalue("s3_endpoint")).items():
            monkeypatch.setitem(app.config, key, value)
    return import_store(app.config, app.instance_path)
