"""Signing in: passwords, tokens, and what is never stored or shown in clear."""

from pathlib import Path

import httpx
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from app.settings import Settings
from app.testing import World

PASSWORD = "een lang en geheim wachtwoord"


def _therapist_with_password(http: httpx.Client, world: World, login: str) -> dict[str, object]:
    r = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json={
            "naam": "T. Inlog",
            "login": login,
            "registraties": [{"register": "oefentherapeut"}],
            "password": PASSWORD,
        },
    )
    assert r.status_code == 201, r.text
    assert "password" not in r.text
    return dict(r.json())


def _login(http: httpx.Client, login: str, password: str = PASSWORD) -> httpx.Response:
    """POST /v1/auth/login as nobody yet (the http client signs in as a therapist by default)."""
    return http.post(
        "/v1/auth/login", headers={"Authorization": ""}, json={"login": login, "password": password}
    )


def test_a_therapist_logs_in_gets_a_token_and_logs_out(http: httpx.Client, world: World) -> None:
    _therapist_with_password(http, world, "t.inlog")
    r = _login(http, "t.inlog")
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    me = http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["naam"] == "T. Inlog" and me["practice_id"] == world.practice_id
    # /v1/me names the token in use, as the practice's token list knows it
    tokens = http.get("/v1/tokens", headers=world.admin.headers).json()
    assert [t["therapist_id"] for t in tokens if t["id"] == me["token_id"]] == [me["id"]]

    out = http.post("/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
    assert out.status_code == 204
    assert http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_failed_logins_are_refused_alike_and_then_rate_limited(
    http: httpx.Client, world: World
) -> None:
    _therapist_with_password(http, world, "t.doelwit")
    wrong = _login(http, "t.doelwit", "fout wachtwoord!!")
    unknown = _login(http, "t.bestaatniet", "fout wachtwoord!!")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]  # no account enumeration
    for _ in range(4):
        _login(http, "t.doelwit", "fout wachtwoord!!")
    limited = _login(http, "t.doelwit")
    assert limited.status_code == 429  # even the right password waits now
    assert limited.json()["type"] == "/problems/too-many-requests"
    assert int(limited.headers["retry-after"]) > 0


def test_an_epd_token_is_issued_once_and_can_be_revoked(http: httpx.Client, world: World) -> None:
    admin = world.admin.headers
    client = http.post("/v1/api-clients", headers=admin, json={"naam": "EPD Voorbeeld"}).json()
    issued = http.post(f"/v1/api-clients/{client['id']}/tokens", headers=admin, json={"days": 30})
    assert issued.status_code == 201
    token = issued.json()["token"]
    epd = {"Authorization": f"Bearer {token}"}
    assert http.get("/v1/me", headers=epd).json()["kind"] == "api_client"
    listed = http.get("/v1/tokens", headers=admin).json()
    assert all("token" not in t for t in listed)  # only metadata, never the token again

    assert http.delete(f"/v1/tokens/{issued.json()['id']}", headers=admin).status_code == 204
    assert http.get("/v1/me", headers=epd).status_code == 401


def test_secrets_are_never_stored_in_clear(
    http: httpx.Client, world: World, settings: Settings
) -> None:
    _therapist_with_password(http, world, "t.geheim")
    token = _login(http, "t.geheim").json()["token"]
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(text("SELECT token_hash FROM token"))]
        stored = conn.execute(
            text("SELECT password_hash FROM therapist WHERE login = 't.geheim'")
        ).scalar_one()
    engine.dispose()
    assert token not in hashes and all(len(h) == 64 for h in hashes)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)  # the library's check, not ours
    if settings.database_url.startswith("sqlite:///"):
        raw = Path(settings.database_url.removeprefix("sqlite:///")).read_bytes()
        wal = Path(settings.database_url.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert token.encode() not in raw and PASSWORD.encode() not in raw


def test_a_deactivated_therapist_can_no_longer_act(http: httpx.Client, world: World) -> None:
    r = http.delete(f"/v1/therapists/{world.therapist.id}", headers=world.admin.headers)
    assert r.status_code == 204
    assert http.get("/v1/me").status_code == 401


def test_a_therapist_back_from_leave_is_reactivated_and_logs_in_again(
    http: httpx.Client, world: World
) -> None:
    t = _therapist_with_password(http, world, "t.terug")
    path, admin = f"/v1/therapists/{t['id']}", world.admin.headers

    def login() -> httpx.Response:
        return _login(http, "t.terug")

    old = {"Authorization": f"Bearer {login().json()['token']}"}
    away = http.patch(
        path, headers=admin | {"If-Match": f'"{t["version"]}"'}, json={"active": False}
    )
    assert away.status_code == 200 and away.json()["active"] is False
    assert http.get("/v1/me", headers=old).status_code == 401  # as DELETE: her tokens revoked
    assert login().status_code == 401

    null = http.patch(
        path, headers=admin | {"If-Match": away.headers["etag"]}, json={"active": None}
    )
    assert null.status_code == 422 and null.json()["errors"][0]["field"] == "active"
    back = http.patch(
        path, headers=admin | {"If-Match": away.headers["etag"]}, json={"active": True}
    )
    assert back.status_code == 200 and back.json()["active"] is True
    assert http.get("/v1/me", headers=old).status_code == 401  # an old token stays revoked
    again = login()
    assert again.status_code == 200
    me = http.get("/v1/me", headers={"Authorization": f"Bearer {again.json()['token']}"})
    assert me.json()["id"] == t["id"]


def test_a_therapist_changes_her_own_password_and_her_other_sessions_end(
    http: httpx.Client, world: World
) -> None:
    _therapist_with_password(http, world, "t.wissel")
    anonymous = {"Authorization": ""}

    def login(password: str) -> httpx.Response:
        return _login(http, "t.wissel", password)

    laptop = {"Authorization": f"Bearer {login(PASSWORD).json()['token']}"}
    here = {"Authorization": f"Bearer {login(PASSWORD).json()['token']}"}
    new = "een nieuw en nog langer wachtwoord"

    wrong = http.post("/v1/me/password", headers=here, json={"huidig": "fout", "nieuw": new})
    assert wrong.status_code == 422
    assert [e["field"] for e in wrong.json()["errors"]] == ["huidig"]
    short = http.post("/v1/me/password", headers=here, json={"huidig": PASSWORD, "nieuw": "kort"})
    assert short.status_code == 422
    assert http.post("/v1/me/password", json={}, headers=anonymous).status_code == 401

    r = http.post("/v1/me/password", headers=here, json={"huidig": PASSWORD, "nieuw": new})
    assert r.status_code == 204, r.text
    assert http.get("/v1/me", headers=here).status_code == 200  # this session goes on
    assert http.get("/v1/me", headers=laptop).status_code == 401  # the other one ended
    assert login(PASSWORD).status_code == 401
    assert login(new).status_code == 200
    # An EPD has tokens, no password.
    epd = http.post(
        "/v1/me/password", headers=world.epd.headers, json={"huidig": "x", "nieuw": new}
    )
    assert epd.status_code == 403


def test_guessing_the_current_password_is_rate_limited_like_a_login(
    http: httpx.Client, world: World
) -> None:
    _therapist_with_password(http, world, "t.raden")
    token = _login(http, "t.raden").json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    body = {"huidig": "geraden", "nieuw": "een nieuw en nog langer wachtwoord"}
    statuses = [
        http.post("/v1/me/password", headers=headers, json=body).status_code for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]
