"""Which of a therapist's registrations count on a given day.

003 §3.3: every oefentherapeut is registered in the Kwaliteitsregister Paramedici (KP); "deze
registratie is continu, met een vijfjaarlijkse herregistratie". A specialist registration
(bekkenoefentherapeut, psychosomatisch oefentherapeut, ...) is its own register entry (000 ch.2,
004 ch.1) and counts only while it is current: once its end date has passed it counts as
missing, until the herregistratie gives it a new one.

Engine policy: the base title oefentherapeut is protected by the Wet BIG (art. 34, Besluit
oefentherapeut) and does not lapse with the register, so an expired base registration is kept
(with its number and date, for the record) but never blocks.

Pure: the caller says which day it is (`op`); the app passes today in Europe/Amsterdam.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from workflows.write_rules import REGISTRATIE_GELDIG

BASIS: Final = "oefentherapeut"
"""The base registration: a title protected by law, it does not lapse with the register."""


@dataclass(frozen=True)
class Registratie:
    """One register entry of a therapist in the Kwaliteitsregister Paramedici."""

    register: str
    nummer: str | None
    """The KP registration number, if known."""
    geldig_tot: date | None
    """The last day the registration is valid (the next herregistratie is due). Required for a
    specialist registration; without it, it cannot be shown to be current and does not count."""

    @property
    def specialistisch(self) -> bool:
        return self.register != BASIS

    def geldig_op(self, op: date) -> bool:
        """Whether this registration counts on day `op`."""
        if not self.specialistisch:
            return True
        return self.geldig_tot is not None and self.geldig_tot >= op


class GeldigeRegistraties(frozenset[str]):
    """The registers that count on a day: a frozenset of their names, as the rules read them.

    It also remembers which specialist registrations the therapist holds but that do not count
    that day (`verlopen`: register -> its `geldig_tot`, None when it has none), so that a refusal
    can say the registration expired, and when, rather than that it is missing."""

    __slots__ = ("verlopen",)
    verlopen: Mapping[str, date | None]

    def __new__(
        cls, geldig: Iterable[str] = (), verlopen: Mapping[str, date | None] | None = None
    ) -> "GeldigeRegistraties":
        self = super().__new__(cls, geldig)
        self.verlopen = MappingProxyType(dict(verlopen or {}))
        return self

    def __reduce__(self) -> tuple[type["GeldigeRegistraties"], tuple[list[str], dict[str, Any]]]:
        # frozenset's own would drop `verlopen` (copy, pickle)
        return (type(self), (sorted(self), dict(self.verlopen)))


def geldige_registraties(registraties: Iterable[Registratie], op: date) -> frozenset[str]:
    """The registers that count on day `op`: the base registration always, a specialist one
    only while `geldig_tot >= op`. The answer is a `GeldigeRegistraties`, which also names the
    specialist registrations held but lapsed (`verlopen`)."""
    geldig: set[str] = set()
    verlopen: dict[str, date | None] = {}
    for r in registraties:
        if r.geldig_op(op):
            geldig.add(r.register)
        else:
            verlopen[r.register] = r.geldig_tot
    # A register both held and lapsed (two entries) counts: the current entry wins.
    return GeldigeRegistraties(geldig, {k: v for k, v in verlopen.items() if k not in geldig})


__all__ = ["REGISTRATIE_GELDIG", "Registratie", "geldige_registraties"]
