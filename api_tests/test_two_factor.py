"""Two-factor login (TOTP, RFC 6238): setting it up, logging in with a code, the practice that
requires it, the praktijkbeheerder who always needs it, and no way around it."""

import time
from pathlib import Path
from typing import Any

import httpx
import pyotp
from sqlalchemy import create_engine, text

from app.settings import Settings
from app.testing import World

PASSWORD = "een lang en geheim wachtwoord"
ANONYMOUS = {"Authorization": ""}
# Routes a token that serves only to set up two-factor login may call.
ENROLMENT_ROUTES = {
    ("GET", "/v1/me"),
    ("POST", "/v1/auth/logout"),
    ("POST", "/v1/me/totp"),
    ("POST", "/v1/me/totp/confirm"),
}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _therapist(http: httpx.Client, world: World, login: str, rol: str = "therapeut") -> int:
    made = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json={
            "naam": f"T. {login}",
            "login": login,
            "registraties": [{"register": "oefentherapeut"}],
            "rol": rol,
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["totp_enrolled_at"] is None
    return int(made.json()["id"])


def _login(http: httpx.Client, login: str, code: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"login": login, "password": PASSWORD}
    if code is not None:
        body["totp_code"] = code
    return http.post("/v1/auth/login", headers=ANONYMOUS, json=body)


def _enrol(http: httpx.Client, token: str) -> tuple[pyotp.TOTP, str, dict[str, Any]]:
    """Set up two-factor login with `token`: (the app's TOTP, the code used, the new token)."""
    started = http.post("/v1/me/totp", headers=_bearer(token))
    assert started.status_code == 201, started.text
    totp = pyotp.TOTP(started.json()["secret"])
    code = totp.now()
    confirmed = http.post("/v1/me/totp/confirm", headers=_bearer(token), json={"code": code})
    assert confirmed.status_code == 200, confirmed.text
    return totp, code, confirmed.json()


def _wrong(totp: pyotp.TOTP) -> str:
    """A code valid at no step near now."""
    near = {totp.at(time.time() + 30 * i) for i in (-2, -1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def _next(totp: pyotp.TOTP) -> str:
    """The code of the next 30-second step: fresh (never used), and accepted now (one step of
    clock drift either way is)."""
    return totp.at(time.time() + 30)


def test_a_therapist_sets_up_two_factor_login_and_then_needs_a_fresh_code(
    http: httpx.Client, world: World
) -> None:
    therapist_id = _therapist(http, world, "t.tweestaps")
    first = _login(http, "t.tweestaps")
    assert first.status_code == 200 and first.json()["access"] == "full"
    token = first.json()["token"]
    me = http.get("/v1/me", headers=_bearer(token)).json()
    assert (me["totp_enrolled"], me["totp_required"], me["access"]) == (False, False, "full")

    # Set it up: a secret and its otpauth:// URI, shown once; a wrong code does not confirm it.
    started = http.post("/v1/me/totp", headers=_bearer(token))
    assert started.status_code == 201
    secret = started.json()["secret"]
    assert started.json()["otpauth_uri"] == (
        f"otpauth://totp/methodisch:t.tweestaps?secret={secret}&issuer=methodisch"
    )
    totp = pyotp.TOTP(secret)
    wrong = http.post("/v1/me/totp/confirm", headers=_bearer(token), json={"code": _wrong(totp)})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "code"
    used = totp.now()
    confirmed = http.post("/v1/me/totp/confirm", headers=_bearer(token), json={"code": used})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["second_factor"] is True
    assert http.get("/v1/me", headers=_bearer(token)).status_code == 401  # replaced by the new one
    new = _bearer(confirmed.json()["token"])
    assert http.get("/v1/me", headers=new).json()["totp_enrolled"] is True
    assert http.get(f"/v1/therapists/{therapist_id}").json()["totp_enrolled_at"] is not None
    # Once set up it cannot be replaced with a token (a stolen one must not swap the factor).
    again = http.post("/v1/me/totp", headers=new)
    assert again.status_code == 409
    assert again.json()["type"] == "/problems/totp-enrolment-conflict"

    # From now on the password alone is not enough...
    without = _login(http, "t.tweestaps")
    assert without.status_code == 401
    assert without.json()["type"] == "/problems/totp-required"
    # ...nor a wrong code, nor the code already used to confirm (replay)...
    for code in (_wrong(totp), used):
        refused = _login(http, "t.tweestaps", code)
        assert refused.status_code == 401, code
        assert refused.json()["type"] == "/problems/totp-invalid"
    # ...a fresh code is, once.
    fresh = _next(totp)
    ok = _login(http, "t.tweestaps", fresh)
    assert ok.status_code == 200, ok.text
    assert ok.json()["second_factor"] is True and ok.json()["access"] == "full"
    assert http.get("/v1/episodes", headers=_bearer(ok.json()["token"])).status_code == 200
    replayed = _login(http, "t.tweestaps", fresh)
    assert replayed.status_code == 401
    assert replayed.json()["type"] == "/problems/totp-invalid"
    # A wrong password says nothing about the code, whatever the code.
    bad = http.post(
        "/v1/auth/login",
        headers=ANONYMOUS,
        json={"login": "t.tweestaps", "password": "fout wachtwoord!!", "totp_code": _next(totp)},
    )
    assert bad.json()["type"] == "/problems/unauthorized"


def test_missing_wrong_and_replayed_codes_count_towards_the_rate_limit(
    http: httpx.Client, world: World
) -> None:
    _therapist(http, world, "t.codes")
    totp, used, _ = _enrol(http, _login(http, "t.codes").json()["token"])
    attempts = [None, _wrong(totp), used, None, _wrong(totp)]
    for code in attempts:
        assert _login(http, "t.codes", code).status_code == 401
    limited = _login(http, "t.codes", _next(totp))
    assert limited.status_code == 429  # five failures: even the right password and code wait
    assert limited.json()["type"] == "/problems/too-many-requests"


def test_a_malformed_code_is_a_422_before_anything_is_checked(
    http: httpx.Client, world: World
) -> None:
    r = http.post(
        "/v1/auth/login",
        headers=ANONYMOUS,
        json={"login": "t.wie", "password": PASSWORD, "totp_code": "12345"},
    )
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["totp_code"]


def test_a_practice_can_require_two_factor_login_of_everyone(
    http: httpx.Client, world: World
) -> None:
    _therapist(http, world, "t.praktijk")
    before = _bearer(_login(http, "t.praktijk").json()["token"])
    assert http.get("/v1/episodes", headers=before).status_code == 200

    # Only the praktijkbeheerder changes the setting.
    admin = world.admin.headers
    etag = http.get("/v1/practice", headers=admin).headers["etag"]
    patch = {"totp_required": True}
    denied = http.patch("/v1/practice", headers=before | {"If-Match": etag}, json=patch)
    assert denied.status_code == 403
    changed = http.patch("/v1/practice", headers=admin | {"If-Match": etag}, json=patch)
    assert changed.status_code == 200, changed.text
    assert changed.json()["totp_required"] is True

    # At once, every token of a therapist without a code serves only to set it up: the one
    # from before, one from the CLI (the world's therapist), and a new login.
    for headers in (before, world.therapist.headers):
        r = http.get("/v1/episodes", headers=headers)
        assert r.status_code == 401
        assert r.json()["type"] == "/problems/totp-enrolment-required"
        assert 'error="insufficient_user_authentication"' in r.headers["www-authenticate"]
        assert http.get("/v1/me", headers=headers).json()["access"] == "totp-enrolment"
    login = _login(http, "t.praktijk")
    assert login.status_code == 200
    assert login.json()["access"] == "totp-enrolment"
    lifetime = _seconds(login.json()["expires_at"]) - _seconds(login.json()["created_at"])
    assert lifetime == 15 * 60
    enrolling = login.json()["token"]
    assert http.get("/v1/episodes", headers=_bearer(enrolling)).status_code == 401

    # Setting it up gives a token with full access; the therapist's others stay enrolment-only.
    totp, _, confirmed = _enrol(http, enrolling)
    assert confirmed["access"] == "full"
    assert http.get("/v1/episodes", headers=_bearer(confirmed["token"])).status_code == 200
    assert http.get("/v1/episodes", headers=before).status_code == 401
    me = http.get("/v1/me", headers=before).json()
    assert me["totp_enrolled"] is True and me["access"] == "totp-enrolment"
    assert _login(http, "t.praktijk", _next(totp)).json()["access"] == "full"

    # The praktijkbeheerder turns it off again: the password-only token works again.
    etag = changed.headers["etag"]
    off = http.patch(
        "/v1/practice", headers=admin | {"If-Match": etag}, json={"totp_required": False}
    )
    assert off.status_code == 200
    assert http.get("/v1/episodes", headers=world.therapist.headers).status_code == 200


def test_a_praktijkbeheerder_always_needs_two_factor_login_and_cannot_get_around_it(
    http: httpx.Client, world: World, settings: Settings
) -> None:
    beheerder_id = _therapist(http, world, "p.beheer", rol="praktijkbeheerder")
    login = _login(http, "p.beheer")
    assert login.status_code == 200
    assert login.json()["access"] == "totp-enrolment"
    enrolling = login.json()["token"]
    me = http.get("/v1/me", headers=_bearer(enrolling)).json()
    assert (me["totp_required"], me["totp_enrolled"]) == (True, False)

    # Not one route but the enrolment ones takes this token, whatever the route, and nothing
    # else the request gets wrong (If-Match, body) is looked at first.
    spec = http.get("/openapi.json").json()
    refused_on = []
    checked = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            key = (method.upper(), path)
            assert (operation.get("x-enrolment-token") is True) == (key in ENROLMENT_ROUTES)
            url = path.replace("{slug}", "unauthorized").replace("{step}", "anamnese")
            for name in ("episode_id", "therapist_id", "client_id", "token_id"):
                url = url.replace("{" + name + "}", "1")
            url = url.replace("{code}", "odi").replace("{profile}", "algemeen")
            anonymous = http.request(key[0], url, headers=ANONYMOUS, json={"onbekend": 1})
            if key in ENROLMENT_ROUTES or anonymous.status_code != 401:
                continue  # the enrolment routes, and the public ones (health, login, ...)
            r = http.request(key[0], url, headers=_bearer(enrolling), json={"onbekend": 1})
            checked += 1
            if r.status_code != 401 or r.json()["type"] != "/problems/totp-enrolment-required":
                refused_on.append(f"{key}: {r.status_code} {r.text[:120]}")
    assert not refused_on, "an enrolment-only token got further:\n" + "\n".join(refused_on)
    assert checked >= 25

    # A token from the CLI (the server's administrator) is no way around it either.
    from app.db import Database, make_engine
    from app.practices import service

    db = Database(make_engine(settings))
    try:
        cli_token = service.token_for(db, therapist_id=beheerder_id, days=1).token
    finally:
        db.dispose()
    assert http.get("/v1/audit", headers=_bearer(cli_token)).status_code == 401
    # Nor promoting a therapist with a full token: it becomes enrolment-only at once.
    colleague_id = _therapist(http, world, "t.promotie")
    colleague = _bearer(_login(http, "t.promotie").json()["token"])
    assert http.get("/v1/episodes", headers=colleague).status_code == 200
    etag = http.get(f"/v1/therapists/{colleague_id}").headers["etag"]
    promoted = http.patch(
        f"/v1/therapists/{colleague_id}",
        headers=world.admin.headers | {"If-Match": etag},
        json={"rol": "praktijkbeheerder"},
    )
    assert promoted.status_code == 200
    assert http.get("/v1/episodes", headers=colleague).status_code == 401

    # Set up, and logged in with a code: the praktijkbeheerder's routes are open.
    totp, _, confirmed = _enrol(http, enrolling)
    assert http.get("/v1/audit", headers=_bearer(confirmed["token"])).status_code == 200
    again = _login(http, "p.beheer", _next(totp))
    assert http.get("/v1/audit", headers=_bearer(again.json()["token"])).status_code == 200
    assert http.get("/v1/audit", headers=_bearer(cli_token)).status_code == 401  # still


def test_a_lost_phone_is_reset_by_another_praktijkbeheerder(
    http: httpx.Client, world: World
) -> None:
    therapist_id = _therapist(http, world, "t.kwijt")
    totp, _, _ = _enrol(http, _login(http, "t.kwijt").json()["token"])
    assert _login(http, "t.kwijt").status_code == 401

    own = http.delete(f"/v1/therapists/{world.admin.id}/totp", headers=world.admin.headers)
    assert own.status_code == 403  # never your own: a stolen token could replace it
    by_therapist = http.delete(f"/v1/therapists/{therapist_id}/totp")
    assert by_therapist.status_code == 403
    assert http.delete("/v1/therapists/999999/totp", headers=world.admin.headers).status_code == 404
    foreign = http.delete(f"/v1/therapists/{therapist_id}/totp", headers=world.outsider.headers)
    assert foreign.status_code == 404

    reset = http.delete(f"/v1/therapists/{therapist_id}/totp", headers=world.admin.headers)
    assert reset.status_code == 204
    assert http.get(f"/v1/therapists/{therapist_id}").json()["totp_enrolled_at"] is None
    after = _login(http, "t.kwijt")  # not required of this therapist: the password again
    assert after.status_code == 200 and after.json()["access"] == "full"
    # and a new secret can be set up; the old app's codes no longer work
    new_totp, _, _ = _enrol(http, after.json()["token"])
    assert new_totp.secret != totp.secret
    assert _login(http, "t.kwijt", _next(totp)).status_code == 401


def test_an_epd_has_no_second_factor_to_set_up(http: httpx.Client, world: World) -> None:
    r = http.post("/v1/me/totp", headers=world.epd.headers)
    assert r.status_code == 403
    assert http.get("/v1/me", headers=world.epd.headers).json()["access"] == "full"


def test_the_secret_is_stored_sealed(http: httpx.Client, world: World, settings: Settings) -> None:
    _therapist(http, world, "t.verzegeld")
    totp, _, _ = _enrol(http, _login(http, "t.verzegeld").json()["token"])
    engine = create_engine(settings.database_url)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT totp_secret FROM therapist WHERE login = 't.verzegeld'")
        ).scalar_one()
    engine.dispose()
    assert stored.startswith("v1.") and totp.secret not in stored
    if settings.database_url.startswith("sqlite:///"):
        raw = Path(settings.database_url.removeprefix("sqlite:///")).read_bytes()
        wal = Path(settings.database_url.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert totp.secret.encode() not in raw


def _seconds(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso).timestamp()
