"""Gates of the third edition of the process (`profiles/basis_v3.py`).

Each is a rule of the seeds the first edition did not hold; its source is cited above it. The
first edition's gates that still hold are reused from `gates.py` as they are.
"""

from datetime import date

from workflows import forms, instemming, toestemming
from workflows import forms_v3 as v3
from workflows.gates import Unmet, _missing, _not_true, gate, subdoelen_unmet
from workflows.snapshot import EpisodeSnapshot


def _betrokkenen_nodig(ep: EpisodeSnapshot) -> bool:
    """003 §2.2 applies: a child under 12, or a wilsonbekwame client."""
    return ep.kind_onder_12 or not ep.client.wilsbekwaam


# --- onderzoek: other pathology, on both routes -----------------------------------------------


# 003 ch.2 Stap 3 asks whether "(andere) pathologie voldoende is uitgesloten"; 003 Bijlage 1
# art. 21a: with signs of a condition that needs an arts, the therapist refers; 004 ch.2: new or
# alarming symptoms first lead to specifiek onderzoek. A referred client had no DTO screening,
# so the red-flag check happens here; on DTO the screening did it, and the onderzoek records
# anything new.
@gate(
    "onderzoek.pathologie",
    source="003 ch.2 Stap 3; 003 Bijlage 1 art. 21a; 004 ch.2",
    description="Andere pathologie is voldoende uitgesloten; op verwijzing zijn de rode vlaggen "
    "nagegaan; bij rode vlaggen wordt verwezen naar een arts.",
)
def onderzoek_pathologie(ep: EpisodeSnapshot) -> list[Unmet]:
    o = ep.form("onderzoek", v3.OnderzoekForm) or v3.OnderzoekForm()
    unmet = []
    if o.andere_pathologie_uitgesloten is None:
        unmet.append(
            Unmet(
                "onderzoek.andere_pathologie_uitgesloten.missing",
                "Geef aan of andere pathologie voldoende is uitgesloten.",
                "onderzoek.andere_pathologie_uitgesloten",
            )
        )
    elif o.andere_pathologie_uitgesloten is False:
        unmet.append(
            Unmet(
                "onderzoek.andere_pathologie_uitgesloten.no",
                "Andere pathologie is niet uitgesloten: verwijs naar een arts in plaats van "
                "door te gaan.",
                "onderzoek.andere_pathologie_uitgesloten",
            )
        )
    if o.rode_vlaggen is None and ep.route == "verwijzing":
        unmet.append(
            Unmet(
                "onderzoek.rode_vlaggen.missing",
                "Ga na of er aanwijzingen zijn voor een (ernstige) specifieke aandoening; zijn "
                "er geen, leg dan vast dat er geen zijn.",
                "onderzoek.rode_vlaggen",
            )
        )
    if o.rode_vlaggen:
        unmet.append(
            Unmet(
                "onderzoek.rode_vlaggen.present",
                "Er zijn rode vlaggen: verwijs naar een arts.",
                "onderzoek.rode_vlaggen",
            )
        )
    return unmet


# --- behandelplan ------------------------------------------------------------------------------


def _plan(ep: EpisodeSnapshot) -> v3.BehandelplanForm:
    return ep.form("behandelplan", v3.BehandelplanForm) or v3.BehandelplanForm()


# 003 ch.2 Stap 5: a hoofddoel, and subdoelen "op het niveau van alle vier de ODIM bollen".
@gate(
    "behandelplan.doelen",
    source="003 ch.2 Stap 5",
    description="Een hoofddoel en subdoelen op alle vier de ODIM-domeinen.",
)
def behandelplan_doelen(ep: EpisodeSnapshot) -> list[Unmet]:
    plan = _plan(ep)
    unmet = _missing("behandelplan", plan, {"hoofddoel": "Formuleer het hoofddoel."})
    return unmet + subdoelen_unmet(plan)


# 003 ch.2 Stap 5: "Het hoofdbehandeldoel wordt geformuleerd op het niveau van activiteiten en
# participatie" and "heeft bij voorkeur betrekking op het oplossen van beperkingen in activiteiten
# en participatie". Bij voorkeur: a hoofddoel at function level is possible, with a reason.
@gate(
    "behandelplan.hoofddoel_niveau",
    source="003 ch.2 Stap 5",
    description="Het niveau van het hoofddoel is vastgelegd; op functieniveau met een reden.",
)
def hoofddoel_niveau(ep: EpisodeSnapshot) -> list[Unmet]:
    plan = _plan(ep)
    if plan.hoofddoel_niveau is None:
        return [
            Unmet(
                "behandelplan.hoofddoel_niveau.missing",
                "Leg vast op welk niveau het hoofddoel ligt (bij voorkeur activiteiten of "
                "participatie).",
                "behandelplan.hoofddoel_niveau",
            )
        ]
    if plan.hoofddoel_niveau == "functies" and plan.hoofddoel_niveau_reden is None:
        return [
            Unmet(
                "behandelplan.hoofddoel_niveau_reden.missing",
                "Een hoofddoel op functieniveau vraagt een reden: het hoofddoel ligt bij "
                "voorkeur op activiteiten- of participatieniveau.",
                "behandelplan.hoofddoel_niveau_reden",
            )
        ]
    return []


