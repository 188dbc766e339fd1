"""Profile bekken@1 as pure rules: scenario tests on snapshots, one per gate and rule."""

import re
from typing import Any

import pytest

from measures import instruments
from tests.workflows.scenario import Scenario
from workflows import registry
from workflows.definition import Behandelaar, FormInvalid, GatesUnmet
from workflows.profiles.algemeen import ALGEMEEN_V1
from workflows.profiles.bekken import (
    BEKKEN_ANAMNESE_EXAMPLE,
    BEKKEN_DOMEINEN,
    BEKKEN_ONDERZOEK_EXAMPLE,
    BEKKEN_SCREENING_EXAMPLE,
    BEKKEN_V1,
    VERPLICHTE_METINGEN,
)
from workflows.steps import STATUSES, STEPS, Step

BEKKEN = BEKKEN_V1
CATALOGUS = {i.code for i in instruments()}
ALLES_GEMETEN = {code: frozenset({"baseline", "eind"}) for code in CATALOGUS}
GETRAIND = Behandelaar(frozenset({"bekkenoefentherapeut"}), inwendig_onderzoek_bevoegd=True)
NIET_GETRAIND = Behandelaar(frozenset({"bekkenoefentherapeut"}), inwendig_onderzoek_bevoegd=False)


SCENARIO = Scenario(BEKKEN)
snapshot, example, unmet, fires = (
    SCENARIO.snapshot, SCENARIO.example, SCENARIO.unmet, SCENARIO.fires
)  # fmt: skip


FORWARD = SCENARIO.forward
EPISODE = SCENARIO.episode()


# --- the profile as a whole ------------------------------------------------------------------


def test_registered_as_bekken_1_for_the_bekkenoefentherapeut() -> None:
    assert registry.get("bekken", 1) is BEKKEN
    assert registry.current("bekken").version > 1
    assert BEKKEN.registratie == "bekkenoefentherapeut"


def test_the_base_process_is_extended_not_copied() -> None:
    base = {t.name: t for t in ALGEMEEN_V1.triggers}
    for t in BEKKEN.triggers:
        if t.name in base:
            assert t.gates[: len(base[t.name].gates)] == base[t.name].gates
            assert (t.sources, t.dest, t.kind) == (
                base[t.name].sources,
                base[t.name].dest,
                base[t.name].kind,
            )
    for step in STEPS:
        assert issubclass(BEKKEN.forms[step], ALGEMEEN_V1.forms[step])


@pytest.mark.parametrize("step", STEPS)
def test_each_forms_example_validates_and_clears_its_forward_gates(step: Step) -> None:
    assert BEKKEN.validate_record(step, example(step)) == example(step)
    assert unmet(step, FORWARD[step], records=EPISODE, sessies=1, metingen=ALLES_GEMETEN) == []


@pytest.mark.parametrize("step", ["screening", "anamnese", "onderzoek", "afsluiting"])
def test_the_base_example_alone_is_not_enough_for_a_bekken_step(step: Step) -> None:
    base_example = ALGEMEEN_V1.forms[step].model_json_schema()["examples"][0]
    codes = unmet(step, FORWARD[step], records={step: base_example}, sessies=1)
    assert codes
    assert all(c.startswith("bekken.") for c in codes)


def test_every_gate_cites_a_seed_and_codes_are_dotted_lower_case() -> None:
    for t in BEKKEN.triggers:
        for g in t.gates:
            assert re.search(r"\b00[0-4]\b", g.source), g.name
    for c in BEKKEN.record_checks:
        assert re.search(r"\b00[0-4]\b", c.source), c.name
    codes = {u.code for s in STATUSES for a in BEKKEN.available(snapshot(s)) for u in a.unmet}
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", c) for c in codes), codes
    assert {c for c in codes if c.startswith("bekken.")}


# --- screening -------------------------------------------------------------------------------


