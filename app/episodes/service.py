"""Episode use cases: start, read, search, move (transitions) and update the client facts.
Each write is one transaction: the change, the version bump and its event land together or not
at all. Rules come from `workflows/`; this module only stores and loads."""

from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert
from sqlmodel import select

from app import idempotency, pagination, problems
from app.episodes import render, store
from app.episodes.access import EpisodeAccess
from app.episodes.schemas import EpisodeCreate, EpisodeOut, EpisodePage
from app.idempotency import IdempotentRequest
from app.types import utcnow
from workflows import registry
from workflows.client import ClientFacts
from workflows.definition import GatesUnmet, TriggerNotAllowed, UnknownTrigger
from workflows.steps import AFGESLOTEN, START_STEP


class EpisodeService(EpisodeAccess):
    # --- episodes -------------------------------------------------------------------------

    def create(self, body: EpisodeCreate, *, idem: IdempotentRequest | None) -> EpisodeOut:
        try:
            definition = registry.current(body.profile)
        except registry.UnknownProfile:
            raise problems.InvalidInput(
                f"Onbekend profiel {body.profile!r}.",
                errors=[
                    problems.FieldError(
                        field="profile",
                        code="profile.unknown",
                        message=f"kies uit {', '.join(registry.profiles())}",
                    )
                ],
            ) from None
        now = utcnow()
        with self.db.write() as s:
            if (replay := idempotency.claim(s, idem)) is not None:
                return EpisodeOut.model_validate(replay)
            responsible = self.responsible(s, body.therapeut_id)
            self.require_registration(definition, responsible.registraties, responsible.naam)
            if self.principal.is_therapist:
                self.require_registration(
                    definition, self.principal.registraties, self.principal.naam
                )
            values: dict[str, Any] = {
                "practice_id": self.practice_id,
                "therapist_id": responsible.id,
                "client_ref": body.client_ref,
                "profile": definition.profile,
                "definition_version": definition.version,
                "route": body.route,
                "status": START_STEP[body.route],
                "version": 1,
                "client": body.client.model_dump(mode="json", exclude_none=True),
                "verwijzing": body.verwijzing.model_dump(mode="json") if body.verwijzing else None,
                "aangemeld_op": body.aangemeld_op or now.date(),
                "sessie_count": 0,
                "metingen": {},
                "aangehouden": None,
                "created_at": now,
                "updated_at": now,
                "created_by": self.actor,
            }
            new_id = (
                s.connection()
                .execute(insert(store.EPISODE).values(**values).returning(store.EPISODE.c.id))
                .scalar_one()
            )
            ep = store.EpisodeRow(id=new_id, **values)
            store.concerns(new_id, body.client_ref)
            store.append_event(
                s,
                ep,
                "created",
                self.actor,
                {"status": ep.status, "route": ep.route, "definition": definition.key},
            )
            out = render.episode_out(ep, store.snapshot_of(ep, {}))
            idempotency.remember(s, idem, out.model_dump(mode="json"))
        return out

    def get(self, episode_id: int) -> EpisodeOut:
        with self.db.read() as s:
            ep = store.load(s, episode_id, self.practice_id)
            records = store.records_of(s, episode_id)
        return render.episode_out(ep, store.snapshot_of(ep, records))

    def search(
        self,
        *,
        status: str | None,
        profile: str | None,
        client_ref: str | None,
        cursor: str | None,
        limit: int,
        therapeut_id: int | None = None,
    ) -> EpisodePage:
        after = pagination.decode(cursor)
        c = store.EPISODE.c
        q = (
            select(store.EPISODE)
            .where(c.practice_id == self.practice_id)
            .order_by(c.id)
            .limit(limit + 1)
        )
        if therapeut_id is not None:
            q = q.where(c.therapist_id == therapeut_id)
        if status is not None:
            q = q.where(c.status == status)
        if profile is not None:
            q = q.where(c.profile == profile)
        if client_ref is not None:
            q = q.where(c.client_ref == client_ref)
        if after is not None:
            q = q.where(c.id > after)
        with self.db.read() as s:
            rows = [store.EpisodeRow(**r._mapping) for r in s.connection().execute(q)]
        for ep in rows[:limit]:  # every client on the page is an access to that client's data
            store.concerns(ep.id, ep.client_ref)
        if not rows and client_ref is not None:
            store.concerns(None, client_ref)  # a search for a client, even without a hit
        more = len(rows) > limit
        items = rows[:limit]
        return EpisodePage(
            items=[render.summary(e) for e in items],
            next_cursor=pagination.encode(items[-1].id or 0) if more and items else None,
        )

    # --- transitions ----------------------------------------------------------------------

    def fire(
        self,
        episode_id: int,
        trigger: str,
        payload: dict[str, Any] | None,
        *,
        expected_version: int,
        idem: IdempotentRequest | None,
    ) -> EpisodeOut:
        with self.db.write() as s:
            if (replay := idempotency.claim(s, idem)) is not None:
                return EpisodeOut.model_validate(replay)
            ep = store.load(s, episode_id, self.practice_id)
            store.check_version(ep, expected_version)
            self.authorise_write(s, ep)
            records = store.records_of(s, episode_id)
            snap = store.snapshot_of(ep, records)
            try:
                fired = store.definition_of(ep).fire(snap, trigger, payload)
            except UnknownTrigger:
                raise problems.InvalidInput(
                    f"Onbekende trigger {trigger!r}.",
                    errors=[
                        problems.FieldError(
                            field="trigger",
                            code="trigger.unknown",
                            message="zie de workflowdefinitie",
                        )
                    ],
                ) from None
            except TriggerNotAllowed:
                raise problems.TriggerNotAllowed(
                    f"Trigger {trigger!r} kan niet vanuit stap {ep.status!r}."
                ) from None
            except GatesUnmet as blocked:
                raise problems.GateBlocked(
                    f"Trigger {trigger!r} is geblokkeerd: {len(blocked.unmet)} eis(en) open.",
                    unmet=blocked.unmet,
                ) from None
            except ValidationError as exc:
                raise render.invalid(exc, "payload") from None
            changes: dict[str, Any] = {"status": fired.dest}
            if fired.trigger.hold == "start":
                changes["aangehouden"] = (fired.payload or {}) | {"sinds": utcnow().isoformat()}
            elif fired.trigger.hold == "end":
                changes["aangehouden"] = None
            store.bump(s, ep, expected_version, **changes)
            data: dict[str, Any] = {"trigger": trigger, "from": fired.source, "to": fired.dest}
            if fired.payload is not None:
                data["payload"] = fired.payload
            store.append_event(s, ep, "transition", self.actor, data)
            out = render.episode_out(ep, store.snapshot_of(ep, records))
            idempotency.remember(s, idem, out.model_dump(mode="json"))
        return out

    # --- client facts ---------------------------------------------------------------------

    def update_client(
        self, episode_id: int, client: ClientFacts, *, expected_version: int
    ) -> EpisodeOut:
        """Age or competence can change during an episode (a client becomes wilsonbekwaam);
        the gates of 003 §2.2 follow the facts as they are now."""
        with self.db.write() as s:
            ep = store.load(s, episode_id, self.practice_id)
            store.check_version(ep, expected_version)
            if ep.status == AFGESLOTEN:
                raise problems.EpisodeClosed("De episode is afgesloten; vastleggingen staan vast.")
            self.authorise_write(s, ep)
            facts = client.model_dump(mode="json", exclude_none=True)
            changed = sorted(
                k for k in facts.keys() | ep.client.keys() if facts.get(k) != ep.client.get(k)
            )
            store.bump(s, ep, expected_version, client=facts)
            store.append_event(s, ep, "client_facts_changed", self.actor, {"fields": changed})
            return render.episode_out(ep, store.snapshot_of(ep, store.records_of(s, episode_id)))
