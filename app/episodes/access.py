"""What every episode use case shares: the caller, its practice, and who acts clinically.

Every query in the episode services is scoped to the caller's practice, so another practice's
episode is simply not found (404, never 403).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from app import problems
from app.audit import store as audit
from app.db import Database
from app.episodes import store
from app.practices.auth import Principal
from app.sql import Tx
from workflows.definition import Behandelaar, Definition
from workflows.registraties import GeldigeRegistraties


class EpisodeAccess:
    def __init__(self, db: Database, principal: Principal) -> None:
        self.db = db
        self.principal = principal
        self.practice_id = principal.practice_id
        self.actor = principal.actor

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """A read of client data. Its access-log rows (NEN 7513) commit in the same transaction,
        so the answer never waits for a commit of its own; a read that fails is logged by the
        middleware with the status it got."""
        with self.db.transaction(write=True) as tx:
            yield tx
            audit.log_in(tx, 200)

    def responsible(self, tx: Tx, therapist_id: int | None) -> store.TherapistFacts:
        """The responsible therapist: the one named, or the calling therapist."""
        if therapist_id is None and self.principal.is_therapist:
            therapist_id = self.principal.id
        if therapist_id is None:
            raise problems.InvalidInput(
                "Een EPD-koppeling noemt de verantwoordelijke therapeut.",
                errors=[
                    problems.FieldError(
                        field="therapist_id",
                        code="therapist_id.missing",
                        message="verplicht voor een EPD-koppeling",
                    )
                ],
            )
        therapist = store.therapist_of(tx, self.practice_id, therapist_id)
        if therapist is None:
            raise problems.InvalidInput(
                f"Therapeut {therapist_id} is geen actieve therapeut van deze praktijk.",
                errors=[
                    problems.FieldError(
                        field="therapist_id",
                        code="therapist_id.unknown",
                        message="geen actieve therapeut van deze praktijk",
                    )
                ],
            )
        return therapist

    def authorise_write(self, tx: Tx, ep: store.EpisodeRow, definition: Definition) -> Behandelaar:
        """Who acts clinically on this write, checked against the profile's registration: the
        calling therapist, or for an EPD integration the episode's responsible therapist."""
        if self.principal.is_therapist:
            behandelaar, naam = self.principal.behandelaar(), self.principal.naam
        else:
            therapist = store.therapist_of(tx, self.practice_id, ep.therapist_id)
            if therapist is None:
                raise problems.RegistrationMissing(
                    "De verantwoordelijke therapeut is niet (meer) actief in deze praktijk."
                )
            behandelaar, naam = therapist.behandelaar(), therapist.naam
        self.require_registration(definition, behandelaar.registraties, naam)
        return behandelaar

    @staticmethod
    def require_registration(
        definition: Definition, registraties: frozenset[str], naam: str
    ) -> None:
        # 000 ch.2 and 004 ch.1: each specialisation is its own register entry; a profile may
        # only be used by a therapist registered for it. 003 §3.3: an expired one counts as
        # missing (`workflows.registraties`), and then the answer says so.
        if definition.registratie not in registraties:
            if (
                isinstance(registraties, GeldigeRegistraties)
                and definition.registratie in registraties.verlopen
            ):
                raise _expired(definition, naam, registraties.verlopen[definition.registratie])
            raise problems.RegistrationMissing(
                f"{naam} mist de registratie {definition.registratie!r} die profiel "
                f"{definition.profile!r} vraagt.",
                errors=[
                    problems.FieldError(
                        field="registraties",
                        code="registratie.missing",
                        message=definition.registratie,
                    )
                ],
            )


def _expired(definition: Definition, naam: str, geldig_tot: date | None) -> problems.Problem:
    """The therapist holds the profile's registration, but it does not count today."""
    why = (
        f"is verlopen: zij was geldig tot en met {geldig_tot:%d-%m-%Y}"
        if geldig_tot is not None
        else "heeft geen einddatum (geldig_tot), dus niet aantoonbaar geldig"
    )
    return problems.RegistrationMissing(
        f"De registratie {definition.registratie!r} van {naam}, die profiel "
        f"{definition.profile!r} vraagt, {why}. Na herregistratie in het Kwaliteitsregister "
        "Paramedici legt de praktijkbeheerder de nieuwe geldig_tot vast.",
        errors=[
            problems.FieldError(
                field="registraties",
                code="registratie.verlopen",
                message=definition.registratie,
            )
        ],
    )
