"""algemeen@3: the third edition of the general process (`basis_v3.py`) for the generalist.

On top of the base, what only the generalist does:
- the SOLK hand-over of algemeen@2 (004 §1.2), now towards psychosomatisch@2;
- pelvic work that needs a specialist goes to a bekkenoefentherapeut (000 ch.1);
- a baseline measurement, or the reason there is none (003 ch.2 Stappen 1 en 2), as the
  specialist profiles already ask.
"""

from dataclasses import replace

from workflows import gates, payloads
from workflows.definition import Handover, Trigger
from workflows.gates import Unmet
from workflows.profiles.algemeen import ALGEMEEN_V2, solk_overdracht
from workflows.profiles.basis_v3 import BASIS_V3
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import Status

# 000 ch.1: "Afgestudeerde oefentherapeuten kunnen cliënten met ongecompliceerde bekkenklachten
# behandelen. Zodra de klachten complexer worden, er symptomen zijn van een
# bekkenbodemfunctiestoornis of de klachten niet verminderen, is meer specialistische kennis en
# kunde nodig." Engine policy on that reading, like the SOLK rule: recorded in the anamnese or the
# evaluatie, the generalist does not go on, but refers out or hands over to a
# bekkenoefentherapeut of the practice.
BEKKEN_SPECIALISTISCH: frozenset[str] = frozenset({"complex", "bekkenbodemfunctiestoornis"})


def _bekken_signalen(ep: EpisodeSnapshot) -> list[str]:
    """Where a specialist's pelvic complaint is recorded (stored values, validated at save)."""
    return [
        step
        for step in ("anamnese", "evaluatie")
        if (ep.records.get(step) or {}).get("bekkenklachten") in BEKKEN_SPECIALISTISCH
    ]


@gates.gate(
    "algemeen.bekken_overdracht",
    source="000 hoofdstuk 1; engine policy",
    description="Complexe bekkenklachten of symptomen van een bekkenbodemfunctiestoornis: de "
    "generalist gaat niet verder, maar verwijst of draagt over aan een bekkenoefentherapeut.",
)
def bekken_overdracht(ep: EpisodeSnapshot) -> list[Unmet]:
    return [
        Unmet(
            f"algemeen.{step}.bekkenklachten.specialist_nodig",
            "Complexe bekkenklachten of een bekkenbodemfunctiestoornis vragen een "
            "bekkenoefentherapeut: verwijs door of draag over.",
            f"{step}.bekkenklachten",
        )
        for step in _bekken_signalen(ep)
    ]


@gates.gate(
    "algemeen.bekken_verwijzing",
    source="000 hoofdstuk 1",
    description="Verwijzen of overdragen aan een bekkenoefentherapeut vraagt vastgelegde "
    "complexe bekkenklachten of symptomen van een bekkenbodemfunctiestoornis.",
)
def bekken_verwijzing(ep: EpisodeSnapshot) -> list[Unmet]:
    if _bekken_signalen(ep):
        return []
    return [
        Unmet(
            "algemeen.bekkenklachten.niet_specialistisch",
            "Leg in de anamnese of de evaluatie vast dat de bekkenklachten complex zijn of op "
            "een bekkenbodemfunctiestoornis wijzen.",
            "anamnese.bekkenklachten",
        )
    ]


# 003 ch.2 Stappen 1 en 2: "Om de klachten te objectiveren wordt gebruik gemaakt van
# meetinstrumenten" (and Stap 7: measures again in the productevaluatie). The specialist profiles
# name their instruments; the generalist chooses, or records why none fits.
@gates.gate(
    "algemeen.beginmeting",
    source="003 ch.2 Stappen 1 en 2; 003 ch.2 Stappen 7 en 8",
    description="Een beginmeting met een meetinstrument, of de reden waarom er geen is.",
)
def beginmeting(ep: EpisodeSnapshot) -> list[Unmet]:
    if any("baseline" in moments for moments in ep.metingen.values()):
        return []
    if (ep.records.get("onderzoek") or {}).get("beginmeting_geen_reden"):
        return []
    return [
        Unmet(
            "algemeen.onderzoek.beginmeting.missing",
            "Neem een beginmeting af met een meetinstrument, of leg vast waarom er geen is.",
            "onderzoek.beginmeting_geen_reden",
        )
    ]


# The SOLK exit and hand-over are algemeen@2's (004 §1.2), the hand-over now to psychosomatisch@2.
_VERWIJZEN_PSYCHOSOMATISCH = next(
    t for t in ALGEMEEN_V2.triggers if t.name == "verwijzen_psychosomatisch"
)
_NAAR_PSYCHOSOMATISCH = ALGEMEEN_V2.handover("psychosomatisch")
_DOOR: tuple[Status, ...] = _VERWIJZEN_PSYCHOSOMATISCH.sources

ALGEMEEN_V3 = BASIS_V3.extend(
    profile="algemeen",
    version=3,
    registratie="oefentherapeut",
    description="Het algemene methodisch handelen van de oefentherapeut (003 hoofdstuk 2), "
    "derde editie: verwijzen naar een arts vanuit elke stap, de meldcode in elke stap, wie "
    "instemt namens de cliënt, tussentijdse evaluatie op de momenten van het plan, correcties "
    "met reden, en overdracht bij matig-ernstige SOLK (004 §1.2) of complexe bekkenklachten "
    "(000 hoofdstuk 1).",
    gates={
        "anamnese_afronden": (solk_overdracht, bekken_overdracht),
        "onderzoek_afronden": (beginmeting,),
        "diagnose_afronden": (solk_overdracht, bekken_overdracht),
        "behandelplan_vaststellen": (bekken_overdracht,),
        "behandeling_voortzetten": (bekken_overdracht,),
    },
    triggers=(
        _VERWIJZEN_PSYCHOSOMATISCH,
        Trigger(
            "verwijzen_bekken",
            _DOOR,
            "afsluiting",
            "uitstroom",
            "Complexe bekkenklachten of een bekkenbodemfunctiestoornis: verwijzen naar een "
            "bekkenoefentherapeut.",
            (bekken_verwijzing,),
            payloads.Advies,
        ),
    ),
    handovers=(
        replace(_NAAR_PSYCHOSOMATISCH, version=2),
        Handover(
            "bekken",
            "Overdragen aan een bekkenoefentherapeut in deze praktijk.",
            (bekken_verwijzing,),
            version=2,
        ),
    ),
)
