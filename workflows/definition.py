"""A workflow definition: steps, triggers and gates as data, run by a `transitions` machine.

The steps, loops and exits themselves are the methodisch handelen of 003 ch.2 (see
`profiles/algemeen.py`, which cites each); this module only evaluates them.

The machine is built once per definition. Firing a trigger evaluates its gates on a snapshot;
the machine only moves when the list of unmet requirements is empty, and the caller gets that
list to explain why not (unlike `transitions` conditions, which only return a bare bool).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from transitions import Machine

from workflows import titels
from workflows.gates import Gate, Unmet, all_unmet
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STATUSES, Status, Step
from workflows.write_rules import WRITE_RULES, WriteRule, handover_allowed

TriggerKind = Literal["voorwaarts", "lus", "uitstroom"]
"""voorwaarts: the main path; lus: back to an earlier step; uitstroom: leaves the main path
towards afsluiting (advice, referral, the client stops)."""


@dataclass(frozen=True)
class Trigger:
    name: str
    sources: tuple[Status, ...]
    dest: Status
    kind: TriggerKind
    description: str
    gates: tuple[Gate, ...] = ()
    payload: type[BaseModel] | None = None
    hold: Literal["start", "end"] | None = None
    """Puts the episode on hold (its payload says why) or takes it off hold, in place."""
    payload_rule: "PayloadRule | None" = None
    """A rule on the payload that needs the episode (e.g. who may agree for this client)."""
    vervalt: tuple[str, ...] = ()
    """Record fields (`step.field`) that no longer hold once this trigger fires, e.g. the
    client's agreement with a plan that is being revised; the engine saves a new version of
    that record without them, so the history keeps the old one."""

    @property
    def title(self) -> str:
        """What a therapist calls it (`titels.TRIGGERS`); `name` stays the code."""
        return titels.trigger(self.name)


@dataclass(frozen=True)
class Appendix:
    """Rows appended during a step, each with its own form (e.g. sessions in behandeling)."""

    name: str
    path: str
    """Sub-resource of the episode that takes them, e.g. `sessies`."""
    form: type[BaseModel]

    @property
    def title(self) -> str:
        return titels.bijlage(self.name)


@dataclass(frozen=True)
class StepDef:
    name: Step
    form: type[BaseModel]
    description: str
    appendices: tuple[Appendix, ...] = ()
    berichten: tuple[str, ...] = ()
    """The berichten this step expects before it is finished (e.g. the eindverslag in
    afsluiting): served, so an EPD driving from the definition knows to make and send them."""

    @property
    def title(self) -> str:
        return titels.stap(self.name)

    def appendix(self, name: str) -> Appendix | None:
        return next((a for a in self.appendices if a.name == name), None)


class UnknownTrigger(LookupError):
    def __init__(self, trigger: str) -> None:
        super().__init__(f"unknown trigger {trigger!r}")
        self.trigger = trigger


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str
    message: str


class FormInvalid(ValueError):
    """A step form or trigger payload that does not validate; each problem names its field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems

    @classmethod
    def of(cls, exc: ValidationError, prefix: str = "") -> "FormInvalid":
        out = []
        for err in exc.errors():
            path = ".".join([prefix, *map(str, err["loc"])] if prefix else map(str, err["loc"]))
            out.append(FieldProblem(path or prefix or "(body)", err["type"], err["msg"]))
        return cls(out)


class TriggerNotAllowed(Exception):
    def __init__(self, trigger: str, status: str) -> None:
        super().__init__(f"trigger {trigger!r} is not allowed from {status!r}")
        self.trigger = trigger
        self.status = status


class GatesUnmet(Exception):
    def __init__(self, trigger: str, unmet: list[Unmet]) -> None:
        super().__init__(f"trigger {trigger!r} is blocked by {len(unmet)} unmet requirement(s)")
        self.trigger = trigger
        self.unmet = unmet


@dataclass(frozen=True)
class Fired:
    trigger: Trigger
    source: Status
    dest: Status
    payload: dict[str, Any] | None

    def aangehouden(self, now: datetime) -> tuple[bool, dict[str, Any] | None]:
        """Whether the hold changes, and to what: a trigger that puts the episode on hold
        keeps its payload (to whom, why) with the moment; one that resumes clears it."""
        if self.trigger.hold == "start":
            return True, (self.payload or {}) | {"sinds": now.isoformat()}
        if self.trigger.hold == "end":
            return True, None
        return False, None


@dataclass(frozen=True)
class Available:
    trigger: Trigger
    unmet: list[Unmet]


class _Cursor:
    """The machine's throw-away model: the state and whether the gates are clear."""

    def __init__(self, state: Status, gates_clear: bool) -> None:
        self.state = state
        self._gates_clear = gates_clear

    def gates_clear(self) -> bool:
        return self._gates_clear


