"""Benchmark: sealing and verifying the audit chain on PostgreSQL (or SQLite).

    .venv/bin/python bench/audit_chain.py --url postgresql+psycopg://postgres@127.0.0.1/bench_a \
        [--rows 100000]

Fills the given database afresh (its schema dropped and created again) with `--rows` audit rows of
one congress by generate_series (SQLite: executemany), then times one sealing pass over all of them
(rows/s) and one verification of the whole chain, for SHA-256 and SM3. Prints figures; asserts none.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.domain.audit_chain.sealing import HORIZON  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.jobs.audit_chain import seal_all, verify_all  # noqa: E402
from tracker.models import AuditEvent, Congress, User  # noqa: E402
from tracker.setup import create_schema  # noqa: E402
from tracker.tenancy import everywhere  # noqa: E402

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def fill(rows: int) -> None:
    congress = Congress(code="bench", name="某区人民代表大会常务委员会", short_name="某区人大常委会",
                        place="某区")
    user = User(username="bench", name="基准", password_hash="x", email="b@example.test")
    db.session.add_all([congress, user])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(
            "INSERT INTO audit_event (congress_id, actor_id, role, action, reason, data, at) "
            "SELECT :c, :u, 'admin', 'update_session', '第' || n || '次', json_build_object('n', n), "
            "now() - interval '1 day' FROM generate_series(1, :rows) AS n"),
            {"c": congress.id, "u": user.id, "rows": rows})
    else:
        db.session.execute(AuditEvent.__table__.insert(), [
            {"congress_id": congress.id, "actor_id": user.id, "role": "admin", "action": "update_session",
             "reason": f"第{n}次", "data": {"n": n}, "at": NOW, "recorded_at": NOW, "xact_id": 0}
            for n in range(rows)])
    db.session.commit()


def wait_for_the_horizon() -> None:
    """On PostgreSQL, until no transaction open anywhere on the server is older than the rows (one
    of another database holds them back), so one timed pass seals them all."""
    if db.engine.dialect.name != "postgresql":
        return
    newest = db.session.scalar(text("SELECT max(xact_id) FROM audit_event"))
    while db.session.scalar(text(f"SELECT {HORIZON}")) <= newest:
        db.session.rollback()
        time.sleep(0.2)
    db.session.rollback()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url})
    with app.app_context(), everywhere():
        for algorithm in ("sha256", "sm3"):
            db.drop_all()  # DROP TABLE: the append-only triggers go with their tables
            create_schema(NOW)
            db.session.commit()
            fill(args.rows)
            wait_for_the_horizon()
            started = time.perf_counter()
            sealed = seal_all(db.session, algorithm=algorithm, at=NOW, batch=5000)
            seal_s = time.perf_counter() - started
            started = time.perf_counter()
            reports = verify_all(db.session, now=datetime.now(UTC), unsealed_after=timedelta(minutes=5))
            verify_s = time.perf_counter() - started
            db.session.rollback()
            assert all(r.ok for r in reports), [r.broken for r in reports]
            print(f"{db.engine.dialect.name} {algorithm}: sealed {sealed} rows in {seal_s:.1f} s "
                  f"({sealed / seal_s:,.0f} rows/s); verified in {verify_s:.1f} s "
                  f"({sealed / verify_s:,.0f} rows/s)")


if __name__ == "__main__":
    main()
