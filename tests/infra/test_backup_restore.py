"""Backup and restore as docs/SECURITY.md tells it: pg_dump and `flask files backup`, then into an
empty database and an empty bucket with pg_restore and `flask files restore`, checked by
`flask files verify` (every attachment's SHA-256) and the audit trail read back row for row."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from tests.attachment_samples import pdf, png
from tests.factories import at
from tests.s3_server import s3_server, s3_settings
from tests.workers.test_worker import ROOT
from tracker.domain.authoring import attachments as att
from tracker.domain.authoring.file_check import verify_attachments
from tracker.extensions import db
from tracker.models import Attachment
from tracker.storage import attachment_store
from tracker.tenancy import ALL_CONGRESSES

pytestmark = pytest.mark.postgres
LIMITS = att.Limits(max_bytes=64 * 1024, max_files=5, types=("pdf", "png"))
AUDIT = text("SELECT id, congress_id, suggestion_id, actor_id, action, at, data::text FROM audit_event "
             "ORDER BY id")


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def flask(settings: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(settings, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def settings_for(url: str, s3: dict, instance) -> dict:
    return {"TRACKER_DATABASE_URL": url, "TRACKER_INSTANCE": str(instance),
            **{f"TRACKER_{k}": v for k, v in s3.items()}}


@pytest.fixture
def empty_database(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the backup is PostgreSQL's pg_dump")
    url = ctx.config["SQLALCHEMY_DATABASE_URI"]
    name = f"restore_{uuid.uuid4().hex[:10]}"
    base = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with base.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with base.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        base.dispose()


def run_cli(app, monkeypatch, s3: dict, *args: str):
    """A `flask` command in this process, the app configured for the bucket `s3`."""
    for key, value in s3.items():
        monkeypatch.setitem(app.config, key, value)
    return app.test_cli_runner().invoke(args=list(args))


def test_a_dump_and_the_store_restore_into_empty_ones_with_every_hash_and_audit_row(
        ctx, make, empty_database, tmp_path, monkeypatch):
    w = make.world()
    with s3_server() as endpoint:
        live_s3, new_s3 = s3_settings(endpoint), s3_settings(endpoint)
        live = attachment_store({**live_s3, "ATTACHMENT_DIR": ""})
        files = [att.Upload(f"附件{n}.pdf", pdf(f"备份{n}")) for n in range(3)]
        files.append(att.Upload("照片.png", png()))
        for n in range(2):
            item = make.suggestion(w.deputy, title=f"备份演练 {n}")
            att.attach_to_draft(db.session, item, w.deputy, files[n * 2:n * 2 + 2], limits=LIMITS,
                                folder=live, at=at(2026, 5, 1))
        db.session.commit()
        url = ctx.config["SQLALCHEMY_DATABASE_URI"]
        with db.engine.connect() as conn:
            audit_before = conn.execute(AUDIT).all()
        assert len(audit_before) >= 4

        # The rows sealed into the congress's chain, its head noted as the daily notice shows it.
        sealed = run_cli(ctx, monkeypatch, live_s3, "audit", "seal")
        assert sealed.exit_code == 0, sealed.output
        heads = run_cli(ctx, monkeypatch, live_s3, "audit", "heads").output.split()

        # Back up: the database, then the store.
        dump, folder = tmp_path / "tracker.dump", tmp_path / "files"
        subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), libpq(url)], check=True,
                       timeout=120)
        saved = run_cli(ctx, monkeypatch, live_s3, "files", "backup", str(folder))
        assert saved.exit_code == 0 and "4 files copied" in saved.output, saved.output

        # Restore into an empty database and an empty bucket, as on a new machine.
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq(empty_database),
                        str(dump)], check=True, timeout=120)
        back = run_cli(ctx, monkeypatch, new_s3, "files", "restore", str(folder))
        assert back.exit_code == 0 and "4 files restored" in back.output, back.output
        # The check runs as an operator runs it: a process of its own on the restored database.
        restored = settings_for(empty_database, new_s3, tmp_path / "restored")
        checked = flask(restored, "files", "verify")
        assert checked.returncode == 0, checked.stderr
        assert "4 files checked: 0 missing, 0 altered" in checked.stdout

        new_db = create_engine(empty_database)
        try:
            with new_db.connect() as conn:
                assert conn.execute(AUDIT).all() == audit_before
                # The append-only trigger came back with the schema.
                assert conn.exec_driver_sql("SELECT count(*) FROM pg_trigger WHERE tgname = "
                                            "'audit_event_append_only'").scalar() == 1
            # The audit chain verifies on the restored database, and still holds the heads noted.
            chain = flask(restored, "audit", "verify", *[a for h in heads for a in ("--head", h)])
            assert chain.returncode == 0, chain.stdout + chain.stderr

            # The check does catch a damaged restore: one file altered, one gone.
            bucket = attachment_store({**new_s3, "ATTACHMENT_DIR": ""})
            with Session(new_db) as session:
                shas = session.scalars(select(Attachment.sha256).order_by(Attachment.id)
                                       .execution_options(**{ALL_CONGRESSES: True})).all()
                bucket.put(att.blob_key(shas[0]), b"%PDF-not the same")
                bucket.delete(att.blob_key(shas[1]))
                damaged = verify_attachments(session, bucket)
        finally:
            new_db.dispose()
        assert (damaged.checked, damaged.altered, damaged.missing) == (4, [shas[0]], [shas[1]])
