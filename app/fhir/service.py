"""The episode as a FHIR Bundle: everything it shows, read in one transaction.

Like the inzage (`app.inzage.service`), everything is read in one transaction
(`EpisodeAccess.reading`), so the Bundle is of one moment of the episode, and that transaction
writes the access-log row: an `export` for this client (`app.audit.store.action_of`). It changes
nothing on the episode. The episode is found only in the caller's practice (404 otherwise).

The Bundle is built and validated after the transaction, by `app.fhir.bundle.render`: it needs
nothing more from the database, and on SQLite a reading transaction holds the one writer's lock.
Should a build ever fail validation, the answer is a 500 and the access log keeps that status as
well (`app.audit.middleware`).
"""

from dataclasses import dataclass
from typing import Any

from app import problems
from app.berichten import store as berichten
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.schemas import ToestemmingOut
from app.fhir.bundle import EpisodeExport, Record, Therapist, Transition
from app.measurements.service import MeasurementsInTransaction
from app.practices.registraties import uit_opslag
from app.sql import Tx
from app.types import utcnow
from workflows.client import ClientFacts

STEPS_READ = ("diagnose", "behandelplan", "evaluatie", "afsluiting")
"""The steps whose records the Bundle maps (`app.fhir.bundle`)."""


@dataclass(frozen=True)
class Exported:
    export: EpisodeExport
    """What the Bundle is made of (`app.fhir.bundle.render`)."""
    version: int
    """The episode's version it shows (its ETag)."""


class FhirService(EpisodeAccess):
    def bundle(self, episode_id: int, *, acceptable: bool = True) -> Exported:
        """What the episode's Bundle shows; 406 (after 404) when the caller accepts none of its
        media types, raised inside the read so the access log keeps the attempt."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            if not acceptable:
                raise problems.NotAcceptable(
                    "Vraag application/fhir+json of application/json (Accept)."
                )
            naam, agb = berichten.practice(tx, ep.practice_id)
            measurements = MeasurementsInTransaction(self.db, self.principal, tx).list(ep.id)
            export = EpisodeExport(
                episode_id=ep.id,
                practice_id=ep.practice_id,
                client_ref=ep.client_ref,
                client=ClientFacts.model_validate(ep.client),
                profile=ep.profile,
                definition_version=ep.definition_version,
                status=ep.status,
                aangehouden=ep.aangehouden is not None,
                aangemeld_op=ep.aangemeld_op,
                updated_at=ep.updated_at,
                praktijk_naam=naam,
                praktijk_agb=agb,
                therapist_id=ep.therapist_id,
                therapist=_therapist(tx, ep.practice_id, ep.therapist_id),
                exported_at=utcnow(),
                records=_records(tx, ep.id),
                transitions=_transitions(tx, ep.id),
                measurements=measurements.items,
                contacten=render.contacten(ep),
                toestemmingen=[ToestemmingOut.model_validate(t) for t in ep.toestemmingen],
            )
            return Exported(export, ep.version)


def _records(tx: Tx, episode_id: int) -> dict[str, Record]:
    out = {}
    for step in STEPS_READ:
        versions = store.record_versions(tx, episode_id, step, current=False)
        if versions:
            out[step] = Record(data=versions[-1].data, first_saved_at=versions[0].saved_at)
    return out


def _transitions(tx: Tx, episode_id: int) -> list[Transition]:
    rows = tx.all(
        "SELECT at, data FROM episode_event WHERE episode_id = :id AND kind = :kind ORDER BY id",
        {"id": episode_id, "kind": "transition"},
    )
    out = []
    for at, raw in rows:
        data: dict[str, Any] = tx.from_json(raw)
        out.append(
            Transition(at=tx.from_at(at), trigger=str(data.get("trigger")), to=str(data.get("to")))
        )
    return out


def _therapist(tx: Tx, practice_id: int, therapist_id: int) -> Therapist | None:
    """The responsible therapist, also when no longer active (the episode is still theirs)."""
    row = tx.one(
        "SELECT naam, active, big_nummer, kp_nummer, registraties FROM therapist "
        "WHERE id = :id AND practice_id = :practice_id",
        {"id": therapist_id, "practice_id": practice_id},
    )
    if row is None:
        return None
    naam, active, big, kp, registraties = row
    return Therapist(
        id=therapist_id,
        naam=str(naam),
        active=bool(active),
        big_nummer=big,
        kp_nummer=kp,
        registraties=uit_opslag(tx.from_json(registraties) or []),
    )