def test_screening_needs_the_domain_specific_part() -> None:
    general_only = {"screening": BEKKEN_SCREENING_EXAMPLE | {"bekken_rode_vlaggen": None}}
    assert unmet("screening", "screening_afronden", records=general_only) == [
        "bekken.screening.bekken_rode_vlaggen.missing"
    ]
    screened = {"screening": BEKKEN_SCREENING_EXAMPLE}
    assert fires("screening", "screening_afronden", records=screened) == "anamnese"


def test_pelvic_red_flags_stop_the_main_path() -> None:
    flagged = {"screening": BEKKEN_SCREENING_EXAMPLE | {"bekken_rode_vlaggen": ["bloedverlies"]}}
    with pytest.raises(GatesUnmet) as blocked:
        BEKKEN.fire(snapshot("screening", flagged), "screening_afronden")
    assert [u.code for u in blocked.value.unmet] == ["bekken.screening.bekken_rode_vlaggen.present"]


def test_pelvic_red_flags_alone_allow_a_referral_to_an_arts() -> None:
    flagged = {
        "screening": BEKKEN_SCREENING_EXAMPLE
        | {"bekken_rode_vlaggen": ["bloedverlies na de menopauze"], "rode_vlaggen": []}
    }
    advies = {"advies": "Binnen een week naar de huisarts.", "verwezen_naar": "huisarts"}
    # The base referral needs general red flags; the bekken referral takes the pelvic ones.
    assert unmet("screening", "verwijzen_naar_arts", records=flagged) == [
        "screening.rode_vlaggen.none"
    ]
    assert fires("screening", "verwijzen_naar_arts_bekken", advies, records=flagged) == (
        "afsluiting"
    )


def test_the_bekken_referral_needs_pelvic_red_flags() -> None:
    clean = {"screening": BEKKEN_SCREENING_EXAMPLE}
    assert unmet("screening", "verwijzen_naar_arts_bekken", records=clean) == [
        "bekken.screening.bekken_rode_vlaggen.none"
    ]


# --- anamnese --------------------------------------------------------------------------------


def _anamnese(**domeinen: Any) -> dict[str, dict[str, Any]]:
    record = BEKKEN_ANAMNESE_EXAMPLE | {"domeinen": BEKKEN_ANAMNESE_EXAMPLE["domeinen"] | domeinen}
    return {"anamnese": record}


@pytest.mark.parametrize("domein", BEKKEN_DOMEINEN)
def test_a_domain_absent_from_the_record_blocks_with_its_code(domein: str) -> None:
    records = _anamnese()
    del records["anamnese"]["domeinen"][domein]
    with pytest.raises(GatesUnmet) as blocked:
        BEKKEN.fire(snapshot("anamnese", records), "anamnese_afronden")
    assert [(u.code, u.field) for u in blocked.value.unmet] == [
        (f"bekken.anamnese.{domein}.missing", f"anamnese.domeinen.{domein}")
    ]
    records = _anamnese(**{domein: {"status": "niet_besproken", "reden": "Nog te vroeg."}})
    assert fires("anamnese", "anamnese_afronden", records=records) == "onderzoek"


def test_an_empty_anamnese_lists_every_domain() -> None:
    codes = unmet("anamnese", "anamnese_afronden")
    assert [c for c in codes if c.startswith("bekken.")] == [
        *(f"bekken.anamnese.{d}.missing" for d in BEKKEN_DOMEINEN),
        "bekken.anamnese.bekkengordelpijn.missing",
        "bekken.anamnese.risico_en_prognostische_factoren.missing",
    ]


def test_a_male_client_with_gynaecologisch_marked_nvt_passes() -> None:
    records = _anamnese(
        gynaecologisch={"status": "nvt", "reden": "Cliënt is een man."},
        urologisch={
            "status": "uitgevraagd",
            "urineverlies": True,
            "type_incontinentie": "urge",
            "toelichting": "Druppelt na na prostatectomie.",
        },
    )
    assert unmet("anamnese", "anamnese_afronden", records=records) == []
    assert fires("anamnese", "anamnese_afronden", records=records) == "onderzoek"


