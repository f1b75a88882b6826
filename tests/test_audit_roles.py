"""The production set-up on PostgreSQL: migrations' owner and a least-privilege app role.

In a database of its own, the owner (the test's superuser) creates the schema and runs `db-roles`;
the app then writes, seals and verifies as the app role, and that role cannot UPDATE, DELETE or
TRUNCATE audit rows or seals, disable their triggers, or silence them with replica mode.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa

from tests.audit_chain import seal, verify, write_events
from tests.conftest import database_url, require_service
from tracker import create_app, tenancy
from tracker.db_roles import role_sql
from tracker.extensions import db
from tracker.models import Congress, User, UserRole
from tracker.workflow import Role

ROLE = f"tracker_app_test_{os.getpid()}"
DB = f"tracker_roles_{os.getpid()}"

REFUSED = [
    "UPDATE audit_event SET reason = 'x'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event CASCADE",
    "UPDATE audit_seal SET hash = 'x'",
    "DELETE FROM audit_seal",
    "TRUNCATE audit_seal",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
    "ALTER TABLE audit_seal DISABLE TRIGGER audit_seal_append_only",
    "SET session_replication_role = replica",
    "DROP TRIGGER audit_event_append_only ON audit_event",
]


def server_admin(server: str) -> psycopg.Connection:
    """An autocommit connection to the server as the test's superuser (the owner in production)."""
    try:
        return psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        require_service(False, "PostgreSQL")
        raise


@pytest.fixture(scope="module")
def urls():
    url = database_url()
    if not url.startswith("postgresql"):
        pytest.skip("roles and triggers are PostgreSQL's")
    server = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with server_admin(server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"DROP ROLE IF EXISTS {ROLE}")
        admin.execute(f"CREATE DATABASE {DB}")
    owner = sa.make_url(url).set(database=DB)
    yield owner.render_as_string(hide_password=False), owner.set(username=ROLE).render_as_string(
        hide_password=False)
    with server_admin(server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"DROP ROLE IF EXISTS {ROLE}")


@pytest.fixture(scope="module")
def app_as_role(urls):
    owner_url, role_url = urls
    owner_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": owner_url})
    with owner_app.app_context():
        from tracker.setup import create_schema

        create_schema(now=datetime(2026, 1, 1, tzinfo=UTC))
        db.session.commit()
        owner = db.session.scalar(sa.text("SELECT current_user"))
        with db.engine.begin() as conn:
            conn.exec_driver_sql(role_sql(ROLE, owner, DB))
        db.session.remove()
        db.engine.dispose()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": role_url})
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT current_user")) == ROLE
        yield app
        db.session.remove()
        db.engine.dispose()


def test_the_app_role_writes_seals_and_verifies(app_as_role):
    congress = Congress(code="roles", name="某区人民代表大会常务委员会", short_name="某区人大常委会",
                        place="某区", office_name="人代联工委")
    db.session.add(congress)
    db.session.commit()
    token = tenancy.enter(congress.id)
    try:
        admin = User(username="roles-admin", name="管理员", password_hash="x", email="a@example.test")
        admin.role_rows = [UserRole(role=Role.ADMIN)]
        db.session.add(admin)
        db.session.flush()
        write_events(admin, 5)
        admin.name = "改名"  # other tables stay writable
        db.session.commit()
        assert seal(expect=5) == 5
        assert verify()[congress.id].ok
    finally:
        tenancy.leave(token)


@pytest.mark.parametrize("sql", REFUSED)
def test_the_app_role_cannot_rewrite_or_silence_the_trail(app_as_role, sql):
    with db.engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as refused:
        conn.exec_driver_sql(sql)
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
