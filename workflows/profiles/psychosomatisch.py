"""Profile `psychosomatisch`: the general process with the psychosomatic focus (004 ch.2).

Nothing of the general process is copied: each step form below extends the base form, and the
gates below are added to the base triggers. Per step (004 ch.2): screening general plus
domain-specific, where gele vlaggen are an indication FOR treatment, never a block; the SCEGS
dimensions and the predisposing, triggering and perpetuating factors in the anamnese; a
biopsychosocial werkdiagnose; a plan with a somatic and a psychosocial track; measures on
symptom, functioning and quality-of-life level.
"""

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from workflows import forms, gates, titels
from workflows.forms import SECTION, form_config, text
from workflows.gates import Unmet
from workflows.profiles.algemeen import ALGEMEEN_V1, SolkComplexiteit
from workflows.snapshot import EpisodeSnapshot


def _ontbreekt(step: str, section: BaseModel, path: str, required: dict[str, str]) -> list[Unmet]:
    """One `psychosomatisch.<step>.<path>.<field>.missing` per required field left empty."""
    return [
        Unmet(
            f"psychosomatisch.{step}.{path}.{name}.missing",
            message,
            f"{step}.{path}.{name}",
        )
        for name, message in required.items()
        if getattr(section, name) is None
    ]


# === step 1: screening ========================================================================

PSYCHOSOMATISCH_SCREENING_EXAMPLE: dict[str, Any] = forms.SCREENING_EXAMPLE | {
    "gele_vlaggen": ["Piekert veel over de klachten", "Vermijdt bewegen uit angst"]
}


class PsychosomatischScreeningForm(forms.ScreeningForm):
    """Screening: the general one plus the psychosomatic one (004 ch.2)."""

    model_config = form_config(PSYCHOSOMATISCH_SCREENING_EXAMPLE)

    gele_vlaggen: list[str] | None = Field(
        default=None,
        description="Psychosociale signalen (gele vlaggen); een indicatie vóór psychosomatische "
        "oefentherapie, nooit een reden om te stoppen. [] als er geen zijn; leeg laten betekent: "
        "nog niet domeinspecifiek gescreend.",
    )


# 004 ch.2, Diagnostische fase: with DTO the therapist "voert ... een algemene en een
# domeinspecifieke screening uit"; "Bepaalde symptomen, vallend binnen de gele vlaggen, zijn voor
# de Psychosomatisch Oefentherapeut juist een indicatie voor behandeling." So the domain-specific
# screening must be recorded, but what it finds never blocks. Red flags stay as in the general
# process (base gate screening.geindiceerd).
@gates.gate(
    "psychosomatisch.screening",
    source="004 ch.2 Diagnostische fase; 004 competentie 1",
    description="De domeinspecifieke screening (gele vlaggen) is vastgelegd; gele vlaggen "
    "blokkeren niet.",
)
def screening_gele_vlaggen(ep: EpisodeSnapshot) -> list[Unmet]:
    s = ep.form("screening", PsychosomatischScreeningForm) or PsychosomatischScreeningForm()
    if s.gele_vlaggen is not None:
        return []
    return [
        Unmet(
            "psychosomatisch.screening.gele_vlaggen.missing",
            "Voer de domeinspecifieke screening uit en leg de gele vlaggen vast (ook als er "
            "geen zijn).",
            "screening.gele_vlaggen",
        )
    ]


# === step 2: anamnese =========================================================================


class Scegs(BaseModel):
    """The five complaint dimensions of the SCEGS model (004 §1.1, ch.2)."""

    model_config = SECTION

    soma: str | None = text("Soma: lichamelijke klachten, beloop, ziekte-opvattingen.")
    cognitie: str | None = text("Cognitie: gedachten en verklaringen over de klachten.")
    emotie: str | None = text("Emotie: gevoelens die met de klachten samenhangen.")
    gedrag: str | None = text("Gedrag: wat de cliënt doet of vermijdt (bijv. overbelasten).")
    sociaal: str | None = text("Sociaal: reacties en rol van de omgeving, werk, relaties.")


