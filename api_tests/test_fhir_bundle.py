"""An episode as a FHIR R4 Bundle, over HTTP only: `GET /v1/episodes/{id}/fhir` gives every part
of the episode as valid FHIR (checked with the `fhir.resources` R4B models, entry by entry and
as a whole), the entries refer only to each other, the client is named by nothing but the EPD's
reference, the values are the engine's own, it is found only in the caller's practice, and the
access log keeps it as an export for that client."""

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from api_tests.support import PASSWORD, Api, example, served_example

BASE = "https://methodisch.example/fhir"  # the project's canonical URLs (`app/fhir/urls.py`)
CLIENT_REF_SYSTEM = f"{BASE}/NamingSystem/client-ref"
SCORE_SYSTEM = f"{BASE}/CodeSystem/score"
ODIM_SYSTEM = f"{BASE}/CodeSystem/odim-domein"
EXT_MOMENT = f"{BASE}/StructureDefinition/meetmoment"
LOINC = "http://loinc.org"
AGB_Z = "http://fhir.nl/fhir/NamingSystem/agb-z"
FHIR_JSON = "application/fhir+json"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"

CLIENT_REF = "FHIR-0042"
ODI = {f"q{n}": 2 for n in range(1, 11) if n != 8}  # q8 left out: one section may be missing
ODI_EIND = {f"q{n}": 1 for n in range(1, 11)}
COLLEGA = {"rol": "collega", "naam": "M. Collega", "agb": "04012345"}


def _bundle(api: Api, ep: int, **headers: str) -> dict[str, Any]:
    r = api.http.get(f"/v1/episodes/{ep}/fhir", headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    [resource] = _resources(bundle, kind)
    return resource


def _url_of(bundle: dict[str, Any], resource: dict[str, Any]) -> str:
    return str(next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is resource))


