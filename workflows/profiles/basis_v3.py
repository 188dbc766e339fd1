"""The general process, third edition: the base every profile's newest version builds on.

It is the process of `algemeen.py` (003 ch.2, each step and trigger cited there) with the rules
a rule-by-rule reading of the seeds found missing:
- a referral to an arts from any step, on both routes, and other pathology considered in the
  onderzoek (`gates_v3.onderzoek_pathologie`);
- signs of abuse at any step, followed by the meldcode's steps (`meldcode.py`);
- who agrees on the client's behalf (`instemming.py`), the hoofddoel's level, interim evaluation
  on the plan's own moments, fresh agreement after bijstellen, and the people involved at
  evaluatie and afsluiting (`gates_v3.py`);
- continuing after evaluatie is refused while the evaluatie says to refer on;
- a passed step is changed only by a correction, with a reason (`write_rules.WRITE_RULES_V3`).
Each profile's newest version (algemeen@3, bekken@2, psychosomatisch@2) extends this one.
"""

from workflows import forms_v3 as forms
from workflows import gates, gates_v3, instemming, meldcode, payloads
from workflows.definition import Appendix, Definition, PayloadRule, StepDef, Trigger
from workflows.forms import SessieForm
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS
from workflows.write_rules import WRITE_RULES_V3

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
        appendices=(Appendix("sessie", "sessies", SessieForm),),
    ),
    StepDef("evaluatie", forms.EvaluatieForm, "Evaluatie (stap 7)."),
    StepDef(
        "afsluiting",
        forms.AfsluitingForm,
        "Afsluiting (stap 8), met het eindverslag aan de verwijzer of huisarts.",
        berichten=("eindverslag",),
    ),
)


def _voortzetten_akkoord(
    ep: EpisodeSnapshot, payload: payloads.VoortzettenMetInstemming
) -> list[gates.Unmet]:
    return instemming.unmet(
        ep, payload.akkoord, code="payload.akkoord", field="payload.akkoord", wat="voortzetten"
    )


# 003 ch.2 Stappen 7 en 8 and 004 ch.2: continuing is decided with the client; who agrees for
# a child or a wilsonbekwame client: `instemming.py` (003 §2.2; WGBO art. 7:450, 7:465).
VOORTZETTEN_AKKOORD = PayloadRule(
    "evaluatie.voortzetten_akkoord",
    "003 ch.2 Stappen 7 en 8; 003 §2.2; WGBO art. 7:450 en 7:465",
    "Voortzetten met instemming van wie voor deze cliënt instemt (cliënt, ouders of "
    "vertegenwoordiger).",
    _voortzetten_akkoord,
)

# Every step with signs of abuse takes the meldcode's first steps before it is finished.
_M = (meldcode.in_stap,)

_TRIGGERS = (
    # Main path, 003 ch.2 §2.1.
    Trigger(
        "screening_afronden",
        ("screening",),
        "anamnese",
        "voorwaarts",
        "Screening afgerond: geïndiceerd, door naar de anamnese.",
        (gates.screening_rapportage, gates.screening_geindiceerd, *_M),
    ),
    Trigger(
        "anamnese_afronden",
        ("anamnese",),
        "onderzoek",
        "voorwaarts",
        "Anamnese afgerond.",
        (gates.anamnese_compleet, gates.anamnese_betrokkenen, *_M),
    ),
    Trigger(
        "onderzoek_afronden",
        ("onderzoek",),
        "diagnose",
        "voorwaarts",
        "Onderzoek afgerond.",
        (gates.onderzoek_compleet, gates_v3.onderzoek_pathologie, *_M),
    ),
    Trigger(
        "diagnose_afronden",
        ("diagnose",),
        "behandelplan",
        "voorwaarts",
        "Geïndiceerd en binnen de eigen deskundigheid: behandelplan opstellen.",
        (gates.diagnose_compleet, gates.diagnose_geindiceerd, *_M),
    ),
    Trigger(
        "behandelplan_vaststellen",
        ("behandelplan",),
        "behandeling",
        "voorwaarts",
        "Behandelplan met instemming vastgesteld: behandeling starten.",
        (
            gates_v3.behandelplan_doelen,
            gates_v3.hoofddoel_niveau,
            gates_v3.behandelplan_akkoord,
            *_M,
        ),
    ),
    Trigger(
        "behandeling_afronden",
        ("behandeling",),
        "evaluatie",
        "voorwaarts",
        "Behandeling afgerond of evaluatiemoment bereikt.",
        (gates.behandeling_sessies, gates.niet_aangehouden, gates_v3.tussentijdse_evaluatie, *_M),
    ),
    Trigger(
        "evaluatie_afronden",
        ("evaluatie",),
        "afsluiting",
        "voorwaarts",
        "Geëvalueerd: afsluiten.",
        (gates.evaluatie_compleet, gates.evaluatie_metingen, gates_v3.evaluatie_betrokkenen, *_M),
    ),
    Trigger(
        "afsluiten",
        ("afsluiting",),
        "afgesloten",
        "voorwaarts",
        "Episode afsluiten (definitief).",
        (
            gates.afsluiting_compleet,
            gates_v3.afsluiting_besproken,
            gates_v3.afsluiting_eindverslag,
            meldcode.afgerond,
        ),
    ),
    # Loops (algemeen.py cites each). Bijstellen: the revised plan is agreed anew, so the
    # earlier agreement lapses (003 ch.2 Stap 5: the therapist verifies the client agrees).
    Trigger(
        "bijstellen",
        ("behandeling",),
        "behandelplan",
        "lus",
        "Behandelplan bijstellen met de cliënt; het plan vraagt daarna opnieuw instemming.",
        (gates.niet_aangehouden,),
        payloads.Reden,
        vervalt=("behandelplan.akkoord",),
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
    Trigger(
        "tijdelijk_verwijzen",
        ("behandeling",),
        "behandeling",
        "lus",
        "Tijdelijk doorverwijzen, met toestemming: de behandeling wacht tot die wordt hervat.",
        (gates.niet_aangehouden, gates_v3.delen_tijdelijke_verwijzing),
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
        "Behandeling voortzetten, met instemming; niet als de evaluatie zegt: doorverwijzen.",
        (gates_v3.geen_doorverwijzing,),
        payloads.VoortzettenMetInstemming,
        payload_rule=VOORTZETTEN_AKKOORD,
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
    # 003 Bijlage 1 art. 21a: the therapist refers to an arts whenever the complaints call for
    # it, not only at the screening and on both routes; 004 ch.2: new or alarming symptoms. The
    # payload names the signs, so the referral never rests on nothing.
    Trigger(
        "verwijzen_naar_arts",
        ("anamnese", "onderzoek", "diagnose", "behandelplan", "behandeling", "evaluatie"),
        "afsluiting",
        "uitstroom",
        "Aanwijzingen voor een aandoening waarvoor een arts nodig is: verwijzen, met de "
        "aanwijzingen en het advies.",
        payload=payloads.ArtsVerwijzing,
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
    Trigger(
        "client_stopt",
        tuple(s for s in STEPS if s != "afsluiting"),
        "afsluiting",
        "uitstroom",
        "De cliënt stopt; afsluiten met de reden.",
        payload=payloads.Reden,
    ),
)

BASIS_V3 = Definition(
    profile="basis",
    version=3,
    registratie="oefentherapeut",
    description="Het methodisch handelen van de oefentherapeut (003 hoofdstuk 2), derde editie.",
    steps=_STEPS,
    triggers=_TRIGGERS,
    write_rules=WRITE_RULES_V3,
)
