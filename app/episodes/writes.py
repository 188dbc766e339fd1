"""The one way into a write on an episode.

Every write route (a transition, a step record, a session, a measurement, the client facts, a
hand-over) goes through `EpisodeWrites.run`, which loads the episode once and checks in one
fixed order that follows RFC 9110 (the request itself, then its preconditions, then its
content):

    401 no valid token           (the CurrentPrincipal dependency, before anything else)
    404 episode not in practice   load
    403 registration missing      authorise
    428 If-Match missing          preconditions
    412 If-Match stale            preconditions
    413 body over the size limit  op.parse (`app.http.parse_with`: every body the app parses)
    415 body not sent as JSON     op.parse
    422 body does not validate    op.parse (the forms, then the bounds of `app.limits`)
    409 a rule refuses it         op.apply (write rules, gates)

A use case is a small `WriteOp`: `parse` turns the body into what it writes (422) and `apply`
asks the workflow rules and writes (409). The change, the version bump, its event, the access-log
row and the idempotency answer commit in one transaction, or nothing does.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from fastapi import Request, Response

from app import idempotency
from app.audit import store as audit
from app.db import Database, database
from app.episodes import store
from app.episodes.access import EpisodeAccess
from app.http import answer, expected_version, idempotent, read_body
from app.idempotency import IdempotentRequest
from app.practices.auth import Principal
from app.sql import Tx
from workflows.definition import Behandelaar, Definition
from workflows.snapshot import EpisodeSnapshot

B = TypeVar("B")


@dataclass(frozen=True)
class Written:
    """What a write answers: status, the episode's new version (the next If-Match) and the
    JSON body, serialised once."""

    status: int
    version: int
    body: str
    location: str | None = None

    def stored(self) -> dict[str, Any]:
        return {"status": self.status, "version": self.version, "body": self.body} | (
            {"location": self.location} if self.location else {}
        )

    def response(self) -> Response:
        return answer(self.status, self.body, version=self.version, location=self.location)

    @classmethod
    def replay(cls, stored: Mapping[str, Any]) -> "Written":
        return cls(stored["status"], stored["version"], stored["body"], stored.get("location"))


@dataclass
class Loaded:
    """The episode as one write sees it, loaded once."""

    ep: store.EpisodeRow
    definition: Definition
    records: dict[str, Mapping[str, Any]]
    behandelaar: Behandelaar
    _snapshot: EpisodeSnapshot | None = field(default=None, repr=False)

    @property
    def snapshot(self) -> EpisodeSnapshot:
        if self._snapshot is None:
            self._snapshot = store.snapshot_of(self.ep, self.records)
        return self._snapshot

    def refresh(self) -> EpisodeSnapshot:
        """A new snapshot after the write changed the row or records."""
        self._snapshot = store.snapshot_of(self.ep, self.records)
        return self._snapshot


class WriteOp(Protocol, Generic[B]):
    def parse(self, loaded: Loaded) -> B:
        """The body, validated against the episode's own forms; raises on 422."""
        ...

    def apply(self, tx: Tx, loaded: Loaded, body: B, expected: int) -> Written:
        """Ask the rules (409), then write: `store.bump` first, then the change and an
        event."""
        ...


def committed(tx: Tx, idem: IdempotentRequest | None, write: Callable[[], Written]) -> Written:
    """The frame of every write: a retried Idempotency-Key replays the first answer; otherwise
    `write` runs, and its access-log row and its answer (for a later retry) join its
    transaction."""
    if (replay := idempotency.claim(tx, idem)) is not None:
        written = Written.replay(replay)
    else:
        written = write()
        idempotency.remember(tx, idem, written.stored())
    audit.log_in(tx, written.status)
    return written


class EpisodeWrites(EpisodeAccess):
    def run(
        self,
        episode_id: int,
        op: WriteOp[B],
        *,
        if_match: str | None,
        idem: IdempotentRequest | None,
    ) -> Written:
        def write(tx: Tx) -> Written:
            ep = store.load(tx, episode_id, self.practice_id)  # 404
            definition = ep.definition
            behandelaar = self.authorise_write(tx, ep, definition)  # 403
            expected = expected_version(if_match, ep.version)  # 428, 412
            loaded = Loaded(ep, definition, store.records_of(tx, episode_id), behandelaar)
            body = op.parse(loaded)  # 413, 415, 422
            return op.apply(tx, loaded, body, expected)  # 409, then the change

        with self.db.transaction(write=True) as tx:
            return committed(tx, idem, lambda: write(tx))


UseCase = Callable[[Database, Principal], Callable[..., Written]]
"""Which service method a route runs, e.g. `lambda db, p: SessieService(db, p).add_sessie`."""


async def posted(
    request: Request,
    principal: Principal,
    use: UseCase,
    *args: Any,
    if_match: str | None,
    idempotency_key: str | None,
    **extra: Any,
) -> Response:
    """The frame of a route that writes a body to an episode: the body read once (after
    authentication), the Idempotency-Key bound to it, the use case run as
    `method(*args, raw, if_match=, idem=, **extra)`, and its answer sent as it was stored."""
    raw = await read_body(request)
    db = database(request)
    idem = idempotent(idempotency_key, scope=principal.actor, request=request, raw=raw)
    written = await db.run(use(db, principal), *args, raw, if_match=if_match, idem=idem, **extra)
    return written.response()
