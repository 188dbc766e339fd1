"""psychosomatisch@2: the psychosomatic focus (004 ch.2, see `psychosomatisch.py`) on the third
edition of the general process (`basis_v3.py`)."""

from workflows.profiles import psychosomatisch as v1
from workflows.profiles.basis_v3 import BASIS_V3

PSYCHOSOMATISCH_V2 = BASIS_V3.extend(
    profile="psychosomatisch",
    version=2,
    registratie="psychosomatisch_oefentherapeut",
    description="Methodisch handelen van de psychosomatisch oefentherapeut (004 hoofdstuk 2), op "
    "de derde editie van het algemene proces.",
    forms={
        "screening": v1.PsychosomatischScreeningForm,
        "anamnese": v1.PsychosomatischAnamneseForm,
        "diagnose": v1.PsychosomatischDiagnoseForm,
        "behandelplan": v1.PsychosomatischBehandelplanForm,
    },
    gates={
        "screening_afronden": (v1.screening_gele_vlaggen,),
        "anamnese_afronden": (v1.anamnese_scegs, v1.anamnese_solk_kvl),
        "onderzoek_afronden": (v1.metingen_baseline,),
        "diagnose_afronden": (v1.diagnose_werkdiagnose,),
        "behandelplan_vaststellen": (v1.behandelplan_sporen,),
    },
)
