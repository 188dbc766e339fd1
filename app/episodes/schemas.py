"""Request and response shapes of the episode API."""

from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.limits import DB_INT_MAX
from app.problems import UnmetOut
from workflows import forms, registry, write_rules
from workflows.client import ClientFacts
from workflows.instemming import Door
from workflows.steps import Route, Status, Step
from workflows.toestemming import Besluit, Doel

# 003 ch.2 names (huis)arts and medisch specialist; 001 names the verloskundige as a route in to
# pelvic care, and the consultatiebureau (its jeugdarts) for children.
VerwijzerType = Literal[
    "huisarts",
    "medisch_specialist",
    "bedrijfsarts",
    "jeugdarts",
    "consultatiebureau",
    "verloskundige",
    "andere_arts",
]

CREATE_EXAMPLE: dict[str, Any] = {
    "client_ref": "EPD-000123",
    "profile": "algemeen",
    "route": "verwijzing",
    "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
    "verwijzing": {
        "verwijzer_type": "huisarts",
        "datum": "2026-03-01",
        "verwijsdiagnose": "Aspecifieke lage rugklachten",
        "vraag": "Graag oefentherapie gericht op tillen.",
        "verwijzer": {
            "naam": "J. de Vries, huisarts",
            "agb": "01012345",
            "organisatie": "Huisartsenpraktijk De Linde",
        },
    },
}


# --- contacts and consents to share (issue 12) -----------------------------------------------

ContactRol = Literal["verwijzer", "huisarts", "medisch_specialist", "collega", "anders"]

CONTACT_EXAMPLE: dict[str, Any] = {
    "rol": "huisarts",
    "naam": "J. de Vries, huisarts",
    "agb": "01012345",
    "organisatie": "Huisartsenpraktijk De Linde",
}


class ContactGegevens(BaseModel):
    """A care provider letters go to: practice data, never the client's own."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    naam: str = Field(min_length=1, max_length=200, description="Naam van de zorgverlener.")
    agb: str = Field(
        pattern=r"^[0-9]{8}$",
        description="AGB-code van de zorgverlener: precies 8 cijfers, als tekst (een voorloopnul "
        "telt mee).",
        examples=["01012345"],
    )
    organisatie: str | None = Field(
        default=None, min_length=1, max_length=200, description="Praktijk of instelling."
    )


class ContactIn(ContactGegevens):
    """Someone the episode's letters go to: practice data, never the client's own."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [CONTACT_EXAMPLE]},
    )

    rol: ContactRol = Field(
        description="De verwijzer, de huisarts van de cliënt, een medisch specialist, een "
        "collega (intercollegiaal overleg) of anders."
    )


