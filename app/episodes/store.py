"""Every statement on episode tables: loading, the version bump, events, records, sessions.

Plain SQL on the driver connection (see `app/sql.py`); the tables themselves are the SQLModel
models in `models.py`, migrated by alembic.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

from app import problems
from app.audit.context import current_note
from app.practices.registraties import geldig_vandaag, uit_opslag
from app.sql import Row, Tx
from app.types import utcnow, vandaag
from workflows import registry
from workflows.client import ClientFacts
from workflows.definition import Behandelaar, Definition
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import Route, Status
from workflows.toestemming import Toestemming

_JSON_COLUMNS = frozenset(
    {
        "client",
        "verwijzing",
        "metingen",
        "aangehouden",
        "contacten",
        "toestemmingen",
        "berichten_verzonden",
    }
)
_DATE_COLUMNS = frozenset({"aangemeld_op", "afgesloten_op"})
_TIME_COLUMNS = frozenset({"created_at", "updated_at"})


@dataclass
class EpisodeRow:
    """An episode row as plain data."""

    id: int
    practice_id: int
    therapist_id: int
    client_ref: str
    profile: str
    definition_version: int
    route: str
    status: str
    version: int
    client: dict[str, Any]
    verwijzing: dict[str, Any] | None
    aangemeld_op: date
    sessie_count: int
    metingen: dict[str, list[str]]
    aangehouden: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    created_by: str
    contacten: list[dict[str, Any]] = field(default_factory=list)
    toestemmingen: list[dict[str, Any]] = field(default_factory=list)
    berichten_verzonden: list[str] = field(default_factory=list)
    afgesloten_op: date | None = None

    @property
    def definition(self) -> Definition:
        return registry.get(self.profile, self.definition_version)


COLUMNS: tuple[str, ...] = tuple(EpisodeRow.__dataclass_fields__)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM episode"


def episode_of(tx: Tx, row: Row) -> EpisodeRow:
    values = dict(zip(COLUMNS, row, strict=True))
    for name in _JSON_COLUMNS:
        values[name] = tx.from_json(values[name])
    values["contacten"] = values["contacten"] or []
    values["toestemmingen"] = values["toestemmingen"] or []
    values["berichten_verzonden"] = values["berichten_verzonden"] or []
    values["aangemeld_op"] = tx.from_day(values["aangemeld_op"])
    if values["afgesloten_op"] is not None:
        values["afgesloten_op"] = tx.from_day(values["afgesloten_op"])
    values["created_at"] = tx.from_at(values["created_at"])
    values["updated_at"] = tx.from_at(values["updated_at"])
    return EpisodeRow(**values)


def _encode(tx: Tx, values: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name, value in values.items():
        if name in _JSON_COLUMNS:
            out[name] = tx.json(value)
        elif name in _DATE_COLUMNS:
            out[name] = tx.day(value)
        elif name in _TIME_COLUMNS:
            out[name] = tx.at(value)
    return out


def snapshot_of(ep: EpisodeRow, records: Mapping[str, Mapping[str, Any]]) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        form_types=ep.definition.forms,
        route=cast(Route, ep.route),
        status=cast(Status, ep.status),
        client=ClientFacts.model_validate(ep.client),
        aangemeld_op=ep.aangemeld_op,
        records=records,
        sessie_count=ep.sessie_count,
        metingen={code: frozenset(moments) for code, moments in ep.metingen.items()},
        aangehouden=ep.aangehouden is not None,
        toestemmingen=tuple(Toestemming.of(t) for t in ep.toestemmingen),
        berichten_verzonden=frozenset(ep.berichten_verzonden),
        vandaag=vandaag(),
    )


def load(tx: Tx, episode_id: int, practice_id: int) -> EpisodeRow:
    """The episode, if it belongs to this practice; another practice's is simply not found."""
    row = tx.one(
        f"{SELECT} WHERE id = :id AND practice_id = :practice_id",
        {"id": episode_id, "practice_id": practice_id},
    )
    if row is None:
        raise problems.NotFound(f"Episode {episode_id} bestaat niet.")
    ep = episode_of(tx, row)
    concerns(ep.id, ep.client_ref)
    return ep


def page(
    tx: Tx,
    practice_id: int,
    filters: Mapping[str, Any],
    after: int | None,
    limit: int,
    *,
    newest_first: bool = False,
) -> list[EpisodeRow]:
    """One keyset page of the practice's episodes in id order (or newest first); `filters` are
    column equalities on the indexed columns (status, profile, client_ref, therapist_id)."""
    where = ["practice_id = :practice_id", *(f"{c} = :{c}" for c in filters)]
    if after is not None:
        where.append("id < :after" if newest_first else "id > :after")
    order = "id DESC" if newest_first else "id"
    rows = tx.all(
        f"{SELECT} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT :limit",
        {"practice_id": practice_id, "after": after, "limit": limit, **filters},
    )
    return [episode_of(tx, r) for r in rows]


