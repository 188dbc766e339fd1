"""Gates: pure functions of an episode snapshot that list what is still missing.

A gate never decides silently: it returns each unmet requirement with a stable code
(`<step>.<field>.<problem>`), a Dutch message for the therapist and the form field it points at.
The same lists guard the state machine and explain a blocked transition (HTTP 409). A shipped
code never changes meaning; changing a gate means a new definition version.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from workflows import forms, titels
from workflows.snapshot import EpisodeSnapshot


@dataclass(frozen=True)
class Unmet:
    code: str
    message: str
    field: str | None = None


GateCheck = Callable[[EpisodeSnapshot], list[Unmet]]


@dataclass(frozen=True)
class Gate:
    """A named rule with its source in the seeds; calling it returns the unmet requirements."""

    name: str
    source: str
    description: str
    check: GateCheck

    def __call__(self, ep: EpisodeSnapshot) -> list[Unmet]:
        return self.check(ep)


def gate(name: str, *, source: str, description: str) -> Callable[[GateCheck], Gate]:
    def wrap(check: GateCheck) -> Gate:
        return Gate(name=name, source=source, description=description, check=check)

    return wrap


def _missing(step: str, form: BaseModel, required: dict[str, str]) -> list[Unmet]:
    """One `<step>.<field>.missing` per required field left unanswered (None).

    An empty list is an answer: `rode_vlaggen: []` records that none were found."""
    return [
        Unmet(f"{step}.{name}.missing", message, f"{step}.{name}")
        for name, message in required.items()
        if getattr(form, name) is None
    ]


def _not_true(step: str, name: str, value: bool | None, message: str) -> list[Unmet]:
    return [] if value is True else [Unmet(f"{step}.{name}.missing", message, f"{step}.{name}")]


# --- screening -------------------------------------------------------------------------------


def _screening(ep: EpisodeSnapshot) -> forms.ScreeningForm:
    return ep.form("screening", forms.ScreeningForm) or forms.ScreeningForm()


# 003 ch.2 "Stappen 1 en 2" and DOMAIN.md step 1: every outcome of the screening, whether it
# continues or ends the episode, is laid down in a screeningsrapportage with a conclusion.
@gate(
    "screening.rapportage",
    source="003 ch.2 Stappen 1 en 2",
    description="Elke uitkomst van de screening heeft een screeningsrapportage met conclusie.",
)
def screening_rapportage(ep: EpisodeSnapshot) -> list[Unmet]:
    return _missing(
        "screening",
        _screening(ep),
        {"conclusie": "Leg de conclusie van de screening vast (screeningsrapportage)."},
    )


# 003 ch.2 "Stappen 1 en 2": the screening determines whether treatment may be indicated,
# whether more medical information is wanted, and whether there are signs of a (serious)
# specific condition. Only with all three answered in favour does the anamnese start; while
# medical information is awaited the episode waits in screening (on hold).
@gate(
    "screening.geindiceerd",
    source="003 ch.2 Stappen 1 en 2; Bijlage 1 art. 21a",
    description="Geen rode vlaggen, binnen het domein, en eventuele medische informatie binnen.",
)
def screening_geindiceerd(ep: EpisodeSnapshot) -> list[Unmet]:
    s = _screening(ep)
    unmet = _missing(
        "screening",
        s,
        {
            "klachten": "Leg de klachten bij aanmelding vast.",
            "rode_vlaggen": "Screen op rode vlaggen; zijn er geen, leg dan vast dat er geen zijn.",
            "aanvullende_medische_info_nodig": "Geef aan of nadere medische informatie nodig is.",
            "binnen_domein": "Ligt het probleem binnen het domein van de oefentherapie?",
        },
    )
    if s.rode_vlaggen:
        unmet.append(
            Unmet(
                "screening.rode_vlaggen.present",
                "Er zijn rode vlaggen: verwijs naar een arts in plaats van door te gaan.",
                "screening.rode_vlaggen",
            )
        )
    if s.binnen_domein is False:
        unmet.append(
            Unmet(
                "screening.binnen_domein.no",
                "Het probleem ligt buiten het domein: adviseer de cliënt in plaats van door "
                "te gaan.",
                "screening.binnen_domein",
            )
        )
    if s.aanvullende_medische_info_nodig and s.aanvullende_medische_info_ontvangen is None:
        unmet.append(
            Unmet(
                "screening.aanvullende_medische_info.pending",
                "Wacht op de nadere medische informatie en leg die vast.",
                "screening.aanvullende_medische_info_ontvangen",
            )
        )
    return unmet


# 003 Bijlage 1 art. 21a and DOMAIN.md step 1: signs of a condition that needs a physician lead
# to a referral to an arts; the referral names the signs found.
@gate(
    "screening.rode_vlag",
    source="003 ch.2 Stappen 1 en 2; Bijlage 1 art. 21a",
    description="Verwijzen naar een arts vraagt om de gevonden rode vlaggen.",
)
def screening_rode_vlag(ep: EpisodeSnapshot) -> list[Unmet]:
    if _screening(ep).rode_vlaggen:
        return []
    return [
        Unmet(
            "screening.rode_vlaggen.none",
            "Leg de rode vlaggen vast die tot verwijzing naar een arts leiden.",
            "screening.rode_vlaggen",
        )
    ]


# 003 ch.2 "Stappen 1 en 2" and DOMAIN.md step 1: a problem outside the profession's domain
# ends the episode with advice.
@gate(
    "screening.buiten_domein",
    source="003 ch.2 Stappen 1 en 2",
    description="Afsluiten met advies vraagt de vastlegging dat het probleem buiten het domein "
    "ligt.",
)
def screening_buiten_domein(ep: EpisodeSnapshot) -> list[Unmet]:
    if _screening(ep).binnen_domein is False:
        return []
    return [
        Unmet(
            "screening.binnen_domein.not_no",
            "Leg vast dat het probleem buiten het domein van de oefentherapie ligt.",
            "screening.binnen_domein",
        )
    ]


# --- anamnese --------------------------------------------------------------------------------


def _anamnese(ep: EpisodeSnapshot) -> forms.AnamneseForm:
    return ep.form("anamnese", forms.AnamneseForm) or forms.AnamneseForm()


# 003 ch.2 "Stappen 1 en 2" and §1.3: the hulpvraag, complaints and course, functioning on all
# ICF domains, what the client already tried and an impression of health literacy.
@gate(
    "anamnese.compleet",
    source="003 ch.2 Stappen 1 en 2; 003 §1.3",
    description="Hulpvraag, klachten en beloop, alle ICF-domeinen, eerdere stappen, "
    "gezondheidsvaardigheden.",
)
def anamnese_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    return _missing(
        "anamnese",
        _anamnese(ep),
        {
            "hulpvraag": "Leg de hulpvraag van de cliënt vast.",
            "klachten_beloop": "Leg de klachten en hun beloop vast.",
            "icf_functies": "Breng de functies in kaart (ICF).",
            "icf_activiteiten": "Breng de activiteiten in kaart (ICF).",
            "icf_participatie": "Breng de participatie in kaart (ICF).",
            "eerder_ondernomen": "Ga na wat de cliënt al heeft ondernomen tegen de klacht.",
            "gezondheidsvaardigheden": "Leg een indruk van de gezondheidsvaardigheden vast.",
        },
    )


_VERTEGENWOORDIGERS = {
    "naaste",
    "mantelzorger",
    "begeleider",
    "verzorger",
    "wettelijk_vertegenwoordiger",
}


# 003 §2.2: "Bij kinderen (onder de 12 jaar) is samenwerking met ouders vereist." and with
# wilsonbekwamen the therapist works with naasten, mantelzorgers, begeleiders, verzorgers.
@gate(
    "anamnese.betrokkenen",
    source="003 §2.2",
    description="Kind onder 12: een ouder werkt mee. Wilsonbekwaam: een naaste of "
    "vertegenwoordiger werkt mee.",
)
def anamnese_betrokkenen(ep: EpisodeSnapshot) -> list[Unmet]:
    rollen = {b.rol for b in _anamnese(ep).betrokkenen}
    unmet = []
    if ep.kind_onder_12 and "ouder" not in rollen:
        unmet.append(
            Unmet(
                "anamnese.betrokkenen.ouder.missing",
                "Kind onder de 12 jaar: leg vast welke ouder meewerkt (003 §2.2).",
                "anamnese.betrokkenen",
            )
        )
    if not ep.client.wilsbekwaam and not rollen & _VERTEGENWOORDIGERS:
        unmet.append(
            Unmet(
                "anamnese.betrokkenen.vertegenwoordiger.missing",
                "Wilsonbekwame cliënt: leg vast welke naaste, mantelzorger, begeleider of "
                "verzorger meewerkt (003 §2.2).",
                "anamnese.betrokkenen",
            )
        )
    return unmet


# 003 competentie 5: the therapist "is alert op en herkent aanwijzingen voor mishandeling en
# handelt volgens de bijbehorende richtlijn" (the meldcode). Signs recorded without the steps
# taken would leave the record silent on what was done.
@gate(
    "anamnese.meldcode",
    source="003 competentie 5",
    description="Bij aanwijzingen voor mishandeling: de stappen van de meldcode vastgelegd.",
)
def anamnese_meldcode(ep: EpisodeSnapshot) -> list[Unmet]:
    a = _anamnese(ep)
    if a.signalen_mishandeling and a.meldcode_stappen is None:
        return [
            Unmet(
                "anamnese.meldcode_stappen.missing",
                "Er zijn aanwijzingen voor mishandeling: leg vast welke stappen van de meldcode "
                "je hebt gezet.",
                "anamnese.meldcode_stappen",
            )
        ]
    return []


# --- onderzoek -------------------------------------------------------------------------------


# 003 ch.2 "Stap 3": activiteitenonderzoek (task and environment analysis) and specifiek onderzoek.
@gate(
    "onderzoek.compleet",
    source="003 ch.2 Stap 3",
    description="Activiteitenonderzoek en specifiek onderzoek zijn vastgelegd.",
)
def onderzoek_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    return _missing(
        "onderzoek",
        ep.form("onderzoek", forms.OnderzoekForm) or forms.OnderzoekForm(),
        {
            "activiteitenonderzoek": "Leg het activiteitenonderzoek vast (taak- en "
            "omgevingsanalyse).",
            "specifiek_onderzoek": "Leg het specifiek onderzoek vast.",
        },
    )


# --- diagnose --------------------------------------------------------------------------------


def _diagnose(ep: EpisodeSnapshot) -> forms.DiagnoseForm:
    return ep.form("diagnose", forms.DiagnoseForm) or forms.DiagnoseForm()


# 003 ch.2 "Stap 4": the diagnosis, indication yes/no, within own expertise yes/no, and the
# client informed about possibilities and prognosis.
@gate(
    "diagnose.compleet",
    source="003 ch.2 Stap 4",
    description="Diagnose, indicatie, eigen deskundigheid, en besproken met de cliënt.",
)
def diagnose_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    d = _diagnose(ep)
    unmet = _missing(
        "diagnose",
        d,
        {
            "oefentherapeutische_diagnose": "Formuleer de oefentherapeutische diagnose.",
            "indicatie": "Geef aan of er een indicatie is voor oefentherapie.",
            "binnen_deskundigheid": "Geef aan of het probleem binnen je deskundigheid valt.",
        },
    )
    return unmet + _not_true(
        "diagnose",
        "besproken_met_client",
        d.besproken_met_client,
        "Bespreek de diagnose, mogelijkheden en prognose met de cliënt.",
    )


# 003 ch.2 "Stap 4" / "Van analyse en definitie naar interventie": only with an indication, within
# the therapist's own expertise, does the behandelplan follow.
@gate(
    "diagnose.geindiceerd",
    source="003 ch.2 Stap 4",
    description="Er is een indicatie en het valt binnen de eigen deskundigheid.",
)
def diagnose_geindiceerd(ep: EpisodeSnapshot) -> list[Unmet]:
    d = _diagnose(ep)
    unmet = []
    if d.indicatie is False:
        unmet.append(
            Unmet(
                "diagnose.indicatie.no",
                "Er is geen indicatie: sluit af met advies of verwijzing.",
                "diagnose.indicatie",
            )
        )
    if d.binnen_deskundigheid is False:
        unmet.append(
            Unmet(
                "diagnose.binnen_deskundigheid.no",
                "Buiten de eigen deskundigheid: verwijs door.",
                "diagnose.binnen_deskundigheid",
            )
        )
    return unmet


# 003 ch.2 "Stap 4": without an indication the therapist advises the client to turn to the
# huisarts or another professional.
@gate(
    "diagnose.niet_geindiceerd",
    source="003 ch.2 Stap 4",
    description="Afsluiten zonder behandeling vraagt een negatieve indicatie of deskundigheid.",
)
def diagnose_niet_geindiceerd(ep: EpisodeSnapshot) -> list[Unmet]:
    d = _diagnose(ep)
    if d.indicatie is False or d.binnen_deskundigheid is False:
        return []
    return [
        Unmet(
            "diagnose.indicatie.not_no",
            "Leg vast dat er geen indicatie is of dat het buiten je deskundigheid valt.",
            "diagnose.indicatie",
        )
    ]


# --- behandelplan ----------------------------------------------------------------------------


def subdoelen_unmet(plan: forms.BehandelplanForm) -> list[Unmet]:
    """003 ch.2 Stap 5: subdoelen "op het niveau van alle vier de ODIM bollen"."""
    covered = {s.odim_domein for s in plan.subdoelen}
    return [
        Unmet(
            f"behandelplan.subdoelen.{domein}.missing",
            f"Formuleer een subdoel op het ODIM-domein {domein}.",
            "behandelplan.subdoelen",
        )
        for domein in forms.ODIM_DOMEINEN
        if domein not in covered
    ]


# 003 ch.2 "Stap 5": hoofddoel on activity/participation level, subdoelen "op het niveau van alle
# vier de ODIM bollen", and the therapist "verifieert of de cliënt daarmee akkoord gaat".
@gate(
    "behandelplan.compleet",
    source="003 ch.2 Stap 5",
    description="Hoofddoel, subdoelen op alle vier de ODIM-domeinen, akkoord van de cliënt.",
)
def behandelplan_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    plan = ep.form("behandelplan", forms.BehandelplanForm) or forms.BehandelplanForm()
    unmet = _missing(
        "behandelplan",
        plan,
        {"hoofddoel": "Formuleer het hoofddoel op activiteiten- of participatieniveau."},
    )
    unmet += subdoelen_unmet(plan)
    return unmet + _not_true(
        "behandelplan",
        "akkoord_client",
        plan.akkoord_client,
        "Ga na of de cliënt akkoord gaat met doelen en plan.",
    )


# 003 §2.2: parents (children under 12) and naasten of wilsonbekwamen take part "bij het bepalen
# en bereiken van behandeldoelen".
@gate(
    "behandelplan.betrokkenen",
    source="003 §2.2",
    description="Bij kinderen onder 12 en wilsonbekwamen stemmen de betrokkenen in met de doelen.",
)
def behandelplan_betrokkenen(ep: EpisodeSnapshot) -> list[Unmet]:
    if not (ep.kind_onder_12 or not ep.client.wilsbekwaam):
        return []
    plan = ep.form("behandelplan", forms.BehandelplanForm) or forms.BehandelplanForm()
    return _not_true(
        "behandelplan",
        "akkoord_betrokkenen",
        plan.akkoord_betrokkenen,
        "Betrek de ouders of vertegenwoordigers bij de behandeldoelen (003 §2.2).",
    )


# --- behandeling -----------------------------------------------------------------------------


# 003 ch.2 "Stap 6": the plan is carried out; a treatment without a single recorded session
# cannot be evaluated.
@gate(
    "behandeling.sessies",
    source="003 ch.2 Stap 6",
    description="Ten minste één behandelsessie is vastgelegd.",
)
def behandeling_sessies(ep: EpisodeSnapshot) -> list[Unmet]:
    if ep.sessie_count > 0:
        return []
    return [
        Unmet(
            "behandeling.sessies.missing",
            "Leg ten minste één behandelsessie vast.",
            "behandeling.sessies",
        )
    ]


# 000 ch.2 ("verwijst (tijdelijk) door naar een andere beroepsbeoefenaar") and DOMAIN.md step 6:
# while the client is temporarily referred out, the treatment waits; it neither finishes nor
# changes course until it is resumed.
@gate(
    "behandeling.niet_aangehouden",
    source="000 ch.2 Diagnostische fase; DOMAIN.md stap 6",
    description="De behandeling is niet aangehouden (tijdelijk doorverwezen).",
)
def niet_aangehouden(ep: EpisodeSnapshot) -> list[Unmet]:
    if not ep.aangehouden:
        return []
    return [
        Unmet(
            "behandeling.aangehouden.active",
            "De cliënt is tijdelijk doorverwezen: hervat eerst de behandeling.",
            "behandeling",
        )
    ]


@gate(
    "behandeling.aangehouden",
    source="000 ch.2 Diagnostische fase; DOMAIN.md stap 6",
    description="Hervatten kan alleen als de behandeling is aangehouden.",
)
def aangehouden(ep: EpisodeSnapshot) -> list[Unmet]:
    if ep.aangehouden:
        return []
    return [
        Unmet(
            "behandeling.aangehouden.not_active",
            "De behandeling is niet aangehouden; er is niets te hervatten.",
            "behandeling",
        )
    ]


# --- evaluatie -------------------------------------------------------------------------------


# 003 ch.2 "Stappen 7 en 8": productevaluatie (goals, client's judgement, therapist's judgement of
# behaviour change) and procesevaluatie (content, organisation, bejegening); 004 ch.2: results
# discussed with the client; 000 ch.1: the hand-off check is answered explicitly.
@gate(
    "evaluatie.compleet",
    source="003 ch.2 Stappen 7 en 8; 004 ch.2; 000 ch.1",
    description="Product- en procesevaluatie, besproken met de cliënt, doorverwijzing overwogen.",
)
def evaluatie_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    e = ep.form("evaluatie", forms.EvaluatieForm) or forms.EvaluatieForm()
    product = _missing(
        "evaluatie.productevaluatie",
        e.productevaluatie,
        {
            "hoofddoel_bereikt": "Geef aan in welke mate het hoofddoel is bereikt.",
            "oordeel_client": "Leg het oordeel van de cliënt over de verandering vast.",
            "oordeel_therapeut": "Leg je oordeel over de gedragsverandering vast.",
        },
    )
    proces = _missing(
        "evaluatie.procesevaluatie",
        e.procesevaluatie,
        {
            "inhoudelijk": "Evalueer het proces inhoudelijk.",
            "organisatorisch": "Evalueer het proces organisatorisch.",
            "bejegening": "Evalueer de bejegening.",
        },
    )
    rest = _missing(
        "evaluatie",
        e,
        {
            "doorverwijzing_nodig": "Geef aan of doorverwijzen nodig is (klachten complexer of "
            "niet afgenomen)."
        },
    )
    if e.doorverwijzing_nodig and e.doorverwijzing_naar is None:
        rest.append(
            Unmet(
                "evaluatie.doorverwijzing_naar.missing",
                "Leg vast naar wie je doorverwijst.",
                "evaluatie.doorverwijzing_naar",
            )
        )
    discussed = _not_true(
        "evaluatie",
        "besproken_met_client",
        e.besproken_met_client,
        "Bespreek de resultaten met de cliënt.",
    )
    return product + proces + rest + discussed


# 003 ch.2 "Stappen 1 en 2" and "Stappen 7 en 8": measures are used at intake and again in the
# productevaluatie. Engine policy (DOMAIN.md): evaluation repeats every instrument used at
# baseline, or records why not, so that change can be shown and pooled (001).
@gate(
    "evaluatie.metingen",
    source="003 ch.2 Stappen 1 en 2, Stappen 7 en 8; 001",
    description="Elk instrument van de beginmeting is herhaald, of er staat waarom niet.",
)
def evaluatie_metingen(ep: EpisodeSnapshot) -> list[Unmet]:
    e = ep.form("evaluatie", forms.EvaluatieForm) or forms.EvaluatieForm()
    waived = {n.instrument for n in e.metingen_niet_herhaald}
    return [
        Unmet(
            f"evaluatie.metingen.{code}.missing",
            f"Herhaal de meting met {titels.instrument(code)} of leg vast waarom niet.",
            "evaluatie.metingen_niet_herhaald",
        )
        for code, moments in sorted(ep.metingen.items())
        if "baseline" in moments and not moments - {"baseline"} and code not in waived
    ]


def baseline_gemeten(*codes: str, source: str) -> Gate:
    """A profile's required baseline instruments (003 ch.2 "Stappen 1 en 2": measures at intake;
    001: uniform instruments so outcomes can be pooled). `source` names the profile's own seed."""

    def check(ep: EpisodeSnapshot) -> list[Unmet]:
        return [
            Unmet(
                f"metingen.{code}.baseline_missing",
                f"Neem de beginmeting met {titels.instrument(code)} af.",
                "metingen",
            )
            for code in codes
            if "baseline" not in ep.metingen.get(code, frozenset())
        ]

    return Gate(
        name=f"metingen.baseline.{'_'.join(codes)}",
        source=f"003 ch.2 Stappen 1 en 2; {source}",
        description=f"Beginmeting met {', '.join(codes)}.",
        check=check,
    )


