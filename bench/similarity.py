"""Benchmark: similar() and search() over 5,000 synthetic suggestions, on SQLite and PostgreSQL.

    .venv/bin/python bench/similarity.py [--n 5000] [--queries 50] [--pg URL | --no-pg] [--no-sqlite]
    .venv/bin/python bench/similarity.py --smoke ...   # 200 suggestions, 5 queries (bench/smoke.py)

The suggestions are the demo's templates (seeds/data) filled with every community and village and
shuffled sentences from other templates, so many items look alike, which is the hard case.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seeds.data.org import GROUPS  # noqa: E402
from seeds.data.templates_city import CITY  # noqa: E402
from seeds.data.templates_people import PEOPLE  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import Congress, Suggestion, User, UserRole  # noqa: E402
from tracker.tenancy import scope  # noqa: E402
from tracker.workflow import Channel, Role  # noqa: E402

TEMPLATES = CITY + PEOPLE
PLACES = [(street, place) for street, _, towns, villages in GROUPS for place in (*towns, *villages)]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_search"


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s]


def fake(rng: random.Random) -> tuple[str, str, str]:
    """A title, 事由 and 具体建议: a template at a random place, with borrowed and dropped sentences."""
    t = rng.choice(TEMPLATES)
    street, place = rng.choice(PLACES)
    fill = {"place": place, "street": street}
    reasons = sentences(t.reasons.format(**fill))
    other = rng.choice(TEMPLATES)
    reasons += rng.sample(sentences(other.reasons.format(**fill)), 1)
    rng.shuffle(reasons)
    proposals = sentences(t.proposals.format(**fill))
    proposals = rng.sample(proposals, max(1, len(proposals) - rng.randint(0, 2)))
    return t.title.format(**fill), "".join(reasons), "".join(proposals)


def fresh_tables() -> int:
    """Empty tables and the one congress the suggestions belong to; returns its id."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    db.create_all()
    congress = Congress(code="bench", name="基准人民代表大会常务委员会", short_name="基准人大常委会",
                        place="基准区")
    db.session.add(congress)
    db.session.commit()
    return congress.id


def build(n: int, rng: random.Random) -> float:
    """n suggestions in the congress in scope, indexed by the flush listener; returns the seconds."""
    author = User(username="bench", name="基准代表", password_hash="x", email="bench@example.test")
    author.role_rows = [UserRole(role=Role.DEPUTY)]
    db.session.add(author)
    db.session.flush()
    started = time.perf_counter()
    for start in range(0, n, 500):
        for _ in range(start, min(n, start + 500)):
            title, reasons, proposals = fake(rng)
            db.session.add(Suggestion(author_id=author.id, channel=Channel.BETWEEN, title=title,
                                      reasons=reasons, proposals=proposals))
        db.session.flush()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def timed(fn, args_list) -> list[float]:
    times = []
    for args in args_list:
        started = time.perf_counter()
        fn(db.session, *args)
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return f"{name}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"


def run(url: str, n: int, queries: int) -> None:
    from tracker.domain.reads.search import search, similar

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context(), scope(db.session, fresh_tables()):
        rng = random.Random(2026)
        seconds = build(n, rng)
        count = db.session.query(Suggestion).count()
        print(f"\n{db.engine.dialect.name}: {count} suggestions built and indexed in {seconds:.1f} s")
        drafts = [fake(rng) for _ in range(queries)]
        similar(db.session, drafts[0][0], drafts[0][1])  # warm up: jieba's dictionary, caches
        print(report(f"similar(title, text), {queries} drafts",
                     timed(lambda s, t, r, p: similar(s, t, r + p), drafts)))
        print(report(f"similar(title only), {queries} drafts",
                     timed(lambda s, t, r, p: similar(s, t, ""), drafts)))
        # Quality, roughly: the same template at the same place exists, so it should come first.
        hits = sum(1 for t, r, p in drafts if (found := similar(db.session, t, r + p))
                   and found[0][0].title == t)
        print(f"top match has the draft's title: {hits}/{queries}")
        words = ["公交", "物业", "停车", "老旧小区", "养老", "学校", "垃圾分类", "路灯"] * 7
        print(report(f"search(word), {len(words)} queries",
                     timed(lambda s, w: search(s, w, limit=50), [(w,) for w in words])))
        db.session.remove()
        db.engine.dispose()


def pg_reachable(url: str) -> bool:
    import psycopg
    import sqlalchemy as sa

    target = sa.make_url(url)
    server = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=3) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                 (target.database,)).fetchone():
                admin.execute(f'CREATE DATABASE "{target.database}"')
    except psycopg.OperationalError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="a tiny run, no figures (bench/smoke.py)")
    args = parser.parse_args()
    if args.smoke:
        args.n, args.queries = 200, 5
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.db", args.n, args.queries)
    if args.no_pg:
        return
    if pg_reachable(args.pg):
        run(args.pg, args.n, args.queries)
    else:
        print(f"\nPostgreSQL at {args.pg} is not reachable; skipped")


if __name__ == "__main__":
    main()
