"""The client's own copy of the record (WGBO art. 7:456): the whole episode in one read.

Everything is read in one transaction (`EpisodeAccess.reading`), so the copy is of one moment
of the episode, and that transaction writes the access-log row: an `export` for this client
(`app.audit.store.action_of`). It changes nothing on the episode (no version bump, no event).
The episode is found only in the caller's practice (404 otherwise, never 403).
"""

from collections.abc import Callable
from typing import Any

from app import problems
from app.berichten import store as berichten
from app.berichten.content import BerichtContent
from app.berichten.schemas import BerichtDetail
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.schemas import EventOut, SessieOut, ToestemmingOut
from app.inzage.schemas import InzageEpisode, InzageOut, Praktijk, RecordVersion, StepRecords
from app.measurements.service import MeasurementsInTransaction
from app.sql import Tx
from app.types import utcnow
from workflows.client import ClientFacts
from workflows.steps import STEPS

_PAGE = 500
"""Rows per statement when reading an episode's sessies and events in full."""


class InzageService(EpisodeAccess):
    def inzage(self, episode_id: int, *, acceptable: bool = True) -> InzageOut:
        """The whole episode; 406 (after 404) when the caller accepts none of its media types,
        raised inside the read so the access log keeps the attempt with that status."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            if not acceptable:
                raise problems.NotAcceptable("Vraag application/json of application/pdf (Accept).")
            naam, agb = berichten.practice(tx, ep.practice_id)
            return InzageOut(
                exported_at=utcnow(),
                praktijk=Praktijk(naam=naam, agb=agb),
                behandelaar=berichten.therapist_naam(tx, ep.practice_id, ep.therapist_id),
                episode=InzageEpisode(
                    **render.summary(ep).model_dump(),
                    created_by=ep.created_by,
                    client=ClientFacts.model_validate(ep.client),
                    verwijzing=ep.verwijzing,
                    aangemeld_op=ep.aangemeld_op,
                    sessie_count=ep.sessie_count,
                    aangehouden=ep.aangehouden,
                ),
                records=_records(tx, ep.id),
                sessies=[
                    SessieOut.model_validate(s)
                    for s in _every(lambda after, n: store.sessies(tx, ep.id, after, n))
                ],
                measurements=MeasurementsInTransaction(self.db, self.principal, tx)
                .list(ep.id)
                .items,
                events=[
                    EventOut.model_validate(e)
                    for e in _every(lambda after, n: store.events(tx, ep.id, after, n))
                ],
                contacten=render.contacten(ep),
                toestemmingen=[ToestemmingOut.model_validate(t) for t in ep.toestemmingen],
                berichten=_berichten(tx, ep.id),
            )


def _records(tx: Tx, episode_id: int) -> list[StepRecords]:
    out = []
    for step in STEPS:
        versions = store.record_versions(tx, episode_id, step, current=False)
        if versions:
            out.append(
                StepRecords(
                    step=step,
                    versions=[
                        RecordVersion(
                            version=v.version,
                            data=v.data,
                            saved_at=v.saved_at,
                            saved_by=v.saved_by,
                            correctie_reden=v.correctie_reden,
                        )
                        for v in versions
                    ],
                )
            )
    return out


def _every(
    fetch: Callable[[int | None, int], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Every row of a keyset-paged read (by `id`), page after page."""
    rows: list[dict[str, Any]] = []
    after: int | None = None
    while True:
        page = fetch(after, _PAGE)
        rows.extend(page)
        if len(page) < _PAGE:
            return rows
        after = page[-1]["id"]


def _berichten(tx: Tx, episode_id: int) -> list[BerichtDetail]:
    out = []
    for meta in berichten.of_episode(tx, episode_id):
        row = berichten.get(tx, episode_id, meta.id)
        assert row is not None and row.content is not None  # same transaction, never deleted
        out.append(BerichtDetail(**row.meta(), content=BerichtContent.model_validate(row.content)))
    return out
