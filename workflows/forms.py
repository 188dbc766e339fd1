"""Step forms of the general process: what the therapist records in each step.

Fields follow the table in DOMAIN.md, itself from 003 ch.2 §2.1. Every field may be left empty
while the therapist works (a draft is saved as-is); the gates in `gates.py` decide what must be
filled before the step is finished. Types and allowed values are enforced here, on every save.
Each form's JSON Schema carries one complete example that passes its step's forward gates.
"""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

OdimDomein = Literal["motoriek", "cognitie", "motivatie", "omgeving"]
ODIM_DOMEINEN: tuple[OdimDomein, ...] = ("motoriek", "cognitie", "motivatie", "omgeving")

Text = str  # free text; length limits are set per field where a limit means something


def form_config(example: dict[str, Any]) -> ConfigDict:
    """A form: unknown fields refused, text trimmed, one complete example in its JSON Schema."""
    return ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [example]}
    )


SECTION = ConfigDict(extra="forbid", str_strip_whitespace=True)
"""A section inside a form: the same strictness, no example of its own."""


def text(description: str, max_length: int = 4000) -> Any:
    """An optional free-text field: a draft may leave it empty; gates decide when it must not."""
    return Field(default=None, description=description, min_length=1, max_length=max_length)


# --- step 1: screening (DTO only) ------------------------------------------------------------

SCREENING_EXAMPLE: dict[str, Any] = {
    "aanleiding": "eigen_initiatief",
    "klachten": "Lage rugpijn sinds zes weken, moeite met tillen en fietsen.",
    "rode_vlaggen": [],
    "aanvullende_medische_info_nodig": False,
    "binnen_domein": True,
    "conclusie": "Geen aanwijzingen voor een ernstige specifieke aandoening; geïndiceerd.",
}


class ScreeningForm(BaseModel):
    """Screening bij directe toegankelijkheid (003 ch.2 "Stappen 1 en 2")."""

    model_config = form_config(SCREENING_EXAMPLE)

    aanleiding: Literal["eigen_initiatief", "advies_derden"] | None = Field(
        default=None, description="Eigen initiatief, of op advies van derden (bijv. verloskundige)."
    )
    advies_van: Text | None = text("Wie adviseerde de cliënt te komen (bij advies van derden).")
    klachten: Text | None = text("Klachten en participatieproblemen zoals bij aanmelding gemeld.")
    rode_vlaggen: list[str] | None = Field(
        default=None,
        description="Gevonden aanwijzingen voor een (ernstige) specifieke aandoening; [] als er "
        "geen zijn. Leeg laten betekent: nog niet gescreend.",
    )
    aanvullende_medische_info_nodig: bool | None = Field(
        default=None, description="Is nadere medische informatie wenselijk voordat je verder gaat?"
    )
    aanvullende_medische_info_ontvangen: Text | None = text(
        "Samenvatting van de ontvangen medische informatie (als die nodig was)."
    )
    binnen_domein: bool | None = Field(
        default=None, description="Ligt het probleem binnen het domein van de oefentherapie?"
    )
    conclusie: Text | None = text("Screeningsrapportage: conclusie van de screening.")


# --- step 2: anamnese ------------------------------------------------------------------------


class Betrokkene(BaseModel):
    """Someone who takes part with the client: a parent, a representative (003 §2.2)."""

    model_config = SECTION

    rol: Literal[
        "ouder", "naaste", "mantelzorger", "begeleider", "verzorger", "wettelijk_vertegenwoordiger"
    ] = Field(description="Rol van de betrokkene.")
    toelichting: Text | None = text("Bijv. aanwezig bij de intake, of telefonisch gesproken.", 500)


