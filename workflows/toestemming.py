"""Consent to share: one model for every kind of sharing, read by every sharing path.

All three professional profiles: the therapist "vraagt toestemming aan cliënt voor het delen
van informatie" (003, 000 and 004, competentie 3), and reports to the verwijzer or huisarts
(003 competentie 2.3; Stap 8: the eindrapportage). The WGBO makes sharing with anyone but the
people directly involved in the treatment depend on the client's consent (art. 7:457), given by
whoever agrees for this client (`instemming.py`: art. 7:450, 7:465).

A consent is recorded per purpose (`doel`), for one recipient (a contact of the episode) or
for any recipient of that purpose, as given, refused or withdrawn, by whom, when and how. The
records are append-only: the latest one for a purpose and recipient is the one that holds, so
a withdrawal stops future sharing and the history stays.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from workflows import instemming
from workflows.gates import Unmet
from workflows.instemming import Door
from workflows.snapshot import EpisodeSnapshot

Doel = Literal[
    "eerste_bericht",
    "tussenbericht",
    "eindverslag",
    "intercollegiaal_overleg",
    "tijdelijke_verwijzing",
    "ldo",
]
DOELEN: tuple[Doel, ...] = (
    "eerste_bericht",
    "tussenbericht",
    "eindverslag",
    "intercollegiaal_overleg",
    "tijdelijke_verwijzing",
    "ldo",
)
Besluit = Literal["gegeven", "geweigerd", "ingetrokken"]

_WAT: dict[str, str] = {
    "eerste_bericht": "het eerste bericht aan de verwijzer of huisarts",
    "tussenbericht": "een tussenbericht",
    "eindverslag": "het eindverslag",
    "intercollegiaal_overleg": "het delen van informatie voor intercollegiaal overleg",
    "tijdelijke_verwijzing": "het delen van informatie bij een tijdelijke verwijzing",
    "ldo": "het aanleveren van uitkomstdata aan de LDO",
}


def wat(doel: str) -> str:
    """What sharing for `doel` is, as a therapist says it."""
    return _WAT.get(doel, doel)


@dataclass(frozen=True)
class Toestemming:
    """One consent record as stored on the episode."""

    id: int
    doel: Doel
    ontvanger: int | None
    """The contact it is for; None: any recipient of this purpose."""
    besluit: Besluit
    door: tuple[Door, ...]
    datum: date

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> "Toestemming":
        return cls(
            id=int(raw["id"]),
            doel=raw["doel"],
            ontvanger=raw.get("ontvanger"),
            besluit=raw["besluit"],
            door=tuple(raw.get("door") or ()),
            datum=date.fromisoformat(str(raw["datum"])),
        )


def geldend(
    toestemmingen: Iterable[Toestemming], doel: str, ontvanger: int | None
) -> Toestemming | None:
    """The consent that holds for sharing for `doel` with `ontvanger`: the latest record for
    exactly that recipient, else the latest for any recipient of that purpose."""
    latest: dict[int | None, Toestemming] = {}
    for t in toestemmingen:
        if t.doel == doel:
            latest[t.ontvanger] = t  # records are in the order they were made
    if ontvanger is not None and ontvanger in latest:
        return latest[ontvanger]
    return latest.get(None)


def delen_unmet(ep: EpisodeSnapshot, doel: str, ontvanger: int | None = None) -> list[Unmet]:
    """What stops sharing for `doel` with `ontvanger` now: no consent, a refusal or withdrawal,
    or a consent given by someone whose consent does not count for this client."""
    wat = _WAT.get(doel, doel)
    t = geldend(ep.toestemmingen, doel, ontvanger)
    field = f"toestemmingen.{doel}"
    if t is None:
        return [Unmet(f"toestemming.{doel}.missing", f"Vraag toestemming voor {wat}.", field)]
    if t.besluit == "geweigerd":
        return [
            Unmet(
                f"toestemming.{doel}.geweigerd",
                f"Toestemming voor {wat} is geweigerd ({t.datum:%d-%m-%Y}).",
                field,
            )
        ]
    if t.besluit == "ingetrokken":
        return [
            Unmet(
                f"toestemming.{doel}.ingetrokken",
                f"Toestemming voor {wat} is ingetrokken ({t.datum:%d-%m-%Y}).",
                field,
            )
        ]
    if missing := instemming.vereist(ep) - set(t.door):
        return [
            Unmet(
                f"toestemming.{doel}.door",
                f"Voor deze cliënt telt ook de toestemming van {instemming.namen(missing)} (WGBO "
                "art. 7:450 en 7:465).",
                f"{field}.door",
            )
        ]
    return []