class Verwijzing(BaseModel):
    """The referral: documentenanalyse at aanmelding (003 ch.2 Stappen 1 en 2)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    verwijzer_type: VerwijzerType = Field(
        description="Wie verwees: (huis)arts of medisch specialist (003), bedrijfsarts, jeugdarts "
        "of consultatiebureau (001), verloskundige (001)."
    )
    datum: date = Field(description="Datum van de verwijzing.")
    verwijsdiagnose: str | None = Field(default=None, min_length=1, max_length=1000)
    vraag: str | None = Field(
        default=None, min_length=1, max_length=2000, description="Verwijsvraag."
    )
    verwijzer: ContactGegevens | None = Field(
        default=None,
        description="Wie verwees (naam, AGB-code, organisatie): wordt het eerste contact van de "
        "episode, met rol verwijzer, aan wie de berichten kunnen gaan.",
    )

    @model_validator(mode="after")
    def _diagnose_or_vraag(self) -> Self:
        if self.verwijsdiagnose is None and self.vraag is None:
            raise ValueError("geef een verwijsdiagnose of een verwijsvraag op")
        return self


class EpisodeCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [CREATE_EXAMPLE]}
    )

    client_ref: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:\-]+$",
        description="The EPD's own reference for the client; never a name or BSN.",
    )
    profile: str = Field(default="algemeen", description="Workflow profile, e.g. `algemeen`.")
    route: Route = Field(description="`dto` starts at screening, `verwijzing` at anamnese.")
    client: ClientFacts
    verwijzing: Verwijzing | None = Field(
        default=None, description="Required for route verwijzing."
    )
    aangemeld_op: date | None = Field(
        default=None, description="Date of aanmelding; default today."
    )
    therapist_id: int | None = Field(
        default=None,
        ge=1,
        le=DB_INT_MAX,
        description="Responsible therapist; default the calling therapist, required for an EPD.",
    )

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, profile: str) -> str:
        if profile not in registry.profiles():
            raise ValueError(f"onbekend profiel; kies uit {', '.join(registry.profiles())}")
        return profile

    @model_validator(mode="after")
    def _route_fits(self) -> Self:
        # The rule is the workflow's (workflows/write_rules.py, aanmelding.verwijzing).
        if unmet := write_rules.aanmelding_unmet(self.route, self.verwijzing is not None):
            raise ValueError(unmet[0].message)
        if self.route == "dto" and self.verwijzing is not None:
            raise ValueError("route dto heeft geen verwijzing; kies route verwijzing")
        return self


class ContactOut(BaseModel):
    id: int = Field(description="Its place in the episode's list of contacts, from 1.")
    rol: ContactRol
    naam: str
    agb: str
    organisatie: str | None = None


class ContactList(BaseModel):
    items: list[ContactOut] = Field(description="In the order they were added.")


TOESTEMMING_EXAMPLE: dict[str, Any] = {
    "doel": "eindverslag",
    "ontvanger": None,
    "besluit": "gegeven",
    "door": ["client"],
    "datum": "2026-03-02",
    "wijze": "mondeling",
    "toelichting": "Besproken bij de intake.",
}


class ToestemmingIn(BaseModel):
    """A consent to share, as recorded: for what, with whom, the decision, by whom, when, how.
    Records are never changed: a later record for the same doel and ontvanger replaces the one
    that holds (`workflows/toestemming.py`)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [TOESTEMMING_EXAMPLE]},
    )

    doel: Doel = Field(description="Waarvoor informatie wordt gedeeld.")
    ontvanger: int | None = Field(
        default=None,
        ge=1,
        le=DB_INT_MAX,
        description="Het contact (id uit GET .../contacten) voor wie het geldt; null: elke "
        "ontvanger van dit doel.",
    )
    besluit: Besluit = Field(
        description="Gegeven, geweigerd, of ingetrokken (alleen wat gegeven is, kan worden "
        "ingetrokken)."
    )
    door: list[Door] = Field(
        min_length=1,
        max_length=3,
        description="Wie besliste: de cliënt, de ouders (of voogd) van een kind onder 12, de "
        "vertegenwoordiger van een wilsonbekwame cliënt; van 12 tot 16 de cliënt én de ouders "
        "(WGBO art. 7:450 en 7:465).",
    )
    datum: date = Field(description="Datum van het besluit; niet in de toekomst.")
    wijze: Literal["mondeling", "schriftelijk"] = Field(description="Hoe het besluit is gegeven.")
    toelichting: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="Bijv. waarom geweigerd, of de rol van de vertegenwoordiger (geen namen).",
    )


class ToestemmingOut(BaseModel):
    id: int = Field(description="Its place in the episode's consent history, from 1.")
    doel: Doel
    ontvanger: int | None = Field(description="The contact id; null: any recipient.")
    besluit: Besluit
    door: list[Door]
    datum: date
    wijze: Literal["mondeling", "schriftelijk"]
    toelichting: str | None = None
    vastgelegd_door: str = Field(description="Who recorded it.")
    vastgelegd_op: datetime = Field(description="When it was recorded (UTC).")


class ToestemmingList(BaseModel):
    items: list[ToestemmingOut] = Field(description="Every record, oldest first.")
    geldend: list[ToestemmingOut] = Field(
        description="Per doel and ontvanger, the record that holds now (the latest for exactly "
        "that pair)."
    )


class TriggerOut(BaseModel):
    name: str
    dest: Status
    kind: str
    payload_required: bool
    unmet: list[UnmetOut]


