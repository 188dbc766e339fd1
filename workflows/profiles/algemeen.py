"""Profile `algemeen`: the general eight-step process of the oefentherapeut (003 ch.2)."""

from workflows import forms, gates, payloads
from workflows.definition import Appendix, Definition, StepDef, Trigger
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
        (gates.anamnese_compleet, gates.anamnese_betrokkenen),
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
        (gates.behandeling_sessies,),
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
        payload=payloads.Reden,
    ),
    Trigger(
        "opnieuw_onderzoeken",
        ("behandeling",),
        "onderzoek",
        "lus",
        "Klachten veranderen van karakter of nieuwe alarmerende symptomen: opnieuw onderzoeken.",
        payload=payloads.Reden,
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
