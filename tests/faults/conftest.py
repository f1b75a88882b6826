"""Fault tests stop and restart the machine's PostgreSQL and Redis, breaking whatever else uses them:
they run only when asked (TRACKER_FAULT_TESTS=1, the last pass of `make test`), on PostgreSQL, as root."""

from __future__ import annotations

import os
import shutil

import pytest

# The reminder tests' fixtures: a worker environment on Redis, a real SMTP server.
from tests.workers.test_reminder_worker import redis_env, smtp  # noqa: F401


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    why = None
    if os.environ.get("TRACKER_FAULT_TESTS") != "1":
        why = "fault tests restart PostgreSQL and Redis: run them with TRACKER_FAULT_TESTS=1 (make test does)"
    elif os.environ.get("TRACKER_TEST_DB") != "postgres":
        why = "fault tests run on PostgreSQL (TRACKER_TEST_DB=postgres)"
    elif os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
        why = "fault tests restart services: root and pg_ctlcluster needed"
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.faults)
            if why:
                item.add_marker(pytest.mark.skip(reason=why))
