"""Request and response shapes of an episode's berichten."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.berichten.content import BerichtContent
from app.limits import DB_INT_MAX
from workflows.berichten import Soort

BERICHT_EXAMPLE: dict[str, Any] = {"soort": "eindverslag", "ontvanger": 1}


class BerichtIn(BaseModel):
    """Make a bericht of this soort, addressed to this contact, from the episode as it is."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [BERICHT_EXAMPLE]})

    soort: Soort = Field(
        description="eerste_bericht (once the behandelplan is set, or the advice after an "
        "early exit), tussenbericht (during behandeling or evaluatie), eindverslag (at "
        "afsluiting)."
    )
    ontvanger: int = Field(
        ge=1, le=DB_INT_MAX, description="The contact it goes to: an id from GET .../contacten."
    )


class BerichtMeta(BaseModel):
    id: int
    episode_id: int
    soort: Soort
    ontvanger: int = Field(description="The contact id it is addressed to.")
    episode_version: int = Field(description="The version of the episode whose data it shows.")
    sha256: str = Field(description="Hex SHA-256 of its HTML (UTF-8), as GET with text/html gives.")
    created_at: datetime
    created_by: str
    verzonden_op: datetime | None = Field(description="When it was marked sent; null: not yet.")
    verzonden_door: str | None = None


class BerichtList(BaseModel):
    items: list[BerichtMeta] = Field(description="Oldest first.")


class BerichtDetail(BerichtMeta):
    content: BerichtContent = Field(description="What the letter says; both renderings show it.")
