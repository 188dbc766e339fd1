"""Loading and writing episodes: the statements every episode use case shares.

Hot paths use Core statements: the ORM's unit-of-work bookkeeping costs more than the SQL for
rows this small, and buys nothing inside one short transaction.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlmodel import Session

from app import problems
from app.audit.context import current_note
from app.episodes.models import Episode, EpisodeEvent, Sessie, StepRecord, StepRecordVersion
from app.practices.models import Therapist
from app.types import utcnow
from workflows import registry
from workflows.client import ClientFacts
from workflows.definition import Behandelaar, Definition
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import Route, Status

EPISODE = Episode.__table__  # type: ignore[attr-defined]
EVENT = EpisodeEvent.__table__  # type: ignore[attr-defined]
RECORD = StepRecord.__table__  # type: ignore[attr-defined]
RECORD_VERSION = StepRecordVersion.__table__  # type: ignore[attr-defined]
SESSIE = Sessie.__table__  # type: ignore[attr-defined]
THERAPIST = Therapist.__table__  # type: ignore[attr-defined]


@dataclass
class EpisodeRow:
    """An episode row as plain data: loaded with one Core SELECT, no ORM identity bookkeeping."""

    id: int
    practice_id: int
    therapist_id: int
    client_ref: str
    profile: str
    definition_version: int
    route: str
    status: str
    version: int
    client: dict[str, Any]
    verwijzing: dict[str, Any] | None
    aangemeld_op: date
    sessie_count: int
    metingen: dict[str, list[str]]
    aangehouden: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    created_by: str


def definition_of(ep: EpisodeRow) -> Definition:
    return registry.get(ep.profile, ep.definition_version)


def snapshot_of(ep: EpisodeRow, records: Mapping[str, Mapping[str, Any]]) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        form_types=definition_of(ep).forms,
        route=cast(Route, ep.route),
        status=cast(Status, ep.status),
        client=ClientFacts.model_validate(ep.client),
        aangemeld_op=ep.aangemeld_op,
        records=records,
        sessie_count=ep.sessie_count,
        metingen={code: frozenset(moments) for code, moments in ep.metingen.items()},
        aangehouden=ep.aangehouden is not None,
    )


def records_of(s: Session, episode_id: int) -> dict[str, Mapping[str, Any]]:
    rows = s.connection().execute(
        select(RECORD.c.step, RECORD.c.data).where(RECORD.c.episode_id == episode_id)
    )
    return {step: data for step, data in rows}


def load(s: Session, episode_id: int, practice_id: int) -> EpisodeRow:
    """The episode, if it belongs to this practice; another practice's is simply not found."""
    row = (
        s.connection()
        .execute(
            select(EPISODE).where(EPISODE.c.id == episode_id, EPISODE.c.practice_id == practice_id)
        )
        .one_or_none()
    )
    if row is None:
        raise problems.NotFound(f"Episode {episode_id} bestaat niet.")
    ep = EpisodeRow(**row._mapping)
    concerns(ep.id, ep.client_ref)
    return ep


def concerns(episode_id: int | None, client_ref: str | None) -> None:
    """Tell the access log whose data this request touches (NEN 7513)."""
    if (note := current_note()) is not None:
        note.concerns(episode_id, client_ref)


def check_version(ep: EpisodeRow, expected: int) -> None:
    if ep.version != expected:
        raise problems.VersionMismatch(
            f"De episode is gewijzigd: versie is {ep.version}, niet {expected}. "
            "Lees opnieuw en probeer het dan nog eens.",
            headers={"ETag": f'"{ep.version}"'},
        )


def bump(s: Session, ep: EpisodeRow, expected: int, **values: Any) -> None:
    """Conditional update on the version: of two racing writers exactly one succeeds."""
    now = utcnow()
    done = cast(
        CursorResult[Any],
        s.connection().execute(
            update(EPISODE)
            .where(EPISODE.c.id == ep.id, EPISODE.c.version == expected)
            .values(version=expected + 1, updated_at=now, **values)
        ),
    )
    if done.rowcount != 1:
        raise problems.VersionMismatch("De episode is zojuist door iemand anders gewijzigd.")
    for key, value in (values | {"version": expected + 1, "updated_at": now}).items():
        setattr(ep, key, value)


def append_event(s: Session, ep: EpisodeRow, kind: str, actor: str, data: dict[str, Any]) -> None:
    """Append one event (who, when, what) to the episode's history."""
    s.connection().execute(
        insert(EVENT).values(
            episode_id=ep.id,
            kind=kind,
            actor=actor,
            at=utcnow(),
            episode_version=ep.version,
            data=data,
        )
    )


@dataclass(frozen=True)
class TherapistFacts:
    id: int
    naam: str
    registraties: frozenset[str]
    inwendig_onderzoek_bevoegd: bool

    def behandelaar(self) -> Behandelaar:
        return Behandelaar(self.registraties, self.inwendig_onderzoek_bevoegd)


def therapist_of(s: Session, practice_id: int, therapist_id: int) -> TherapistFacts | None:
    """An active therapist of this practice, or None."""
    t = THERAPIST
    row = (
        s.connection()
        .execute(
            select(t.c.id, t.c.naam, t.c.registraties, t.c.inwendig_onderzoek_bevoegd).where(
                t.c.id == therapist_id, t.c.practice_id == practice_id, t.c.active.is_(True)
            )
        )
        .one_or_none()
    )
    if row is None:
        return None
    return TherapistFacts(
        row.id, row.naam, frozenset(row.registraties), row.inwendig_onderzoek_bevoegd
    )
