"""Whole episodes over HTTP, as a therapist walks them (003 ch.2)."""

from api_tests.support import Api, example, problem_codes


def test_dto_client_walks_all_eight_steps_to_afgesloten(api: Api) -> None:
    ep = api.create_episode(route="dto")
    assert api.status(ep) == "screening"  # 003 Stappen 1 en 2: DTO starts with screening

    for step, then in [
        ("screening", "anamnese"),
        ("anamnese", "onderzoek"),
        ("onderzoek", "diagnose"),
        ("diagnose", "behandelplan"),
        ("behandelplan", "behandeling"),
        ("behandeling", "evaluatie"),
        ("evaluatie", "afsluiting"),
        ("afsluiting", "afgesloten"),
    ]:
        assert api.complete_step(ep, step) == then

    final = api.get(ep)
    assert final["status"] == "afgesloten"
    assert final["available_triggers"] == []
    kinds = [e["kind"] for e in api.events(ep)]
    assert kinds[0] == "created"
    assert kinds.count("transition") == 8
    assert kinds.count("record_saved") == 8
    assert kinds.count("sessie_added") == 1
    moves = [
        (e["data"]["from"], e["data"]["to"]) for e in api.events(ep) if e["kind"] == "transition"
    ]
    assert moves[0] == ("screening", "anamnese") and moves[-1] == ("afsluiting", "afgesloten")


def test_referred_client_starts_at_anamnese_with_the_referral_recorded(api: Api) -> None:
    r = api.create(route="verwijzing")
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "anamnese"  # 003 Stappen 1 en 2: referral starts at anamnese
    assert body["verwijzing"]["verwijzer_type"] == "huisarts"
    assert body["verwijzing"]["verwijsdiagnose"] == "Aspecifieke lage rugklachten"

    ep = body["id"]
    api.advance_to(ep, "afsluiting")
    assert api.complete_step(ep, "afsluiting") == "afgesloten"
    assert "screening" not in [e["data"].get("from") for e in api.events(ep)]


def test_referral_without_the_referral_itself_is_refused(api: Api) -> None:
    r = api.create(route="verwijzing", verwijzing=None)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


def test_rode_vlag_at_screening_refers_to_an_arts_and_closes(api: Api) -> None:
    ep = api.create_episode(route="dto")
    api.record(
        ep,
        "screening",
        example(
            "screening",
            rode_vlaggen=["nachtelijke pijn, gewichtsverlies"],
            conclusie="Rode vlaggen: verwijzing naar de huisarts.",
        ),
    )

    blocked = api.transition(ep, "screening_afronden")
    assert blocked.status_code == 409
    assert "screening.rode_vlaggen.present" in problem_codes(blocked)

    assert (
        api.fire(
            ep,
            "verwijzen_naar_arts",
            {"advies": "Contact opnemen met de huisarts.", "verwezen_naar": "huisarts"},
        )
        == "afsluiting"
    )
    # No treatment took place: recidivebeleid and nazorg are not asked for.
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "verwezen_naar_arts",
            "eindrapportage_verzonden_aan": "huisarts",
            "eindrapportage_datum": "2026-03-02",
            "besproken_met_client": True,
        },
    )
    # The eindrapportage is the engine's eindverslag, made and sent with consent.
    assert api.unmet(ep, "afsluiten") == ["afsluiting.eindverslag.niet_verzonden"]
    sent = api.send_eindverslag(ep)
    assert sent["soort"] == "eindverslag" and sent["verzonden_op"]
    assert api.fire(ep, "afsluiten") == "afgesloten"
    referral = next(e for e in api.events(ep) if e["data"].get("trigger") == "verwijzen_naar_arts")
    assert referral["data"]["payload"]["advies"] == "Contact opnemen met de huisarts."


def test_referral_to_an_arts_needs_the_red_flags_named(api: Api) -> None:
    ep = api.create_episode(route="dto")
    api.record(ep, "screening")
    r = api.transition(ep, "verwijzen_naar_arts", {"advies": "Naar de huisarts."})
    assert r.status_code == 409
    assert problem_codes(r) == ["screening.rode_vlaggen.none"]


def test_problem_outside_the_domain_closes_with_advice(api: Api) -> None:
    ep = api.create_episode(route="dto")
    api.record(
        ep,
        "screening",
        example("screening", binnen_domein=False, conclusie="Buiten het domein; advies gegeven."),
    )
    assert "screening.binnen_domein.no" in problem_codes(api.transition(ep, "screening_afronden"))
    assert (
        api.fire(ep, "advies_buiten_domein", {"advies": "Sportschool met begeleiding."})
        == "afsluiting"
    )


def test_screening_waits_while_medical_information_is_pending(api: Api) -> None:
    ep = api.create_episode(route="dto")
    api.record(ep, "screening", example("screening", aanvullende_medische_info_nodig=True))
    assert "screening.aanvullende_medische_info.pending" in api.unmet(ep, "screening_afronden")
    assert api.transition(ep, "screening_afronden").status_code == 409

    api.record(
        ep,
        "screening",
        example(
            "screening",
            aanvullende_medische_info_nodig=True,
            aanvullende_medische_info_ontvangen="Brief huisarts: geen contra-indicaties.",
        ),
    )
    assert api.fire(ep, "screening_afronden") == "anamnese"


