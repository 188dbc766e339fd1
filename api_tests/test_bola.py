"""Authorisation matrix, generated from the served OpenAPI: every route x every kind of caller.

A route added without authentication fails `test_every_route_refuses_callers_without_a_valid_
token` by name; a route with a path parameter this file cannot fill fails loudly too, so new
routes are never silently left out.
"""

import itertools
import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api_tests.support import Api, example
from app.testing import World

# Routes anyone may call: liveness, problem-type documentation, and logging in.
PUBLIC = {
    ("GET", "/health"),
    ("GET", "/health/ready"),
    ("GET", "/problems/{slug}"),
    ("POST", "/v1/auth/login"),
}
# Routes that end the caller's own session: exercised in test_auth, not with another's token.
SELF_ONLY = {("POST", "/v1/auth/logout")}


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    operation: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def admin_only(self) -> bool:
        return self.operation.get("x-required-role") == "praktijkbeheerder"

    def body(self, spec: dict[str, Any]) -> Any:
        content = self.operation.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            return None
        examples = content.get("examples") or {}
        if examples:
            return next(iter(examples.values()))["value"]
        schema = content.get("schema", {})
        ref = schema.get("$ref")
        if ref:
            schema = spec["components"]["schemas"][ref.split("/")[-1]]
        return (schema.get("examples") or [{}])[0]


