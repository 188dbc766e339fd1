"""psychosomatisch@2: the psychosomatic focus (004 ch.2, see `psychosomatisch.py`) on the third
edition of the general process (`basis_v3.py`).

New in this version besides the base's rules: the "kwaliteit van leven" level is measured with
an instrument (WHO-5), beside symptom and functioning level (004 ch.2).
"""

from workflows import forms, gates
from workflows import forms_v3 as v3
from workflows.gates import Unmet
from workflows.profiles import psychosomatisch as v1
from workflows.profiles.basis_v3 import BASIS_V3
from workflows.snapshot import EpisodeSnapshot


class ScreeningForm(v3.ScreeningForm, v1.PsychosomatischScreeningForm):
    model_config = v3.profiel_config(
        v1.PSYCHOSOMATISCH_SCREENING_EXAMPLE, forms.SCREENING_EXAMPLE, forms.SCREENING_EXAMPLE
    )


class AnamneseForm(v3.AnamneseForm, v1.PsychosomatischAnamneseForm):
    model_config = v3.profiel_config(
        v1.PSYCHOSOMATISCH_ANAMNESE_EXAMPLE, forms.ANAMNESE_EXAMPLE, v3.ANAMNESE_EXAMPLE
    )


class DiagnoseForm(v3.DiagnoseForm, v1.PsychosomatischDiagnoseForm):
    model_config = v3.profiel_config(
        v1.PSYCHOSOMATISCH_DIAGNOSE_EXAMPLE, forms.DIAGNOSE_EXAMPLE, forms.DIAGNOSE_EXAMPLE
    )


class BehandelplanForm(v3.BehandelplanForm, v1.PsychosomatischBehandelplanForm):
    model_config = v3.profiel_config(
        v1.PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE,
        forms.BEHANDELPLAN_EXAMPLE,
        v3.BEHANDELPLAN_EXAMPLE,
    )


# 004 ch.2 Methodisch handelen: "meetinstrumenten op symptomenniveau, het niveau van functioneren
# en op kwaliteit van leven"; psychosomatisch@1 had no quality-of-life instrument in the
# catalogue and asked it in words. WHO-5 (open licence, measures/quality.py) now covers it.
METINGEN_PER_NIVEAU: dict[str, tuple[str, ...]] = v1.METINGEN_PER_NIVEAU | {
    "kwaliteit_van_leven": ("who5",)
}


@gates.gate(
    "psychosomatisch.metingen.baseline_niveaus",
    source="004 ch.2 Methodisch handelen; 004 competentie 1; 003 ch.2 Stappen 1 en 2",
    description="Beginmeting op symptoomniveau, op het niveau van functioneren en op kwaliteit "
    "van leven: "
    + "; ".join(f"{niveau}: {', '.join(codes)}" for niveau, codes in METINGEN_PER_NIVEAU.items())
    + ".",
)
def metingen_baseline(ep: EpisodeSnapshot) -> list[Unmet]:
    return v1.baseline_per_niveau(ep, METINGEN_PER_NIVEAU)


PSYCHOSOMATISCH_V2 = BASIS_V3.extend(
    profile="psychosomatisch",
    version=2,
    registratie="psychosomatisch_oefentherapeut",
    description="Methodisch handelen van de psychosomatisch oefentherapeut (004 hoofdstuk 2), op "
    "de derde editie van het algemene proces, met een beginmeting op kwaliteit van leven.",
    forms={
        "screening": ScreeningForm,
        "anamnese": AnamneseForm,
        "diagnose": DiagnoseForm,
        "behandelplan": BehandelplanForm,
    },
    gates={
        "screening_afronden": (v1.screening_gele_vlaggen,),
        "anamnese_afronden": (v1.anamnese_scegs, v1.anamnese_solk_kvl),
        "onderzoek_afronden": (metingen_baseline,),
        "diagnose_afronden": (v1.diagnose_werkdiagnose,),
        "behandelplan_vaststellen": (v1.behandelplan_sporen,),
    },
)
