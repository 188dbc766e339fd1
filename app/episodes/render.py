"""How an episode is shown: its summary, and in full with what each trigger still needs."""

from collections.abc import Mapping, Sequence
from typing import Any

from app.episodes import store
from app.episodes.schemas import (
    ContactOut,
    EpisodeListItem,
    EpisodeOut,
    EpisodeSummary,
    HandoverOut,
    ToestemmingOut,
    TriggerOut,
)
from app.problems import UnmetOut
from workflows import toestemming
from workflows.gates import Unmet, all_unmet
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STEPS
from workflows.toestemming import Toestemming
from workflows.write_rules import handover_allowed


def summary(ep: store.EpisodeRow) -> EpisodeSummary:
    return EpisodeSummary(
        id=ep.id,
        client_ref=ep.client_ref,
        profile=ep.profile,
        definition_version=f"{ep.profile}@{ep.definition_version}",
        route=ep.route,
        therapist_id=ep.therapist_id,
        status=ep.status,
        version=ep.version,
        created_at=ep.created_at,
        updated_at=ep.updated_at,
    )


def list_item(
    ep: store.EpisodeRow, records: Mapping[str, Mapping[str, Any]] | None
) -> EpisodeListItem:
    """A row of the episode list; with its records, also what the step's forward trigger still
    needs (`waiting_on`)."""
    item = EpisodeListItem(**summary(ep).model_dump())
    if records is not None:
        snap = store.snapshot_of(ep, records)
        triggers = ep.definition.triggers_from(ep.status)
        forward = next((t for t in triggers if t.kind == "voorwaarts"), None)
        if forward is not None:  # only its gates: the loops' and exits' are not asked here
            item.waiting_on = _unmet(all_unmet(forward.gates, snap))
    return item


def _unmet(items: list[Unmet]) -> list[UnmetOut]:
    return [UnmetOut(code=u.code, message=u.message, field=u.field) for u in items]


def episode_out(ep: store.EpisodeRow, snap: EpisodeSnapshot) -> EpisodeOut:
    definition = ep.definition
    triggers = [
        TriggerOut(
            name=a.trigger.name,
            dest=a.trigger.dest,
            kind=a.trigger.kind,
            payload_required=a.trigger.payload is not None,
            unmet=_unmet(a.unmet),
        )
        for a in definition.available(snap)
    ]
    # Hand-overs are offered only while one may be written (not from afsluiting on).
    offered = () if handover_allowed(snap) else definition.handovers
    handovers = [
        HandoverOut(profile=h.profile, unmet=_unmet(definition.handover_unmet(snap, h.profile)))
        for h in offered
    ]
    return EpisodeOut(
        **summary(ep).model_dump(),
        available_handovers=handovers,
        client=snap.client,
        verwijzing=ep.verwijzing,
        aangemeld_op=ep.aangemeld_op,
        sessie_count=ep.sessie_count,
        aangehouden=ep.aangehouden,
        records=[step for step in STEPS if step in snap.records],
        available_triggers=triggers,
        contacten=contacten(ep),
        toestemmingen_geldend=geldend(ep, snap.toestemmingen),
    )


def contacten(ep: store.EpisodeRow) -> list[ContactOut]:
    return [ContactOut.model_validate(c) for c in ep.contacten]


def geldend(ep: store.EpisodeRow, records: Sequence[Toestemming]) -> list[ToestemmingOut]:
    """Per doel and ontvanger that has a record, the one that holds (`toestemming.geldend`), in
    the order the pairs first appear. `records` are the episode's consents as the rules read
    them, in the order of `ep.toestemmingen`."""
    out = []
    for doel, ontvanger in dict.fromkeys((t.doel, t.ontvanger) for t in records):
        holds = toestemming.geldend(records, doel, ontvanger)
        assert holds is not None  # the pair has a record of its own
        out.append(ToestemmingOut.model_validate(ep.toestemmingen[holds.id - 1]))
    return out
