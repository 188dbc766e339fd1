"""The general process as pure rules: no HTTP, no database."""

import re
from datetime import date
from typing import Any

import pytest

from workflows import forms, gates, registry
from workflows.client import ClientFacts
from workflows.definition import FormInvalid, GatesUnmet, TriggerNotAllowed, UnknownTrigger
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STATUSES, STEPS, Route, Status, Step

ALGEMEEN = registry.get("algemeen", 1)
ADULT = ClientFacts(leeftijdsgroep="volwassene")


def snapshot(
    status: Status,
    records: dict[str, dict[str, Any]] | None = None,
    *,
    route: Route = "dto",
    client: ClientFacts = ADULT,
    sessies: int = 0,
    metingen: dict[str, frozenset[str]] | None = None,
) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        route=route,
        status=status,
        client=client,
        aangemeld_op=date(2026, 3, 1),
        records=records or {},
        sessie_count=sessies,
        metingen=metingen or {},
    )


def unmet_codes(status: Status, trigger: str, **kw: Any) -> list[str]:
    available = {a.trigger.name: a for a in ALGEMEEN.available(snapshot(status, **kw))}
    return [u.code for u in available[trigger].unmet]


FORWARD: dict[str, str] = {
    t.sources[0]: t.name for t in ALGEMEEN.triggers if t.kind == "voorwaarts"
}


@pytest.mark.parametrize("step", STEPS)
def test_each_forms_example_clears_its_forward_gates(step: Step) -> None:
    records = {step: forms.STEP_EXAMPLES[step]}
    assert unmet_codes(step, FORWARD[step], records=records, sessies=1) == []


@pytest.mark.parametrize("step", STEPS)
def test_each_form_example_validates_against_its_own_form(step: str) -> None:
    data = forms.STEP_EXAMPLES[step]
    assert ALGEMEEN.validate_record(step, data) == data


def test_an_empty_screening_lists_everything_still_to_do() -> None:
    assert unmet_codes("screening", "screening_afronden") == [
        "screening.conclusie.missing",
        "screening.klachten.missing",
        "screening.rode_vlaggen.missing",
        "screening.aanvullende_medische_info_nodig.missing",
        "screening.binnen_domein.missing",
    ]


def test_no_red_flags_found_is_an_answer_not_a_gap() -> None:
    records = {"screening": forms.SCREENING_EXAMPLE | {"rode_vlaggen": []}}
    assert unmet_codes("screening", "screening_afronden", records=records) == []


def test_subdoelen_must_cover_all_four_odim_domains() -> None:
    plan = forms.BEHANDELPLAN_EXAMPLE | {
        "subdoelen": [{"odim_domein": "motoriek", "omschrijving": "Tillen."}]
    }
    assert unmet_codes(
        "behandelplan", "behandelplan_vaststellen", records={"behandelplan": plan}
    ) == [
        "behandelplan.subdoelen.cognitie.missing",
        "behandelplan.subdoelen.motivatie.missing",
        "behandelplan.subdoelen.omgeving.missing",
    ]


def test_plan_without_the_clients_agreement_is_blocked() -> None:
    plan = forms.BEHANDELPLAN_EXAMPLE | {"akkoord_client": False}
    assert unmet_codes(
        "behandelplan", "behandelplan_vaststellen", records={"behandelplan": plan}
    ) == ["behandelplan.akkoord_client.missing"]


def test_treatment_without_a_session_cannot_be_evaluated() -> None:
    assert unmet_codes("behandeling", "behandeling_afronden") == ["behandeling.sessies.missing"]
    assert unmet_codes("behandeling", "behandeling_afronden", sessies=3) == []


def test_afsluiting_after_treatment_needs_recidivebeleid_and_nazorg() -> None:
    closing = {
        "reden_afsluiting": "doelen_bereikt",
        "eindrapportage_verzonden_aan": "geen",
        "eindrapportage_geen_reden": "Cliënt wil geen bericht aan de huisarts.",
    }
    assert unmet_codes("afsluiting", "afsluiten", records={"afsluiting": closing}) == []
    assert unmet_codes("afsluiting", "afsluiten", records={"afsluiting": closing}, sessies=2) == [
        "afsluiting.recidivebeleid.missing",
        "afsluiting.nazorg.missing",
    ]


