"""Benchmark: two versions of the app side by side, request by request, on a shared machine.

Usage (each database filled by its own tree's bench/generate.py; the tree's bench/lists.py and
bench/dashboard.py name the pages, so both trees must have them):
    git worktree add --detach /work/wt-before 2af7e8f
    .venv/bin/python bench/ab.py --before /work/wt-before=URL_BEFORE --after .=URL_AFTER \
        [--pages lists|dashboard|all] [--cache off|on] [--blocks 20] [--per-block 5]

One worker process per version (its tree first on PYTHONPATH) holds the app, signed-in test clients
and the pages as bench/lists.py --sequential and bench/dashboard.py request them. For every page the
driver asks the two workers in turn for a block of requests, before then after then after then
before (ABBA), --blocks times, so that the load of other processes on a shared machine falls on
both versions alike within seconds instead of on whichever ran later. Reports per page the
statements of one request, the median and p95 of wall time over every request, and the median of
the worker's CPU time (time.process_time: the Python side, which the machine's load hardly moves),
with the differences, and the bare Flask page (bench/lists.py's bare_app, no database) as the
floor of the same run. `--smoke URL` runs this tree against itself on a smoke database, one block
of one request (bench/smoke.py); its figures mean nothing.

The tenant criterion alone (issue 13): the same tree and database on both sides, the "before" worker
with the criterion's hook taken off the Session class (one congress in the database, so the pages
are the same), e.g.
    .venv/bin/python bench/ab.py --before .=URL --after .=URL --before-without-criterion
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker(url: str, cache: str, criterion: bool = True) -> None:
    """Serves timing requests on stdin/stdout: {"page": label, "n": k} -> the k requests' figures."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from bench import dashboard, lists
    from tracker import create_app
    from tracker.extensions import db

    try:
        from bench.signin import signed_in_client as client
    except ImportError:  # a tree from before logins were kept (issue 14): the user id alone signed in
        def client(app, user_id: int):
            c = app.test_client()
            with c.session_transaction() as s:
                s["_user_id"], s["_fresh"] = str(user_id), True
            return c

    statements = [0]

    list_app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "PAGE_CACHE": cache == "on"})
    dash_app = dashboard.make_app(url, summary_from=0)
    if not criterion:  # after create_app, which installs it
        from tracker import tenancy
        event.remove(Session, "do_orm_execute", tenancy._only_this_congress)
    for app in (list_app, dash_app):
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute",
                         lambda *_: statements.__setitem__(0, statements[0] + 1))
    pages = {"bare Flask, 50 rows from memory": (lists.bare_app.test_client(), "/items")}
    for label, (path, user_id) in lists.pages_for(url, "all").items():
        pages[label] = (client(list_app, user_id), path)
    half = lists.count_rows(url) // 2  # as bench/dashboard.py: a drill-down page halfway down
    for path in dashboard.PAGES:
        pages[f"`{path.replace('{half}', 'half')}`"] = (client(dash_app, dashboard.SUPERVISOR_ID),
                                                        path.format(half=half))
    print(json.dumps(list(pages)), flush=True)
    for line in sys.stdin:
        ask = json.loads(line)
        c, path = pages[ask["page"]]
        wall, cpu = [], []
        for _ in range(ask.get("warm", 0)):
            c.get(path)
        for _ in range(ask["n"]):
            statements[0] = 0
            w, p = time.perf_counter(), time.process_time()
            response = c.get(path)
            cpu.append((time.process_time() - p) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        print(json.dumps({"wall": wall, "cpu": cpu, "statements": statements[0]}), flush=True)


class Worker:
    def __init__(self, tree: str, url: str, cache: str, criterion: bool = True):
        tree = str(Path(tree).resolve())
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", url, "--cache", cache]
            + ([] if criterion else ["--without-criterion"]), cwd=tree, text=True,
            env={**os.environ, "PYTHONPATH": tree}, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.pages = json.loads(self.proc.stdout.readline())

    def time(self, page: str, n: int, warm: int = 0) -> dict:
        self.proc.stdin.write(json.dumps({"page": page, "n": n, "warm": warm}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def delta(before: float, after: float) -> str:
    return f"{(after - before) / before * 100:+.0f}%" if before else "—"


def compare(before: Worker, after: Worker, pages: list[str], blocks: int, per_block: int) -> list[str]:
    lines = ["| page | statements | median ms before → after | Δ | p95 ms before → after | Δ "
             "| CPU ms median before → after | Δ |", "|---|---|---|---:|---|---:|---|---:|"]
    for page in pages:  # every page warmed on both sides first: the first page measured paid for it
        for w in (before, after):
            w.time(page, 0, warm=3)
    for page in pages:
        got = {"before": {"wall": [], "cpu": []}, "after": {"wall": [], "cpu": []}}
        count = {}
        for block in range(blocks):
            order = (("before", before), ("after", after))
            for side, w in order if block % 2 == 0 else order[::-1]:
                r = w.time(page, per_block, warm=3 if block < 2 else 0)
                got[side]["wall"] += r["wall"]
                got[side]["cpu"] += r["cpu"]
                count[side] = r["statements"]
        b, a = got["before"], got["after"]
        mb, ma = statistics.median(b["wall"]), statistics.median(a["wall"])
        pb, pa = p95(b["wall"]), p95(a["wall"])
        cb, ca = statistics.median(b["cpu"]), statistics.median(a["cpu"])
        lines.append(f"| {page} | {count['before']} → {count['after']} | {mb:.1f} → {ma:.1f} "
                     f"| {delta(mb, ma)} | {pb:.1f} → {pa:.1f} | {delta(pb, pa)} "
                     f"| {cb:.1f} → {ca:.1f} | {delta(cb, ca)} |")
        print(lines[-1], file=sys.stderr, flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--before", help="TREE=URL")
    parser.add_argument("--after", help="TREE=URL")
    parser.add_argument("--pages", choices=("lists", "dashboard", "all"), default="all")
    parser.add_argument("--cache", choices=("off", "on"), default="off",
                        help="the list pages' fragment cache (TRACKER_PAGE_CACHE)")
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--per-block", type=int, default=5)
    parser.add_argument("--smoke", help="URL: this tree against itself, one request per page")
    parser.add_argument("--before-without-criterion", action="store_true",
                        help="the before worker runs with the tenant criterion's hook removed")
    parser.add_argument("--without-criterion", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.cache, criterion=not args.without_criterion)
    if args.smoke:
        args.before = args.after = f"{ROOT}={args.smoke}"
        args.blocks, args.per_block = 1, 1
    started, load = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), os.getloadavg()
    workers = [Worker(*args.before.split("=", 1), args.cache, not args.before_without_criterion),
               Worker(*args.after.split("=", 1), args.cache)]
    try:
        labels = workers[1].pages
        chosen = [p for p in labels if p.startswith("bare")
                  or (args.pages != "dashboard" and p.startswith("/"))
                  or (args.pages != "lists" and p.startswith("`"))]
        lines = compare(*workers, chosen, args.blocks, args.per_block)
    finally:
        for w in workers:
            w.close()
    print(f"Started {started} UTC, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; ended "
          f"{time.strftime('%H:%M:%S', time.gmtime())}, load average "
          + " ".join(f"{x:.1f}" for x in os.getloadavg())
          + f"; {args.blocks} blocks of {args.per_block} requests per side, ABBA; list cache {args.cache}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
