"""A psychosomatic episode, and the generalist's SOLK hand-over (004 ch.2, §1.2)."""

import httpx

from api_tests.support import Api, colleague, example, problem_codes, served_example
from app.testing import World

PHQ15 = {f"q{i}": 1 for i in range(1, 16)}
PSK = {"activiteit1": 7, "activiteit2": 6}
WHO5 = {f"q{i}": 2 for i in range(1, 6)}


def test_a_psychosomatic_episode_runs_from_screening_to_afgesloten(
    http: httpx.Client, world: World
) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="p.somatisch",
        registraties=["oefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(profile="psychosomatisch", route="dto")

    # Gele vlaggen are an indication for this treatment, never a block.
    api.record(ep, "screening", served_example(http, "psychosomatisch", "screening"))
    assert api.fire(ep, "screening_afronden") == "anamnese"

    # All five SCEGS dimensions: each missing one is its own gate.
    anamnese = served_example(http, "psychosomatisch", "anamnese")
    partial = anamnese | {"scegs": {k: v for k, v in anamnese["scegs"].items() if k != "emotie"}}
    api.record(ep, "anamnese", partial)
    assert problem_codes(api.transition(ep, "anamnese_afronden")) == [
        "psychosomatisch.anamnese.scegs.emotie.missing"
    ]
    api.record(ep, "anamnese", anamnese)
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"

    api.record(ep, "onderzoek", served_example(http, "psychosomatisch", "onderzoek"))
    blocked = problem_codes(api.transition(ep, "onderzoek_afronden"))
    assert blocked and all("metingen" in code for code in blocked)
    # 004 ch.2: measures on symptom level, on functioning and on quality of life (WHO-5).
    assert "psychosomatisch.onderzoek.metingen.kwaliteit_van_leven.baseline_missing" in blocked
    assert api.measure(ep, "phq15", "baseline", PHQ15).status_code == 201
    assert api.measure(ep, "psk", "baseline", PSK).status_code == 201
    assert api.measure(ep, "who5", "baseline", WHO5).status_code == 201
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"

    api.record(ep, "diagnose", served_example(http, "psychosomatisch", "diagnose"))
    api.fire(ep, "diagnose_afronden")
    plan = served_example(http, "psychosomatisch", "behandelplan")
    api.record(ep, "behandelplan", {k: v for k, v in plan.items() if k != "psychosociaal_spoor"})
    assert any(
        "psychosociaal_spoor" in c
        for c in problem_codes(api.transition(ep, "behandelplan_vaststellen"))
    )
    api.record(ep, "behandelplan", plan)
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"

    api.record(ep, "behandeling", served_example(http, "psychosomatisch", "behandeling"))
    assert api.add_sessie(ep).status_code == 201
    api.fire(ep, "behandeling_afronden")
    api.record(ep, "evaluatie", served_example(http, "psychosomatisch", "evaluatie"))
    assert api.measure(ep, "phq15", "eind", {f"q{i}": 0 for i in range(1, 16)}).status_code == 201
    assert api.measure(ep, "psk", "eind", {"activiteit1": 3, "activiteit2": 2}).status_code == 201
    assert api.measure(ep, "who5", "eind", {f"q{i}": 4 for i in range(1, 6)}).status_code == 201
    api.fire(ep, "evaluatie_afronden")
    api.record(ep, "afsluiting", served_example(http, "psychosomatisch", "afsluiting"))
    api.send_eindverslag(ep)
    assert api.fire(ep, "afsluiten") == "afgesloten"


def _generalist_with_solk(api: Api, solk: str) -> int:
    ep = api.create_episode(route="verwijzing")
    api.record(ep, "anamnese", example("anamnese", solk_complexiteit=solk))
    return ep


def test_moderate_solk_is_handed_to_the_practices_psychosomatic_therapist_with_its_history(
    http: httpx.Client, world: World
) -> None:
    specialist, specialist_headers = colleague(
        http,
        world.admin.headers,
        login="p.collega",
        registraties=["oefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    api = Api(http)
    ep = _generalist_with_solk(api, "matig_ernstig")
    assert problem_codes(api.transition(ep, "anamnese_afronden")) == [
        "algemeen.anamnese.solk_complexiteit.overdracht_nodig"
    ]
    offered = api.get(ep)["available_handovers"]
    assert [h for h in offered if h["profile"] == "psychosomatisch"] == [
        {"profile": "psychosomatisch", "unmet": []}
    ]

    # The receiving therapist must hold the registration.
    wrong = http.post(
        f"/v1/episodes/{ep}/handover",
        headers={"If-Match": api.etags[ep]},
        json={"profile": "psychosomatisch", "therapist_id": world.therapist.id},
    )
    assert wrong.status_code == 403
    assert wrong.json()["type"] == "/problems/registration-missing"

    moved = http.post(
        f"/v1/episodes/{ep}/handover",
        headers={"If-Match": api.etags[ep]},
        json={"profile": "psychosomatisch", "therapist_id": specialist},
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["profile"], body["therapist_id"], body["status"]) == (
        "psychosomatisch",
        specialist,
        "anamnese",
    )
    assert body["definition_version"] == "psychosomatisch@2"

    # History and records stay; the psychosomatic rules now apply.
    kinds = [e["kind"] for e in api.events(ep)]
    assert kinds == ["created", "record_saved", "handed_over"]
    kept = http.get(f"/v1/episodes/{ep}/records/anamnese", headers=specialist_headers).json()
    assert kept["data"]["solk_complexiteit"] == "matig_ernstig"
    codes = [
        u["code"]
        for t in body["available_triggers"]
        if t["name"] == "anamnese_afronden"
        for u in t["unmet"]
    ]
    assert "psychosomatisch.anamnese.scegs.soma.missing" in codes


def test_moderate_solk_can_also_be_referred_outside_the_practice(api: Api) -> None:
    ep = _generalist_with_solk(api, "ernstig")
    assert (
        api.fire(
            ep,
            "verwijzen_psychosomatisch",
            {
                "advies": "Verwezen naar een psychosomatisch oefentherapeut elders.",
                "verwezen_naar": "psychosomatisch oefentherapeut",
            },
        )
        == "afsluiting"
    )
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "doorverwezen",
            "eindrapportage_verzonden_aan": "verwijzer",
            "eindrapportage_datum": "2026-03-05",
            "besproken_met_client": True,
        },
    )
    api.send_eindverslag(ep, rol="verwijzer")
    assert api.fire(ep, "afsluiten") == "afgesloten"


def test_mild_solk_stays_with_the_generalist(api: Api) -> None:
    ep = _generalist_with_solk(api, "licht")
    offered = {h["profile"]: h for h in api.get(ep)["available_handovers"]}
    assert offered["psychosomatisch"]["unmet"][0]["code"].endswith("te_laag")
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"
    r = api.http.post(
        f"/v1/episodes/{ep}/handover",
        headers={"If-Match": api.etags[ep]},
        json={"profile": "psychosomatisch", "therapist_id": 1},
    )
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/gate-blocked"