class Factoren(BaseModel):
    """Predisposing, triggering and perpetuating factors (004 ch.2)."""

    model_config = SECTION

    predisponerend: str | None = text("Predisponerende (voorbeschikkende) factoren.")
    luxerend: str | None = text("Luxerende (uitlokkende) factoren.")
    in_stand_houdend: str | None = text("In stand houdende factoren.")


SCEGS_VRAGEN: dict[str, str] = {
    "soma": "Verken de dimensie soma (lichamelijke klachten).",
    "cognitie": "Verken de dimensie cognitie (gedachten over de klachten).",
    "emotie": "Verken de dimensie emotie (gevoelens bij de klachten).",
    "gedrag": "Verken de dimensie gedrag (wat de cliënt doet of vermijdt).",
    "sociaal": "Verken de dimensie sociaal (omgeving, werk, relaties).",
}
FACTOR_VRAGEN: dict[str, str] = {
    "predisponerend": "Breng de predisponerende factoren in kaart.",
    "luxerend": "Breng de luxerende factoren in kaart.",
    "in_stand_houdend": "Breng de in stand houdende factoren in kaart.",
}

PSYCHOSOMATISCH_ANAMNESE_EXAMPLE: dict[str, Any] = forms.ANAMNESE_EXAMPLE | {
    "scegs": {
        "soma": "Rugpijn, vermoeidheid en een hoge ademhaling.",
        "cognitie": "Denkt dat er iets kapot is in de rug.",
        "emotie": "Gespannen en somber over het werk.",
        "gedrag": "Vermijdt tillen; werkt door tot de pijn te erg is.",
        "sociaal": "Partner neemt taken over; conflict op het werk.",
    },
    "factoren": {
        "predisponerend": "Perfectionisme; eerdere overbelastingsklachten.",
        "luxerend": "Reorganisatie op het werk.",
        "in_stand_houdend": "Vermijding en piekeren.",
    },
    "solk_complexiteit": "matig_ernstig",
    "kwaliteit_van_leven": "Geniet minder van vrije tijd; slaapt slecht.",
}


class PsychosomatischAnamneseForm(forms.AnamneseForm):
    """Anamnese with SCEGS and the P/L/I factors (004 ch.2; 004 §1.2 for SOLK complexity)."""

    model_config = form_config(PSYCHOSOMATISCH_ANAMNESE_EXAMPLE)

    scegs: Scegs = Field(default_factory=Scegs, description="De vijf SCEGS-klachtdimensies.")
    factoren: Factoren = Field(
        default_factory=Factoren,
        description="Predisponerende, luxerende en in stand houdende factoren.",
    )
    # Same name and values as in algemeen@2, so a record handed over from the generalist fits.
    solk_complexiteit: SolkComplexiteit | None = Field(
        default=None, description="Complexiteit van de SOLK volgens de NHG-standaard SOLK."
    )
    kwaliteit_van_leven: str | None = text("Kwaliteit van leven zoals de cliënt die ervaart.")


def _anamnese(ep: EpisodeSnapshot) -> PsychosomatischAnamneseForm:
    return ep.form("anamnese", PsychosomatischAnamneseForm) or PsychosomatischAnamneseForm()


