"""Every benchmark in bench/ at a tiny size, so that a change that breaks one fails the build.

    .venv/bin/python -m bench.smoke                                # SQLite, plus PostgreSQL if asked
    TRACKER_TEST_DB=postgres .venv/bin/python -m bench.smoke       # `make bench-smoke` does this

Each script runs in its own process with `--smoke` (a few hundred rows, about a second of load, no
figures asserted); any exit status but 0 fails the run. No external load tool is needed: hey's part
is played by a few requests from the benchmark's own process. Scripts that read the generated data
(bench/generate.py writes it with PostgreSQL's generate_series) or need its features (VACUUM,
SKIP LOCKED) run only against PostgreSQL, in databases named after TRACKER_TEST_PG_URL's with a
suffix (`<name>_bench`, `<name>_bench_reminders`, `<name>_bench_search`, dropped and rebuilt each run).
A PostgreSQL that cannot be reached is skipped, unless CI=true, where it fails, as in the tests.
A script in bench/ without a line in PLAN fails the run too, so a new benchmark gets a smoke mode.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # as tests/conftest.py
TIMEOUT = 120  # seconds per script: a hang fails instead of stalling the build

# (script, the database it runs on, its arguments; {db} {reminders} {search} {roster} are the smoke
# databases),
# in stages whose scripts run side by side (mostly waiting on the database, so two cores suffice):
# generate.py fills {db} for the second stage.
PLAN = [
    [("generate.py", "postgres", ["--smoke", "{db}"]),
     ("similarity.py", "sqlite", ["--smoke", "--no-pg"]),
     ("similarity.py", "postgres", ["--smoke", "--no-sqlite", "--pg", "{search}"]),
     ("reminders.py", "postgres", ["--smoke", "--url", "{reminders}"]),
     ("roster_import.py", "postgres", ["--smoke", "{roster}"]),
     ("signin_timing.py", "sqlite", ["--smoke"])],
    [("dashboard.py", "postgres", ["--smoke", "{db}"]),
     ("export.py", "postgres", ["--smoke", "{db}"]),
     ("lists.py", "postgres", ["--smoke", "{db}"]),
     ("api.py", "postgres", ["--smoke", "{db}"])],
    # After dashboard.py, which rebuilds the rollup tables that these dashboard pages read;
    # audit_chain.py drops and refills the roster database, which roster_import.py has finished with.
    [("ab.py", "postgres", ["--smoke", "{db}"]),
     ("audit_chain.py", "postgres", ["--url", "{roster}", "--rows", "2000"])],
]


def few_requests(url: str, seconds: float, cookie: str | None, count: int = 3) -> dict:
    """Stands in for hey in a smoke run (bench/lists.py): a few requests one after another, the result
    in hey's shape; `seconds` is ignored."""
    request = urllib.request.Request(url, headers={"Cookie": f"session={cookie}"} if cookie else {})
    times, codes = [], {}
    started = time.perf_counter()
    for _ in range(count):
        t = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            codes[str(response.status)] = codes.get(str(response.status), 0) + 1
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"rps": count / (time.perf_counter() - started), "p50": times[len(times) // 2],
            "p95": times[-1], "p99": times[-1], "codes": codes}


def pg_urls() -> dict[str, str] | None:
    """The smoke databases beside the tests' one; None if PostgreSQL cannot be reached."""
    import psycopg

    base = sa.make_url(os.environ.get("TRACKER_TEST_PG_URL", PG_DEFAULT))
    server = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        print(f"smoke: PostgreSQL is not reachable: {exc}".strip(), file=sys.stderr)
        return None
    name = f"{base.database}_bench"
    return {key: base.set(database=name + suffix).render_as_string(hide_password=False)
            for key, suffix in (("db", ""), ("reminders", "_reminders"), ("search", "_search"),
                                ("roster", "_roster"))}


def run_stage(steps: list[tuple[str, str, list[str]]]) -> list[str]:
    """Starts the steps side by side, waits for all; the failed ones, with their output printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    running = []
    for script, kind, args in steps:
        log = tempfile.TemporaryFile(mode="w+")
        proc = subprocess.Popen([sys.executable, str(BENCH / script), *args], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, text=True)
        running.append((f"{script} ({kind})", proc, log))
    failed = []
    for name, proc, log in running:
        try:
            status = proc.wait(timeout=max(1, TIMEOUT - (time.perf_counter() - started)))
        except subprocess.TimeoutExpired:
            proc.kill()
            status = f"killed after {TIMEOUT} s"
        log.seek(0)
        if status != 0:
            failed.append(name)
            print(log.read()[-6000:], file=sys.stderr)
        log.close()
        print(f"smoke: {name:26} {'ok' if status == 0 else f'FAILED ({status})'} "
              f"after {time.perf_counter() - started:.1f} s", flush=True)
    return failed


def main() -> int:
    started = time.perf_counter()
    # signin.py: the signed-in clients the benchmarks share, no benchmark of its own.
    scripts = {p.name for p in BENCH.glob("*.py")} - {"smoke.py", "__init__.py", "signin.py"}
    missing = sorted(scripts - {script for stage in PLAN for script, _, _ in stage})
    if missing:
        print(f"smoke: no smoke line in bench/smoke.py PLAN for {', '.join(missing)}", file=sys.stderr)
        return 1
    kinds = ["sqlite"]
    urls: dict[str, str] = {}
    if os.environ.get("TRACKER_TEST_DB") == "postgres":
        found = pg_urls()
        if found:
            kinds.append("postgres")
            urls = found
        elif os.environ.get("CI") == "true":
            print("smoke: PostgreSQL is not reachable and CI=true", file=sys.stderr)
            return 1
    failed = []
    for stage in PLAN:
        for script, kind, _ in stage:
            if kind not in kinds:
                print(f"smoke: {script} ({kind}) skipped: TRACKER_TEST_DB=postgres asks for it")
        failed += run_stage([(script, kind, [a.format(**urls) for a in args])
                             for script, kind, args in stage if kind in kinds])
    print(f"smoke: {len(failed)} failed ({', '.join(failed) or 'none'}) "
          f"in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
