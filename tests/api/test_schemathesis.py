"""schemathesis against the running app and its own spec: every /api/v1 operation, generated
inputs, no server error and no response that contradicts the spec."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.app_server import AppServer, world_with_passwords
from tracker.domain.accounts import tokens
from tracker.extensions import db
from tracker.workflow import State

pytestmark = pytest.mark.postgres
SECRET = "schemathesis-runs-against-this-server-0123456789"
EXAMPLES = 25  # per operation, as the issue asks at the least


@pytest.fixture(scope="module")
def server(app, tmp_path_factory):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("the server and the test share a PostgreSQL database")
    settings_ = {"TRACKER_DATABASE_URL": url, "TRACKER_SECRET_KEY": SECRET,
                 "TRACKER_QUIET_HOURS": "off", "TRACKER_API_RATE_LIMIT": "100000/minute"}
    running = AppServer(tmp_path_factory.mktemp("api"), "api", settings_)
    try:
        yield running.wait()
    finally:
        running.stop()


@pytest.fixture
def caller(server, ctx, make):
    """The office's API token (read and act): it may read everything and act on much."""
    w = world_with_passwords(make)
    for state in (State.OFFICE_REVIEW, State.ASSIGNED, State.IN_HANDLING, State.REPLIED):
        make.item_in(state, w)  # rows for the small ids the generated paths name
    db.session.commit()
    _, secret = tokens.create_token(db.session, w.office, name="schemathesis", scopes=["read", "act"],
                                    by=w.office, at=datetime.now(UTC))
    db.session.commit()
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {secret}"
    assert http.get(f"{server.url}/api/v1/me", timeout=30).status_code == 200
    return http


def _exercise(operation, server, caller) -> tuple[list[int], str | None]:
    """EXAMPLES generated cases of one operation: their statuses, and the first failure if any."""
    statuses: list[int] = []

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def run(case):
        if case.headers:  # schemathesis fills the security scheme with made-up values: the token instead
            case.headers.pop("Authorization", None)
        response = case.call(base_url=server.url, session=caller, timeout=30)
        statuses.append(response.status_code)
        case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
    try:
        run()
    except Exception as exc:  # noqa: BLE001 - each operation's first failure, all reported
        return statuses, f"{operation.label}: {str(exc).strip()[:600]}"
    return statuses, None


def test_every_operation_without_a_server_error_or_a_contradiction_of_the_spec(server, caller):
    """Each operation of the spec in turn, EXAMPLES generated cases each (hypothesis, derandomised so
    a failure repeats), called on the running server with the office's token."""
    schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    operations, cases, failures, statuses = 0, 0, [], Counter()
    for result in schema.get_all_operations():
        operations += 1
        seen, failure = _exercise(result.ok(), server, caller)
        cases += len(seen)
        statuses.update(seen)
        if failure:
            failures.append(failure)
    print(f"\nschemathesis: {operations} operations, {cases} cases, {len(failures)} failing; "
          f"statuses {dict(sorted(statuses.items()))}")
    assert failures == []
    assert operations >= 40 and cases >= operations * EXAMPLES * 0.8
    assert statuses[200] + statuses[201] > operations  # the calls reached the operations, not a gate