# 004 ch.2, Diagnostische fase: "Om oorzaken en gevolgen van de klacht(en) tijdens de anamnese te
# verhelderen worden de vijf klachtdimensies SCEGS verkend. De Psychosomatisch Oefentherapeut
# inventariseert de lichamelijke en psychische klachten, de predisponerende of voorbeschikkende,
# de luxerende of uitlokkende en de in stand houdende factoren."
@gates.gate(
    "psychosomatisch.anamnese.scegs",
    source="004 ch.2 Diagnostische fase; 004 competentie 1",
    description="Alle vijf SCEGS-dimensies verkend; predisponerende, luxerende en in stand "
    "houdende factoren in kaart.",
)
def anamnese_scegs(ep: EpisodeSnapshot) -> list[Unmet]:
    a = _anamnese(ep)
    return _ontbreekt("anamnese", a.scegs, "scegs", SCEGS_VRAGEN) + _ontbreekt(
        "anamnese", a.factoren, "factoren", FACTOR_VRAGEN
    )


# 004 §1.2: "Om te bepalen of behandeling met Psychosomatische Oefentherapie nodig en haalbaar is,
# wordt hiervoor de complexiteitsindeling van de NHG SOLK-standaard aangehouden." And 004 ch.2 /
# §1.1: the aim is "het fysiek en mentaal functioneren en daarmee de kwaliteit van leven van de
# cliënt te verbeteren", measured "op kwaliteit van leven". The measures catalogue holds no
# quality-of-life instrument yet, so the anamnese records it in words until one is added.
@gates.gate(
    "psychosomatisch.anamnese.solk_kwaliteit_van_leven",
    source="004 §1.2; 004 ch.2 Methodisch handelen",
    description="SOLK-complexiteit (NHG) en de ervaren kwaliteit van leven zijn vastgelegd.",
)
def anamnese_solk_kvl(ep: EpisodeSnapshot) -> list[Unmet]:
    a = _anamnese(ep)
    unmet = []
    if a.solk_complexiteit is None:
        unmet.append(
            Unmet(
                "psychosomatisch.anamnese.solk_complexiteit.missing",
                "Leg de complexiteit van de SOLK vast (NHG-standaard SOLK).",
                "anamnese.solk_complexiteit",
            )
        )
    if a.kwaliteit_van_leven is None:
        unmet.append(
            Unmet(
                "psychosomatisch.anamnese.kwaliteit_van_leven.missing",
                "Leg de ervaren kwaliteit van leven vast.",
                "anamnese.kwaliteit_van_leven",
            )
        )
    return unmet


# === step 3: onderzoek (measures) =============================================================

# 004 ch.2 Methodisch handelen: the therapist uses "meetinstrumenten op symptomenniveau, het niveau
# van functioneren en op kwaliteit van leven"; 003 ch.2 Stappen 1 en 2: measures at intake. Any one
# instrument per level will do; which one fits is the therapist's choice. Quality of life has no
# instrument in the catalogue yet (see anamnese.kwaliteit_van_leven above).
METINGEN_PER_NIVEAU: dict[str, tuple[str, ...]] = {
    "symptoomniveau": ("4dkl", "phq15", "nijmegen", "hads"),
    "functioneren": ("psk", "psfs"),
}


# 004 ch.2 Methodisch handelen and 003 ch.2 Stappen 1 en 2 (quoted above the table): a baseline
# on symptom level and on functioning level before the onderzoek is finished.
@gates.gate(
    "psychosomatisch.metingen.baseline",
    source="004 ch.2 Methodisch handelen; 004 competentie 1; 003 ch.2 Stappen 1 en 2",
    description="Beginmeting op symptoomniveau ("
    + ", ".join(METINGEN_PER_NIVEAU["symptoomniveau"])
    + ") en op het niveau van functioneren ("
    + ", ".join(METINGEN_PER_NIVEAU["functioneren"])
    + ").",
)
def metingen_baseline(ep: EpisodeSnapshot) -> list[Unmet]:
    return baseline_per_niveau(ep, METINGEN_PER_NIVEAU)


