"""Routes: log in, who am I, the practice, its therapists, EPD integrations and tokens."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from app import problems
from app.db import DatabaseDep
from app.http import IfMatchHeader, RawBody, etag, json_response, parse_body, request_body
from app.limits import DB_INT_MAX
from app.practices import service, totp
from app.practices.auth import CurrentPrincipal, EnrollingPrincipal, PracticeAdmin
from app.practices.schemas import (
    ApiClientIn,
    ApiClientOut,
    LoginIn,
    MeOut,
    NewToken,
    PasswordChange,
    PracticeOut,
    PracticeUpdate,
    RegistratieOut,
    TherapistIn,
    TherapistOut,
    TherapistPage,
    TherapistUpdate,
    TokenIn,
    TokenOut,
    TotpConfirm,
    TotpEnrolment,
)
from app.practices.service import PracticeService

router = APIRouter(prefix="/v1", tags=["practice"])
# Declared in the OpenAPI, so clients (and the authorisation tests) can see who may call it.
ADMIN_ONLY = {"x-required-role": "praktijkbeheerder"}
Id = Annotated[int, Path(ge=1, le=DB_INT_MAX)]


async def _any(db: DatabaseDep, principal: CurrentPrincipal) -> PracticeService:
    return PracticeService(db, principal)


async def _admin(db: DatabaseDep, principal: PracticeAdmin) -> PracticeService:
    return PracticeService(db, principal)


Practice = Annotated[PracticeService, Depends(_any)]
Admin = Annotated[PracticeService, Depends(_admin)]
# Routes that also take a token which serves only to set up two-factor login: see `auth.py`.
ENROLMENT_TOO = {"x-enrolment-token": True}


def _secret_box(request: Request) -> totp.SecretBox:
    return totp.box_for(request.app.state.settings.totp_key_bytes())


SecretBoxDep = Annotated[totp.SecretBox, Depends(_secret_box)]


@router.post(
    "/auth/login",
    responses=problems.responses(429),
    openapi_extra=request_body(LoginIn),
    summary="Log in with a password (and, once set up, a TOTP code): a bearer token (12 hours)",
    description="401 `/problems/unauthorized`: unknown login or wrong password. After the right "
    "password, for a therapist who has set up two-factor login: 401 `/problems/totp-required` "
    "without `totp_code`, 401 `/problems/totp-invalid` for a wrong, expired or already used "
    "code. Each of these counts as a failed attempt: five in fifteen minutes answer 429. Where "
    "two-factor login is required but not set up yet, the token has `access: totp-enrolment`.",
)
def login(raw: RawBody, db: DatabaseDep, box: SecretBoxDep) -> NewToken:
    # Parsed here like every other body: 413, 415, then 422 naming the field.
    return service.login(db, parse_body(LoginIn, raw), box)


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(),
    summary="Revoke the token of this request",
    openapi_extra=ENROLMENT_TOO,
)
def logout(db: DatabaseDep, principal: EnrollingPrincipal) -> Response:
    PracticeService(db, principal).revoke(principal.token_id)
    return Response(status_code=204)


@router.get(
    "/me",
    responses=problems.responses(),
    summary="Who the token belongs to",
    openapi_extra=ENROLMENT_TOO,
)
async def me(principal: EnrollingPrincipal) -> MeOut:
    return MeOut(
        kind=principal.kind,
        id=principal.id,
        naam=principal.naam,
        practice_id=principal.practice_id,
        rol=principal.rol,
        registraties=[RegistratieOut.of(r) for r in principal.inschrijvingen],
        inwendig_onderzoek_bevoegd=principal.inwendig_onderzoek_bevoegd,
        access="totp-enrolment" if principal.enrolment_only else "full",
        totp_enrolled=principal.totp_enrolled,
        totp_required=principal.totp_required,
        token_id=principal.token_id,
    )


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(403, 429),
    summary="Change your own password",
    description="`huidig` must be the current password (422 on `huidig` otherwise, counted as a "
    "failed login: after five within fifteen minutes 429); `nieuw` at least 12 characters. "
    "Every other token of yours is revoked; the one of this request stays valid. 403 for an EPD.",
    openapi_extra=request_body(PasswordChange),
)
def change_password(raw: RawBody, db: DatabaseDep, principal: CurrentPrincipal) -> Response:
    service.change_password(db, principal, raw)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/me/totp",
    status_code=status.HTTP_201_CREATED,
    responses=problems.responses(403, 409),
    summary="Start setting up two-factor login: a new TOTP secret and its otpauth:// URI, "
    "shown once",
    description="Put the URI (as a QR code) or the secret into an authenticator app, then "
    "confirm with a code. Starting again before confirming replaces the pending secret; once "
    "confirmed, 409 (another praktijkbeheerder resets it first). 403 for an EPD.",
    openapi_extra=ENROLMENT_TOO,
)
def start_totp(db: DatabaseDep, principal: EnrollingPrincipal, box: SecretBoxDep) -> TotpEnrolment:
    return service.start_totp(db, box, principal)


@router.post(
    "/me/totp/confirm",
    responses=problems.responses(403, 409),
    summary="Confirm two-factor login with a current code: from now on login needs a code",
    description="Answers a new token, issued after this code; the token of the request is "
    "revoked. 422 (field `code`) for a wrong, expired or already used code; 409 when nothing is "
    "pending.",
    openapi_extra=ENROLMENT_TOO | request_body(TotpConfirm),
)
def confirm_totp(
    raw: RawBody, db: DatabaseDep, principal: EnrollingPrincipal, box: SecretBoxDep
) -> NewToken:
    return service.confirm_totp(db, box, principal, raw)


@router.get(
    "/practice", response_model=PracticeOut, responses=problems.responses(), summary="The practice"
)
def get_practice(practice: Practice) -> Response:
    out = practice.practice()
    return json_response(out, version=out.version)


@router.patch(
    "/practice",
    response_model=PracticeOut,
    responses=problems.responses(403, 412, 428),
    summary="Rename the practice, or require two-factor login of all its therapists",
    openapi_extra=ADMIN_ONLY | request_body(PracticeUpdate),
)
def update_practice(raw: RawBody, admin: Admin, if_match: IfMatchHeader = None) -> Response:
    out = admin.update_practice(raw, if_match=if_match)
    return json_response(out, version=out.version)


@router.get("/therapists", responses=problems.responses(), summary="The practice's therapists")
def list_therapists(
    practice: Practice,
    cursor: str | None = Query(None, max_length=100),
    limit: int = Query(50, ge=1, le=200),
) -> TherapistPage:
    return practice.therapists(cursor=cursor, limit=limit)


@router.get(
    "/therapists/{therapist_id}",
    response_model=TherapistOut,
    responses=problems.responses(404),
    summary="One therapist",
)
def get_therapist(therapist_id: Id, practice: Practice) -> Response:
    out = practice.therapist(therapist_id)
    return json_response(out, version=out.version)


@router.post(
    "/therapists",
    status_code=status.HTTP_201_CREATED,
    response_model=TherapistOut,
    responses=problems.responses(403),
    summary="Add a therapist with registrations",
    openapi_extra=ADMIN_ONLY | request_body(TherapistIn),
)
def create_therapist(raw: RawBody, admin: Admin) -> Response:
    # The body is parsed here, after authentication and the role: 401 and 403 come first.
    out = admin.create_therapist(parse_body(TherapistIn, raw))
    return json_response(
        out, status_code=201, version=out.version, location=f"/v1/therapists/{out.id}"
    )


@router.patch(
    "/therapists/{therapist_id}",
    response_model=TherapistOut,
    responses=problems.responses(403, 404, 412, 428),
    summary="Change a therapist (registrations, role, password, active)",
    openapi_extra=ADMIN_ONLY | request_body(TherapistUpdate),
)
def update_therapist(
    therapist_id: Id, raw: RawBody, practice: Practice, if_match: IfMatchHeader = None
) -> Response:
    # Any member may read a therapist, so the order of every write holds: 404, then the role.
    out = practice.update_therapist(therapist_id, raw, if_match=if_match)
    return json_response(out, version=out.version)


@router.delete(
    "/therapists/{therapist_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(403, 404),
    summary="Deactivate a therapist and revoke their tokens (history is kept)",
    openapi_extra=ADMIN_ONLY,
)
def deactivate_therapist(therapist_id: Id, practice: Practice) -> Response:
    practice.deactivate_therapist(therapist_id)
    return Response(status_code=204)


@router.delete(
    "/therapists/{therapist_id}/totp",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(403, 404),
    summary="Reset a colleague's two-factor login (a lost phone): they set it up again",
    openapi_extra=ADMIN_ONLY,
)
def reset_totp(therapist_id: Id, practice: Practice) -> Response:
    practice.reset_totp(therapist_id)
    return Response(status_code=204)


@router.get(
    "/api-clients",
    responses=problems.responses(403),
    summary="EPD integrations",
    openapi_extra=ADMIN_ONLY,
)
def list_api_clients(admin: Admin) -> list[ApiClientOut]:
    return admin.api_clients()


@router.get(
    "/api-clients/{client_id}",
    response_model=ApiClientOut,
    responses=problems.responses(403, 404),
    summary="One EPD integration",
    openapi_extra=ADMIN_ONLY,
)
def get_api_client(client_id: Id, admin: Admin) -> Response:
    out = admin.api_client(client_id)
    return json_response(out, version=out.version)


@router.post(
    "/api-clients",
    status_code=status.HTTP_201_CREATED,
    responses=problems.responses(403),
    summary="Register an EPD integration",
    openapi_extra=ADMIN_ONLY | request_body(ApiClientIn),
)
def create_api_client(raw: RawBody, admin: Admin) -> ApiClientOut:
    return admin.create_api_client(parse_body(ApiClientIn, raw))


@router.delete(
    "/api-clients/{client_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(403, 404),
    summary="Deactivate an EPD integration and revoke its tokens",
    openapi_extra=ADMIN_ONLY,
)
def deactivate_api_client(client_id: Id, admin: Admin) -> Response:
    admin.deactivate_api_client(client_id)
    return Response(status_code=204)


@router.post(
    "/api-clients/{client_id}/tokens",
    status_code=status.HTTP_201_CREATED,
    responses=problems.responses(403, 404),
    summary="Issue a token for an EPD integration (shown once)",
    openapi_extra=ADMIN_ONLY | request_body(TokenIn),
)
def issue_token(client_id: Id, raw: RawBody, admin: Admin) -> NewToken:
    admin.api_client(client_id)  # 404 before 422, as on every write
    return admin.issue_api_client_token(client_id, parse_body(TokenIn, raw).days)


@router.get(
    "/tokens",
    responses=problems.responses(403),
    summary="The practice's tokens",
    openapi_extra=ADMIN_ONLY,
)
def list_tokens(admin: Admin) -> list[TokenOut]:
    return admin.tokens()


@router.delete(
    "/tokens/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problems.responses(403, 404),
    summary="Revoke a token (your own, or any of the practice's as administrator)",
)
def revoke_token(token_id: Id, practice: Practice) -> Response:
    practice.revoke(token_id)
    return Response(status_code=204)


__all__ = ["etag", "router"]
