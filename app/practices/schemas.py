"""Request and response shapes for practices, therapists, EPD integrations and tokens."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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

    naam: str | None = Field(default=None, min_length=1, max_length=200)
    totp_required: bool | None = Field(
        default=None,
        description="Every therapist logs in with a TOTP code (a praktijkbeheerder always "
        "does). Until they have enrolled, their tokens serve only to enrol.",
    )

    @model_validator(mode="after")
    def _something(self) -> "PracticeUpdate":
        if self.naam is None and self.totp_required is None:
            raise ValueError("noem naam en/of totp_required")
        return self


class PracticeOut(BaseModel):
    id: int
    naam: str
    agb_code: str
    totp_required: bool
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
    totp_enrolled_at: datetime | None = Field(
        description="When two-factor login (TOTP) was set up; None: not (yet)."
    )
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
    second_factor: bool = Field(description="Issued after a TOTP code was checked.")


Access = Literal["full", "totp-enrolment"]


class NewToken(TokenOut):
    token: str = Field(description="Shown once: only its hash is stored.")
    access: Access = Field(
        default="full",
        description="`totp-enrolment`: two-factor login is required of this therapist and not "
        "set up yet; the token serves only `GET /v1/me`, `POST /v1/me/totp`, "
        "`POST /v1/me/totp/confirm` and `POST /v1/auth/logout` (15 minutes).",
    )


TotpCode = Annotated[str, Field(pattern=r"^\d{6}$", description="6 digits, from the app.")]


def _digits_only(value: object) -> object:
    """People type codes as `123 456`."""
    return value.replace(" ", "") if isinstance(value, str) else value


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    login: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=256)
    totp_code: TotpCode | None = Field(
        default=None, description="Required once two-factor login (TOTP) is set up."
    )

    _digits = field_validator("totp_code", mode="before")(_digits_only)


class TotpEnrolment(BaseModel):
    secret: str = Field(description="Base32, to type into the app: shown once.")
    otpauth_uri: str = Field(
        description="`otpauth://totp/...` for a QR code or an app link: shown once."
    )


class TotpConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: TotpCode

    _digits = field_validator("code", mode="before")(_digits_only)


class MeOut(BaseModel):
    kind: str
    id: int
    naam: str
    practice_id: int
    rol: str | None
    registraties: list[str]
    inwendig_onderzoek_bevoegd: bool
    access: Access = Field(description="`totp-enrolment`: see `NewToken.access`.")
    totp_enrolled: bool
    totp_required: bool = Field(description="A praktijkbeheerder, or the practice requires it.")
