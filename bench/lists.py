"""Benchmark: the list pages (50 rows, filters, sorting, keyset) under 20 connections.

Usage:
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f 1000000
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f_10k 10000
    .venv/bin/python bench/lists.py [--seconds 15] [--workers 3] [--pages items|queues|all] \
        postgresql+psycopg://postgres@127.0.0.1:5432/bench_f_10k \
        postgresql+psycopg://postgres@127.0.0.1:5432/bench_f

gunicorn serves the app on each database (sync workers pinned to core 0; PostgreSQL is not
pinned), and `hey` (Debian package `hey`) pinned to core 1 sends 20 concurrent connections with
no think time for --seconds per URL, signed in as the office through a session cookie signed with
the app's key; each page is measured on every database in turn, so that a change of the machine's
load in the run falls on both sizes alike. First, the same gunicorn setup serves
`bench.lists:bare_app`, a Flask page that renders 50 rows of the same shape from memory with no
database: the ceiling the list page is measured against.
`--pages queues` measures the units' inbox (as the handler of the unit with the most assignments),
the review queue (office and a group leader) and batch routing instead of /items, each on page
one, filtered and on a deep keyset page (the 20th, found by following the next links).
Prints a Markdown table (p50, p95, p99, requests/s) for docs/BENCHMARKS.md. With --sequential,
times single requests in process instead (the page's own cost and its SQL share, per database).
`--smoke URL` (bench/smoke.py, on a database `bench/generate.py --smoke` filled) runs every page once
in process, then serves the list pages with one gunicorn worker and sends each a few requests from
this process instead of hey: a change that breaks the script fails the build; no figures asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, render_template_string

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 20
OFFICE_USER_ID = 1001  # bench/generate.py's office user
UNIT_USER_ID = 1208  # bench/generate.py's handler of unit 8, the unit with the most assignments
GROUP_LEADER_ID = 1  # leads deputy group 1 (bench/generate.py)
CONGRESS_ID = 1  # bench/generate.py's one congress; a request picks it from the user's roles


def item_pages(cursor: str) -> dict[str, tuple[str, int]]:
    """The /items lines: label -> (path, signed-in user id)."""
    return {"/items (latest change first)": ("/items", OFFICE_USER_ID),
            "/items?state=in_handling&sort=-created": ("/items?state=in_handling&sort=-created",
                                                       OFFICE_USER_ID),
            "/items?category=3&unit=22 (filters)": ("/items?category=3&unit=22", OFFICE_USER_ID),
            "/items?after=<middle of the list> (keyset)": (f"/items?after={cursor}", OFFICE_USER_ID)}


def queue_pages(db_url: str) -> dict[str, tuple[str, int]]:
    """The inbox, review queue and batch routing lines, each with a deep keyset page."""
    deep = "?after=<page 20 or the last>"
    return {"/inbox (unit 8, most urgent first)": ("/inbox", UNIT_USER_ID),
            "/inbox?urgency=overdue&role=lead": ("/inbox?urgency=overdue&role=lead", UNIT_USER_ID),
            f"/inbox{deep}": (f"/inbox?after={deep_page(db_url, '/inbox', UNIT_USER_ID)}", UNIT_USER_ID),
            "/review (office, oldest first)": ("/review", OFFICE_USER_ID),
            "/review?min_waiting=20": ("/review?min_waiting=20", OFFICE_USER_ID),
            f"/review{deep}": (f"/review?after={deep_page(db_url, '/review', OFFICE_USER_ID)}",
                               OFFICE_USER_ID),
            "/review (group leader 1)": ("/review", GROUP_LEADER_ID),
            "/office/routing (50-row batch form)": ("/office/routing", OFFICE_USER_ID),
            f"/office/routing{deep}": (
                f"/office/routing?after={deep_page(db_url, '/office/routing', OFFICE_USER_ID)}",
                OFFICE_USER_ID)}


def deep_page(db_url: str, path: str, user_id: int, pages: int = 20) -> str:
    """The cursor of page `pages` of a list, found by following its own next links."""
    from tracker import create_app
    from tracker.clock import now
    from tracker.extensions import db
    from tracker.models import User
    from tracker.tenancy import scope
    from tracker.web.labels import today

    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True})
    with app.app_context(), app.test_request_context(), scope(db.session, CONGRESS_ID):
        user = db.session.get(User, user_id)
        cursor = None
        for _ in range(pages - 1):
            if path == "/inbox":
                from tracker.domain.reads.inbox import unit_inbox
                nxt = unit_inbox(db.session, user.unit_id, today(), after=cursor).next_cursor
            elif path == "/review":
                from tracker.domain.reads.review_queue import review_queue
                nxt = review_queue(db.session, user, now(), after=cursor).next_cursor
            else:
                from tracker.domain.steps.routing import routing_page
                nxt = routing_page(db.session, after=cursor).next_cursor
            if nxt is None:
                break
            cursor = nxt
        db.session.remove()
    return cursor or ""

BARE_TEMPLATE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>全部建议</title></head><body><h1>全部建议</h1><table id="items"><thead><tr>
<th>建议</th><th>领衔代表</th><th>状态</th><th>承办</th><th>期限</th><th>更新</th></tr></thead><tbody>
{% for r in rows %}<tr data-item="{{ r.id }}"><td><a href="/items/{{ r.id }}">{{ r.title }}</a>
<div class="small">{{ r.number }} · {{ r.channel }}</div></td><td>{{ r.deputy }}</td>
<td><span class="state-badge">{{ r.state }}</span></td><td>{{ r.holder }}</td><td>{{ r.due }}</td>
<td>{{ r.updated.strftime('%Y-%m-%d %H:%M') }}</td></tr>{% endfor %}
</tbody></table><a rel="next" href="/items?after={{ cursor }}">下一页</a></body></html>"""


