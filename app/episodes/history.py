"""An episode's append-only history, oldest first."""

from sqlmodel import col, select

from app import pagination
from app.episodes import store
from app.episodes.access import EpisodeAccess
from app.episodes.models import EpisodeEvent
from app.episodes.schemas import EventOut, EventPage


class HistoryService(EpisodeAccess):
    def events(self, episode_id: int, *, cursor: str | None, limit: int) -> EventPage:
        after = pagination.decode(cursor)
        q = (
            select(EpisodeEvent)
            .where(EpisodeEvent.episode_id == episode_id)
            .order_by(col(EpisodeEvent.id))
            .limit(limit + 1)
        )
        if after is not None:
            q = q.where(col(EpisodeEvent.id) > after)
        with self.db.read() as s:
            store.load(s, episode_id, self.practice_id)  # scopes to the practice: else 404
            rows = list(s.exec(q))
        more = len(rows) > limit
        items = rows[:limit]
        return EventPage(
            items=[
                EventOut(
                    id=e.id or 0,
                    kind=e.kind,
                    actor=e.actor,
                    at=e.at,
                    episode_version=e.episode_version,
                    data=e.data,
                )
                for e in items
            ],
            next_cursor=pagination.encode(items[-1].id or 0) if more and items else None,
        )
