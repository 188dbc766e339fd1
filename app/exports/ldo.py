"""The LDO export of a practice and period: its closed episodes, pseudonymised, with the outcome
per instrument (`measures.outcomes`), minus the episodes of clients who object
(`workflows.ldo`). Read in one transaction that also writes the access-log row: an export, for
every client in it."""

import csv
import hashlib
import hmac
import io
import secrets
from datetime import date

import measures
from app.berichten import store as berichten
from app.episodes import store
from app.episodes.access import EpisodeAccess
from app.exports.schemas import LdoEpisode, LdoExport, LdoMeting
from app.outcomes.store import ClosedEpisode, closed_episodes
from app.types import utcnow
from measures.outcomes import Taken, baseline_and_end
from workflows import ldo
from workflows.client import ClientFacts
from workflows.toestemming import Toestemming

PSEUDONIMISERING = (
    "HMAC-SHA256 van de cliëntreferentie, met een sleutel die alleen voor deze export bestaat "
    "en niet bewaard wordt"
)


class LdoExporter(EpisodeAccess):
    def export(self, since: date, until: date) -> LdoExport:
        key = secrets.token_bytes(32)  # per export: pseudonyms cannot be linked across exports
        with self.reading() as tx:
            _, agb = berichten.practice(tx, self.practice_id)
            closed = closed_episodes(tx, self.practice_id, since, until)
            delivered = [c for c in closed if _delivered(c)]
            for c in delivered:  # the access log names every client whose data left
                store.concerns(c.ep.id, c.ep.client_ref)
        return LdoExport(
            praktijk_agb=agb,
            since=since,
            until=until,
            gemaakt_op=utcnow(),
            catalogus_versie=measures.CATALOGUE_VERSION,
            pseudonimisering=PSEUDONIMISERING,
            uitgesloten=len(closed) - len(delivered),
            episodes=[_episode(c, key) for c in delivered],
        )


def _delivered(c: ClosedEpisode) -> bool:
    consents = [Toestemming.of(t) for t in c.ep.toestemmingen]
    return ldo.aanleveren(consents, c.records.get("afsluiting"))


def _episode(c: ClosedEpisode, key: bytes) -> LdoEpisode:
    ep = c.ep
    assert ep.afgesloten_op is not None  # every closed episode has its day (migration 0013)
    client = ClientFacts.model_validate(ep.client)
    return LdoEpisode(
        pseudoniem=hmac.new(key, ep.client_ref.encode(), hashlib.sha256).hexdigest(),
        profiel=ep.profile,
        route=ep.route,
        verwijzer_type=(ep.verwijzing or {}).get("verwijzer_type"),
        diagnosecode=c.records.get("diagnose", {}).get("diagnosecode"),
        leeftijdsgroep=ldo.leeftijdsgroep(client, ep.aangemeld_op),
        geslacht=client.geslacht,
        startmaand=ldo.maand(ep.aangemeld_op),
        afsluitmaand=ldo.maand(ep.afgesloten_op),
        aantal_sessies=ep.sessie_count,
        reden_afsluiting=c.records.get("afsluiting", {}).get("reden_afsluiting"),
        metingen=[_meting(code, taken) for code, taken in c.taken.items()],
    )


def _meting(code: str, taken: list[Taken]) -> LdoMeting:
    change = measures.compare(code, *baseline_and_end(taken))
    return LdoMeting(
        instrument=code,
        score=measures.get(code).main_score,
        baseline=change.baseline,
        eind=change.followup,
        verandering=change.change,
        mcid_bereikt=change.mcid_reached,
    )


CSV_COLUMNS = (
    *(f for f in LdoEpisode.model_fields if f != "metingen"),
    *(f"meting_{f}" for f in LdoMeting.model_fields),
)


def as_csv(export: LdoExport) -> str:
    """One row per episode and instrument; an episode without measurements has one row with the
    instrument columns empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for ep in export.episodes:
        base = [_cell(v) for k, v in ep.model_dump().items() if k != "metingen"]
        metingen: list[LdoMeting | None] = [*ep.metingen] or [None]
        for m in metingen:
            writer.writerow(base + ([_cell(v) for v in m.model_dump().values()] if m else [""] * 6))
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)
