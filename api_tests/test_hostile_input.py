"""Hostile input, on every route that takes it (read from the served OpenAPI, like test_bola):
each gets a problem that names what is wrong, never a 500, and nothing is stored.

- bodies: over the size limit (declared, and streamed without a length), not sent as JSON,
  invalid UTF-8, nested too deep, and a field holding NUL, a huge string, a long list or deep
  nesting: 413, 415 or 422 naming the field;
- integer path and query parameters at 2^31 and 2^63 (beyond PostgreSQL INTEGER, and beyond
  SQLite's 64 bits): 422 naming the parameter;
- cursors that encode an id outside 1 .. 2^31 - 1: 422 on `cursor`;
- the access log's dates: a date, a date-time with and without a zone are accepted; anything
  else is 422 on the parameter.

A new route that takes a body fails `test_hostile_bodies...` by name until it is added to
`target` below, so no route is silently left out.
"""

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api_tests.support import Api
from api_tests.test_bola import PUBLIC, Route, routes
from app.limits import DB_INT_MAX, MAX_DEPTH, MAX_ITEMS, MAX_TEXT
from app.settings import Settings
from app.testing import World

PROBLEM = "application/problem+json"
TOO_LARGE = "/problems/content-too-large"
NOT_JSON = "/problems/unsupported-media-type"
INVALID = "/problems/invalid-input"
OUT_OF_RANGE = (DB_INT_MAX + 1, 2**63)


@dataclass(frozen=True)
class Target:
    """One route that takes a body, set up so that the body is all it can get wrong."""

    route: Route
    url: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Context:
    api: Api
    world: World
    episode_id: int
    secret: str

    @property
    def therapist(self) -> dict[str, str]:
        return self.world.therapist.headers

    @property
    def admin(self) -> dict[str, str]:
        return self.world.admin.headers

    def etag(self, url: str, headers: dict[str, str]) -> str:
        r = self.api.http.get(url, headers=headers)
        assert r.status_code == 200, r.text
        return r.headers["etag"]

    def stored(self) -> dict[str, Any]:
        """Everything a refused request could have written, as the API shows it."""
        http, admin = self.api.http, self.admin
        return {
            "episode": self.etag(f"/v1/episodes/{self.episode_id}", self.therapist),
            "episodes": [e["id"] for e in http.get("/v1/episodes?limit=200").json()["items"]],
            "practice": self.etag("/v1/practice", admin),
            "therapists": [
                (t["id"], t["version"])
                for t in http.get("/v1/therapists?limit=200").json()["items"]
            ],
            "api_clients": [
                (c["id"], c["version"]) for c in http.get("/v1/api-clients", headers=admin).json()
            ],
            "tokens": [t["id"] for t in http.get("/v1/tokens", headers=admin).json()],
        }


@pytest.fixture
def spec(http: httpx.Client) -> dict[str, Any]:
    return dict(http.get("/openapi.json").json())


@pytest.fixture
def ctx(api: Api, world: World) -> Context:
    episode_id = api.create_episode(route="verwijzing")  # at anamnese, version 1
    return Context(api, world, episode_id, secret="een lang en geheim wachtwoord")


