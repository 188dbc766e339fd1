"""GET /v1/workflows: the process definitions as data, with every form's JSON Schema.

Every schema is generated with `DutchSchema`, so each field, value, step, trigger and profile
carries its Dutch title from the one vocabulary (`workflows/titels.py`).
"""

from functools import lru_cache

from fastapi import APIRouter, Query

from app import problems
from app.definitions.schemas import (
    AppendixOut,
    GateOut,
    HandoverDefOut,
    RecordCheckOut,
    StepOut,
    TriggerDefOut,
    WorkflowOut,
    WriteRuleOut,
)
from app.limits import DB_INT_MAX
from workflows import registry
from workflows.definition import Definition, PayloadRule
from workflows.gates import Gate
from workflows.steps import START_STEP
from workflows.titels import DutchSchema

router = APIRouter(prefix="/v1/workflows", tags=["workflows"])


@lru_cache(maxsize=64)
def _describe(definition: Definition) -> WorkflowOut:
    rules: list[Gate | PayloadRule] = [
        *(g for t in definition.triggers for g in t.gates),
        *(t.payload_rule for t in definition.triggers if t.payload_rule),
        *(g for h in definition.handovers for g in h.gates),
    ]
    gates = {g.name: g for g in rules}
    return WorkflowOut(
        profile=definition.profile,
        version=definition.version,
        key=definition.key,
        title=definition.title,
        registratie=definition.registratie,
        description=definition.description,
        start=dict(START_STEP),
        steps=[
            StepOut(
                name=s.name,
                title=s.title,
                description=s.description,
                form_schema=s.form.model_json_schema(schema_generator=DutchSchema),
                appendices=[
                    AppendixOut(
                        name=a.name,
                        title=a.title,
                        path=a.path,
                        form_schema=a.form.model_json_schema(schema_generator=DutchSchema),
                    )
                    for a in s.appendices
                ],
                berichten=list(s.berichten),
            )
            for s in definition.steps
        ],
        triggers=[
            TriggerDefOut(
                name=t.name,
                title=t.title,
                source=source,
                dest=t.dest,
                kind=t.kind,
                description=t.description,
                gates=[g.name for g in t.gates] + ([t.payload_rule.name] if t.payload_rule else []),
                payload_schema=(
                    t.payload.model_json_schema(schema_generator=DutchSchema) if t.payload else None
                ),
                vervalt=list(t.vervalt),
            )
            for t in definition.triggers
            for source in t.sources
        ],
        gates=[
            GateOut(name=g.name, source=g.source, description=g.description) for g in gates.values()
        ],
        record_checks=[
            RecordCheckOut(step=c.step, name=c.name, source=c.source, description=c.description)
            for c in definition.record_checks
        ],
        handovers=[
            HandoverDefOut(
                profile=h.profile, description=h.description, gates=[g.name for g in h.gates]
            )
            for h in definition.handovers
        ],
        write_rules=[
            WriteRuleOut(
                name=r.name,
                applies_to=list(r.applies_to),
                source=r.source,
                description=r.description,
            )
            for r in definition.write_rules
        ],
    )


@router.get("", responses=problems.responses(), summary="The profiles and their current versions")
def list_workflows() -> list[dict[str, str | int]]:
    return [
        {
            "profile": p,
            "version": registry.current(p).version,
            "key": registry.current(p).key,
            "title": registry.current(p).title,
        }
        for p in registry.profiles()
    ]


@router.get("/{profile}", responses=problems.responses(404), summary="One workflow definition")
def get_workflow(
    profile: str,
    version: int | None = Query(
        None, ge=1, le=DB_INT_MAX, description="Default: the current version."
    ),
) -> WorkflowOut:
    # An unknown profile or version raises UnknownProfile: 404, mapped in app/problems.py.
    definition = registry.get(profile, version) if version else registry.current(profile)
    return _describe(definition)
