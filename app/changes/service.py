"""Reading the change feed: a practice's episode events in the order they committed.

Each event carries a per-practice number (`seq`) taken when it is written (see `append_event`):
a number is visible only after every smaller one of that practice has committed, so a reader
that pages with `seq > after` sees every change exactly once, even while writes go on."""

from typing import Any

from app import pagination
from app.changes.schemas import ChangeOut, ChangePage
from app.episodes import store
from app.episodes.access import EpisodeAccess

_FEED = (
    "SELECT e.seq, e.episode_id, ep.client_ref, e.kind, e.actor, e.at, e.episode_version, e.data "
    "FROM episode_event e JOIN episode ep ON ep.id = e.episode_id "
    "WHERE e.practice_id = :practice_id AND e.seq > :after ORDER BY e.seq LIMIT :limit"
)


class ChangeFeed(EpisodeAccess):
    def changes(self, *, after: str | None, limit: int) -> ChangePage:
        last = pagination.decode(after, field="query.after")
        with self.reading() as tx:
            rows = tx.all(
                _FEED, {"practice_id": self.practice_id, "after": last or 0, "limit": limit + 1}
            )
            items = [_change(tx.from_at(r[5]), tx.from_json(r[7]), r) for r in rows[:limit]]
            for item in items:  # the access log names every client on the page
                store.concerns(item.episode_id, item.client_ref)
        return ChangePage(
            items=items,
            next_cursor=items[-1].cursor if items else after,
            has_more=len(rows) > limit,
        )


def _change(at: Any, data: Any, r: Any) -> ChangeOut:
    return ChangeOut(
        cursor=pagination.encode(r[0]),
        episode_id=r[1],
        client_ref=r[2],
        kind=r[3],
        actor=r[4],
        at=at,
        episode_version=r[6],
        data=data,
    )
