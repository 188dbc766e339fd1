"""Hand an episode over to another profile and therapist of the same practice, keeping its
step, records, sessions, measurements and history (e.g. SOLK to the psychosomatisch
oefentherapeut, 004 §1.2)."""

from pydantic import ValidationError

from app import problems
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.schemas import EpisodeOut
from workflows import registry
from workflows.definition import HandoverNotOffered
from workflows.steps import AFGESLOTEN


class HandoverService(EpisodeAccess):
    def hand_over(
        self, episode_id: int, profile: str, therapeut_id: int, *, expected_version: int
    ) -> EpisodeOut:
        """Move the episode to another profile and responsible therapist of this practice,
        keeping its step, records, sessions, measurements and history."""
        with self.db.write() as s:
            ep = store.load(s, episode_id, self.practice_id)
            store.check_version(ep, expected_version)
            if ep.status in (AFGESLOTEN, "afsluiting"):
                raise problems.EpisodeClosed("Een episode in afsluiting draag je niet meer over.")
            self.authorise_write(s, ep)
            records = store.records_of(s, episode_id)
            source = store.definition_of(ep)
            try:
                unmet = source.handover_unmet(store.snapshot_of(ep, records), profile)
            except HandoverNotOffered:
                raise problems.InvalidInput(
                    f"{source.key} kent geen overdracht naar {profile!r}.",
                    errors=[
                        problems.FieldError(
                            field="profile",
                            code="handover.not_offered",
                            message=", ".join(h.profile for h in source.handovers) or "geen",
                        )
                    ],
                ) from None
            if unmet:
                raise problems.GateBlocked(
                    f"Overdracht naar {profile!r} is geblokkeerd.", unmet=unmet
                )
            target = registry.current(profile)
            receiver = self.responsible(s, therapeut_id)
            self.require_registration(target, receiver.registraties, receiver.naam)
            for step, data in records.items():
                try:
                    target.validate_record(step, data)
                except ValidationError as exc:
                    raise problems.GateBlocked(
                        f"De vastlegging van {step!r} past niet in {target.key}; pas die eerst "
                        "aan.",
                        errors=problems.field_errors(exc, step),
                    ) from None
            from_therapist = ep.therapist_id
            store.bump(
                s,
                ep,
                expected_version,
                profile=target.profile,
                definition_version=target.version,
                therapist_id=receiver.id,
            )
            store.append_event(
                s,
                ep,
                "handed_over",
                self.actor,
                {
                    "from": source.key,
                    "to": target.key,
                    "from_therapist": from_therapist,
                    "to_therapist": receiver.id,
                },
            )
            return render.episode_out(ep, store.snapshot_of(ep, records))