@dataclass(frozen=True)
class Behandelaar:
    """What the rules need to know of the therapist who acts: registrations and qualifications."""

    registraties: frozenset[str]
    inwendig_onderzoek_bevoegd: bool = False


RecordCheckFn = Callable[[BaseModel, Behandelaar], list[Unmet]]


@dataclass(frozen=True)
class PayloadRule:
    """A served rule on a trigger's payload that needs the episode, like a gate; `check` gets
    the snapshot and the validated payload."""

    name: str
    source: str
    description: str
    check: Callable[[EpisodeSnapshot, Any], list[Unmet]]


@dataclass(frozen=True)
class RecordCheck:
    """A rule on who may record what in a step (e.g. inwendig onderzoek needs the training)."""

    step: Step
    name: str
    source: str
    description: str
    check: RecordCheckFn


@dataclass(frozen=True)
class Handover:
    """The episode may move, history and all, to another profile in the same practice (e.g. a
    generalist hands a SOLK client to the practice's psychosomatisch oefentherapeut)."""

    profile: str
    description: str
    gates: tuple[Gate, ...]
    version: int = 1
    """The target profile's definition version: the one of the same generation, whose forms
    take this definition's records."""


class NotQualified(Exception):
    """The acting therapist may not record this (a record check refused it)."""

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__("; ".join(u.code for u in unmet))
        self.unmet = unmet


class HandoverNotOffered(Exception):
    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"{source} offers no hand-over to {target}")
        self.source = source
        self.target = target


