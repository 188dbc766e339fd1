"""Profile psychosomatisch@1 as pure rules: scenario tests on snapshots, one per gate."""

import re
from typing import Any

import pytest

from measures import instruments
from tests.workflows.scenario import Scenario
from workflows import forms, registry
from workflows.definition import FormInvalid, GatesUnmet
from workflows.profiles.algemeen import ALGEMEEN_V1, ALGEMEEN_V2
from workflows.profiles.psychosomatisch import (
    FACTOR_VRAGEN,
    METINGEN_PER_NIVEAU,
    PSYCHOSOMATISCH_ANAMNESE_EXAMPLE,
    PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE,
    PSYCHOSOMATISCH_DIAGNOSE_EXAMPLE,
    PSYCHOSOMATISCH_SCREENING_EXAMPLE,
    PSYCHOSOMATISCH_V1,
    SCEGS_VRAGEN,
)
from workflows.steps import STATUSES, STEPS, Step

PSY = PSYCHOSOMATISCH_V1
CATALOGUS = {i.code for i in instruments()}
ALLES_GEMETEN = {code: frozenset({"baseline", "eind"}) for code in CATALOGUS}


SCENARIO = Scenario(PSY)
snapshot, example, unmet, fires = (
    SCENARIO.snapshot, SCENARIO.example, SCENARIO.unmet, SCENARIO.fires
)  # fmt: skip


FORWARD = SCENARIO.forward
EPISODE = SCENARIO.episode()


def without(record: dict[str, Any], section: str, field: str) -> dict[str, Any]:
    return record | {section: {k: v for k, v in record[section].items() if k != field}}


# --- the profile as a whole ------------------------------------------------------------------


def test_registered_for_the_psychosomatisch_oefentherapeut() -> None:
    assert registry.get("psychosomatisch", 1) is PSY
    assert PSY.registratie == "psychosomatisch_oefentherapeut"


def test_the_base_process_is_extended_not_copied() -> None:
    base = {t.name: t for t in ALGEMEEN_V1.triggers}
    assert [t.name for t in PSY.triggers] == list(base)
    for t in PSY.triggers:
        assert t.gates[: len(base[t.name].gates)] == base[t.name].gates
    for step in STEPS:
        assert issubclass(PSY.forms[step], ALGEMEEN_V1.forms[step])


@pytest.mark.parametrize("step", STEPS)
def test_each_forms_example_validates_and_clears_its_forward_gates(step: Step) -> None:
    assert PSY.validate_record(step, example(step)) == example(step)
    assert unmet(step, FORWARD[step], records=EPISODE, sessies=1, metingen=ALLES_GEMETEN) == []


def test_every_gate_cites_a_seed_and_codes_are_dotted_lower_case() -> None:
    for t in PSY.triggers:
        for g in t.gates:
            assert re.search(r"\b00[0-4]\b", g.source), g.name
            if g.name.startswith("psychosomatisch."):
                assert "004" in g.source, g.name
    codes = {u.code for s in STATUSES for a in PSY.available(snapshot(s)) for u in a.unmet}
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", c) for c in codes), codes


# --- screening -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gele_vlaggen",
    [[], ["Somberheid"], ["Angst voor bewegen", "Werkconflict", "Slaapt slecht", "Piekeren"]],
)
def test_gele_vlaggen_never_block(gele_vlaggen: list[str]) -> None:
    records = {"screening": PSYCHOSOMATISCH_SCREENING_EXAMPLE | {"gele_vlaggen": gele_vlaggen}}
    assert unmet("screening", "screening_afronden", records=records) == []
    assert fires("screening", "screening_afronden", records=records) == "anamnese"


def test_the_domain_specific_screening_must_be_recorded() -> None:
    assert unmet(
        "screening", "screening_afronden", records={"screening": forms.SCREENING_EXAMPLE}
    ) == ["psychosomatisch.screening.gele_vlaggen.missing"]


def test_red_flags_still_block_as_in_the_general_process() -> None:
    records = {"screening": PSYCHOSOMATISCH_SCREENING_EXAMPLE | {"rode_vlaggen": ["Nachtpijn"]}}
    with pytest.raises(GatesUnmet) as blocked:
        PSY.fire(snapshot("screening", records), "screening_afronden")
    assert [u.code for u in blocked.value.unmet] == ["screening.rode_vlaggen.present"]
    advies = {"advies": "Naar de huisarts."}
    assert PSY.fire(snapshot("screening", records), "verwijzen_naar_arts", advies).dest == (
        "afsluiting"
    )


# --- anamnese --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "field"),
    [*(("scegs", d) for d in SCEGS_VRAGEN), *(("factoren", f) for f in FACTOR_VRAGEN)],
)
def test_each_scegs_dimension_and_factor_has_its_own_code(section: str, field: str) -> None:
    records = {"anamnese": without(PSYCHOSOMATISCH_ANAMNESE_EXAMPLE, section, field)}
    with pytest.raises(GatesUnmet) as blocked:
        PSY.fire(snapshot("anamnese", records), "anamnese_afronden")
    assert [(u.code, u.field) for u in blocked.value.unmet] == [
        (f"psychosomatisch.anamnese.{section}.{field}.missing", f"anamnese.{section}.{field}")
    ]
    assert fires("anamnese", "anamnese_afronden", records={"anamnese": example("anamnese")}) == (
        "onderzoek"
    )


