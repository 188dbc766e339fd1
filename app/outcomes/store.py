"""Reading the closed episodes of a period with what their outcome data needs: the episode
row, the diagnose and afsluiting records, and every measurement. Three statements whatever the
number of episodes."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import measures
from app.episodes import store
from app.sql import Tx
from measures.outcomes import Taken

_WHERE = (
    "practice_id = :practice_id AND status = 'afgesloten' "
    "AND afgesloten_op >= :since AND afgesloten_op < :until"
)


@dataclass
class ClosedEpisode:
    ep: store.EpisodeRow
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    taken: dict[str, list[Taken]] = field(default_factory=dict)
    """Per instrument, every measurement of the episode."""


def closed_episodes(
    tx: Tx, practice_id: int, since: date, until: date, profile: str | None = None
) -> list[ClosedEpisode]:
    """The practice's episodes closed on a day in [since, until), oldest first."""
    where = _WHERE + (" AND profile = :profile" if profile else "")
    params = {
        "practice_id": practice_id,
        "since": tx.day(since),
        "until": tx.day(until),
        "profile": profile,
    }
    rows = tx.all(f"{store.SELECT} WHERE {where} ORDER BY id", params)
    closed = {ep.id: ClosedEpisode(ep) for ep in (store.episode_of(tx, r) for r in rows)}
    if not closed:
        return []
    inner = f"SELECT id FROM episode WHERE {where}"
    for episode_id, step, data in tx.all(
        f"SELECT episode_id, step, data FROM step_record WHERE episode_id IN ({inner}) "
        "AND step IN ('diagnose', 'afsluiting')",
        params,
    ):
        closed[episode_id].records[step] = tx.from_json(data)
    taken: dict[int, dict[str, list[Taken]]] = defaultdict(lambda: defaultdict(list))
    for m_id, episode_id, code, moment, day, scores, main, band, missing in tx.all(
        "SELECT id, episode_id, instrument, moment, afgenomen_op, scores, main_score, band, "
        f"missing FROM measurement WHERE episode_id IN ({inner}) ORDER BY id",
        params,
    ):
        score = measures.Score(code, tx.from_json(scores), main, band, tx.from_json(missing))
        taken[episode_id][code].append(Taken(moment, tx.from_day(day), m_id, score))
    for episode_id, by_code in taken.items():
        closed[episode_id].taken = dict(by_code)
    return list(closed.values())
