"""Step forms of the third edition (algemeen@3, bekken@2, psychosomatisch@2).

Each extends its first-edition form in `forms.py`, so every gate written for that form reads
this one too, and adds what the new rules need. A field the new rules replace is retired: it
is gone from the served JSON Schema and only accepts being left out, so a record cannot say
the same thing twice. Why each field is here is cited at the rule that reads it
(`gates_v3.py`, `meldcode.py`, `instemming.py`).
"""

from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from workflows import dcsph, forms
from workflows.forms import SECTION, Text, form_config, text
from workflows.instemming import Instemming
from workflows.meldcode import Meldcode
from workflows.profiles.algemeen import SolkComplexiteit


def retired(by: str) -> Any:
    """A first-edition field replaced by `by`: hidden from the schema, only None accepted."""
    return Field(default=None, description=f"Vervallen; gebruik {by}.", exclude=True)


class MetMeldcode(BaseModel):
    """Every step can record signs of abuse and the meldcode's steps (`meldcode.py`)."""

    meldcode: Meldcode | None = Field(
        default=None,
        description="Alleen bij signalen van huiselijk geweld of kindermishandeling: de stappen "
        "van de meldcode (003 competentie 5; Wet verplichte meldcode).",
    )


# --- step 1: screening ------------------------------------------------------------------------


class ScreeningForm(forms.ScreeningForm, MetMeldcode):
    model_config = form_config(forms.SCREENING_EXAMPLE)


# --- step 2: anamnese -------------------------------------------------------------------------


Rol = Literal[
    "ouder",
    "naaste",
    "mantelzorger",
    "begeleider",
    "verzorger",
    "wettelijk_vertegenwoordiger",
    "school",
    "consultatiebureau",
]


class Betrokkene(forms.Betrokkene):
    """Also the school or consultatiebureau of a child with meervoudige problematiek (003
    §2.2: "samenwerking nodig ... met de school of, bij kleine kinderen, het
    consultatiebureau")."""

    rol: Rol = Field(description="Rol van de betrokkene.")  # type: ignore[assignment]


Bekkenklachten = Literal["geen", "ongecompliceerd", "complex", "bekkenbodemfunctiestoornis"]
"""Pelvic complaints as 000 ch.1 sorts them: a generalist treats uncomplicated ones; complex
ones, or symptoms of a pelvic floor dysfunction, need a bekkenoefentherapeut."""

ANAMNESE_EXAMPLE: dict[str, Any] = forms.ANAMNESE_EXAMPLE | {"bekkenklachten": "geen"}


class AnamneseForm(forms.AnamneseForm, MetMeldcode):
    model_config = form_config(ANAMNESE_EXAMPLE)

    betrokkenen: list[Betrokkene] = Field(  # type: ignore[assignment]
        default_factory=list,
        description="Ouders, naasten, vertegenwoordigers, of bij een kind de school of het "
        "consultatiebureau, die meewerken (003 §2.2).",
    )
    signalen_mishandeling: SkipJsonSchema[None] = retired("meldcode")
    meldcode_stappen: SkipJsonSchema[None] = retired("meldcode")
    solk_complexiteit: SolkComplexiteit | None = Field(
        default=None,
        description="Complexiteit van somatisch onvoldoende verklaarde lichamelijke klachten "
        "(NHG-standaard SOLK); leeg als er geen SOLK is. Vanaf matig-ernstig hoort de cliënt "
        "bij een psychosomatisch oefentherapeut (004 §1.2).",
    )
    bekkenklachten: Bekkenklachten | None = Field(
        default=None,
        description="Bekkenklachten: geen, ongecompliceerd, complex, of symptomen van een "
        "bekkenbodemfunctiestoornis. Complex of bekkenbodem: dat vraagt een "
        "bekkenoefentherapeut (000 hoofdstuk 1).",
    )


# --- step 3: onderzoek ------------------------------------------------------------------------