ANAMNESE_EXAMPLE: dict[str, Any] = {
    "hulpvraag": "Weer zonder pijn boodschappen kunnen dragen en naar het werk fietsen.",
    "hulpvraag_niveau": "participatie",
    "klachten_beloop": "Lage rugpijn sinds zes weken, wisselend, erger na lang zitten.",
    "medische_voorgeschiedenis": "Geen relevante voorgeschiedenis.",
    "icf_functies": "Pijn laag in de rug, verminderde rompstabiliteit.",
    "icf_activiteiten": "Tillen en langer dan 30 minuten zitten gaan moeizaam.",
    "icf_participatie": "Fietsen naar het werk lukt niet; boodschappen doet de partner.",
    "persoonlijke_factoren": "Gemotiveerd, wil graag zelf oefenen.",
    "omgevingsfactoren": "Zittend werk, woont op de derde verdieping zonder lift.",
    "risico_en_prognostische_factoren": "Angst om te bewegen is laag; eerdere episode herstelde.",
    "eerder_ondernomen": "Paracetamol en rust; beide hielpen weinig.",
    "gezondheidsvaardigheden": "voldoende",
    "betrokkenen": [],
}


class AnamneseForm(BaseModel):
    """Anamnese: hulpvraag and functioning on all ICF domains (003 ch.2 "Stappen 1 en 2")."""

    model_config = form_config(ANAMNESE_EXAMPLE)

    hulpvraag: Text | None = text("De hulpvraag van de cliënt, in eigen woorden.")
    hulpvraag_niveau: Literal["participatie", "activiteiten", "functies"] | None = Field(
        default=None,
        description="Niveau van de hulpvraag (meestal participatie/activiteit, 003 §1.3).",
    )
    klachten_beloop: Text | None = text("Klachten en hun beloop.")
    medische_voorgeschiedenis: Text | None = text("Relevante medische voorgeschiedenis.")
    icf_functies: Text | None = text("Functies en anatomische eigenschappen (ICF).")
    icf_activiteiten: Text | None = text("Activiteiten en beperkingen daarin (ICF).")
    icf_participatie: Text | None = text("Participatie en problemen daarin (ICF).")
    persoonlijke_factoren: Text | None = text("Persoonlijke factoren.")
    omgevingsfactoren: Text | None = text("Omgevingsfactoren.")
    risico_en_prognostische_factoren: Text | None = text("Risico- en prognostische factoren.")
    eerder_ondernomen: Text | None = text("Wat de cliënt al heeft ondernomen tegen de klacht.")
    gezondheidsvaardigheden: Literal["voldoende", "beperkt", "onvoldoende"] | None = Field(
        default=None, description="Indruk van de gezondheidsvaardigheden van de cliënt."
    )
    heteroanamnese: Text | None = text("Heteroanamnese, waar nodig (bijv. van een ouder).")
    betrokkenen: list[Betrokkene] = Field(
        default_factory=list,
        description="Ouders, naasten of vertegenwoordigers die meewerken (003 §2.2).",
    )
    signalen_mishandeling: bool | None = Field(
        default=None,
        description="Aanwijzingen voor mishandeling of huiselijk geweld (003 competentie 5).",
    )
    meldcode_stappen: Text | None = text(
        "Bij aanwijzingen: welke stappen van de meldcode huiselijk geweld en kindermishandeling "
        "zijn gezet."
    )


# --- step 3: onderzoek -----------------------------------------------------------------------

ONDERZOEK_EXAMPLE: dict[str, Any] = {
    "probleemhandeling": "Tillen van een boodschappentas vanaf de grond.",
    "activiteitenonderzoek": "Tilt met ronde rug en gestrekte knieën; draagt eenzijdig.",
    "specifiek_onderzoek": "Verminderde rompstabiliteit, hypertone paravertebrale spieren.",
    "andere_pathologie_uitgesloten": True,
}


class OnderzoekForm(BaseModel):
    """Activiteitenonderzoek and specifiek onderzoek (003 ch.2 "Stap 3")."""

    model_config = form_config(ONDERZOEK_EXAMPLE)

    probleemhandeling: Text | None = text("De handeling waar de cliënt problemen mee heeft.")
    activiteitenonderzoek: Text | None = text(
        "Taak- en omgevingsanalyse: observatie of gestandaardiseerde performancetest."
    )
    specifiek_onderzoek: Text | None = text(
        "Houding en beweging, coördinatie, balans, mobiliteit, kracht, ademhaling, spanning..."
    )
    andere_pathologie_uitgesloten: bool | None = Field(
        default=None, description="Is (andere) pathologie voldoende uitgesloten (003 Stap 3)?"
    )


# --- step 4: diagnose ------------------------------------------------------------------------

