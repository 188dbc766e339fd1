"""Who the letters go to, and the client's consents to share (issue 12).

Both are short append-only lists on the episode row (`contacten`, `toestemmingen`, migration
0009): each entry's `id` is its 1-based place in its list, and nothing is ever changed or
removed, so a withdrawal is a new consent record and the history stays. Contacts are practice
data (the verwijzer, the huisarts, a colleague), never the client's.

The rules are the workflow's (`workflows/toestemming.py`, `workflows/instemming.py`): whose
consent counts for this client is asked of `toestemming.delen_unmet` on the episode as it would
be with the new record, and a withdrawal needs a consent that holds as given
(`toestemming.geldend`). A closed episode is final (`write_rules.client_writable`).
"""

from dataclasses import dataclass, replace
from typing import Any

from app import problems
from app.episodes import render, store
from app.episodes.schemas import (
    ContactIn,
    ContactList,
    ContactOut,
    ToestemmingIn,
    ToestemmingList,
    ToestemmingOut,
)
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.http import parse_body
from app.idempotency import IdempotentRequest
from app.sql import Tx
from app.types import utcnow, vandaag
from workflows import toestemming, write_rules
from workflows.gates import Unmet
from workflows.toestemming import Toestemming


class ContactenService(EpisodeWrites):
    def add_contact(
        self, episode_id: int, raw: bytes, *, if_match: str | None, idem: IdempotentRequest | None
    ) -> Written:
        return self.run(episode_id, _AddContact(raw, self.actor), if_match=if_match, idem=idem)

    def record_consent(
        self, episode_id: int, raw: bytes, *, if_match: str | None, idem: IdempotentRequest | None
    ) -> Written:
        return self.run(episode_id, _RecordConsent(raw, self.actor), if_match=if_match, idem=idem)

    def contacten(self, episode_id: int) -> tuple[ContactList, int]:
        """The contacts, and the episode's version (the ETag to write with)."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
        return ContactList(items=render.contacten(ep)), ep.version

    def toestemmingen(self, episode_id: int) -> tuple[ToestemmingList, int]:
        """Every consent record oldest first, the ones that hold, and the episode's version."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
        records = [Toestemming.of(t) for t in ep.toestemmingen]
        out = ToestemmingList(
            items=[ToestemmingOut.model_validate(t) for t in ep.toestemmingen],
            geldend=render.geldend(ep, records),
        )
        return out, ep.version


@dataclass(frozen=True)
class _AddContact:
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> ContactIn:
        return parse_body(ContactIn, self.raw)

    def apply(self, tx: Tx, loaded: Loaded, body: ContactIn, expected: int) -> Written:
        write_rules.require(write_rules.client_writable(loaded.snapshot))
        ep = loaded.ep
        contact = ContactOut(id=len(ep.contacten) + 1, **body.model_dump())
        store.bump(tx, ep, expected, contacten=[*ep.contacten, contact.model_dump(mode="json")])
        # The event names the role, never the person: the history is read more widely.
        store.append_event(
            tx, ep, "contact_added", self.actor, {"contact_id": contact.id, "rol": contact.rol}
        )
        return Written(
            201,
            ep.version,
            contact.model_dump_json(),
            # There is no route per contact: the list it is in, where its `id` finds it.
            location=f"/v1/episodes/{ep.id}/contacten",
        )


@dataclass(frozen=True)
class _RecordConsent:
    raw: bytes
    actor: str

    def parse(self, loaded: Loaded) -> ToestemmingIn:
        body = parse_body(ToestemmingIn, self.raw)
        errors = []
        if body.ontvanger is not None and body.ontvanger > len(loaded.ep.contacten):
            errors.append(
                problems.FieldError(
                    field="ontvanger",
                    code="ontvanger.unknown",
                    message="geen contact van deze episode (zie GET .../contacten)",
                )
            )
        if body.datum > vandaag():
            errors.append(
                problems.FieldError(
                    field="datum", code="datum.future", message="mag niet in de toekomst liggen"
                )
            )
        if errors:
            raise problems.InvalidInput("Zie `errors` voor de velden.", errors=errors)
        return body

    def apply(self, tx: Tx, loaded: Loaded, body: ToestemmingIn, expected: int) -> Written:
        snap = loaded.snapshot
        write_rules.require(write_rules.client_writable(snap))
        ep = loaded.ep
        record: dict[str, Any] = body.model_dump(mode="json") | {
            "id": len(ep.toestemmingen) + 1,
            "vastgelegd_door": self.actor,
            "vastgelegd_op": utcnow().isoformat(),
        }
        if body.besluit == "ingetrokken":
            write_rules.require(_intrekbaar(snap.toestemmingen, body.doel, body.ontvanger))
        elif body.besluit == "gegeven":
            # Whose consent counts is the workflow's rule: asked of the episode as it would be.
            after = replace(snap, toestemmingen=(*snap.toestemmingen, Toestemming.of(record)))
            write_rules.require(toestemming.delen_unmet(after, body.doel, body.ontvanger))
        store.bump(tx, ep, expected, toestemmingen=[*ep.toestemmingen, record])
        # No toelichting in the event: it may say more about the client than the history needs.
        store.append_event(
            tx,
            ep,
            "toestemming",
            self.actor,
            {
                "toestemming_id": record["id"],
                "doel": body.doel,
                "ontvanger": body.ontvanger,
                "besluit": body.besluit,
            },
        )
        return Written(201, ep.version, ToestemmingOut.model_validate(record).model_dump_json())


def _intrekbaar(records: tuple[Toestemming, ...], doel: str, ontvanger: int | None) -> list[Unmet]:
    """A withdrawal withdraws a consent that holds as given for this doel and ontvanger."""
    holds = toestemming.geldend(records, doel, ontvanger)
    if holds is not None and holds.besluit == "gegeven":
        return []
    wat = "deze ontvanger" if ontvanger is not None else "elke ontvanger"
    nu = f"die is {holds.besluit} ({holds.datum:%d-%m-%Y})" if holds else "er is er geen"
    return [
        Unmet(
            f"toestemming.{doel}.niet_gegeven",
            f"Intrekken kan alleen een gegeven toestemming voor {toestemming.wat(doel)} aan "
            f"{wat}; {nu}.",
            f"toestemmingen.{doel}",
        )
    ]
