"""The OpenID provider of the single sign-on tests (npm oidc-provider, tests/oidc/provider.mjs), started
on a free port of 127.0.0.1 and stopped after; skipped, or failed when CI=true, without node."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.conftest import require_service
from tracker.domain.accounts.sso import DISCOVERY

OIDC = Path(__file__).resolve().parent / "oidc"
ACCOUNT_PASSWORD = "provider-pw"  # tests/oidc/provider.mjs: accounts alice (linked) and mallory
CLIENT_SECRET = "test-client-secret-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_provider(*redirect_uris: str) -> Iterator[str]:
    """The provider's issuer URL while it runs; it accepts http://localhost/sso/callback (the test
    client's) and `redirect_uris`."""
    node = shutil.which("node")
    require_service(node is not None, "node (for the OpenID provider)")
    require_service((OIDC / "node_modules" / "oidc-provider").is_dir(),
                    "tests/oidc/node_modules (npm ci --prefix tests/oidc)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([node, str(OIDC / "provider.mjs"), str(port), ",".join(redirect_uris)],
                               cwd=OIDC, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                requests.get(url + DISCOVERY, timeout=1).raise_for_status()
                break
            except requests.RequestException:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.1)
        else:
            pytest.fail("the OpenID provider did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()
