"""Profile `algemeen`: the general eight-step process of the oefentherapeut (003 ch.2).

algemeen@1 is the process as first shipped; algemeen@2 adds the SOLK complexity and the
hand-over to a psychosomatisch oefentherapeut (004 §1.2). Running episodes keep their version.
"""

from typing import Literal

from pydantic import ConfigDict, Field

from workflows import forms, gates, payloads
from workflows.definition import Appendix, Definition, Handover, StepDef, Trigger
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS

_STEPS = (
    StepDef("screening", forms.ScreeningForm, "Screening bij directe toegankelijkheid (stap 1)."),
    StepDef("anamnese", forms.AnamneseForm, "Anamnese (stap 2)."),
    StepDef("onderzoek", forms.OnderzoekForm, "Oefentherapeutisch onderzoek (stap 3)."),
    StepDef("diagnose", forms.DiagnoseForm, "Diagnose en indicatie (stap 4)."),
    StepDef("behandelplan", forms.BehandelplanForm, "Behandeldoelen en behandelplan (stap 5)."),
    StepDef(
        "behandeling",
        forms.BehandelingForm,
        "Behandeling (stap 6); sessies worden apart toegevoegd.",
        appendices=(Appendix("sessie", "sessies", forms.SessieForm),),
    ),
    StepDef("evaluatie", forms.EvaluatieForm, "Evaluatie (stap 7)."),
    StepDef("afsluiting", forms.AfsluitingForm, "Afsluiting (stap 8)."),
)

