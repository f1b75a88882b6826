"""The app served by a real HTTP server in a process of its own, as one machine of an install runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.s3_server import free_port
from tests.workers.test_worker import ROOT, _own_session_dying_with_parent, reachable, stop

__all__ = ["AppServer", "csrf_of", "stop"]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


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
