"""Write rules: what may be written to an episode, and when.

Gates say when a trigger may move the episode; write rules say when a step record, a session,
a measurement, the client facts or a hand-over may be written at all. They are the same kind of
thing: pure functions of the snapshot that return coded, Dutch unmet requirements, served in
the workflow definition beside the gates, so an EPD can read every rule the engine enforces from
one document. A refused write is HTTP 409 with these items in `unmet`.
"""

from dataclasses import dataclass
from typing import Final, Literal

from workflows.gates import Unmet
from workflows.metingen import ALLOWED_IN, Moment
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import AFGESLOTEN, Route

Write = Literal["episode", "record", "sessie", "measurement", "client", "handover"]
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
    applies_to=("record", "sessie", "measurement", "client", "handover"),
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

WRITE_RULES: Final[tuple[WriteRule, ...]] = (
    EPISODE_OPEN,
    RECORD_STEP,
    APPENDIX_STEP,
    APPENDIX_NOT_ON_HOLD,
    MEASUREMENT_MOMENT,
    HANDOVER_BEFORE_AFSLUITING,
    VERWIJZING_PRESENT,
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


def record_writable(ep: EpisodeSnapshot, step: str) -> list[Unmet]:
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
                f"Een meting op moment {moment} hoort niet bij stap {ep.status}.",
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


WRITE_RULES_V3: Final[tuple[WriteRule, ...]] = WRITE_RULES
"""The write rules of the third edition of the process (algemeen@3, bekken@2,
psychosomatisch@2)."""
