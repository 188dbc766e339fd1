"""Profile `bekken`: the general process with the bekkenoefentherapeut's focus (000 ch.2).

Nothing of the general process is copied: each step form below extends the base form with its
bekken section, and the gates below are added to the base triggers. Per step (000 ch.2):
screening general plus domain-specific; the five domain anamneses, each explored or marked
n.v.t. / niet besproken with a reason; onderzoek with breathing, abdominal pressure and pelvic
floor compensations, and inwendig onderzoek only when trained, otherwise an intercollegiale
hulpvraag; terugvalpreventie and nazorg at the end; a fixed set of baseline measures.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, model_validator

from workflows import forms, gates, payloads, titels
from workflows.definition import Behandelaar, RecordCheck, Trigger
from workflows.forms import SECTION, form_config, text
from workflows.gates import Unmet
from workflows.profiles.algemeen import ALGEMEEN_V1
from workflows.snapshot import EpisodeSnapshot


def _ontbreekt(code: str, field: str, message: str) -> Unmet:
    return Unmet(f"bekken.{code}.missing", message, field)


# === step 1: screening ========================================================================

# Pelvic red flags. 000 ch.2 asks for "een algemene en domeinspecifieke screening ... om te
# achterhalen of er aanwijzingen zijn voor een (ernstige) specifieke aandoening" but lists no
# signs. These examples are NOT from the seeds: they are the alarm signs of the guidelines that
# 000 §3.4 names (VvOCM Richtlijn Urine-incontinentie 2017 and Bekkenklachten 2014; NHG-standaarden
# urine-incontinentie, obstipatie, prolaps, rectaal bloedverlies, lumbosacraal radiculair
# syndroom). They guide the therapist; the form takes free text. For a clinician to confirm.
BEKKEN_RODE_VLAGGEN_VOORBEELDEN: tuple[str, ...] = (
    "bloedverlies buiten de menstruatie of na de menopauze",
    "bloed bij de ontlasting of in de urine",
    "onverklaard gewichtsverlies",
    "onverklaard veranderd defecatiepatroon",
    "nieuwe incontinentie of urineretentie met rijbroekanesthesie of neurologische uitval",
    "koorts of algehele malaise met buik- of bekkenpijn",
    "voelbare zwelling in buik of bekken",
)

BEKKEN_SCREENING_EXAMPLE: dict[str, Any] = forms.SCREENING_EXAMPLE | {"bekken_rode_vlaggen": []}


class BekkenScreeningForm(forms.ScreeningForm):
    """Screening: the general one plus the domain-specific bekken screening (000 ch.2)."""

    model_config = form_config(BEKKEN_SCREENING_EXAMPLE)

    bekken_rode_vlaggen: list[str] | None = Field(
        default=None,
        description="Domeinspecifieke rode vlaggen (bekken/bekkenbodem), bijv.: "
        + "; ".join(BEKKEN_RODE_VLAGGEN_VOORBEELDEN)
        + ". [] als er geen zijn; leeg laten betekent: nog niet domeinspecifiek gescreend.",
    )


def _screening(ep: EpisodeSnapshot) -> BekkenScreeningForm:
    return ep.form("screening", BekkenScreeningForm) or BekkenScreeningForm()


# 000 ch.2, Diagnostische fase: with DTO the bekkenoefentherapeut "voert ... een algemene en
# domeinspecifieke screening uit om te bepalen of bekkenoefentherapeutische behandeling
# geïndiceerd is ... en om te achterhalen of er aanwijzingen zijn voor een (ernstige) specifieke
# aandoening"; 000 ch.4 competentie 1 likewise. Pelvic red flags stop the main path as general
# ones do (003 Bijlage 1 art. 21a): refer to an arts.
@gates.gate(
    "bekken.screening",
    source="000 ch.2 Diagnostische fase; 000 ch.4 competentie 1; 003 Bijlage 1 art. 21a",
    description="Domeinspecifieke screening gedaan en geen rode vlaggen voor bekken/bekkenbodem.",
)
def bekken_screening(ep: EpisodeSnapshot) -> list[Unmet]:
    vlaggen = _screening(ep).bekken_rode_vlaggen
    if vlaggen is None:
        return [
            _ontbreekt(
                "screening.bekken_rode_vlaggen",
                "screening.bekken_rode_vlaggen",
                "Voer de domeinspecifieke screening uit; zijn er geen rode vlaggen voor bekken "
                "of bekkenbodem, leg dan vast dat er geen zijn.",
            )
        ]
    if vlaggen:
        return [
            Unmet(
                "bekken.screening.bekken_rode_vlaggen.present",
                "Er zijn rode vlaggen voor bekken of bekkenbodem: verwijs naar een arts in "
                "plaats van door te gaan.",
                "screening.bekken_rode_vlaggen",
            )
        ]
    return []


# 000 ch.2, Diagnostische fase (as above) and 003 Bijlage 1 art. 21a: signs of a condition that
# needs a physician lead to a referral; the referral names the pelvic red flags found. The base
# trigger verwijzen_naar_arts asks for general rode_vlaggen, so this profile adds its own trigger.
@gates.gate(
    "bekken.screening.rode_vlag",
    source="000 ch.2 Diagnostische fase; 003 Bijlage 1 art. 21a",
    description="Verwijzen naar een arts om rode vlaggen voor bekken/bekkenbodem vraagt die "
    "vlaggen.",
)
def bekken_rode_vlag(ep: EpisodeSnapshot) -> list[Unmet]:
    if _screening(ep).bekken_rode_vlaggen:
        return []
    return [
        Unmet(
            "bekken.screening.bekken_rode_vlaggen.none",
            "Leg de rode vlaggen voor bekken of bekkenbodem vast die tot verwijzing leiden.",
            "screening.bekken_rode_vlaggen",
        )
    ]


# === step 2: anamnese =========================================================================


class NietUitgevraagd(BaseModel):
    """A domain deliberately not explored: not applicable, or not discussed (yet), with why."""

    model_config = SECTION

    status: Literal["nvt", "niet_besproken"] = Field(
        description="Niet van toepassing (bijv. gynaecologisch bij een man), of bewust (nog) "
        "niet besproken (bijv. de cliënt is er nog niet aan toe)."
    )
    reden: str = Field(min_length=1, max_length=1000, description="Waarom, in eigen woorden.")


class Urologisch(BaseModel):
    model_config = SECTION

    status: Literal["uitgevraagd"] = Field(description="Het domein is uitgevraagd.")
    urineverlies: bool = Field(description="Verliest de cliënt ongewild urine?")
    type_incontinentie: Literal["stress", "urge", "gemengd", "overloop", "geen"] = Field(
        description="Type incontinentie; 'geen' als er geen urineverlies is."
    )
    mictiefrequentie_overdag: int | None = Field(
        default=None, ge=0, le=50, description="Aantal keer plassen overdag."
    )
    nycturie: int | None = Field(default=None, ge=0, le=20, description="Aantal keer 's nachts.")
    aandrang: bool | None = Field(default=None, description="Plotselinge, hevige aandrang?")
    toelichting: str | None = text("Toiletgedrag, mictieklachten, urineweginfecties.")

    @model_validator(mode="after")
    def _type_past_bij_verlies(self) -> Self:
        if self.urineverlies == (self.type_incontinentie == "geen"):
            raise ValueError("type_incontinentie is 'geen' precies als er geen urineverlies is")
        return self


class Gynaecologisch(BaseModel):
    """Gynaecological, obstetric questions included (000 ch.4 competentie 1)."""

    model_config = SECTION

    status: Literal["uitgevraagd"] = Field(description="Het domein is uitgevraagd.")
    verzakkingsklachten: bool = Field(description="Zwaar of uitzakkend gevoel (prolapsklachten)?")
    zwanger_of_postpartum: Literal["nee", "zwanger", "postpartum"] = Field(
        description="Zwanger, of in het eerste jaar na de bevalling?"
    )
    aantal_bevallingen: int | None = Field(default=None, ge=0, le=20, description="Pariteit.")
    obstetrische_voorgeschiedenis: str | None = text(
        "Verloop van zwangerschap(pen) en bevalling(en): kunstverlossing, ruptuur, e.d."
    )
    cyclus_menopauze: str | None = text("Menstruatiecyclus, anticonceptie, (post)menopauze.")


class GastroEnterologisch(BaseModel):
    """Gastro-enterological, proctologic questions included (000 ch.4 competentie 1)."""

    model_config = SECTION

    status: Literal["uitgevraagd"] = Field(description="Het domein is uitgevraagd.")
    fecale_incontinentie: bool = Field(description="Ongewild verlies van ontlasting of winden?")
    obstipatie: bool = Field(description="Obstipatie of moeizame, onvolledige lediging?")
    defecatiefrequentie_per_week: int | None = Field(
        default=None, ge=0, le=70, description="Aantal keer ontlasting per week."
    )
    bristol_type: int | None = Field(
        default=None, ge=1, le=7, description="Gebruikelijke consistentie (Bristol-type 1-7)."
    )
    proctologisch: str | None = text("Proctologische klachten, bijv. aambeien of fissuren.")


class Seksuologisch(BaseModel):
    model_config = SECTION

    status: Literal["uitgevraagd"] = Field(description="Het domein is uitgevraagd.")
    seksuele_klachten: bool = Field(
        description="Klachten bij seksualiteit (bijv. pijn, vaginisme, erectie- of "
        "ejaculatieproblemen)?"
    )
    toelichting: str | None = text("Aard van de klachten, in neutrale bewoordingen.")


class SpanningAdem(BaseModel):
    model_config = SECTION

    status: Literal["uitgevraagd"] = Field(description="Het domein is uitgevraagd.")
    spanningsklachten: bool = Field(description="Spanningsklachten of spanningsdisregulatie?")
    ademklachten: bool = Field(description="Adem-gerelateerde klachten (bijv. hoog adempatroon)?")
    toelichting: str | None = text("Samenhang met stress, ademhaling en bekkenbodemspanning.")


def _domein(description: str) -> Any:
    return Field(
        default=None,
        description=description + " Of: niet van toepassing, of niet besproken, met reden.",
    )


# Each domain is either explored (its own fields) or not, told apart by `status`.
UrologischDomein = Annotated[Urologisch | NietUitgevraagd, Field(discriminator="status")]
GynaecologischDomein = Annotated[Gynaecologisch | NietUitgevraagd, Field(discriminator="status")]
GastroDomein = Annotated[GastroEnterologisch | NietUitgevraagd, Field(discriminator="status")]
SeksuologischDomein = Annotated[Seksuologisch | NietUitgevraagd, Field(discriminator="status")]
SpanningAdemDomein = Annotated[SpanningAdem | NietUitgevraagd, Field(discriminator="status")]


class BekkenDomeinen(BaseModel):
    """The five domain anamneses of 000 ch.2; None means: not yet recorded."""

    model_config = SECTION

    urologisch: UrologischDomein | None = _domein("Urologische anamnese.")
    gynaecologisch: GynaecologischDomein | None = _domein(
        "Gynaecologische anamnese, met obstetrische vragen."
    )
    gastro_enterologisch: GastroDomein | None = _domein(
        "Gastro-enterologische anamnese, met proctologische vragen."
    )
    seksuologisch: SeksuologischDomein | None = _domein("Seksuologische anamnese.")
    spanning_adem: SpanningAdemDomein | None = _domein(
        "Spanning- en/of adem-gerelateerde anamnese."
    )


BEKKEN_DOMEINEN: tuple[str, ...] = tuple(BekkenDomeinen.model_fields)

BEKKEN_ANAMNESE_EXAMPLE: dict[str, Any] = forms.ANAMNESE_EXAMPLE | {
    "bekkengordelpijn": True,
    "domeinen": {
        "urologisch": {
            "status": "uitgevraagd",
            "urineverlies": True,
            "type_incontinentie": "stress",
            "mictiefrequentie_overdag": 7,
            "nycturie": 0,
            "aandrang": False,
        },
        "gynaecologisch": {
            "status": "uitgevraagd",
            "verzakkingsklachten": False,
            "zwanger_of_postpartum": "postpartum",
            "aantal_bevallingen": 1,
            "obstetrische_voorgeschiedenis": "Vaginale bevalling vijf maanden geleden.",
        },
        "gastro_enterologisch": {
            "status": "uitgevraagd",
            "fecale_incontinentie": False,
            "obstipatie": False,
            "bristol_type": 4,
        },
        "seksuologisch": {
            "status": "niet_besproken",
            "reden": "Cliënt wil dit een volgende keer bespreken.",
        },
        "spanning_adem": {
            "status": "uitgevraagd",
            "spanningsklachten": False,
            "ademklachten": False,
        },
    },
}


class BekkenAnamneseForm(forms.AnamneseForm):
    """Anamnese with the five bekken domains (000 ch.2; 000 ch.4 competentie 1)."""

    model_config = form_config(BEKKEN_ANAMNESE_EXAMPLE)

    bekkengordelpijn: bool | None = Field(
        default=None,
        description="Pijn in de bekkengordel (SI-gewrichten, symfyse, stuit)? Bepaalt mede de "
        "beginmeting.",
    )
    domeinen: BekkenDomeinen = Field(
        default_factory=BekkenDomeinen,
        description="De vijf domeinanamneses; elk uitgevraagd, of niet van toepassing of niet "
        "besproken met reden.",
    )


def _anamnese(ep: EpisodeSnapshot) -> BekkenAnamneseForm:
    return ep.form("anamnese", BekkenAnamneseForm) or BekkenAnamneseForm()


# 000 ch.2, Diagnostische fase: "Vanwege de mogelijke samenhang van klachten hanteert de
# bekkenoefentherapeut een specifieke urologische, gynaecologische, gastro-enterologische,
# seksuologische en spanning en/of adem gerelateerde anamnese en brengt de klachten, ervaren
# problemen, symptomen die wijzen op een disfunctie van de bekkenbodem, risicofactoren en
# prognostische factoren in kaart"; obstetric questions go with gynaecologisch (000 ch.4
# competentie 1). Engine policy (DOMAIN.md): each domain is explored or marked n.v.t. / niet
# besproken with a reason; an intimate subject is never skipped silently. Pelvic girdle pain is
# asked too: the probleemanalyse is aimed at "bekken, wervelkolom en heupgewrichten" (000 ch.2).
@gates.gate(
    "bekken.anamnese",
    source="000 ch.2 Diagnostische fase; 000 ch.4 competentie 1",
    description="Vijf domeinanamneses (of niet van toepassing of niet besproken, met reden), "
    "bekkengordelpijn, risico- en prognostische factoren.",
)
def bekken_anamnese(ep: EpisodeSnapshot) -> list[Unmet]:
    a = _anamnese(ep)
    unmet = [
        _ontbreekt(
            f"anamnese.{domein}",
            f"anamnese.domeinen.{domein}",
            f"Anamnese {titels.waarde(domein).lower()}: uitvragen, of markeren als niet van "
            "toepassing of niet besproken, met reden.",
        )
        for domein in BEKKEN_DOMEINEN
        if getattr(a.domeinen, domein) is None
    ]
    if a.bekkengordelpijn is None:
        unmet.append(
            _ontbreekt(
                "anamnese.bekkengordelpijn",
                "anamnese.bekkengordelpijn",
                "Ga na of er pijn in de bekkengordel is.",
            )
        )
    if a.risico_en_prognostische_factoren is None:
        unmet.append(
            _ontbreekt(
                "anamnese.risico_en_prognostische_factoren",
                "anamnese.risico_en_prognostische_factoren",
                "Breng de risico- en prognostische factoren in kaart.",
            )
        )
    return unmet


# === step 3: onderzoek ========================================================================


class Activiteitenobservatie(BaseModel):
    model_config = SECTION

    ademhaling: str | None = text("Ademhaling tijdens de probleemhandeling.")
    buikdruk: str | None = text("Buikspierspanning en opvang van de buikdruk.")
    compensaties: str | None = text("Compensaties voor bekkenbodeminsufficiëntie.")


class Bekkenbodembevindingen(BaseModel):
    model_config = SECTION

    onderactiviteit: bool | None = Field(default=None, description="Onderactiviteit?")
    overactiviteit: bool | None = Field(default=None, description="Overactiviteit?")
    coordinatiestoornis: bool | None = Field(default=None, description="Coördinatiestoornis?")
    toelichting: str | None = text("Toelichting, bijv. uit palpatie of specifieke testen.")


class InwendigOnderzoek(BaseModel):
    model_config = SECTION

    datum: date = Field(description="Datum van het inwendig onderzoek.")
    toegang: Literal["vaginaal", "rectaal"] = Field(description="Vaginaal of rectaal.")
    bevindingen: str = Field(
        min_length=1, max_length=4000, description="Bevindingen over de bekkenbodemfunctie."
    )


class IntercollegialeHulpvraag(BaseModel):
    """A question to a trained colleague about objectifying pelvic floor function (000 ch.4
    competentie 1; 001: the guideline's consult form)."""

    model_config = SECTION

    aan: Literal[
        "bevoegde_bekkenoefentherapeut", "bekkenfysiotherapeut", "huisarts", "medisch_specialist"
    ] = Field(description="Aan wie de vraag is gesteld.")
    vraag: str = Field(min_length=1, max_length=2000, description="De gestelde vraag.")
    gesteld_op: date = Field(description="Datum waarop de vraag is gesteld.")
    toestemming_client: bool | None = Field(
        default=None,
        description="De cliënt gaf toestemming om informatie te delen voor dit overleg "
        "(003/000 competentie 3).",
    )
    antwoord: str | None = text("Het antwoord, zodra het er is.")
    beantwoord_op: date | None = Field(default=None, description="Datum van het antwoord.")

    @model_validator(mode="after")
    def _antwoord_met_datum(self) -> Self:
        if (self.antwoord is None) != (self.beantwoord_op is None):
            raise ValueError("antwoord en beantwoord_op horen bij elkaar")
        if self.beantwoord_op is not None and self.beantwoord_op < self.gesteld_op:
            raise ValueError("beantwoord_op ligt voor gesteld_op")
        return self


BEKKEN_ONDERZOEK_EXAMPLE: dict[str, Any] = forms.ONDERZOEK_EXAMPLE | {
    "activiteitenobservatie": {
        "ademhaling": "Houdt de adem vast bij het tillen.",
        "buikdruk": "Buik bolt uit bij tillen; buikdruk slecht opgevangen.",
        "compensaties": "Knijpt de billen samen bij hoesten.",
    },
    "bekkenbodem": {
        "onderactiviteit": True,
        "overactiviteit": False,
        "coordinatiestoornis": True,
    },
    "bekkenbodemfunctie_objectiveren": True,
    "intercollegiale_hulpvraag": {
        "aan": "bekkenfysiotherapeut",
        "vraag": "Graag objectiveren van kracht en coördinatie van de bekkenbodem.",
        "gesteld_op": "2026-03-10",
        "toestemming_client": True,
    },
}


class BekkenOnderzoekForm(forms.OnderzoekForm):
    """Onderzoek with the bekken focus (000 ch.2): observation, pelvic floor, objectifying."""

    model_config = form_config(BEKKEN_ONDERZOEK_EXAMPLE)

    activiteitenobservatie: Activiteitenobservatie = Field(
        default_factory=Activiteitenobservatie,
        description="Observatie van de probleemhandelingen: ademhaling, buikdruk, compensaties.",
    )
    bekkenbodem: Bekkenbodembevindingen = Field(
        default_factory=Bekkenbodembevindingen,
        description="Bevindingen over de bekkenbodem: onder-, overactiviteit, coördinatie.",
    )
    bekkenbodemfunctie_objectiveren: bool | None = Field(
        default=None, description="Moet de bekkenbodemfunctie worden geobjectiveerd?"
    )
    inwendig_onderzoek: InwendigOnderzoek | None = Field(
        default=None, description="Inwendig onderzoek; alleen door een daartoe opgeleide therapeut."
    )
    intercollegiale_hulpvraag: IntercollegialeHulpvraag | None = Field(
        default=None,
        description="Intercollegiale vraag over het objectiveren van de bekkenbodemfunctie; mag "
        "nog openstaan bij de diagnose.",
    )


def _onderzoek(ep: EpisodeSnapshot) -> BekkenOnderzoekForm:
    return ep.form("onderzoek", BekkenOnderzoekForm) or BekkenOnderzoekForm()


# 000 ch.2, Diagnostische fase: "Specifiek bij het observeren van de probleemhandelingen is de
# aandacht voor de ademhaling, overmatige of lage buikspierspanning, opvang van de buikdruk, en of
# er mogelijk sprake is van compensaties voor bekkenbodeminsufficiëntie (onderactiviteit,
# overactiviteit, coördinatiestoornissen)."
@gates.gate(
    "bekken.onderzoek.observatie",
    source="000 ch.2 Diagnostische fase",
    description="Ademhaling, buikdruk en compensaties geobserveerd; onder-, overactiviteit en "
    "coördinatie van de bekkenbodem beoordeeld.",
)
def bekken_observatie(ep: EpisodeSnapshot) -> list[Unmet]:
    o = _onderzoek(ep)
    observatie = {
        "ademhaling": "Observeer de ademhaling tijdens de probleemhandeling.",
        "buikdruk": "Observeer buikspierspanning en opvang van de buikdruk.",
        "compensaties": "Observeer compensaties voor bekkenbodeminsufficiëntie.",
    }
    bekkenbodem = {
        "onderactiviteit": "Beoordeel of er onderactiviteit van de bekkenbodem is.",
        "overactiviteit": "Beoordeel of er overactiviteit van de bekkenbodem is.",
        "coordinatiestoornis": "Beoordeel of er een coördinatiestoornis van de bekkenbodem is.",
    }
    return [
        _ontbreekt(f"onderzoek.{sectie}.{veld}", f"onderzoek.{sectie}.{veld}", message)
        for sectie, velden in (("activiteitenobservatie", observatie), ("bekkenbodem", bekkenbodem))
        for veld, message in velden.items()
        if getattr(getattr(o, sectie), veld) is None
    ]


# 000 ch.2, Diagnostische fase: "Indien nodig en wenselijk kan de bekkenoefentherapeut inwendig
# handelen mits hij hiertoe is opgeleid"; 000 ch.4 competentie 1: "formuleert indien nodig een
# intercollegiale vraag over het objectiveren van de bekkenbodemfunctie voor een collega
# bekkenoefentherapeut die is opgeleid voor het uitvoeren van inwendig onderzoek, een
# bekkenfysiotherapeut of een arts". 000 ch.2 lets the diagnose carry that hulpvraag ("formuleert
# ... de bekkenoefentherapeutische diagnose, en indien nodig een intercollegiale hulpvraag"), so
# an open question is enough to go on.
@gates.gate(
    "bekken.onderzoek.objectiveren",
    source="000 ch.2 Diagnostische fase; 000 ch.4 competentie 1 en 3; 001 Positionering",
    description="Moet de bekkenbodemfunctie worden geobjectiveerd: inwendig onderzoek of een "
    "(mag openstaande) intercollegiale hulpvraag.",
)
def bekken_objectiveren(ep: EpisodeSnapshot) -> list[Unmet]:
    o = _onderzoek(ep)
    if unmet := objectiveren_gekozen(o):
        return unmet
    # 000 and 003 competentie 3: "vraagt toestemming aan cliënt voor het delen van informatie
    # voor het overleg": a question to a colleague shares client data, so consent comes first.
    if o.intercollegiale_hulpvraag and o.intercollegiale_hulpvraag.toestemming_client is not True:
        return [
            _ontbreekt(
                "onderzoek.intercollegiale_hulpvraag.toestemming_client",
                "onderzoek.intercollegiale_hulpvraag.toestemming_client",
                "Vraag de cliënt toestemming om informatie te delen voor het overleg.",
            )
        ]
    return []


def objectiveren_gekozen(o: BekkenOnderzoekForm) -> list[Unmet]:
    """Whether to objectify is answered and, if so, how: inwendig onderzoek or a hulpvraag."""
    if o.bekkenbodemfunctie_objectiveren is None:
        return [
            _ontbreekt(
                "onderzoek.bekkenbodemfunctie_objectiveren",
                "onderzoek.bekkenbodemfunctie_objectiveren",
                "Geef aan of de bekkenbodemfunctie moet worden geobjectiveerd.",
            )
        ]
    if o.bekkenbodemfunctie_objectiveren and not (
        o.inwendig_onderzoek or o.intercollegiale_hulpvraag
    ):
        return [
            _ontbreekt(
                "onderzoek.inwendig_of_hulpvraag",
                "onderzoek.intercollegiale_hulpvraag",
                "Objectiveer de bekkenbodemfunctie: leg het inwendig onderzoek vast, of stel een "
                "intercollegiale hulpvraag.",
            )
        ]
    return []


# --- required baseline measures per complaint ------------------------------------------------


@dataclass(frozen=True)
class VerplichteMeting:
    """A baseline instrument required when the anamnese reports a complaint."""

    instrument: str
    bij: str
    """The complaint, in the therapist's words (shown in the message)."""
    geldt: Callable[[BekkenDomeinen, bool | None], bool]


def _urineverlies(d: BekkenDomeinen, _: bool | None) -> bool:
    return isinstance(d.urologisch, Urologisch) and d.urologisch.urineverlies


def _darm_of_verzakking(d: BekkenDomeinen, _: bool | None) -> bool:
    darm = isinstance(d.gastro_enterologisch, GastroEnterologisch) and (
        d.gastro_enterologisch.fecale_incontinentie or d.gastro_enterologisch.obstipatie
    )
    verzakking = (
        isinstance(d.gynaecologisch, Gynaecologisch) and d.gynaecologisch.verzakkingsklachten
    )
    return darm or verzakking


def _bekkengordelpijn(_: BekkenDomeinen, bekkengordelpijn: bool | None) -> bool:
    return bekkengordelpijn is True


# 000 ch.2, Behandelfase: "hanteert de bekkenoefentherapeut een vast aantal meetinstrumenten om
# de voortgang en resultaat te meten conform de geldende richtlijnen"; 001 Missie: "dat BOT allen
# zoveel mogelijk uniforme DC's en meetinstrumenten gebruiken"; 003 ch.2 Stappen 1 en 2: measures
# at intake. The seeds name no instruments: the choice below is the engine's, from the guidelines
# 000 §3.4 names (ICIQ-UI SF in the VvOCM Richtlijn Urine-incontinentie; PGQ for pelvic girdle
# pain per the European guidelines; PFDI-20 covers bowel, prolapse and mixed pelvic floor
# symptoms). For the Platform Bekkenoefentherapie to confirm against its uniform set.
VERPLICHTE_METINGEN: tuple[VerplichteMeting, ...] = (
    VerplichteMeting("iciq_ui_sf", "urineverlies (urologische anamnese)", _urineverlies),
    VerplichteMeting(
        "pfdi20",
        "defecatie- of verzakkingsklachten (gastro-enterologisch/gynaecologisch)",
        _darm_of_verzakking,
    ),
    VerplichteMeting("pgq", "bekkengordelpijn", _bekkengordelpijn),
)


# 000 ch.2 Behandelfase, 001 Missie and 003 ch.2 Stappen 1 en 2 (quoted above the table): each
# complaint in the table above needs its baseline before the onderzoek is finished.
@gates.gate(
    "bekken.metingen.baseline",
    source="000 ch.2 Behandelfase; 001 Missie; 003 ch.2 Stappen 1 en 2",
    description="Beginmeting per klacht uit de anamnese: "
    + "; ".join(f"{m.bij}: {m.instrument}" for m in VERPLICHTE_METINGEN)
    + ".",
)
def bekken_metingen(ep: EpisodeSnapshot) -> list[Unmet]:
    a = _anamnese(ep)
    return [
        Unmet(
            f"bekken.onderzoek.metingen.{m.instrument}.baseline_missing",
            f"Bij {m.bij}: neem de beginmeting met {titels.instrument(m.instrument)} af.",
            "metingen",
        )
        for m in VERPLICHTE_METINGEN
        if m.geldt(a.domeinen, a.bekkengordelpijn)
        and "baseline" not in ep.metingen.get(m.instrument, frozenset())
    ]


# 000 ch.2, Diagnostische fase and ch.4 competentie 1 (quoted above): inwendig onderzoek only
# "mits hij hiertoe is opgeleid"; otherwise the intercollegiale vraag.
def _inwendig_onderzoek_bevoegd(form: BaseModel, behandelaar: Behandelaar) -> list[Unmet]:
    if not isinstance(form, BekkenOnderzoekForm) or form.inwendig_onderzoek is None:
        return []
    if behandelaar.inwendig_onderzoek_bevoegd:
        return []
    return [
        Unmet(
            "bekken.onderzoek.inwendig_onderzoek.niet_bevoegd",
            "Je bent niet opgeleid voor inwendig onderzoek. Stel in plaats daarvan een "
            "intercollegiale hulpvraag aan een opgeleide bekkenoefentherapeut, een "
            "bekkenfysiotherapeut of een arts.",
            "onderzoek.inwendig_onderzoek",
        )
    ]


# === step 6: behandeling ======================================================================

BEKKEN_BEHANDELING_EXAMPLE: dict[str, Any] = forms.BEHANDELING_EXAMPLE | {
    "inwendig_behandelen": False
}


class BekkenBehandelingForm(forms.BehandelingForm):
    """Behandeling; inwendig behandelen only when trained (000 ch.2 Behandelfase)."""

    model_config = form_config(BEKKEN_BEHANDELING_EXAMPLE)

    inwendig_behandelen: bool | None = Field(
        default=None,
        description="Wordt inwendig behandeld (bijv. myofeedback, elektrostimulatie, "
        "triggerpoint)? Alleen door een daartoe opgeleide therapeut.",
    )


# 000 ch.2, Behandelfase: "Indien de bekkenoefentherapeut hiertoe geschoold is kan inwendig
# (be)handelen worden toegepast"; the same training as for inwendig onderzoek (DOMAIN.md).
def _inwendig_behandelen_bevoegd(form: BaseModel, behandelaar: Behandelaar) -> list[Unmet]:
    if not isinstance(form, BekkenBehandelingForm) or form.inwendig_behandelen is not True:
        return []
    if behandelaar.inwendig_onderzoek_bevoegd:
        return []
    return [
        Unmet(
            "bekken.behandeling.inwendig_behandelen.niet_bevoegd",
            "Je bent niet opgeleid voor inwendig behandelen; verwijs hiervoor naar een "
            "opgeleide collega.",
            "behandeling.inwendig_behandelen",
        )
    ]


# === step 8: afsluiting =======================================================================

BEKKEN_AFSLUITING_EXAMPLE: dict[str, Any] = forms.AFSLUITING_EXAMPLE | {
    "terugvalpreventie": "Signalen van terugval besproken; bekkenbodemoefeningen bij tillen."
}


class BekkenAfsluitingForm(forms.AfsluitingForm):
    """Afsluiting with terugvalpreventie (000 ch.2 Behandelfase)."""

    model_config = form_config(BEKKEN_AFSLUITING_EXAMPLE)

    terugvalpreventie: str | None = text(
        "Wat met de cliënt is besproken om terugval te voorkomen (signalen, oefeningen)."
    )


# 000 ch.2, Behandelfase: "Bij het afronden van het zorgproces bespreekt de bekkenoefentherapeut
# terugvalpreventie en mogelijkheden voor nazorg." The base process asks for nazorg only after
# treatment; this profile always does, so nazorg is reported here only when the base did not.
@gates.gate(
    "bekken.afsluiting",
    source="000 ch.2 Behandelfase",
    description="Terugvalpreventie en nazorg zijn besproken.",
)
def bekken_afsluiting(ep: EpisodeSnapshot) -> list[Unmet]:
    a = ep.form("afsluiting", BekkenAfsluitingForm) or BekkenAfsluitingForm()
    unmet = []
    if a.terugvalpreventie is None:
        unmet.append(
            _ontbreekt(
                "afsluiting.terugvalpreventie",
                "afsluiting.terugvalpreventie",
                "Bespreek terugvalpreventie met de cliënt en leg die vast.",
            )
        )
    base = {u.code for u in gates.afsluiting_compleet(ep)}
    if a.nazorg is None and "afsluiting.nazorg.missing" not in base:
        unmet.append(
            _ontbreekt(
                "afsluiting.nazorg",
                "afsluiting.nazorg",
                "Bespreek de mogelijkheden voor nazorg en leg die vast (ook als er geen is).",
            )
        )
    return unmet


# === the profile ==============================================================================

BEKKEN_V1 = ALGEMEEN_V1.extend(
    profile="bekken",
    version=1,
    registratie="bekkenoefentherapeut",
    description="Methodisch handelen van de bekkenoefentherapeut (000 hoofdstuk 2).",
    forms={
        "screening": BekkenScreeningForm,
        "anamnese": BekkenAnamneseForm,
        "onderzoek": BekkenOnderzoekForm,
        "behandeling": BekkenBehandelingForm,
        "afsluiting": BekkenAfsluitingForm,
    },
    gates={
        "screening_afronden": (bekken_screening,),
        "anamnese_afronden": (bekken_anamnese,),
        "onderzoek_afronden": (bekken_observatie, bekken_objectiveren, bekken_metingen),
        "afsluiten": (bekken_afsluiting,),
    },
    triggers=(
        # The base verwijzen_naar_arts asks for general rode_vlaggen; a referral for pelvic red
        # flags alone goes by this trigger (000 ch.2; 003 Bijlage 1 art. 21a).
        Trigger(
            "verwijzen_naar_arts_bekken",
            ("screening",),
            "afsluiting",
            "uitstroom",
            "Rode vlaggen voor bekken of bekkenbodem: verwijzen naar een arts.",
            (gates.screening_rapportage, bekken_rode_vlag),
            payloads.Advies,
        ),
    ),
    record_checks=(
        RecordCheck(
            "onderzoek",
            "bekken.inwendig_onderzoek_bevoegd",
            "000 ch.2 Diagnostische fase; 000 ch.4 competentie 1",
            "Inwendig onderzoek alleen door een daartoe opgeleide therapeut.",
            _inwendig_onderzoek_bevoegd,
        ),
        RecordCheck(
            "behandeling",
            "bekken.inwendig_behandelen_bevoegd",
            "000 ch.2 Behandelfase",
            "Inwendig behandelen alleen door een daartoe opgeleide therapeut.",
            _inwendig_behandelen_bevoegd,
        ),
    ),
)