def _bare_rows() -> list[dict]:
    start = datetime(2026, 11, 25, tzinfo=UTC)
    return [{"id": 1_000_000 - n, "title": f"关于韵家口镇公交线路第{n}条问题的建议",
             "number": f"第八次会议第{n:03d}号", "channel": "大会期间建议", "deputy": f"代表{n}",
             "state": "办理中", "holder": "承办单位：区住房和城乡建设局", "due": "2026-12-20",
             "updated": start - timedelta(minutes=n)} for n in range(50)]


bare_app = Flask("bare")
_ROWS = _bare_rows()


@bare_app.route("/items")
def bare_items():
    return render_template_string(BARE_TEMPLATE, rows=_ROWS, cursor="WyIyMDI2LTExLTI1IiwgMV0")


def session_cookie(secret: str, db_url: str, user_id: int = OFFICE_USER_ID) -> str:
    """A Flask session cookie of this user signed in, as the app writes it: a login row in the
    database named by the cookie (bench.signin), signed with the app's key."""
    from flask.sessions import SecureCookieSessionInterface

    from bench.signin import session_values
    from tracker import create_app

    values = session_values(create_app({"SQLALCHEMY_DATABASE_URI": db_url}), user_id)
    app = Flask("cookie")
    app.secret_key = secret
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.dumps(values)


