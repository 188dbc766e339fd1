"""Behandelsessies: appended as rows of their own, never by rewriting a growing document."""

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from app import pagination
from app.episodes import store
from app.episodes.schemas import SessieOut, SessiePage
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.http import parse_body
from app.idempotency import IdempotentRequest
from app.sql import Tx
from app.types import utcnow
from workflows import write_rules


class SessieService(EpisodeWrites):
    def add_sessie(
        self, episode_id: int, raw: bytes, *, if_match: str | None, idem: IdempotentRequest | None
    ) -> Written:
        return self.run(episode_id, _AddSessie(raw, self.actor), if_match=if_match, idem=idem)

    def sessies(self, episode_id: int, *, cursor: str | None, limit: int) -> SessiePage:
        after = pagination.decode(cursor)
        with self.reading() as tx:
            store.load(tx, episode_id, self.practice_id)
            rows = store.sessies(tx, episode_id, after, limit + 1)
        items = rows[:limit]
        return SessiePage(
            items=[SessieOut.model_validate(r) for r in items],
            next_cursor=pagination.encode(items[-1]["id"]) if len(rows) > limit else None,
        )


@dataclass(frozen=True)
class _AddSessie:
    raw: bytes
    actor: str
    appendix: str = "sessie"

    def parse(self, loaded: Loaded) -> BaseModel:
        return parse_body(loaded.definition.appendix(self.appendix)[1].form, self.raw)

    def apply(self, tx: Tx, loaded: Loaded, form: BaseModel, expected: int) -> Written:
        step, _ = loaded.definition.appendix(self.appendix)
        write_rules.require(
            write_rules.appendix_writable(loaded.snapshot, self.appendix, step.name)
        )
        ep = loaded.ep
        data = form.model_dump(mode="json", exclude_unset=True)
        now = utcnow()
        datum = date.fromisoformat(data["datum"])
        store.bump(tx, ep, expected, sessie_count=ep.sessie_count + 1)  # first, see store.bump
        sessie_id = store.insert_sessie(tx, ep.id, datum, data, self.actor, now)
        store.append_event(
            tx, ep, "sessie_added", self.actor, {"sessie_id": sessie_id, "datum": data["datum"]}
        )
        out = SessieOut(
            id=sessie_id,
            episode_id=ep.id,
            datum=datum,
            data=data,
            created_at=now,
            created_by=self.actor,
        )
        return Written(201, ep.version, out.model_dump_json())
