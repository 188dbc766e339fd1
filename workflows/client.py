"""The client facts the rules need, and nothing more (data minimisation).

The engine keeps the EPD's client reference plus these facts; never name, address or BSN.
"""

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Leeftijdsgroep = Literal["kind_onder_12", "jeugd_12_tot_18", "volwassene"]
Geslacht = Literal["vrouw", "man", "ongedifferentieerd", "onbekend"]


class ClientFacts(BaseModel):
    """Age and competence decide who must be involved (003 §2.2); sex only where a profile's
    rules need it (bekken)."""

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
    geslacht: Geslacht | None = Field(
        default=None,
        description="Geslacht (waarden van de zib Patient); alleen nodig waar een profiel het "
        "vraagt: de domeinanamneses van de bekkenoefentherapeut (000 ch.2).",
    )

    @model_validator(mode="after")
    def _age_known(self) -> Self:
        if self.geboortedatum is None and self.leeftijdsgroep is None:
            raise ValueError("geef geboortedatum of leeftijdsgroep op")
        return self

    def leeftijd(self, on: date) -> int | None:
        """Age in whole years at `on`, when the birth date is known."""
        if self.geboortedatum is None:
            return None
        born = self.geboortedatum
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def kind_onder_12(self, on: date) -> bool:
        """Under 12 at `on` (the aanmelding date): parents must be involved (003 §2.2)."""
        age = self.leeftijd(on)
        if age is not None:
            return age < 12
        return self.leeftijdsgroep == "kind_onder_12"