def baseline_per_niveau(ep: EpisodeSnapshot, per_niveau: dict[str, tuple[str, ...]]) -> list[Unmet]:
    """One unmet per level without a baseline by any of its instruments."""
    return [
        Unmet(
            f"psychosomatisch.onderzoek.metingen.{niveau}.baseline_missing",
            f"Neem een beginmeting op {niveau.replace('_', ' ')} af, met "
            f"{titels.instrumenten(codes)}.",
            "metingen",
        )
        for niveau, codes in per_niveau.items()
        if not any("baseline" in ep.metingen.get(code, frozenset()) for code in codes)
    ]


# === step 4: diagnose =========================================================================


class Werkdiagnose(BaseModel):
    """The biopsychosocial werkdiagnose per SCEGS dimension, with the P/L/I factors."""

    model_config = SECTION

    soma: str | None = text("Soma: het lichamelijke klachtenpatroon en wat het verklaart.")
    cognitie: str | None = text("Cognitie: (dis)functionele gedachten bij de klachten.")
    emotie: str | None = text("Emotie: emoties die de klachten beïnvloeden.")
    gedrag: str | None = text("Gedrag: herstelbelemmerend en herstelbevorderend gedrag.")
    sociaal: str | None = text("Sociaal: de rol van de sociale context.")
    predisponerend: str | None = text("Predisponerende factoren in deze werkdiagnose.")
    luxerend: str | None = text("Luxerende factoren in deze werkdiagnose.")
    in_stand_houdend: str | None = text("In stand houdende factoren in deze werkdiagnose.")


PSYCHOSOMATISCH_DIAGNOSE_EXAMPLE: dict[str, Any] = forms.DIAGNOSE_EXAMPLE | {
    "werkdiagnose": {
        "soma": "Rugpijn zonder structurele afwijking; verhoogde spierspanning.",
        "cognitie": "Catastroferende gedachten over schade.",
        "emotie": "Spanning en somberheid.",
        "gedrag": "Wisselend vermijden en overbelasten.",
        "sociaal": "Werkconflict; partner beschermt.",
        "predisponerend": "Perfectionisme.",
        "luxerend": "Reorganisatie op het werk.",
        "in_stand_houdend": "Vermijding, piekeren en ontbreken van herstelmomenten.",
    }
}


class PsychosomatischDiagnoseForm(forms.DiagnoseForm):
    """Diagnose with the biopsychosocial werkdiagnose (004 ch.2; 004 competentie 1)."""

    model_config = form_config(PSYCHOSOMATISCH_DIAGNOSE_EXAMPLE)

    werkdiagnose: Werkdiagnose = Field(
        default_factory=Werkdiagnose,
        description="Biopsychosociale werkdiagnose per SCEGS-dimensie met de predisponerende, "
        "luxerende en in stand houdende factoren, samen met de cliënt opgesteld.",
    )


# 004 competentie 1: the therapist "exploreert samen met de cliënt de predisponerende, luxerende
# en in stand houdende factoren en stelt samen met de cliënt een biopsychosociale werkdiagnose
# volgens de SCEGS methodiek"; 004 ch.2: "Het gezondheidsprobleem wordt beschreven in relatie tot
# de predisponerende, luxerende en in stand houdende factoren."
@gates.gate(
    "psychosomatisch.diagnose.werkdiagnose",
    source="004 competentie 1; 004 ch.2 Diagnostische fase",
    description="Werkdiagnose per SCEGS-dimensie en per predisponerende, luxerende en in stand "
    "houdende factor.",
)
def diagnose_werkdiagnose(ep: EpisodeSnapshot) -> list[Unmet]:
    d = ep.form("diagnose", PsychosomatischDiagnoseForm) or PsychosomatischDiagnoseForm()
    gevraagd = {
        naam: f"Werkdiagnose: beschrijf {naam.replace('_', ' ')}."
        for naam in (*SCEGS_VRAGEN, *FACTOR_VRAGEN)
    }
    return _ontbreekt("diagnose", d.werkdiagnose, "werkdiagnose", gevraagd)


# === step 5: behandelplan =====================================================================


