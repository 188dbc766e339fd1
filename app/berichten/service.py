"""Berichten of an episode: made from the current data, listed, read, and marked sent.

Making one and marking it sent are writes to the episode (`EpisodeWrites.run`: If-Match, a
version bump, an event, the access-log row, all in one transaction). A bericht is never
changed after it is made, except that it is marked sent once; a new version of a letter is a
new bericht. Reads go through `EpisodeAccess.reading`, so each is in the access log.
"""

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from app import problems
from app.berichten import content as berichten_content
from app.berichten import render
from app.berichten import store as berichten
from app.berichten.content import Afzender, BerichtContent
from app.berichten.schemas import BerichtDetail, BerichtIn, BerichtList, BerichtMeta
from app.episodes import store
from app.episodes.writes import EpisodeWrites, Loaded, Written
from app.http import parse_body
from app.idempotency import IdempotentRequest
from app.measurements.service import MeasurementsInTransaction
from app.sql import Tx
from app.types import utcnow, vandaag
from workflows import toestemming, write_rules
from workflows.berichten import bericht_unmet
from workflows.gates import Unmet

Media = Literal["application/json", "text/html", "application/pdf"]


@dataclass(frozen=True)
class Read:
    """One bericht as read: its metadata and content, the stored HTML, the episode version."""

    detail: BerichtDetail
    html: str
    version: int


