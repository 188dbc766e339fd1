"""Who the letters go to, and what the client consented to share (issue 12), as a therapist
walks through it: add the verwijzer and the huisarts, record consent for the eindverslag,
withdraw it, and the rules on whose consent counts (WGBO art. 7:450 and 7:465)."""

from datetime import date, timedelta
from typing import Any

import httpx

from api_tests.support import Api, error_fields, problem_codes

VERWIJZER = {
    "rol": "verwijzer",
    "naam": "Dr. A. Bakker, orthopedisch chirurg",
    "agb": "03012345",
    "organisatie": "Ziekenhuis Rivierenland",
}
HUISARTS = {"rol": "huisarts", "naam": "J. de Vries", "agb": "01012345"}
GEGEVEN = {
    "doel": "eindverslag",
    "besluit": "gegeven",
    "door": ["client"],
    "datum": "2026-03-02",
    "wijze": "mondeling",
}


def post(
    api: Api, episode_id: int, what: str, body: dict[str, Any], **headers: str
) -> httpx.Response:
    """POST a contact or consent with the episode's last ETag (unless headers say otherwise)."""
    sent = {"If-Match": api.etags[episode_id]} | headers
    r = api.http.post(f"/v1/episodes/{episode_id}/{what}", json=body, headers=sent)
    if r.is_success:
        api.etags[episode_id] = r.headers["etag"]
    return r


def listed(api: Api, episode_id: int, what: str) -> dict[str, Any]:
    r = api.http.get(f"/v1/episodes/{episode_id}/{what}")
    assert r.status_code == 200, r.text
    assert r.headers["etag"] == api.etags[episode_id]
    return dict(r.json())