_TRIGGERS = (
    # Main path, 003 ch.2 §2.1.
    Trigger(
        "screening_afronden",
        ("screening",),
        "anamnese",
        "voorwaarts",
        "Screening afgerond: geïndiceerd, door naar de anamnese.",
        (gates.screening_rapportage, gates.screening_geindiceerd),
    ),
    Trigger(
        "anamnese_afronden",
        ("anamnese",),
        "onderzoek",
        "voorwaarts",
        "Anamnese afgerond.",
        (gates.anamnese_compleet, gates.anamnese_betrokkenen, gates.anamnese_meldcode),
    ),
    Trigger(
        "onderzoek_afronden",
        ("onderzoek",),
        "diagnose",
        "voorwaarts",
        "Onderzoek afgerond.",
        (gates.onderzoek_compleet,),
    ),
    Trigger(
        "diagnose_afronden",
        ("diagnose",),
        "behandelplan",
        "voorwaarts",
        "Geïndiceerd en binnen de eigen deskundigheid: behandelplan opstellen.",
        (gates.diagnose_compleet, gates.diagnose_geindiceerd),
    ),
    Trigger(
        "behandelplan_vaststellen",
        ("behandelplan",),
        "behandeling",
        "voorwaarts",
        "Behandelplan samen met de cliënt vastgesteld: behandeling starten.",
        (gates.behandelplan_compleet, gates.behandelplan_betrokkenen),
    ),
    Trigger(
        "behandeling_afronden",
        ("behandeling",),
        "evaluatie",
        "voorwaarts",
        "Behandeling afgerond of evaluatiemoment bereikt.",
        (gates.behandeling_sessies, gates.niet_aangehouden),
    ),
    Trigger(
        "evaluatie_afronden",
        ("evaluatie",),
        "afsluiting",
        "voorwaarts",
        "Geëvalueerd: afsluiten.",
        (gates.evaluatie_compleet, gates.evaluatie_metingen),
    ),
    Trigger(
        "afsluiten",
        ("afsluiting",),
        "afgesloten",
        "voorwaarts",
        "Episode afsluiten (definitief).",
        (gates.afsluiting_compleet,),
    ),
    # Loops, 003 ch.2 Stap 6 ("tussentijds geëvalueerd en zo nodig bijgesteld"), 004 ch.2 (new
    # or changed complaints lead back to onderzoek), and continuing after evaluation.
    Trigger(
        "bijstellen",
        ("behandeling",),
        "behandelplan",
        "lus",
        "Behandelplan bijstellen met de cliënt.",
        (gates.niet_aangehouden,),
        payloads.Reden,
    ),
    Trigger(
        "opnieuw_onderzoeken",
        ("behandeling",),
        "onderzoek",
        "lus",
        "Klachten veranderen van karakter of nieuwe alarmerende symptomen: opnieuw onderzoeken.",
        (gates.niet_aangehouden,),
        payloads.Reden,
    ),
    # 000 ch.2: the therapist "verwijst (tijdelijk) door"; the episode waits in behandeling.
    Trigger(
        "tijdelijk_verwijzen",
        ("behandeling",),
        "behandeling",
        "lus",
        "Tijdelijk doorverwijzen: de behandeling wacht tot die wordt hervat.",
        (gates.niet_aangehouden,),
        payloads.TijdelijkeVerwijzing,
        hold="start",
    ),
    Trigger(
        "hervatten",
        ("behandeling",),
        "behandeling",
        "lus",
        "De cliënt is terug: de behandeling hervatten.",
        (gates.aangehouden,),
        payloads.Reden,
        hold="end",
    ),
    Trigger(
        "behandeling_voortzetten",
        ("evaluatie",),
        "behandeling",
        "lus",
        "Behandeling voortzetten, in overleg met de cliënt.",
        payload=payloads.Voortzetten,
    ),
    # Exits towards afsluiting: 003 ch.2 Stappen 1-4, Bijlage 1 art. 20b and 21a.
    Trigger(
        "verwijzen_naar_arts",
        ("screening",),
        "afsluiting",
        "uitstroom",
        "Aanwijzingen voor een aandoening waarvoor een arts nodig is: verwijzen.",
        (gates.screening_rapportage, gates.screening_rode_vlag),
        payloads.Advies,
    ),
    Trigger(
        "advies_buiten_domein",
        ("screening",),
        "afsluiting",
        "uitstroom",
        "Probleem buiten het domein: advies geven en afsluiten.",
        (gates.screening_rapportage, gates.screening_buiten_domein),
        payloads.Advies,
    ),
    Trigger(
        "geen_indicatie",
        ("diagnose",),
        "afsluiting",
        "uitstroom",
        "Geen indicatie of buiten de eigen deskundigheid: advies of verwijzing en afsluiten.",
        (gates.diagnose_compleet, gates.diagnose_niet_geindiceerd),
        payloads.Advies,
    ),
    Trigger(
        "alleen_advies",
        ("behandelplan",),
        "afsluiting",
        "uitstroom",
        "Samen besloten tot alleen een behandeladvies of een verwijzing.",
        payload=payloads.Advies,
    ),
    # Engine policy: the client may stop at any step; the reason is always recorded.
    Trigger(
        "client_stopt",
        tuple(s for s in STEPS if s != "afsluiting"),
        "afsluiting",
        "uitstroom",
        "De cliënt stopt; afsluiten met de reden.",
        payload=payloads.Reden,
    ),
)

ALGEMEEN_V1 = Definition(
    profile="algemeen",
    version=1,
    registratie="oefentherapeut",
    description="Het algemene methodisch handelen van de oefentherapeut (003 hoofdstuk 2).",
    steps=_STEPS,
    triggers=_TRIGGERS,
)


# --- algemeen@2: SOLK complexity and the hand-over to a psychosomatisch oefentherapeut ---------

SolkComplexiteit = Literal["licht", "matig_ernstig", "ernstig"]
"""Complexity per the NHG-standaard SOLK, as the psychosomatic profile uses it (004 §1.2)."""

# 004 §1.2: "Vanaf matig-ernstige SOLK vindt doorverwijzing plaats naar de Psychosomatisch
# Oefentherapeut."
SOLK_OVERDRACHT: frozenset[str] = frozenset({"matig_ernstig", "ernstig"})