class Spoor(BaseModel):
    """One track of the treatment strategy, with its own subdoelen."""

    model_config = SECTION

    subdoelen: list[Annotated[str, StringConstraints(min_length=1, max_length=1000)]] = Field(
        default_factory=list,
        description="Subdoelen, bijv. bewustwording van stresssignalen, gezonde coping, balans "
        "in spanning en ontspanning, vertrouwen, luxerende en in stand houdende factoren "
        "neutraliseren, veerkracht, zelfregulatie.",
    )
    interventies: str | None = text(
        "Bijv. psychosomatische educatie, therapeutisch lichaamswerk, cognitief gedragsmatige "
        "interventies, gesprekstechnieken."
    )


PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE: dict[str, Any] = forms.BEHANDELPLAN_EXAMPLE | {
    "somatisch_spoor": {
        "subdoelen": ["Balans herstellen tussen spanning en ontspanning."],
        "interventies": "Therapeutisch lichaamswerk en ademregulatie.",
    },
    "psychosociaal_spoor": {
        "subdoelen": ["Stresssignalen herkennen en een gezonde copingstrategie ontwikkelen."],
        "interventies": "Psychosomatische educatie en cognitief gedragsmatige interventies.",
    },
}


class PsychosomatischBehandelplanForm(forms.BehandelplanForm):
    """Behandelplan with a (psycho)somatic and a psychosocial track (004 ch.2 Behandelfase)."""

    model_config = form_config(PSYCHOSOMATISCH_BEHANDELPLAN_EXAMPLE)

    somatisch_spoor: Spoor | None = Field(
        default=None, description="Het (psycho)somatische spoor, met subdoelen."
    )
    psychosociaal_spoor: Spoor | None = Field(
        default=None, description="Het psychosociale spoor, met subdoelen."
    )


# 004 ch.2, Behandelfase: "De behandelstrategie omvat een (psycho)somatisch en een psychosociaal
# spoor met subdoelen"; 004 §1.1: "Behandeling vindt plaats langs zowel een somatisch als een
# psychosociaal spoor."
@gates.gate(
    "psychosomatisch.behandelplan.sporen",
    source="004 ch.2 Behandelfase; 004 §1.1",
    description="Een somatisch en een psychosociaal spoor, elk met subdoelen.",
)
def behandelplan_sporen(ep: EpisodeSnapshot) -> list[Unmet]:
    plan = (
        ep.form("behandelplan", PsychosomatischBehandelplanForm)
        or PsychosomatischBehandelplanForm()
    )
    sporen = {
        "somatisch_spoor": plan.somatisch_spoor,
        "psychosociaal_spoor": plan.psychosociaal_spoor,
    }
    return [
        Unmet(
            f"psychosomatisch.behandelplan.{naam}.missing",
            f"Formuleer het {naam.replace('_', ' ')} met ten minste één subdoel.",
            f"behandelplan.{naam}",
        )
        for naam, spoor in sporen.items()
        if spoor is None or not spoor.subdoelen
    ]


# === the profile ==============================================================================

PSYCHOSOMATISCH_V1 = ALGEMEEN_V1.extend(
    profile="psychosomatisch",
    version=1,
    registratie="psychosomatisch_oefentherapeut",
    description="Methodisch handelen van de psychosomatisch oefentherapeut (004 hoofdstuk 2).",
    forms={
        "screening": PsychosomatischScreeningForm,
        "anamnese": PsychosomatischAnamneseForm,
        "diagnose": PsychosomatischDiagnoseForm,
        "behandelplan": PsychosomatischBehandelplanForm,
    },
    gates={
        "screening_afronden": (screening_gele_vlaggen,),
        "anamnese_afronden": (anamnese_scegs, anamnese_solk_kvl),
        "onderzoek_afronden": (metingen_baseline,),
        "diagnose_afronden": (diagnose_werkdiagnose,),
        "behandelplan_vaststellen": (behandelplan_sporen,),
    },
)
