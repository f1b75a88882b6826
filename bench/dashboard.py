"""Benchmark: the dashboard page against the same SQL run raw, at 10,000 and 1,000,000 suggestions.

Usage (databases filled by bench/generate.py; never point this at a database you care about):
    .venv/bin/python bench/dashboard.py [--runs 40] \
        postgresql+psycopg://postgres@127.0.0.1:5432/bench_e_10k \
        postgresql+psycopg://postgres@127.0.0.1:5432/bench_e

For each database: create the rollup tables if missing and refresh them (timed: that is the Celery
task's work), then request each page (the dashboard, filtered and not, the report and drill-down lists)
through Flask's test client in this process, signed in as the supervisor, --runs times after 3 warm-up
requests, and time the whole request (queries, folding, Jinja). The refreshed tables are then vacuumed
and analysed, as autovacuum does soon after a refresh. The raw-SQL floor replays, on one psycopg
connection in the same run, exactly the statements the page sent (recorded once with a SQLAlchemy event
listener), --runs times. The live variant reads every suggestion (no rollups) and is timed a few times
for comparison only.
Prints a Markdown table for docs/BENCHMARKS.md. `--smoke URL` (bench/smoke.py, on a database that
`bench/generate.py --smoke` filled) requests every page once after one warm-up and runs each timed
part once, so that a change that breaks the script fails the build; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SUPERVISOR_ID = 1002  # bench/generate.py's supervisor
CONGRESS_ID = 1  # bench/generate.py's one congress; a request picks it from the user's roles
NOW = datetime(2026, 11, 26, 2, tzinfo=UTC)
WARMUP = 3  # requests before timing; one in a smoke run
PAGES = ["/dashboard", "/dashboard?year=2026", "/dashboard?unit_id=3", "/dashboard?year=2025&group_id=2",
         "/reports/yearly?year=2026",
         # Drill-down lists (first page of 50, and a page halfway down the longest list): a common
         # count, a rate's numerator, rare facts under filters, a tally (counted, not read from the rollup).
         "/dashboard/items?key=assigned", "/dashboard/items?key=reply_rate&part=num",
         "/dashboard/items?key=total&after={half}", "/dashboard/items?key=overdue&year=2026",
         "/dashboard/items?key=key&unit_id=3", "/dashboard/items?key=assigned&year=2025&group_id=2",
         "/dashboard/items?key=promises_open"]


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(v: float) -> str:
    return f"{v * 1000:.1f} ms"


def make_app(url: str, summary_from: int):
    from tracker import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "CLOCK_NOW": NOW.isoformat(), "TESTING": False,
                       "METRICS_SUMMARY_MIN_ITEMS": summary_from})


def signed_in(app):
    from bench.signin import signed_in_client

    return signed_in_client(app, SUPERVISOR_ID)


def refresh(app) -> tuple[float, int]:
    from tracker.domain.metrics.summary import refresh_summary
    from tracker.extensions import db
    from tracker.models.metrics import metric_item, metric_list, metric_refresh, metric_rollup, metric_trend
    from tracker.tenancy import scope

    with app.app_context():
        # A bench database is disposable: the rollup tables are rebuilt as the models define them.
        tables = [metric_rollup, metric_trend, metric_refresh, metric_item, metric_list]
        db.metadata.drop_all(db.engine, tables=tables)
        db.metadata.create_all(db.engine, tables=tables)
        db.metadata.create_all(db.engine)  # tables added since the data was generated, empty
        started = time.perf_counter()
        with scope(db.session, CONGRESS_ID):  # as the Celery task does, per congress
            refresh_summary(db.session, NOW.date(), NOW)
        db.session.commit()
        seconds = time.perf_counter() - started
        items = db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("suggestion")))
    # The tables as autovacuum leaves them soon after a refresh (every row is new): planner statistics,
    # and the visibility map that lets a count read an index alone.
    conninfo = sa.make_url(str(app.config["SQLALCHEMY_DATABASE_URI"])).set(drivername="postgresql")
    with psycopg.connect(conninfo.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE metric_item, metric_list, metric_rollup, metric_trend")
    return seconds, items


def record(app, client, url: str) -> list[tuple[str, object]]:
    """The statements one request sends, with their parameters."""
    from tracker.extensions import db

    seen: list[tuple[str, object]] = []
    with app.app_context():
        engine = db.engine

    def listen(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))
    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    return seen


def time_page(client, url: str, runs: int) -> list[float]:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(url)
        out.append(time.perf_counter() - t)
        assert response.status_code == 200
    return out


def time_raw(url: str, statements, runs: int) -> list[float]:
    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    out = []
    with psycopg.connect(conninfo) as conn:
        for i in range(runs + WARMUP):
            t = time.perf_counter()
            with conn.cursor() as cur:
                for statement, params in statements:
                    cur.execute(statement, params or None)
                    if cur.description:
                        cur.fetchall()
            conn.rollback()
            if i >= WARMUP:
                out.append(time.perf_counter() - t)
    return out


def aggregate_sql(app) -> str:
    """The dashboard's totals computed straight from the base tables, as one raw SQL statement."""
    from tracker.domain.metrics.facts import MetricFilter, item_facts
    from tracker.extensions import db
    from tracker.models.metrics import FACTS
    from tracker.tenancy import scope

    with app.app_context(), scope(db.session, CONGRESS_ID):
        facts = item_facts(NOW.date()).subquery("facts")
        stmt = sa.select(*(sa.func.sum(facts.c[f]) for f in FACTS)).where(*MetricFilter().conditions(facts.c))
        return str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))