class EpisodeSummary(BaseModel):
    id: int
    client_ref: str
    profile: str
    definition_version: str = Field(description="`<profile>@<version>` the episode runs on.")
    route: Route
    therapist_id: int = Field(description="The responsible therapist.")
    status: Status = Field(description="The current step, or `afgesloten`.")
    version: int
    created_at: datetime
    updated_at: datetime


class HandoverOut(BaseModel):
    profile: str = Field(description="The profile the episode can be handed over to.")
    unmet: list[UnmetOut]


class HandoverIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"profile": "psychosomatisch", "therapist_id": 2}]},
    )

    profile: str = Field(min_length=1, max_length=32, description="The profile to move to.")
    therapist_id: int = Field(
        ge=1, le=DB_INT_MAX, description="The new responsible therapist (registered)."
    )


class EpisodeOut(EpisodeSummary):
    client: ClientFacts
    verwijzing: Verwijzing | None
    aangemeld_op: date
    sessie_count: int
    aangehouden: dict[str, Any] | None = Field(
        description="Set while the client is temporarily referred out (to whom, why, since)."
    )
    records: list[Step] = Field(
        description="The steps that have a saved record, in process order: read those with "
        "GET .../records/{step}; the others have none yet."
    )
    available_triggers: list[TriggerOut]
    available_handovers: list[HandoverOut] = Field(
        description="Profiles this episode may be handed over to, each with what still blocks it."
    )
    contacten: list[ContactOut] = Field(
        description="Who the letters go to (practice data), as GET .../contacten lists them."
    )
    toestemmingen_geldend: list[ToestemmingOut] = Field(
        description="Per doel and ontvanger the consent that holds now, as the `geldend` of "
        "GET .../toestemmingen."
    )


class EpisodeListItem(EpisodeSummary):
    waiting_on: list[UnmetOut] | None = Field(
        default=None,
        description="With `waiting=true`: what the step's forward trigger still needs (empty: "
        "it can go on); null without, and once the episode is afgesloten.",
    )


class EpisodePage(BaseModel):
    items: list[EpisodeListItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TransitionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"trigger": "anamnese_afronden"},
                {"trigger": "client_stopt", "payload": {"reden": "Cliënt verhuist."}},
            ]
        },
    )

    trigger: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any] | None = Field(
        default=None, description="For triggers that need one (see the workflow definition)."
    )


class RecordOut(BaseModel):
    episode_id: int
    step: Step
    version: int = Field(description="Version of this step's record (1 for the first save).")
    episode_version: int = Field(description="The episode's version after the save: next If-Match.")
    data: dict[str, Any]
    saved_at: datetime
    saved_by: str
    correctie_reden: str | None = Field(
        default=None,
        description="Why this version corrects a step already passed; null for a plain save.",
    )


CORRECTION_EXAMPLE: dict[str, Any] = {
    "reden": "Hulpvraag onvolledig overgenomen; aangevuld met de fietsafstand naar het werk.",
    "record": forms.ANAMNESE_EXAMPLE
    | {"hulpvraag": "Weer zonder pijn boodschappen dragen en 12 km naar het werk fietsen."},
}


class CorrectionIn(BaseModel):
    """A correction of a step already passed (third edition): the reason and the whole form."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [CORRECTION_EXAMPLE]},
    )

    reden: str = Field(
        min_length=1, max_length=2000, description="Waarom de vastlegging wordt gecorrigeerd."
    )
    record: dict[str, Any] = Field(
        description="The step's whole form as it should read (it replaces the current record); "
        "its JSON Schema is in GET /v1/workflows/{profile}."
    )


class SessieOut(BaseModel):
    id: int
    episode_id: int
    datum: date
    data: dict[str, Any]
    created_at: datetime
    created_by: str


class SessiePage(BaseModel):
    items: list[SessieOut]
    next_cursor: str | None


class EventOut(BaseModel):
    id: int
    kind: str
    actor: str
    at: datetime
    episode_version: int
    data: dict[str, Any]


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: str | None
