"""Berichten: which letter to the verwijzer or huisarts may be made in which step.

Every episode owes its verwijzer or the client's huisarts a report (003 competentie 2.3; Stap 8:
the eindrapportage). The moments follow the NHG guideline on information exchange between
huisarts and paramedicus (HASP-paramedicus, 2020, which replaced the NHG/KNGF guideline for
huisarts and fysiotherapeut) and the KNGF/VvOCM guidelines that apply it: a first report once
the plan is set (or when no treatment starts: the advice), an interim report on a relevant
change or on request, and a final report when the treatment ends. `app/berichten/README.md`
says what was followed, with the sources.

- `eerste_bericht`: from the behandeling on, when the behandelplan is set; in afsluiting or
  afgesloten also after an early exit (screening, diagnose, behandelplan), when it carries the
  advice instead of a plan.
- `tussenbericht`: on demand during the behandeling or the evaluatie (the plan changed, the
  complaint changed course, the verwijzer asked).
- `eindverslag`: in afsluiting or afgesloten.

A bericht changes nothing in the record itself, so it may still be made, and marked sent, once
the episode is afgesloten. Whether it may be *sent* is the consent rule
(`toestemming.delen_unmet`), asked when it is marked sent.

Pure: no app imports; the app asks `bericht_unmet` before it makes a bericht (409 otherwise).
"""

from typing import Final, Literal

from workflows.gates import Unmet
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import Status
from workflows.write_rules import BERICHT_IN_STAP

Soort = Literal["eerste_bericht", "tussenbericht", "eindverslag"]
SOORTEN: Final[tuple[Soort, ...]] = ("eerste_bericht", "tussenbericht", "eindverslag")

TITELS: Final[dict[Soort, str]] = {
    "eerste_bericht": "Eerste bericht",
    "tussenbericht": "Tussenbericht",
    "eindverslag": "Eindverslag",
}

ALLOWED_IN: Final[dict[Soort, frozenset[Status]]] = {
    "eerste_bericht": frozenset({"behandeling", "evaluatie", "afsluiting", "afgesloten"}),
    "tussenbericht": frozenset({"behandeling", "evaluatie"}),
    "eindverslag": frozenset({"afsluiting", "afgesloten"}),
}
"""Per soort, the statuses in which it may be made."""

_WANNEER: Final[dict[Soort, str]] = {
    "eerste_bericht": "als het behandelplan is vastgesteld (vanaf de behandeling), of na een "
    "afsluiting zonder behandeling met het gegeven advies",
    "tussenbericht": "tijdens de behandeling of de evaluatie",
    "eindverslag": "bij de afsluiting (of daarna)",
}


def bericht_unmet(ep: EpisodeSnapshot, soort: str) -> list[Unmet]:
    """What stops making a bericht of `soort` now: an unknown soort, or a step it does not
    belong to."""
    if soort not in ALLOWED_IN:
        return [
            Unmet(
                "bericht.soort.unknown",
                f"Onbekende soort bericht {soort!r}; kies uit {', '.join(SOORTEN)}.",
                "soort",
            )
        ]
    known: Soort = soort  # narrowed by the membership test above
    if ep.status in ALLOWED_IN[known]:
        return []
    return [
        Unmet(
            f"bericht.{known}.niet_in_stap",
            f"Een {TITELS[known].lower()} hoort {_WANNEER[known]}; de episode is in stap "
            f"{ep.status}.",
            "soort",
        )
    ]


__all__ = ["BERICHT_IN_STAP", "SOORTEN", "Soort", "bericht_unmet"]
