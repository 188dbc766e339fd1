"""algemeen@2: the general process with the SOLK hand-over to the psychosomatic profile."""

import re
from datetime import date
from typing import Any

import pytest

from workflows import forms, registry
from workflows.client import ClientFacts
from workflows.definition import FormInvalid, GatesUnmet, TriggerNotAllowed
from workflows.profiles.algemeen import ALGEMEEN_V1, ALGEMEEN_V2
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS, Status, Step

V2 = ALGEMEEN_V2
ADULT = ClientFacts(leeftijdsgroep="volwassene")
OVERDRACHT = "algemeen.anamnese.solk_complexiteit.overdracht_nodig"
ADVIES = {"advies": "Verwezen naar een psychosomatisch oefentherapeut.", "verwezen_naar": "PSOT"}


def snapshot(status: Status, records: dict[str, dict[str, Any]] | None = None) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        route="verwijzing",
        status=status,
        client=ADULT,
        aangemeld_op=date(2026, 3, 1),
        records=records or {},
        sessie_count=1,
        form_types=V2.forms,
    )


def unmet(status: Status, trigger: str, records: dict[str, dict[str, Any]]) -> list[str]:
    available = {a.trigger.name: a for a in V2.available(snapshot(status, records))}
    return [u.code for u in available[trigger].unmet]


def anamnese(solk: str | None) -> dict[str, Any]:
    return forms.ANAMNESE_EXAMPLE | ({"solk_complexiteit": solk} if solk else {})


FORWARD = {t.sources[0]: t.name for t in V2.triggers if t.kind == "voorwaarts"}


def test_version_2_is_kept_beside_version_1_unchanged() -> None:
    assert registry.current("algemeen").version > 2
    assert registry.get("algemeen", 2) is V2
    assert registry.get("algemeen", 2) is V2
    assert registry.get("algemeen", 1) is ALGEMEEN_V1
    assert "verwijzen_psychosomatisch" not in {t.name for t in ALGEMEEN_V1.triggers}
    assert ALGEMEEN_V1.forms["anamnese"] is forms.AnamneseForm
    with pytest.raises(FormInvalid):  # a v1 episode's form knows no SOLK field
        ALGEMEEN_V1.validate_record("anamnese", anamnese("licht"))


@pytest.mark.parametrize("step", STEPS)
def test_each_forms_example_clears_its_forward_gates(step: Step) -> None:
    example = V2.forms[step].model_json_schema()["examples"][0]
    assert V2.validate_record(step, example) == example
    assert unmet(step, FORWARD[step], {step: example}) == []


@pytest.mark.parametrize("solk", [None, "licht"])
def test_no_or_light_solk_stays_with_the_generalist(solk: str | None) -> None:
    records = {"anamnese": anamnese(solk), "diagnose": forms.DIAGNOSE_EXAMPLE}
    assert V2.fire(snapshot("anamnese", records), "anamnese_afronden").dest == "onderzoek"
    assert V2.fire(snapshot("diagnose", records), "diagnose_afronden").dest == "behandelplan"


@pytest.mark.parametrize("solk", ["matig_ernstig", "ernstig"])
@pytest.mark.parametrize(
    ("status", "trigger"), [("anamnese", "anamnese_afronden"), ("diagnose", "diagnose_afronden")]
)
def test_from_matig_ernstig_the_generalist_cannot_go_on(
    solk: str, status: Status, trigger: str
) -> None:
    records = {"anamnese": anamnese(solk), "diagnose": forms.DIAGNOSE_EXAMPLE}
    with pytest.raises(GatesUnmet) as blocked:
        V2.fire(snapshot(status, records), trigger)
    assert [(u.code, u.field) for u in blocked.value.unmet] == [
        (OVERDRACHT, "anamnese.solk_complexiteit")
    ]
    assert "psychosomatisch oefentherapeut" in blocked.value.unmet[0].message


@pytest.mark.parametrize("solk", ["matig_ernstig", "ernstig"])
@pytest.mark.parametrize(
    "status", ["anamnese", "onderzoek", "diagnose", "behandelplan", "behandeling", "evaluatie"]
)
def test_from_matig_ernstig_the_referral_opens(solk: str, status: Status) -> None:
    fired = V2.fire(
        snapshot(status, {"anamnese": anamnese(solk)}), "verwijzen_psychosomatisch", ADVIES
    )
    assert (fired.dest, fired.trigger.kind) == ("afsluiting", "uitstroom")
    assert fired.payload == ADVIES


@pytest.mark.parametrize(
    ("solk", "code"),
    [
        (None, "algemeen.anamnese.solk_complexiteit.missing"),
        ("licht", "algemeen.anamnese.solk_complexiteit.te_laag"),
    ],
)
def test_the_referral_needs_solk_from_matig_ernstig(solk: str | None, code: str) -> None:
    assert unmet("onderzoek", "verwijzen_psychosomatisch", {"anamnese": anamnese(solk)}) == [code]


def test_the_referral_carries_the_advice_and_is_not_offered_in_screening() -> None:
    with pytest.raises(FormInvalid):
        V2.fire(
            snapshot("anamnese", {"anamnese": anamnese("ernstig")}), "verwijzen_psychosomatisch"
        )
    with pytest.raises(TriggerNotAllowed):
        V2.fire(snapshot("screening"), "verwijzen_psychosomatisch", ADVIES)


def test_the_new_gates_cite_004_and_codes_are_dotted_lower_case() -> None:
    base = {g.name for t in ALGEMEEN_V1.triggers for g in t.gates}
    new = [g for t in V2.triggers for g in t.gates if g.name not in base]
    assert {g.name for g in new} == {"algemeen.solk_overdracht", "algemeen.solk_verwijzing"}
    assert all("004 §1.2" in g.source for g in new)
    for solk in (None, "licht", "matig_ernstig"):
        for status in ("anamnese", "diagnose"):
            for a in V2.available(snapshot(status, {"anamnese": anamnese(solk)})):
                for u in a.unmet:
                    assert re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+){2,3}", u.code), u.code
