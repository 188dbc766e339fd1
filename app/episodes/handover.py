"""Hand an episode over to another profile and therapist of the same practice, keeping its
step, records, sessions, measurements and history (e.g. SOLK to the psychosomatisch
oefentherapeut, 004 §1.2)."""

from dataclasses import dataclass

from app.episodes import render, store
from app.episodes.schemas import HandoverIn
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.http import parse_body
from app.sql import Tx
from workflows import registry
from workflows.definition import GatesUnmet


class HandoverService(EpisodeWrites):
    def hand_over(self, episode_id: int, raw: bytes, *, if_match: str | None) -> Written:
        """Move the episode to another profile and responsible therapist of this practice,
        keeping its step, records, sessions, measurements and history."""
        return self.run(episode_id, _HandOver(self, raw), if_match=if_match, idem=None)


@dataclass(frozen=True)
class _HandOver:
    service: HandoverService
    raw: bytes

    def parse(self, loaded: Loaded) -> HandoverIn:
        return parse_body(HandoverIn, self.raw)

    def apply(self, tx: Tx, loaded: Loaded, body: HandoverIn, expected: int) -> Written:
        ep, source = loaded.ep, loaded.definition
        if unmet := source.handover_unmet(loaded.snapshot, body.profile):
            raise GatesUnmet(f"handover:{body.profile}", unmet)
        target = registry.get(body.profile, source.handover(body.profile).version)
        receiver = self.service.responsible(tx, body.therapist_id)
        self.service.require_registration(target, receiver.registraties, receiver.naam)
        if unfit := target.records_unfit(loaded.records):
            raise GatesUnmet(f"handover:{body.profile}", unfit)
        from_therapist = ep.therapist_id
        store.bump(
            tx,
            ep,
            expected,
            profile=target.profile,
            definition_version=target.version,
            therapist_id=receiver.id,
        )
        store.append_event(
            tx,
            ep,
            "handed_over",
            self.service.actor,
            {
                "from": source.key,
                "to": target.key,
                "from_therapist": from_therapist,
                "to_therapist": receiver.id,
            },
        )
        out = render.episode_out(ep, store.snapshot_of(ep, loaded.records))
        return Written(200, ep.version, out.model_dump_json())
