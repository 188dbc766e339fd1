"""Episode use cases: start, read, search, move (transitions) and update the client facts.

Writes go through `EpisodeWrites.run` (`writes.py`): one order of checks, one transaction. The
rules themselves come from `workflows/`; this module only asks them and stores the outcome.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app import pagination
from app.episodes import render, store
from app.episodes.schemas import EpisodeCreate, EpisodePage, TransitionIn
from app.episodes.writes import EpisodeWrites, Loaded, Written, committed
from app.http import parse_body
from app.idempotency import IdempotentRequest
from app.metrics import TRANSITIONS
from app.sql import Tx
from app.types import utcnow, vandaag
from workflows import registry, write_rules
from workflows.client import ClientFacts
from workflows.definition import Definition
from workflows.steps import AFGESLOTEN, START_STEP


class EpisodeService(EpisodeWrites):
    def create(self, body: EpisodeCreate, *, idem: IdempotentRequest | None) -> Written:
        definition = registry.current(body.profile)
        now = utcnow()
        with self.db.transaction(write=True) as tx:
            return committed(tx, idem, lambda: self._create(tx, body, definition, now))

    def _create(
        self, tx: Tx, body: EpisodeCreate, definition: Definition, now: datetime
    ) -> Written:
        responsible = self.responsible(tx, body.therapist_id)
        self.require_registration(definition, responsible.registraties, responsible.naam)
        if self.principal.is_therapist:
            self.require_registration(definition, self.principal.registraties, self.principal.naam)
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
            "verwijzing": (
                body.verwijzing.model_dump(mode="json", exclude={"verwijzer"})
                if body.verwijzing
                else None
            ),
            "aangemeld_op": body.aangemeld_op or now.date(),
            "sessie_count": 0,
            "metingen": {},
            "aangehouden": None,
            "created_at": now,
            "updated_at": now,
            "created_by": self.actor,
            # The verwijzer named in the referral is the episode's first contact.
            "contacten": (
                [{"id": 1, "rol": "verwijzer", **body.verwijzing.verwijzer.model_dump()}]
                if body.verwijzing and body.verwijzing.verwijzer
                else []
            ),
        }
        ep = store.EpisodeRow(id=store.insert(tx, values), **values)
        store.concerns(ep.id, body.client_ref)
        store.append_event(
            tx,
            ep,
            "created",
            self.actor,
            {"status": ep.status, "route": ep.route, "definition": definition.key},
        )
        out = render.episode_out(ep, store.snapshot_of(ep, {}))
        return Written(201, 1, out.model_dump_json(), location=f"/v1/episodes/{ep.id}")

    def get(self, episode_id: int) -> Written:
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            records = store.records_of(tx, episode_id)
        out = render.episode_out(ep, store.snapshot_of(ep, records))
        return Written(200, ep.version, out.model_dump_json())

    def search(
        self,
        *,
        status: str | None,
        profile: str | None,
        client_ref: str | None,
        therapist_id: int | None,
        cursor: str | None,
        limit: int,
        newest_first: bool = False,
        waiting: bool = False,
    ) -> EpisodePage:
        after = pagination.decode(cursor)
        filters = {
            name: value
            for name, value in (
                ("status", status),
                ("profile", profile),
                ("client_ref", client_ref),
                ("therapist_id", therapist_id),
            )
            if value is not None
        }
        with self.reading() as tx:
            rows = store.page(
                tx, self.practice_id, filters, after, limit + 1, newest_first=newest_first
            )
            items = rows[:limit]
            for ep in items:  # every client on the page is an access to that client's data
                store.concerns(ep.id, ep.client_ref)
            if not rows and client_ref is not None:
                store.concerns(None, client_ref)  # a search for a client, even without a hit
            records = store.records_of_many(tx, [e.id for e in items]) if waiting else {}
        return EpisodePage(
            items=[render.list_item(e, records.get(e.id) if waiting else None) for e in items],
            next_cursor=pagination.encode(items[-1].id) if len(rows) > limit else None,
        )

    def fire(
        self, episode_id: int, raw: bytes, *, if_match: str | None, idem: IdempotentRequest | None
    ) -> Written:
        return self.run(episode_id, _Fire(raw, self.actor), if_match=if_match, idem=idem)

    def update_client(self, episode_id: int, raw: bytes, *, if_match: str | None) -> Written:
        """Age or competence can change during an episode (a client becomes wilsonbekwaam);
        the gates of 003 §2.2 follow the facts as they are now."""
        return self.run(episode_id, _UpdateClient(raw, self.actor), if_match=if_match, idem=None)


@dataclass(frozen=True)
class _Fire:
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> TransitionIn:
        return parse_body(TransitionIn, self.raw)

    def apply(self, tx: Tx, loaded: Loaded, body: TransitionIn, expected: int) -> Written:
        ep = loaded.ep
        fired = loaded.definition.fire(loaded.snapshot, body.trigger, body.payload)
        changes: dict[str, Any] = {"status": fired.dest}
        if fired.dest == AFGESLOTEN:
            changes["afgesloten_op"] = vandaag()  # the closing period of the outcome data
        hold_changes, aangehouden = fired.aangehouden(utcnow())
        if hold_changes:
            changes["aangehouden"] = aangehouden
        store.bump(tx, ep, expected, **changes)
        data: dict[str, Any] = {"trigger": body.trigger, "from": fired.source, "to": fired.dest}
        if fired.payload is not None:
            data["payload"] = fired.payload
        store.append_event(tx, ep, "transition", self.actor, data)
        self._lapse(tx, loaded, fired.trigger.vervalt)
        TRANSITIONS.labels(ep.profile, fired.source, fired.dest).inc()
        out = render.episode_out(ep, loaded.refresh())
        return Written(200, ep.version, out.model_dump_json())

    def _lapse(self, tx: Tx, loaded: Loaded, fields: tuple[str, ...]) -> None:
        """The record fields the trigger makes lapse (e.g. the plan's agreement on bijstellen):
        a new version of each record without them, so the history keeps what was agreed."""
        by_step: dict[str, list[str]] = {}
        for path in fields:
            step, name = path.split(".", 1)
            by_step.setdefault(step, []).append(name)
        for step, names in by_step.items():
            current = loaded.records.get(step)
            if current is None or not any(n in current for n in names):
                continue
            data = {k: v for k, v in current.items() if k not in names}
            row = store.save_record(tx, loaded.ep.id, step, data, self.actor)
            loaded.records[step] = data
            store.append_event(
                tx,
                loaded.ep,
                "record_saved",
                self.actor,
                {"step": step, "record_version": row.version, "vervallen": names},
            )


@dataclass(frozen=True)
class _UpdateClient:
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> ClientFacts:
        return parse_body(ClientFacts, self.raw)

    def apply(self, tx: Tx, loaded: Loaded, body: ClientFacts, expected: int) -> Written:
        write_rules.require(write_rules.client_writable(loaded.snapshot))
        ep = loaded.ep
        facts = body.model_dump(mode="json", exclude_none=True)
        changed = sorted(
            k for k in facts.keys() | ep.client.keys() if facts.get(k) != ep.client.get(k)
        )
        store.bump(tx, ep, expected, client=facts)
        store.append_event(tx, ep, "client_facts_changed", self.actor, {"fields": changed})
        out = render.episode_out(ep, loaded.refresh())
        return Written(200, ep.version, out.model_dump_json())
