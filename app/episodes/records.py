"""Step records: one current version per step, every version kept."""

from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, update
from sqlmodel import col, select

from app import problems
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.models import StepRecord, StepRecordVersion
from app.episodes.schemas import RecordOut
from app.types import utcnow
from workflows.steps import AFGESLOTEN


class RecordService(EpisodeAccess):
    def save_record(
        self,
        episode_id: int,
        step: str,
        data: dict[str, Any],
        *,
        expected_version: int,
    ) -> RecordOut:
        with self.db.write() as s:
            ep = store.load(s, episode_id, self.practice_id)
            definition = store.definition_of(ep)
            if definition.step(step) is None:
                raise problems.NotFound(f"Stap {step!r} bestaat niet in {definition.key}.")
            try:
                clean = definition.validate_record(step, data)
            except ValidationError as exc:
                raise render.invalid(exc) from None
            store.check_version(ep, expected_version)
            if ep.status == AFGESLOTEN:
                raise problems.EpisodeClosed("De episode is afgesloten; vastleggingen staan vast.")
            conn = s.connection()
            key = (store.RECORD.c.episode_id == episode_id) & (store.RECORD.c.step == step)
            previous = conn.execute(select(store.RECORD.c.version).where(key)).scalar_one_or_none()
            if previous is None and step != ep.status:
                raise problems.StepNotWritable(
                    f"Stap {step!r} is niet de huidige stap ({ep.status!r}) en heeft nog geen "
                    "vastlegging om aan te vullen."
                )
            behandelaar = self.authorise_write(s, ep)
            if refused := definition.check_record(step, clean, behandelaar):
                raise problems.NotQualified(
                    "Dit mag je niet vastleggen zonder de bevoegdheid ervoor.", unmet=refused
                )
            now = utcnow()
            row = {
                "version": (previous or 0) + 1,
                "data": clean,
                "saved_at": now,
                "saved_by": self.actor,
            }
            if previous is None:
                conn.execute(insert(store.RECORD).values(episode_id=episode_id, step=step, **row))
            else:
                conn.execute(update(store.RECORD).where(key).values(**row))
            conn.execute(
                insert(store.RECORD_VERSION).values(episode_id=episode_id, step=step, **row)
            )
            store.bump(s, ep, expected_version)
            store.append_event(
                s, ep, "record_saved", self.actor, {"step": step, "record_version": row["version"]}
            )
            return RecordOut(
                episode_id=episode_id,
                step=step,
                version=row["version"],
                episode_version=ep.version,
                data=clean,
                saved_at=now,
                saved_by=self.actor,
            )

    def get_record(self, episode_id: int, step: str) -> RecordOut:
        with self.db.read() as s:
            ep = store.load(s, episode_id, self.practice_id)
            rec = s.get(StepRecord, (episode_id, step))
        if rec is None:
            raise problems.NotFound(f"Er is nog niets vastgelegd voor stap {step!r}.")
        return RecordOut(
            episode_id=episode_id,
            step=step,
            version=rec.version,
            episode_version=ep.version,
            data=rec.data,
            saved_at=rec.saved_at,
            saved_by=rec.saved_by,
        )

    def record_versions(self, episode_id: int, step: str) -> list[RecordOut]:
        with self.db.read() as s:
            ep = store.load(s, episode_id, self.practice_id)
            rows = s.exec(
                select(StepRecordVersion)
                .where(StepRecordVersion.episode_id == episode_id, StepRecordVersion.step == step)
                .order_by(col(StepRecordVersion.version))
            ).all()
        return [
            RecordOut(
                episode_id=episode_id,
                step=step,
                version=r.version,
                episode_version=ep.version,
                data=r.data,
                saved_at=r.saved_at,
                saved_by=r.saved_by,
            )
            for r in rows
        ]