def target(route: Route, spec: dict[str, Any], c: Context) -> Target:
    """The route, its path filled with ids of practice A, the caller and If-Match that pass every
    check before the body's, and a valid body to spoil."""
    ep = f"/v1/episodes/{c.episode_id}"
    write = c.therapist | {"If-Match": c.etag(ep, c.therapist)}
    match route.key:
        case ("POST", "/v1/episodes"):
            return Target(route, "/v1/episodes", c.therapist, route.body(spec))
        case ("POST" | "PUT", path) if path.startswith("/v1/episodes/{episode_id}/"):
            url = path.replace("{episode_id}", str(c.episode_id)).replace("{step}", "anamnese")
            return Target(route, url, write, route.body(spec))
        case ("POST", "/v1/auth/login"):
            login = c.api.http.get(f"/v1/therapists/{c.world.therapist.id}").json()["login"]
            body = {"login": login, "password": c.secret}
            return Target(route, "/v1/auth/login", {"Authorization": ""}, body)
        case ("PATCH", "/v1/practice"):
            headers = c.admin | {"If-Match": c.etag("/v1/practice", c.admin)}
            return Target(route, "/v1/practice", headers, {"naam": "Praktijk A"})
        case ("POST", "/v1/therapists"):
            return Target(route, "/v1/therapists", c.admin, route.body(spec))
        case ("PATCH", "/v1/therapists/{therapist_id}"):
            url = f"/v1/therapists/{c.world.therapist.id}"
            headers = c.admin | {"If-Match": c.etag(url, c.admin)}
            return Target(route, url, headers, {"naam": "T. Hernoemd"})
        case ("POST", "/v1/api-clients"):
            return Target(route, "/v1/api-clients", c.admin, {"naam": "Tweede EPD"})
        case ("POST", "/v1/api-clients/{client_id}/tokens"):
            url = f"/v1/api-clients/{c.world.epd.id}/tokens"
            return Target(route, url, c.admin, {"days": 30})
        case ("POST", "/v1/me/password"):
            body = {"huidig": c.secret, "nieuw": "een ander en lang wachtwoord"}
            return Target(route, "/v1/me/password", c.therapist, body)
        case ("POST", "/v1/me/totp/confirm"):
            return Target(route, "/v1/me/totp/confirm", c.therapist, {"code": "123456"})
        case ("POST", "/v1/instruments/{code}/score"):
            return Target(route, "/v1/instruments/nprs/score", c.therapist, route.body(spec))
    pytest.fail(f"{route.key} takes a body: add it to `target` in {__name__}")


def body_routes(spec: dict[str, Any]) -> list[Route]:
    found = [r for r in routes(spec) if "requestBody" in r.operation]
    assert len(found) >= 15, [r.key for r in found]
    return found


