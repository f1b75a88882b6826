"""Migrations: an empty database upgraded to head matches the models; downgrade empties it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from tests.conftest import database_url, require_service
from tracker import create_app
from tracker.extensions import db
from tracker.models import DeadlineRule
from tracker.models.search import FTS5_TABLES

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SCRATCH_DB = "tracker_migrations"  # PostgreSQL: a throwaway database beside the test database


@pytest.fixture
def empty_url(tmp_path):
    """A URL of an empty database of the configured kind, away from the session's test database."""
    url = database_url()
    if not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    import psycopg

    server = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        require_service(False, "PostgreSQL")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {SCRATCH_DB}")
    yield sa.make_url(url).set(database=SCRATCH_DB).render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


@pytest.fixture
def scratch_app(empty_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def literals(sql: str) -> frozenset[str]:
    return frozenset(re.findall(r"'([^']*)'", sql))


def checks_in_models() -> dict[tuple[str, str], frozenset[str]]:
    """Each CHECK constraint of the models (enum columns make one each) by table and name."""
    return {
        (table.name, c.name): literals(
            str(c.sqltext.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        )
        for table in db.metadata.sorted_tables
        for c in table.constraints
        if isinstance(c, sa.CheckConstraint)
    }


def checks_in_database(inspector) -> dict[tuple[str, str], frozenset[str]]:
    return {
        (table, c["name"]): literals(c["sqltext"])
        for table in inspector.get_table_names()
        if table != "alembic_version"
        for c in inspector.get_check_constraints(table)
    }


def not_fts5(obj, name, type_, reflected, compare_to) -> bool:
    """SQLite's FTS5 search table and its shadow tables are DDL, not models: leave them out."""
    return not (type_ == "table" and name in FTS5_TABLES)


def test_migrations_have_one_head():
    assert len(ScriptDirectory(str(MIGRATIONS)).get_heads()) == 1


# SQLite cannot reflect expression indexes (the unique keys per congress on coalesce(congress_id,
# 0)): Alembic skips them there with these warnings; PostgreSQL compares them.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_upgrade_to_head_matches_the_models_and_downgrade_to_base_empties(scratch_app):
    upgrade()
    with db.engine.connect() as conn:
        # Alembic compares tables, columns, types, indexes, unique and foreign keys...
        context = MigrationContext.configure(conn, opts={"include_object": not_fts5})
        assert compare_metadata(context, db.metadata) == []
        # ...but not CHECK constraints: an enum value added without a migration shows up here.
        assert checks_in_database(sa.inspect(conn)) == checks_in_models()
        if conn.dialect.name == "postgresql":  # the trigger that keeps the audit append-only
            assert conn.scalar(sa.text(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_append_only'")) == 1
            # ... and the audit chain's: stamping, TRUNCATE refused, seals append-only.
            triggers = sa.text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'audit_%'")
            assert set(conn.scalars(triggers)) == {
                "audit_event_append_only", "audit_event_stamp", "audit_event_no_truncate",
                "audit_seal_append_only", "audit_seal_no_truncate"}
    downgrade(revision="base")
    assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]


def test_init_db_upgrades_an_empty_database_and_seeds_it_and_resets_it(scratch_app):
    # --reset drops the migrated tables by the models' constraint names: they must agree.
    for args in (["init-db"], ["init-db", "--reset"]):
        result = scratch_app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == tuple(
            ScriptDirectory(str(MIGRATIONS)).get_heads()
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeadlineRule)) > 0
