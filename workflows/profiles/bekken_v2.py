"""bekken@2: the bekkenoefentherapeut's focus (000 ch.2, see `bekken.py`) on the third edition
of the general process (`basis_v3.py`).

New in this version besides the base's rules:
- the client's sex is known before the domain anamneses are finished, and a woman's
  gynaecologisch domain is explored or deliberately not discussed, never "n.v.t." (000 ch.2);
- inwendig onderzoek and inwendig behandelen are recorded with the informed consent of whoever
  agrees for this client (WGBO art. 7:450; engine policy, not a seed), and the intercollegiale
  hulpvraag with the consent to share, recorded the same way (000 competentie 3);
- terugvalpreventie is asked once: the base's recidivebeleid, now always, with nazorg.
"""

from typing import Any, Self

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from workflows import forms, gates, instemming, payloads, toestemming
from workflows import forms_v3 as v3
from workflows.definition import Trigger
from workflows.forms import form_config
from workflows.gates import Unmet
from workflows.instemming import Instemming
from workflows.profiles import bekken as v1
from workflows.profiles.basis_v3 import BASIS_V3
from workflows.snapshot import EpisodeSnapshot


class ScreeningForm(v3.ScreeningForm, v1.BekkenScreeningForm):
    model_config = v3.profiel_config(
        v1.BEKKEN_SCREENING_EXAMPLE, forms.SCREENING_EXAMPLE, forms.SCREENING_EXAMPLE
    )


class AnamneseForm(v3.AnamneseForm, v1.BekkenAnamneseForm):
    model_config = v3.profiel_config(
        v1.BEKKEN_ANAMNESE_EXAMPLE, forms.ANAMNESE_EXAMPLE, v3.ANAMNESE_EXAMPLE
    )


class InwendigOnderzoek(v1.InwendigOnderzoek):
    """Inwendig onderzoek, only with recorded informed consent (WGBO art. 7:450)."""

    toestemming: Instemming = Field(
        description="Geïnformeerde toestemming voor het inwendig onderzoek: wie, wanneer, hoe "
        "(WGBO art. 7:450)."
    )


class IntercollegialeHulpvraag(v1.IntercollegialeHulpvraag):
    """The question to a colleague; the consent to share for it is a record of the consent
    model (doel `intercollegiaal_overleg`), like every other consent (`toestemming.py`)."""

    toestemming_client: SkipJsonSchema[None] = v3.retired(
        "een toestemming met doel intercollegiaal_overleg (POST …/toestemmingen)"
    )


BEKKEN_ONDERZOEK_EXAMPLE: dict[str, Any] = v3.profiel_voorbeeld(
    v1.BEKKEN_ONDERZOEK_EXAMPLE, forms.ONDERZOEK_EXAMPLE, v3.ONDERZOEK_EXAMPLE
) | {
    "intercollegiale_hulpvraag": {
        k: v
        for k, v in v1.BEKKEN_ONDERZOEK_EXAMPLE["intercollegiale_hulpvraag"].items()
        if k != "toestemming_client"
    }
}


class OnderzoekForm(v3.OnderzoekForm, v1.BekkenOnderzoekForm):
    model_config = form_config(BEKKEN_ONDERZOEK_EXAMPLE)

    inwendig_onderzoek: InwendigOnderzoek | None = Field(
        default=None,
        description="Inwendig onderzoek; alleen door een daartoe opgeleide therapeut en met "
        "geïnformeerde toestemming.",
    )
    intercollegiale_hulpvraag: IntercollegialeHulpvraag | None = Field(
        default=None,
        description="Intercollegiale vraag over het objectiveren van de bekkenbodemfunctie; mag "
        "nog openstaan bij de diagnose.",
    )


class BehandelingForm(v3.BehandelingForm, v1.BekkenBehandelingForm):
    model_config = v3.profiel_config(
        v1.BEKKEN_BEHANDELING_EXAMPLE, forms.BEHANDELING_EXAMPLE, v3.BEHANDELING_EXAMPLE
    )

    inwendig_behandelen_toestemming: Instemming | None = Field(
        default=None,
        description="Geïnformeerde toestemming voor inwendig behandelen (WGBO art. 7:450); "
        "nodig als inwendig wordt behandeld.",
    )

    @model_validator(mode="after")
    def _toestemming_bij_inwendig(self) -> Self:
        # WGBO art. 7:450: no inwendig behandelen recorded without the consent recorded with it.
        if self.inwendig_behandelen and self.inwendig_behandelen_toestemming is None:
            raise ValueError(
                "inwendig_behandelen vraagt inwendig_behandelen_toestemming (WGBO art. 7:450)"
            )
        return self


# --- gates ------------------------------------------------------------------------------------


def _onderzoek(ep: EpisodeSnapshot) -> OnderzoekForm:
    return ep.form("onderzoek", OnderzoekForm) or OnderzoekForm()


