"""The client facts the rules need, and nothing more (data minimisation).

The engine keeps the EPD's client reference plus these facts; never name, address or BSN.
"""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Leeftijdsgroep = Literal["kind_onder_12", "jeugd_12_tot_18", "volwassene"]


class ClientFacts(BaseModel):
    """Age and competence: they decide who must be involved (003 §2.2)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"leeftijdsgroep": "volwassene", "wilsbekwaam": True}]},
    )

    geboortedatum: date | None = Field(
        default=None, description="Geboortedatum; alleen nodig als de leeftijdsgroep ontbreekt."
    )
    leeftijdsgroep: Leeftijdsgroep | None = Field(
        default=None,
        description="Leeftijdsgroep bij aanmelding, als alternatief voor geboortedatum.",
    )
    wilsbekwaam: bool = Field(
        default=True, description="Onwaar: naasten of vertegenwoordigers werken mee (003 §2.2)."
    )

    @model_validator(mode="after")
    def _age_known(self) -> Self:
        if self.geboortedatum is None and self.leeftijdsgroep is None:
            raise ValueError("geef geboortedatum of leeftijdsgroep op")
        return self

    def kind_onder_12(self, on: date) -> bool:
        """Under 12 at `on` (the aanmelding date): parents must be involved (003 §2.2)."""
        if self.geboortedatum is not None:
            born = self.geboortedatum
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            return age < 12
        return self.leeftijdsgroep == "kind_onder_12"
