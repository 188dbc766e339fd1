"""The shapes of the change feed."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ChangeOut(BaseModel):
    cursor: str = Field(description="Pass as `after` to continue after this change.")
    episode_id: int
    client_ref: str | None = Field(description="The EPD's own reference of the client.")
    kind: str = Field(
        description="What changed: created, record_saved, record_corrected, transition, "
        "sessie_added, measurement_added, client_facts_changed, handed_over, contact_added, "
        "toestemming, bericht_gemaakt, bericht_verzonden (the episode's event kinds)."
    )
    actor: str
    at: datetime
    episode_version: int = Field(description="The episode's version after this change.")
    data: dict[str, Any]


class ChangePage(BaseModel):
    items: list[ChangeOut]
    next_cursor: str | None = Field(
        description="Where to continue: the last change's cursor (or the `after` you sent when "
        "nothing new has happened). Null only while the practice has no change at all."
    )
    has_more: bool = Field(description="More changes follow at once: ask again without waiting.")