# --- what is sent ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """One hostile request body and what it must answer: a status, a problem type and, for
    422, the field an error must name (None: any field)."""

    label: str
    content: bytes | Callable[[], Iterator[bytes]]
    content_type: str | None
    status: int
    type: str
    field: str | None = None


def first_key(body: dict[str, Any], *kinds: type) -> str:
    """The first field of the body holding one of `kinds`, else its first field."""
    for kind in kinds:
        for key, value in body.items():
            if isinstance(value, kind) and not isinstance(value, bool):
                return key
    return next(iter(body))


def nested(levels: int) -> Any:
    value: Any = "diep"
    for _ in range(levels):
        value = {"a": value}
    return value


def hostile_bodies(body: dict[str, Any], limit: int) -> list[Hostile]:
    """Every kind of hostile body, made from a valid one."""
    valid = json.dumps(body).encode()
    text, listed, deep = first_key(body, str), first_key(body, list, str), first_key(body, dict)
    items = body[listed] if isinstance(body[listed], list) and body[listed] else ["x"]
    spoilt = {
        "NUL in a string": (text, "voor\x00na"),
        "a string too long": (text, "a" * (MAX_TEXT + 1)),
        "a list too long": (listed, (items * (MAX_ITEMS + 1))[: MAX_ITEMS + 1]),
        "nesting too deep in a field": (deep, nested(MAX_DEPTH + 2)),
    }
    oversized = b'{"x": "' + b"a" * limit + b'"}'
    return [
        Hostile("a body over the limit", oversized, "application/json", 413, TOO_LARGE),
        Hostile(
            "a body over the limit, streamed without a length",
            lambda: iter([oversized[: limit // 2], oversized[limit // 2 :]]),
            "application/json",
            413,
            TOO_LARGE,
        ),
        Hostile("body sent as text/plain", valid, "text/plain", 415, NOT_JSON),
        Hostile("body without a Content-Type", valid, None, 415, NOT_JSON),
        Hostile("invalid UTF-8", b'{"naam": "caf\xe9 \xff"}', "application/json", 422, INVALID),
        Hostile(
            "a body nested beyond any parser",
            b"[" * 300 + b"]" * 300,
            "application/json",
            422,
            INVALID,
            "(body)",
        ),
        *(
            Hostile(
                label,
                json.dumps(body | {field: value}).encode(),
                "application/json",
                422,
                INVALID,
                field,
            )
            for label, (field, value) in spoilt.items()
        ),
    ]


def send(http: httpx.Client, t: Target, h: Hostile) -> httpx.Response:
    headers = dict(t.headers)
    if h.content_type is not None:
        headers["Content-Type"] = h.content_type
    content = h.content() if callable(h.content) else h.content
    return http.request(t.route.method, t.url, headers=headers, content=content)


def judge(r: httpx.Response, status: int, type_: str, field: str | None) -> str | None:
    """What is wrong with the answer, or None."""
    if r.status_code != status or r.headers.get("content-type") != PROBLEM:
        return f"{r.status_code} {r.headers.get('content-type')} {r.text[:300]}"
    problem = r.json()
    if problem["type"] != type_:
        return f"type {problem['type']}: {r.text[:300]}"
    if status == 422:
        fields = [e["field"] for e in problem.get("errors") or []]
        if not fields or (
            field is not None and not any(f == field or f.startswith(f"{field}.") for f in fields)
        ):
            return f"errors name {fields}, not {field!r}: {r.text[:300]}"
    return None


class Verdicts:
    """Collects what went wrong, so one run reports every wrong answer at once."""

    def __init__(self) -> None:
        self.wrong: list[str] = []
        self.checked = 0

    def note(self, key: tuple[str, str, str], problem: str | None) -> None:
        self.checked += 1
        if problem is not None:
            self.wrong.append(f"{key[0]} {key[1]} with {key[2]}: {problem}")

    def assert_all_right(self) -> None:
        assert not self.wrong, f"{len(self.wrong)} wrong answers:\n" + "\n".join(self.wrong)


# --- the tests -------------------------------------------------------------------------------


def test_hostile_bodies_get_their_problem_and_store_nothing(
    http: httpx.Client, spec: dict[str, Any], ctx: Context, settings: Settings
) -> None:
    before = ctx.stored()
    verdicts = Verdicts()
    for route in body_routes(spec):
        t = target(route, spec, ctx)
        for h in hostile_bodies(t.body, settings.max_body_bytes):
            r = send(http, t, h)
            verdicts.note((*route.key, h.label), judge(r, h.status, h.type, h.field))
            if route.method != "GET":
                assert ctx.stored() == before, f"{route.key} with {h.label} stored something"
    verdicts.assert_all_right()
    assert verdicts.checked == len(body_routes(spec)) * 10


def test_a_caller_without_a_token_gets_401_whatever_the_body(
    http: httpx.Client, spec: dict[str, Any], ctx: Context, settings: Settings
) -> None:
    for route in body_routes(spec):
        if route.key in PUBLIC:
            continue
        t = target(route, spec, ctx)
        anonymous = Target(route, t.url, {"Authorization": ""}, t.body)
        for h in hostile_bodies(t.body, settings.max_body_bytes):
            r = send(http, anonymous, h)
            assert judge(r, 401, "/problems/unauthorized", None) is None, (route.key, h.label)


def test_the_body_is_judged_after_the_preconditions(
    http: httpx.Client, ctx: Context, settings: Settings
) -> None:
    """413 and 415 sit with 422, at the content step of writes.py: an unknown episode is 404
    and a stale If-Match 412, whatever the body."""
    big = b'{"trigger": "' + b"a" * settings.max_body_bytes + b'"}'
    url = f"/v1/episodes/{ctx.episode_id}/transitions"
    json_ = {"Content-Type": "application/json"}
    cases = [
        ("/v1/episodes/999999/transitions", {"If-Match": '"1"'} | json_, big, 404),
        (url, {"If-Match": '"7"'} | json_, big, 412),
        (url, json_, big, 428),
        (url, {"If-Match": '"1"', "Content-Type": "text/plain"}, b"{}", 415),
        (url, {"If-Match": '"1"'} | json_, big, 413),
    ]
    for path, headers, content, status in cases:
        r = http.post(path, headers=headers, content=content)
        assert r.status_code == status, (path, headers, r.text[:200])
        assert r.headers["content-type"] == PROBLEM


def test_a_body_sent_with_a_read_is_left_unread(http: httpx.Client, settings: Settings) -> None:
    """No route reads the body of a GET: an oversized one changes nothing, not even for a file
    answer, which listens on the connection while it streams."""
    big = b"x" * (settings.max_body_bytes + 1)
    for content in (big, iter([big])):
        r = http.request("GET", "/", content=content)
        assert r.status_code == 200
        assert b"<html" in r.content.lower()


def test_the_bounds_name_the_field_that_breaks_them(ctx: Context) -> None:
    """Where no form limit applies (list items, payloads, responses), the bounds of app.limits
    do, and the 422 names the field down to the item."""
    http, ep = ctx.api.http, ctx.episode_id
    write = {"If-Match": ctx.etag(f"/v1/episodes/{ep}", ctx.therapist)}
    sessie = {"datum": "2026-03-04", "interventies": ["tiltraining"]}
    cases: list[tuple[str, str, dict[str, Any], str, str]] = [
        (
            "POST",
            "sessies",
            sessie | {"interventies": ["x"] * (MAX_ITEMS + 1)},
            "interventies",
            "too_many_items",
        ),
        (
            "POST",
            "sessies",
            sessie | {"interventies": ["a", "b", "c", "d" * (MAX_TEXT + 1)]},
            "interventies.3",
            "string_too_long",
        ),
        (
            "POST",
            "sessies",
            sessie | {"interventies": ["a", "b\x00"]},
            "interventies.1",
            "string_nul",
        ),
        (
            "POST",
            "transitions",
            {"trigger": "client_stopt", "payload": {"reden": "x", "extra": nested(MAX_DEPTH)}},
            "payload.extra.a.a.a.a.a.a",
            "too_deep",
        ),
        (
            "POST",
            "transitions",
            {"trigger": "client_stopt", "payload": {f"k{i}": i for i in range(MAX_ITEMS + 1)}},
            "payload",
            "too_many_items",
        ),
        (
            "POST",
            "measurements",
            {
                "instrument": "nprs",
                "moment": "baseline",
                "afgenomen_op": "2026-03-02",
                "responses": {"sc\x00re": 6},
            },
            "responses.sc\x00re",
            "string_nul",
        ),
        ("PUT", "records/anamnese", {"hulpvraag": "Weer \x00fietsen."}, "hulpvraag", "string_nul"),
    ]
    for method, route, body, field, code in cases:
        r = http.request(method, f"/v1/episodes/{ep}/{route}", headers=write, json=body)
        assert r.status_code == 422, (route, r.text[:300])
        errors = {(e["field"], e["code"]) for e in r.json()["errors"]}
        assert (field, code) in errors, (route, errors)
    assert http.get(f"/v1/episodes/{ep}").headers["etag"] == write["If-Match"]
    # The bounds do not touch what the forms allow: a form's longest text still saves.
    full = {"hulpvraag": "h" * 4000, "betrokkenen": [{"rol": "ouder"}]}
    r = http.put(f"/v1/episodes/{ep}/records/anamnese", headers=write, json=full)
    assert r.status_code == 200, r.text


def int_params(spec: dict[str, Any]) -> Iterator[tuple[Route, dict[str, Any]]]:
    for route in routes(spec):
        for param in route.operation.get("parameters", []):
            schema = param["schema"]
            if "integer" in {s.get("type") for s in [schema, *schema.get("anyOf", [])]}:
                yield route, param


def fill(route: Route, ctx: Context, **override: int) -> str:
    values = {
        "episode_id": ctx.episode_id,
        "therapist_id": ctx.world.therapist.id,
        "client_id": ctx.world.epd.id,
        "token_id": 1,
        "bericht_id": 1,
        "step": "anamnese",
        "code": "nprs",
        "profile": "algemeen",
        "slug": "invalid-input",
    } | override
    url = route.path
    for name, value in values.items():
        url = url.replace("{" + name + "}", str(value))
    assert "{" not in url, f"add the path parameter of {route.path} to `fill`"
    return url


def test_ids_out_of_range_are_422_naming_the_parameter(
    http: httpx.Client, spec: dict[str, Any], ctx: Context
) -> None:
    before = ctx.stored()
    verdicts = Verdicts()
    found = list(int_params(spec))
    assert {p["name"] for _, p in found} >= {"episode_id", "therapist_id", "limit", "version"}
    for route, param in found:
        caller = ctx.admin if route.admin_only else ctx.therapist
        for n in OUT_OF_RANGE:
            if param["in"] == "path":
                url, params = fill(route, ctx, **{param["name"]: n}), {}
            else:
                url, params = fill(route, ctx), {param["name"]: n}
            headers = caller | {"If-Match": '"1"', "Content-Type": "application/json"}
            body = route.body(spec) if "requestBody" in route.operation else None
            r = http.request(
                route.method,
                url,
                params=params,
                headers=headers,
                content=json.dumps(body) if body is not None else None,
            )
            label = f"id {n} in {param['in']}"
            verdicts.note(
                (*route.key, label), judge(r, 422, INVALID, f"{param['in']}.{param['name']}")
            )
    assert ctx.stored() == before
    verdicts.assert_all_right()


def int_fields(route: Route, spec: dict[str, Any]) -> list[str]:
    """The integer fields of a route's body, from its schema in the served OpenAPI."""
    content = route.operation["requestBody"]["content"]["application/json"]["schema"]
    ref = content.get("$ref", "")
    body = spec["components"]["schemas"][ref.split("/")[-1]] if ref else content
    return [
        name
        for name, prop in body.get("properties", {}).items()
        if "integer" in {s.get("type") for s in [prop, *prop.get("anyOf", [])]}
    ]