def test_the_verwijzer_and_the_huisarts_are_added_and_listed(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    before = api.get(ep)
    assert before["contacten"] == []
    assert before["verwijzing"]["verwijzer_type"] == "huisarts"  # the referral keeps its own

    r = post(api, ep, "contacten", VERWIJZER)
    assert r.status_code == 201, r.text
    assert r.json() == VERWIJZER | {"id": 1}
    assert r.headers["etag"] == f'"{before["version"] + 1}"'
    assert r.headers["location"] == f"/v1/episodes/{ep}/contacten"
    r = post(api, ep, "contacten", HUISARTS)
    assert r.status_code == 201, r.text
    assert r.json() == HUISARTS | {"id": 2, "organisatie": None}

    assert listed(api, ep, "contacten")["items"] == [
        VERWIJZER | {"id": 1},
        HUISARTS | {"id": 2, "organisatie": None},
    ]
    shown = api.get(ep)
    assert [c["rol"] for c in shown["contacten"]] == ["verwijzer", "huisarts"]
    assert shown["verwijzing"] == before["verwijzing"]
    added = [e for e in api.events(ep) if e["kind"] == "contact_added"]
    # The history names the role, never the person.
    assert [e["data"] for e in added] == [
        {"contact_id": 1, "rol": "verwijzer"},
        {"contact_id": 2, "rol": "huisarts"},
    ]


def test_an_agb_code_is_eight_digits(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    for agb in ("0101234", "010123456", "0101234a", "01 12345", 1012345):
        r = post(api, ep, "contacten", HUISARTS | {"agb": agb})
        assert r.status_code == 422, (agb, r.text)
        assert error_fields(r) == ["agb"], agb
    assert listed(api, ep, "contacten")["items"] == []
    r = post(api, ep, "contacten", HUISARTS | {"rol": "tandarts"})
    assert r.status_code == 422
    assert error_fields(r) == ["rol"]


def test_consent_for_the_eindverslag_is_given_then_withdrawn(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    post(api, ep, "contacten", VERWIJZER)
    huisarts = post(api, ep, "contacten", HUISARTS).json()["id"]

    given = post(api, ep, "toestemmingen", GEGEVEN | {"ontvanger": huisarts})
    assert given.status_code == 201, given.text
    assert given.json() | {"vastgelegd_door": "", "vastgelegd_op": ""} == GEGEVEN | {
        "id": 1,
        "ontvanger": huisarts,
        "toelichting": None,
        "vastgelegd_door": "",
        "vastgelegd_op": "",
    }
    assert given.json()["vastgelegd_door"]
    withdrawal = GEGEVEN | {
        "ontvanger": huisarts,
        "besluit": "ingetrokken",
        "datum": "2026-03-09",
        "wijze": "schriftelijk",
        "toelichting": "Cliënt wil geen verslag meer naar de huisarts.",
    }
    withdrawn = post(api, ep, "toestemmingen", withdrawal)
    assert withdrawn.status_code == 201, withdrawn.text
    assert withdrawn.json()["id"] == 2

    consents = listed(api, ep, "toestemmingen")
    assert [(t["id"], t["besluit"]) for t in consents["items"]] == [
        (1, "gegeven"),
        (2, "ingetrokken"),
    ]
    assert consents["items"][1]["toelichting"] == withdrawal["toelichting"]
    assert [(t["doel"], t["ontvanger"], t["id"]) for t in consents["geldend"]] == [
        ("eindverslag", huisarts, 2)
    ]
    assert api.get(ep)["toestemmingen_geldend"] == consents["geldend"]
    events = [e["data"] for e in api.events(ep) if e["kind"] == "toestemming"]
    assert events == [
        {"toestemming_id": 1, "doel": "eindverslag", "ontvanger": huisarts, "besluit": "gegeven"},
        {
            "toestemming_id": 2,
            "doel": "eindverslag",
            "ontvanger": huisarts,
            "besluit": "ingetrokken",
        },
    ]

    # Once withdrawn, there is nothing left to withdraw.
    again = post(api, ep, "toestemmingen", withdrawal)
    assert again.status_code == 409, again.text
    assert problem_codes(again) == ["toestemming.eindverslag.niet_gegeven"]


def test_withdrawing_what_was_never_given_is_refused(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    huisarts = post(api, ep, "contacten", HUISARTS).json()["id"]
    version = api.get(ep)["version"]
    for ontvanger in (None, huisarts):
        r = post(
            api, ep, "toestemmingen", GEGEVEN | {"besluit": "ingetrokken", "ontvanger": ontvanger}
        )
        assert r.status_code == 409, r.text
        assert r.json()["type"] == "/problems/step-not-writable"
        assert problem_codes(r) == ["toestemming.eindverslag.niet_gegeven"]
    # A refusal is not a consent to withdraw either.
    refused = post(api, ep, "toestemmingen", GEGEVEN | {"besluit": "geweigerd"})
    assert refused.status_code == 201, refused.text
    r = post(api, ep, "toestemmingen", GEGEVEN | {"besluit": "ingetrokken"})
    assert r.status_code == 409
    assert problem_codes(r) == ["toestemming.eindverslag.niet_gegeven"]
    assert [t["id"] for t in listed(api, ep, "toestemmingen")["items"]] == [1]
    assert api.get(ep)["version"] == version + 1  # of the four, only the refusal was written


def test_for_a_child_under_12_the_parents_consent(api: Api) -> None:
    ep = api.create_episode(route="verwijzing", client={"leeftijdsgroep": "kind_onder_12"})
    by_the_child = post(api, ep, "toestemmingen", GEGEVEN)
    assert by_the_child.status_code == 409, by_the_child.text
    assert problem_codes(by_the_child) == ["toestemming.eindverslag.door"]
    assert api.get(ep)["version"] == 1
    assert listed(api, ep, "toestemmingen") == {"items": [], "geldend": []}

    by_the_parents = post(api, ep, "toestemmingen", GEGEVEN | {"door": ["ouders"]})
    assert by_the_parents.status_code == 201, by_the_parents.text
    assert by_the_parents.json()["door"] == ["ouders"]


def test_a_consent_names_a_contact_of_this_episode_and_no_future_date(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    other = api.create_episode(route="verwijzing")
    assert post(api, other, "contacten", HUISARTS).status_code == 201
    # The other episode's contact 1 is no contact of this one.
    for ontvanger in (1, 2_147_483_647):
        r = post(api, ep, "toestemmingen", GEGEVEN | {"ontvanger": ontvanger})
        assert r.status_code == 422, r.text
        assert error_fields(r) == ["ontvanger"]
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    r = post(api, ep, "toestemmingen", GEGEVEN | {"datum": tomorrow})
    assert r.status_code == 422, r.text
    assert error_fields(r) == ["datum"]
    r = post(api, ep, "toestemmingen", GEGEVEN | {"door": []})
    assert r.status_code == 422
    assert error_fields(r) == ["door"]
    r = post(api, ep, "toestemmingen", GEGEVEN | {"doel": "reclame"})
    assert r.status_code == 422
    assert error_fields(r) == ["doel"]
    assert listed(api, ep, "toestemmingen")["items"] == []


def test_without_if_match_nothing_is_written(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    for what, body in (("contacten", HUISARTS), ("toestemmingen", GEGEVEN)):
        r = api.http.post(f"/v1/episodes/{ep}/{what}", json=body)
        assert r.status_code == 428, r.text
        assert r.json()["type"] == "/problems/precondition-required"
    assert api.get(ep)["version"] == 1


def test_a_closed_episode_takes_no_contacts_or_consents(api: Api) -> None:
    ep = api.create_episode()
    api.fire(ep, "client_stopt", {"reden": "Geen tijd."})
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "client_gestopt",
            "eindrapportage_verzonden_aan": "geen",
            "eindrapportage_geen_reden": "DTO zonder huisartsbericht.",
            "besproken_met_client": True,
        },
    )
    assert api.fire(ep, "afsluiten") == "afgesloten"
    for what, body in (("contacten", HUISARTS), ("toestemmingen", GEGEVEN)):
        r = post(api, ep, what, body)
        assert r.status_code == 409, r.text
        assert r.json()["type"] == "/problems/episode-closed"
        assert problem_codes(r) == ["episode.afgesloten"]
    assert listed(api, ep, "contacten")["items"] == []


def test_a_retry_with_the_same_idempotency_key_adds_nothing(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    first = post(api, ep, "contacten", HUISARTS, **{"Idempotency-Key": "contact-1"})
    assert first.status_code == 201
    retry = api.http.post(
        f"/v1/episodes/{ep}/contacten",
        json=HUISARTS,
        headers={"If-Match": '"1"', "Idempotency-Key": "contact-1"},
    )
    assert (retry.status_code, retry.json(), retry.headers["etag"]) == (
        201,
        first.json(),
        first.headers["etag"],
    )
    assert len(listed(api, ep, "contacten")["items"]) == 1


def test_the_verwijzer_named_in_the_referral_is_the_first_contact(api: Api) -> None:
    verwijzer = {"naam": "Dr. Verwijzer", "agb": "01054321", "organisatie": "Gezondheidscentrum"}
    referral = {
        "verwijzer_type": "huisarts",
        "datum": "2026-03-01",
        "verwijsdiagnose": "Aspecifieke lage rugklachten",
        "verwijzer": verwijzer,
    }
    ep = api.create_episode(route="verwijzing", verwijzing=referral)
    body = api.get(ep)
    assert body["contacten"] == [{"id": 1, "rol": "verwijzer", **verwijzer}]
    assert body["verwijzing"].get("verwijzer") is None  # kept once: as the contact

    bad = api.create(
        route="verwijzing", verwijzing=referral | {"verwijzer": verwijzer | {"agb": "1"}}
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["verwijzing.verwijzer.agb"]


def test_the_consent_rules_are_served_with_their_source(http: httpx.Client) -> None:
    for profile in ("algemeen", "bekken", "psychosomatisch"):
        served = http.get(f"/v1/workflows/{profile}").json()
        rules = {r["name"]: r for r in served["write_rules"]}
        for name in ("toestemming.door", "bericht.verzenden_met_toestemming"):
            assert rules[name]["source"].startswith(("WGBO", "003"))
    gates = {g["name"] for g in http.get("/v1/workflows/algemeen").json()["gates"]}
    assert "delen.tijdelijke_verwijzing" in gates
