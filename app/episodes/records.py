"""Step records: one current version per step, every version kept.

In the third edition a step already passed is changed only by a correction: a reason, and the
gates by which the step was left stay met (`workflows.write_rules.correction_unmet`). The
correction is a new version of the record that keeps its reason, and a `record_corrected`
event in the history.
"""

from dataclasses import dataclass
from functools import partial

from pydantic import BaseModel, ValidationError

from app import problems
from app.episodes import store
from app.episodes.schemas import CorrectionIn, RecordOut
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.http import parse_body, parse_with
from app.idempotency import IdempotentRequest
from app.sql import Tx
from workflows import write_rules
from workflows.definition import FormInvalid
from workflows.steps import Step


class RecordService(EpisodeWrites):
    def save_record(
        self, episode_id: int, step: Step, raw: bytes, *, if_match: str | None
    ) -> Written:
        return self.run(
            episode_id, _SaveRecord(step, raw, self.actor), if_match=if_match, idem=None
        )

    def correct_record(
        self,
        episode_id: int,
        step: Step,
        raw: bytes,
        *,
        if_match: str | None,
        idem: IdempotentRequest | None,
    ) -> Written:
        return self.run(
            episode_id, _CorrectRecord(step, raw, self.actor), if_match=if_match, idem=idem
        )

    def get_record(self, episode_id: int, step: str) -> tuple[RecordOut, int]:
        """The current record, with the episode's version (the next If-Match)."""
        rows, version = self._versions(episode_id, step, current=True)
        if not rows:
            raise problems.NotFound(f"Er is nog niets vastgelegd voor stap {step!r}.")
        return rows[0], version

    def record_versions(self, episode_id: int, step: str) -> list[RecordOut]:
        return self._versions(episode_id, step, current=False)[0]

    def _versions(
        self, episode_id: int, step: str, *, current: bool
    ) -> tuple[list[RecordOut], int]:
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            rows = store.record_versions(tx, episode_id, step, current=current)
        return [
            RecordOut(
                episode_id=episode_id,
                step=step,
                version=r.version,
                episode_version=ep.version,
                data=r.data,
                saved_at=r.saved_at,
                saved_by=r.saved_by,
                correctie_reden=r.correctie_reden,
            )
            for r in rows
        ], ep.version


@dataclass(frozen=True)
class _SaveRecord:
    step: Step
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> BaseModel:
        # The step's own form (pure, in workflows/), inside the app's checks of every body.
        return parse_with(self.raw, partial(loaded.definition.parse_record, self.step))

    def apply(self, tx: Tx, loaded: Loaded, form: BaseModel, expected: int) -> Written:
        corrections = write_rules.corrections_apply(loaded.definition.write_rules)
        write_rules.require(
            write_rules.record_writable(loaded.snapshot, self.step, corrections=corrections)
        )
        loaded.definition.require_record_allowed(self.step, form, loaded.behandelaar)
        data = form.model_dump(mode="json", exclude_unset=True)
        store.bump(tx, loaded.ep, expected)  # first: a racing writer waits here, then gets 412
        row = store.save_record(tx, loaded.ep.id, self.step, data, self.actor)
        store.append_event(
            tx,
            loaded.ep,
            "record_saved",
            self.actor,
            {"step": self.step, "record_version": row.version},
        )
        out = RecordOut(
            episode_id=loaded.ep.id,
            step=self.step,
            version=row.version,
            episode_version=loaded.ep.version,
            data=data,
            saved_at=row.saved_at,
            saved_by=self.actor,
        )
        return Written(200, loaded.ep.version, out.model_dump_json())


@dataclass(frozen=True)
class _Correction:
    reden: str
    form: BaseModel


@dataclass(frozen=True)
class _CorrectRecord:
    step: Step
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> _Correction:
        body = parse_body(CorrectionIn, self.raw)
        try:
            form = loaded.definition.forms[self.step].model_validate(body.record)
        except ValidationError as exc:
            raise FormInvalid.of(exc, "record") from None
        return _Correction(body.reden, form)

    def apply(self, tx: Tx, loaded: Loaded, body: _Correction, expected: int) -> Written:
        data = body.form.model_dump(mode="json", exclude_unset=True)
        write_rules.require(
            write_rules.correction_unmet(loaded.definition, loaded.snapshot, self.step, data)
        )
        loaded.definition.require_record_allowed(self.step, body.form, loaded.behandelaar)
        store.bump(tx, loaded.ep, expected)  # first: a racing writer waits here, then gets 412
        row = store.save_record(
            tx, loaded.ep.id, self.step, data, self.actor, correctie_reden=body.reden
        )
        store.append_event(
            tx,
            loaded.ep,
            "record_corrected",
            self.actor,
            {"step": self.step, "record_version": row.version, "reden": body.reden},
        )
        out = RecordOut(
            episode_id=loaded.ep.id,
            step=self.step,
            version=row.version,
            episode_version=loaded.ep.version,
            data=data,
            saved_at=row.saved_at,
            saved_by=self.actor,
            correctie_reden=body.reden,
        )
        return Written(200, loaded.ep.version, out.model_dump_json())