def test_ids_out_of_range_in_a_body_are_422_naming_the_field(
    http: httpx.Client, spec: dict[str, Any], ctx: Context
) -> None:
    before = ctx.stored()
    checked = set()
    for route in body_routes(spec):
        for name in int_fields(route, spec):
            t = target(route, spec, ctx)
            for n in OUT_OF_RANGE:
                r = http.request(route.method, t.url, headers=t.headers, json=t.body | {name: n})
                assert judge(r, 422, INVALID, name) is None, (route.key, name, n, r.text)
                checked.add(name)
    assert checked >= {"therapist_id", "days"}
    assert ctx.stored() == before


def cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def test_cursors_out_of_range_are_422_on_cursor(
    http: httpx.Client, spec: dict[str, Any], ctx: Context
) -> None:
    paged = [
        r
        for r in routes(spec)
        if any(p["name"] == "cursor" for p in r.operation.get("parameters", []))
    ]
    assert len(paged) >= 5, [r.key for r in paged]
    bad = [f"id:{n}" for n in (0, -1, DB_INT_MAX + 1, 2**63, 2**70)] + ["id:1e3", "id: 7", "id:٣"]
    for route in paged:
        caller = ctx.admin if route.admin_only else ctx.therapist
        url = fill(route, ctx)
        for raw in bad:
            r = http.get(url, params={"cursor": cursor(raw)}, headers=caller)
            assert judge(r, 422, INVALID, "cursor") is None, (route.key, raw, r.text)
        # The largest id is still a cursor: an empty page after it.
        r = http.get(url, params={"cursor": cursor(f"id:{DB_INT_MAX}")}, headers=caller)
        assert r.status_code == 200, (route.key, r.text)
        assert r.json()["items"] == []


