"""bekken@2: the bekkenoefentherapeut's focus (000 ch.2, see `bekken.py`) on the third edition
of the general process (`basis_v3.py`)."""

from workflows import gates, payloads
from workflows.definition import Trigger
from workflows.profiles import bekken as v1
from workflows.profiles.basis_v3 import BASIS_V3

BEKKEN_V2 = BASIS_V3.extend(
    profile="bekken",
    version=2,
    registratie="bekkenoefentherapeut",
    description="Methodisch handelen van de bekkenoefentherapeut (000 hoofdstuk 2), op de derde "
    "editie van het algemene proces.",
    forms={
        "screening": v1.BekkenScreeningForm,
        "anamnese": v1.BekkenAnamneseForm,
        "onderzoek": v1.BekkenOnderzoekForm,
        "behandeling": v1.BekkenBehandelingForm,
        "afsluiting": v1.BekkenAfsluitingForm,
    },
    gates={
        "screening_afronden": (v1.bekken_screening,),
        "anamnese_afronden": (v1.bekken_anamnese,),
        "onderzoek_afronden": (v1.bekken_observatie, v1.bekken_objectiveren, v1.bekken_metingen),
        "afsluiten": (v1.bekken_afsluiting,),
    },
    triggers=(
        Trigger(
            "verwijzen_naar_arts_bekken",
            ("screening",),
            "afsluiting",
            "uitstroom",
            "Rode vlaggen voor bekken of bekkenbodem: verwijzen naar een arts.",
            (gates.screening_rapportage, v1.bekken_rode_vlag),
            payloads.Advies,
        ),
    ),
    record_checks=v1.BEKKEN_V1.record_checks,
)
