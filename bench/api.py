"""Benchmark: /api/v1 reads (one suggestion, one list page) under 20 connections, beside a bare Flask
endpoint that returns the same JSON from memory.

Usage:
    .venv/bin/python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f_10k 10000
    .venv/bin/python bench/api.py [--seconds 10] [--workers 3] [--runs 3] \
        postgresql+psycopg://postgres@127.0.0.1:5432/bench_f_10k
    .venv/bin/python bench/api.py --profile URL     # cProfile of one request of each, in process

The two reads are GET /api/v1/suggestions/<id> (a replied suggestion with co-handling units, as
the office sees it: assignments, replies, evaluations, deadlines, promises, offers) and GET
/api/v1/suggestions (the first page of 50, as the office). First their bodies are taken from the app
(signed in as bench/generate.py's office user); then gunicorn (sync workers pinned to core 0, as
bench/lists.py) serves `bench.api:bare_app`, which answers the same two paths with those bodies
from memory through jsonify, and the app itself; `hey` pinned to core 1 sends 20 connections with no
think time for --seconds per URL. Each run measures the bare endpoint and the API side by side, one
read after the other; the figure is the median of --runs runs and the API's share of the bare
endpoint's requests/s (the goal: at least 40%). The API's rate limit is lifted for the run
(TRACKER_API_RATE_LIMIT): one signed-in caller at hundreds of requests a second is what it stops.
`--smoke URL` (bench/smoke.py, on a database `bench/generate.py --smoke` filled): one gunicorn
worker, a few requests from this process instead of hey, one run, the profile once; no figures
asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, jsonify

from bench.lists import OFFICE_USER_ID, hey, serve, session_cookie, stop

ROOT = Path(__file__).resolve().parent.parent

SNAPSHOT = "BENCH_API_SNAPSHOT"  # the bodies the bare app serves: a JSON file's path
GOAL = 0.40
# The parts of a request the profile shows on their own: before the view (sign-in, congress, rate
# limit), the loads, the engine's offers, marshmallow's dump, jsonify.
PARTS = ("preprocess_request|schema.py.*\\(dump\\)|load_dossier|engine.py.*offers|list_page|"
         "shapes.py.*detail|load_suggestion|jsonify|process_response")

bare_app = Flask("bare_api")
_BODIES: dict[str, object] = {}
if os.environ.get(SNAPSHOT):
    _BODIES.update(json.loads(Path(os.environ[SNAPSHOT]).read_text()))


@bare_app.route("/item")
def bare_item():
    return jsonify(_BODIES["item"])


@bare_app.route("/list")
def bare_list():
    return jsonify(_BODIES["list"])


def pick_item(db_url: str) -> int:
    """A replied suggestion with more than one unit (the richest page), else any suggestion."""
    import psycopg
    import sqlalchemy as sa

    conninfo = sa.make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "SELECT s.id FROM suggestion s WHERE s.state IN ('replied', 'closed') AND EXISTS "
            "(SELECT 1 FROM reply r WHERE r.suggestion_id = s.id) AND (SELECT count(*) FROM "
            "assignment a WHERE a.suggestion_id = s.id) > 1 ORDER BY s.id LIMIT 1").fetchone()
        row = row or conn.execute("SELECT min(id) FROM suggestion").fetchone()
    return row[0]


def paths(item_id: int) -> dict[str, tuple[str, str]]:
    """label -> (the API's path, the bare app's path)."""
    return {"one suggestion": (f"/api/v1/suggestions/{item_id}", "/item"),
            "list page (50)": ("/api/v1/suggestions", "/list")}


def app_for(db_url: str):
    from tracker import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": db_url,
                       "API_RATE_LIMIT": "1000000/minute"})


def snapshot(db_url: str, item_id: int) -> dict:
    """The two bodies as the app answers them (and proof that it does: 200s only)."""
    from bench.signin import signed_in_client

    client = signed_in_client(app_for(db_url), OFFICE_USER_ID)
    out = {}
    for key, (path, _) in zip(("item", "list"), paths(item_id).values(), strict=True):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.get_data()[:300])
        out[key] = response.get_json()
    assert len(out["list"]["items"]) >= 1
    return out


def warm(url: str, cookie: str | None) -> int:
    """Five requests to warm the workers; the body's size in bytes."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": f"session={cookie}"} if cookie else {})
    for _ in range(5):
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, response.status
            body = response.read()
    return len(body)


