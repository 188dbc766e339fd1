"""Who is acting. Until authentication lands (tokens per therapist and EPD client), the caller
names itself in `X-Actor`; the name goes into every event so the history says who did what."""

from typing import Annotated

from fastapi import Depends, Header

from app import problems


async def current_actor(
    x_actor: Annotated[
        str | None,
        Header(description="Who acts (therapist or EPD integration id); recorded in events."),
    ] = None,
) -> str:
    if x_actor is None:
        return "onbekend"
    actor = x_actor.strip()
    if not actor or len(actor) > 128:
        raise problems.InvalidInput(
            errors=[
                problems.FieldError(
                    field="header.x-actor", code="actor.invalid", message="1-128 tekens"
                )
            ]
        )
    return actor


CurrentActor = Annotated[str, Depends(current_actor)]
