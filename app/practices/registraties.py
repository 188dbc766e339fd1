"""A therapist's registrations as stored (a JSON list of objects on `therapist.registraties`),
read into the rules' `Registratie`, and which of them count today.

"Today" is the date in the Netherlands: a registration valid until 30 June counts until
midnight in Amsterdam, whatever the server's own zone. The rule itself is
`workflows.registraties`.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from app.types import vandaag
from workflows.registraties import Registratie, geldige_registraties


def uit_opslag(stored: Iterable[dict[str, Any]]) -> tuple[Registratie, ...]:
    """The stored objects (`{"register", "nummer", "geldig_tot"}`, the date as ISO text)."""
    return tuple(
        Registratie(
            register=r["register"],
            nummer=r.get("nummer"),
            geldig_tot=date.fromisoformat(r["geldig_tot"]) if r.get("geldig_tot") else None,
        )
        for r in stored
    )


def geldig_vandaag(registraties: Iterable[Registratie]) -> frozenset[str]:
    """The registers that count for the rules today (see `geldige_registraties`)."""
    return geldige_registraties(registraties, op=vandaag())


def uit_cli(spec: str) -> dict[str, str]:
    """A registration as the CLI takes it, `register[:geldig_tot[:nummer]]`, e.g.
    `oefentherapeut` or `bekkenoefentherapeut:2029-06-30:29012345678`; validated as the API
    body is (`RegistratieIn`)."""
    register, _, rest = spec.partition(":")
    geldig_tot, _, nummer = rest.partition(":")
    out = {"register": register}
    if geldig_tot:
        out["geldig_tot"] = geldig_tot
    if nummer:
        out["nummer"] = nummer
    return out
