"""A specialist profile only for a therapist registered for it (000 and 004 ch.1), and only
while that registration is valid (003 §3.3: a five-yearly herregistratie)."""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from api_tests.support import PASSWORD, Api, example
from app.testing import ACTING_USER as ACTING
from app.testing import World

CLIENT = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True}
VERWIJZING = {
    "verwijzer_type": "huisarts",
    "datum": "2026-03-01",
    "verwijsdiagnose": "Urine-incontinentie",
}


def _bekken_therapist(http: httpx.Client, world: World) -> dict[str, str]:
    made = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json={
            "naam": "B. Bekken",
            "login": "b.bekken",
            "registraties": [
                {"register": "oefentherapeut"},
                {"register": "bekkenoefentherapeut", "geldig_tot": _in_years(5)},
            ],
        },
    ).json()
    return {"id": str(made["id"])}


def test_a_therapist_without_the_bekken_registration_cannot_start_a_bekken_episode(
    api: Api,
) -> None:
    r = api.create(profile="bekken", route="verwijzing", client=CLIENT, verwijzing=VERWIJZING)
    assert r.status_code == 403
    body = r.json()
    assert body["type"] == "/problems/registration-missing"
    assert "bekkenoefentherapeut" in body["detail"]
    assert body["errors"] == [
        {"field": "registraties", "code": "registratie.missing", "message": "bekkenoefentherapeut"}
    ]


def test_an_epd_acts_for_the_responsible_therapist_and_their_registration_counts(
    http: httpx.Client, world: World
) -> None:
    bekken = _bekken_therapist(http, world)
    epd = {"Authorization": f"Bearer {world.epd.token}"} | ACTING
    body = {
        "client_ref": "EPD-BEKKEN-1",
        "profile": "bekken",
        "route": "verwijzing",
        "client": CLIENT,
        "verwijzing": VERWIJZING,
    }
    missing = http.post("/v1/episodes", headers=epd, json=body)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "therapist_id"

    generalist = http.post(
        "/v1/episodes", headers=epd, json=body | {"therapist_id": world.therapist.id}
    )
    assert generalist.status_code == 403

    made = http.post("/v1/episodes", headers=epd, json=body | {"therapist_id": int(bekken["id"])})
    assert made.status_code == 201, made.text
    assert made.json()["profile"] == "bekken"
    assert made.json()["therapist_id"] == int(bekken["id"])

    # The unregistered generalist cannot advance it either.
    ep, etag = made.json()["id"], made.headers["etag"]
    r = http.post(
        f"/v1/episodes/{ep}/transitions",
        headers={"If-Match": etag},
        json={"trigger": "anamnese_afronden"},
    )
    assert r.status_code == 403
    assert r.json()["type"] == "/problems/registration-missing"


def test_an_unknown_or_foreign_responsible_therapist_is_refused(
    http: httpx.Client, world: World
) -> None:
    epd = {"Authorization": f"Bearer {world.epd.token}"} | ACTING
    body = {
        "client_ref": "EPD-2",
        "route": "dto",
        "client": CLIENT,
        "therapist_id": world.outsider.id,
    }
    r = http.post("/v1/episodes", headers=epd, json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "therapist_id",
        "code": "therapist_id.unknown",
        "message": "geen actieve therapeut van deze praktijk",
    }


# --- registrations expire ----------------------------------------------------------------------


def _today() -> date:
    """The day as the server counts it: in the Netherlands."""
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def _in_years(years: int) -> str:
    return f"{_today().year + years}-12-31"


def _by_register(therapist: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["register"]: r for r in therapist["registraties"]}


