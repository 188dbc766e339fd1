"""Measurements of an episode: scored on save by the catalogue, summarised as change since
baseline. Adding one is a write to the episode (If-Match, version bump, event), because it can
change what the evaluatie gate asks."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import measures
from app.db import Database
from app.episodes import store
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.fhir import questionnaire_response
from app.http import parse_body, parse_with
from app.idempotency import IdempotentRequest
from app.instruments.schemas import ScoreOut
from app.measurements.schemas import (
    InstrumentChange,
    MeasurementIn,
    MeasurementOut,
    MeasurementPage,
    MeasurementSummary,
    ScorePoint,
)
from app.practices.auth import Principal
from app.sql import Tx
from app.types import utcnow
from workflows import write_rules


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


@dataclass(frozen=True)
class _Scored:
    body: MeasurementIn
    score: measures.Score


@dataclass(frozen=True)
class _AddMeasurement:
    raw: bytes
    actor: str
    media_type: str | None = None  # the request's Content-Type: which of the two bodies it is

    def parse(self, loaded: Loaded) -> _Scored:
        if questionnaire_response.is_fhir(self.media_type):
            body = parse_with(self.raw, questionnaire_response.measurement_of)
        else:
            body = parse_body(MeasurementIn, self.raw)
        return _Scored(body, measures.score(body.instrument, body.responses))  # MeasureError: 422

    def apply(self, tx: Tx, loaded: Loaded, scored: _Scored, expected: int) -> Written:
        body, score = scored.body, scored.score
        write_rules.require(write_rules.measurement_allowed(loaded.snapshot, body.moment))
        ep = loaded.ep
        now = utcnow()
        values = {
            "episode_id": ep.id,
            "instrument": body.instrument,
            "moment": body.moment,
            "afgenomen_op": body.afgenomen_op,
            "responses": body.responses,
            "scores": score.values,
            "main_score": score.main,
            "band": score.band,
            "missing": list(score.missing),
            "catalogue_version": score.catalogue_version,
            "created_at": now,
            "created_by": self.actor,
        }
        moments = sorted({*ep.metingen.get(body.instrument, []), body.moment})
        store.bump(tx, ep, expected, metingen=ep.metingen | {body.instrument: moments})
        new_id = _insert(tx, values)
        store.append_event(
            tx,
            ep,
            "measurement_added",
            self.actor,
            {"measurement_id": new_id, "instrument": body.instrument, "moment": body.moment},
        )
        out = _out(_Row(id=new_id, **values))
        return Written(201, ep.version, out.model_dump_json())


def _insert(tx: Tx, values: dict[str, Any]) -> int:
    encoded = values | {
        "afgenomen_op": tx.day(values["afgenomen_op"]),
        "responses": tx.json(values["responses"]),
        "scores": tx.json(values["scores"]),
        "missing": tx.json(values["missing"]),
        "created_at": tx.at(values["created_at"]),
    }
    names = ", ".join(encoded)
    params = ", ".join(f":{n}" for n in encoded)
    return int(
        tx.scalar(f"INSERT INTO measurement ({names}) VALUES ({params}) RETURNING id", encoded)
    )


class MeasurementService(EpisodeWrites):
    def add(
        self,
        episode_id: int,
        raw: bytes,
        *,
        if_match: str | None,
        idem: IdempotentRequest | None,
        media_type: str | None = None,
    ) -> Written:
        """Score and store one measurement, sent as `MeasurementIn` or as a FHIR
        QuestionnaireResponse (`application/fhir+json`); answers it with the episode's new
        version."""
        op = _AddMeasurement(raw, self.actor, media_type)
        return self.run(episode_id, op, if_match=if_match, idem=idem)

    def list(self, episode_id: int) -> MeasurementPage:
        with self.reading() as tx:
            store.load(tx, episode_id, self.practice_id)
            rows = tx.all(
                f"SELECT {', '.join(_COLUMNS)} FROM measurement WHERE episode_id = :id ORDER BY id",
                {"id": episode_id},
            )
            return MeasurementPage(items=[_out(_decode(tx, r)) for r in rows])

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


_COLUMNS = (
    "id", "episode_id", "instrument", "moment", "afgenomen_op", "responses", "scores",
    "main_score", "band", "missing", "catalogue_version", "created_at", "created_by",
)  # fmt: skip


def _decode(tx: Tx, row: Sequence[Any]) -> "_Row":
    v = dict(zip(_COLUMNS, row, strict=True))
    for name in ("responses", "scores", "missing"):
        v[name] = tx.from_json(v[name])
    v["afgenomen_op"] = tx.from_day(v["afgenomen_op"])
    v["created_at"] = tx.from_at(v["created_at"])
    return _Row(**v)


class _Row:
    """The inserted row, shaped like a result row for `_out`."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class MeasurementsInTransaction(MeasurementService):
    """The measurements read inside another request's own transaction (the inzage, the FHIR
    Bundle, the summary in a bericht being written): one moment of the episode, one access-log
    row."""

    def __init__(self, db: Database, principal: Principal, tx: Tx) -> None:
        super().__init__(db, principal)
        self._tx = tx

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        yield self._tx
