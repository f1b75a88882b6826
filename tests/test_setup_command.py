"""A fresh production install: `flask setup` on an empty database makes the first congress and its
administrator (who is also the platform administrator), no demo data; then that person signs in."""

from __future__ import annotations

import sqlalchemy as sa

from tests.test_migrations import empty_url, scratch_app  # noqa: F401  (fixtures)
from tracker.extensions import db
from tracker.models import Congress, Suggestion, User

ARGS = ["setup", "--code", "xining", "--name", "西宁市人民代表大会常务委员会",
        "--short-name", "西宁市人大常委会", "--place", "西宁市", "--level", "city",
        "--office-name", "代表工委", "--username", "admin", "--admin-name", "系统管理员",
        "--password", "a-strong-secret-1"]


def test_setup_then_sign_in_on_an_empty_database(scratch_app):  # noqa: F811
    runner = scratch_app.test_cli_runner()
    result = runner.invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert "xining" in result.output
    assert [c.code for c in db.session.scalars(sa.select(Congress))] == ["xining"]
    # Columns, not the User: its roles load only within a congress.
    assert db.session.scalar(sa.select(User.is_platform_admin).where(User.username == "admin"))
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1  # no demo people
    assert db.session.scalar(sa.select(sa.func.count(Suggestion.id))
                             .execution_options(all_congresses=True)) == 0

    again = runner.invoke(args=ARGS)  # the platform is set up once; a second run changes nothing
    assert again.exit_code != 0 and "already set up" in again.output
    assert db.session.scalar(sa.select(sa.func.count(Congress.id))) == 1

    scratch_app.config.update(WTF_CSRF_ENABLED=False)
    client = scratch_app.test_client()
    signed_in = client.post("/login", data={"username": "admin", "password": "a-strong-secret-1"})
    assert signed_in.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "西宁市人大代表建议办理系统" in home
    assert client.get("/platform/congresses").status_code == 200


def test_setup_refuses_a_bad_code_and_writes_nothing(scratch_app):  # noqa: F811
    args = [a if a != "xining" else "Xi Ning" for a in ARGS]
    result = scratch_app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and "lower-case" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
