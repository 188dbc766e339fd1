"""Behandelsessies: appended as rows of their own, never by rewriting a growing document."""

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert
from sqlmodel import col, select

from app import idempotency, pagination, problems
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.models import Sessie
from app.episodes.schemas import SessieOut, SessiePage
from app.idempotency import IdempotentRequest
from app.types import utcnow


class SessieService(EpisodeAccess):
    def add_sessie(
        self,
        episode_id: int,
        data: dict[str, Any],
        *,
        expected_version: int,
        idem: IdempotentRequest | None,
    ) -> tuple[SessieOut, int]:
        """Append one session; returns it with the episode's new version."""
        with self.db.write() as s:
            if (replay := idempotency.claim(s, idem)) is not None:
                return SessieOut.model_validate(replay["sessie"]), int(replay["episode_version"])
            ep = store.load(s, episode_id, self.practice_id)
            behandeling = store.definition_of(ep).step("behandeling")
            sessie = behandeling.appendix("sessie") if behandeling else None
            assert sessie is not None, "every definition takes sessions in behandeling"
            try:
                clean = sessie.form.model_validate(data).model_dump(mode="json", exclude_unset=True)
            except ValidationError as exc:
                raise render.invalid(exc) from None
            store.check_version(ep, expected_version)
            self.authorise_write(s, ep)
            if ep.status != "behandeling":
                raise problems.StepNotWritable(
                    f"Sessies horen bij de behandeling; de episode is in stap {ep.status!r}."
                )
            if ep.aangehouden is not None:
                raise problems.StepNotWritable(
                    "De cliënt is tijdelijk doorverwezen; hervat eerst de behandeling."
                )
            now = utcnow()
            datum = date.fromisoformat(clean["datum"])
            sessie_id = (
                s.connection()
                .execute(
                    insert(store.SESSIE)
                    .values(
                        episode_id=episode_id,
                        datum=datum,
                        data=clean,
                        created_at=now,
                        created_by=self.actor,
                    )
                    .returning(store.SESSIE.c.id)
                )
                .scalar_one()
            )
            store.bump(s, ep, expected_version, sessie_count=ep.sessie_count + 1)
            store.append_event(
                s, ep, "sessie_added", self.actor, {"sessie_id": sessie_id, "datum": clean["datum"]}
            )
            out = SessieOut(
                id=sessie_id,
                episode_id=episode_id,
                datum=datum,
                data=clean,
                created_at=now,
                created_by=self.actor,
            )
            idempotency.remember(
                s, idem, {"sessie": out.model_dump(mode="json"), "episode_version": ep.version}
            )
        return out, ep.version

    def sessies(self, episode_id: int, *, cursor: str | None, limit: int) -> SessiePage:
        after = pagination.decode(cursor)
        q = (
            select(Sessie)
            .where(Sessie.episode_id == episode_id)
            .order_by(col(Sessie.id))
            .limit(limit + 1)
        )
        if after is not None:
            q = q.where(col(Sessie.id) > after)
        with self.db.read() as s:
            store.load(s, episode_id, self.practice_id)
            rows = list(s.exec(q))
        more = len(rows) > limit
        items = rows[:limit]
        return SessiePage(
            items=[
                SessieOut(
                    id=r.id or 0,
                    episode_id=episode_id,
                    datum=r.datum,
                    data=r.data,
                    created_at=r.created_at,
                    created_by=r.created_by,
                )
                for r in items
            ],
            next_cursor=pagination.encode(items[-1].id or 0) if more and items else None,
        )