ONDERZOEK_EXAMPLE: dict[str, Any] = forms.ONDERZOEK_EXAMPLE | {
    "rode_vlaggen": [],
    "beginmeting_geen_reden": "Geen passend instrument voor deze hulpvraag; "
    "de probleemhandeling is als performancetest vastgelegd.",
}


class OnderzoekForm(forms.OnderzoekForm, MetMeldcode):
    model_config = form_config(ONDERZOEK_EXAMPLE)

    rode_vlaggen: list[str] | None = Field(
        default=None,
        description="Aanwijzingen voor een (ernstige) specifieke aandoening uit anamnese en "
        "onderzoek; [] als er geen zijn. Nodig op verwijzing (zonder screening); bij nieuwe of "
        "alarmerende symptomen: verwijzen naar een arts.",
    )
    beginmeting_geen_reden: Text | None = text(
        "Waarom geen beginmeting met een meetinstrument is afgenomen (als er geen is)."
    )


# --- step 4: diagnose -------------------------------------------------------------------------


DIAGNOSE_EXAMPLE: dict[str, Any] = forms.DIAGNOSE_EXAMPLE | {"diagnosecode": "3480"}
"""The example's aspecifieke lage rugklachten: lumbale wervelkolom (34), symptomatologie nog
zonder aanwijsbare pathologie (80), open on the uniforme DCSPH-lijst."""


class DiagnoseForm(forms.DiagnoseForm, MetMeldcode):
    model_config = form_config(DIAGNOSE_EXAMPLE)

    # The DCSPH code goes on every declaration (Vektis PM304) and in the LDO; which codes an
    # oefentherapeut may use is the uniforme DCSPH-lijst's (workflows/dcsph/, `dcsph.SOURCE`).
    diagnosecode: str | None = Field(
        default=None,
        description="DCSPH-code: 2 cijfers lokalisatie + 2 cijfers pathologie (uniforme lijst "
        "2020), zoals gedeclareerd en in de LDO; alleen een code die open staat voor "
        "oefentherapie.",
    )

    @field_validator("diagnosecode")
    @classmethod
    def _open_dcsph_code(cls, code: str | None) -> str | None:
        if code is not None:
            dcsph.lookup(code)  # OnbekendeDiagnosecode is a ValueError: reported on the field
        return code


# --- step 5: behandelplan ---------------------------------------------------------------------


class Evaluatiemoment(BaseModel):
    """A moment for an interim evaluation: after a number of sessions, or on a date."""

    model_config = SECTION

    na_sessies: int | None = Field(
        default=None, ge=1, le=500, description="Na zoveel behandelsessies."
    )
    op_datum: date | None = Field(default=None, description="Op of na deze datum.")

    @model_validator(mode="after")
    def _een_van_beide(self) -> Self:
        if (self.na_sessies is None) == (self.op_datum is None):
            raise ValueError("geef het aantal sessies of de datum op (één van beide)")
        return self


BEHANDELPLAN_EXAMPLE: dict[str, Any] = {
    k: v
    for k, v in forms.BEHANDELPLAN_EXAMPLE.items()
    if k not in {"akkoord_client", "akkoord_betrokkenen"}
} | {
    "evaluatiemomenten": [{"na_sessies": 4}],
    "akkoord": {"door": ["client"], "datum": "2026-03-11", "wijze": "mondeling"},
}


HoofddoelNiveau = Literal["activiteiten", "participatie", "functies"]


class BehandelplanForm(forms.BehandelplanForm, MetMeldcode):
    model_config = form_config(BEHANDELPLAN_EXAMPLE)

    hoofddoel_niveau: HoofddoelNiveau | None = Field(  # type: ignore[assignment]
        default=None,
        description="Niveau van het hoofddoel: bij voorkeur activiteiten of participatie; op "
        "functieniveau met een reden (003 Stap 5).",
    )
    hoofddoel_niveau_reden: Text | None = text(
        "Waarom het hoofddoel op functieniveau ligt (alleen dan nodig).", 1000
    )
    evaluatiemomenten: list[Evaluatiemoment] = Field(  # type: ignore[assignment]
        default_factory=list,
        description="Momenten voor een tussentijdse evaluatie: na een aantal sessies of op een "
        "datum (003 Stap 6). De eindevaluatie is stap 7.",
    )
    akkoord_client: SkipJsonSchema[None] = retired("akkoord")
    akkoord_betrokkenen: SkipJsonSchema[None] = retired("akkoord")
    akkoord: Instemming | None = Field(
        default=None,
        description="Instemming met doelen en plan: van de cliënt, of namens de cliënt van de "
        "ouders of vertegenwoordiger (003 Stap 5 en §2.2; WGBO art. 7:450 en 7:465). Vervalt "
        "bij bijstellen.",
    )