def routes(spec: dict[str, Any]) -> list[Route]:
    return [
        Route(method.upper(), path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


@dataclass
class PracticeA:
    """Resources of practice A, to fill path parameters with."""

    episode_id: int
    client_ref: str
    therapist_id: int
    therapist_login: str
    client_id: int
    token_id: int
    bericht_id: int
    version: int

    def url(self, path: str) -> str:
        fill = {
            "episode_id": self.episode_id,
            "step": "anamnese",
            "bericht_id": self.bericht_id,
            "therapist_id": self.therapist_id,
            "client_id": self.client_id,
            "token_id": self.token_id,
            "code": "odi",
            "profile": "algemeen",
            "slug": "gate-blocked",
        }
        out = path
        for name, value in fill.items():
            out = out.replace("{" + name + "}", str(value))
        assert "{" not in out, f"add a value for the path parameter in {path} to this matrix"
        return out

    def secrets(self) -> list[str]:
        return [self.client_ref, self.therapist_login]


@pytest.fixture
def spec(http: httpx.Client) -> dict[str, Any]:
    return dict(http.get("/openapi.json").json())


@pytest.fixture
def practice_a(api: Api, world: World) -> PracticeA:
    ep = api.create_episode(route="verwijzing", client_ref="BOLA-GEHEIM-1")
    api.record(ep, "anamnese", example("anamnese"))
    # A bericht to read: the plan set, a contact, an eerste bericht.
    api.fire(ep, "anamnese_afronden")
    api.advance_to(ep, "behandeling")
    huisarts = {"rol": "huisarts", "naam": "J. de Vries", "agb": "01012345"}
    made = api.http.post(
        f"/v1/episodes/{ep}/contacten", json=huisarts, headers={"If-Match": api.etags[ep]}
    )
    bericht = api.http.post(
        f"/v1/episodes/{ep}/berichten",
        json={"soort": "eerste_bericht", "ontvanger": made.json()["id"]},
        headers={"If-Match": made.headers["etag"]},
    )
    assert bericht.status_code == 201, bericht.text
    admin = world.admin.headers
    therapist = api.http.get(f"/v1/therapists/{world.therapist.id}").json()
    tokens = api.http.get("/v1/tokens", headers=admin).json()
    return PracticeA(
        episode_id=ep,
        client_ref="BOLA-GEHEIM-1",
        therapist_id=world.therapist.id,
        therapist_login=therapist["login"],
        client_id=world.epd.id,
        token_id=tokens[0]["id"],
        bericht_id=bericht.json()["id"],
        version=int(bericht.headers["etag"].strip('"')),
    )


def _call(
    http: httpx.Client, route: Route, url: str, headers: dict[str, str], body: Any
) -> httpx.Response:
    headers = {"If-Match": '"1"'} | headers
    if body is None:
        return http.request(route.method, url, headers=headers)
    return http.request(route.method, url, headers=headers, content=json.dumps(body))


def test_every_route_refuses_callers_without_a_valid_token(
    http: httpx.Client, spec: dict[str, Any], practice_a: PracticeA, world: World
) -> None:
    """401 comes before anything else the request gets wrong: a missing If-Match (428) or a
    body that does not even parse (422) is never looked at for a caller nobody knows."""
    bad_credentials: dict[str, dict[str, str]] = {
        "expired token": {"Authorization": f"Bearer {world.expired_token}"},
        "revoked token": {"Authorization": f"Bearer {world.revoked_token}"},
        "made-up token": {"Authorization": "Bearer mt_verzonnen"},
    }
    preconditions: dict[str, dict[str, str]] = {
        "with If-Match": {"If-Match": '"1"'},
        "without If-Match": {},
    }
    bodies: dict[str, str | None] = {
        "no body": None,
        "a body that does not validate": '{"onbekend_veld": 1}',
        "a body that does not parse": "{niet-json",
    }
    # Each bad token on a plain request; no token at all with every way the rest can be wrong.
    attempts: list[tuple[str, dict[str, str], str | None]] = [
        (who, credentials | {"If-Match": '"1"'}, None)
        for who, credentials in bad_credentials.items()
    ] + [
        (f"no token, {when}, {what}", {"Authorization": ""} | if_match, body)
        for (when, if_match), (what, body) in itertools.product(
            preconditions.items(), bodies.items()
        )
    ]
    wrong: list[str] = []
    checked = 0
    for route in routes(spec):
        if route.key in PUBLIC:
            continue
        assert "401" in route.operation["responses"], f"{route.key} does not declare 401"
        url = practice_a.url(route.path)
        for label, headers, body in attempts:
            json_headers = headers | {"content-type": "application/json"}
            r = http.request(route.method, url, headers=json_headers, content=body)
            checked += 1
            if r.status_code != 401:
                wrong.append(f"{route.method} {route.path} with {label}: {r.text}")
                continue
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["type"] == "/problems/unauthorized"
            assert r.headers["www-authenticate"].startswith("Bearer")
            assert not any(secret in r.text for secret in practice_a.secrets())
    assert not wrong, f"{len(wrong)} answers other than 401:\n" + "\n".join(wrong)
    assert checked >= (3 + 2 * 3) * 25


def test_another_practice_never_sees_a_byte_of_practice_a(
    http: httpx.Client, spec: dict[str, Any], practice_a: PracticeA, world: World
) -> None:
    outsider = world.outsider.headers | {"content-type": "application/json"}
    for route in routes(spec):
        if route.key in PUBLIC | SELF_ONLY:
            continue
        r = _call(http, route, practice_a.url(route.path), outsider, route.body(spec))
        leaked = [secret for secret in practice_a.secrets() if secret in r.text]
        assert not leaked, f"{route.key} leaks {leaked} to another practice"
        if "{" in route.path and not route.path.startswith(("/v1/instruments", "/v1/workflows")):
            # A foreign id is not found: never 403 (that would confirm it exists).
            assert r.status_code == 404, f"{route.key}: {r.status_code} {r.text}"
        assert r.status_code not in (401, 403, 500), f"{route.key}: {r.status_code} {r.text}"
    # And practice A's episode is untouched.
    mine = http.get(f"/v1/episodes/{practice_a.episode_id}").json()
    assert mine["version"] == practice_a.version
    assert mine["status"] == "behandeling"


def test_roles_are_enforced_as_the_openapi_declares(
    http: httpx.Client, spec: dict[str, Any], practice_a: PracticeA, world: World
) -> None:
    therapist = world.therapist.headers | {"content-type": "application/json"}
    admin_routes = [r for r in routes(spec) if r.admin_only]
    assert {("GET", "/v1/audit"), ("POST", "/v1/therapists")} <= {r.key for r in admin_routes}
    for route in admin_routes:
        r = _call(http, route, practice_a.url(route.path), therapist, route.body(spec))
        assert r.status_code == 403, f"{route.key}: {r.status_code} {r.text}"
        assert r.json()["type"] == "/problems/forbidden"
    for route in routes(spec):
        if route.admin_only or route.key in PUBLIC | SELF_ONLY or route.method != "GET":
            continue
        r = http.get(practice_a.url(route.path))
        assert r.status_code == 200, f"{route.key} should be open to a therapist: {r.text}"
