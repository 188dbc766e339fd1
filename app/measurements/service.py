"""Measurements of an episode: scored on save by the catalogue, summarised as change since
baseline. Adding one is a write to the episode (If-Match, version bump, event), because it can
change what the evaluatie gate asks."""

from typing import Any

from sqlalchemy import insert, select

import measures
from app import idempotency, problems
from app.episodes import store
from app.episodes.access import EpisodeAccess
from app.idempotency import IdempotentRequest
from app.instruments.schemas import ScoreOut
from app.measurements.errors import as_problem
from app.measurements.models import Measurement
from app.measurements.schemas import (
    InstrumentChange,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementSummary,
    ScorePoint,
)
from app.types import utcnow
from workflows import metingen
from workflows.steps import AFGESLOTEN

MEASUREMENT = Measurement.__table__  # type: ignore[attr-defined]


def _out(row: Any) -> MeasurementOut:
    return MeasurementOut(
        id=row.id,
        episode_id=row.episode_id,
        instrument=row.instrument,
        moment=row.moment,
        afgenomen_op=row.afgenomen_op,
        responses=row.responses,
        score=ScoreOut(
            instrument=row.instrument,
            values=row.scores,
            main=row.main_score,
            band=row.band,
            missing=row.missing,
            catalogue_version=row.catalogue_version,
        ),
        created_at=row.created_at,
        created_by=row.created_by,
    )


def _point(m: MeasurementOut) -> ScorePoint:
    return ScorePoint(
        measurement_id=m.id,
        moment=m.moment,
        afgenomen_op=m.afgenomen_op,
        value=m.score.values.get(m.score.main),
        band=m.score.band,
    )


def _as_score(m: MeasurementOut) -> measures.Score:
    s = m.score
    return measures.Score(s.instrument, dict(s.values), s.main, s.band, list(s.missing))


class MeasurementService:
    def __init__(self, episodes: EpisodeAccess) -> None:
        self.db = episodes.db
        self.episodes = episodes
        self.practice_id = episodes.practice_id

    def add(
        self,
        episode_id: int,
        body: MeasurementIn,
        *,
        expected_version: int,
        idem: IdempotentRequest | None,
    ) -> tuple[MeasurementOut, int]:
        """Score and store one measurement; returns it with the episode's new version."""
        try:
            scored = measures.score(body.instrument, body.responses)
        except measures.MeasureError as exc:
            raise as_problem(exc) from None
        with self.db.write() as s:
            if (replay := idempotency.claim(s, idem)) is not None:
                return MeasurementOut.model_validate(replay["measurement"]), int(
                    replay["episode_version"]
                )
            ep = store.load(s, episode_id, self.practice_id)
            store.check_version(ep, expected_version)
            self.episodes.authorise_write(s, ep)
            if ep.status == AFGESLOTEN:
                raise problems.EpisodeClosed("De episode is afgesloten; er kan niets bij.")
            if not metingen.allowed(body.moment, ep.status):
                raise problems.StepNotWritable(
                    f"Een meting op moment {body.moment!r} hoort niet bij stap {ep.status!r}."
                )
            now = utcnow()
            values = {
                "episode_id": episode_id,
                "instrument": body.instrument,
                "moment": body.moment,
                "afgenomen_op": body.afgenomen_op,
                "responses": body.responses,
                "scores": scored.values,
                "main_score": scored.main,
                "band": scored.band,
                "missing": list(scored.missing),
                "catalogue_version": scored.catalogue_version,
                "created_at": now,
                "created_by": self.episodes.actor,
            }
            new_id = (
                s.connection()
                .execute(insert(MEASUREMENT).values(**values).returning(MEASUREMENT.c.id))
                .scalar_one()
            )
            moments = sorted({*ep.metingen.get(body.instrument, []), body.moment})
            store.bump(s, ep, expected_version, metingen=ep.metingen | {body.instrument: moments})
            store.append_event(
                s,
                ep,
                "measurement_added",
                self.episodes.actor,
                {"measurement_id": new_id, "instrument": body.instrument, "moment": body.moment},
            )
            out = _out(_Row(id=new_id, **values))
            idempotency.remember(
                s, idem, {"measurement": out.model_dump(mode="json"), "episode_version": ep.version}
            )
        return out, ep.version

    def list(self, episode_id: int) -> MeasurementPage:
        with self.db.read() as s:
            store.load(s, episode_id, self.practice_id)
            rows = s.connection().execute(
                select(MEASUREMENT)
                .where(MEASUREMENT.c.episode_id == episode_id)
                .order_by(MEASUREMENT.c.id)
            )
            return MeasurementPage(items=[_out(r) for r in rows])

    def summary(self, episode_id: int) -> MeasurementSummary:
        by_instrument: dict[str, list[MeasurementOut]] = {}
        for m in self.list(episode_id).items:
            by_instrument.setdefault(m.instrument, []).append(m)
        changes = []
        for code, taken in by_instrument.items():
            instrument = measures.get(code)
            baseline = next((m for m in taken if m.moment == "baseline"), None)
            followups = sorted(
                (m for m in taken if m.moment != "baseline"), key=lambda m: (m.afgenomen_op, m.id)
            )
            latest = followups[-1] if followups else None
            change = measures.compare(
                code,
                _as_score(baseline) if baseline else None,
                _as_score(latest) if latest else None,
            )
            changes.append(
                InstrumentChange(
                    instrument=code,
                    name=instrument.name,
                    main_score=instrument.main_score,
                    direction=instrument.direction,
                    baseline=_point(baseline) if baseline else None,
                    latest=_point(latest) if latest else None,
                    change=change.change,
                    improved=change.improved,
                    mcid=change.mcid,
                    mcid_reached=change.mcid_reached,
                )
            )
        return MeasurementSummary(episode_id=episode_id, instruments=changes)


class _Row:
    """The inserted row, shaped like a result row for `_out`."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)