def _references(node: Any) -> Iterator[str]:
    """Every `reference` anywhere in a resource."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _codes(concept: dict[str, Any], system: str) -> list[str]:
    return [c["code"] for c in concept.get("coding", []) if c["system"] == system]


def _assert_valid_fhir(bundle: dict[str, Any]) -> None:
    """Each entry by the R4B model of its resourceType, then the whole Bundle; parsing it and
    writing it out again gives exactly what was served."""
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        parsed = model.model_validate(resource)
        assert parsed.model_dump(mode="json", exclude_none=True) == resource
    parsed_bundle = Bundle.model_validate(bundle)
    assert parsed_bundle.model_dump(mode="json", exclude_none=True) == bundle
    assert Bundle.model_validate_json(parsed_bundle.model_dump_json(exclude_none=True)) == (
        parsed_bundle
    )


def _assert_self_contained(bundle: dict[str, Any]) -> None:
    """Every fullUrl is a distinct urn:uuid (a UUID v5), and every reference is one of them."""
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    for url in urls:
        assert url.startswith("urn:uuid:")
        assert uuid.UUID(url.removeprefix("urn:uuid:")).version == 5
    for entry in bundle["entry"]:
        for reference in _references(entry["resource"]):
            assert reference in urls, (entry["resource"]["resourceType"], reference)


def _whole_algemeen_episode(api: Api) -> int:
    """A referred woman taken to afgesloten: NPRS and ODI at baseline and at the end, the
    example diagnose and behandelplan (four subdoelen), an eindverslag with its consent, a
    refused consent for the LDO, and one for overleg with a colleague given and withdrawn."""
    ep = api.create_episode(
        route="verwijzing",
        client_ref=CLIENT_REF,
        client={"geboortedatum": "1980-05-17", "wilsbekwaam": True, "geslacht": "vrouw"},
    )
    assert api.complete_step(ep, "anamnese") == "onderzoek"
    assert api.measure(ep, "nprs", "baseline", {"score": 6}, "2026-03-10").status_code == 201
    assert api.measure(ep, "odi", "baseline", ODI, "2026-03-10").status_code == 201
    api.advance_to(ep, "evaluatie")
    assert api.measure(ep, "nprs", "eind", {"score": 2}, "2026-04-20").status_code == 201
    assert api.measure(ep, "odi", "eind", ODI_EIND, "2026-04-20").status_code == 201
    assert api.consent(ep, "ldo", besluit="geweigerd").status_code == 201
    colleague = api.post(ep, "contacten", COLLEGA)
    assert colleague.status_code == 201, colleague.text
    for besluit in ("gegeven", "ingetrokken"):
        shared = api.consent(
            ep, "intercollegiaal_overleg", besluit=besluit, ontvanger=colleague.json()["id"]
        )
        assert shared.status_code == 201, shared.text
    api.advance_to(ep, "afgesloten")  # afsluiting: a huisarts contact, consent and eindverslag
    return ep


def test_an_algemeen_episode_is_a_valid_self_contained_bundle(api: Api) -> None:
    ep = _whole_algemeen_episode(api)
    episode = api.get(ep)

    r = api.http.get(f"/v1/episodes/{ep}/fhir")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == FHIR_JSON
    assert r.headers["vary"] == "Accept"
    assert r.headers["etag"] == f'"{episode["version"]}"'
    bundle = r.json()
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    _assert_valid_fhir(bundle)
    _assert_self_contained(bundle)

    # The same things get the same URLs in every export; reading changed nothing.
    again = _bundle(api, ep)
    assert [e["fullUrl"] for e in again["entry"]] == [e["fullUrl"] for e in bundle["entry"]]
    assert api.get(ep)["version"] == episode["version"]


def test_the_client_is_only_the_epds_reference(api: Api) -> None:
    ep = _whole_algemeen_episode(api)
    served = api.http.get(f"/v1/episodes/{ep}/fhir")
    assert "http://fhir.nl/fhir/NamingSystem/bsn" not in served.text
    bundle = served.json()
    patient = _one(bundle, "Patient")
    [identifier] = patient["identifier"]
    assert (identifier["system"], identifier["value"]) == (CLIENT_REF_SYSTEM, CLIENT_REF)
    for absent in ("name", "telecom", "address", "photo", "contact"):
        assert absent not in patient
    assert patient["gender"] == "female"
    assert patient["birthDate"] == "1980-05-17"

    organization = _one(bundle, "Organization")
    [agb] = organization["identifier"]
    assert agb["system"] == AGB_Z and len(agb["value"]) == 8
    assert organization["name"] == "Praktijk A"
    assert identifier["assigner"]["reference"] == _url_of(bundle, organization)


def test_episode_diagnosis_plan_and_goals_hold_the_records(api: Api) -> None:
    ep = _whole_algemeen_episode(api)
    bundle = _bundle(api, ep)
    patient_url = _url_of(bundle, _one(bundle, "Patient"))

    care = _one(bundle, "EpisodeOfCare")
    assert care["status"] == "finished"
    assert care["identifier"] == [{"system": f"{BASE}/NamingSystem/episode", "value": str(ep)}]
    assert _codes(care["type"][0], f"{BASE}/CodeSystem/profiel") == ["algemeen"]
    assert care["patient"]["reference"] == patient_url
    assert care["period"]["start"] == api.get(ep)["aangemeld_op"]
    assert care["period"]["end"] >= care["period"]["start"]
    role = _one(bundle, "PractitionerRole")
    assert care["careManager"]["reference"] == _url_of(bundle, role)
    practitioner = _one(bundle, "Practitioner")
    assert role["practitioner"]["reference"] == _url_of(bundle, practitioner)
    assert [q["code"]["text"] for q in practitioner["qualification"]] == ["oefentherapeut"]
    assert "name" in practitioner

    condition = _one(bundle, "Condition")
    assert care["diagnosis"][0]["condition"]["reference"] == _url_of(bundle, condition)
    assert condition["code"]["text"] == example("diagnose")["oefentherapeutische_diagnose"]
    assert condition["subject"]["reference"] == patient_url
    assert _codes(condition["clinicalStatus"], CONDITION_CLINICAL) == ["resolved"]
    assert condition["recordedDate"]
    if "diagnosecode" in example("diagnose"):  # the DCSPH code, once the form has it
        assert _codes(condition["code"], f"{BASE}/CodeSystem/dcsph") == [
            example("diagnose")["diagnosecode"]
        ]

    plan = example("behandelplan")
    careplan = _one(bundle, "CarePlan")
    goals = _resources(bundle, "Goal")
    assert (careplan["status"], careplan["intent"]) == ("completed", "plan")
    assert len(goals) == 1 + len(plan["subdoelen"])
    assert [g["reference"] for g in careplan["goal"]] == [_url_of(bundle, g) for g in goals]
    hoofddoel, *subdoelen = goals
    assert hoofddoel["description"]["text"] == plan["hoofddoel"]
    assert _codes(hoofddoel["category"][1], f"{BASE}/CodeSystem/doelniveau") == [
        plan["hoofddoel_niveau"]
    ]
    assert [g["description"]["text"] for g in subdoelen] == [
        s["omschrijving"] for s in plan["subdoelen"]
    ]
    assert [_codes(g["category"][1], ODIM_SYSTEM) for g in subdoelen] == [
        [s["odim_domein"]] for s in plan["subdoelen"]
    ]
    assert {g["lifecycleStatus"] for g in goals} == {"completed"}
    # The evaluatie's example: hoofddoel and the first subdoel fully reached.
    assert hoofddoel["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert subdoelen[0]["achievementStatus"]["coding"][0]["code"] == "achieved"
    assert all(g["subject"]["reference"] == patient_url for g in goals)


def test_every_score_is_an_observation_of_its_questionnaire_response(api: Api) -> None:
    ep = _whole_algemeen_episode(api)
    bundle = _bundle(api, ep)
    measured = api.http.get(f"/v1/episodes/{ep}/measurements").json()["items"]
    responses = _resources(bundle, "QuestionnaireResponse")
    observations = _resources(bundle, "Observation")
    assert len(responses) == len(measured) == 4

    for m, qr in zip(measured, responses, strict=True):
        assert qr["questionnaire"] == f"{BASE}/Questionnaire/{m['instrument']}"
        assert qr["status"] == "completed"
        assert qr["authored"] == m["afgenomen_op"]
        assert qr["extension"] == [{"url": EXT_MOMENT, "valueCode": m["moment"]}]
        answered = {i["linkId"]: [a["valueInteger"] for a in i["answer"]] for i in qr["item"]}
        assert answered == {k: [v] for k, v in m["responses"].items()}

        qr_url = _url_of(bundle, qr)
        mine = [o for o in observations if o["derivedFrom"] == [{"reference": qr_url}]]
        values = m["score"]["values"]
        scores = {k: v for k, v in values.items() if not k.endswith("_band")}
        assert len(mine) == len(scores)
        for name, value in scores.items():
            [o] = [
                o for o in mine if _codes(o["code"], SCORE_SYSTEM) == [f"{m['instrument']}.{name}"]
            ]
            assert o["status"] == "final"
            assert o["effectiveDateTime"] == m["afgenomen_op"]
            assert o["extension"] == [{"url": EXT_MOMENT, "valueCode": m["moment"]}]
            shown = o.get("valueInteger", o.get("valueQuantity", {}).get("value"))
            assert shown == value, (name, o)
            if name == m["score"]["main"] and m["score"]["band"]:
                assert o["interpretation"] == [{"text": m["score"]["band"]}]

    def loinc(instrument: str, score: str) -> list[list[str]]:
        return [
            _codes(o["code"], LOINC)
            for o in observations
            if _codes(o["code"], SCORE_SYSTEM) == [f"{instrument}.{score}"]
        ]

    assert loinc("nprs", "score") == [["72514-3"], ["72514-3"]]
    assert loinc("odi", "score_pct") == [["97909-6"], ["97909-6"]]
    assert loinc("odi", "total") == [[], []]  # no LOINC term for the raw ODI total


def test_consents_say_what_was_decided_by_whom(api: Api) -> None:
    ep = _whole_algemeen_episode(api)
    bundle = _bundle(api, ep)
    consents = _resources(bundle, "Consent")
    recorded = api.http.get(f"/v1/episodes/{ep}/toestemmingen").json()["items"]
    assert len(consents) == len(recorded) == 4
    by_purpose: dict[str, list[dict[str, Any]]] = {}
    for c in consents:
        by_purpose.setdefault(c["provision"]["purpose"][0]["code"], []).append(c)

    [eindverslag] = by_purpose["eindverslag"]
    assert (eindverslag["status"], eindverslag["provision"]["type"]) == ("active", "permit")
    patient_url = _url_of(bundle, _one(bundle, "Patient"))
    assert eindverslag["performer"] == [{"reference": patient_url}]
    assert eindverslag["patient"]["reference"] == patient_url
    assert _codes(eindverslag["scope"], "http://terminology.hl7.org/CodeSystem/consentscope") == [
        "patient-privacy"
    ]

    [ldo] = by_purpose["ldo"]
    assert (ldo["status"], ldo["provision"]["type"]) == ("rejected", "deny")
    assert "actor" not in ldo["provision"]  # for any recipient of that purpose

    # Given, then withdrawn: the withdrawal holds, the consent it replaced is no longer in force.
    given, withdrawn = by_purpose["intercollegiaal_overleg"]
    assert (given["status"], given["provision"]["type"]) == ("inactive", "permit")
    assert (withdrawn["status"], withdrawn["provision"]["type"]) == ("inactive", "deny")
    for c in (given, withdrawn):
        [actor] = c["provision"]["actor"]
        assert actor["reference"]["identifier"] == {"system": AGB_Z, "value": COLLEGA["agb"]}
        assert _codes(
            actor["role"], "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
        ) == ["IRCP"]


def test_plain_json_on_request_and_406_for_anything_else(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    r = api.http.get(f"/v1/episodes/{ep}/fhir", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    _assert_valid_fhir(r.json())
    for accept in (
        "text/html",
        "application/xml",
        "application/fhir+json;q=0, application/json;q=0",
    ):
        r = api.http.get(f"/v1/episodes/{ep}/fhir", headers={"Accept": accept})
        assert r.status_code == 406, (accept, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == "/problems/not-acceptable"


def test_a_fresh_episode_has_no_diagnosis_plan_or_measurements_yet(api: Api) -> None:
    ep = api.create_episode(route="dto")
    bundle = _bundle(api, ep)
    _assert_valid_fhir(bundle)
    _assert_self_contained(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Patient", "Organization", "Practitioner", "PractitionerRole", "EpisodeOfCare"]
    care = _one(bundle, "EpisodeOfCare")
    assert care["status"] == "active" and "end" not in care["period"]
    assert "diagnosis" not in care
    patient = _one(bundle, "Patient")
    assert "gender" not in patient and "birthDate" not in patient  # only an age group is known


def test_another_practices_episode_is_not_found_and_no_token_is_401(
    api: Api,
    world: Any,  # app.testing.World: api_tests read nothing of app/ but what fixtures give
) -> None:
    ep = api.create_episode(route="verwijzing", client_ref=CLIENT_REF)
    r = api.http.get(f"/v1/episodes/{ep}/fhir", headers=world.outsider.headers)
    assert r.status_code == 404, r.text
    assert CLIENT_REF not in r.text
    assert api.http.get(f"/v1/episodes/{ep + 1000}/fhir").status_code == 404
    anonymous = api.http.get(f"/v1/episodes/{ep}/fhir", headers={"Authorization": ""})
    assert anonymous.status_code == 401
    assert CLIENT_REF not in anonymous.text


def test_the_bundle_is_logged_as_an_export_for_that_client(api: Api, world: Any) -> None:
    ep = api.create_episode(route="verwijzing", client_ref=CLIENT_REF)
    url = f"/v1/episodes/{ep}/fhir"
    assert api.http.get(url).status_code == 200
    assert api.http.get(url, headers={"Accept": "text/csv"}).status_code == 406
    assert api.http.get(url, headers=world.outsider.headers).status_code == 404

    log = api.http.get("/v1/audit", headers=world.admin.headers, params={"client_ref": CLIENT_REF})
    assert log.status_code == 200, log.text
    rows = [i for i in log.json()["items"] if i["resource"].endswith("/fhir")]
    assert [(i["action"], i["outcome"], i["episode_id"]) for i in rows] == [
        ("export", 200, ep),
        ("export", 406, ep),
    ]
    assert {i["resource"] for i in rows} == {"GET /v1/episodes/{episode_id}/fhir"}


# --- a psychosomatisch episode, by a therapist with numbered registrations --------------------


def _psychosomatisch_therapist(http: httpx.Client, admin: dict[str, str]) -> dict[str, str]:
    made = http.post(
        "/v1/therapists",
        headers=admin,
        json={
            "naam": "P. Somatisch",
            "login": "p.somatisch.fhir",
            "kp_nummer": "123456789",
            "registraties": [
                {"register": "oefentherapeut", "nummer": "29012345678"},
                {
                    "register": "psychosomatisch_oefentherapeut",
                    "nummer": "29087654321",
                    "geldig_tot": "2031-06-30",
                },
            ],
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201, made.text
    token = http.post(
        "/v1/auth/login",
        headers={"Authorization": ""},
        json={"login": "p.somatisch.fhir", "password": PASSWORD},
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_psychosomatisch_plan_has_a_goal_per_subdoel_of_each_spoor(
    http: httpx.Client, world: Any
) -> None:
    http.headers.update(_psychosomatisch_therapist(http, world.admin.headers))
    api = Api(http)
    ep = api.create_episode(profile="psychosomatisch", route="dto")
    for step in ("screening", "anamnese"):
        api.record(ep, step, served_example(http, "psychosomatisch", step))
        api.fire(ep, f"{step}_afronden")
    api.record(ep, "onderzoek", served_example(http, "psychosomatisch", "onderzoek"))
    phq15 = {f"q{i}": 1 for i in range(1, 16)}
    assert api.measure(ep, "phq15", "baseline", phq15).status_code == 201
    assert (
        api.measure(ep, "psk", "baseline", {"activiteit1": 7, "activiteit2": 6}).status_code == 201
    )
    assert api.measure(ep, "who5", "baseline", {f"q{i}": 2 for i in range(1, 6)}).status_code == 201
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"
    api.record(ep, "diagnose", served_example(http, "psychosomatisch", "diagnose"))
    api.fire(ep, "diagnose_afronden")
    plan = served_example(http, "psychosomatisch", "behandelplan")
    api.record(ep, "behandelplan", plan)
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"

    bundle = _bundle(api, ep, Accept=FHIR_JSON)
    _assert_valid_fhir(bundle)
    _assert_self_contained(bundle)
    sporen = plan["somatisch_spoor"]["subdoelen"] + plan["psychosociaal_spoor"]["subdoelen"]
    goals = _resources(bundle, "Goal")
    assert len(goals) == 1 + len(plan["subdoelen"]) + len(sporen)
    assert [g["description"]["text"] for g in goals[-len(sporen) :]] == sporen
    assert {g["lifecycleStatus"] for g in goals} == {"active"}
    assert _one(bundle, "CarePlan")["status"] == "active"
    assert _one(bundle, "EpisodeOfCare")["status"] == "active"

    [phq] = [
        o
        for o in _resources(bundle, "Observation")
        if _codes(o["code"], SCORE_SYSTEM) == ["phq15.total"]
    ]
    assert _codes(phq["code"], LOINC) == ["70273-8"]
    assert phq["valueInteger"] == 15

    practitioner = _one(bundle, "Practitioner")
    assert practitioner["name"] == [{"text": "P. Somatisch"}]
    [specialist] = [
        q
        for q in practitioner["qualification"]
        if q["code"]["text"] == "psychosomatisch_oefentherapeut"
    ]
    assert specialist["identifier"][0]["value"] == "29087654321"
    assert specialist["period"] == {"end": "2031-06-30"}