def test_no_indication_at_diagnose_closes_with_advice(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "diagnose")
    api.record(
        ep,
        "diagnose",
        example("diagnose", indicatie=False, advies="Klachten passen bij een andere discipline."),
    )

    blocked = api.transition(ep, "diagnose_afronden")
    assert blocked.status_code == 409
    assert "diagnose.indicatie.no" in problem_codes(blocked)

    assert api.fire(ep, "geen_indicatie", {"advies": "Terug naar de huisarts."}) == "afsluiting"
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "geen_indicatie",
            "eindrapportage_verzonden_aan": "verwijzer",
            "eindrapportage_datum": "2026-03-10",
            "besproken_met_client": True,
        },
    )
    api.send_eindverslag(ep, rol="verwijzer")
    assert api.fire(ep, "afsluiten") == "afgesloten"


def test_no_indication_exit_is_refused_while_the_diagnosis_says_indicated(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "diagnose")
    api.record(ep, "diagnose")
    r = api.transition(ep, "geen_indicatie", {"advies": "x"})
    assert r.status_code == 409
    assert problem_codes(r) == ["diagnose.indicatie.not_no"]


def test_plan_revised_during_treatment_goes_back_to_behandelplan(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandeling")
    assert api.add_sessie(ep).status_code == 201

    assert api.fire(ep, "bijstellen", {"reden": "Subdoel motoriek te ambitieus."}) == "behandelplan"
    # 003 Stap 5: the revised plan is agreed anew; the earlier agreement does not carry over.
    lapsed = api.http.get(f"/v1/episodes/{ep}/records/behandelplan").json()
    assert "akkoord" not in lapsed["data"]
    assert "behandelplan.akkoord.missing" in problem_codes(
        api.transition(ep, "behandelplan_vaststellen")
    )
    revised = example("behandelplan", hoofddoel="Over tien weken 5 kg dragen zonder pijntoename.")
    api.record(ep, "behandelplan", revised)
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"

    versions = api.http.get(f"/v1/episodes/{ep}/records/behandelplan/versions").json()
    assert [v["version"] for v in versions] == [1, 2, 3]
    assert "akkoord" in versions[0]["data"] and "akkoord" not in versions[1]["data"]
    assert versions[2]["data"]["hoofddoel"].startswith("Over tien weken")
    assert api.get(ep)["sessie_count"] == 1  # sessions survive the revision


def test_changed_complaints_during_treatment_lead_back_to_onderzoek(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandeling")
    # 004 ch.2: new, alarming symptoms during treatment lead to (specific) examination again.
    assert (
        api.fire(ep, "opnieuw_onderzoeken", {"reden": "Nieuwe uitstralende pijn."}) == "onderzoek"
    )
    api.record(
        ep,
        "onderzoek",
        example("onderzoek", specifiek_onderzoek="Opnieuw: geen neurologische uitval."),
    )
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"


def test_treatment_continues_after_evaluation_when_agreed_with_the_client(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "evaluatie")

    no_agreement = api.transition(
        ep, "behandeling_voortzetten", {"reden": "Doel nog niet bereikt."}
    )
    assert no_agreement.status_code == 422
    assert "payload.akkoord" in [e["field"] for e in no_agreement.json()["errors"]]

    assert (
        api.fire(
            ep,
            "behandeling_voortzetten",
            {
                "akkoord": {"door": ["client"], "datum": "2026-05-06"},
                "reden": "Doel nog niet bereikt.",
            },
        )
        == "behandeling"
    )
    assert api.add_sessie(ep).status_code == 201
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"


def test_behandeladvies_only_closes_from_behandelplan(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandelplan")
    assert (
        api.fire(ep, "alleen_advies", {"advies": "Zelfstandig oefenen met folder."}) == "afsluiting"
    )


def test_a_temporary_referral_puts_the_treatment_on_hold_until_it_resumes(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandeling")
    assert api.add_sessie(ep).status_code == 201

    # 000 ch.2: "verwijst (tijdelijk) door"; the episode waits in behandeling. Referring
    # shares the client's data: only with the client's consent (003 competentie 3).
    referral = {"verwezen_naar": "sportarts", "reden": "Inspanningstest voor het hervatten."}
    assert problem_codes(api.transition(ep, "tijdelijk_verwijzen", referral)) == [
        "toestemming.tijdelijke_verwijzing.missing"
    ]
    assert api.consent(ep, "tijdelijke_verwijzing").status_code == 201
    assert (
        api.fire(
            ep,
            "tijdelijk_verwijzen",
            {"verwezen_naar": "sportarts", "reden": "Inspanningstest voor het hervatten."},
        )
        == "behandeling"
    )
    held = api.get(ep)
    assert held["aangehouden"]["verwezen_naar"] == "sportarts"
    assert "behandeling.aangehouden.active" in problem_codes(
        api.transition(ep, "behandeling_afronden")
    )
    assert api.add_sessie(ep).status_code == 409
    assert (
        api.transition(ep, "tijdelijk_verwijzen", {"verwezen_naar": "x", "reden": "y"}).status_code
        == 409
    )

    assert api.fire(ep, "hervatten", {"reden": "Inspanningstest goed; verder met oefenen."}) == (
        "behandeling"
    )
    assert api.get(ep)["aangehouden"] is None
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"
    moves = [e["data"]["trigger"] for e in api.events(ep) if e["kind"] == "transition"]
    assert moves[-3:] == ["tijdelijk_verwijzen", "hervatten", "behandeling_afronden"]


def test_the_episode_tells_which_steps_have_a_record_so_a_client_asks_only_for_those(
    api: Api,
) -> None:
    ep = api.create_episode()
    assert api.get(ep)["records"] == []
    api.complete_step(ep, "screening")
    api.record(ep, "anamnese")
    assert api.get(ep)["records"] == ["screening", "anamnese"]
    assert api.http.get(f"/v1/episodes/{ep}/records/onderzoek").status_code == 404
