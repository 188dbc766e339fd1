"""When each measurement moment may be recorded.

003 ch.2 "Stappen 1 en 2": measures objectify complaints at intake (anamnese, onderzoek);
"Stappen 7 en 8": again in the productevaluatie. Engine policy: a baseline is taken before
treatment starts, an interim measurement during treatment or evaluation, a final one at
evaluation or closing; so a follow-up can never predate its baseline by step.
"""

from typing import Final, Literal

Moment = Literal["baseline", "tussentijds", "eind"]
MOMENTS: Final[tuple[Moment, ...]] = ("baseline", "tussentijds", "eind")
TITELS: Final[dict[Moment, str]] = {
    "baseline": "beginmeting",
    "tussentijds": "tussentijdse meting",
    "eind": "eindmeting",
}
"""How a therapist names each moment."""

ALLOWED_IN: Final[dict[Moment, frozenset[str]]] = {
    "baseline": frozenset({"screening", "anamnese", "onderzoek", "diagnose", "behandelplan"}),
    "tussentijds": frozenset({"behandeling", "evaluatie"}),
    "eind": frozenset({"evaluatie", "afsluiting"}),
}


def allowed(moment: Moment, status: str) -> bool:
    return status in ALLOWED_IN[moment]
