"""A bekken episode over HTTP, as a bekkenoefentherapeut walks it (000 ch.2)."""

from typing import Any

import httpx

from api_tests.support import Api, colleague, problem_codes, served_example
from app.testing import World

ICIQ = {"q1": 2, "q2": 2, "q3": 5}  # ICIQ-UI SF: frequency, amount (0/2/4/6), interference
ICIQ_LATER = {"q1": 1, "q2": 2, "q3": 2}
TOESTEMMING = {"door": ["client"], "datum": "2026-03-10", "wijze": "mondeling"}


def _domeinen_man() -> dict[str, Any]:
    return {
        "urologisch": {
            "status": "uitgevraagd",
            "urineverlies": True,
            "type_incontinentie": "stress",
            "aandrang": False,
            "mictiefrequentie_overdag": 8,
            "nycturie": 1,
        },
        "gynaecologisch": {"status": "nvt", "reden": "Cliënt is een man."},
        "gastro_enterologisch": {
            "status": "uitgevraagd",
            "fecale_incontinentie": False,
            "obstipatie": False,
            "bristol_type": 4,
        },
        "seksuologisch": {"status": "niet_besproken", "reden": "Cliënt is er nog niet aan toe."},
        "spanning_adem": {
            "status": "uitgevraagd",
            "ademklachten": False,
            "spanningsklachten": False,
        },
    }


def test_a_male_client_with_an_untrained_therapist_runs_to_afgesloten(
    http: httpx.Client, world: World
) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="b.ongetraind",
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    api = Api(http)
    http.headers.update(headers)
    ep = api.create_episode(
        profile="bekken",
        route="verwijzing",
        client={"leeftijdsgroep": "volwassene", "wilsbekwaam": True, "geslacht": "man"},
        verwijzing={
            "verwijzer_type": "huisarts",
            "datum": "2026-03-01",
            "verwijsdiagnose": "Urine-incontinentie na prostatectomie",
        },
    )
    anamnese = served_example(http, "bekken", "anamnese")

    # Every domain is explored or marked n.v.t. with a reason: a silent gap blocks.
    without = {k: v for k, v in _domeinen_man().items() if k != "gynaecologisch"}
    api.record(ep, "anamnese", anamnese | {"domeinen": without, "bekkengordelpijn": False})
    assert "bekken.anamnese.gynaecologisch.missing" in problem_codes(
        api.transition(ep, "anamnese_afronden")
    )
    no_reason = _domeinen_man() | {"gynaecologisch": {"status": "nvt"}}
    assert api.put_record(ep, "anamnese", anamnese | {"domeinen": no_reason}).status_code == 422
    api.record(ep, "anamnese", anamnese | {"domeinen": _domeinen_man(), "bekkengordelpijn": False})
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"

    # Inwendig onderzoek only when trained (000 ch.2): the untrained therapist is refused...
    onderzoek = served_example(http, "bekken", "onderzoek")
    inwendig = onderzoek | {
        "intercollegiale_hulpvraag": None,
        "inwendig_onderzoek": {
            "datum": "2026-03-10",
            "toegang": "rectaal",
            "bevindingen": "Zwakke aanspanning.",
            "toestemming": TOESTEMMING,
        },
    }
    refused = api.put_record(ep, "onderzoek", inwendig)
    assert refused.status_code == 403
    assert refused.json()["type"] == "/problems/not-qualified"
    assert problem_codes(refused) == ["bekken.onderzoek.inwendig_onderzoek.niet_bevoegd"]
    # ...and asks a colleague instead; the open hulpvraag does not hold up the diagnosis.
    # The question shares the client's data: the consent model holds the client's consent
    # (000 competentie 3), like every other sharing.
    api.record(ep, "onderzoek", onderzoek)
    assert problem_codes(api.transition(ep, "onderzoek_afronden")) == [
        "toestemming.intercollegiaal_overleg.missing",
        "bekken.onderzoek.metingen.iciq_ui_sf.baseline_missing",
    ]
    assert api.consent(ep, "intercollegiaal_overleg").status_code == 201
    assert api.measure(ep, "iciq_ui_sf", "baseline", ICIQ).status_code == 201
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"

    for step in ("diagnose", "behandelplan"):
        api.record(ep, step, served_example(http, "bekken", step))
        api.fire(ep, api.FORWARD[step])
    api.record(ep, "behandeling", served_example(http, "bekken", "behandeling"))
    assert api.add_sessie(ep).status_code == 201
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"
    api.record(ep, "evaluatie", served_example(http, "bekken", "evaluatie"))
    assert api.measure(ep, "iciq_ui_sf", "eind", ICIQ_LATER).status_code == 201
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"

    # Terugvalpreventie (asked once, as the recidivebeleid) and nazorg close a bekken episode.
    afsluiting = served_example(http, "bekken", "afsluiting")
    assert "terugvalpreventie" not in afsluiting
    api.record(ep, "afsluiting", {k: v for k, v in afsluiting.items() if k != "recidivebeleid"})
    assert "afsluiting.recidivebeleid.missing" in problem_codes(api.transition(ep, "afsluiten"))
    api.record(ep, "afsluiting", afsluiting)
    assert api.unmet(ep, "afsluiten") == ["afsluiting.eindverslag.niet_verzonden"]
    api.send_eindverslag(ep)
    assert api.fire(ep, "afsluiten") == "afgesloten"
    summary = http.get(f"/v1/episodes/{ep}/measurements/summary").json()["instruments"]
    assert summary[0]["instrument"] == "iciq_ui_sf" and summary[0]["change"] == -4.0


