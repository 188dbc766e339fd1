"""The rules of the seeds the third edition adds, each walked through as a therapist would.

Every new episode starts on the newest definitions (algemeen@3, bekken@2, psychosomatisch@2);
each scenario below fails without its rule. The sources are in the served definition.
"""

from typing import Any

import httpx
import pytest

from api_tests.support import Api, colleague, example, problem_codes, served_example
from app.testing import World

CHILD = {"leeftijdsgroep": "kind_onder_12", "wilsbekwaam": True}
ONDERZOEK_ZONDER_REDEN = {"beginmeting_geen_reden": None}


def akkoord(*door: str) -> dict[str, Any]:
    return {"door": list(door), "datum": "2026-03-12", "wijze": "mondeling"}


def onderzoek(**overrides: Any) -> dict[str, Any]:
    return {k: v for k, v in (example("onderzoek") | overrides).items() if v is not None}


# --- 1. referral to an arts from any step, on any route ---------------------------------------


def test_a_referred_client_gets_a_red_flag_check_in_the_onderzoek(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "onderzoek")
    api.record(ep, "onderzoek", onderzoek(rode_vlaggen=None))
    assert "onderzoek.rode_vlaggen.missing" in problem_codes(
        api.transition(ep, "onderzoek_afronden")
    )
    api.record(ep, "onderzoek", onderzoek(rode_vlaggen=["Nachtelijke pijn, gewichtsverlies"]))
    assert "onderzoek.rode_vlaggen.present" in problem_codes(
        api.transition(ep, "onderzoek_afronden")
    )

    no_signs = api.transition(ep, "verwijzen_naar_arts", {"advies": "Naar de huisarts."})
    assert no_signs.status_code == 422
    assert "payload.aanwijzingen" in [e["field"] for e in no_signs.json()["errors"]]
    referral = {
        "aanwijzingen": ["Nachtelijke pijn", "Onverklaard gewichtsverlies"],
        "advies": "Vandaag contact opnemen met de huisarts.",
        "verwezen_naar": "huisarts",
    }
    assert api.fire(ep, "verwijzen_naar_arts", referral) == "afsluiting"
    assert api.events(ep)[-1]["data"]["payload"]["aanwijzingen"] == referral["aanwijzingen"]


def test_other_pathology_not_excluded_blocks_on_both_routes(api: Api) -> None:
    for route in ("dto", "verwijzing"):
        ep = api.create_episode(route=route)
        api.advance_to(ep, "onderzoek")
        api.record(ep, "onderzoek", onderzoek(andere_pathologie_uitgesloten=False))
        assert "onderzoek.andere_pathologie_uitgesloten.no" in problem_codes(
            api.transition(ep, "onderzoek_afronden")
        )


@pytest.mark.parametrize("step", ["diagnose", "behandeling", "evaluatie"])
def test_new_alarming_symptoms_refer_to_an_arts_from_later_steps(api: Api, step: str) -> None:
    ep = api.create_episode(route="dto")
    api.advance_to(ep, step)
    payload = {
        "aanwijzingen": ["Nieuwe krachtsvermindering in het been"],
        "advies": "Met spoed naar de huisarts.",
        "verwezen_naar": "huisarts",
    }
    assert api.fire(ep, "verwijzen_naar_arts", payload) == "afsluiting"


# --- 2. the generalist hands pelvic work to a bekkenoefentherapeut ----------------------------