DIAGNOSE_EXAMPLE: dict[str, Any] = {
    "oefentherapeutische_diagnose": "Aspecifieke lage rugklachten met beperkingen in tillen.",
    "hypothesen": "Tiltechniek en angst voor belasting houden de klacht in stand.",
    "behandelbare_componenten": ["motoriek", "cognitie"],
    "verwacht_beloop_zonder_interventie": "Langzaam herstel met kans op terugval.",
    "verwacht_beloop_met_interventie": "Herstel van tillen en fietsen binnen acht weken.",
    "indicatie": True,
    "binnen_deskundigheid": True,
    "besproken_met_client": True,
}


class DiagnoseForm(BaseModel):
    """Oefentherapeutische diagnose and indication (003 ch.2 "Stap 4")."""

    model_config = form_config(DIAGNOSE_EXAMPLE)

    oefentherapeutische_diagnose: Text | None = text(
        "Het gezondheidsprobleem in relatie tot alle ICF-domeinen."
    )
    hypothesen: Text | None = text("Veronderstelde relaties tussen de bevindingen.")
    behandelbare_componenten: list[OdimDomein] = Field(
        default_factory=list, description="Behandelbare componenten (ODIM)."
    )
    verwacht_beloop_zonder_interventie: Text | None = text("Verwacht beloop zonder interventie.")
    verwacht_beloop_met_interventie: Text | None = text("Verwacht beloop met interventie.")
    indicatie: bool | None = Field(
        default=None, description="Is er een indicatie voor oefentherapie?"
    )
    binnen_deskundigheid: bool | None = Field(
        default=None,
        description="Valt het oplossen van het probleem binnen de eigen deskundigheid?",
    )
    besproken_met_client: bool | None = Field(
        default=None, description="Diagnose, mogelijkheden en prognose besproken met de cliënt."
    )
    advies: Text | None = text("Advies of verwijzing als er geen indicatie is.")


# --- step 5: behandelplan --------------------------------------------------------------------


class Subdoel(BaseModel):
    model_config = SECTION

    odim_domein: OdimDomein = Field(description="ODIM-domein van dit subdoel.")
    omschrijving: Text = Field(min_length=1, max_length=1000, description="Het subdoel.")


BEHANDELPLAN_EXAMPLE: dict[str, Any] = {
    "hoofddoel": "Over acht weken 5 kg boodschappen dragen zonder toename van pijn.",
    "hoofddoel_niveau": "activiteiten",
    "subdoelen": [
        {"odim_domein": "motoriek", "omschrijving": "Rugsparend tillen vanaf de grond."},
        {"odim_domein": "cognitie", "omschrijving": "Inzicht in belasting en belastbaarheid."},
        {"odim_domein": "motivatie", "omschrijving": "Dagelijks het thuisprogramma doen."},
        {"odim_domein": "omgeving", "omschrijving": "Fietszadel en werkplek aanpassen."},
    ],
    "beleid": "Oefentherapie met nadruk op tiltraining en voorlichting.",
    "verwachte_duur_weken": 8,
    "prognose": "Gunstig.",
    "evaluatiemomenten": ["na 4 weken", "na 8 weken"],
    "akkoord_client": True,
}


class BehandelplanForm(BaseModel):
    """Hoofddoel, subdoelen on the four ODIM domains, agreed with the client (003 ch.2 "Stap 5")."""

    model_config = form_config(BEHANDELPLAN_EXAMPLE)

    hoofddoel: Text | None = text("Hoofddoel op het niveau van activiteiten en participatie.")
    hoofddoel_niveau: Literal["activiteiten", "participatie"] | None = Field(
        default=None, description="Niveau van het hoofddoel."
    )
    subdoelen: list[Subdoel] = Field(
        default_factory=list, description="Subdoelen op alle vier de ODIM-domeinen."
    )
    beleid: Text | None = text("Te voeren beleid en inhoud van de therapie.")
    verwachte_duur_weken: int | None = Field(
        default=None, ge=1, le=520, description="Verwachte duur van de behandeling in weken."
    )
    prognose: Text | None = text("Prognose van de behandeling.")
    evaluatiemomenten: list[str] = Field(
        default_factory=list, description="Wanneer tussentijds en aan het eind wordt geëvalueerd."
    )
    akkoord_client: bool | None = Field(
        default=None, description="De cliënt gaat akkoord met doelen en plan (003 Stap 5)."
    )
    akkoord_betrokkenen: bool | None = Field(
        default=None,
        description="Ouders of vertegenwoordigers zijn betrokken bij de doelen (003 §2.2); "
        "nodig bij kinderen onder 12 en wilsonbekwame cliënten.",
    )