# 000 ch.2 Diagnostische fase: the five domain anamneses, among them gynaecologisch with obstetric
# questions (000 ch.4 competentie 1); which domains apply depends on the client's body. Engine
# policy: the sex is known before the domains are finished, and for a woman the gynaecologisch
# domain is explored or deliberately not (yet) discussed with a reason, never marked n.v.t.
@gates.gate(
    "bekken.anamnese.geslacht",
    source="000 ch.2 Diagnostische fase; 000 ch.4 competentie 1; engine policy",
    description="Het geslacht van de cliënt is bekend; bij een vrouw is het gynaecologische "
    "domein niet 'nvt'.",
)
def anamnese_geslacht(ep: EpisodeSnapshot) -> list[Unmet]:
    if ep.client.geslacht is None:
        return [
            Unmet(
                "bekken.client.geslacht.missing",
                "Leg het geslacht van de cliënt vast (cliëntgegevens): de domeinanamneses "
                "hangen ervan af.",
                "client.geslacht",
            )
        ]
    domein = ep.form("anamnese", AnamneseForm) or AnamneseForm()
    gyn = domein.domeinen.gynaecologisch
    if (
        ep.client.geslacht == "vrouw"
        and isinstance(gyn, v1.NietUitgevraagd)
        and gyn.status == "nvt"
    ):
        return [
            Unmet(
                "bekken.anamnese.gynaecologisch.nvt_bij_vrouw",
                "Bij een vrouw is de gynaecologische anamnese van toepassing: vraag uit, of leg "
                "vast dat die (nog) niet is besproken en waarom.",
                "anamnese.domeinen.gynaecologisch",
            )
        ]
    return []


# 000 ch.2 and ch.4 competentie 1 (bekken.py, bekken_objectiveren): objectify the pelvic floor by
# inwendig onderzoek or an intercollegiale hulpvraag; 000 competentie 3: "vraagt toestemming aan
# cliënt voor het delen van informatie voor het overleg", and who consents for a child or a
# wilsonbekwame client: `instemming.py`. The consent for inwendig onderzoek likewise.
@gates.gate(
    "bekken.onderzoek.objectiveren_toestemming",
    source="000 ch.2 Diagnostische fase; 000 ch.4 competentie 1 en 3; WGBO art. 7:450, 7:457 "
    "en 7:465",
    description="Moet de bekkenbodemfunctie worden geobjectiveerd: inwendig onderzoek met "
    "geïnformeerde toestemming, of een intercollegiale hulpvraag met toestemming om te delen "
    "(doel intercollegiaal_overleg), elk van wie voor deze cliënt instemt.",
)
def objectiveren(ep: EpisodeSnapshot) -> list[Unmet]:
    o = _onderzoek(ep)
    if chosen := v1.objectiveren_gekozen(o):
        return chosen
    unmet = []
    if o.inwendig_onderzoek is not None:
        unmet += instemming.unmet(
            ep,
            o.inwendig_onderzoek.toestemming,
            code="bekken.onderzoek.inwendig_onderzoek.toestemming",
            field="onderzoek.inwendig_onderzoek.toestemming",
            wat="het inwendig onderzoek",
        )
    if o.intercollegiale_hulpvraag is not None:
        # 000 competentie 3: consent to share for the overleg, from the consent model.
        unmet += toestemming.delen_unmet(ep, "intercollegiaal_overleg")
    return unmet


@gates.gate(
    "bekken.behandeling.inwendig_toestemming",
    source="000 ch.2 Behandelfase; WGBO art. 7:450 en 7:465",
    description="Inwendig behandelen met toestemming van wie voor deze cliënt instemt.",
)
def inwendig_behandelen_toestemming(ep: EpisodeSnapshot) -> list[Unmet]:
    b = ep.form("behandeling", BehandelingForm) or BehandelingForm()
    if not b.inwendig_behandelen:
        return []
    return instemming.unmet(
        ep,
        b.inwendig_behandelen_toestemming,
        code="bekken.behandeling.inwendig_behandelen_toestemming",
        field="behandeling.inwendig_behandelen_toestemming",
        wat="het inwendig behandelen",
    )


# 000 ch.2, Behandelfase: "Bij het afronden van het zorgproces bespreekt de bekkenoefentherapeut
# terugvalpreventie en mogelijkheden voor nazorg." bekken@1 asked terugvalpreventie in a field of
# its own beside the base's "recidivebeleid en terugvalpreventie"; here the base field is asked,
# always (not only after sessions), with nazorg.
@gates.gate(
    "bekken.afsluiting.terugvalpreventie",
    source="000 ch.2 Behandelfase",
    description="Recidivebeleid en terugvalpreventie, en nazorg, zijn altijd besproken.",
)
def afsluiting(ep: EpisodeSnapshot) -> list[Unmet]:
    a = ep.form("afsluiting", v3.AfsluitingForm) or v3.AfsluitingForm()
    base = {u.code for u in gates.afsluiting_compleet(ep)}
    required = {
        "recidivebeleid": "Bespreek recidivebeleid en terugvalpreventie en leg die vast.",
        "nazorg": "Bespreek de mogelijkheden voor nazorg en leg die vast (ook als er geen is).",
    }
    return [u for u in gates._missing("afsluiting", a, required) if u.code not in base]


BEKKEN_V2 = BASIS_V3.extend(
    profile="bekken",
    version=2,
    registratie="bekkenoefentherapeut",
    description="Methodisch handelen van de bekkenoefentherapeut (000 hoofdstuk 2), op de derde "
    "editie van het algemene proces.",
    forms={
        "screening": ScreeningForm,
        "anamnese": AnamneseForm,
        "onderzoek": OnderzoekForm,
        "behandeling": BehandelingForm,
    },
    gates={
        "screening_afronden": (v1.bekken_screening,),
        "anamnese_afronden": (v1.bekken_anamnese, anamnese_geslacht),
        "onderzoek_afronden": (v1.bekken_observatie, objectiveren, v1.bekken_metingen),
        "behandeling_afronden": (inwendig_behandelen_toestemming,),
        "afsluiten": (afsluiting,),
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