def run(db_url: str, seconds: int, workers: int, runs: int, load=hey) -> list[dict]:
    """`runs` rounds; in each, every read is measured on the bare app, then on the API."""
    secret = "bench-secret"
    item_id = pick_item(db_url)
    bodies = snapshot(db_url, item_id)
    results = []
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(bodies, f)
    env = {**os.environ, "TRACKER_SECRET_KEY": secret, "PYTHONPATH": str(ROOT), SNAPSHOT: f.name,
           "TRACKER_DATABASE_URL": db_url, "TRACKER_API_RATE_LIMIT": "1000000/minute"}
    servers = []
    try:
        bare, bare_port = serve("bench.api:bare_app", env, workers)
        servers.append(bare)
        api, api_port = serve("tracker:create_app()", env, workers)
        servers.append(api)
        cookie = session_cookie(secret, db_url, OFFICE_USER_ID)
        for n in range(1, runs + 1):
            for label, (api_path, bare_path) in paths(item_id).items():
                for kind, port, path, sent in (("bare", bare_port, bare_path, None),
                                               ("api", api_port, api_path, cookie)):
                    url = f"http://127.0.0.1:{port}{path}"
                    size = warm(url, sent)
                    results.append({"run": n, "read": label, "kind": kind, "bytes": size,
                                    **load(url, seconds, sent)})
                    print(results[-1], file=sys.stderr)
    finally:
        for proc in servers:
            stop(proc)
        os.unlink(f.name)
    return results


def table(results: list[dict]) -> str:
    """Median requests/s (and p50/p95 of the median run) per read, bare vs API, and the ratio."""
    lines = ["| read | bare Flask req/s | API req/s | API / bare | API p50 ms | API p95 ms | bytes "
             "| responses (API) |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for label in dict.fromkeys(r["read"] for r in results):
        bare = [r for r in results if r["read"] == label and r["kind"] == "bare"]
        api = [r for r in results if r["read"] == label and r["kind"] == "api"]
        bare_rps = statistics.median(r["rps"] for r in bare)
        api_rps = statistics.median(r["rps"] for r in api)
        middle = sorted(api, key=lambda r: r["rps"])[len(api) // 2]
        codes = {}
        for r in api:
            for k, v in r["codes"].items():
                codes[k] = codes.get(k, 0) + int(v)
        ratio = api_rps / bare_rps if bare_rps else float("nan")
        lines.append(f"| {label} | {bare_rps:.0f} | {api_rps:.0f} | {ratio:.0%}"
                     f"{'' if ratio >= GOAL else ' (under 40%)'} | {middle['p50']:.0f} | "
                     f"{middle['p95']:.0f} | {middle['bytes']:,} | "
                     f"{', '.join(f'{k}×{v}' for k, v in sorted(codes.items()))} |")
    runs = ", ".join(f"{r['read']} {r['kind']} {r['rps']:.0f}" for r in results)
    return "\n".join(lines) + f"\n\nEach run's requests/s: {runs}."


def _cpu_ms(client, path: str, repeat: int) -> float:
    """The median process CPU time of one request through a test client, in milliseconds: what the
    load of other processes on the machine hardly moves (the wall clock is the load's)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        assert client.get(path).status_code == 200, path
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def profile(db_url: str, repeat: int = 20, top: int = 25) -> str:
    """Per read: the CPU time of one request in process beside the bare endpoint's, the SQL's share,
    and the cProfile of `repeat` requests (after a warm-up): where an API read's time goes."""
    from sqlalchemy import event

    from bench.signin import signed_in_client
    from tracker.extensions import db

    app = app_for(db_url)
    client = signed_in_client(app, OFFICE_USER_ID)
    item_id = pick_item(db_url)
    bare_app.config["TESTING"] = True
    _BODIES.update(snapshot(db_url, item_id))
    bare = bare_app.test_client()
    with app.app_context():
        engine = db.engine
    sql: list[float] = []

    def before(conn, cursor, statement, params, context, many):
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, params, context, many):
        sql.append(time.perf_counter() - conn.info["started"])
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    out = []
    try:
        for label, (path, bare_path) in paths(item_id).items():
            for _ in range(3):
                client.get(path)
                bare.get(bare_path)
            floor = _cpu_ms(bare, bare_path, repeat)
            sql.clear()
            cpu = _cpu_ms(client, path, repeat)
            statements, sql_ms = len(sql) // repeat, sum(sql) * 1000 / repeat
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(repeat):
                client.get(path)
            prof.disable()
            text = io.StringIO()
            pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(top)
            pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(PARTS, 12)
            out.append(f"## {label} ({path}): {cpu:.1f} ms of CPU a request in process (the bare "
                       f"endpoint: {floor:.1f} ms); SQL {sql_ms:.1f} ms of wall in {statements} "
                       "statements\n" + text.getvalue())
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return "\n".join(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="only the in-process profile")
    parser.add_argument("--smoke", action="store_true", help="a few requests, no figures (bench/smoke.py)")
    args = parser.parse_args()
    if args.smoke:
        from bench.smoke import few_requests

        print(table(run(args.url, 1, 1, 1, load=few_requests)))
        print(profile(args.url, repeat=1, top=5))
    elif args.profile:
        print(profile(args.url))
    else:
        print(table(run(args.url, args.seconds, args.workers, args.runs)))