# --- afsluiting ------------------------------------------------------------------------------


# 003 ch.2 "Stappen 7 en 8": closing with the client discusses recidivebeleid, nazorg and the
# verslaggeving; competentie 2.3: reporting to the verwijzer/huisarts. Relapse policy and
# aftercare only apply once treatment took place.
@gate(
    "afsluiting.compleet",
    source="003 ch.2 Stappen 7 en 8; 003 competentie 2.3",
    description="Reden, eindrapportage, en na behandeling recidivebeleid en nazorg.",
)
def afsluiting_compleet(ep: EpisodeSnapshot) -> list[Unmet]:
    a = ep.form("afsluiting", forms.AfsluitingForm) or forms.AfsluitingForm()
    required = {
        "reden_afsluiting": "Leg de reden van afsluiten vast.",
        "eindrapportage_verzonden_aan": "Leg vast aan wie de eindrapportage is verzonden.",
    }
    if ep.sessie_count > 0:
        required["recidivebeleid"] = "Bespreek recidivebeleid en terugvalpreventie."
        required["nazorg"] = "Leg de afspraken over nazorg vast (ook als er geen is)."
    if a.eindrapportage_verzonden_aan == "geen":
        required["eindrapportage_geen_reden"] = "Leg vast waarom er geen eindrapportage is."
    elif a.eindrapportage_verzonden_aan is not None:
        required["eindrapportage_datum"] = "Leg de datum van de eindrapportage vast."
    return _missing("afsluiting", a, required)


def all_unmet(gates: Iterable[Gate], ep: EpisodeSnapshot) -> list[Unmet]:
    return [u for g in gates for u in g(ep)]
