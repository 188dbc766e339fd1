"""Write rules: what may be written to an episode, and when.

Gates say when a trigger may move the episode; write rules say when a step record, a session,
a measurement, the client facts or a hand-over may be written at all. They are the same kind of
thing: pure functions of the snapshot that return coded, Dutch unmet requirements, served in
the workflow definition beside the gates, so an EPD can read every rule the engine enforces from
one document. A refused write is HTTP 409 with these items in `unmet`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from workflows import titels
from workflows.gates import Unmet, all_unmet
from workflows.metingen import ALLOWED_IN, TITELS, Moment
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import AFGESLOTEN, Route, Status

if TYPE_CHECKING:  # workflows.definition imports this module
    from workflows.definition import Definition

Write = Literal[
    "episode",
    "record",
    "sessie",
    "measurement",
    "client",
    "handover",
    "contact",
    "toestemming",
    "bericht",
]
"""What is written, named as the API names it: the episode at its aanmelding, a step record, an
appendix row such as a sessie, a measurement, the client facts, a hand-over."""


@dataclass(frozen=True)
class WriteRule:
    """A served rule on writes; `check` takes the snapshot and what is written."""

    name: str
    applies_to: tuple[Write, ...]
    source: str
    description: str


class WriteRefused(Exception):
    """A write the rules do not allow now; `unmet` says why."""

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__("; ".join(u.code for u in unmet))
        self.unmet = unmet

    @property
    def closed(self) -> bool:
        return any(u.code == EPISODE_AFGESLOTEN for u in self.unmet)


def require(unmet: list[Unmet]) -> None:
    """Raise WriteRefused when anything is unmet."""
    if unmet:
        raise WriteRefused(unmet)


EPISODE_AFGESLOTEN: Final = "episode.afgesloten"

EPISODE_OPEN = WriteRule(
    "episode.open",
    applies_to=("record", "sessie", "measurement", "client", "handover", "contact"),
    # 003 ch.2 Stap 8: afsluiten ends the episode; its verslaglegging is then final.
    source="003 ch.2 Stap 8; engine policy",
    description="Een afgesloten episode staat vast: er wordt niets meer vastgelegd of gewijzigd.",
)
RECORD_STEP = WriteRule(
    "record.huidige_stap",
    applies_to=("record",),
    # 003 ch.2: the steps are taken in order; an earlier step's record may be completed later.
    source="003 ch.2 §2.1; engine policy",
    description=(
        "Een stap wordt voor het eerst vastgelegd als de episode in die stap is; een eerdere "
        "stap mag daarna worden aangevuld."
    ),
)
APPENDIX_STEP = WriteRule(
    "appendix.in_stap",
    applies_to=("sessie",),
    # 003 ch.2 Stap 6: sessions are the behandeling itself.
    source="003 ch.2 Stap 6",
    description="Behandelsessies worden vastgelegd tijdens de behandeling.",
)
APPENDIX_NOT_ON_HOLD = WriteRule(
    "appendix.niet_aangehouden",
    applies_to=("sessie",),
    # 000 ch.2: "verwijst (tijdelijk) door"; the treatment waits until it is resumed.
    source="000 ch.2 (tijdelijke verwijzing)",
    description="Tijdens een tijdelijke verwijzing wordt niet behandeld; hervat eerst.",
)
MEASUREMENT_MOMENT = WriteRule(
    "measurement.moment_in_stap",
    applies_to=("measurement",),
    source="003 ch.2 Stappen 1 en 2 en Stap 7; engine policy (workflows/metingen.py)",
    description=(
        "Een baseline hoort bij de diagnostische fase (screening t/m behandelplan), een "
        "tussentijdse meting bij behandeling of evaluatie, een eindmeting bij evaluatie of "
        "afsluiting."
    ),
)
HANDOVER_BEFORE_AFSLUITING = WriteRule(
    "handover.voor_afsluiting",
    applies_to=("handover",),
    source="engine policy",
    description=(
        "Overdragen aan een andere oefentherapeut kan tot de afsluiting; een episode in "
        "afsluiting rondt de huidige oefentherapeut af."
    ),
)
VERWIJZING_PRESENT = WriteRule(
    "aanmelding.verwijzing",
    applies_to=("episode",),
    # 003 ch.2 Stappen 1 en 2: on referral the therapist starts from the verwijzing
    # (documentenanalyse): verwijzer, date and diagnosis or question.
    source="003 ch.2 Stappen 1 en 2",
    description="Een aanmelding op verwijzing noemt de verwijzing (verwijzer, datum, diagnose).",
)

REGISTRATIE_GELDIG: Final = WriteRule(
    "behandelaar.registratie_geldig",
    applies_to=("episode", "handover"),
    # 003 §3.3: "registratie is continu, met een vijfjaarlijkse herregistratie"; the base title
    # is protected by the Wet BIG (art. 34) and does not lapse with the register.
    source="003 §3.3; engine policy",
    description=(
        "Een specialistische registratie in het Kwaliteitsregister Paramedici telt alleen zolang "
        "zij geldig is (geldig_tot is vandaag of later, Nederlandse tijd); een verlopen "
        "registratie telt als ontbrekend, tot de herregistratie een nieuwe einddatum geeft. Wie "
        "verantwoordelijk wordt voor een episode of een overdracht ontvangt, heeft de registratie "
        "van het profiel geldig. De basistitel oefentherapeut (Wet BIG art. 34) vervalt niet met "
        "het register."
    ),
)

BERICHT_IN_STAP: Final = WriteRule(
    "bericht.soort_in_stap",
    applies_to=("bericht",),
    # 003 competentie 2.3 and ch.2 Stap 8 (eindrapportage); the moments of NHG
    # HASP-paramedicus (2020) and the KNGF/VvOCM guidelines that apply it.
    source="003 competentie 2.3, ch.2 Stap 8; NHG-richtlijn HASP-paramedicus (2020)",
    description=(
        "Een eerste bericht aan de verwijzer of huisarts wordt gemaakt als het behandelplan is "
        "vastgesteld (vanaf de behandeling), of na een afsluiting zonder behandeling met het "
        "gegeven advies; een tussenbericht tijdens de behandeling of de evaluatie, bijvoorbeeld "
        "als het plan is bijgesteld of de klacht anders verloopt; het eindverslag bij de "
        "afsluiting. Een bericht verandert het dossier niet en kan dus ook na het afsluiten "
        "nog worden gemaakt. Verzenden vraagt toestemming (toestemming.delen)."
    ),
)
"""The served rule: which soort of bericht may be made in which status."""

BERICHT_MET_TOESTEMMING: Final = WriteRule(
    "bericht.verzenden_met_toestemming",
    applies_to=("bericht",),
    # 003, 000, 004 competentie 3: "vraagt toestemming aan cliënt voor het delen van
    # informatie"; WGBO art. 7:457. The rule itself: workflows/toestemming.py (delen_unmet).
    source="003, 000 en 004 competentie 3; WGBO art. 7:457",
    description=(
        "Een bericht wordt alleen als verzonden gemarkeerd met de toestemming die geldt voor "
        "dat doel (de soort bericht) en die ontvanger: gegeven, niet ingetrokken, door wie voor "
        "deze cliënt instemt. Een verzonden bericht verandert niet meer."
    ),
)
TOESTEMMING_DOOR: Final = WriteRule(
    "toestemming.door",
    applies_to=("toestemming",),
    # WGBO art. 7:450, 7:465; 003 §2.2 (workflows/instemming.py).
    source="WGBO art. 7:450 en 7:465; 003 §2.2",
    description=(
        "Een gegeven toestemming telt alleen als die komt van wie voor deze cliënt instemt: de "
        "cliënt; de ouders bij een kind onder 12; cliënt en ouders van 12 tot 16; de "
        "vertegenwoordiger van een wilsonbekwame cliënt. Intrekken kan alleen wat gegeven is; "
        "de geschiedenis blijft bewaard."
    ),
)

WRITE_RULES: Final[tuple[WriteRule, ...]] = (
    EPISODE_OPEN,
    RECORD_STEP,
    APPENDIX_STEP,
    APPENDIX_NOT_ON_HOLD,
    MEASUREMENT_MOMENT,
    HANDOVER_BEFORE_AFSLUITING,
    VERWIJZING_PRESENT,
    REGISTRATIE_GELDIG,
    BERICHT_IN_STAP,
    BERICHT_MET_TOESTEMMING,
    TOESTEMMING_DOOR,
)


def _open(ep: EpisodeSnapshot) -> list[Unmet]:
    if ep.status == AFGESLOTEN:
        return [Unmet(EPISODE_AFGESLOTEN, "De episode is afgesloten; vastleggingen staan vast.")]
    return []


def aanmelding_unmet(route: Route, has_verwijzing: bool) -> list[Unmet]:
    if route == "verwijzing" and not has_verwijzing:
        return [
            Unmet(
                "aanmelding.verwijzing.missing",
                "Route verwijzing vraagt om de verwijzing (verwijzer, datum, diagnose of vraag).",
                "verwijzing",
            )
        ]
    return []


def record_writable(ep: EpisodeSnapshot, step: str, *, corrections: bool = False) -> list[Unmet]:
    """What refuses a plain save of the step's record. With `corrections` (the third edition,
    `corrections_apply`) a passed step is changed only by a correction (`correction_unmet`)."""
    if closed := _open(ep):
        return closed
    if step != ep.status and step not in ep.records:
        return [
            Unmet(
                f"record.{step}.not_current",
                f"Stap {step} is niet de huidige stap ({ep.status}) en heeft nog geen "
                "vastlegging om aan te vullen.",
                step,
            )
        ]
    if corrections and step_passed(ep, step):
        return [
            Unmet(
                f"record.{step}.correctie_nodig",
                f"Stap {step} is al afgerond: wijzig deze met een correctie, met reden.",
                step,
            )
        ]
    return []


def appendix_writable(ep: EpisodeSnapshot, appendix: str, step: str) -> list[Unmet]:
    if closed := _open(ep):
        return closed
    if ep.status != step:
        return [
            Unmet(
                f"{appendix}.step.not_current",
                f"Een {appendix} hoort bij stap {step}; de episode is in stap {ep.status}.",
            )
        ]
    if ep.aangehouden:
        return [
            Unmet(
                f"{appendix}.aangehouden",
                "De cliënt is tijdelijk doorverwezen; hervat eerst de behandeling.",
            )
        ]
    return []


def measurement_allowed(ep: EpisodeSnapshot, moment: Moment) -> list[Unmet]:
    if closed := _open(ep):
        return closed
    if ep.status not in ALLOWED_IN[moment]:
        return [
            Unmet(
                f"measurement.{moment}.not_in_step",
                f"Een {TITELS[moment]} hoort niet bij de stap {titels.stap(ep.status).lower()}.",
                "moment",
            )
        ]
    return []


def client_writable(ep: EpisodeSnapshot) -> list[Unmet]:
    return _open(ep)


def handover_allowed(ep: EpisodeSnapshot) -> list[Unmet]:
    if closed := _open(ep):
        return closed
    if ep.status == "afsluiting":
        return [
            Unmet(
                "handover.afsluiting",
                "Een episode in afsluiting draag je niet meer over.",
            )
        ]
    return []


# --- the third edition: corrections of a passed step ----------------------------------------

RECORD_STEP_V3 = WriteRule(
    "record.huidige_stap",
    applies_to=("record",),
    # 003 ch.2: the steps are taken in order; what was laid down when a step was finished is
    # the basis of the next, so changing it afterwards is a correction, not a save.
    source="003 ch.2 §2.1; engine policy",
    description=(
        "Een stap wordt vastgelegd zolang de episode in die stap is. Een afgeronde stap (met "
        "een vastlegging, niet meer de huidige stap) wijzig je alleen met een correctie."
    ),
)
RECORD_CORRECTION = WriteRule(
    "record.correctie",
    applies_to=("record",),
    # 003 ch.2 §2.1: each step builds on the one before; verslaglegging keeps what changed.
    source="003 ch.2 §2.1; engine policy (verslaglegging: een correctie blijft zichtbaar)",
    description=(
        "Een afgeronde stap corrigeer je met een reden. De correctie is een nieuwe versie van "
        "de vastlegging, met die reden, en staat in de geschiedenis. Elke overgang uit die stap "
        "waarvan de voorwaarden vóór de correctie vervuld waren, blijft na de correctie "
        "vervuld: een correctie maakt de afronding van de stap niet ongedaan."
    ),
)

WRITE_RULES_V3: Final[tuple[WriteRule, ...]] = tuple(
    replaced
    for rule in WRITE_RULES
    for replaced in ((RECORD_STEP_V3, RECORD_CORRECTION) if rule is RECORD_STEP else (rule,))
)
"""The write rules of the third edition of the process (algemeen@3, bekken@2,
psychosomatisch@2): the first edition's, with corrections of a passed step."""

