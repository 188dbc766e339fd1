"""Corrections of a passed step (third edition): a reason, and the step's gates stay met.

The rule is pure: it sees the episode as a snapshot before the correction and the corrected
record, and names what the correction would undo.
"""

from typing import Any

import pytest

from tests.workflows.scenario import Scenario
from workflows import registry, write_rules
from workflows.gates import all_unmet
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import Status

CURRENT = Scenario(registry.current("algemeen"))


def in_onderzoek() -> tuple[EpisodeSnapshot, dict[str, Any]]:
    """An episode that finished its anamnese (the form's own example) and is in onderzoek."""
    anamnese = CURRENT.example("anamnese")
    ep = CURRENT.snapshot("onderzoek", {"anamnese": anamnese})
    # The ground the rule stands on: the anamnese was left by its forward trigger.
    afronden = next(
        t for t in CURRENT.definition.triggers_from("anamnese") if t.name == "anamnese_afronden"
    )
    assert all_unmet(afronden.gates, ep) == []
    return ep, anamnese


def test_the_newest_edition_takes_corrections_and_refuses_a_plain_save_of_a_passed_step() -> None:
    definition = CURRENT.definition
    assert write_rules.corrections_apply(definition.write_rules)
    assert write_rules.RECORD_CORRECTION in definition.write_rules
    ep, _ = in_onderzoek()
    refused = write_rules.record_writable(ep, "anamnese", corrections=True)
    assert [u.code for u in refused] == ["record.anamnese.correctie_nodig"]
    # The current step is saved as ever.
    assert write_rules.record_writable(ep, "onderzoek", corrections=True) == []


def test_a_typo_fixed_is_a_correction_that_passes() -> None:
    ep, anamnese = in_onderzoek()
    fixed = anamnese | {"hulpvraag": anamnese["hulpvraag"] + " (gecorrigeerd)"}
    assert write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", fixed) == []


def test_emptying_a_gated_field_is_refused_with_the_gates_codes() -> None:
    ep, anamnese = in_onderzoek()
    emptied = {k: v for k, v in anamnese.items() if k not in ("hulpvraag", "klachten_beloop")}
    unmet = write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", emptied)
    codes = [u.code for u in unmet]
    assert "anamnese.hulpvraag.missing" in codes
    assert "anamnese.klachten_beloop.missing" in codes
    assert len(codes) == len(set(codes))
    assert {u.field for u in unmet} >= {"anamnese.hulpvraag", "anamnese.klachten_beloop"}


def test_the_snapshot_before_is_not_read_from_a_stale_cache() -> None:
    # A snapshot caches the forms it parsed; the rule must judge the corrected record itself.
    ep, anamnese = in_onderzoek()
    assert ep.form("anamnese", CURRENT.definition.forms["anamnese"]) is not None  # cached
    emptied = {k: v for k, v in anamnese.items() if k != "hulpvraag"}
    codes = [
        u.code for u in write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", emptied)
    ]
    assert codes == ["anamnese.hulpvraag.missing"]
    assert write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", anamnese) == []


def test_a_gate_that_was_not_met_before_is_not_the_corrections_to_keep() -> None:
    # Only the triggers open before the correction bind it: an anamnese left although its
    # hulpvraag is missing today (say, under an earlier rule) may have its other fields corrected.
    _, anamnese = in_onderzoek()
    without = {k: v for k, v in anamnese.items() if k != "hulpvraag"}
    ep = CURRENT.snapshot("onderzoek", {"anamnese": without})
    fixed = without | {"klachten_beloop": "Lage rugpijn sinds zes weken, wisselend."}
    assert write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", fixed) == []


@pytest.mark.parametrize(
    ("status", "records"),
    [("anamnese", {"anamnese": {}}), ("onderzoek", {})],
    ids=["current step", "nothing recorded"],
)
def test_a_step_that_has_not_passed_is_not_corrected(
    status: Status, records: dict[str, dict[str, Any]]
) -> None:
    anamnese = CURRENT.example("anamnese")
    records = {step: anamnese for step in records}
    ep = CURRENT.snapshot(status, records)
    unmet = write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", anamnese)
    assert [u.code for u in unmet] == ["record.anamnese.geen_correctie"]


def test_a_closed_episode_is_not_corrected() -> None:
    anamnese = CURRENT.example("anamnese")
    ep = CURRENT.snapshot("afgesloten", {"anamnese": anamnese})
    unmet = write_rules.correction_unmet(CURRENT.definition, ep, "anamnese", anamnese)
    assert [u.code for u in unmet] == [write_rules.EPISODE_AFGESLOTEN]


@pytest.mark.parametrize(("profile", "version"), [("algemeen", 1), ("algemeen", 2), ("bekken", 1)])
def test_older_versions_keep_todays_behaviour(profile: str, version: int) -> None:
    older = registry.get(profile, version)
    assert not write_rules.corrections_apply(older.write_rules)
    assert write_rules.RECORD_CORRECTION not in older.write_rules
    scenario = Scenario(older)
    anamnese = scenario.example("anamnese")
    ep = scenario.snapshot("onderzoek", {"anamnese": anamnese})
    # A passed step is saved again, as before; a correction is not part of this version.
    assert write_rules.record_writable(ep, "anamnese") == []
    unmet = write_rules.correction_unmet(older, ep, "anamnese", anamnese)
    assert [u.code for u in unmet] == [write_rules.CORRECTION_NOT_IN_VERSION]


@pytest.mark.parametrize(
    ("profile", "version"), [("algemeen", 3), ("bekken", 2), ("psychosomatisch", 2)]
)
def test_every_third_edition_definition_takes_corrections(profile: str, version: int) -> None:
    assert write_rules.corrections_apply(registry.get(profile, version).write_rules)


def test_the_third_editions_rules_are_the_first_editions_with_corrections() -> None:
    names = [r.name for r in write_rules.WRITE_RULES_V3]
    assert names == [
        *(r.name for r in write_rules.WRITE_RULES[:2]),
        "record.correctie",
        *(r.name for r in write_rules.WRITE_RULES[2:]),
    ]
    step_rule = next(r for r in write_rules.WRITE_RULES_V3 if r.name == "record.huidige_stap")
    assert "correctie" in step_rule.description
