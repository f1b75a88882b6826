"""Stopping and starting the machine's PostgreSQL and Redis as .ci/run starts them."""

from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager

from tests.workers.test_worker import reachable


def pg_version(port: int = 5432) -> str:
    """The version of the cluster "main" listening on `port`, from pg_lsclusters."""
    for line in subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        ver, name, cluster_port, *_ = line.split()
        if name == "main" and int(cluster_port) == port:
            return ver
    raise RuntimeError(f"no PostgreSQL cluster 'main' on port {port}")


def pg_ctl(action: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", action],
                   check=True, capture_output=True, timeout=120)


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


@contextmanager
def pg_running_again():
    """Whatever happens inside, PostgreSQL is up again when the block ends."""
    try:
        yield
    finally:
        if not pg_ready():
            try:
                pg_ctl("start")
            except subprocess.CalledProcessError:
                pass  # "already running", still starting: wait below
        wait_until(pg_ready, 60, "PostgreSQL")


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"],
                   capture_output=True, timeout=30)  # its connection drops: no exit status to check
    wait_until(lambda: not reachable(6379), 30, "Redis to stop")


def redis_start() -> None:
    """The command line of .ci/run's start_services (keep the two alike)."""
    if reachable(6379):
        return
    subprocess.run(["mkdir", "-p", "/var/lib/redis", "/var/log/redis"], check=True)
    subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
                    "--logfile", "/var/log/redis/ci.log"], check=True, timeout=30)
    wait_until(lambda: reachable(6379), 30, "Redis")


@contextmanager
def redis_running_again():
    try:
        yield
    finally:
        redis_start()


def wait_until(check, seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out waiting for {what}")