# --- step 6: behandeling ----------------------------------------------------------------------


class TussentijdseEvaluatie(forms.TussentijdseEvaluatie):
    """An interim evaluation against the plan's subdoelen (003 Stap 6)."""

    subdoelen: list[forms.DoelResultaat] = Field(
        min_length=1, description="Voortgang per subdoel van het behandelplan."
    )


BEHANDELING_EXAMPLE: dict[str, Any] = {
    "tussentijdse_evaluaties": [
        forms.BEHANDELING_EXAMPLE["tussentijdse_evaluaties"][0]
        | {
            "subdoelen": [
                {"doel": "Rugsparend tillen vanaf de grond.", "mate_bereikt": "grotendeels"},
                {"doel": "Inzicht in belasting en belastbaarheid.", "mate_bereikt": "volledig"},
            ]
        }
    ]
}


class BehandelingForm(forms.BehandelingForm, MetMeldcode):
    model_config = form_config(BEHANDELING_EXAMPLE)

    tussentijdse_evaluaties: list[TussentijdseEvaluatie] = Field(  # type: ignore[assignment]
        default_factory=list, description="Tussentijdse evaluaties tegen de subdoelen."
    )


# --- step 7: evaluatie ------------------------------------------------------------------------


class EvaluatieForm(forms.EvaluatieForm, MetMeldcode):
    model_config = form_config(forms.EVALUATIE_EXAMPLE | {"bekkenklachten": "geen"})

    besproken_met_betrokkenen: bool | None = Field(
        default=None,
        description="Resultaten ook besproken met de ouders of vertegenwoordiger (003 §2.2); "
        "nodig bij kinderen onder 12 en wilsonbekwame cliënten.",
    )
    bekkenklachten: Bekkenklachten | None = Field(
        default=None,
        description="Bekkenklachten nu: complexer geworden, of niet verminderd "
        "(bekkenbodemfunctiestoornis)? Dan hoort de cliënt bij een bekkenoefentherapeut (000 "
        "hoofdstuk 1).",
    )


# --- step 8: afsluiting -----------------------------------------------------------------------

AFSLUITING_EXAMPLE: dict[str, Any] = forms.AFSLUITING_EXAMPLE | {"besproken_met_client": True}


class AfsluitingForm(forms.AfsluitingForm, MetMeldcode):
    model_config = form_config(AFSLUITING_EXAMPLE)

    besproken_met_client: bool | None = Field(
        default=None,
        description="Het afsluiten, recidivebeleid, nazorg en de verslaggeving zijn met de "
        "cliënt besproken (003 Stap 8).",
    )
    niet_besproken_reden: Text | None = text(
        "Waarom het afsluiten niet met de cliënt is besproken (bijv. cliënt kwam niet meer).",
        1000,
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


def profiel_voorbeeld(
    profiel: dict[str, Any], basis_v1: dict[str, Any], basis_v3: dict[str, Any]
) -> dict[str, Any]:
    """A profile form's example on the third edition: the profile's own fields (its first
    example minus the base's) on the base's third-edition example."""
    return basis_v3 | {k: v for k, v in profiel.items() if k not in basis_v1}


def profiel_config(
    profiel: dict[str, Any], basis_v1: dict[str, Any], basis_v3: dict[str, Any]
) -> ConfigDict:
    """A profile form's config on the third edition, with `profiel_voorbeeld` as its example."""
    return form_config(profiel_voorbeeld(profiel, basis_v1, basis_v3))