@pytest.mark.parametrize("status", ["nvt", "niet_besproken"])
@pytest.mark.parametrize("reden", [None, "", "   "])
def test_nvt_or_niet_besproken_without_a_reason_is_refused(status: str, reden: str | None) -> None:
    domein: dict[str, Any] = {"status": status}
    if reden is not None:
        domein["reden"] = reden
    with pytest.raises(FormInvalid):
        BEKKEN.validate_record("anamnese", _anamnese(seksuologisch=domein)["anamnese"])


def test_an_explored_domain_must_use_its_own_fields() -> None:
    with pytest.raises(FormInvalid):  # an explored domain without its required answers
        BEKKEN.validate_record(
            "anamnese", _anamnese(gastro_enterologisch={"status": "uitgevraagd"})["anamnese"]
        )
    with pytest.raises(FormInvalid):  # urine loss and 'geen' incontinence contradict
        BEKKEN.validate_record(
            "anamnese",
            _anamnese(
                urologisch={
                    "status": "uitgevraagd",
                    "urineverlies": True,
                    "type_incontinentie": "geen",
                }
            )["anamnese"],
        )


@pytest.mark.parametrize("field", ["risico_en_prognostische_factoren", "bekkengordelpijn"])
def test_risk_factors_and_pelvic_girdle_pain_are_required(field: str) -> None:
    records = _anamnese()
    del records["anamnese"][field]
    assert unmet("anamnese", "anamnese_afronden", records=records) == [
        f"bekken.anamnese.{field}.missing"
    ]
    assert fires("anamnese", "anamnese_afronden", records=_anamnese()) == "onderzoek"


# --- onderzoek -------------------------------------------------------------------------------


def _onderzoek(**changes: Any) -> dict[str, dict[str, Any]]:
    return {"onderzoek": BEKKEN_ONDERZOEK_EXAMPLE | changes}


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("activiteitenobservatie", "ademhaling"),
        ("activiteitenobservatie", "buikdruk"),
        ("activiteitenobservatie", "compensaties"),
        ("bekkenbodem", "onderactiviteit"),
        ("bekkenbodem", "overactiviteit"),
        ("bekkenbodem", "coordinatiestoornis"),
    ],
)
def test_observation_and_pelvic_floor_findings_are_each_required(section: str, field: str) -> None:
    partial = {k: v for k, v in BEKKEN_ONDERZOEK_EXAMPLE[section].items() if k != field}
    assert unmet("onderzoek", "onderzoek_afronden", records=_onderzoek(**{section: partial})) == [
        f"bekken.onderzoek.{section}.{field}.missing"
    ]
    assert fires("onderzoek", "onderzoek_afronden", records=_onderzoek()) == "diagnose"


def test_whether_to_objectify_the_pelvic_floor_must_be_answered() -> None:
    records = _onderzoek(bekkenbodemfunctie_objectiveren=None, intercollegiale_hulpvraag=None)
    assert unmet("onderzoek", "onderzoek_afronden", records=records) == [
        "bekken.onderzoek.bekkenbodemfunctie_objectiveren.missing"
    ]
    records = _onderzoek(bekkenbodemfunctie_objectiveren=False, intercollegiale_hulpvraag=None)
    assert fires("onderzoek", "onderzoek_afronden", records=records) == "diagnose"


INWENDIG = {"datum": "2026-03-10", "toegang": "vaginaal", "bevindingen": "Zwakke aanspanning."}
HULPVRAAG = BEKKEN_ONDERZOEK_EXAMPLE["intercollegiale_hulpvraag"]