# 003 ch.2 Stap 5: the therapist "verifieert of de cliënt daarmee akkoord gaat"; who agrees for a
# child or a wilsonbekwame client: `instemming.py` (003 §2.2; WGBO art. 7:450, 7:465). After
# bijstellen the agreement lapses (the trigger's `vervalt`), so a revised plan is agreed anew.
@gate(
    "behandelplan.akkoord",
    source="003 ch.2 Stap 5; 003 §2.2; WGBO art. 7:450 en 7:465",
    description="Instemming met doelen en plan van wie voor deze cliënt instemt: de cliënt, "
    "de ouders (kind onder 12; bij 12-15 jaar beide), of de vertegenwoordiger "
    "(wilsonbekwaam). Na bijstellen opnieuw.",
)
def behandelplan_akkoord(ep: EpisodeSnapshot) -> list[Unmet]:
    return instemming.unmet(
        ep,
        _plan(ep).akkoord,
        code="behandelplan.akkoord",
        field="behandelplan.akkoord",
        wat="doelen en plan",
    )


# --- behandeling: interim evaluation on the plan's own moments --------------------------------


def evaluaties_verschuldigd(ep: EpisodeSnapshot, vandaag: date) -> int:
    """How many of the plan's interim evaluation moments have come."""
    return sum(
        1
        for m in _plan(ep).evaluatiemomenten
        if (m.na_sessies is not None and ep.sessie_count >= m.na_sessies)
        or (m.op_datum is not None and vandaag >= m.op_datum)
    )


# 003 ch.2 "Van analyse en definitie naar interventie": the plan is carried out, "tussentijds
# geëvalueerd en zo nodig bijgesteld (stap 6)"; Stap 5: the evaluatiesystematiek is agreed with
# the client. Engine policy: each moment of the plan that has come needs its interim evaluation
# against the subdoelen before the treatment is finished.
@gate(
    "behandeling.tussentijdse_evaluatie",
    source="003 ch.2 Van analyse en definitie naar interventie; 003 ch.2 Stap 5",
    description="Elk evaluatiemoment uit het behandelplan dat is aangebroken (na N sessies of "
    "op een datum) heeft een tussentijdse evaluatie tegen de subdoelen.",
)
def tussentijdse_evaluatie(ep: EpisodeSnapshot) -> list[Unmet]:
    verschuldigd = evaluaties_verschuldigd(ep, ep.vandaag)
    behandeling = ep.form("behandeling", v3.BehandelingForm) or v3.BehandelingForm()
    gedaan = len(behandeling.tussentijdse_evaluaties)
    if gedaan >= verschuldigd:
        return []
    return [
        Unmet(
            "behandeling.tussentijdse_evaluatie.due",
            f"Het behandelplan vraagt nu {verschuldigd} tussentijdse evaluatie(s); er "
            f"{'is' if gedaan == 1 else 'zijn'} {gedaan} vastgelegd. Evalueer tegen de "
            "subdoelen.",
            "behandeling.tussentijdse_evaluaties",
        )
    ]


# --- evaluatie and afsluiting: the people involved --------------------------------------------


# 003 §2.2: with a wilsonbekwame client the therapist involves naasten or representatives "bij het
# bepalen en bereiken van behandeldoelen", with a child under 12 "samenwerking met ouders" is
# required: whether the goals were reached is discussed with them too.
@gate(
    "evaluatie.betrokkenen",
    source="003 §2.2",
    description="Bij kinderen onder 12 en wilsonbekwamen zijn de resultaten ook met de ouders "
    "of vertegenwoordiger besproken.",
)
def evaluatie_betrokkenen(ep: EpisodeSnapshot) -> list[Unmet]:
    if not _betrokkenen_nodig(ep):
        return []
    e = ep.form("evaluatie", v3.EvaluatieForm) or v3.EvaluatieForm()
    return _not_true(
        "evaluatie",
        "besproken_met_betrokkenen",
        e.besproken_met_betrokkenen,
        "Bespreek de resultaten ook met de ouders of vertegenwoordiger (003 §2.2).",
    )


