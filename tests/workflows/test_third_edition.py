"""The third edition (algemeen@3, bekken@2, psychosomatisch@2): examples that pass, who agrees,
and earlier versions left as they were."""

from datetime import date
from typing import Any

import pytest

from workflows import forms, instemming, registry
from workflows.client import ClientFacts
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS, Status, Step
from workflows.toestemming import DOELEN, Toestemming

# The client consented to every kind of sharing (the consent model, toestemming.py).
TOESTEMMINGEN = tuple(
    Toestemming(i, doel, None, "gegeven", ("client",), date(2026, 3, 2))
    for i, doel in enumerate(DOELEN, 1)
)

BASELINES = {
    code: frozenset({"baseline", "eind"})
    for code in ("nprs", "iciq_ui_sf", "pfdi20", "pgq", "phq15", "psk", "who5")
}


def snapshot(
    profile: str,
    status: Status,
    records: dict[str, Any],
    client: ClientFacts | None = None,
    **kw: Any,
) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        route="verwijzing",
        status=status,
        client=client or ClientFacts(leeftijdsgroep="volwassene", geslacht="vrouw"),
        aangemeld_op=date(2026, 3, 1),
        records=records,
        sessie_count=kw.pop("sessie_count", 1),
        metingen=kw.pop("metingen", BASELINES),
        form_types=registry.current(profile).forms,
        toestemmingen=kw.pop("toestemmingen", TOESTEMMINGEN),
        berichten_verzonden=kw.pop("berichten_verzonden", frozenset({"eindverslag"})),
        vandaag=date(2026, 3, 20),
        **kw,
    )


@pytest.mark.parametrize("profile", ["algemeen", "bekken", "psychosomatisch"])
@pytest.mark.parametrize("step", STEPS)
def test_each_served_example_clears_its_forward_gates(profile: str, step: Step) -> None:
    definition = registry.current(profile)
    example = definition.forms[step].model_json_schema()["examples"][0]
    assert definition.validate_record(step, example) == example
    forward = next(t for t in definition.triggers_from(step) if t.kind == "voorwaarts")
    available = {
        a.trigger.name: a for a in definition.available(snapshot(profile, step, {step: example}))
    }
    assert available[forward.name].unmet == []


def test_the_newest_versions_share_the_third_edition() -> None:
    keys = {p: registry.current(p).key for p in registry.profiles()}
    assert keys == {
        "algemeen": "algemeen@3",
        "bekken": "bekken@2",
        "psychosomatisch": "psychosomatisch@2",
    }
    for profile in keys:
        sources = {
            s
            for t in registry.current(profile).triggers
            if t.name == "verwijzen_naar_arts"
            for s in t.sources
        }
        assert sources == set(STEPS) - {"afsluiting"}


def test_earlier_versions_keep_their_forms_and_exits() -> None:
    for key in (("algemeen", 1), ("algemeen", 2), ("bekken", 1), ("psychosomatisch", 1)):
        old = registry.get(*key)
        assert old.forms["behandelplan"].model_fields.keys() >= {"akkoord_client"}
        arts = [t for t in old.triggers if t.name == "verwijzen_naar_arts"]
        assert [t.sources for t in arts] == [("screening",)]
    assert registry.get("algemeen", 1).forms["anamnese"] is forms.AnamneseForm


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (ClientFacts(leeftijdsgroep="volwassene"), {"client"}),
        (ClientFacts(leeftijdsgroep="volwassene", wilsbekwaam=False), {"vertegenwoordiger"}),
        (ClientFacts(leeftijdsgroep="kind_onder_12"), {"ouders"}),
        (ClientFacts(geboortedatum=date(2013, 6, 1)), {"client", "ouders"}),  # 12 at aanmelding
        (ClientFacts(geboortedatum=date(2010, 1, 1)), {"client"}),  # 16
        (ClientFacts(geboortedatum=date(2012, 1, 1), wilsbekwaam=False), {"ouders"}),
        (ClientFacts(leeftijdsgroep="jeugd_12_tot_18"), {"client"}),
    ],
)
def test_who_agrees_for_the_client(client: ClientFacts, expected: set[str]) -> None:
    assert instemming.vereist(snapshot("algemeen", "behandelplan", {}, client)) == expected


def test_an_interim_evaluation_counts_moments_by_sessions_and_dates() -> None:
    plan = forms.BEHANDELPLAN_EXAMPLE | {
        "akkoord": {"door": ["client"], "datum": "2026-03-11"},
        "evaluatiemomenten": [{"na_sessies": 3}, {"op_datum": "2026-03-15"}],
    }
    plan = {k: v for k, v in plan.items() if k not in {"akkoord_client", "evaluatiemomenten"}} | {
        "evaluatiemomenten": plan["evaluatiemomenten"]
    }
    definition = registry.current("algemeen")

    def due(sessies: int) -> list[str]:
        ep = snapshot("algemeen", "behandeling", {"behandelplan": plan}, sessie_count=sessies)
        blocking = {a.trigger.name: a.unmet for a in definition.available(ep)}
        return [u.code for u in blocking["behandeling_afronden"]]

    assert due(1) == ["behandeling.tussentijdse_evaluatie.due"]  # the date has come
    assert "2 tussentijdse" in next(
        u.message
        for a in definition.available(
            snapshot("algemeen", "behandeling", {"behandelplan": plan}, sessie_count=3)
        )
        if a.trigger.name == "behandeling_afronden"
        for u in a.unmet
    )


def test_sharing_reads_the_consent_that_holds_now() -> None:
    from workflows.toestemming import delen_unmet

    def holds(*records: Toestemming, client: ClientFacts | None = None) -> list[str]:
        ep = snapshot("algemeen", "behandeling", {}, client, toestemmingen=records)
        return [u.code for u in delen_unmet(ep, "eindverslag", ontvanger=2)]

    given = Toestemming(1, "eindverslag", None, "gegeven", ("client",), date(2026, 3, 2))
    withdrawn = Toestemming(2, "eindverslag", None, "ingetrokken", ("client",), date(2026, 4, 1))
    refused_here = Toestemming(3, "eindverslag", 2, "geweigerd", ("client",), date(2026, 4, 2))
    assert holds() == ["toestemming.eindverslag.missing"]
    assert holds(given) == []
    assert holds(given, withdrawn) == ["toestemming.eindverslag.ingetrokken"]
    assert holds(given, refused_here) == ["toestemming.eindverslag.geweigerd"]
    child = ClientFacts(leeftijdsgroep="kind_onder_12")
    assert holds(given, client=child) == ["toestemming.eindverslag.door"]
