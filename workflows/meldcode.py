"""Signs of abuse at any step, followed by the steps of the meldcode.

All three professional profiles say the therapist "is alert op en herkent aanwijzingen voor
mishandeling en handelt volgens de bijbehorende richtlijn" (003 competentie 5; 000 and 004 the
same). That guideline is the meldcode huiselijk geweld en kindermishandeling, which the Wet
verplichte meldcode huiselijk geweld en kindermishandeling (2013) obliges every zorgaanbieder
to have and use; the Besluit verplichte meldcode huiselijk geweld en kindermishandeling, art. 2,
names its steps: (1) signalen in kaart brengen, (2) collegiale consultatie en zo nodig Veilig
Thuis raadplegen, (3) gesprek met de cliënt, (4) wegen van het geweld (since 2019 with the
afwegingskader), (5) beslissen: hulp bieden of organiseren en/of melden bij Veilig Thuis.

Signs can show at any step, so every step form of the third edition has a `meldcode` section;
a later step's record carries the meldcode on as far as it has come.
Engine policy on how far the steps must be before the process goes on: a step with signs is
not finished before the signs are mapped and a colleague (or Veilig Thuis) is consulted (steps
1-2; the rest can take longer than one step), and the episode is not closed while any meldcode
in it lacks its decision (step 5).
"""

from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from workflows.forms import SECTION, text
from workflows.gates import Gate, Unmet, gate
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS

Besluit = Literal["melden", "hulp_bieden_of_organiseren", "melden_en_hulp", "geen_zorgen_meer"]


class Meldcode(BaseModel):
    """The meldcode's five steps as they are taken (Besluit verplichte meldcode, art. 2)."""

    model_config = SECTION

    signalen: str = Field(
        min_length=1,
        max_length=4000,
        description="Stap 1: de signalen van huiselijk geweld of kindermishandeling, feitelijk "
        "beschreven.",
    )
    collegiale_consultatie: str | None = text(
        "Stap 2: collegiale consultatie en zo nodig advies van Veilig Thuis; met wie (rol) en "
        "wat het opleverde."
    )
    gesprek_met_client: str | None = text("Stap 3: het gesprek met de cliënt (of de ouders).")
    weging: str | None = text("Stap 4: de weging aan de hand van het afwegingskader.")
    besluit: Besluit | None = Field(
        default=None,
        description="Stap 5: melden bij Veilig Thuis, hulp bieden of organiseren, beide, of geen "
        "zorgen meer na de weging.",
    )
    besluit_toelichting: str | None = text("Toelichting op het besluit.")


def _meldcode(ep: EpisodeSnapshot, step: str) -> Meldcode | None:
    raw = (ep.records.get(step) or {}).get("meldcode")
    if raw is None:
        return None
    try:
        return Meldcode.model_validate(raw)
    except ValidationError:  # stored by a form that validated it; never expected
        return None


def _stappen(step: str, m: Meldcode, required: dict[str, str]) -> list[Unmet]:
    return [
        Unmet(f"{step}.meldcode.{name}.missing", message, f"{step}.meldcode.{name}")
        for name, message in required.items()
        if getattr(m, name) is None
    ]


# Engine policy on the meldcode (module docstring): steps 1-2 before the step is finished.
@gate(
    "meldcode.in_stap",
    source="003 competentie 5; 000 en 004 idem; Besluit verplichte meldcode huiselijk geweld en "
    "kindermishandeling art. 2; engine policy",
    description="Zijn in deze stap signalen van mishandeling vastgelegd, dan zijn ze in kaart "
    "gebracht en is collegiaal overlegd (meldcode stap 1 en 2) voordat de stap wordt afgerond.",
)
def in_stap(ep: EpisodeSnapshot) -> list[Unmet]:
    m = _meldcode(ep, ep.status)
    if m is None:
        return []
    return _stappen(
        ep.status,
        m,
        {
            "collegiale_consultatie": "Er zijn signalen van mishandeling: overleg met een "
            "collega of vraag advies aan Veilig Thuis (meldcode stap 2) en leg dat vast."
        },
    )


# Engine policy on the meldcode (module docstring): no episode closes with an open meldcode.
# The meldcode goes on after the step where the signs showed, so each later step's record
# carries it as far as it has come; the latest one (in step order) is where it stands.
@gate(
    "meldcode.afgerond",
    source="003 competentie 5; Besluit verplichte meldcode huiselijk geweld en "
    "kindermishandeling art. 2; engine policy",
    description="Is er een meldcode in de episode, dan is die doorlopen tot en met het besluit "
    "(stap 5) voordat de episode wordt afgesloten; de laatste stap met een meldcode telt.",
)
def afgerond(ep: EpisodeSnapshot) -> list[Unmet]:
    latest = next((m for step in reversed(STEPS) if (m := _meldcode(ep, step)) is not None), None)
    if latest is None:
        return []
    return _stappen(
        ep.status,
        latest,
        {
            "collegiale_consultatie": "Meldcode: leg de collegiale consultatie vast (stap 2).",
            "gesprek_met_client": "Meldcode: leg het gesprek met de cliënt vast (stap 3).",
            "weging": "Meldcode: leg de weging vast (stap 4).",
            "besluit": "Meldcode: leg het besluit vast (stap 5).",
        },
    )


GATES: tuple[Gate, ...] = (in_stap, afgerond)
