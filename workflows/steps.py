"""The eight steps of the methodisch handelen and the terminal state.

Source: 003 ch.2 §2.1 ("Dit proces van methodisch oefentherapeutisch handelen kent acht stappen"):
diagnostic phase steps 1-4, intervention phase steps 5-8.
"""

from typing import Final, Literal

Step = Literal[
    "screening",
    "anamnese",
    "onderzoek",
    "diagnose",
    "behandelplan",
    "behandeling",
    "evaluatie",
    "afsluiting",
]
Status = Literal[
    "screening",
    "anamnese",
    "onderzoek",
    "diagnose",
    "behandelplan",
    "behandeling",
    "evaluatie",
    "afsluiting",
    "afgesloten",
]
Route = Literal["dto", "verwijzing"]

STEPS: Final[tuple[Step, ...]] = (
    "screening",
    "anamnese",
    "onderzoek",
    "diagnose",
    "behandelplan",
    "behandeling",
    "evaluatie",
    "afsluiting",
)
AFGESLOTEN: Final = "afgesloten"
STATUSES: Final[tuple[Status, ...]] = (*STEPS, "afgesloten")

# 003 ch.2 "Stappen 1 en 2": "De oefentherapeut start in het geval iemand op eigen initiatief komt
# met een screening, bij een verwijzing met de anamnese."
START_STEP: Final[dict[Route, Step]] = {"dto": "screening", "verwijzing": "anamnese"}