class BerichtService(EpisodeWrites):
    def create(
        self, episode_id: int, raw: bytes, *, if_match: str | None, idem: IdempotentRequest | None
    ) -> Written:
        return self.run(episode_id, _Maak(self, raw), if_match=if_match, idem=idem)

    def mark_sent(
        self,
        episode_id: int,
        bericht_id: int,
        *,
        if_match: str | None,
        idem: IdempotentRequest | None,
    ) -> Written:
        return self.run(
            episode_id, _Verzonden(bericht_id, self.actor), if_match=if_match, idem=idem
        )

    def list(self, episode_id: int) -> tuple[BerichtList, int]:
        """Every bericht of the episode, oldest first, and the episode's version."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            rows = berichten.of_episode(tx, episode_id)
        return BerichtList(items=[BerichtMeta(**r.meta()) for r in rows]), ep.version

    def get(self, episode_id: int, bericht_id: int, media: Media | None) -> Read:
        """One bericht; 406 when the caller accepts none of its media types (after 404)."""
        with self.reading() as tx:
            ep = store.load(tx, episode_id, self.practice_id)
            row = berichten.get(tx, episode_id, bericht_id)
            if row is None:
                raise problems.NotFound(f"Bericht {bericht_id} bestaat niet in deze episode.")
            if media is None:  # raised inside: the read is logged with this status instead
                raise problems.NotAcceptable(
                    "Vraag application/json, text/html of application/pdf (Accept)."
                )
        assert row.content is not None and row.html is not None
        detail = BerichtDetail(**row.meta(), content=BerichtContent.model_validate(row.content))
        return Read(detail, row.html, ep.version)


@dataclass(frozen=True)
class _Maak:
    service: BerichtService
    raw: bytes

    def parse(self, loaded: Loaded) -> BerichtIn:
        body = parse_body(BerichtIn, self.raw)
        if _contact(loaded, body.ontvanger) is None:
            raise problems.InvalidInput(
                f"Contact {body.ontvanger} is geen contact van deze episode.",
                errors=[
                    problems.FieldError(
                        field="ontvanger",
                        code="ontvanger.unknown",
                        message="geen contact van deze episode (zie GET .../contacten)",
                    )
                ],
            )
        return body

    def apply(self, tx: Tx, loaded: Loaded, body: BerichtIn, expected: int) -> Written:
        write_rules.require(bericht_unmet(loaded.snapshot, body.soort))
        ep = loaded.ep
        contact = _contact(loaded, body.ontvanger)
        assert contact is not None  # parse checked it
        store.bump(tx, ep, expected)  # first, see store.bump
        service = self.service
        praktijk, agb = berichten.practice(tx, ep.practice_id)
        summary = MeasurementsInTransaction(service.db, service.principal, tx).summary(ep.id)
        built = berichten_content.build(
            body.soort,
            ep=ep,
            episode_version=expected,  # the data it shows; the bump only adds the bericht
            records=loaded.records,
            metingen=summary.instruments,
            afzender=Afzender(
                praktijk=praktijk,
                praktijk_agb=agb,
                therapeut=berichten.therapist_naam(tx, ep.practice_id, ep.therapist_id),
            ),
            ontvanger=contact,
            exit_payload=berichten.exit_payload(tx, ep.id),
            datum=vandaag(),
        )
        html = render.html(built)
        now = utcnow()
        values = {
            "episode_id": ep.id,
            "soort": body.soort,
            "ontvanger": body.ontvanger,
            "episode_version": expected,
            "content": built.model_dump(mode="json"),
            "html": html,
            "sha256": content_hash(html),
            "created_at": now,
            "created_by": service.actor,
        }
        bericht_id = berichten.insert(tx, values)
        # The event names the soort and the contact, never what the letter says.
        store.append_event(
            tx,
            ep,
            "bericht_gemaakt",
            service.actor,
            {"bericht_id": bericht_id, "soort": body.soort, "ontvanger": body.ontvanger},
        )
        out = BerichtDetail(
            id=bericht_id,
            episode_id=ep.id,
            soort=body.soort,
            ontvanger=body.ontvanger,
            episode_version=expected,
            sha256=values["sha256"],
            created_at=now,
            created_by=service.actor,
            verzonden_op=None,
            content=built,
        )
        return Written(
            201,
            ep.version,
            out.model_dump_json(),
            location=f"/v1/episodes/{ep.id}/berichten/{bericht_id}",
        )


@dataclass(frozen=True)
class _Verzonden:
    bericht_id: int
    actor: str

    def parse(self, loaded: Loaded) -> None:
        return None  # no body

    def apply(self, tx: Tx, loaded: Loaded, body: None, expected: int) -> Written:
        ep = loaded.ep
        row = berichten.get(tx, ep.id, self.bericht_id, full=False)
        if row is None:
            raise problems.NotFound(f"Bericht {self.bericht_id} bestaat niet in deze episode.")
        if row.verzonden_op is not None:
            write_rules.require(
                [
                    Unmet(
                        "bericht.al_verzonden",
                        f"Dit bericht is al verzonden ({row.verzonden_op.date().isoformat()}); "
                        "een verzonden bericht verandert niet. Maak zo nodig een nieuw bericht.",
                        "verzonden_op",
                    )
                ]
            )
        # WGBO art. 7:457: nothing is shared without the consent of whoever agrees for the client.
        write_rules.require(toestemming.delen_unmet(loaded.snapshot, row.soort, row.ontvanger))
        # First, see store.bump; the soorten sent live on the episode row too, where the
        # afsluiting gate reads them with the episode.
        verzonden = sorted({*ep.berichten_verzonden, row.soort})
        store.bump(tx, ep, expected, berichten_verzonden=verzonden)
        now = utcnow()
        berichten.mark_sent(tx, row.id, now, self.actor)
        store.append_event(
            tx,
            ep,
            "bericht_verzonden",
            self.actor,
            {"bericht_id": row.id, "soort": row.soort, "ontvanger": row.ontvanger},
        )
        meta = row.meta() | {"verzonden_op": now, "verzonden_door": self.actor}
        return Written(200, ep.version, BerichtMeta(**meta).model_dump_json())


def _contact(loaded: Loaded, contact_id: int) -> dict[str, Any] | None:
    return next((c for c in loaded.ep.contacten if c.get("id") == contact_id), None)


def content_hash(html: str) -> str:
    """Hex SHA-256 of the HTML as UTF-8: what `sha256` holds, and what a receiver can check."""
    return hashlib.sha256(html.encode()).hexdigest()