# --- step 6: behandeling ---------------------------------------------------------------------


class TussentijdseEvaluatie(BaseModel):
    model_config = SECTION

    datum: date = Field(description="Datum van de tussentijdse evaluatie.")
    bevindingen: Text = Field(min_length=1, max_length=4000, description="Voortgang op subdoelen.")
    bijstellen_nodig: bool = Field(default=False, description="Moet het plan worden bijgesteld?")


BEHANDELING_EXAMPLE: dict[str, Any] = {
    "tussentijdse_evaluaties": [
        {
            "datum": "2026-03-18",
            "bevindingen": "Subdoelen motoriek en cognitie op schema.",
            "bijstellen_nodig": False,
        }
    ]
}


class BehandelingForm(BaseModel):
    """Behandeling: interim evaluations (003 ch.2 "Stap 6").

    The sessions themselves are rows of their own (`POST .../sessies`), not part of this form:
    an episode may hold dozens and a save must not rewrite them all.
    """

    model_config = form_config(BEHANDELING_EXAMPLE)

    tussentijdse_evaluaties: list[TussentijdseEvaluatie] = Field(
        default_factory=list, description="Tussentijdse evaluaties tegen de subdoelen."
    )


SESSIE_EXAMPLE: dict[str, Any] = {
    "datum": "2026-03-04",
    "interventies": ["tiltraining", "houdingsbewustzijn"],
    "reactie": "Goed opgepakt; thuisoefeningen meegegeven.",
}


class SessieForm(BaseModel):
    """One behandelsessie: date, interventions and the client's response (003 ch.2 "Stap 6")."""

    model_config = form_config(SESSIE_EXAMPLE)

    datum: date = Field(description="Datum van de sessie.")
    interventies: list[str] = Field(min_length=1, description="Toegepaste interventies.")
    reactie: Text | None = text("Reactie van de cliënt.")


# --- step 7: evaluatie -----------------------------------------------------------------------

MateBereikt = Literal["volledig", "grotendeels", "gedeeltelijk", "niet"]


class DoelResultaat(BaseModel):
    model_config = SECTION

    doel: Text = Field(min_length=1, max_length=1000, description="Het doel (hoofd- of subdoel).")
    mate_bereikt: MateBereikt = Field(description="In welke mate het doel is bereikt.")


class Productevaluatie(BaseModel):
    model_config = SECTION

    hoofddoel_bereikt: MateBereikt | None = Field(default=None, description="Hoofddoel bereikt?")
    doelen: list[DoelResultaat] = Field(default_factory=list, description="Resultaat per subdoel.")
    oordeel_client: Text | None = text("Oordeel van de cliënt over de verandering van de klacht.")
    oordeel_therapeut: Text | None = text("Oordeel van de therapeut over de gedragsverandering.")


class Procesevaluatie(BaseModel):
    model_config = SECTION

    inhoudelijk: Text | None = text("Hoe verliep het proces inhoudelijk?")
    organisatorisch: Text | None = text("Hoe verliep het proces organisatorisch?")
    bejegening: Text | None = text("Hoe verliep de bejegening?")


class NietHerhaald(BaseModel):
    """An instrument from the baseline that is not repeated, and why (engine policy)."""

    model_config = SECTION

    instrument: str = Field(min_length=1, max_length=32, description="Code van het instrument.")
    reden: Text = Field(min_length=1, max_length=1000, description="Waarom niet herhaald.")


EVALUATIE_EXAMPLE: dict[str, Any] = {
    "productevaluatie": {
        "hoofddoel_bereikt": "volledig",
        "doelen": [{"doel": "Rugsparend tillen vanaf de grond.", "mate_bereikt": "volledig"}],
        "oordeel_client": "Duidelijk verbeterd.",
        "oordeel_therapeut": "Tilt spontaan rugsparend, ook bij vermoeidheid.",
    },
    "procesevaluatie": {
        "inhoudelijk": "Doelen passend bij de hulpvraag.",
        "organisatorisch": "Afspraken nagekomen.",
        "bejegening": "Cliënt voelde zich gehoord.",
    },
    "besproken_met_client": True,
    "doorverwijzing_nodig": False,
}


