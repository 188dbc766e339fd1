"""Delivering outcome data to the Landelijke Database Oefentherapie (LDO, run by Nivel
Zorgregistraties Eerste Lijn): which closed episodes go, and how a client is described without
being identifiable.

Every profile makes delivering outcome data part of the job (003 §3.5, competenties 4.2 and 7.1;
000 and 004 the same). The client may object: the latest consent record for purpose `ldo`
(`workflows/toestemming.py`) being a refusal or a withdrawal keeps the episode out, and so does
an afsluiting that records `ldo_aanlevering: false` (the therapist's own "not delivered").

Only what pooled outcome data needs leaves the practice: an age band instead of a birth date,
months instead of days, and a pseudonym that is a keyed hash of the EPD's client reference.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from workflows.client import ClientFacts
from workflows.toestemming import Toestemming

# Age bands (engine policy: the LDO's own bands are not published). Upper bounds, exclusive.
_BANDS: tuple[tuple[int, str], ...] = (
    (5, "0-4"),
    (12, "5-11"),
    (18, "12-17"),
    (25, "18-24"),
    (45, "25-44"),
    (65, "45-64"),
    (75, "65-74"),
)
# Without a birth date only the group recorded at aanmelding is known.
_GROUPS = {"kind_onder_12": "0-11", "jeugd_12_tot_18": "12-17", "volwassene": "18+"}


def bezwaar(toestemmingen: Iterable[Toestemming]) -> bool:
    """The client objects to delivery: the latest `ldo` record refuses or withdraws it."""
    latest = None
    for t in toestemmingen:
        if t.doel == "ldo":
            latest = t  # records are in the order they were made
    return latest is not None and latest.besluit in ("geweigerd", "ingetrokken")


def aanleveren(toestemmingen: Iterable[Toestemming], afsluiting: Mapping[str, Any] | None) -> bool:
    """Whether this closed episode's outcome data goes to the LDO."""
    if bezwaar(toestemmingen):
        return False
    return (afsluiting or {}).get("ldo_aanlevering") is not False


def leeftijdsgroep(client: ClientFacts, op: date) -> str:
    """The client's age band at `op` (the aanmelding), never the birth date itself."""
    age = client.leeftijd(op)
    if age is None:
        return _GROUPS.get(client.leeftijdsgroep or "", "onbekend")
    for upper, band in _BANDS:
        if age < upper:
            return band
    return "75+"


def maand(day: date) -> str:
    """A day reduced to its month, `2026-03`."""
    return f"{day.year:04d}-{day.month:02d}"