@pytest.mark.parametrize(
    "uitkomst",
    [
        {"inwendig_onderzoek": INWENDIG},
        {"intercollegiale_hulpvraag": HULPVRAAG},  # still open: diagnose may proceed
        {
            "intercollegiale_hulpvraag": HULPVRAAG
            | {"antwoord": "Onderactieve bekkenbodem.", "beantwoord_op": "2026-03-20"}
        },
    ],
)
def test_objectifying_needs_inwendig_onderzoek_or_a_hulpvraag(uitkomst: dict[str, Any]) -> None:
    neither = _onderzoek(intercollegiale_hulpvraag=None)
    assert unmet("onderzoek", "onderzoek_afronden", records=neither) == [
        "bekken.onderzoek.inwendig_of_hulpvraag.missing"
    ]
    records = {"onderzoek": neither["onderzoek"] | uitkomst}
    assert fires("onderzoek", "onderzoek_afronden", records=records) == "diagnose"


def test_an_answer_needs_its_date_and_cannot_predate_the_question() -> None:
    for wrong in (
        HULPVRAAG | {"antwoord": "Zwak."},
        HULPVRAAG | {"antwoord": "Zwak.", "beantwoord_op": "2026-03-01"},
    ):
        with pytest.raises(FormInvalid):
            BEKKEN.validate_record(
                "onderzoek", _onderzoek(intercollegiale_hulpvraag=wrong)["onderzoek"]
            )


def test_an_untrained_therapist_may_not_record_inwendig_onderzoek() -> None:
    data = _onderzoek(inwendig_onderzoek=INWENDIG, intercollegiale_hulpvraag=None)["onderzoek"]
    refused = BEKKEN.check_record("onderzoek", data, NIET_GETRAIND)
    assert [(u.code, u.field) for u in refused] == [
        ("bekken.onderzoek.inwendig_onderzoek.niet_bevoegd", "onderzoek.inwendig_onderzoek")
    ]
    assert "intercollegiale hulpvraag" in refused[0].message
    assert BEKKEN.check_record("onderzoek", data, GETRAIND) == []


def test_an_untrained_therapist_may_ask_the_hulpvraag_instead() -> None:
    assert BEKKEN.check_record("onderzoek", BEKKEN_ONDERZOEK_EXAMPLE, NIET_GETRAIND) == []


def test_inwendig_behandelen_needs_the_same_training() -> None:
    data = example("behandeling") | {"inwendig_behandelen": True}
    assert [u.code for u in BEKKEN.check_record("behandeling", data, NIET_GETRAIND)] == [
        "bekken.behandeling.inwendig_behandelen.niet_bevoegd"
    ]
    assert BEKKEN.check_record("behandeling", data, GETRAIND) == []
    assert BEKKEN.check_record("behandeling", example("behandeling"), NIET_GETRAIND) == []


def test_the_base_profile_has_no_such_record_checks() -> None:
    assert ALGEMEEN_V1.check_record("onderzoek", {}, NIET_GETRAIND) == []


# --- required baseline measures --------------------------------------------------------------


def test_the_measures_table_names_catalogue_instruments() -> None:
    assert {m.instrument for m in VERPLICHTE_METINGEN} <= CATALOGUS


@pytest.mark.parametrize(
    ("anamnese", "required"),
    [
        # The example: stress urinary incontinence and pelvic girdle pain.
        ({}, ["iciq_ui_sf", "pgq"]),
        ({"bekkengordelpijn": False}, ["iciq_ui_sf"]),
        (
            {
                "bekkengordelpijn": False,
                "domeinen": BEKKEN_ANAMNESE_EXAMPLE["domeinen"]
                | {
                    "urologisch": {"status": "nvt", "reden": "Geen mictieklachten."},
                    "gastro_enterologisch": {
                        "status": "uitgevraagd",
                        "fecale_incontinentie": False,
                        "obstipatie": True,
                    },
                },
            },
            ["pfdi20"],
        ),
        (
            {
                "domeinen": BEKKEN_ANAMNESE_EXAMPLE["domeinen"]
                | {
                    "gynaecologisch": {
                        "status": "uitgevraagd",
                        "verzakkingsklachten": True,
                        "zwanger_of_postpartum": "nee",
                    }
                }
            },
            ["iciq_ui_sf", "pfdi20", "pgq"],
        ),
    ],
)
def test_baseline_measures_follow_the_complaints(
    anamnese: dict[str, Any], required: list[str]
) -> None:
    records = {"anamnese": BEKKEN_ANAMNESE_EXAMPLE | anamnese, "onderzoek": example("onderzoek")}
    assert unmet("onderzoek", "onderzoek_afronden", records=records) == [
        f"bekken.onderzoek.metingen.{code}.baseline_missing" for code in required
    ]
    measured = {code: frozenset({"baseline"}) for code in required}
    assert fires("onderzoek", "onderzoek_afronden", records=records, metingen=measured) == (
        "diagnose"
    )