def test_pelvic_floor_symptoms_stop_the_generalist_and_offer_a_bekken_hand_over(
    http: httpx.Client, world: World
) -> None:
    bot, _ = colleague(
        http,
        world.admin.headers,
        login="b.collega",
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    api = Api(http)
    ep = api.create_episode(route="verwijzing")
    api.record(ep, "anamnese", example("anamnese", bekkenklachten="bekkenbodemfunctiestoornis"))
    assert "algemeen.anamnese.bekkenklachten.specialist_nodig" in problem_codes(
        api.transition(ep, "anamnese_afronden")
    )
    offered = {h["profile"]: h["unmet"] for h in api.get(ep)["available_handovers"]}
    assert offered["bekken"] == []
    moved = http.post(
        f"/v1/episodes/{ep}/handover",
        headers={"If-Match": api.etags[ep]},
        json={"profile": "bekken", "therapist_id": bot},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["definition_version"] == "bekken@2"


def test_pelvic_complaints_can_be_referred_out_and_uncomplicated_ones_stay(api: Api) -> None:
    stays = api.create_episode(route="verwijzing")
    api.record(stays, "anamnese", example("anamnese", bekkenklachten="ongecompliceerd"))
    assert api.fire(stays, "anamnese_afronden") == "onderzoek"
    assert "algemeen.bekkenklachten.niet_specialistisch" in problem_codes(
        api.transition(stays, "verwijzen_bekken", {"advies": "x"})
    )

    out = api.create_episode(route="verwijzing")
    api.record(out, "anamnese", example("anamnese", bekkenklachten="complex"))
    advies = {"advies": "Naar een bekkenoefentherapeut.", "verwezen_naar": "bekkenoefentherapeut"}
    assert api.fire(out, "verwijzen_bekken", advies) == "afsluiting"


def test_treatment_does_not_go_on_while_the_evaluatie_says_refer(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "evaluatie")
    api.record(
        ep,
        "evaluatie",
        example(
            "evaluatie",
            doorverwijzing_nodig=True,
            doorverwijzing_naar="bekkenoefentherapeut",
            bekkenklachten="bekkenbodemfunctiestoornis",
        ),
    )
    blocked = api.transition(
        ep, "behandeling_voortzetten", {"akkoord": akkoord("client"), "reden": "Nog niet klaar."}
    )
    assert blocked.status_code == 409
    assert "evaluatie.doorverwijzing_nodig.yes" in problem_codes(blocked)
    assert "algemeen.evaluatie.bekkenklachten.specialist_nodig" in problem_codes(blocked)


# --- 3. signs of abuse at any step: the meldcode --------------------------------------------


def test_signs_of_abuse_during_treatment_are_followed_by_the_meldcode(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandeling")
    signs = {"signalen": "Blauwe plekken op de bovenarmen; cliënt schrikt bij aanraking."}
    api.record(ep, "behandeling", example("behandeling", meldcode=signs))
    assert api.add_sessie(ep).status_code == 201
    assert "behandeling.meldcode.collegiale_consultatie.missing" in problem_codes(
        api.transition(ep, "behandeling_afronden")
    )
    consulted = signs | {"collegiale_consultatie": "Overlegd met aandachtsfunctionaris."}
    api.record(ep, "behandeling", example("behandeling", meldcode=consulted))
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"
    api.complete_step(ep, "evaluatie")

    # The episode does not close while the meldcode lacks its decision (step 5).
    api.record(ep, "afsluiting", example("afsluiting"))
    codes = problem_codes(api.transition(ep, "afsluiten"))
    assert "afsluiting.meldcode.besluit.missing" in codes
    done = consulted | {
        "gesprek_met_client": "Besproken met de cliënt.",
        "weging": "Afwegingskader doorlopen.",
        "besluit": "hulp_bieden_of_organiseren",
    }
    api.record(ep, "afsluiting", example("afsluiting", meldcode=done))
    api.send_eindverslag(ep)
    assert api.fire(ep, "afsluiten") == "afgesloten"


def test_the_anamnese_fields_of_the_first_edition_are_replaced_by_the_meldcode(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    r = api.put_record(ep, "anamnese", example("anamnese", signalen_mishandeling=True))
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["signalen_mishandeling"]


# --- 4. who agrees -----------------------------------------------------------------------------


def _to_behandelplan(api: Api, client: dict[str, Any], betrokkene: str | None = None) -> int:
    ep = api.create_episode(route="verwijzing", client=client, aangemeld_op="2026-03-01")
    betrokkenen = [{"rol": betrokkene}] if betrokkene else []
    api.record(ep, "anamnese", example("anamnese", betrokkenen=betrokkenen))
    api.fire(ep, "anamnese_afronden")
    api.advance_to(ep, "behandelplan")
    return ep


def test_a_representative_agrees_for_a_wilsonbekwame_client(api: Api) -> None:
    ep = _to_behandelplan(
        api, {"leeftijdsgroep": "volwassene", "wilsbekwaam": False}, "wettelijk_vertegenwoordiger"
    )
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("client")))
    assert problem_codes(api.transition(ep, "behandelplan_vaststellen")) == [
        "behandelplan.akkoord.door"
    ]
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("vertegenwoordiger")))
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"