def records_of_many(tx: Tx, episode_ids: Sequence[int]) -> dict[int, dict[str, Mapping[str, Any]]]:
    """The current records of several episodes, in one statement."""
    out: dict[int, dict[str, Mapping[str, Any]]] = {i: {} for i in episode_ids}
    if episode_ids:
        marks = ", ".join(f":e{n}" for n in range(len(episode_ids)))
        for episode_id, step, data in tx.all(
            f"SELECT episode_id, step, data FROM step_record WHERE episode_id IN ({marks})",
            {f"e{n}": i for n, i in enumerate(episode_ids)},
        ):
            out[episode_id][step] = tx.from_json(data)
    return out


def insert(tx: Tx, values: Mapping[str, Any]) -> int:
    names = ", ".join(values)
    params = ", ".join(f":{n}" for n in values)
    new_id = tx.scalar(
        f"INSERT INTO episode ({names}) VALUES ({params}) RETURNING id", _encode(tx, values)
    )
    return int(new_id)


def records_of(tx: Tx, episode_id: int) -> dict[str, Mapping[str, Any]]:
    rows = tx.all("SELECT step, data FROM step_record WHERE episode_id = :id", {"id": episode_id})
    return {step: tx.from_json(data) for step, data in rows}


def concerns(episode_id: int | None, client_ref: str | None) -> None:
    """Tell the access log whose data this request touches (NEN 7513)."""
    if (note := current_note()) is not None:
        note.concerns(episode_id, client_ref)


def check_version(ep: EpisodeRow, expected: int) -> None:
    if ep.version != expected:
        raise problems.VersionMismatch(
            f"De episode is gewijzigd: versie is {ep.version}, niet {expected}. "
            "Lees opnieuw en probeer het dan nog eens.",
            headers={"ETag": f'"{ep.version}"'},
        )


@lru_cache(maxsize=64)
def _bump_sql(columns: tuple[str, ...]) -> str:
    sets = ", ".join(f"{c} = :{c}" for c in ("version", "updated_at", *columns))
    return f"UPDATE episode SET {sets} WHERE id = :id AND version = :expected"


def bump(tx: Tx, ep: EpisodeRow, expected: int, **values: Any) -> None:
    """Conditional update on the version: of two racing writers exactly one succeeds.

    A write bumps before it writes anything else: on PostgreSQL the UPDATE takes the episode's
    row lock, so a racing writer waits here, finds the version moved on and answers 412, before
    it could collide with the winner's rows (a record's primary key, say)."""
    now = utcnow()
    changed = values | {"version": expected + 1, "updated_at": now}
    params = _encode(tx, changed) | {"id": ep.id, "expected": expected}
    if tx.run(_bump_sql(tuple(sorted(values))), params) != 1:
        raise problems.VersionMismatch("De episode is zojuist door iemand anders gewijzigd.")
    for key, value in changed.items():
        setattr(ep, key, value)


# The practice's next change number. Run last in a write (after the bump and the change), so
# the counter row's lock, held to commit on PostgreSQL, orders only the end of a transaction.
_NEXT_CHANGE = (
    "INSERT INTO change_seq (practice_id, seq) VALUES (:practice_id, 1) "
    "ON CONFLICT (practice_id) DO UPDATE SET seq = change_seq.seq + 1 RETURNING seq"
)


def append_event(tx: Tx, ep: EpisodeRow, kind: str, actor: str, data: dict[str, Any]) -> None:
    """Append one event (who, when, what) to the episode's history, numbered in the practice's
    change feed."""
    seq = tx.scalar(_NEXT_CHANGE, {"practice_id": ep.practice_id})
    tx.run(
        "INSERT INTO episode_event (episode_id, practice_id, seq, kind, actor, at, "
        "episode_version, data) "
        "VALUES (:episode_id, :practice_id, :seq, :kind, :actor, :at, :episode_version, :data)",
        {
            "episode_id": ep.id,
            "practice_id": ep.practice_id,
            "seq": seq,
            "kind": kind,
            "actor": actor,
            "at": tx.at(utcnow()),
            "episode_version": ep.version,
            "data": tx.json(data),
        },
    )


def events(tx: Tx, episode_id: int, after: int | None, limit: int) -> list[dict[str, Any]]:
    rows = tx.all(
        "SELECT id, kind, actor, at, episode_version, data FROM episode_event "
        "WHERE episode_id = :id AND id > :after ORDER BY id LIMIT :limit",
        {"id": episode_id, "after": after or 0, "limit": limit},
    )
    return [
        {
            "id": r[0],
            "kind": r[1],
            "actor": r[2],
            "at": tx.from_at(r[3]),
            "episode_version": r[4],
            "data": tx.from_json(r[5]),
        }
        for r in rows
    ]


