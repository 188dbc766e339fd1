"""The mapping of `app.fhir.bundle` on hand-made episodes: the status mappings, scores of every
shape, the consent that holds, and that whatever it builds is valid R4 (the R4B models)."""

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

import measures
from app.episodes.schemas import ContactOut, ToestemmingOut
from app.fhir import urls
from app.fhir.bundle import EpisodeExport, Record, Therapist, Transition, build, instant, render
from app.instruments.schemas import ScoreOut
from app.measurements.schemas import MeasurementOut
from workflows.client import ClientFacts
from workflows.registraties import Registratie

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PLAN = {
    "hoofddoel": "Weer fietsen naar het werk.",
    "hoofddoel_niveau": "participatie",
    "subdoelen": [{"odim_domein": "motoriek", "omschrijving": "Rugsparend tillen."}],
    "somatisch_spoor": {"subdoelen": ["Ontspannen."]},
}


def _measurement(id_: int, code: str, responses: dict[str, Any]) -> MeasurementOut:
    return MeasurementOut(
        id=id_,
        episode_id=1,
        instrument=code,
        moment="baseline",
        afgenomen_op=date(2026, 3, 2),
        responses=responses,
        score=ScoreOut.of(measures.score(code, responses)),
        created_at=AT,
        created_by="therapist:1",
    )


def _toestemming(id_: int, besluit: str, ontvanger: int | None = None) -> ToestemmingOut:
    return ToestemmingOut(
        id=id_,
        doel="intercollegiaal_overleg",
        ontvanger=ontvanger,
        besluit=besluit,
        door=["client", "vertegenwoordiger"],
        datum=date(2026, 3, 2),
        wijze="mondeling",
        vastgelegd_door="therapist:1",
        vastgelegd_op=AT,
    )


def _export(**overrides: Any) -> EpisodeExport:
    values: dict[str, Any] = {
        "episode_id": 7,
        "practice_id": 1,
        "client_ref": "C-1",
        "client": ClientFacts(leeftijdsgroep="volwassene", geslacht="ongedifferentieerd"),
        "profile": "psychosomatisch",
        "definition_version": 2,
        "status": "behandeling",
        "aangehouden": False,
        "aangemeld_op": date(2026, 3, 1),
        "updated_at": AT,
        "praktijk_naam": "Praktijk A",
        "praktijk_agb": "12345678",
        "therapist_id": 3,
        "therapist": Therapist(
            id=3,
            naam="T. Therapeut",
            active=True,
            registraties=(Registratie("oefentherapeut", "29012345678", None),),
        ),
        "exported_at": AT,
        "records": {
            "diagnose": Record({"oefentherapeutische_diagnose": "Spanningsklachten."}, AT),
            "behandelplan": Record(PLAN, AT),
        },
    }
    return EpisodeExport(**(values | overrides))


def _of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _valid(bundle: dict[str, Any]) -> dict[str, Any]:
    assert Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True) == bundle
    return bundle


@pytest.mark.parametrize(
    ("status", "aangehouden", "transitions", "reden", "episode", "plan", "goal"),
    [
        ("behandelplan", False, [], None, "active", "draft", "proposed"),
        ("behandeling", False, [], None, "active", "active", "active"),
        ("behandeling", True, [], None, "onhold", "on-hold", "on-hold"),
        ("onderzoek", False, [], None, "active", "on-hold", "on-hold"),
        ("afgesloten", False, [], "doelen_bereikt", "finished", "completed", "completed"),
        (
            "afgesloten",
            False,
            ["client_stopt"],
            "client_gestopt",
            "cancelled",
            "revoked",
            "cancelled",
        ),
    ],
)
def test_statuses_follow_the_step(
    status: str,
    aangehouden: bool,
    transitions: list[str],
    reden: str | None,
    episode: str,
    plan: str,
    goal: str,
) -> None:
    records = dict(_export().records)
    if reden is not None:
        records["afsluiting"] = Record({"reden_afsluiting": reden}, AT)
    moves = [Transition(AT, t, "afsluiting") for t in transitions]
    moves.append(Transition(AT, "afsluiten", "afgesloten"))
    bundle = _valid(
        build(_export(status=status, aangehouden=aangehouden, records=records, transitions=moves))
    )
    [care] = _of(bundle, "EpisodeOfCare")
    [careplan] = _of(bundle, "CarePlan")
    assert (care["status"], careplan["status"]) == (episode, plan)
    assert {g["lifecycleStatus"] for g in _of(bundle, "Goal")} == {goal}
    assert ("end" in care["period"]) == (status == "afgesloten")
    [condition] = _of(bundle, "Condition")
    clinical = condition.get("clinicalStatus", {}).get("coding", [{}])[0].get("code")
    if status != "afgesloten":
        assert clinical == "active"
    else:  # the engine knows the problem resolved only when the goals were reached
        assert clinical == ("resolved" if reden == "doelen_bereikt" else None)