def deep_cursor(url: str) -> str:
    """The keyset cursor of a page half-way down the whole list (the default sort)."""
    import psycopg
    import sqlalchemy as sa

    from tracker.domain.reads.listing import encode_cursor

    conninfo = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        total = conn.execute("SELECT count(*) FROM suggestion").fetchone()[0]
        updated, item_id = conn.execute(
            "SELECT updated_at, id FROM suggestion ORDER BY updated_at DESC, id DESC OFFSET %s LIMIT 1",
            [total // 2]).fetchone()
    return encode_cursor(updated, item_id)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        ["taskset", "-c", "0", sys.executable, "-m", "gunicorn", "-w", str(workers), "-b",
         f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"gunicorn did not start for {target}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def hey(url: str, seconds: int, cookie: str | None) -> dict:
    cmd = ["taskset", "-c", "1", "hey", "-z", f"{seconds}s", "-c", str(CONNECTIONS)]
    if cookie:
        cmd += ["-H", f"Cookie: session={cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout

    def num(pattern: str) -> float:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else float("nan")
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", out))
    return {"rps": num(r"Requests/sec:\s+([\d.]+)"), "p50": num(r"50% in ([\d.]+) secs") * 1000,
            "p95": num(r"95% in ([\d.]+) secs") * 1000, "p99": num(r"99% in ([\d.]+) secs") * 1000,
            "codes": codes}


def warm(url: str, cookie: str | None, full: bool = True) -> int:
    """Five requests to warm the workers; the number of rows the page lists (50 if `full`)."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"session={cookie}"} if cookie else {})
    for _ in range(5):
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, response.status
            body = response.read().decode()
    rows = len(re.findall(r'<tr data-item=', body))
    assert rows >= (50 if full else 1), f"{url} lists {rows} rows"
    return rows


def count_rows(db_url: str) -> int:
    import psycopg
    import sqlalchemy as sa

    conninfo = sa.make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        return conn.execute("SELECT count(*) FROM suggestion").fetchone()[0]


def run(urls: list[str], seconds: int, workers: int, which: str = "items",
        caches: tuple[str, ...] = ("off", "on"), load=hey) -> list[dict]:
    """The bare page first, then each list page on every database in turn, so that a change in the
    machine's load during the run falls on both sizes alike; each with the page cache off (every
    request draws the list) and on (hey asks for one URL, so all but the first are reused).
    `load` sends the requests (hey; a few from this process in a smoke run, which lists fewer rows)."""
    full = load is hey
    secret = "bench-secret"
    results = []
    base_env = {**os.environ, "TRACKER_SECRET_KEY": secret, "PYTHONPATH": str(ROOT)}
    servers = []
    try:
        proc, port = serve("bench.lists:bare_app", base_env, workers)
        servers.append(proc)
        warm(f"http://127.0.0.1:{port}/items", None)
        results.append({"db": "none", "page": "bare Flask, 50 rows from memory", "shown": 50,
                        **load(f"http://127.0.0.1:{port}/items", seconds, None)})
        stop(proc)
        apps = []
        for cache in caches:
            for db_url in urls:
                env = {**base_env, "TRACKER_DATABASE_URL": db_url, "TRACKER_PAGE_CACHE": cache}
                proc, port = serve("tracker:create_app()", env, workers)
                servers.append(proc)
                apps.append((cache, f"{count_rows(db_url):,}", port, pages_for(db_url, which), db_url))
        for label in apps[0][3]:
            for cache, rows, port, pages, db_url in apps:
                path, user_id = pages[label]
                url = f"http://127.0.0.1:{port}{path}"
                cookie = session_cookie(secret, db_url, user_id)
                shown = warm(url, cookie, full=full and which == "items")
                results.append({"db": rows, "page": label, "cache": cache, "shown": shown,
                                **load(url, seconds, cookie)})
                print(results[-1], file=sys.stderr)
    finally:
        for proc in servers:
            stop(proc)
    return results


def pages_for(db_url: str, which: str) -> dict[str, tuple[str, int]]:
    out = {}
    if which in ("items", "all"):
        out |= item_pages(deep_cursor(db_url))
    if which in ("queues", "all"):
        out |= queue_pages(db_url)
    return out


def _timed(client, path: str) -> float:
    """One request through a test client, in milliseconds; anything but a 200 stops the run."""
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - started) * 1000


def sequential(urls: list[str], repeat: int = 30, which: str = "items", warmup: int = 3) -> str:
    """One request at a time through the Flask test client (no HTTP, no concurrency): what a page
    costs on its own, and how much of it is SQL, per database."""
    from sqlalchemy import event

    from bench.signin import signed_in_client
    from tracker import create_app
    from tracker.extensions import db

    lines = ["| suggestions | page | median ms | p95 ms | SQL ms (median) | statements |",
             "|---:|---|---:|---:|---:|---:|"]
    # The floor, in the same run: the same test client and 50 rows of the same shape, no database.
    bare = bare_app.test_client()
    for _ in range(warmup):
        bare.get("/items")
    times = sorted(_timed(bare, "/items") for _ in range(repeat))
    lines.append(f"| none | bare Flask, 50 rows from memory | {times[len(times) // 2]:.0f} | "
                 f"{times[int(len(times) * 0.95)]:.0f} | — | 0 |")
    for db_url in urls:
        app = create_app({"SQLALCHEMY_DATABASE_URI": db_url, "TESTING": True})
        clients = {}

        def client_for(user_id, app=app, clients=clients):
            if user_id not in clients:
                clients[user_id] = signed_in_client(app, user_id)
            return clients[user_id]
        sql: list[float] = []
        with app.app_context():
            engine = db.engine

        def before(conn, cursor, statement, params, context, many):
            conn.info["started"] = time.perf_counter()

        def after(conn, cursor, statement, params, context, many, sql=sql):
            sql.append(time.perf_counter() - conn.info["started"])
        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        for label, (path, user_id) in pages_for(db_url, which).items():
            client = client_for(user_id)
            for _ in range(warmup):
                client.get(path)
            times, sql_times, counts = [], [], []
            for _ in range(repeat):
                sql.clear()
                times.append(_timed(client, path))
                sql_times.append(sum(sql) * 1000)
                counts.append(len(sql))
            times.sort()
            sql_times.sort()
            lines.append(f"| {count_rows(db_url):,} | {label} | {times[len(times) // 2]:.0f} | "
                         f"{times[int(len(times) * 0.95)]:.0f} | {sql_times[len(sql_times) // 2]:.0f} | "
                         f"{max(counts)} |")
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    lines = ["| suggestions | page | page cache | rows shown | p50 ms | p95 ms | p99 ms | requests/s "
             "| responses |", "|---:|---|---|---:|---:|---:|---:|---:|---|"]
    for r in results:
        codes = ", ".join(f"{k}×{v}" for k, v in sorted(r["codes"].items()))
        lines.append(f"| {r['db']} | {r['page']} | {r.get('cache', '—')} | {r.get('shown', 50)} | "
                     f"{r['p50']:.0f} | {r['p95']:.0f} | "
                     f"{r['p99']:.0f} | {r['rps']:.0f} | {codes} |")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pages", choices=("items", "queues", "all"), default="items",
                        help="items: /items; queues: /inbox, /review, /office/routing")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cache", choices=("off", "on", "both"), default="both",
                        help="the list fragment cache (TRACKER_PAGE_CACHE) of the served app")
    parser.add_argument("--sequential", action="store_true",
                        help="only time single requests in process (no gunicorn, no hey)")
    parser.add_argument("--smoke", action="store_true", help="every page once, no figures (bench/smoke.py)")
    args = parser.parse_args()
    if args.smoke:
        from bench.smoke import few_requests

        print(sequential(args.urls, 1, "all", warmup=0))
        print(table(run(args.urls, 1, 1, "items", ("off",), load=few_requests)))
    elif args.sequential:
        print(sequential(args.urls, args.repeat, args.pages))
    else:
        caches = ("off", "on") if args.cache == "both" else (args.cache,)
        print(table(run(args.urls, args.seconds, args.workers, args.pages, caches)))