# --- step records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    version: int
    data: dict[str, Any]
    saved_at: datetime
    saved_by: str
    correctie_reden: str | None = None
    """Why, when this version corrects a step already passed."""


def save_record(
    tx: Tx,
    episode_id: int,
    step: str,
    data: dict[str, Any],
    actor: str,
    *,
    correctie_reden: str | None = None,
) -> RecordRow:
    """A new current version of the step's record; every version is kept. A correction of a
    passed step keeps its reason with the version (`correctie_reden`)."""
    previous = tx.scalar(
        "SELECT version FROM step_record WHERE episode_id = :id AND step = :step",
        {"id": episode_id, "step": step},
    )
    row = RecordRow((previous or 0) + 1, data, utcnow(), actor, correctie_reden)
    params = {
        "episode_id": episode_id,
        "step": step,
        "version": row.version,
        "data": tx.json(data),
        "saved_at": tx.at(row.saved_at),
        "saved_by": actor,
        "correctie_reden": correctie_reden,
    }
    if previous is None:
        tx.run(
            "INSERT INTO step_record (episode_id, step, version, data, saved_at, saved_by, "
            "correctie_reden) "
            "VALUES (:episode_id, :step, :version, :data, :saved_at, :saved_by, :correctie_reden)",
            params,
        )
    else:
        tx.run(
            "UPDATE step_record SET version = :version, data = :data, saved_at = :saved_at, "
            "saved_by = :saved_by, correctie_reden = :correctie_reden "
            "WHERE episode_id = :episode_id AND step = :step",
            params,
        )
    tx.run(
        "INSERT INTO step_record_version (episode_id, step, version, data, saved_at, saved_by, "
        "correctie_reden) "
        "VALUES (:episode_id, :step, :version, :data, :saved_at, :saved_by, :correctie_reden)",
        params,
    )
    return row


def record_versions(tx: Tx, episode_id: int, step: str, *, current: bool) -> list[RecordRow]:
    """The step's current record (`current`), or every version of it, oldest first."""
    table = "step_record" if current else "step_record_version"
    rows = tx.all(
        f"SELECT version, data, saved_at, saved_by, correctie_reden FROM {table} "
        "WHERE episode_id = :id AND step = :step ORDER BY version",
        {"id": episode_id, "step": step},
    )
    return [RecordRow(r[0], tx.from_json(r[1]), tx.from_at(r[2]), r[3], r[4]) for r in rows]


# --- sessies ---------------------------------------------------------------------------------


def insert_sessie(
    tx: Tx, episode_id: int, datum: date, data: dict[str, Any], actor: str, at: datetime
) -> int:
    return int(
        tx.scalar(
            "INSERT INTO sessie (episode_id, datum, data, created_at, created_by) "
            "VALUES (:episode_id, :datum, :data, :created_at, :created_by) RETURNING id",
            {
                "episode_id": episode_id,
                "datum": tx.day(datum),
                "data": tx.json(data),
                "created_at": tx.at(at),
                "created_by": actor,
            },
        )
    )


def sessies(tx: Tx, episode_id: int, after: int | None, limit: int) -> list[dict[str, Any]]:
    rows = tx.all(
        "SELECT id, datum, data, created_at, created_by FROM sessie "
        "WHERE episode_id = :id AND id > :after ORDER BY id LIMIT :limit",
        {"id": episode_id, "after": after or 0, "limit": limit},
    )
    return [
        {
            "id": r[0],
            "episode_id": episode_id,
            "datum": tx.from_day(r[1]),
            "data": tx.from_json(r[2]),
            "created_at": tx.from_at(r[3]),
            "created_by": r[4],
        }
        for r in rows
    ]


# --- therapists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TherapistFacts:
    id: int
    naam: str
    registraties: frozenset[str]
    """The registers that count today (`workflows.registraties`): not an expired specialist
    one."""
    inwendig_onderzoek_bevoegd: bool

    def behandelaar(self) -> Behandelaar:
        return Behandelaar(self.registraties, self.inwendig_onderzoek_bevoegd)


def therapist_of(tx: Tx, practice_id: int, therapist_id: int) -> TherapistFacts | None:
    """An active therapist of this practice, or None."""
    row = tx.one(
        "SELECT id, naam, registraties, inwendig_onderzoek_bevoegd FROM therapist "
        "WHERE id = :id AND practice_id = :practice_id AND active = :active",
        {"id": therapist_id, "practice_id": practice_id, "active": True},
    )
    if row is None:
        return None
    registraties = geldig_vandaag(uit_opslag(tx.from_json(row[2])))
    return TherapistFacts(row[0], row[1], registraties, bool(row[3]))