def test_goals_carry_their_level_domain_and_spoor() -> None:
    bundle = _valid(build(_export()))
    hoofddoel, subdoel, spoor = _of(bundle, "Goal")
    assert [c["coding"][0] for c in hoofddoel["category"]] == [
        {"system": urls.DOEL, "code": "hoofddoel"},
        {"system": urls.DOELNIVEAU, "code": "participatie"},
    ]
    assert subdoel["category"][1]["coding"] == [{"system": urls.ODIM, "code": "motoriek"}]
    assert spoor["category"][1]["coding"] == [{"system": urls.SPOOR, "code": "somatisch_spoor"}]
    assert spoor["description"] == {"text": "Ontspannen."}


def test_patient_gender_keeps_the_zib_code_and_an_age_group_is_no_birth_date() -> None:
    [patient] = _of(_valid(build(_export())), "Patient")
    assert patient["gender"] == "other"
    [ext] = patient["_gender"]["extension"]
    assert ext["valueCodeableConcept"]["coding"][0]["code"] == "UN"
    assert "birthDate" not in patient
    assert [i["system"] for i in patient["identifier"]] == [urls.CLIENT_REF]


def test_every_shape_of_score_is_an_observation_and_bands_are_interpretations() -> None:
    measurements = [
        _measurement(1, "hads", {f"q{i}": 1 for i in range(1, 15)}),
        _measurement(2, "gpe", {"score": 2}),
        _measurement(3, "iciq_ui_sf", {"q1": 2, "q2": 2, "q3": 5, "q4": [1, 3]}),
        _measurement(4, "who5", {f"q{i}": 2 for i in range(1, 6)}),
    ]
    bundle = _valid(build(_export(measurements=measurements)))

    def obs(key: str) -> dict[str, Any]:
        [o] = [
            o
            for o in _of(bundle, "Observation")
            if {"system": urls.SCORE, "code": key} in o["code"]["coding"]
        ]
        return o

    assert obs("hads.anxiety")["interpretation"] == [{"text": "normal"}]
    assert not [o for o in _of(bundle, "Observation") if "band" in o["code"]["coding"][-1]["code"]]
    assert obs("gpe.verbeterd")["valueBoolean"] is True
    assert obs("gpe.score")["interpretation"] == [{"text": "improved"}]
    assert obs("iciq_ui_sf.q4")["valueString"] == "1,3"
    assert obs("who5.score_pct")["valueQuantity"]["code"] == "%"
    assert obs("who5.raw")["valueInteger"] == 10

    iciq = _of(bundle, "QuestionnaireResponse")[2]
    assert iciq["item"][-1] == {
        "linkId": "q4",
        "answer": [{"valueInteger": 1}, {"valueInteger": 3}],
    }


def test_only_the_latest_consent_for_a_recipient_holds() -> None:
    contact = ContactOut(id=1, rol="collega", naam="M. Collega", agb="04012345")
    records = [_toestemming(1, "gegeven", 1), _toestemming(2, "geweigerd", 1)]
    bundle = _valid(build(_export(contacten=[contact], toestemmingen=records)))
    given, refused = _of(bundle, "Consent")
    assert (given["status"], given["provision"]["type"]) == ("inactive", "permit")
    assert (refused["status"], refused["provision"]["type"]) == ("rejected", "deny")
    assert refused["performer"][1] == {"type": "RelatedPerson", "display": "vertegenwoordiger"}
    assert refused["provision"]["actor"][0]["reference"]["display"] == "M. Collega (collega)"


def test_full_urls_are_stable_and_instants_are_utc() -> None:
    one, two = build(_export()), build(_export(status="evaluatie"))
    assert [e["fullUrl"] for e in one["entry"]] == [e["fullUrl"] for e in two["entry"]]
    assert instant(datetime(2026, 3, 2, 10, 30)) == "2026-03-02T10:30:00Z"


def test_render_serves_the_checked_build_as_json() -> None:
    export = _export(measurements=[_measurement(1, "nprs", {"score": 4})])
    assert json.loads(render(export)) == build(export)
