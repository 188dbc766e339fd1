"""What a gate sees of an episode: a read-only snapshot, built by whoever stores episodes."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from workflows.client import ClientFacts
from workflows.steps import Route, Status

if TYPE_CHECKING:
    from workflows.toestemming import Toestemming

F = TypeVar("F", bound=BaseModel)


@dataclass(frozen=True)
class EpisodeSnapshot:
    route: Route
    status: Status
    client: ClientFacts
    aangemeld_op: date
    records: Mapping[str, Mapping[str, Any]]
    """The current record per step, as stored (already validated by the step's form)."""
    sessie_count: int = 0
    metingen: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per instrument code, the moments measured so far (baseline, tussentijds, eind)."""
    aangehouden: bool = False
    """On hold: temporarily referred out during treatment (000 ch.2)."""
    toestemmingen: tuple["Toestemming", ...] = ()
    """The consents to share, oldest first (`toestemming.py`)."""
    berichten_verzonden: frozenset[str] = frozenset()
    """The soorten of bericht marked sent (e.g. `eindverslag`)."""
    vandaag: date = field(default_factory=date.today)
    """Today where the practice is: date-based rules (an evaluation moment) read it."""
    form_types: Mapping[str, type[BaseModel]] = field(default_factory=dict)
    """The episode's own form per step; a profile's form extends the base form."""
    _forms: dict[str, BaseModel] = field(default_factory=dict, repr=False, compare=False)

    def form(self, step: str, form_type: type[F]) -> F | None:
        """The step's record as `form_type` (or the profile's extension of it), or None if
        nothing was recorded for that step."""
        cached = self._forms.get(step)
        if isinstance(cached, form_type):
            return cached
        raw = self.records.get(step)
        if raw is None:
            return None
        own = self.form_types.get(step, form_type)
        parsed = (own if issubclass(own, form_type) else form_type).model_validate(raw)
        self._forms[step] = parsed
        return parsed

    @property
    def kind_onder_12(self) -> bool:
        return self.client.kind_onder_12(self.aangemeld_op)
