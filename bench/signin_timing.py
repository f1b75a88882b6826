"""How long a refused password sign-in takes: a known username with a wrong password, a username
nobody has, and an imported account without a password, through the app's /login with production's
argon2 parameters (the tests' cheap hash would hide the difference this measures).

    .venv/bin/python bench/signin_timing.py [--rounds 30] [--url postgresql+psycopg://…]
    .venv/bin/python bench/signin_timing.py --smoke

Before issue 14: known 110 ms, unknown 5 ms (argon2 ran for known usernames only). The throttles are
raised out of the way: this measures the answer, not the limiter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.models import Congress, User  # noqa: E402
from tracker.security import hash_password  # noqa: E402

NAMES = ("known", "nobody", "imported")


def once(client, username: str) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds (all threads: argon2 hashes on several) of one refusal."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post("/login", data={"username": username, "password": "wrong-guess-1"})
    assert response.status_code == 400, response.status_code
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def measure(client, rounds: int) -> dict[str, list[tuple[float, float]]]:
    """The three cases interleaved, in a turning order, so a busy machine slows them alike."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in NAMES}
    for i in range(rounds):
        for name in NAMES[i % 3:] + NAMES[:i % 3]:
            results[name].append(once(client, name))
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--url", default="")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    rounds = 2 if args.smoke else args.rounds
    folder = tempfile.mkdtemp()
    url = args.url or f"sqlite:///{os.path.join(folder, 'signin.db')}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": "100000 per minute",
                      "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute"})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        from tracker.setup import create_schema
        create_schema(now=datetime(2026, 1, 1, tzinfo=UTC))
        db.session.add(Congress(code="bench", name="测试市人民代表大会常务委员会",
                                short_name="测试市人大常委会", place="测试市"))
        db.session.add_all([User(username="known", name="甲", password_hash=hash_password("right-pass-1")),
                            User(username="imported", name="乙", password_hash="")])
        db.session.commit()
    client = app.test_client()
    measure(client, 1)  # warm up: templates compiled, the stand-in hash made
    results = measure(client, rounds)
    medians = {}
    for name, pairs in results.items():
        wall, cpu = sorted(p[0] for p in pairs), sorted(p[1] for p in pairs)
        medians[name] = statistics.median(wall), statistics.median(cpu)
        print(f"{name:9} wall median {medians[name][0]:6.1f} ms (min {wall[0]:6.1f}, max {wall[-1]:6.1f})  "
              f"CPU median {medians[name][1]:6.1f} ms  ({rounds} wrong sign-ins)")
    print(f"unknown minus known: wall {medians['nobody'][0] - medians['known'][0]:+.1f} ms, "
          f"CPU {medians['nobody'][1] - medians['known'][1]:+.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
