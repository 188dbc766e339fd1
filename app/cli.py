"""`methodisch`: set up practices, therapists, EPD integrations and tokens, non-interactively.

Flags only, no prompts; a new id or token is the only thing printed on stdout, so EPD vendors'
set-up scripts can capture it: `TOKEN=$(methodisch token create --api-client 1)`.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy import func, select

from app import problems
from app.backup import BackupUnsupported, backup_sqlite
from app.db import Database, make_engine
from app.practices import credentials, service
from app.practices.registraties import uit_cli
from app.practices.schemas import ApiClientIn, PracticeIn, TherapistIn
from app.settings import get_settings

cli = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__)
practice_cli = typer.Typer(no_args_is_help=True, help="Practices.")
therapist_cli = typer.Typer(no_args_is_help=True, help="Therapists and their registrations.")
client_cli = typer.Typer(no_args_is_help=True, help="EPD integrations.")
token_cli = typer.Typer(no_args_is_help=True, help="Bearer tokens.")
cli.add_typer(practice_cli, name="practice")
cli.add_typer(therapist_cli, name="therapist")
cli.add_typer(client_cli, name="api-client")
cli.add_typer(token_cli, name="token")


def _db() -> Database:
    return Database(make_engine(get_settings()))


def _fail(message: str) -> NoReturn:
    typer.echo(f"methodisch: {message}", err=True)
    raise typer.Exit(1)


def _explain(exc: problems.Problem | ValidationError) -> NoReturn:
    if isinstance(exc, ValidationError):
        _fail("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
    fields = "; ".join(f"{e.field}: {e.message}" for e in exc.errors or [])
    _fail(f"{exc.detail or exc.title}{' (' + fields + ')' if fields else ''}")


@practice_cli.command("create")
def practice_create(
    naam: Annotated[str, typer.Option(help="Name of the practice.")],
    agb: Annotated[str, typer.Option(help="AGB-code (8 digits).")],
) -> None:
    """Create a practice; prints its id."""
    try:
        typer.echo(service.create_practice(_db(), PracticeIn(naam=naam, agb_code=agb)).id)
    except (problems.Problem, ValidationError) as exc:
        _explain(exc)


@therapist_cli.command("create")
def therapist_create(
    practice: Annotated[int, typer.Option(help="Practice id.")],
    naam: Annotated[str, typer.Option(help="Name.")],
    login: Annotated[str, typer.Option(help="Login name for the web client.")],
    registratie: Annotated[
        list[str],
        typer.Option(
            help="A registration, register[:geldig_tot[:nummer]] (a specialist one needs its "
            "end date: bekkenoefentherapeut:2029-06-30); repeat for several."
        ),
    ],
    rol: Annotated[str, typer.Option(help="therapeut or praktijkbeheerder.")] = "therapeut",
    kp_nummer: Annotated[str | None, typer.Option(help="Kwaliteitsregister number.")] = None,
    inwendig_onderzoek_bevoegd: Annotated[
        bool, typer.Option(help="Trained for inwendig onderzoek/behandelen.")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from the first line of stdin.")
    ] = False,
) -> None:
    """Create a therapist; prints the id. Without --password-stdin the therapist cannot log in
    with a password (tokens only)."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password is not None and (reason := credentials.password_problem(password)):
        _fail(f"wachtwoord: {reason}")
    try:
        body = TherapistIn(
            naam=naam,
            login=login,
            registraties=[uit_cli(r) for r in registratie],
            rol=rol,
            kp_nummer=kp_nummer,
            inwendig_onderzoek_bevoegd=inwendig_onderzoek_bevoegd,
            password=password,
        )
        typer.echo(service.create_therapist(_db(), practice, body).id)
    except (problems.Problem, ValidationError) as exc:
        _explain(exc)


@therapist_cli.command("reset-totp")
def therapist_reset_totp(
    therapist: Annotated[int, typer.Option(help="Therapist id.")],
) -> None:
    """Forget a therapist's two-factor login (a lost phone); they set it up again at their next
    login. For the one praktijkbeheerder of a practice, whom no colleague can reset."""
    try:
        service.reset_totp(_db(), therapist)
    except problems.Problem as exc:
        _explain(exc)


@client_cli.command("create")
def api_client_create(
    practice: Annotated[int, typer.Option(help="Practice id.")],
    naam: Annotated[str, typer.Option(help="Name of the EPD integration.")],
) -> None:
    """Register an EPD integration; prints its id."""
    try:
        typer.echo(service.create_api_client(_db(), practice, ApiClientIn(naam=naam)).id)
    except (problems.Problem, ValidationError) as exc:
        _explain(exc)


@token_cli.command("create")
def token_create(
    therapist: Annotated[int | None, typer.Option(help="Therapist id.")] = None,
    api_client: Annotated[int | None, typer.Option(help="EPD integration id.")] = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="Days until it expires.")] = 90,
) -> None:
    """Issue a bearer token; prints the token alone (it is stored only as a hash)."""
    if (therapist is None) == (api_client is None):
        _fail("geef precies een van --therapist of --api-client")
    try:
        typer.echo(
            service.token_for(
                _db(), therapist_id=therapist, api_client_id=api_client, days=days
            ).token
        )
    except problems.Problem as exc:
        _explain(exc)


@cli.command("backup")
def backup(
    to: Annotated[Path, typer.Option(help="The new backup file (must not exist yet).")],
) -> None:
    """Make a consistent copy of the SQLite database while the service runs (online backup);
    prints the file. For PostgreSQL use pg_dump (README, "Reliability")."""
    try:
        backup_sqlite(get_settings().database_url, to)
    except (BackupUnsupported, FileExistsError) as exc:
        _fail(str(exc))
    typer.echo(str(to))


@cli.command("welcome")
def welcome() -> None:
    """Say how to get started when the database holds no practice yet (used by make run)."""
    with _db().read() as s:
        count = s.connection().execute(select(func.count()).select_from(service.PRACTICE)).scalar()
    if count:
        return
    typer.echo(
        "\nNog geen praktijk. Zo begin je (alle waarden zijn voorbeelden):\n"
        "  P=$(.venv/bin/methodisch practice create --naam 'Praktijk Voorbeeld' --agb 12345678)\n"
        "  echo 'een lang en geheim wachtwoord' | .venv/bin/methodisch therapist create \\\n"
        "      --practice $P --naam 'T. Voorbeeld' --login t.voorbeeld \\\n"
        "      --registratie oefentherapeut --rol praktijkbeheerder --password-stdin\n"
        f"  Log dan in op http://127.0.0.1:{os.environ.get('PORT', '8000')}/ (een\n"
        "  praktijkbeheerder stelt daar eerst inloggen met een code uit een authenticator-app\n"
        "  in). Een koppeling (EPD) krijgt een token:\n"
        "  EPD=$(.venv/bin/methodisch api-client create --practice $P --naam 'EPD')\n"
        "  .venv/bin/methodisch token create --api-client $EPD\n",
        err=True,
    )


def main() -> None:
    cli()