def test_an_empty_anamnese_lists_every_dimension_and_factor() -> None:
    codes = [c for c in unmet("anamnese", "anamnese_afronden") if c.startswith("psychosomatisch")]
    assert codes == [
        *(f"psychosomatisch.anamnese.scegs.{d}.missing" for d in SCEGS_VRAGEN),
        *(f"psychosomatisch.anamnese.factoren.{f}.missing" for f in FACTOR_VRAGEN),
        "psychosomatisch.anamnese.solk_complexiteit.missing",
        "psychosomatisch.anamnese.kwaliteit_van_leven.missing",
    ]


@pytest.mark.parametrize("field", ["solk_complexiteit", "kwaliteit_van_leven"])
def test_solk_complexity_and_quality_of_life_are_recorded(field: str) -> None:
    record = {k: v for k, v in PSYCHOSOMATISCH_ANAMNESE_EXAMPLE.items() if k != field}
    assert unmet("anamnese", "anamnese_afronden", records={"anamnese": record}) == [
        f"psychosomatisch.anamnese.{field}.missing"
    ]


@pytest.mark.parametrize("solk", ["licht", "matig_ernstig", "ernstig"])
def test_any_solk_complexity_may_be_treated_here(solk: str) -> None:
    records = {"anamnese": PSYCHOSOMATISCH_ANAMNESE_EXAMPLE | {"solk_complexiteit": solk}}
    assert fires("anamnese", "anamnese_afronden", records=records) == "onderzoek"
    with pytest.raises(FormInvalid):
        PSY.validate_record("anamnese", records["anamnese"] | {"solk_complexiteit": "zwaar"})


def test_a_generalists_anamnese_fits_the_psychosomatic_form_after_hand_over() -> None:
    handed_over = ALGEMEEN_V2.validate_record(
        "anamnese", forms.ANAMNESE_EXAMPLE | {"solk_complexiteit": "matig_ernstig"}
    )
    assert PSY.validate_record("anamnese", handed_over) == handed_over


# --- onderzoek: measures ---------------------------------------------------------------------


def test_the_measures_table_names_catalogue_instruments() -> None:
    assert {c for codes in METINGEN_PER_NIVEAU.values() for c in codes} <= CATALOGUS


def test_baselines_are_needed_on_symptom_and_functioning_level() -> None:
    records = {"onderzoek": example("onderzoek")}
    assert unmet("onderzoek", "onderzoek_afronden", records=records) == [
        "psychosomatisch.onderzoek.metingen.symptoomniveau.baseline_missing",
        "psychosomatisch.onderzoek.metingen.functioneren.baseline_missing",
    ]
    only_eind = {"4dkl": frozenset({"eind"}), "psk": frozenset({"tussentijds"})}
    assert len(unmet("onderzoek", "onderzoek_afronden", records=records, metingen=only_eind)) == 2


@pytest.mark.parametrize("symptoom", METINGEN_PER_NIVEAU["symptoomniveau"])
@pytest.mark.parametrize("functioneren", METINGEN_PER_NIVEAU["functioneren"])
def test_any_instrument_per_level_will_do(symptoom: str, functioneren: str) -> None:
    records = {"onderzoek": example("onderzoek")}
    half = {symptoom: frozenset({"baseline"})}
    assert unmet("onderzoek", "onderzoek_afronden", records=records, metingen=half) == [
        "psychosomatisch.onderzoek.metingen.functioneren.baseline_missing"
    ]
    both = half | {functioneren: frozenset({"baseline"})}
    assert fires("onderzoek", "onderzoek_afronden", records=records, metingen=both) == "diagnose"


# --- diagnose --------------------------------------------------------------------------------


@pytest.mark.parametrize("part", [*SCEGS_VRAGEN, *FACTOR_VRAGEN])
def test_each_part_of_the_werkdiagnose_is_required(part: str) -> None:
    records = {"diagnose": without(PSYCHOSOMATISCH_DIAGNOSE_EXAMPLE, "werkdiagnose", part)}
    assert unmet("diagnose", "diagnose_afronden", records=records) == [
        f"psychosomatisch.diagnose.werkdiagnose.{part}.missing"
    ]
    assert fires("diagnose", "diagnose_afronden", records={"diagnose": example("diagnose")}) == (
        "behandelplan"
    )


def test_the_base_diagnose_example_lacks_the_whole_werkdiagnose() -> None:
    codes = unmet("diagnose", "diagnose_afronden", records={"diagnose": forms.DIAGNOSE_EXAMPLE})
    assert len(codes) == len(SCEGS_VRAGEN) + len(FACTOR_VRAGEN)


# --- behandelplan ----------------------------------------------------------------------------


@pytest.mark.parametrize("spoor", ["somatisch_spoor", "psychosociaal_spoor"])
@pytest.mark.parametrize("leeg", [None, {"subdoelen": []}, {"interventies": "Lichaamswerk."}])
def test_each_track_needs_subdoelen(spoor: str, leeg: dict[str, Any] | None) -> None:
    plan = PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE | {spoor: leeg}
    assert unmet("behandelplan", "behandelplan_vaststellen", records={"behandelplan": plan}) == [
        f"psychosomatisch.behandelplan.{spoor}.missing"
    ]
    records = {"behandelplan": PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE}
    assert fires("behandelplan", "behandelplan_vaststellen", records=records) == "behandeling"


def test_an_empty_subdoel_is_refused() -> None:
    plan = PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE | {"somatisch_spoor": {"subdoelen": ["  "]}}
    with pytest.raises(FormInvalid):
        PSY.validate_record("behandelplan", plan)
