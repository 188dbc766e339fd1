"""Episode use cases. Each write is one transaction: the change, the version bump and its event
land together or not at all. Rules come from `workflows/`; this module only stores and loads."""

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from app import idempotency, pagination, problems
from app.db import Database
from app.episodes import store
from app.episodes.models import EpisodeEvent, Sessie, StepRecord, StepRecordVersion
from app.episodes.schemas import (
    EpisodeCreate,
    EpisodeOut,
    EpisodePage,
    EpisodeSummary,
    EventOut,
    EventPage,
    HandoverOut,
    RecordOut,
    SessieOut,
    SessiePage,
    TriggerOut,
)
from app.idempotency import IdempotentRequest
from app.practices.auth import Principal
from app.problems import UnmetOut
from app.types import utcnow
from workflows import registry
from workflows.client import ClientFacts
from workflows.definition import (
    Behandelaar,
    Definition,
    GatesUnmet,
    HandoverNotOffered,
    TriggerNotAllowed,
    UnknownTrigger,
)
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import AFGESLOTEN, START_STEP


def _summary(ep: store.EpisodeRow) -> EpisodeSummary:
    return EpisodeSummary(
        id=ep.id or 0,
        client_ref=ep.client_ref,
        profile=ep.profile,
        definition_version=f"{ep.profile}@{ep.definition_version}",
        route=ep.route,
        therapeut_id=ep.therapist_id,
        status=ep.status,
        version=ep.version,
        created_at=ep.created_at,
        updated_at=ep.updated_at,
    )


def _out(ep: store.EpisodeRow, snap: EpisodeSnapshot) -> EpisodeOut:
    triggers = [
        TriggerOut(
            name=a.trigger.name,
            dest=a.trigger.dest,
            kind=a.trigger.kind,
            payload_required=a.trigger.payload is not None,
            unmet=[UnmetOut(code=u.code, message=u.message, field=u.field) for u in a.unmet],
        )
        for a in store.definition_of(ep).available(snap)
    ]
    definition = store.definition_of(ep)
    handovers = [
        HandoverOut(
            profile=h.profile,
            unmet=[
                UnmetOut(code=u.code, message=u.message, field=u.field)
                for u in definition.handover_unmet(snap, h.profile)
            ],
        )
        for h in definition.handovers
        if ep.status not in (AFGESLOTEN, "afsluiting")
    ]
    return EpisodeOut(
        **_summary(ep).model_dump(),
        available_handovers=handovers,
        client=snap.client,
        verwijzing=ep.verwijzing,
        aangemeld_op=ep.aangemeld_op,
        sessie_count=ep.sessie_count,
        aangehouden=ep.aangehouden,
        available_triggers=triggers,
    )


def _invalid(exc: ValidationError, prefix: str = "") -> problems.InvalidInput:
    return problems.InvalidInput(
        "Het formulier klopt niet; zie `errors`. Er is niets opgeslagen.",
        errors=problems.field_errors(exc, prefix),
    )