def test_a_follow_up_does_not_stand_in_for_a_baseline() -> None:
    records = {"anamnese": BEKKEN_ANAMNESE_EXAMPLE, "onderzoek": example("onderzoek")}
    measured = {"iciq_ui_sf": frozenset({"tussentijds"}), "pgq": frozenset({"baseline"})}
    assert unmet("onderzoek", "onderzoek_afronden", records=records, metingen=measured) == [
        "bekken.onderzoek.metingen.iciq_ui_sf.baseline_missing"
    ]


def test_the_measures_gate_cites_its_sources() -> None:
    gate = next(
        g
        for t in BEKKEN.triggers
        for g in t.gates
        if t.name == "onderzoek_afronden" and g.name == "bekken.metingen.baseline"
    )
    assert "000" in gate.source and "001" in gate.source and "003" in gate.source
    assert all(m.instrument in gate.description for m in VERPLICHTE_METINGEN)


# --- afsluiting ------------------------------------------------------------------------------

ZONDER_RAPPORT = {
    "reden_afsluiting": "verwezen_naar_arts",
    "eindrapportage_verzonden_aan": "geen",
    "eindrapportage_geen_reden": "Cliënt zelf naar de huisarts.",
}


def test_terugvalpreventie_and_nazorg_are_always_required() -> None:
    # Without any session the base process asks for neither; this profile does.
    assert unmet("afsluiting", "afsluiten", records={"afsluiting": ZONDER_RAPPORT}) == [
        "bekken.afsluiting.terugvalpreventie.missing",
        "bekken.afsluiting.nazorg.missing",
    ]
    done = ZONDER_RAPPORT | {"terugvalpreventie": "n.v.t., verwezen.", "nazorg": "Geen."}
    assert fires("afsluiting", "afsluiten", records={"afsluiting": done}) == "afgesloten"


def test_nazorg_is_not_reported_twice_after_treatment() -> None:
    assert unmet("afsluiting", "afsluiten", records={"afsluiting": ZONDER_RAPPORT}, sessies=3) == [
        "afsluiting.recidivebeleid.missing",
        "afsluiting.nazorg.missing",
        "bekken.afsluiting.terugvalpreventie.missing",
    ]


def test_a_question_to_a_colleague_needs_the_clients_consent_to_share() -> None:
    # 000/003 competentie 3: "vraagt toestemming aan cliënt voor het delen van informatie".
    onderzoek = example("onderzoek")
    vraag = onderzoek["intercollegiale_hulpvraag"] | {"toestemming_client": None}
    records = {**EPISODE, "onderzoek": onderzoek | {"intercollegiale_hulpvraag": vraag}}
    measured = {"iciq_ui_sf": frozenset({"baseline"}), "pfdi20": frozenset({"baseline"}),
                "pgq": frozenset({"baseline"})}  # fmt: skip
    assert unmet("onderzoek", "onderzoek_afronden", records=records, metingen=measured) == [
        "bekken.onderzoek.intercollegiale_hulpvraag.toestemming_client.missing"
    ]
    records["onderzoek"] = onderzoek
    assert unmet("onderzoek", "onderzoek_afronden", records=records, metingen=measured) == []
