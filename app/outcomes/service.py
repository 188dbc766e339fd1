"""The practice outcome overview: per instrument, the change of closed episodes pooled over
all profiles and per profile, with the small groups suppressed (`measures.outcomes`)."""

from collections import defaultdict
from datetime import date

import measures
from app.episodes.access import EpisodeAccess
from app.outcomes.schemas import ChangeBin, InstrumentOutcomes, OutcomeGroup, OutcomeOverview
from app.outcomes.store import closed_episodes
from measures.outcomes import SUPPRESS_BELOW, episode_outcome, pool
from workflows import registry

EARLIEST, LATEST = date(1900, 1, 1), date(9999, 12, 31)


class OutcomeService(EpisodeAccess):
    def overview(
        self,
        *,
        since: date | None,
        until: date | None,
        instrument: str | None,
        profile: str | None,
    ) -> OutcomeOverview:
        if instrument is not None:
            measures.get(instrument)  # an unknown code is a 404
        if profile is not None:
            registry.current(profile)  # and so is an unknown profile
        with self.reading() as tx:
            closed = closed_episodes(
                tx, self.practice_id, since or EARLIEST, until or LATEST, profile
            )
        by_instrument: dict[str, dict[str, list[measures.Change]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for episode in closed:
            for code, taken in episode.taken.items():
                if instrument is not None and code != instrument:
                    continue
                outcome = episode_outcome(code, taken)
                if outcome is not None and outcome.change is not None:
                    by_instrument[code][episode.ep.profile].append(outcome)
        catalogue = [i for i in measures.instruments() if i.code in by_instrument]
        return OutcomeOverview(
            since=since,
            until=until,
            suppress_below=SUPPRESS_BELOW,
            instruments=[_instrument(i, by_instrument[i.code]) for i in catalogue],
        )


def _instrument(
    instrument: measures.Instrument, by_profile: dict[str, list[measures.Change]]
) -> InstrumentOutcomes:
    everyone = [o for outcomes in by_profile.values() for o in outcomes]
    return InstrumentOutcomes(
        instrument=instrument.code,
        name=instrument.name,
        main_score=instrument.main_score,
        direction=instrument.direction,
        mcid=instrument.mcid,
        mcid_reference=instrument.mcid_reference,
        groups=[
            _group(None, everyone),
            *(_group(p, by_profile[p]) for p in sorted(by_profile)),
        ],
    )


def _group(profile: str | None, outcomes: list[measures.Change]) -> OutcomeGroup:
    pooled = pool(outcomes)
    if pooled is None:
        return OutcomeGroup(profile=profile, suppressed=True)
    return OutcomeGroup(
        profile=profile,
        suppressed=False,
        episodes=pooled.episodes,
        mean_change=pooled.mean_change,
        median_change=pooled.median_change,
        improved_share=pooled.improved_share,
        mcid_reached_share=pooled.mcid_reached_share,
        distribution=[
            ChangeBin(low=b.low, high=b.high, episodes=b.episodes) for b in pooled.distribution
        ],
    )
