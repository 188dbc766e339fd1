"""Request and response shapes for practices, therapists, EPD integrations and tokens."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Registratie = Literal[
    "oefentherapeut",
    "bekkenoefentherapeut",
    "psychosomatisch_oefentherapeut",
    "kinderoefentherapeut",
    "geriatrie_oefentherapeut",
]
Rol = Literal["therapeut", "praktijkbeheerder"]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PracticeIn(BaseModel):
    model_config = _STRICT

    naam: str = Field(min_length=1, max_length=200)
    agb_code: str = Field(pattern=r"^\d{8}$", description="AGB-code of the practice (8 digits).")


class PracticeUpdate(BaseModel):
    model_config = _STRICT

    naam: str = Field(min_length=1, max_length=200)


class PracticeOut(BaseModel):
    id: int
    naam: str
    agb_code: str
    version: int
    created_at: datetime


class TherapistIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "naam": "T. Testtherapeut",
                    "login": "t.testtherapeut",
                    "kp_nummer": "123456789",
                    "registraties": ["oefentherapeut", "bekkenoefentherapeut"],
                    "inwendig_onderzoek_bevoegd": True,
                    "rol": "therapeut",
                    "password": "een lang en geheim wachtwoord",
                }
            ]
        },
    )

    naam: str = Field(min_length=1, max_length=200)
    login: str = Field(min_length=3, max_length=100, pattern=r"^[a-z0-9._@-]+$")
    big_nummer: str | None = Field(default=None, pattern=r"^\d{11}$")
    kp_nummer: str | None = Field(default=None, pattern=r"^\d{4,20}$")
    registraties: list[Registratie] = Field(min_length=1)
    inwendig_onderzoek_bevoegd: bool = Field(
        default=False, description="Trained for inwendig onderzoek/behandelen (000 ch.2)."
    )
    rol: Rol = "therapeut"
    password: str | None = Field(
        default=None, min_length=12, max_length=256, description="Never returned or logged."
    )


class TherapistUpdate(BaseModel):
    model_config = _STRICT

    naam: str | None = Field(default=None, min_length=1, max_length=200)
    big_nummer: str | None = Field(default=None, pattern=r"^\d{11}$")
    kp_nummer: str | None = Field(default=None, pattern=r"^\d{4,20}$")
    registraties: list[Registratie] | None = Field(default=None, min_length=1)
    inwendig_onderzoek_bevoegd: bool | None = None
    rol: Rol | None = None
    password: str | None = Field(default=None, min_length=12, max_length=256)


class TherapistOut(BaseModel):
    id: int
    practice_id: int
    naam: str
    login: str
    big_nummer: str | None
    kp_nummer: str | None
    registraties: list[str]
    inwendig_onderzoek_bevoegd: bool
    rol: str
    active: bool
    version: int
    created_at: datetime


class TherapistPage(BaseModel):
    items: list[TherapistOut]
    next_cursor: str | None


class ApiClientIn(BaseModel):
    model_config = _STRICT

    naam: str = Field(min_length=1, max_length=200, description="Name of the EPD integration.")


class ApiClientOut(BaseModel):
    id: int
    practice_id: int
    naam: str
    active: bool
    version: int
    created_at: datetime


class TokenIn(BaseModel):
    model_config = _STRICT

    days: int = Field(default=90, ge=1, le=366, description="Days until the token expires.")


class TokenOut(BaseModel):
    id: int
    therapist_id: int | None
    api_client_id: int | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class NewToken(TokenOut):
    token: str = Field(description="Shown once: only its hash is stored.")


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=256)


class MeOut(BaseModel):
    kind: str
    id: int
    naam: str
    practice_id: int
    rol: str | None
    registraties: list[str]
    inwendig_onderzoek_bevoegd: bool
