"""schemathesis over the whole served OpenAPI, in-process against the ASGI app: every operation
gets its documented examples, the boundary cases of its schema (schemathesis' coverage phase:
2^31 for an id, the longest string, a missing field) and generated requests that fit the schema
and that do not, signed in (a praktijkbeheerder on the administrator's routes, an oefentherapeut
elsewhere). Whatever it sends, no answer is a 5xx, and every answer is one its operation
declares: status, media type, headers and body schema. And every request for client data is in
the access log.

Bounded so `make test` stays quick (about 2 000 requests in all): MAX_EXAMPLES generated cases
per operation, derandomized (the same requests on every run, on SQLite and on PostgreSQL), no
example database, no shrinking. Each operation is a test of its own, on its own database, so
pytest-xdist spreads them."""

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api_tests.conftest import _audit_rows
from api_tests.support import Api
from app.audit.context import is_logged
from app.main import create_app
from app.settings import Settings
from app.testing import World

MAX_EXAMPLES = 10
"""Generated cases per operation, beside its examples and the coverage phase's boundary cases."""

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@dataclass
class Fuzz:
    """The app under test, who calls it, and what must survive the fuzzing."""

    app: Any
    client: TestClient
    therapist: dict[str, str]
    admin: dict[str, str]
    epd_id: int
    protected: dict[str, set[int]]
    calls: int = 0
    logged_calls: int = 0

    def headers(self, case: Any) -> dict[str, str]:
        operation = case.operation.definition.raw
        if operation.get("x-required-role") == "praktijkbeheerder":
            return self.admin
        return self.therapist


@pytest.fixture
def fuzz(settings: Settings, world: World, request: pytest.FixtureRequest) -> Iterator[Fuzz]:
    app = create_app(settings)
    client = TestClient(app, headers=world.therapist.headers)
    # Something to find: an episode at anamnese with a saved record (id 1 on a fresh database,
    # and hypothesis tries small ids early), beside the seeded practices and people.
    api = Api(client)
    api.record(api.create_episode(route="verwijzing"), "anamnese")
    tokens = client.get("/v1/tokens", headers=world.admin.headers).json()
    therapists = client.get("/v1/therapists?limit=200").json()["items"]
    fuzz = Fuzz(
        app=app,
        client=client,
        therapist=world.therapist.headers,
        admin=world.admin.headers,
        epd_id=world.epd.id,
        # The callers the fuzz acts as are never deactivated, demoted or revoked by it.
        protected={
            "therapist_id": {t["id"] for t in therapists},
            "token_id": {t["id"] for t in tokens},
        },
        logged_calls=2,
    )
    yield fuzz
    # schemathesis starts an app's lifespan on its first call and keeps it; end it with the test.
    asgi.shutdown_lifespans()
    request.node.user_properties.append(("fuzz_calls", fuzz.calls))  # summed in conftest
    # NEN 7513 holds under fuzzing too: every request for client data is in the access log, and
    # so is every change to who may do what.
    assert _audit_rows(settings.database_url) == fuzz.logged_calls


def served_openapi() -> dict[str, Any]:
    """The document every app serves at /openapi.json (the same for any database; a test
    below holds the served one to it)."""
    never_opened = Path(tempfile.gettempdir()) / "methodisch-openapi-only.db"
    return create_app(Settings(database_url=f"sqlite:///{never_opened}")).openapi()


schema = schemathesis.openapi.from_dict(served_openapi())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    database="none",
    no_shrink=True,
)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])


@schema.parametrize()
@hypothesis.settings(
    # One database and app per operation, shared by its examples: that is the point (state
    # builds up as a client's would), not a mistake.
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
    ],
    deadline=None,
)
def test_no_answer_is_a_server_error_or_undeclared(case: Any, fuzz: Fuzz) -> None:
    if case.method in ("PATCH", "DELETE"):
        for name, ids in fuzz.protected.items():
            if (case.path_parameters or {}).get(name) in ids:
                hypothesis.reject()
    headers = fuzz.headers(case)
    if case.path == "/v1/auth/logout":
        # Logging out revokes the token it is sent with: send one made for the purpose.
        made = fuzz.client.post(
            f"/v1/api-clients/{fuzz.epd_id}/tokens", headers=fuzz.admin, json={"days": 1}
        )
        fuzz.logged_calls += 1  # a new token: a change to who may do what
        headers = {"Authorization": f"Bearer {made.json()['token']}"}
    fuzz.calls += 1
    fuzz.logged_calls += is_logged(case.method, case.formatted_path)
    case.call_and_validate(
        base_url="http://testserver", headers=headers, checks=CHECKS, app=fuzz.app
    )


def test_the_fuzzed_document_is_the_served_one(http: Any) -> None:
    assert http.get("/openapi.json").json() == served_openapi()
