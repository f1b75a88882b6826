"""The demo's processes: the web app, a Celery worker and beat, started and stopped together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def demo_commands(host: str, port: int) -> dict[str, list[str]]:
    """One command line per process; each reads the same TRACKER_* environment as this one."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "workers.celery_app"]
    return {
        "web": [
            python,
            "-m",
            "flask",
            "--app",
            "tracker",
            "run",
            "--host",
            host,
            "--port",
            str(port),
        ],
        # One process is plenty for a demo; production runs prefork workers (docs/RUNNING.md).
        "worker": [
            *celery,
            "worker",
            "--pool=solo",
            "-c",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        "beat": [*celery, "beat", "--loglevel=INFO"],
    }


def demo_environment(host: str, port: int) -> dict[str, str]:
    """The demo's own defaults, unless set already: reminders at any hour (quiet hours off), item links
    pointing at this web app, and mail and SMS written to instance/mail.log and instance/sms.log."""
    env = dict(os.environ)
    env.setdefault("TRACKER_QUIET_HOURS", "off")
    env.setdefault("TRACKER_BASE_URL", f"http://{host}:{port}")
    return env


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run_demo(host: str, port: int) -> int:
    """Run until Ctrl-C, SIGTERM or one process ending; then stop the others. Returns exit code."""
    signal.signal(signal.SIGTERM, _interrupt)
    # Explicit, because a shell starting us in the background hands us SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    processes: dict[str, subprocess.Popen] = {}
    env = demo_environment(host, port)
    try:
        for name, command in demo_commands(host, port).items():
            processes[name] = subprocess.Popen(command, env=env)
        print(
            f"demo: http://{host}:{port}/ with a Celery worker and beat; Ctrl-C stops all three",
            flush=True,
        )
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(
                        f"demo: {name} exited with {process.returncode}; stopping the others",
                        file=sys.stderr,
                        flush=True,
                    )
                    return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all(processes.values())


def stop_all(processes, timeout: float = 10.0) -> None:
    """SIGTERM (a warm shutdown for Celery) to every live process, then SIGKILL the stragglers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
