"""Which closed episodes go to the LDO, and how a client is described there."""

from datetime import date

import pytest

from workflows import ldo
from workflows.client import ClientFacts
from workflows.toestemming import Toestemming

AANMELDING = date(2026, 3, 1)


def record(besluit: str, doel: str = "ldo", n: int = 1) -> Toestemming:
    return Toestemming(n, doel, None, besluit, ("client",), AANMELDING)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2022, 3, 2), "0-4"),
        (date(2021, 3, 1), "5-11"),
        (date(2014, 3, 2), "5-11"),
        (date(2014, 3, 1), "12-17"),
        (date(2008, 3, 1), "18-24"),
        (date(1981, 3, 2), "25-44"),
        (date(1961, 3, 2), "45-64"),
        (date(1952, 3, 1), "65-74"),
        (date(1930, 1, 1), "75+"),
    ],
)
def test_a_client_is_described_by_an_age_band_at_aanmelding(born: date, band: str) -> None:
    client = ClientFacts(geboortedatum=born)
    assert ldo.leeftijdsgroep(client, AANMELDING) == band


def test_without_a_birth_date_the_recorded_group_is_the_band() -> None:
    assert ldo.leeftijdsgroep(ClientFacts(leeftijdsgroep="volwassene"), AANMELDING) == "18+"
    assert ldo.leeftijdsgroep(ClientFacts(leeftijdsgroep="kind_onder_12"), AANMELDING) == "0-11"


def test_an_objection_keeps_the_episode_out_until_consent_is_given_again() -> None:
    assert ldo.aanleveren([], None)  # no objection recorded: delivered
    assert not ldo.aanleveren([record("geweigerd")], None)
    assert not ldo.aanleveren([record("gegeven"), record("ingetrokken", n=2)], None)
    assert ldo.aanleveren([record("geweigerd"), record("gegeven", n=2)], None)
    assert ldo.aanleveren([record("geweigerd", doel="eindverslag")], None)


def test_an_afsluiting_that_records_no_delivery_keeps_the_episode_out() -> None:
    assert not ldo.aanleveren([], {"ldo_aanlevering": False})
    assert ldo.aanleveren([], {"ldo_aanlevering": True})
    assert ldo.aanleveren([], {})


def test_a_day_leaves_only_its_month() -> None:
    assert ldo.maand(date(2026, 3, 9)) == "2026-03"
