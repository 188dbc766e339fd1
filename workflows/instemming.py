"""Who agrees: the client, or on the client's behalf the parents or a representative.

The WGBO asks the client's own agreement (art. 7:450 lid 1); for a child under 12 the parents
(or guardian) agree on the child's behalf (art. 7:465 lid 1), from 12 to 16 the child and the
parents both (art. 7:450 lid 2), for a wilsonbekwame minor the parents (art. 7:465 lid 2) and for
a wilsonbekwame adult the representative: curator, mentor, gemachtigde or a close relative
(art. 7:465 lid 3). 003 §2.2 asks the same people to take part in the goals, and the opening of
the competentie chapter reads "cliënt" as "cliënt en diens (wettelijke) verzorger(s)/
begeleider(s)" where that applies. So an agreement is recorded with who gave it, and every rule
that asks for agreement asks it of the people these articles name.
"""

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from workflows.forms import SECTION, text
from workflows.gates import Unmet
from workflows.snapshot import EpisodeSnapshot

Door = Literal["client", "ouders", "vertegenwoordiger"]
"""Who agreed: the client, the parents (or guardian) with gezag, or the representative of a
wilsonbekwame client (curator, mentor, gemachtigde or close relative)."""

_NAMEN: dict[Door, str] = {
    "client": "de cliënt",
    "ouders": "de ouders (of voogd)",
    "vertegenwoordiger": "de vertegenwoordiger",
}


class Instemming(BaseModel):
    """An agreement or consent as recorded: who gave it, when, and how."""

    model_config = SECTION

    door: list[Door] = Field(
        min_length=1,
        max_length=3,
        description="Wie instemde: de cliënt, de ouders (of voogd), of de vertegenwoordiger van "
        "een wilsonbekwame cliënt. Bij 12 tot 16 jaar de cliënt én de ouders.",
    )
    datum: date = Field(description="Datum waarop is ingestemd.")
    wijze: Literal["mondeling", "schriftelijk"] = Field(
        default="mondeling", description="Hoe is ingestemd."
    )
    toelichting: str | None = text("Bijv. de rol van de vertegenwoordiger (geen namen).", 500)


def vereist(ep: EpisodeSnapshot) -> frozenset[Door]:
    """Whose agreement counts for this client, by WGBO art. 7:450 and 7:465 (module docstring).

    Age is taken at the aanmelding, like the other rules of 003 §2.2. With only the age group
    known, a client of 12 to 18 agrees alone: from 16 that is the law, and the engine cannot
    tell 12-15 apart without the birth date.
    """
    leeftijd = ep.client.leeftijd(ep.aangemeld_op)
    minderjarig = (
        leeftijd < 18 if leeftijd is not None else ep.client.leeftijdsgroep != "volwassene"
    )
    if ep.kind_onder_12:
        return frozenset({"ouders"})
    if not ep.client.wilsbekwaam:
        return frozenset({"ouders"} if minderjarig else {"vertegenwoordiger"})
    if leeftijd is not None and leeftijd < 16:
        return frozenset({"client", "ouders"})
    return frozenset({"client"})


def namen(door: Iterable[Door]) -> str:
    """Who agreed, in words: `de cliënt en de ouders (of voogd)`."""
    return " en ".join(_NAMEN[d] for d in sorted(door))


def unmet(
    ep: EpisodeSnapshot, instemming: Instemming | None, *, code: str, field: str, wat: str
) -> list[Unmet]:
    """What is missing for `instemming` to count for this client: `<code>.missing` when none is
    recorded, `<code>.door` when the people whose agreement counts are not all among `door`."""
    nodig = vereist(ep)
    wie = namen(nodig)
    if instemming is None:
        return [Unmet(f"{code}.missing", f"Leg vast dat {wie} instemt met {wat}.", field)]
    ontbreekt = nodig - set(instemming.door)
    if ontbreekt:
        return [
            Unmet(
                f"{code}.door",
                f"Voor deze cliënt telt de instemming van {wie} met {wat} (WGBO art. 7:450 en "
                f"7:465); leg vast wie heeft ingestemd.",
                f"{field}.door",
            )
        ]
    return []
