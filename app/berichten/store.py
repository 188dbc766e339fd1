"""Every statement on the bericht table, and the few facts a bericht reads beyond the episode."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.sql import Tx

_META = (
    "id", "episode_id", "soort", "ontvanger", "episode_version", "sha256", "created_at",
    "created_by", "verzonden_op", "verzonden_door",
)  # fmt: skip


@dataclass(frozen=True)
class BerichtRow:
    id: int
    episode_id: int
    soort: str
    ontvanger: int
    episode_version: int
    sha256: str
    created_at: datetime
    created_by: str
    verzonden_op: datetime | None
    verzonden_door: str | None
    content: dict[str, Any] | None = None
    html: str | None = None

    def meta(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _META}


def _row(tx: Tx, r: Any, *, full: bool) -> BerichtRow:
    values = dict(zip(_META, r[: len(_META)], strict=True))
    values["created_at"] = tx.from_at(values["created_at"])
    if values["verzonden_op"] is not None:
        values["verzonden_op"] = tx.from_at(values["verzonden_op"])
    if full:
        values["content"] = tx.from_json(r[len(_META)])
        values["html"] = r[len(_META) + 1]
    return BerichtRow(**values)


def insert(tx: Tx, values: Mapping[str, Any]) -> int:
    encoded = dict(values) | {
        "content": tx.json(values["content"]),
        "created_at": tx.at(values["created_at"]),
    }
    names = ", ".join(encoded)
    params = ", ".join(f":{n}" for n in encoded)
    return int(tx.scalar(f"INSERT INTO bericht ({names}) VALUES ({params}) RETURNING id", encoded))


def get(tx: Tx, episode_id: int, bericht_id: int, *, full: bool = True) -> BerichtRow | None:
    columns = ", ".join((*_META, "content", "html") if full else _META)
    row = tx.one(
        f"SELECT {columns} FROM bericht WHERE id = :id AND episode_id = :episode_id",
        {"id": bericht_id, "episode_id": episode_id},
    )
    return None if row is None else _row(tx, row, full=full)


def of_episode(tx: Tx, episode_id: int) -> list[BerichtRow]:
    rows = tx.all(
        f"SELECT {', '.join(_META)} FROM bericht WHERE episode_id = :id ORDER BY id",
        {"id": episode_id},
    )
    return [_row(tx, r, full=False) for r in rows]


def mark_sent(tx: Tx, bericht_id: int, at: datetime, actor: str) -> int:
    """Set when it was sent, once: a bericht already sent is left as it is (0 rows)."""
    return tx.run(
        "UPDATE bericht SET verzonden_op = :at, verzonden_door = :actor "
        "WHERE id = :id AND verzonden_op IS NULL",
        {"id": bericht_id, "at": tx.at(at), "actor": actor},
    )


def practice(tx: Tx, practice_id: int) -> tuple[str, str | None]:
    """The practice's name and AGB code."""
    row = tx.one("SELECT naam, agb_code FROM practice WHERE id = :id", {"id": practice_id})
    return (str(row[0]), row[1]) if row is not None else ("", None)


def therapist_naam(tx: Tx, practice_id: int, therapist_id: int) -> str | None:
    """The responsible therapist's name (also when no longer active: the letter is theirs)."""
    naam = tx.scalar(
        "SELECT naam FROM therapist WHERE id = :id AND practice_id = :practice_id",
        {"id": therapist_id, "practice_id": practice_id},
    )
    return None if naam is None else str(naam)


def exit_payload(tx: Tx, episode_id: int) -> dict[str, Any] | None:
    """The payload of the transition by which the episode last went to afsluiting, when it
    carried an advice or a referral (an early exit: `advies`, `verwezen_naar`,
    `aanwijzingen`); None otherwise."""
    rows = tx.all(
        "SELECT data FROM episode_event WHERE episode_id = :id AND kind = :kind ORDER BY id",
        {"id": episode_id, "kind": "transition"},
    )
    last: dict[str, Any] | None = None
    for (raw,) in rows:
        data = tx.from_json(raw)
        if data.get("to") == "afsluiting":
            last = data
    payload = (last or {}).get("payload")
    if isinstance(payload, dict) and {"advies", "verwezen_naar", "aanwijzingen"} & payload.keys():
        return payload
    return None
