"""schemathesis against /api/openapi.json, as each role with a token: no server error and
no response that the schema does not describe, for every operation.

Cases are generated from the schema (positive data, a fixed seed so that a run can be
repeated) and sent through the WSGI application to the seed desk (without its article
body, so that this needs no ../shared/data). Each operation gets EXAMPLES cases a role;
the counts are printed at the end of the run and written to
test-results/schemathesis-<role>.json.
"""

import json
from collections import Counter

import pytest
import schemathesis
from conftest import RESULTS, SCHEMATHESIS_COUNTS, make_user
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts.tokens import token_create

EXAMPLES = 12
ROLES = ("anonymous", "no role", "editor", "reviewer", "admin")


def _headers(role: str) -> dict:
    if role == "anonymous":
        return {}
    user = make_user(f"fuzz-{role.replace(' ', '-')}", None if role == "no role" else role)
    _, token = token_create(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {token}"}


def _run(operation, headers: dict, counts: Counter, failures: list) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )
    def check(case):
        counts[operation.label] += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
        except Exception as failure:  # noqa: BLE001 (collected, reported below)
            failures.append(f"{operation.label} {response.status_code}: {failure}"[:2000])

    check()


@pytest.fixture
def wsgi_app():
    """The WSGI application, keeping the test's database connection (and its transaction)
    across requests, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_its_schema_says(role, seed_without_body, settings, wsgi_app,
                                                   request):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.API_RATE = 100_000
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    headers = _headers(role)
    counts: Counter = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        _run(operation, headers, counts, failures)
    summary = {
        "role": role, "operations": len(operations), "cases": sum(counts.values()),
        "failures": len(failures),
    }
    request.config.stash.setdefault(SCHEMATHESIS_COUNTS, []).append(
        f"{role}: {summary['operations']} operations, {summary['cases']} cases, "
        f"{summary['failures']} failures"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"schemathesis-{role.replace(' ', '-')}.json").write_text(json.dumps(summary))
    assert len(operations) >= 13
    assert failures == []
