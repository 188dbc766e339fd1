"""Small payloads that some triggers carry, validated like a form.

A trigger that closes the episode early or loops back must say why; the reason lands in the
episode's event history, so the record is never closed or revised silently.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from workflows.forms import form_config
from workflows.instemming import Instemming


class Reden(BaseModel):
    """Why the client stops, or why the plan is revised or the client re-examined."""

    model_config = form_config({"reden": "Cliënt wil de behandeling niet voortzetten."})

    reden: str = Field(min_length=1, max_length=2000, description="De reden, in eigen woorden.")


class Advies(BaseModel):
    """The advice or referral given when the episode closes without treatment."""

    model_config = form_config(
        {"advies": "Contact opnemen met de huisarts.", "verwezen_naar": "huisarts"}
    )

    advies: str = Field(min_length=1, max_length=2000, description="Het gegeven advies.")
    verwezen_naar: str | None = Field(
        default=None, min_length=1, max_length=200, description="Naar wie verwezen (indien)."
    )


class Voortzetten(BaseModel):
    """Continuing treatment after evaluation is agreed with the client (engine policy)."""

    model_config = form_config({"akkoord_client": True, "reden": "Hoofddoel nog niet bereikt."})

    akkoord_client: Literal[True] = Field(description="De cliënt stemt in met voortzetten.")
    reden: str = Field(min_length=1, max_length=2000, description="Waarom de behandeling doorgaat.")


class TijdelijkeVerwijzing(BaseModel):
    """A temporary referral out during treatment: to whom and why (000 ch.2)."""

    model_config = form_config(
        {"verwezen_naar": "bekkenfysiotherapeut", "reden": "Objectiveren van de bekkenbodem."}
    )

    verwezen_naar: str = Field(min_length=1, max_length=200, description="Naar wie verwezen.")
    reden: str = Field(
        min_length=1, max_length=2000, description="Waarom, en wat je terug verwacht."
    )


class ArtsVerwijzing(BaseModel):
    """A referral to an arts after the screening: the signs that call for it, and the advice
    (003 Bijlage 1 art. 21a; 004 ch.2)."""

    model_config = form_config(
        {
            "aanwijzingen": ["Nachtelijke pijn en onverklaard gewichtsverlies"],
            "advies": "Contact opnemen met de huisarts voor nader onderzoek.",
            "verwezen_naar": "huisarts",
        }
    )

    aanwijzingen: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = Field(
        min_length=1,
        max_length=20,
        description="De aanwijzingen voor een aandoening waarvoor een arts nodig is.",
    )
    advies: str = Field(min_length=1, max_length=2000, description="Het gegeven advies.")
    verwezen_naar: str = Field(
        min_length=1, max_length=200, description="Naar welke arts (bijv. huisarts)."
    )


class VoortzettenMetInstemming(BaseModel):
    """Continuing treatment after evaluation, agreed by whoever agrees for this client
    (`workflows/instemming.py`)."""

    model_config = form_config(
        {
            "akkoord": {"door": ["client"], "datum": "2026-05-06", "wijze": "mondeling"},
            "reden": "Hoofddoel nog niet bereikt.",
        }
    )

    akkoord: Instemming = Field(description="Wie instemde met voortzetten, en wanneer.")
    reden: str = Field(min_length=1, max_length=2000, description="Waarom de behandeling doorgaat.")
