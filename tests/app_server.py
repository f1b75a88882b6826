"""The app served by a real HTTP server in a process of its own, as one machine of an install runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.s3_server import free_port
from tests.web.helpers import CHEAP_HASH
from tests.workers.test_worker import ROOT, _own_session_dying_with_parent, reachable, stop

__all__ = ["AppServer", "Hit", "answered", "csrf_of", "outcome", "phases", "stop", "under_load",
           "world_with_passwords"]
SAYS_RETRY = "数据库暂时无法连接"  # the 503 page's message (tracker.web.errors.unavailable)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def world_with_passwords(make):
    """The factory's world, committed, every user's password the tests' PASSWORD (a cheap hash)."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.models import User

    w = make.world()
    for user in db.session.scalars(select(User)):
        user.password_hash = CHEAP_HASH
    db.session.commit()
    return w


class AppServer:
    """`flask run` (werkzeug, threaded) on a free port, its own instance folder, the given settings."""

    def __init__(self, tmp_path: Path, name: str, settings: dict[str, str]):
        self.port, self.log = free_port(), tmp_path / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env.update(settings, TRACKER_INSTANCE=str(tmp_path / name), PYTHONPATH=str(ROOT))
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "tracker", "run", "--host", "127.0.0.1",
                 "--port", str(self.port), "--no-reload", "--no-debugger"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_own_session_dying_with_parent)
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, timeout: float = 60.0) -> AppServer:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited: {self.log.read_text()[-3000:]}")
            if reachable(self.port):
                return self
            time.sleep(0.2)
        raise RuntimeError(f"the app did not listen in {timeout} s: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        stop(self.proc)

    def sign_in(self, http: requests.Session, username: str, password: str) -> requests.Response:
        page = http.get(f"{self.url}/login", timeout=30)
        return http.post(f"{self.url}/login", data={"csrf_token": csrf_of(page.text), "username": username,
                                                    "password": password}, allow_redirects=False, timeout=30)


@dataclass
class Hit:
    started: float
    status: int | str  # an HTTP status, or the name of the client-side error
    clean: bool        # a 503 drawn by our page (its message, no traceback)


def load(url: str, cookies, paths: list[str], done: threading.Event, hits: list[Hit]) -> None:
    """GET the paths in turn until `done`, recording each answer."""
    http = requests.Session()
    http.cookies.update(cookies)
    i = 0
    while not done.is_set():
        started = time.monotonic()
        try:
            got = http.get(url + paths[i % len(paths)], allow_redirects=False, timeout=30)
            clean = got.status_code == 503 and SAYS_RETRY in got.text and "Traceback" not in got.text
            hits.append(Hit(started, got.status_code, clean))
        except requests.RequestException as exc:
            hits.append(Hit(started, type(exc).__name__, False))
        i += 1


def answered(hit: Hit) -> bool:
    """The page or its redirect (the public list moves to its congress's address)."""
    return hit.status in (200, 302, 308)


def outcome(hits: list[Hit]) -> str:
    counts = Counter(h.status for h in hits)
    return ", ".join(f"{n} × {status}" for status, n in sorted(counts.items(), key=str)) or "none"


def under_load(server: AppServer, cookies, paths: list[str], clients: int,
               fault) -> tuple[list[Hit], float, float]:
    """`clients` threads load the server for 2 s, through `fault()` and 4 s after it; returns the
    answers and when the fault began and ended (time.monotonic())."""
    hits: list[Hit] = []
    done = threading.Event()
    threads = [threading.Thread(target=load, args=(server.url, cookies, paths, done, hits))
               for _ in range(clients)]
    for t in threads:
        t.start()
    try:
        time.sleep(2)
        began = time.monotonic()
        fault()
        ended = time.monotonic()
        time.sleep(4)
    finally:
        done.set()
        for t in threads:
            t.join(timeout=60)
    return hits, began, ended


def phases(hits: list[Hit], began: float, ended: float) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """The answers to requests sent before, during and after the fault."""
    return ([h for h in hits if h.started < began], [h for h in hits if began <= h.started < ended],
            [h for h in hits if h.started >= ended])