def test_a_trained_therapist_records_inwendig_onderzoek(http: httpx.Client, world: World) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="b.getraind",
        inwendig_onderzoek_bevoegd=True,
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(
        profile="bekken",
        route="verwijzing",
        client={"leeftijdsgroep": "volwassene", "wilsbekwaam": True, "geslacht": "vrouw"},
        verwijzing={
            "verwijzer_type": "verloskundige",
            "datum": "2026-03-01",
            "verwijsdiagnose": "Bekkenbodemklachten",
        },
    )
    api.record(ep, "anamnese", served_example(http, "bekken", "anamnese"))
    for code, responses in [
        ("iciq_ui_sf", ICIQ),
        ("pgq", {f"q{i}": 1 for i in range(1, 26)}),
        ("pfdi20", {f"q{i}": 1 for i in range(1, 21)}),
    ]:
        assert api.measure(ep, code, "baseline", responses).status_code == 201
    api.fire(ep, "anamnese_afronden")
    onderzoek = served_example(http, "bekken", "onderzoek") | {
        "intercollegiale_hulpvraag": None,
        "inwendig_onderzoek": {
            "datum": "2026-03-10",
            "toegang": "vaginaal",
            "bevindingen": "Verminderde kracht, goede relaxatie.",
        },
    }
    # WGBO art. 7:450: no inwendig onderzoek is recorded without the informed consent with it.
    no_consent = api.put_record(ep, "onderzoek", onderzoek)
    assert no_consent.status_code == 422
    assert "inwendig_onderzoek.toestemming" in [e["field"] for e in no_consent.json()["errors"]]
    onderzoek["inwendig_onderzoek"]["toestemming"] = TOESTEMMING
    assert api.put_record(ep, "onderzoek", onderzoek).status_code == 200
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"


def test_pelvic_red_flags_refer_to_an_arts(http: httpx.Client, world: World) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="b.screening",
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(profile="bekken", route="dto")
    screening = served_example(http, "bekken", "screening") | {
        "bekken_rode_vlaggen": ["bloedverlies na de menopauze"],
        "conclusie": "Rode vlag: verwijzing naar de huisarts.",
    }
    api.record(ep, "screening", screening)
    assert "bekken.screening.bekken_rode_vlaggen.present" in problem_codes(
        api.transition(ep, "screening_afronden")
    )
    assert (
        api.fire(ep, "verwijzen_naar_arts_bekken", {"advies": "Naar de huisarts."}) == "afsluiting"
    )