class AnamneseFormV2(forms.AnamneseForm):
    """Anamnese of algemeen@2: the general anamnese plus the SOLK complexity (004 §1.2)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [forms.ANAMNESE_EXAMPLE | {"solk_complexiteit": "licht"}]}
    )

    solk_complexiteit: SolkComplexiteit | None = Field(
        default=None,
        description="Complexiteit van somatisch onvoldoende verklaarde lichamelijke klachten "
        "(NHG-standaard SOLK); leeg als er geen SOLK is. Vanaf matig-ernstig: overdragen aan "
        "een psychosomatisch oefentherapeut.",
    )


def _solk(ep: EpisodeSnapshot) -> SolkComplexiteit | None:
    # Read as stored (validated at save): later editions' anamnese forms carry it too.
    solk: SolkComplexiteit | None = (ep.records.get("anamnese") or {}).get("solk_complexiteit")
    return solk


# 004 §1.2: "Om te bepalen of behandeling met Psychosomatische Oefentherapie nodig en haalbaar
# is, wordt hiervoor de complexiteitsindeling van de NHG SOLK-standaard aangehouden. Vanaf
# matig-ernstige SOLK vindt doorverwijzing plaats naar de Psychosomatisch Oefentherapeut."
# So the generalist does not go on past the anamnese, nor into a behandelplan, with such a client.
@gates.gate(
    "algemeen.solk_overdracht",
    source="004 §1.2",
    description="Vanaf matig-ernstige SOLK gaat de generalist niet verder: overdragen.",
)
def solk_overdracht(ep: EpisodeSnapshot) -> list[gates.Unmet]:
    if _solk(ep) not in SOLK_OVERDRACHT:
        return []
    return [
        gates.Unmet(
            "algemeen.anamnese.solk_complexiteit.overdracht_nodig",
            "Matig-ernstige of ernstige SOLK: verwijs naar een psychosomatisch oefentherapeut "
            "in plaats van zelf te behandelen.",
            "anamnese.solk_complexiteit",
        )
    ]


# 004 §1.2 (as above): the referral to a psychosomatisch oefentherapeut rests on the recorded
# SOLK complexity of at least matig-ernstig.
@gates.gate(
    "algemeen.solk_verwijzing",
    source="004 §1.2",
    description="Verwijzen naar een psychosomatisch oefentherapeut vraagt SOLK vanaf "
    "matig-ernstig.",
)
def solk_verwijzing(ep: EpisodeSnapshot) -> list[gates.Unmet]:
    solk = _solk(ep)
    if solk in SOLK_OVERDRACHT:
        return []
    if solk is None:
        return [
            gates.Unmet(
                "algemeen.anamnese.solk_complexiteit.missing",
                "Leg de SOLK-complexiteit vast in de anamnese (NHG-standaard SOLK).",
                "anamnese.solk_complexiteit",
            )
        ]
    return [
        gates.Unmet(
            "algemeen.anamnese.solk_complexiteit.te_laag",
            "Lichte SOLK kan de oefentherapeut zelf behandelen; verwijzen naar een "
            "psychosomatisch oefentherapeut geldt vanaf matig-ernstig.",
            "anamnese.solk_complexiteit",
        )
    ]


ALGEMEEN_V2 = ALGEMEEN_V1.extend(
    profile="algemeen",
    version=2,
    registratie="oefentherapeut",
    description="Het algemene methodisch handelen van de oefentherapeut (003 hoofdstuk 2), met "
    "overdracht bij matig-ernstige SOLK aan de psychosomatisch oefentherapeut (004 §1.2).",
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
    # 004 §1.2: from matig-ernstig on, the client belongs with a psychosomatisch
    # oefentherapeut; inside the practice the episode moves with its whole history.
    handovers=(
        Handover(
            "psychosomatisch",
            "Overdragen aan een psychosomatisch oefentherapeut in deze praktijk.",
            (solk_verwijzing,),
        ),
    ),
)
