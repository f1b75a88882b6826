"""TRACKER_ENV: production refuses to start on a missing, short or old default key (in a process of
its own, as gunicorn, the CLI or a worker would start); the demo makes its key once and keeps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.modes import OLD_DEFAULT_KEY, StartRefused, settle

ROOT = Path(__file__).resolve().parent.parent
STRONG = "k3Y-" + "Zq8vR2mW7xLp4sTn9bHc6dJf1gKy5aEu"


def _start(tmp_path, **env) -> subprocess.CompletedProcess:
    """`create_app()` in a fresh interpreter with only these TRACKER_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    clean |= {"PYTHONPATH": str(ROOT), "TRACKER_INSTANCE": str(tmp_path / "instance"),
              "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'modes.db'}"} | env
    script = "from tracker import create_app; create_app(); print('started')"
    return subprocess.run([sys.executable, "-c", script],
                          env=clean, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("key, said", [
    (None, "TRACKER_SECRET_KEY: it is missing"),
    (OLD_DEFAULT_KEY, "old demo default"),
])
def test_production_refuses_to_start_without_a_strong_key(tmp_path, key, said):
    run = _start(tmp_path, TRACKER_ENV="production", **({"TRACKER_SECRET_KEY": key} if key else {}))
    assert run.returncode != 0 and "started" not in run.stdout
    assert said in run.stderr and "StartRefused" in run.stderr, run.stderr[-800:]


def test_production_starts_with_a_strong_key(tmp_path):
    run = _start(tmp_path, TRACKER_ENV="production", TRACKER_SECRET_KEY=STRONG)
    assert run.returncode == 0 and "started" in run.stdout, run.stderr[-800:]
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize("key", ["short-key", "a" * 64, "ab" * 40])
def test_production_refuses_a_short_or_plain_key(tmp_path, key):
    with pytest.raises(StartRefused, match="too short or too plain"):
        settle({"TRACKER_ENV": "production", "SECRET_KEY": key}, tmp_path)


def test_an_unknown_mode_is_refused(tmp_path):
    with pytest.raises(StartRefused, match="not one of demo, test, production"):
        settle({"TRACKER_ENV": "prod"}, tmp_path)


@pytest.mark.parametrize("mode", ["demo", "test"])
def test_the_old_default_key_is_refused_in_every_mode(tmp_path, mode):
    with pytest.raises(StartRefused, match="old demo default"):
        settle({"TRACKER_ENV": mode, "SECRET_KEY": OLD_DEFAULT_KEY}, tmp_path)


def test_the_demo_makes_a_random_key_once_and_keeps_it(tmp_path):
    first, second, elsewhere = {"TRACKER_ENV": "demo"}, {"TRACKER_ENV": "demo"}, {"TRACKER_ENV": "demo"}
    settle(first, tmp_path / "one")
    settle(second, tmp_path / "one")
    settle(elsewhere, tmp_path / "two")
    assert first["SECRET_KEY"] == second["SECRET_KEY"] != elsewhere["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 43 and first["SECRET_KEY"] != OLD_DEFAULT_KEY
    assert (tmp_path / "one" / "secret_key").stat().st_mode & 0o077 == 0  # its owner's only
    assert list((tmp_path / "one").iterdir()) == [tmp_path / "one" / "secret_key"]  # no draft left


def test_tests_set_their_own_key(app):
    assert app.config["TRACKER_ENV"] == "test"
    assert app.config["SECRET_KEY"] == os.environ["TRACKER_SECRET_KEY"]


def test_postgresql_connections_plan_no_parallel_workers(app):
    """The app's PostgreSQL sessions start with PG_SESSION_OPTIONS (no parallel workers for the
    pages' statements); SQLite has no such setting and is left alone."""
    from sqlalchemy import text

    from tracker.extensions import db

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
            return
        assert db.session.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"
