"""Request and response shapes for practices, therapists, EPD integrations and tokens."""

from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.types import vandaag
from workflows.registraties import BASIS, Registratie

Register = Literal[
    "oefentherapeut",
    "bekkenoefentherapeut",
    "psychosomatisch_oefentherapeut",
    "kinderoefentherapeut",
    "geriatrie_oefentherapeut",
]
Rol = Literal["therapeut", "praktijkbeheerder"]

_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)

_REGISTER = (
    "The register of the Kwaliteitsregister Paramedici. `oefentherapeut` is the base title "
    "(protected by the Wet BIG: it does not lapse); every other one is a specialist "
    "registration, which counts only while it is valid."
)
_NUMMER = "The registration number in the Kwaliteitsregister Paramedici: 1-12 digits."
_GELDIG_TOT = (
    "Last day the registration is valid (the five-yearly herregistratie, 003 §3.3). Required "
    "for a specialist registration: once it has passed, the registration counts as missing "
    "(403 `/problems/registration-missing`) until it is renewed with a new date. Optional for "
    "the base registration, which never lapses."
)


# `register` is the API's name; in Python it would shadow `BaseModel.register` (ABC), hence
# `register_` with that alias, read and written only by the alias.
_BY_ALIAS = ConfigDict(validate_by_alias=True, validate_by_name=False, serialize_by_alias=True)


class RegistratieIn(BaseModel):
    """One registration of the therapist in the Kwaliteitsregister Paramedici."""

    model_config = _BY_ALIAS | ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {
                    "register": "bekkenoefentherapeut",
                    "nummer": "29012345678",
                    "geldig_tot": "2029-06-30",
                }
            ]
        },
    )

    register_: Register = Field(alias="register", description=_REGISTER)
    nummer: str | None = Field(default=None, pattern=r"^\d{1,12}$", description=_NUMMER)
    geldig_tot: date | None = Field(default=None, validate_default=True, description=_GELDIG_TOT)

    @field_validator("geldig_tot")
    @classmethod
    def _specialist_has_an_end(cls, value: date | None, info: ValidationInfo) -> date | None:
        register = info.data.get("register_")
        if value is None and register is not None and register != BASIS:
            raise PydanticCustomError(
                "missing",
                "Verplicht voor een specialistische registratie ({register}): de datum tot "
                "wanneer zij geldig is.",
                {"register": register},
            )
        return value


def _one_per_register(value: list[RegistratieIn] | None) -> list[RegistratieIn]:
    """Each register once; stored in the order of the register names. (Only an explicit null
    reaches this as None: the column holds a list.)"""
    if value is None:
        raise PydanticCustomError(
            "not_null", "Laat registraties weg om ze te houden; null kan niet."
        )
    seen = [r.register_ for r in value]
    if len(set(seen)) != len(seen):
        raise PydanticCustomError("registratie.dubbel", "Noem elke registratie één keer.")
    return sorted(value, key=lambda r: r.register_)


class RegistratieOut(BaseModel):
    model_config = _BY_ALIAS

    register_: str = Field(alias="register", description=_REGISTER)
    nummer: str | None = Field(description=_NUMMER)
    geldig_tot: date | None = Field(description=_GELDIG_TOT)

    @classmethod
    def of(cls, r: Registratie) -> "RegistratieOut":
        return cls.model_validate(
            {"register": r.register, "nummer": r.nummer, "geldig_tot": r.geldig_tot}
        )

    @computed_field(  # type: ignore[prop-decorator]
        description="Whether the registration counts today (Dutch time): the base registration "
        "always, a specialist one while `geldig_tot` is today or later."
    )
    @property
    def geldig(self) -> bool:
        return Registratie(self.register_, self.nummer, self.geldig_tot).geldig_op(vandaag())


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

    @field_validator("naam", "totp_required")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:  # only an explicit null gets here: the columns always hold a value
            raise PydanticCustomError(
                "not_null", "Laat het veld weg om het te houden; null kan niet."
            )
        return value

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
                    "registraties": [
                        {"register": "oefentherapeut", "nummer": "29012345678"},
                        {
                            "register": "bekkenoefentherapeut",
                            "nummer": "29012345678",
                            "geldig_tot": "2029-06-30",
                        },
                    ],
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
    registraties: list[RegistratieIn] = Field(
        min_length=1, max_length=len(get_args(Register)), description="Each register once."
    )
    inwendig_onderzoek_bevoegd: bool = Field(
        default=False, description="Trained for inwendig onderzoek/behandelen (000 ch.2)."
    )
    rol: Rol = "therapeut"
    password: str | None = Field(
        default=None, min_length=12, max_length=256, description="Never returned or logged."
    )

    _registers = field_validator("registraties")(_one_per_register)


class TherapistUpdate(BaseModel):
    model_config = _STRICT | ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "registraties": [
                        {"register": "oefentherapeut", "nummer": "29012345678"},
                        {
                            "register": "bekkenoefentherapeut",
                            "nummer": "29012345678",
                            "geldig_tot": "2034-06-30",
                        },
                    ]
                }
            ]
        }
    )

    naam: str | None = Field(default=None, min_length=1, max_length=200)
    big_nummer: str | None = Field(default=None, pattern=r"^\d{11}$")
    kp_nummer: str | None = Field(default=None, pattern=r"^\d{4,20}$")
    registraties: list[RegistratieIn] | None = Field(
        default=None,
        min_length=1,
        max_length=len(get_args(Register)),
        description="Replaces the whole list (a herregistratie: the same register with a new "
        "`geldig_tot`).",
    )
    inwendig_onderzoek_bevoegd: bool | None = None
    rol: Rol | None = None
    password: str | None = Field(default=None, min_length=12, max_length=256)
    active: bool | None = Field(
        default=None,
        description="`true` brings a deactivated therapist back: she logs in again with her "
        "password (her old tokens stay revoked). `false` deactivates, as DELETE does, and "
        "revokes her tokens.",
    )

    _registers = field_validator("registraties")(_one_per_register)

    @field_validator("naam", "inwendig_onderzoek_bevoegd", "rol", "password", "active")
    @classmethod
    def _not_null(cls, value: object) -> object:
        # Only an explicit null reaches a validator here (an absent field keeps its default):
        # these columns always hold a value, so null is a mistake, not "clear it".
        if value is None:
            raise PydanticCustomError(
                "not_null", "Laat het veld weg om het te houden; null kan niet."
            )
        return value


class TherapistOut(BaseModel):
    id: int
    practice_id: int
    naam: str
    login: str
    big_nummer: str | None
    kp_nummer: str | None
    registraties: list[RegistratieOut]
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


class PasswordChange(BaseModel):
    """A therapist's own new password, with the current one to prove it is them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"huidig": "een lang en geheim wachtwoord", "nieuw": "een ander lang wachtwoord"}
            ]
        },
    )

    huidig: str = Field(min_length=1, max_length=256, description="The current password.")
    nieuw: str = Field(min_length=12, max_length=256, description="The new password.")


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
    registraties: list[RegistratieOut] = Field(
        description="The therapist's registrations, each with whether it counts today (an "
        "EPD integration: none)."
    )
    inwendig_onderzoek_bevoegd: bool
    access: Access = Field(description="`totp-enrolment`: see `NewToken.access`.")
    totp_enrolled: bool
    totp_required: bool = Field(description="A praktijkbeheerder, or the practice requires it.")
    token_id: int = Field(
        description="The token this request came with (its `id` in GET /v1/tokens), so a "
        "client can tell its own session from the others."
    )