def test_evaluation_that_refers_on_must_say_to_whom() -> None:
    evaluatie = forms.EVALUATIE_EXAMPLE | {"doorverwijzing_nodig": True}
    assert unmet_codes("evaluatie", "evaluatie_afronden", records={"evaluatie": evaluatie}) == [
        "evaluatie.doorverwijzing_naar.missing"
    ]


@pytest.mark.parametrize(
    ("born", "child"),
    [(date(2014, 3, 2), True), (date(2014, 3, 1), False), (date(2014, 2, 28), False)],
)
def test_a_child_is_under_12_until_the_twelfth_birthday(born: date, child: bool) -> None:
    assert ClientFacts(geboortedatum=born).kind_onder_12(date(2026, 3, 1)) is child


def test_firing_moves_only_when_every_gate_is_clear() -> None:
    with pytest.raises(GatesUnmet) as blocked:
        ALGEMEEN.fire(snapshot("onderzoek"), "onderzoek_afronden")
    assert [u.code for u in blocked.value.unmet] == [
        "onderzoek.activiteitenonderzoek.missing",
        "onderzoek.specifiek_onderzoek.missing",
    ]
    fired = ALGEMEEN.fire(
        snapshot("onderzoek", {"onderzoek": forms.ONDERZOEK_EXAMPLE}), "onderzoek_afronden"
    )
    assert (fired.source, fired.dest) == ("onderzoek", "diagnose")


def test_triggers_are_refused_from_the_wrong_step_and_unknown_ones_are_named() -> None:
    with pytest.raises(TriggerNotAllowed):
        ALGEMEEN.fire(snapshot("screening"), "afsluiten")
    with pytest.raises(UnknownTrigger):
        ALGEMEEN.fire(snapshot("screening"), "to_afgesloten")
    with pytest.raises(TriggerNotAllowed):
        ALGEMEEN.fire(snapshot("afgesloten"), "client_stopt", {"reden": "x"})


def test_the_machine_has_no_shortcuts_past_the_gates() -> None:
    # transitions' auto_transitions would add to_<state>() triggers that skip every gate.
    assert not any(name.startswith("to_") for name in ALGEMEEN._machine.events)


def test_payloads_are_validated_like_forms() -> None:
    with pytest.raises(FormInvalid):
        ALGEMEEN.fire(snapshot("anamnese"), "client_stopt", {})
    with pytest.raises(FormInvalid):
        ALGEMEEN.fire(snapshot("anamnese"), "client_stopt", {"reden": "x", "extra": 1})
    fired = ALGEMEEN.fire(snapshot("anamnese"), "client_stopt", {"reden": "  Verhuist.  "})
    assert fired.payload == {"reden": "Verhuist."}


def test_the_client_can_stop_from_every_step_before_afsluiting() -> None:
    stop = next(t for t in ALGEMEEN.triggers if t.name == "client_stopt")
    assert set(stop.sources) == set(STEPS) - {"afsluiting"}


def test_gate_codes_are_stable_dotted_lower_case_and_every_gate_cites_a_seed() -> None:
    codes = set()
    child = ClientFacts(leeftijdsgroep="kind_onder_12", wilsbekwaam=False)
    for status in STATUSES:
        for a in ALGEMEEN.available(snapshot(status, client=child)):
            codes |= {u.code for u in a.unmet}
    assert codes
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+){2,3}", c) for c in codes), codes
    for t in ALGEMEEN.triggers:
        for g in t.gates:
            assert re.search(r"\b00[0-4]\b", g.source), g.name


def test_an_episode_keeps_the_definition_it_started_on() -> None:
    assert registry.get("algemeen", 1) is ALGEMEEN
    with pytest.raises(registry.UnknownProfile):
        registry.get("algemeen", 99)


