"""Benchmark: peak memory and time of an XLSX export of 10,000 and 100,000 suggestions.

Usage:
    .venv/bin/python bench/export.py postgresql+psycopg://postgres@127.0.0.1:5432/bench_f

Each size runs in a fresh process (so ru_maxrss, the process's high-water mark, belongs to that
export alone): the rows stream through a server-side cursor (yield_per) into openpyxl's
write-only workbook, the same code path as the background job (tracker.domain.exchange.exports). Reports
tracemalloc's peak of Python allocations during the export, the resident-set high-water mark
before and after (measured in a run without tracemalloc, which slows every allocation several
times, so the time is given for both runs), and the file size. Constant memory means the 100,000-row peak is
about the 10,000-row peak. `--smoke URL` (bench/smoke.py) exports 200 rows, once in each mode, so
that a change that breaks the script fails the build; its figures mean nothing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONGRESS_ID = 1  # bench/generate.py's one congress


def measure(url: str, rows: int, trace: bool = True) -> dict:
    from sqlalchemy import select

    from tracker import create_app
    from tracker.domain.exchange.exports import ITEM_COLUMNS, Sheet, item_rows, write_xlsx
    from tracker.domain.reads.listing import ordered
    from tracker.extensions import db
    from tracker.models import Suggestion
    from tracker.tenancy import scope

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context(), scope(db.session, CONGRESS_ID):  # as the export job runs
        base = ordered(select(Suggestion).where(Suggestion.id <= rows), "-updated")
        db.session.execute(select(Suggestion.id).limit(1)).all()  # connect before measuring
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.xlsx"
            count = write_xlsx(path, Sheet("items", [c.header("zh") for c in ITEM_COLUMNS],
                                           item_rows(db.session, base)))
            size = path.stat().st_size
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": count, "seconds": round(seconds, 1), "tracemalloc_peak_mb": round(peak / 2**20, 1),
            "maxrss_before_mb": round(rss_before / 1024, 1), "maxrss_after_mb": round(rss_after / 1024, 1),
            "file_mb": round(size / 2**20, 1)}


def child(url: str, n: int, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, url, str(n), mode], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) == 4:  # the child: one size, one process
        print(json.dumps(measure(sys.argv[1], int(sys.argv[2]), trace=sys.argv[3] == "trace")))
        sys.exit()
    sizes = (10_000, 100_000)
    if len(sys.argv) == 3 and sys.argv[1] == "--smoke":
        sizes = (200,)
        del sys.argv[1]
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print("| rows | seconds | seconds under tracemalloc | tracemalloc peak MB "
          "| max RSS before → after MB | file MB |")
    print("|---:|---:|---:|---:|---|---:|")
    for n in sizes:
        plain, traced = child(sys.argv[1], n, "plain"), child(sys.argv[1], n, "trace")
        print(f"| {plain['rows']:,} | {plain['seconds']} | {traced['seconds']} | "
              f"{traced['tracemalloc_peak_mb']} | {plain['maxrss_before_mb']} → {plain['maxrss_after_mb']} | "
              f"{plain['file_mb']} |")