class EpisodeService:
    """The episode use cases of one caller: every query is scoped to the caller's practice, so
    another practice's episode is simply not found (404, never 403)."""

    def __init__(self, db: Database, principal: Principal) -> None:
        self.db = db
        self.principal = principal
        self.practice_id = principal.practice_id
        self.actor = principal.actor

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
            responsible = self._responsible(s, body.therapeut_id)
            self._require_registration(definition, responsible.registraties, responsible.naam)
            if self.principal.is_therapist:
                self._require_registration(
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
            out = _out(ep, store.snapshot_of(ep, {}))
            idempotency.remember(s, idem, out.model_dump(mode="json"))
        return out

    def _responsible(self, s: Session, therapeut_id: int | None) -> store.TherapistFacts:
        """The responsible therapist: the one named, or the calling therapist."""
        if therapeut_id is None and self.principal.is_therapist:
            therapeut_id = self.principal.id
        if therapeut_id is None:
            raise problems.InvalidInput(
                "Een EPD-koppeling noemt de verantwoordelijke therapeut.",
                errors=[
                    problems.FieldError(
                        field="therapeut_id",
                        code="therapeut_id.missing",
                        message="verplicht voor een EPD-koppeling",
                    )
                ],
            )
        therapist = store.therapist_of(s, self.practice_id, therapeut_id)
        if therapist is None:
            raise problems.InvalidInput(
                f"Therapeut {therapeut_id} is geen actieve therapeut van deze praktijk.",
                errors=[
                    problems.FieldError(
                        field="therapeut_id",
                        code="therapeut_id.unknown",
                        message="geen actieve therapeut van deze praktijk",
                    )
                ],
            )
        return therapist

    def authorise_write(self, s: Session, ep: store.EpisodeRow) -> Behandelaar:
        """Who acts clinically on this write, checked against the profile's registration: the
        calling therapist, or for an EPD integration the episode's responsible therapist."""
        if self.principal.is_therapist:
            behandelaar, naam = self.principal.behandelaar(), self.principal.naam
        else:
            therapist = store.therapist_of(s, self.practice_id, ep.therapist_id)
            if therapist is None:
                raise problems.RegistrationMissing(
                    "De verantwoordelijke therapeut is niet (meer) actief in deze praktijk."
                )
            behandelaar, naam = therapist.behandelaar(), therapist.naam
        self._require_registration(store.definition_of(ep), behandelaar.registraties, naam)
        return behandelaar

    @staticmethod
    def _require_registration(
        definition: Definition, registraties: frozenset[str], naam: str
    ) -> None:
        # 000 ch.2 and 004 ch.1: each specialisation is its own register entry; a profile may
        # only be used by a therapist registered for it.
        if definition.registratie not in registraties:
            raise problems.RegistrationMissing(
                f"{naam} mist de registratie {definition.registratie!r} die profiel "
                f"{definition.profile!r} vraagt.",
                errors=[
                    problems.FieldError(
                        field="registraties",
                        code="registratie.missing",
                        message=definition.registratie,
                    )
                ],
            )

    def get(self, episode_id: int) -> EpisodeOut:
        with self.db.read() as s:
            ep = store.load(s, episode_id, self.practice_id)
            records = store.records_of(s, episode_id)
        return _out(ep, store.snapshot_of(ep, records))

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
        store.concerns(None, client_ref)  # a search by client is logged as access to that client
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
        more = len(rows) > limit
        items = rows[:limit]
        return EpisodePage(
            items=[_summary(e) for e in items],
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
                raise _invalid(exc, "payload") from None
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
            out = _out(ep, store.snapshot_of(ep, records))
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
            return _out(ep, store.snapshot_of(ep, store.records_of(s, episode_id)))

    # --- hand-over ------------------------------------------------------------------------

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
            receiver = self._responsible(s, therapeut_id)
            self._require_registration(target, receiver.registraties, receiver.naam)
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
            return _out(ep, store.snapshot_of(ep, records))

    # --- step records ---------------------------------------------------------------------

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
                raise _invalid(exc) from None
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

    # --- behandelsessies ------------------------------------------------------------------

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
                raise _invalid(exc) from None
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

    # --- history --------------------------------------------------------------------------

    def events(self, episode_id: int, *, cursor: str | None, limit: int) -> EventPage:
        after = pagination.decode(cursor)
        q = (
            select(EpisodeEvent)
            .where(EpisodeEvent.episode_id == episode_id)
            .order_by(col(EpisodeEvent.id))
            .limit(limit + 1)
        )
        if after is not None:
            q = q.where(col(EpisodeEvent.id) > after)
        with self.db.read() as s:
            store.load(s, episode_id, self.practice_id)  # scopes to the practice: else 404
            rows = list(s.exec(q))
        more = len(rows) > limit
        items = rows[:limit]
        return EventPage(
            items=[
                EventOut(
                    id=e.id or 0,
                    kind=e.kind,
                    actor=e.actor,
                    at=e.at,
                    episode_version=e.episode_version,
                    data=e.data,
                )
                for e in items
            ],
            next_cursor=pagination.encode(items[-1].id or 0) if more and items else None,
        )
