"""algemeen@3: the third edition of the general process (`basis_v3.py`) for the generalist.

On top of the base: the SOLK hand-over of algemeen@2 (004 §1.2), now towards
psychosomatisch@2.
"""

from workflows import payloads
from workflows.definition import Handover, Trigger
from workflows.profiles.algemeen import AnamneseFormV2, solk_overdracht, solk_verwijzing
from workflows.profiles.basis_v3 import BASIS_V3

ALGEMEEN_V3 = BASIS_V3.extend(
    profile="algemeen",
    version=3,
    registratie="oefentherapeut",
    description="Het algemene methodisch handelen van de oefentherapeut (003 hoofdstuk 2), "
    "derde editie: verwijzen naar een arts vanuit elke stap, de meldcode in elke stap, wie "
    "instemt namens de cliënt, tussentijdse evaluatie op de momenten van het plan, en "
    "overdracht bij matig-ernstige SOLK (004 §1.2).",
    forms={"anamnese": AnamneseFormV2},
    gates={"anamnese_afronden": (solk_overdracht,), "diagnose_afronden": (solk_overdracht,)},
    triggers=(
        Trigger(
            "verwijzen_psychosomatisch",
            ("anamnese", "onderzoek", "diagnose", "behandelplan", "behandeling", "evaluatie"),
            "afsluiting",
            "uitstroom",
            "Matig-ernstige of ernstige SOLK: verwijzen naar een psychosomatisch oefentherapeut.",
            (solk_verwijzing,),
            payloads.Advies,
        ),
    ),
    handovers=(
        Handover(
            "psychosomatisch",
            "Overdragen aan een psychosomatisch oefentherapeut in deze praktijk.",
            (solk_verwijzing,),
            version=2,
        ),
    ),
)
