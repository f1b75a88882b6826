"""Benchmark: importing a roster of 10,000 deputies on PostgreSQL (goal: under 60 s), and the floor.

Usage:
    .venv/bin/python bench/roster_import.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_roster
    .venv/bin/python bench/roster_import.py --smoke URL      # bench/smoke.py: 200 deputies

The database is dropped and created again. An XLSX of N deputies (name, card number, mobile, email,
one of 100 groups, title, a leader per group, a column not imported) is written first, untimed. Then,
timed as the page and the worker run them: the preview (read the file in read-only mode, check every
row against the database: `start_roster`), the import (read and check again, write in one
transaction, one audit event: `import_roster` and the commit), and the same file imported again
(every row found by its card number, nothing changed). No password is hashed: imported accounts
start without one. The floor, measured in the same run on the same database, is the same rows
(users, memberships, roles) inserted with SQLAlchemy Core's executemany and no checks, then rolled
back: what any import of these rows costs on this machine before reading a file or checking a row.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from openpyxl import Workbook
from sqlalchemy import func, insert, make_url, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import Congress, Membership, User, UserRole, tenancy  # noqa: E402
from tracker.workflow import Role  # noqa: E402

AT = datetime(2026, 12, 6, 2, tzinfo=UTC)


def fresh_database(url: str) -> None:
    target = make_url(url)
    server = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target.database}"')


def roster_file(n: int, folder: Path) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("代表名册")
    sheet.append(["姓名", "代表证号", "手机号", "邮箱", "代表小组", "职务", "小组组长", "民族"])
    for i in range(n):
        sheet.append([f"代表{i}", f"CD{i:06d}", f"13{i % 7 + 3}{i:08d}", f"deputy{i}@bench.test",
                      f"第{i % 100}代表小组", "村党支部书记", "是" if i < 100 else "否", "汉族"])
    path = folder / f"roster-{n}.xlsx"
    book.save(path)
    return path


def timed(call) -> tuple[object, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def floor(n: int) -> float:
    """The same rows inserted with Core executemany, no file and no checks; rolled back."""
    started = time.perf_counter()
    congress_id = tenancy.current_congress_id()
    ids = db.session.scalars(insert(User).returning(User.id), [
        {"username": f"floor{i}", "name": f"代表{i}", "password_hash": "", "phone": f"14{i:09d}",
         "email": f"floor{i}@bench.test", "locale": "zh", "notify_digest": False, "is_active_user": True,
         "is_platform_admin": False} for i in range(n)]).all()
    db.session.execute(insert(Membership), [{"user_id": u, "congress_id": congress_id, "title": "",
                                             "card_number": f"F{u}"} for u in ids])
    db.session.execute(insert(UserRole), [{"user_id": u, "congress_id": congress_id, "role": Role.DEPUTY}
                                          for u in ids])
    db.session.flush()
    seconds = time.perf_counter() - started
    db.session.rollback()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--deputies", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="200 deputies (bench/smoke.py)")
    args = parser.parse_args()
    n = 200 if args.smoke else args.deputies
    fresh_database(args.url)
    from tracker.domain.roster.imports import import_roster, start_roster
    from tracker.setup import create_schema

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.url})
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        create_schema(now=AT)
        congress = Congress(code="bench", name="西宁市城东区人民代表大会常务委员会",
                            short_name="城东区人大常委会", place="城东区")
        db.session.add(congress)
        db.session.commit()
        tenancy.enter(congress.id)
        admin = User(username="admin", name="管理员", password_hash="x",
                     role_rows=[UserRole(role=Role.ADMIN)])
        db.session.add(admin)
        db.session.commit()
        path = roster_file(n, Path(folder))
        data = path.read_bytes()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        job, preview_s = timed(lambda: start_roster(db.session, admin, "deputies", path.name, data,
                                                    Path(folder), AT))
        db.session.commit()
        counts = job.result["counts"]
        assert counts["people_new"] == n and counts["rows_bad"] == 0, counts
        _, import_s = timed(lambda: (import_roster(db.session, job, admin, only_valid=False, at=AT,
                                                   files=Path(folder)),
                                     db.session.commit()))
        written = db.session.scalar(select(func.count(Membership.id)))
        assert written == n, written
        again, again_s = timed(lambda: start_roster(db.session, admin, "deputies", path.name, data,
                                                    Path(folder), AT))
        db.session.commit()
        assert again.result["counts"]["people_unchanged"] == n, again.result["counts"]
        floor_s = floor(n)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"file: {n:,} deputies, {len(data) / 2**20:.1f} MB")
    print("| deputies | preview s | import s (check again + write + commit) | preview + import s "
          "| same file again: preview s | floor: Core inserts s | max RSS before → after MB |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    print(f"| {n:,} | {preview_s:.1f} | {import_s:.1f} | {preview_s + import_s:.1f} | {again_s:.1f} "
          f"| {floor_s:.2f} | {rss / 1024:.0f} → {rss_after / 1024:.0f} |")


if __name__ == "__main__":
    main()
