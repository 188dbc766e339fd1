"""The DCSPH diagnosis code (Diagnose Code Systematiek Paramedische Hulp) as data.

A DCSPH code has four digits: the first two the lokalisatie (where in the body), the last two the
pathologie (what). Since 1 January 2020 zorgverzekeraars and the professions use one uniform list
of which combinations are "open"; the others are "dicht" and cannot be declared (`SOURCE`,
voorblad §1.2 and §2). Oefentherapeuten use the code in declarations and the LDO.

The three tables beside this module come from the list's sheet "DCSPH Aanspraakcode", one row
per combination (columns A-F: code, lokalisatie, pathologie, their descriptions, status):
- `lokalisatie.csv`: each lokalisatie with its description (columns B and D), 53 codes;
- `pathologie.csv`: each pathologie with its description (columns C and E), 90 codes. Left out
  are 37 and 49: the list describes them only as "?" and every combination with them is dicht.
  Pathologie 23 is spelled "Arthrose" on some rows and "Artrose" on others: kept as "Artrose",
  the spelling of the voorblad;
- `codes.csv`: every combination whose status (column F) is not "dicht", with that status,
  1492 codes. Most are "open"; some are open only for one group ("open voor HT", "open voor
  Bekken FT", "open voor kinderFT", "open voor CZ", "open voor Bekken FT en OT").
Descriptions are the list's text, whitespace tidied, nothing else changed.

Which codes an oefentherapeut may use: those "open", and those open for a group that names OT
(only 6489, "open voor Bekken FT en OT"). A code open only for another group is refused with
the group named: the voorblad §3.2 says the HT codes are not open for fysio- or oefentherapie,
and the list names OT beside Bekken FT where both may use a code.
"""

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

SOURCE = (
    "Uniforme DCSPH-lijst (Diagnose Code Systematiek Paramedische Hulp), versie 4.7 volgens het "
    "tabblad Mutaties, geldig per 1 juli 2024 (bestand "
    "'Uniforme_DCSPH_lijst_per_1-7-2024_Versie_4.5_u3.xlsx', werkblad 'DCSPH Aanspraakcode'). "
    "Opgesteld door zorgverzekeraars (ZN) en de beroepsgroepen (KNGF, VvOCM); technisch beheer "
    "en publicatie: Vektis, bij de standaard PM304 Declaratie paramedische hulp "
    "(https://www.vektis.nl). Uniforme lijst sinds 1 januari 2020: "
    "https://www.kngf.nl/article/je-positie-en-functioneren/vergoedingen/"
    "dcsph-diagnosecodesysteem-2020"
)

OPEN_VOOR_OEFENTHERAPIE = frozenset({"open", "open voor Bekken FT en OT"})
"""Statuses on the list under which an oefentherapeut may declare a code (module docstring)."""


@dataclass(frozen=True)
class Diagnosecode:
    code: str
    lokalisatie: str
    lokalisatie_omschrijving: str
    pathologie: str
    pathologie_omschrijving: str


class OnbekendeDiagnosecode(ValueError):
    """A code that is not an open DCSPH code; `deel` says which part is wrong: "formaat",
    "lokalisatie", "pathologie" or "combinatie"."""

    def __init__(self, deel: str, message: str) -> None:
        super().__init__(message)
        self.deel = deel


@dataclass(frozen=True)
class _Tabellen:
    lokalisaties: dict[str, str]
    pathologieen: dict[str, str]
    statussen: dict[str, str]


def _read(name: str, value: str) -> dict[str, str]:
    text = files(__name__).joinpath(name).read_text(encoding="utf-8")
    return {row["code"]: row[value] for row in csv.DictReader(text.splitlines())}


@cache
def _tabellen() -> _Tabellen:
    """The three tables, read once, on first use (importing this module reads nothing)."""
    return _Tabellen(
        lokalisaties=_read("lokalisatie.csv", "omschrijving"),
        pathologieen=_read("pathologie.csv", "omschrijving"),
        statussen=_read("codes.csv", "status"),
    )


def lokalisaties() -> dict[str, str]:
    """Each lokalisatie code (first two digits) with its description."""
    return dict(_tabellen().lokalisaties)


def pathologieen() -> dict[str, str]:
    """Each pathologie code (last two digits) with its description."""
    return dict(_tabellen().pathologieen)


def _groepen(status: str) -> str:
    """ "open voor HT/open voor Bekken FT" -> "HT en Bekken FT"."""
    return " en ".join(part.strip().removeprefix("open voor ") for part in status.split("/"))


def lookup(code: str) -> Diagnosecode:
    """The open DCSPH code `code`, or OnbekendeDiagnosecode saying which part is wrong."""
    if len(code) != 4 or not (code.isascii() and code.isdigit()):
        raise OnbekendeDiagnosecode(
            "formaat",
            "Een DCSPH-code bestaat uit 4 cijfers: 2 voor de lokalisatie en 2 voor de "
            "pathologie (bijvoorbeeld 3480).",
        )
    t = _tabellen()
    lok, pat = code[:2], code[2:]
    onbekend = []
    if lok not in t.lokalisaties:
        onbekend.append(("lokalisatie", f'onbekende lokalisatie "{lok}" (de eerste 2 cijfers)'))
    if pat not in t.pathologieen:
        onbekend.append(("pathologie", f'onbekende pathologie "{pat}" (de laatste 2 cijfers)'))
    if onbekend:
        raise OnbekendeDiagnosecode(
            onbekend[0][0], f"DCSPH-code {code}: " + " en ".join(m for _, m in onbekend) + "."
        )
    found = Diagnosecode(code, lok, t.lokalisaties[lok], pat, t.pathologieen[pat])
    status = t.statussen.get(code)
    naam = f"DCSPH-code {code} ({found.lokalisatie_omschrijving}; {found.pathologie_omschrijving})"
    if status is None:
        raise OnbekendeDiagnosecode(
            "combinatie",
            f"{naam} staat niet open op de uniforme DCSPH-lijst: deze combinatie van lokalisatie "
            "en pathologie kan niet worden gedeclareerd. Kies een combinatie die open staat.",
        )
    if status not in OPEN_VOOR_OEFENTHERAPIE:
        raise OnbekendeDiagnosecode(
            "combinatie",
            f"{naam} staat op de uniforme DCSPH-lijst alleen open voor {_groepen(status)}, niet "
            "voor oefentherapie.",
        )
    return found