# 003 ch.2 Stappen 7 en 8: "De oefentherapeut sluit de behandelepisode samen met cliënt af (stap
# 8). Hierbij bespreekt de therapeut recidivebeleid, eventuele nazorg en de verslaggeving." When
# that conversation could not take place (the client stopped coming), the reason is recorded.
@gate(
    "afsluiting.besproken",
    source="003 ch.2 Stappen 7 en 8",
    description="Het afsluiten en de verslaggeving zijn met de cliënt besproken, of er staat "
    "waarom niet.",
)
def afsluiting_besproken(ep: EpisodeSnapshot) -> list[Unmet]:
    a = ep.form("afsluiting", v3.AfsluitingForm) or v3.AfsluitingForm()
    if a.besproken_met_client is None:
        return [
            Unmet(
                "afsluiting.besproken_met_client.missing",
                "Bespreek het afsluiten, de nazorg en de verslaggeving met de cliënt.",
                "afsluiting.besproken_met_client",
            )
        ]
    if a.besproken_met_client is False and a.niet_besproken_reden is None:
        return [
            Unmet(
                "afsluiting.niet_besproken_reden.missing",
                "Leg vast waarom het afsluiten niet met de cliënt is besproken.",
                "afsluiting.niet_besproken_reden",
            )
        ]
    return []


# --- continuing after evaluation --------------------------------------------------------------


# 000 ch.1: once complaints grow complex or do not decrease, more specialist knowledge is needed;
# the evaluatie records whether a referral is needed (gates.evaluatie_compleet). While it says
# so, the treatment does not simply go on.
@gate(
    "evaluatie.geen_doorverwijzing",
    source="000 hoofdstuk 1; 003 ch.2 Stappen 7 en 8",
    description="Voortzetten kan niet zolang de evaluatie zegt dat doorverwijzen nodig is.",
)
def geen_doorverwijzing(ep: EpisodeSnapshot) -> list[Unmet]:
    e = ep.form("evaluatie", forms.EvaluatieForm) or forms.EvaluatieForm()
    if e.doorverwijzing_nodig:
        return [
            Unmet(
                "evaluatie.doorverwijzing_nodig.yes",
                "De evaluatie zegt dat doorverwijzen nodig is: verwijs door in plaats van de "
                "behandeling voort te zetten.",
                "evaluatie.doorverwijzing_nodig",
            )
        ]
    return []


# --- sharing: the consent model ----------------------------------------------------------------


# 000 ch.2: the therapist "verwijst (tijdelijk) door"; referring shares the client's data with
# another professional, which needs the client's consent (003, 000, 004 competentie 3: "vraagt
# toestemming aan cliënt voor het delen van informatie"; WGBO art. 7:457), recorded in the
# consent model (`toestemming.py`).
@gate(
    "delen.tijdelijke_verwijzing",
    source="000 ch.2; 003 competentie 3; WGBO art. 7:457",
    description="Tijdelijk doorverwijzen deelt gegevens: met toestemming (doel "
    "tijdelijke_verwijzing) van wie voor deze cliënt instemt.",
)
def delen_tijdelijke_verwijzing(ep: EpisodeSnapshot) -> list[Unmet]:
    return toestemming.delen_unmet(ep, "tijdelijke_verwijzing")


# 003 competentie 2.3: the therapist "maakt een eindrapportage voor de verwijzer/de huisarts";
# Stap 8: the verslaggeving is part of closing. With the berichten the engine makes that report
# itself: an eindrapportage said to be sent is an eindverslag bericht marked sent (which needed
# the client's consent); otherwise the afsluiting records why there is none.
@gate(
    "afsluiting.eindverslag",
    source="003 competentie 2.3; 003 ch.2 Stappen 7 en 8",
    description="Is de eindrapportage aan de verwijzer of huisarts gestuurd, dan is het "
    "eindverslag gemaakt en als verzonden gemarkeerd (met toestemming); anders staat waarom er "
    "geen is.",
)
def afsluiting_eindverslag(ep: EpisodeSnapshot) -> list[Unmet]:
    a = ep.form("afsluiting", v3.AfsluitingForm) or v3.AfsluitingForm()
    if a.eindrapportage_verzonden_aan not in ("verwijzer", "huisarts"):
        return []
    if "eindverslag" in ep.berichten_verzonden:
        return []
    return [
        Unmet(
            "afsluiting.eindverslag.niet_verzonden",
            "Maak het eindverslag (berichten) en markeer het als verzonden, of leg vast "
            "waarom er geen eindrapportage is.",
            "berichten",
        )
    ]