class EvaluatieForm(BaseModel):
    """Product- and procesevaluatie (003 ch.2 "Stappen 7 en 8")."""

    model_config = form_config(EVALUATIE_EXAMPLE)

    productevaluatie: Productevaluatie = Field(
        default_factory=Productevaluatie, description="Behaald resultaat."
    )
    procesevaluatie: Procesevaluatie = Field(
        default_factory=Procesevaluatie, description="Verloop van het proces."
    )
    besproken_met_client: bool | None = Field(
        default=None, description="Resultaten besproken met de cliënt (004 ch.2)."
    )
    doorverwijzing_nodig: bool | None = Field(
        default=None,
        description="Klachten complexer geworden of niet afgenomen: doorverwijzen (000 ch.1).",
    )
    doorverwijzing_naar: Text | None = text("Naar wie wordt doorverwezen.", 500)
    metingen_niet_herhaald: list[NietHerhaald] = Field(
        default_factory=list,
        description="Instrumenten van de beginmeting die niet zijn herhaald, met de reden.",
    )


# --- step 8: afsluiting ----------------------------------------------------------------------

RedenAfsluiting = Literal[
    "doelen_bereikt",
    "behandeladvies",
    "verwezen_naar_arts",
    "buiten_domein",
    "geen_indicatie",
    "doorverwezen",
    "client_gestopt",
    "overig",
]

AFSLUITING_EXAMPLE: dict[str, Any] = {
    "reden_afsluiting": "doelen_bereikt",
    "recidivebeleid": "Thuisoefenprogramma twee keer per week voortzetten.",
    "nazorg": "Contact opnemen bij terugkeer van klachten.",
    "eindrapportage_verzonden_aan": "huisarts",
    "eindrapportage_datum": "2026-04-29",
    "ldo_aanlevering": True,
}


class AfsluitingForm(BaseModel):
    """Afsluiting: reason, recidivebeleid, nazorg, eindrapportage (003 ch.2 "Stappen 7 en 8")."""

    model_config = form_config(AFSLUITING_EXAMPLE)

    reden_afsluiting: RedenAfsluiting | None = Field(
        default=None, description="Reden van afsluiten."
    )
    toelichting: Text | None = text("Toelichting op de reden van afsluiten.")
    recidivebeleid: Text | None = text("Recidivebeleid en terugvalpreventie.")
    nazorg: Text | None = text("Afspraken over nazorg.")
    eindrapportage_verzonden_aan: Literal["verwijzer", "huisarts", "geen"] | None = Field(
        default=None, description="Aan wie de eindrapportage is verzonden."
    )
    eindrapportage_datum: date | None = Field(default=None, description="Datum eindrapportage.")
    eindrapportage_geen_reden: Text | None = text(
        "Waarom geen eindrapportage is verzonden (bijv. cliënt gaf geen toestemming)."
    )
    ldo_aanlevering: bool | None = Field(
        default=None, description="Uitkomstdata aangeleverd aan LDO/NZR (opt-in, 003 §3.5)."
    )


STEP_FORMS: dict[str, type[BaseModel]] = {
    "screening": ScreeningForm,
    "anamnese": AnamneseForm,
    "onderzoek": OnderzoekForm,
    "diagnose": DiagnoseForm,
    "behandelplan": BehandelplanForm,
    "behandeling": BehandelingForm,
    "evaluatie": EvaluatieForm,
    "afsluiting": AfsluitingForm,
}

STEP_EXAMPLES: dict[str, dict[str, Any]] = {
    "screening": SCREENING_EXAMPLE,
    "anamnese": ANAMNESE_EXAMPLE,
    "onderzoek": ONDERZOEK_EXAMPLE,
    "diagnose": DIAGNOSE_EXAMPLE,
    "behandelplan": BEHANDELPLAN_EXAMPLE,
    "behandeling": BEHANDELING_EXAMPLE,
    "evaluatie": EVALUATIE_EXAMPLE,
    "afsluiting": AFSLUITING_EXAMPLE,
}
