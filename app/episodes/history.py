"""An episode's append-only history, oldest first."""

from app import pagination
from app.episodes import store
from app.episodes.access import EpisodeAccess
from app.episodes.schemas import EventOut, EventPage


class HistoryService(EpisodeAccess):
    def events(self, episode_id: int, *, cursor: str | None, limit: int) -> EventPage:
        after = pagination.decode(cursor)
        with self.reading() as tx:
            store.load(tx, episode_id, self.practice_id)  # scopes to the practice: else 404
            rows = store.events(tx, episode_id, after, limit + 1)
        items = rows[:limit]
        return EventPage(
            items=[EventOut.model_validate(e) for e in items],
            next_cursor=pagination.encode(items[-1]["id"]) if len(rows) > limit else None,
        )