class Definition:
    def __init__(
        self,
        *,
        profile: str,
        version: int,
        registratie: str,
        description: str,
        steps: tuple[StepDef, ...],
        triggers: tuple[Trigger, ...],
        record_checks: tuple[RecordCheck, ...] = (),
        handovers: tuple[Handover, ...] = (),
        write_rules: tuple[WriteRule, ...] = WRITE_RULES,
    ) -> None:
        self.handovers = handovers
        self.write_rules = write_rules
        self.profile = profile
        self.version = version
        self.registratie = registratie
        self.description = description
        self.steps = steps
        self.triggers = triggers
        self.record_checks = record_checks
        self.forms: dict[str, type[BaseModel]] = {s.name: s.form for s in steps}
        self._by_name = {t.name: [x for x in triggers if x.name == t.name] for t in triggers}
        self._from: dict[str, tuple[Trigger, ...]] = {
            status: tuple(t for t in triggers if status in t.sources) for status in STATUSES
        }
        # auto_transitions=False: no to_<state>() shortcuts that would skip every gate.
        self._machine = Machine(
            model=None,
            states=list(STATUSES),
            initial=None,
            auto_transitions=False,
            transitions=[
                {
                    "trigger": t.name,
                    "source": list(t.sources),
                    "dest": t.dest,
                    "conditions": "gates_clear",
                }
                for t in triggers
            ],
        )

    @property
    def key(self) -> str:
        return f"{self.profile}@{self.version}"

    @property
    def title(self) -> str:
        """The profile as a therapist names it, e.g. "Bekkenoefentherapie"."""
        return titels.profiel(self.profile)

    def step(self, name: str) -> StepDef | None:
        return next((s for s in self.steps if s.name == name), None)

    def appendix(self, name: str) -> tuple[StepDef, Appendix]:
        """The step that takes appendix `name` (e.g. sessions in behandeling), and its form."""
        for s in self.steps:
            if (found := s.appendix(name)) is not None:
                return s, found
        raise LookupError(f"{self.key} takes no appendix {name!r}")

    def triggers_from(self, status: str) -> tuple[Trigger, ...]:
        return self._from.get(status, ())

    def available(self, ep: EpisodeSnapshot) -> list[Available]:
        """Every trigger from the current step, each with what still blocks it."""
        return [Available(t, all_unmet(t.gates, ep)) for t in self.triggers_from(ep.status)]

    def records_unfit(self, records: Mapping[str, Mapping[str, Any]]) -> list[Unmet]:
        """What of another profile's records does not fit this definition's forms: a hand-over
        keeps every record, so each must validate here first (the therapist adjusts it)."""
        unmet = []
        for step, data in records.items():
            try:
                self.validate_record(step, data)
            except FormInvalid as exc:
                unmet += [
                    Unmet(
                        f"handover.{step}.past_niet",
                        f"De vastlegging van {step} past niet in {self.key}: {p.message}",
                        p.field,
                    )
                    for p in exc.problems
                ]
        return unmet

    def parse_record(self, step: str, raw: bytes | str) -> BaseModel:
        """The step's form parsed from JSON text, or FormInvalid naming each field."""
        try:
            return self.forms[step].model_validate_json(raw)
        except ValidationError as exc:
            raise FormInvalid.of(exc) from None

    def validate_record(self, step: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """The step's form applied to `data`: normalised JSON, or FormInvalid."""
        try:
            form = self.forms[step].model_validate(data)
        except ValidationError as exc:
            raise FormInvalid.of(exc, step) from None
        return form.model_dump(mode="json", exclude_unset=True)

    def handover(self, target: str) -> Handover:
        """The hand-over to profile `target`, or HandoverNotOffered."""
        handover = next((h for h in self.handovers if h.profile == target), None)
        if handover is None:
            raise HandoverNotOffered(self.key, target)
        return handover

    def handover_unmet(self, ep: EpisodeSnapshot, target: str) -> list[Unmet]:
        """What still blocks handing the episode over to profile `target`."""
        return handover_allowed(ep) or all_unmet(self.handover(target).gates, ep)

    def check_record(
        self, step: str, data: Mapping[str, Any], behandelaar: Behandelaar
    ) -> list[Unmet]:
        """What `behandelaar` may not record in this step's (already valid) form."""
        if not any(c.step == step for c in self.record_checks):
            return []
        return self._refused(step, self.forms[step].model_validate(data), behandelaar)

    def require_record_allowed(self, step: str, form: BaseModel, behandelaar: Behandelaar) -> None:
        """Raise NotQualified when `behandelaar` may not record this (already parsed) form."""
        if refused := self._refused(step, form, behandelaar):
            raise NotQualified(refused)

    def _refused(self, step: str, form: BaseModel, behandelaar: Behandelaar) -> list[Unmet]:
        return [u for c in self.record_checks if c.step == step for u in c.check(form, behandelaar)]

    def extend(
        self,
        *,
        profile: str,
        version: int,
        registratie: str,
        description: str,
        forms: Mapping[Step, type[BaseModel]] | None = None,
        gates: Mapping[str, tuple[Gate, ...]] | None = None,
        triggers: tuple[Trigger, ...] = (),
        record_checks: tuple[RecordCheck, ...] = (),
        handovers: tuple[Handover, ...] = (),
        write_rules: tuple[WriteRule, ...] | None = None,
    ) -> "Definition":
        """A specialist profile: this process plus extra form sections, gates and triggers.

        `forms` replaces a step's form by a subclass of it (its extra section); `gates` adds
        gates to existing triggers by name; `triggers` adds new ones. Nothing of the base is
        copied by hand, so a change to the base process reaches every profile built on it.
        """
        forms, gates = forms or {}, gates or {}
        for step, form in forms.items():
            if not issubclass(form, self.forms[step]):
                raise TypeError(f"{profile}: form of {step} must extend {self.forms[step]}")
        unknown = set(gates) - {t.name for t in self.triggers}
        if unknown:
            raise ValueError(f"{profile}: gates for unknown triggers {sorted(unknown)}")
        steps = tuple(replace(s, form=forms.get(s.name, s.form)) for s in self.steps)
        extended = tuple(replace(t, gates=t.gates + gates.get(t.name, ())) for t in self.triggers)
        return Definition(
            profile=profile,
            version=version,
            registratie=registratie,
            description=description,
            steps=steps,
            triggers=extended + triggers,
            record_checks=self.record_checks + record_checks,
            handovers=self.handovers + handovers,
            write_rules=self.write_rules if write_rules is None else write_rules,
        )

    def fire(
        self, ep: EpisodeSnapshot, trigger: str, payload: Mapping[str, Any] | None = None
    ) -> Fired:
        """Move the episode by `trigger`, or raise why not.

        Raises, in this order: UnknownTrigger, FormInvalid for a payload that does not fit the
        trigger (both about the request itself), then TriggerNotAllowed or
        GatesUnmet (about the episode's state).
        """
        candidates = self._by_name.get(trigger)
        if candidates is None:
            raise UnknownTrigger(trigger)
        t = next((c for c in candidates if ep.status in c.sources), None)
        parsed = _check_payload(t or candidates[0], payload)
        checked = parsed.model_dump(mode="json") if parsed is not None else None
        if t is None:
            raise TriggerNotAllowed(trigger, ep.status)
        unmet = all_unmet(t.gates, ep)
        if t.payload_rule is not None and parsed is not None:
            unmet += t.payload_rule.check(ep, parsed)
        cursor = _Cursor(ep.status, gates_clear=not unmet)
        if not self._machine.events[trigger].trigger(cursor):
            raise GatesUnmet(trigger, unmet)
        return Fired(trigger=t, source=ep.status, dest=cursor.state, payload=checked)


def _check_payload(t: Trigger, payload: Mapping[str, Any] | None) -> BaseModel | None:
    """The trigger's payload, validated once (the payload rule reads the same model)."""
    try:
        if t.payload is None:
            if payload:
                # An unexpected payload is an error, not something to drop quietly.
                return _NoPayload.model_validate(payload)
            return None
        return t.payload.model_validate(payload or {})
    except ValidationError as exc:
        raise FormInvalid.of(exc, "payload") from None


class _NoPayload(BaseModel):
    model_config = {"extra": "forbid"}
