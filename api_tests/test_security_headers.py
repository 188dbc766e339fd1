"""Security headers on the web client and on every API answer; CORS closed unless configured."""

import base64
import hashlib
import re

import httpx
from fastapi.testclient import TestClient

from app.main import create_app
from app.security_headers import POLICY
from app.settings import Settings
from app.testing import ROOT, World

EXPECTED = {
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _assert_secured(r: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert r.headers.get(name) == value, (r.request.url, name)
    csp = _directives(r.headers["content-security-policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert r.headers.get_list("content-security-policy") == [r.headers["content-security-policy"]]


def test_the_web_client_is_served_with_a_strict_policy(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    _assert_secured(page)
    assert page.headers["content-security-policy"] == POLICY
    csp = _directives(POLICY)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    for asset in ("/js/app.js", "/css/app.css"):
        _assert_secured(http.get(asset))


def test_the_web_client_has_no_inline_script_style_or_handler() -> None:
    """What the policy would refuse: every script is a file, no element has an on*= handler or
    a style attribute (checked again, in a browser, by the tests in tests/web)."""
    web = ROOT / "app" / "web"
    html = (web / "index.html").read_text()
    assert re.findall(r"<script\b[^>]*>", html) == ['<script type="module" src="js/app.js">']
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", html)  # nothing between the tags
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert "<style" not in html
    for js in web.rglob("*.js"):
        source = js.read_text()
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
            assert forbidden not in source, f"{js.name} uses {forbidden}"
        assert not re.search(r"setAttribute\(\s*[\"'](on|style)", source), js.name


def test_every_api_answer_carries_the_headers(http: httpx.Client, world: World) -> None:
    answers = [
        http.get("/v1/me"),  # 200
        http.get("/v1/episodes"),  # client data (through the access log)
        http.get("/v1/episodes", headers={"Authorization": ""}),  # 401 problem
        http.get("/v1/episodes/999999"),  # 404 problem
        http.get("/v1/audit"),  # 403 problem
        http.get("/v1/nergens"),  # no route
        http.get("/health"),
        http.get("/openapi.json"),
        http.post("/v1/auth/login", json={"login": "x", "password": "y"}),
    ]
    for r in answers:
        _assert_secured(r)
        assert r.headers["content-security-policy"] == POLICY
        if r.request.url.path.startswith("/v1/"):  # client data never lands in a cache
            assert r.headers.get_list("cache-control") == ["no-store"], r.request.url


def test_the_web_clients_own_files_may_be_cached(http: httpx.Client) -> None:
    for path in ("/", "/js/app.js", "/css/app.css"):
        assert "cache-control" not in http.get(path).headers, path


def test_the_documentation_pages_allow_only_their_own_inline_script(http: httpx.Client) -> None:
    """Swagger UI boots with an inline script: allowed by its hash, not by 'unsafe-inline'."""
    docs = http.get("/docs")
    _assert_secured(docs)
    csp = _directives(docs.headers["content-security-policy"])
    inline = re.findall(r"<script>(.*?)</script>", docs.text, re.DOTALL)
    assert inline, "Swagger UI's page has its inline script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert csp["script-src"][0] == "https://cdn.jsdelivr.net"
    _assert_secured(http.get("/redoc"))


def test_cors_is_closed_by_default(http: httpx.Client) -> None:
    preflight = http.options(
        "/v1/me",
        headers={
            "Origin": "https://elders.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    r = http.get("/v1/me", headers={"Origin": "https://elders.example"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers


def test_cors_answers_only_the_origins_configured(settings: Settings, world: World) -> None:
    allowed = "https://epd.example.nl"
    configured = Settings(
        database_url=settings.database_url, db_pool_size=2, cors_allow_origins=[allowed]
    )
    with TestClient(create_app(configured)) as client:
        ask = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, if-match, x-acting-user-id",
        }
        ok = client.options("/v1/me", headers={"Origin": allowed} | ask)
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == allowed
        assert "x-acting-user-id" in ok.headers["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in ok.headers  # bearer tokens, no cookies
        _assert_secured(ok)
        other = client.options("/v1/me", headers={"Origin": "https://elders.example"} | ask)
        assert "access-control-allow-origin" not in other.headers
        me = client.get("/v1/me", headers={"Origin": allowed} | world.therapist.headers)
        assert me.headers["access-control-allow-origin"] == allowed
        assert "etag" in me.headers["access-control-expose-headers"].lower()