def test_evaluation_asks_a_follow_up_for_each_baseline_instrument_unless_waived() -> None:
    measured = {"odi": frozenset({"baseline"}), "nprs": frozenset({"baseline", "eind"})}
    records = {"evaluatie": forms.EVALUATIE_EXAMPLE}
    assert unmet_codes("evaluatie", "evaluatie_afronden", records=records, metingen=measured) == [
        "evaluatie.metingen.odi.missing"
    ]
    waived = forms.EVALUATIE_EXAMPLE | {
        "metingen_niet_herhaald": [{"instrument": "odi", "reden": "Cliënt te vermoeid."}]
    }
    assert (
        unmet_codes(
            "evaluatie", "evaluatie_afronden", records={"evaluatie": waived}, metingen=measured
        )
        == []
    )


def test_a_profile_can_require_baseline_instruments() -> None:
    required = gates.baseline_gemeten("iciq_ui_sf", "pfdi20", source="000 ch.2")
    ep = snapshot("onderzoek", metingen={"iciq_ui_sf": frozenset({"baseline"})})
    assert [u.code for u in required(ep)] == ["metingen.pfdi20.baseline_missing"]
    assert "000 ch.2" in required.source


def test_a_profile_extends_the_base_without_copying_it() -> None:
    class LangereAnamnese(forms.AnamneseForm):
        extra_sectie: str | None = None

    def needs_extra(ep: EpisodeSnapshot) -> list[gates.Unmet]:
        anamnese = ep.form("anamnese", LangereAnamnese)
        if anamnese and anamnese.extra_sectie:
            return []
        return [gates.Unmet("test.anamnese.extra_sectie.missing", "Vul de extra sectie in.")]

    extra = gates.Gate("test.extra", "003 ch.2", "Extra sectie ingevuld.", needs_extra)
    test = ALGEMEEN.extend(
        profile="test",
        version=1,
        registratie="oefentherapeut",
        description="test",
        forms={"anamnese": LangereAnamnese},
        gates={"anamnese_afronden": (extra,)},
    )
    assert len(test.triggers) == len(ALGEMEEN.triggers)
    base_example = {"anamnese": forms.ANAMNESE_EXAMPLE}
    ep = EpisodeSnapshot(
        route="verwijzing",
        status="anamnese",
        client=ADULT,
        aangemeld_op=date(2026, 3, 1),
        records=base_example,
        form_types=test.forms,
    )
    blocked = {a.trigger.name: a for a in test.available(ep)}["anamnese_afronden"]
    assert [u.code for u in blocked.unmet] == ["test.anamnese.extra_sectie.missing"]
    # The base profile's gates still read the extended record through the base form.
    filled = {"anamnese": forms.ANAMNESE_EXAMPLE | {"extra_sectie": "ja"}}
    ep = EpisodeSnapshot(
        route="verwijzing",
        status="anamnese",
        client=ADULT,
        aangemeld_op=date(2026, 3, 1),
        records=filled,
        form_types=test.forms,
    )
    assert test.fire(ep, "anamnese_afronden").dest == "onderzoek"
    with pytest.raises(FormInvalid):
        ALGEMEEN.validate_record("anamnese", filled["anamnese"])  # unknown to the base form


def test_signs_of_abuse_need_the_meldcode_steps_recorded() -> None:
    # 003 competentie 5: "herkent aanwijzingen voor mishandeling en handelt volgens de
    # bijbehorende richtlijn".
    signs = forms.ANAMNESE_EXAMPLE | {"signalen_mishandeling": True}
    assert unmet_codes("anamnese", "anamnese_afronden", records={"anamnese": signs}) == [
        "anamnese.meldcode_stappen.missing"
    ]
    acted = signs | {"meldcode_stappen": "Stap 1 en 2: signalen vastgelegd, collega geraadpleegd."}
    assert unmet_codes("anamnese", "anamnese_afronden", records={"anamnese": acted}) == []