CORRECTION_NOT_IN_VERSION: Final = "record.correctie.niet_in_versie"


def corrections_apply(rules: Iterable[WriteRule]) -> bool:
    """Whether a definition with these write rules takes corrections of a passed step (and so
    refuses a plain save of one)."""
    return RECORD_CORRECTION in rules


def step_passed(ep: EpisodeSnapshot, step: str) -> bool:
    """A passed step: it has a record and the episode is no longer in it."""
    return step in ep.records and step != ep.status


def correction_unmet(
    definition: "Definition", before: EpisodeSnapshot, step: str, record: Mapping[str, Any]
) -> list[Unmet]:
    """What refuses replacing the record of passed step `step` by `record` (already valid in
    the step's form) as a correction, on an episode as `before` shows it.

    Every trigger from `step` whose gates were all met before the correction must still have
    them met after it: the step was left by a trigger whose gates were met, and a correction
    must not undo that. Returned are the unmet requirements the correction would introduce;
    a correction that leaves every gate as it was (a typo fixed) gets an empty list."""
    if closed := _open(before):
        return closed
    if not corrections_apply(definition.write_rules):
        return [
            Unmet(
                CORRECTION_NOT_IN_VERSION,
                "Deze episode loopt op een eerdere versie van het proces, die geen correcties "
                "kent; sla de vastlegging op zoals gewoonlijk.",
                step,
            )
        ]
    if not step_passed(before, step):
        return [
            Unmet(
                f"record.{step}.geen_correctie",
                f"Stap {step} is niet afgerond (de huidige stap, of nog zonder vastlegging): "
                "sla de vastlegging gewoon op.",
                step,
            )
        ]
    # The gates are asked as they were when the episode stood in that step (a gate may read
    # the current step's record, like the meldcode's); fresh parse caches, since a snapshot
    # keeps the forms it parsed and these records differ.
    before = replace(before, status=cast(Status, step), _forms={})
    after = replace(before, records={**before.records, step: record}, _forms={})
    introduced: list[Unmet] = []
    for trigger in definition.triggers_from(step):
        if all_unmet(trigger.gates, before):
            continue  # not open before the correction: nothing for it to undo
        for unmet in all_unmet(trigger.gates, after):
            if unmet not in introduced:  # a gate two triggers share is named once
                introduced.append(unmet)
    return introduced
