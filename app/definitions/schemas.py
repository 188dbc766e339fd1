"""The served workflow definition: what an EPD or the web client needs to drive an episode.

Codes (`name`, `profile`, field names, enum values) are what an EPD sends; each comes with the
Dutch `title` a therapist reads: steps, triggers, appendices and the profile here, fields and
values in each form's JSON Schema (`title`, and `oneOf` beside every `enum`).
"""

from typing import Any

from pydantic import BaseModel, Field


class GateOut(BaseModel):
    name: str
    source: str = Field(description="Where the rule comes from (seed document and section).")
    description: str


class AppendixOut(BaseModel):
    name: str
    title: str = Field(description="What a therapist calls it, e.g. `Behandelsessie`.")
    path: str = Field(description="POST rows to `/v1/episodes/{id}/<path>`.")
    form_schema: dict[str, Any]


class StepOut(BaseModel):
    name: str
    title: str = Field(description="What a therapist calls the step, e.g. `Behandelplan`.")
    description: str
    form_schema: dict[str, Any] = Field(
        description="JSON Schema of the step's form, with examples."
    )
    appendices: list[AppendixOut] = Field(
        description="Rows appended during the step (e.g. sessions in behandeling)."
    )
    berichten: list[str] = Field(
        default_factory=list,
        description="Berichten the step expects before it is finished, e.g. `eindverslag` in "
        "afsluiting: add the recipient (POST …/contacten), record the client's consent (POST "
        "…/toestemmingen), make the bericht (POST …/berichten) and mark it sent (POST "
        "…/berichten/{bericht_id}/verzonden); the OpenAPI examples of those bodies fit.",
    )


class TriggerDefOut(BaseModel):
    name: str
    title: str = Field(
        description="What a therapist calls it, e.g. `Anamnese afronden` for "
        "`anamnese_afronden`; `name` is the code to fire."
    )
    source: str
    dest: str
    kind: str = Field(description="voorwaarts (main path), lus (loop back) or uitstroom (exit).")
    description: str
    gates: list[str] = Field(description="Names of the gates that must be clear.")
    payload_schema: dict[str, Any] | None = Field(description="JSON Schema of the payload, if any.")
    vervalt: list[str] = Field(
        default_factory=list,
        description="Record fields (step.field) that lapse when this trigger fires: the engine "
        "saves a new version of that record without them (e.g. the plan's agreement on "
        "bijstellen).",
    )


class RecordCheckOut(BaseModel):
    step: str
    name: str
    source: str
    description: str


class HandoverDefOut(BaseModel):
    profile: str
    description: str
    gates: list[str]


class WriteRuleOut(BaseModel):
    name: str
    applies_to: list[str] = Field(
        description="What it guards: episode (the aanmelding), record, sessie, measurement, "
        "client, handover."
    )
    source: str = Field(description="Seed document and section, or engine policy.")
    description: str


class WorkflowOut(BaseModel):
    profile: str
    version: int
    key: str = Field(description="`<profile>@<version>`, as episodes report it.")
    title: str = Field(
        description="The profile as a therapist names it, e.g. `Bekkenoefentherapie`."
    )
    registratie: str = Field(description="Registration a therapist needs for this profile.")
    description: str
    start: dict[str, str] = Field(description="First step per route.")
    steps: list[StepOut]
    triggers: list[TriggerDefOut]
    gates: list[GateOut]
    record_checks: list[RecordCheckOut] = Field(
        description="Who may record what (e.g. inwendig onderzoek only when trained)."
    )
    handovers: list[HandoverDefOut]
    write_rules: list[WriteRuleOut] = Field(
        description="When what may be written: records, sessions, measurements, client facts, "
        "hand-overs. A refused write is 409 with the rule's items in `unmet`."
    )