def test_a_thirteen_year_old_and_the_parents_both_agree(api: Api) -> None:
    ep = _to_behandelplan(api, {"geboortedatum": "2013-01-15"})
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("client")))
    assert problem_codes(api.transition(ep, "behandelplan_vaststellen")) == [
        "behandelplan.akkoord.door"
    ]
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("client", "ouders")))
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"


def test_for_a_child_continuing_treatment_is_agreed_by_the_parents(api: Api) -> None:
    ep = _to_behandelplan(api, CHILD, "ouder")
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("ouders")))
    api.fire(ep, "behandelplan_vaststellen")
    api.complete_step(ep, "behandeling")
    api.record(ep, "evaluatie", example("evaluatie", besproken_met_betrokkenen=True))
    by_client = api.transition(
        ep, "behandeling_voortzetten", {"akkoord": akkoord("client"), "reden": "Doel nog open."}
    )
    assert problem_codes(by_client) == ["payload.akkoord.door"]
    by_parents = {"akkoord": akkoord("ouders"), "reden": "Doel nog open."}
    assert api.fire(ep, "behandeling_voortzetten", by_parents) == "behandeling"


# --- 5. the hoofddoel's level ----------------------------------------------------------------


def test_a_hoofddoel_at_function_level_needs_a_reason(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandelplan")
    api.record(ep, "behandelplan", example("behandelplan", hoofddoel_niveau="functies"))
    assert problem_codes(api.transition(ep, "behandelplan_vaststellen")) == [
        "behandelplan.hoofddoel_niveau_reden.missing"
    ]
    with_reason = example(
        "behandelplan",
        hoofddoel_niveau="functies",
        hoofddoel_niveau_reden="Na de operatie eerst de beweeglijkheid herstellen.",
    )
    api.record(ep, "behandelplan", with_reason)
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"


# --- 6. interim evaluation on the plan's own moments ------------------------------------------


def test_an_interim_evaluation_is_due_after_the_plans_number_of_sessions(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandelplan")
    api.record(ep, "behandelplan", example("behandelplan", evaluatiemomenten=[{"na_sessies": 2}]))
    api.fire(ep, "behandelplan_vaststellen")
    api.record(ep, "behandeling", {"tussentijdse_evaluaties": []})
    assert api.add_sessie(ep).status_code == 201
    assert api.unmet(ep, "behandeling_afronden") == []
    assert api.add_sessie(ep).status_code == 201
    assert api.unmet(ep, "behandeling_afronden") == ["behandeling.tussentijdse_evaluatie.due"]

    no_goals = {"datum": "2026-03-20", "bevindingen": "Op schema.", "subdoelen": []}
    r = api.put_record(ep, "behandeling", {"tussentijdse_evaluaties": [no_goals]})
    assert r.status_code == 422
    api.record(ep, "behandeling", example("behandeling"))
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"


def test_an_interim_evaluation_is_due_on_the_plans_date(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandelplan")
    moment = [{"op_datum": "2026-01-01"}]
    api.record(ep, "behandelplan", example("behandelplan", evaluatiemomenten=moment))
    api.fire(ep, "behandelplan_vaststellen")
    api.record(ep, "behandeling", {"tussentijdse_evaluaties": []})
    assert api.add_sessie(ep).status_code == 201
    assert api.unmet(ep, "behandeling_afronden") == ["behandeling.tussentijdse_evaluatie.due"]
    both = [{"op_datum": "2026-01-01", "na_sessies": 3}]
    assert api.put_record(ep, "behandeling", example("behandeling")).status_code == 200
    r = api.transition(ep, "bijstellen", {"reden": "Evaluatiemoment anders plannen."})
    assert r.status_code == 200
    bad = api.put_record(ep, "behandelplan", example("behandelplan", evaluatiemomenten=both))
    assert bad.status_code == 422


# --- 7. the people involved at evaluatie and afsluiting ---------------------------------------


def test_a_childs_evaluation_is_discussed_with_the_parents(api: Api) -> None:
    ep = _to_behandelplan(api, CHILD, "ouder")
    api.record(ep, "behandelplan", example("behandelplan", akkoord=akkoord("ouders")))
    api.fire(ep, "behandelplan_vaststellen")
    api.complete_step(ep, "behandeling")
    api.record(ep, "evaluatie")
    assert "evaluatie.besproken_met_betrokkenen.missing" in problem_codes(
        api.transition(ep, "evaluatie_afronden")
    )
    api.record(ep, "evaluatie", example("evaluatie", besproken_met_betrokkenen=True))
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"


def test_the_ending_is_discussed_with_the_client_or_the_reason_recorded(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "afsluiting")
    api.send_eindverslag(ep)
    api.record(ep, "afsluiting", example("afsluiting", besproken_met_client=False))
    assert problem_codes(api.transition(ep, "afsluiten")) == [
        "afsluiting.niet_besproken_reden.missing"
    ]
    afsluiting = {k: v for k, v in example("afsluiting").items() if k != "besproken_met_client"}
    api.record(ep, "afsluiting", afsluiting)
    assert problem_codes(api.transition(ep, "afsluiten")) == [
        "afsluiting.besproken_met_client.missing"
    ]


# --- 8. children: school or consultatiebureau --------------------------------------------------


def test_a_childs_school_and_consultatiebureau_are_recorded_as_betrokkenen(api: Api) -> None:
    ep = api.create_episode(route="verwijzing", client=CHILD)
    betrokkenen = [
        {"rol": "ouder"},
        {"rol": "school", "toelichting": "Intern begeleider, bij meervoudige problematiek."},
        {"rol": "consultatiebureau"},
    ]
    api.record(ep, "anamnese", example("anamnese", betrokkenen=betrokkenen))
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"


# --- 10. referrers ----------------------------------------------------------------------------


@pytest.mark.parametrize("verwijzer", ["verloskundige", "consultatiebureau", "jeugdarts"])
def test_a_verloskundige_or_the_consultatiebureau_can_refer(api: Api, verwijzer: str) -> None:
    r = api.create(
        route="verwijzing",
        verwijzing={"verwijzer_type": verwijzer, "datum": "2026-03-01", "vraag": "Graag advies."},
    )
    assert r.status_code == 201, r.text
    assert r.json()["verwijzing"]["verwijzer_type"] == verwijzer


# --- 11. the client's sex where the bekken rules need it --------------------------------------


def test_the_bekken_anamnese_needs_the_clients_sex(http: httpx.Client, world: World) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="b.geslacht",
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(profile="bekken", route="verwijzing")
    anamnese = served_example(http, "bekken", "anamnese")
    anamnese["domeinen"]["gynaecologisch"] = {"status": "nvt", "reden": "Niet van toepassing."}
    api.record(ep, "anamnese", anamnese)
    assert "bekken.client.geslacht.missing" in problem_codes(
        api.transition(ep, "anamnese_afronden")
    )
    facts = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True, "geslacht": "vrouw"}
    r = http.put(f"/v1/episodes/{ep}/client", headers={"If-Match": api.etags[ep]}, json=facts)
    assert r.status_code == 200, r.text
    api.etags[ep] = r.headers["etag"]
    assert "bekken.anamnese.gynaecologisch.nvt_bij_vrouw" in problem_codes(
        api.transition(ep, "anamnese_afronden")
    )


# --- 13. a baseline in the general profile, or the reason ------------------------------------


def test_the_generalist_measures_at_intake_or_records_why_not(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "onderzoek")
    api.record(ep, "onderzoek", onderzoek(**ONDERZOEK_ZONDER_REDEN))
    assert problem_codes(api.transition(ep, "onderzoek_afronden")) == [
        "algemeen.onderzoek.beginmeting.missing"
    ]
    assert api.measure(ep, "nprs", "baseline", {"score": 6}).status_code == 201
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"


# --- every new rule is served with its source ----------------------------------------------------

NEW_RULES = {
    "algemeen": {
        "onderzoek.pathologie",
        "meldcode.in_stap",
        "meldcode.afgerond",
        "behandelplan.doelen",
        "behandelplan.hoofddoel_niveau",
        "behandelplan.akkoord",
        "behandeling.tussentijdse_evaluatie",
        "evaluatie.betrokkenen",
        "evaluatie.geen_doorverwijzing",
        "evaluatie.voortzetten_akkoord",
        "afsluiting.besproken",
        "algemeen.bekken_overdracht",
        "algemeen.bekken_verwijzing",
        "algemeen.beginmeting",
    },
    "bekken": {
        "bekken.anamnese.geslacht",
        "bekken.onderzoek.objectiveren_toestemming",
        "bekken.behandeling.inwendig_toestemming",
        "bekken.afsluiting.terugvalpreventie",
        "meldcode.afgerond",
    },
    "psychosomatisch": {"psychosomatisch.metingen.baseline_niveaus", "behandelplan.akkoord"},
}


@pytest.mark.parametrize("profile", sorted(NEW_RULES))
def test_every_new_rule_is_served_with_its_source(http: httpx.Client, profile: str) -> None:
    served = http.get(f"/v1/workflows/{profile}").json()
    gates = {g["name"]: g for g in served["gates"]}
    assert NEW_RULES[profile] <= gates.keys()
    assert all(gates[name]["source"] for name in NEW_RULES[profile])
    bijstellen = next(t for t in served["triggers"] if t["name"] == "bijstellen")
    assert bijstellen["vervalt"] == ["behandelplan.akkoord"]
    arts = {t["source"] for t in served["triggers"] if t["name"] == "verwijzen_naar_arts"}
    assert {"screening", "onderzoek", "behandeling", "evaluatie"} <= arts


# --- 13. quality of life measured, MCIDs with their source, full precision ---------------------


def test_who5_is_scored_and_its_change_is_judged_against_its_mcid(api: Api) -> None:
    served = api.http.get("/v1/instruments/who5").json()
    assert served["mcid"] == 10.0 and "Topp" in served["mcid_reference"]
    ep = api.create_episode(route="verwijzing")
    assert api.measure(ep, "who5", "baseline", {f"q{i}": 2 for i in range(1, 6)}).status_code == 201
    api.advance_to(ep, "evaluatie")
    later = {"q1": 4, "q2": 3, "q3": 3, "q4": 3, "q5": 2}
    assert api.measure(ep, "who5", "eind", later, "2026-05-01").status_code == 201
    summary = api.http.get(f"/v1/episodes/{ep}/measurements/summary").json()["instruments"]
    who5 = next(i for i in summary if i["instrument"] == "who5")
    assert (who5["baseline"]["value"], who5["latest"]["value"]) == (40, 60)
    assert who5["change"] == 20 and who5["mcid_reached"] is True


def test_a_mean_score_keeps_its_full_precision(api: Api) -> None:
    scored = api.http.post(
        "/v1/instruments/psk/score",
        json={"responses": {"activiteit1": 4, "activiteit2": 3, "activiteit3": 4}},
    )
    assert scored.status_code == 200, scored.text
    body = scored.json()
    assert body["values"][body["main"]] == pytest.approx(11 / 3, abs=1e-12)
