"""Which bericht may be made in which step (`workflows/berichten.py`), on every status."""

from datetime import date

import pytest

from workflows.berichten import ALLOWED_IN, BERICHT_IN_STAP, SOORTEN, bericht_unmet
from workflows.client import ClientFacts
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STATUSES, Status


def _in(status: Status) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        route="verwijzing",
        status=status,
        client=ClientFacts(leeftijdsgroep="volwassene"),
        aangemeld_op=date(2026, 3, 1),
        records={},
    )


EXPECTED: dict[str, set[str]] = {
    "eerste_bericht": {"behandeling", "evaluatie", "afsluiting", "afgesloten"},
    "tussenbericht": {"behandeling", "evaluatie"},
    "eindverslag": {"afsluiting", "afgesloten"},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("soort", SOORTEN)
def test_each_soort_is_made_in_its_own_steps_only(soort: str, status: Status) -> None:
    unmet = bericht_unmet(_in(status), soort)
    if status in EXPECTED[soort]:
        assert unmet == []
    else:
        assert [(u.code, u.field) for u in unmet] == [(f"bericht.{soort}.niet_in_stap", "soort")]
        assert status in unmet[0].message


def test_the_rule_and_its_table_agree() -> None:
    assert {s: set(statuses) for s, statuses in ALLOWED_IN.items()} == EXPECTED
    assert BERICHT_IN_STAP.name == "bericht.soort_in_stap"
    assert BERICHT_IN_STAP.applies_to == ("bericht",)
    assert "003" in BERICHT_IN_STAP.source and "HASP" in BERICHT_IN_STAP.source


def test_an_early_exit_still_gets_its_eerste_bericht_and_never_a_tussenbericht() -> None:
    # Closed at screening or diagnose: the eerste bericht carries the advice.
    assert bericht_unmet(_in("afsluiting"), "eerste_bericht") == []
    assert bericht_unmet(_in("behandelplan"), "eerste_bericht") != []
    assert bericht_unmet(_in("afgesloten"), "tussenbericht") != []


def test_an_unknown_soort_is_named() -> None:
    unmet = bericht_unmet(_in("afsluiting"), "brief")
    assert [(u.code, u.field) for u in unmet] == [("bericht.soort.unknown", "soort")]
