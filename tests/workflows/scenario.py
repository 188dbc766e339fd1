"""Snapshots for a profile's scenario tests: the episode as its gates see it, no app needed."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from workflows.client import ClientFacts
from workflows.definition import Definition
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS, Status

ADULT = ClientFacts(leeftijdsgroep="volwassene")


@dataclass(frozen=True)
class Scenario:
    definition: Definition

    def snapshot(
        self,
        status: Status,
        records: dict[str, dict[str, Any]] | None = None,
        *,
        sessies: int = 0,
        metingen: dict[str, frozenset[str]] | None = None,
    ) -> EpisodeSnapshot:
        return EpisodeSnapshot(
            route="dto",
            status=status,
            client=ADULT,
            aangemeld_op=date(2026, 3, 1),
            records=records or {},
            sessie_count=sessies,
            metingen=metingen or {},
            form_types=self.definition.forms,
        )

    def example(self, step: str) -> dict[str, Any]:
        """The step form's served example."""
        form: type[BaseModel] = self.definition.forms[step]
        examples: list[dict[str, Any]] = form.model_json_schema()["examples"]
        return examples[0]

    def unmet(self, status: Status, trigger: str, **kw: Any) -> list[str]:
        available = {
            a.trigger.name: a for a in self.definition.available(self.snapshot(status, **kw))
        }
        return [u.code for u in available[trigger].unmet]

    def fires(
        self, status: Status, trigger: str, payload: dict[str, Any] | None = None, **kw: Any
    ) -> str:
        return self.definition.fire(self.snapshot(status, **kw), trigger, payload).dest

    @property
    def forward(self) -> dict[str, str]:
        return {t.sources[0]: t.name for t in self.definition.triggers if t.kind == "voorwaarts"}

    def episode(self) -> dict[str, dict[str, Any]]:
        """Every step's example: a complete record of a whole episode."""
        return {step: self.example(step) for step in STEPS}