def test_an_expired_specialist_registration_counts_as_missing_until_it_is_renewed(
    http: httpx.Client, world: World
) -> None:
    yesterday = (_today() - timedelta(days=1)).isoformat()
    made = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json={
            "naam": "S. Specialist",
            "login": "s.specialist",
            "registraties": [
                {"register": "oefentherapeut", "nummer": "29012345678", "geldig_tot": yesterday},
                {
                    "register": "bekkenoefentherapeut",
                    "nummer": "39012345678",
                    "geldig_tot": yesterday,
                },
                {"register": "psychosomatisch_oefentherapeut", "geldig_tot": yesterday},
            ],
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201, made.text
    specialist = made.json()["id"]
    # Each registration as recorded, and whether it counts today: the base title never lapses.
    assert _by_register(made.json()) == {
        "oefentherapeut": {
            "register": "oefentherapeut",
            "nummer": "29012345678",
            "geldig_tot": yesterday,
            "geldig": True,
        },
        "bekkenoefentherapeut": {
            "register": "bekkenoefentherapeut",
            "nummer": "39012345678",
            "geldig_tot": yesterday,
            "geldig": False,
        },
        "psychosomatisch_oefentherapeut": {
            "register": "psychosomatisch_oefentherapeut",
            "nummer": None,
            "geldig_tot": yesterday,
            "geldig": False,
        },
    }
    token = http.post(
        "/v1/auth/login",
        headers={"Authorization": ""},
        json={"login": "s.specialist", "password": PASSWORD},
    ).json()["token"]
    own = {"Authorization": f"Bearer {token}"}
    me = http.get("/v1/me", headers=own).json()
    assert {r["register"]: r["geldig"] for r in me["registraties"]} == {
        "oefentherapeut": True,
        "bekkenoefentherapeut": False,
        "psychosomatisch_oefentherapeut": False,
    }

    # Not responsible for a new bekken episode: not through an EPD, not on their own.
    epd = {"Authorization": f"Bearer {world.epd.token}"} | ACTING
    body = {
        "client_ref": "EPD-VERLOPEN-1",
        "profile": "bekken",
        "route": "verwijzing",
        "client": CLIENT,
        "verwijzing": VERWIJZING,
        "therapist_id": specialist,
    }
    for refused in (
        http.post("/v1/episodes", headers=epd, json=body),
        http.post("/v1/episodes", headers=own, json=body | {"therapist_id": None}),
    ):
        assert refused.status_code == 403, refused.text
        problem = refused.json()
        assert problem["type"] == "/problems/registration-missing"
        assert "verlopen" in problem["detail"] and dutch(yesterday) in problem["detail"]
        assert problem["errors"] == [
            {
                "field": "registraties",
                "code": "registratie.verlopen",
                "message": "bekkenoefentherapeut",
            }
        ]
    # The generalist profile stays open to them: the base title does not lapse.
    assert (
        http.post(
            "/v1/episodes",
            headers=epd,
            json=body | {"client_ref": "EPD-VERLOPEN-2", "profile": "algemeen"},
        ).status_code
        == 201
    )

    # Nor can they receive a hand-over (moderate SOLK, to the psychosomatic profile).
    api = Api(http)
    ep = api.create_episode(route="verwijzing")
    api.record(ep, "anamnese", example("anamnese", solk_complexiteit="matig_ernstig"))
    handover = {"profile": "psychosomatisch", "therapist_id": specialist}
    refused = http.post(
        f"/v1/episodes/{ep}/handover", headers={"If-Match": api.etags[ep]}, json=handover
    )
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"] == "/problems/registration-missing"
    assert "verlopen" in refused.json()["detail"] and dutch(yesterday) in refused.json()["detail"]
    assert refused.json()["errors"][0]["code"] == "registratie.verlopen"

    # Herregistratie: the praktijkbeheerder records the new end dates; they count at once.
    renewed_until = _in_years(5)
    current = http.get(f"/v1/therapists/{specialist}")
    renewed = http.patch(
        f"/v1/therapists/{specialist}",
        headers=world.admin.headers | {"If-Match": current.headers["etag"]},
        json={
            "registraties": [
                {"register": "oefentherapeut", "nummer": "29012345678"},
                {
                    "register": "bekkenoefentherapeut",
                    "nummer": "39012345678",
                    "geldig_tot": renewed_until,
                },
                {"register": "psychosomatisch_oefentherapeut", "geldig_tot": renewed_until},
            ]
        },
    )
    assert renewed.status_code == 200, renewed.text
    assert {
        r["register"]: (r["geldig_tot"], r["geldig"]) for r in renewed.json()["registraties"]
    } == {
        "oefentherapeut": (None, True),
        "bekkenoefentherapeut": (renewed_until, True),
        "psychosomatisch_oefentherapeut": (renewed_until, True),
    }
    assert all(r["geldig"] for r in http.get("/v1/me", headers=own).json()["registraties"])

    made_ep = http.post("/v1/episodes", headers=epd, json=body)
    assert made_ep.status_code == 201, made_ep.text
    assert made_ep.json()["therapist_id"] == specialist
    own_ep = http.post(
        "/v1/episodes",
        headers=own,
        json=body | {"client_ref": "EPD-VERLOPEN-3", "therapist_id": None},
    )
    assert own_ep.status_code == 201, own_ep.text
    moved = http.post(
        f"/v1/episodes/{ep}/handover", headers={"If-Match": api.etags[ep]}, json=handover
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["profile"], moved.json()["therapist_id"]) == (
        "psychosomatisch",
        specialist,
    )


def _refused_fields(r: httpx.Response) -> list[tuple[str, str]]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return [(e["field"], e["code"]) for e in r.json()["errors"]]


def test_a_specialist_registration_needs_its_end_date(http: httpx.Client, world: World) -> None:
    body = {
        "naam": "Z. Zonderdatum",
        "login": "z.zonderdatum",
        "registraties": [
            {"register": "oefentherapeut", "nummer": "29012345678"},
            {"register": "bekkenoefentherapeut", "nummer": "39012345678"},
        ],
    }
    r = http.post("/v1/therapists", headers=world.admin.headers, json=body)
    assert _refused_fields(r) == [("registraties.1.geldig_tot", "missing")]

    # The base registration needs none; a herregistratie that forgets the date is refused too.
    made = http.post(
        "/v1/therapists",
        headers=world.admin.headers,
        json=body | {"registraties": body["registraties"][:1]},
    )
    assert made.status_code == 201, made.text
    r = http.patch(
        f"/v1/therapists/{made.json()['id']}",
        headers=world.admin.headers | {"If-Match": made.headers["etag"]},
        json={"registraties": [{"register": "psychosomatisch_oefentherapeut", "geldig_tot": None}]},
    )
    assert _refused_fields(r) == [("registraties.0.geldig_tot", "missing")]


def test_a_registration_number_is_1_to_12_digits_and_each_register_is_named_once(
    http: httpx.Client, world: World
) -> None:
    def therapist(*registraties: dict[str, Any]) -> httpx.Response:
        return http.post(
            "/v1/therapists",
            headers=world.admin.headers,
            json={"naam": "N. Nummer", "login": "n.nummer", "registraties": list(registraties)},
        )

    for nummer in ("12ab", "", "1234567890123", "12 34", 1234):
        r = therapist({"register": "oefentherapeut", "nummer": nummer})
        assert [f for f, _ in _refused_fields(r)] == ["registraties.0.nummer"], nummer
    r = therapist({"register": "oefentherapeut", "geldig_tot": "31-12-2029"})
    assert [f for f, _ in _refused_fields(r)] == ["registraties.0.geldig_tot"]
    r = therapist({"register": "tandarts"})
    assert [f for f, _ in _refused_fields(r)] == ["registraties.0.register"]
    r = therapist({"register": "oefentherapeut"}, {"register": "oefentherapeut", "nummer": "1"})
    assert _refused_fields(r) == [("registraties", "registratie.dubbel")]

    made = therapist({"register": "oefentherapeut", "nummer": "1"})
    assert made.status_code == 201, made.text
    assert made.json()["registraties"] == [
        {"register": "oefentherapeut", "nummer": "1", "geldig_tot": None, "geldig": True}
    ]


@pytest.mark.parametrize("field", ["naam", "rol", "inwendig_onderzoek_bevoegd", "password"])
def test_null_for_a_therapist_field_that_always_holds_a_value_is_named(
    http: httpx.Client, world: World, field: str
) -> None:
    me = http.get(f"/v1/therapists/{world.therapist.id}", headers=world.admin.headers)
    r = http.patch(
        f"/v1/therapists/{world.therapist.id}",
        json={field: None},
        headers=world.admin.headers | {"If-Match": me.headers["etag"]},
    )
    assert r.status_code == 422, r.text
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [(field, "not_null")]


def test_null_for_the_practice_name_is_named(http: httpx.Client, world: World) -> None:
    practice = http.get("/v1/practice", headers=world.admin.headers)
    r = http.patch(
        "/v1/practice",
        json={"naam": None, "totp_required": True},
        headers=world.admin.headers | {"If-Match": practice.headers["etag"]},
    )
    assert r.status_code == 422, r.text
    assert ("naam", "not_null") in [(e["field"], e["code"]) for e in r.json()["errors"]]


def dutch(iso: str) -> str:
    """A day as the messages write it: 28-11-2026."""
    return "-".join(reversed(iso.split("-")))