@pytest.mark.parametrize("path", ["/v1/audit", "/v1/audit/export"])
def test_the_access_log_takes_dates_with_and_without_zone(
    http: httpx.Client, ctx: Context, path: str
) -> None:
    accepted = [
        "2026-11-01",
        "2026-11-01T10:00:00",
        "2026-11-01T10:00:00Z",
        "2026-11-01T10:00:00+01:00",
        "2026-11-01 10:00",
        "0001-01-01",
        "9999-12-31T23:59:59",
    ]
    for value in accepted:
        r = http.get(path, params={"from": value, "to": "9999-12-31"}, headers=ctx.admin)
        assert r.status_code == 200, (value, r.text)
    # Everything this test did is after 2000-01-01 and before today + a century, in any zone.
    for since, until, rows in [("2000-01-01", "2126-01-01", True), ("2126-01-01", None, False)]:
        params = {"from": since, "format": "json"} | ({"to": until} if until else {})
        r = http.get(path, params=params, headers=ctx.admin)
        items = r.json() if path.endswith("export") else r.json()["items"]
        assert bool(items) is rows, (since, until)
    refused = [
        "2026-13-01",
        "2026-02-30",
        "yesterday",
        "20261101",
        "1700000000",
        "2026-11-01T25:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "2026-11-01\x00",
    ]
    for name in ("from", "to"):
        for value in refused:
            r = http.get(path, params={name: value}, headers=ctx.admin)
            assert judge(r, 422, INVALID, f"query.{name}") is None, (name, value, r.text)