def time_sql(url: str, sql: str, runs: int) -> list[float]:
    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    out = []
    with psycopg.connect(conninfo) as conn:
        for _ in range(runs):
            t = time.perf_counter()
            conn.execute(sql).fetchall()
            out.append(time.perf_counter() - t)
    return out


def bench(url: str, runs: int, pages: list[str]) -> list[str]:
    app = make_app(url, summary_from=0)
    seconds, items = refresh(app)
    print(f"{url}: {items} suggestions, rollups refreshed in {seconds:.1f} s", flush=True)
    client = signed_in(app)
    rows = []
    for page in (page.format(half=items // 2) for page in pages):
        statements = record(app, client, page)
        page_times = time_page(client, page, runs)
        raw_times = time_raw(url, statements, runs)
        ratio = p(page_times, .95) / p(raw_times, .95)
        rows.append(f"| {items:,} | `{page}` | rollups | {len(statements)} | {ms(p(page_times, .5))} | "
                    f"{ms(p(page_times, .95))} | {ms(p(raw_times, .5))} | {ms(p(raw_times, .95))} | "
                    f"{ratio:.2f}× |")
        print(rows[-1], flush=True)
    raw = time_sql(url, aggregate_sql(app), min(runs, 3 if items > 100_000 else 10))
    rows.append(f"| {items:,} | totals from the base tables, raw SQL | — | 1 | "
                f"{ms(statistics.median(raw))} | {ms(max(raw))} | — | — | — |")
    print(rows[-1], flush=True)
    # At a million rows a live page costs minutes: five aggregates like the one above.
    if items <= 100_000 and "/dashboard" in pages:
        live = signed_in(make_app(url, summary_from=10**12))
        live_times = time_page(live, "/dashboard", min(runs, 10))
        rows.append(f"| {items:,} | `/dashboard` | live (no rollups), {len(live_times)} runs | — | "
                    f"{ms(statistics.median(live_times))} | {ms(max(live_times))} | — | — | — |")
        print(rows[-1], flush=True)
    rows.append(f"| {items:,} | rollup refresh (Celery task) | — | — | {seconds:.1f} s | — | — | — | — |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", default="", help="time only the pages whose address contains this")
    parser.add_argument("--smoke", action="store_true", help="every part once, no figures (bench/smoke.py)")
    args = parser.parse_args()
    if args.smoke:
        global WARMUP
        WARMUP, args.runs = 1, 1
    table = ["| Suggestions | Page | Source | Statements | Page p50 | Page p95 | Raw SQL p50 | Raw SQL p95 "
             "| p95 ÷ raw p95 |", "|" + "---|" * 9]
    for url in args.urls:
        table += bench(url, args.runs, [page for page in PAGES if args.only in page])
    print("\n".join(table))


if __name__ == "__main__":
    main()
