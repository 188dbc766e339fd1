"""Two people change the same thing at the same moment, on every versioned resource: exactly one
change applies, the other is told the resource moved on (412, never a 500), and the episode's
history agrees with its version (one event per version). A retry racing its own first attempt
with the same Idempotency-Key waits for it and replays its answer."""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from api_tests.support import Api, colleague, example
from app.testing import World

ROUNDS = 5  # several rounds, so a lucky interleaving cannot hide a race


@dataclass(frozen=True)
class Target:
    path: str
    body: object
    etag: str
    episode: int | None
    headers: dict[str, str] | None = None
    """Who sends the two writes, if not the test's own caller."""


@dataclass(frozen=True)
class Race:
    """A write two clients send at once: `prepare` makes a fresh target to send it to."""

    method: str
    prepare: Callable[[Api, World], Target]
    ok: int = 200


def _episode_in(api: Api, step: str, *, route: str = "dto") -> int:
    ep = api.create_episode(route=route)
    api.advance_to(ep, step)
    return ep


def _transition(api: Api, world: World) -> Target:
    ep = api.create_episode()
    api.record(ep, "screening")
    return Target(
        f"/v1/episodes/{ep}/transitions", {"trigger": "screening_afronden"}, api.etags[ep], ep
    )


def _record(api: Api, world: World) -> Target:
    ep = api.create_episode()
    return Target(f"/v1/episodes/{ep}/records/screening", example("screening"), api.etags[ep], ep)


def _sessie(api: Api, world: World) -> Target:
    ep = _episode_in(api, "behandeling")
    api.record(ep, "behandeling")
    return Target(f"/v1/episodes/{ep}/sessies", example("sessie"), api.etags[ep], ep)


def _measurement(api: Api, world: World) -> Target:
    ep = api.create_episode(route="verwijzing")
    body = {
        "instrument": "nprs",
        "moment": "baseline",
        "responses": {"score": 6},
        "afgenomen_op": "2026-03-02",
    }
    return Target(f"/v1/episodes/{ep}/measurements", body, api.etags[ep], ep)


def _client(api: Api, world: World) -> Target:
    ep = api.create_episode()
    body = {"leeftijdsgroep": "volwassene", "wilsbekwaam": False}
    return Target(f"/v1/episodes/{ep}/client", body, api.etags[ep], ep)


def _handover(api: Api, world: World) -> Target:
    # Sent by a therapist who holds both registrations: the loser finds a psychosomatisch
    # episode, and without that registration it would (rightly) get 403 before 412.
    specialist, headers = colleague(
        api.http,
        world.admin.headers,
        login=f"p.race.{api.create_episode()}",
        registraties=["oefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    own = Api(httpx.Client(base_url=str(api.http.base_url), headers=headers, timeout=30))
    ep = own.create_episode(route="verwijzing")
    own.record(ep, "anamnese", example("anamnese", solk_complexiteit="matig_ernstig"))
    body = {"profile": "psychosomatisch", "therapist_id": specialist}
    own.http.close()
    return Target(f"/v1/episodes/{ep}/handover", body, own.etags[ep], ep, headers)


def _practice(api: Api, world: World) -> Target:
    etag = api.http.get("/v1/practice").headers["etag"]
    return Target("/v1/practice", {"naam": "Praktijk Racebaan"}, etag, None)


def _therapist(api: Api, world: World) -> Target:
    path = f"/v1/therapists/{world.therapist.id}"
    etag = api.http.get(path).headers["etag"]
    return Target(path, {"naam": "T. Racer"}, etag, None)


RACES = {
    "transition": Race("POST", _transition),
    "record": Race("PUT", _record),
    "sessie": Race("POST", _sessie, ok=201),
    "measurement": Race("POST", _measurement, ok=201),
    "client facts": Race("PUT", _client),
    "handover": Race("POST", _handover),
    "practice": Race("PATCH", _practice),
    "therapist": Race("PATCH", _therapist),
}


def _at_once(
    live_url: str, headers: dict[str, str], send: Callable[[httpx.Client], int]
) -> list[int]:
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def one() -> None:
        with httpx.Client(base_url=live_url, timeout=30, headers=headers) as own:
            barrier.wait()
            statuses.append(send(own))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)


@pytest.mark.parametrize("kind", list(RACES))
def test_two_writers_at_once_exactly_one_applies(kind: str, live_url: str, world: World) -> None:
    race = RACES[kind]
    # The admin may do everything the race needs (episodes too: it holds oefentherapeut).
    headers = world.admin.headers
    with httpx.Client(base_url=live_url, timeout=30, headers=headers) as http:
        api = Api(http)
        for _ in range(ROUNDS):
            target = race.prepare(api, world)

            def send(c: httpx.Client, t: Target = target) -> int:
                r = c.request(race.method, t.path, json=t.body, headers={"If-Match": t.etag})
                return r.status_code

            assert _at_once(live_url, target.headers or headers, send) == [race.ok, 412]
            if target.episode is not None:
                version = api.get(target.episode)["version"]
                assert len(api.events(target.episode)) == version  # one event per version


def test_a_retry_racing_its_first_attempt_replays_the_answer(live_url: str, world: World) -> None:
    # The same Idempotency-Key twice at once: one applies, the other waits and replays it.
    headers = world.therapist.headers
    with httpx.Client(base_url=live_url, timeout=30, headers=headers) as http:
        api = Api(http)
        for round_ in range(10):
            ep = api.create_episode(route="dto")
            api.record(ep, "screening")
            etag = api.etags[ep]
            key = f"retry-{ep}-{round_}"

            def fire(c: httpx.Client, ep: int = ep, etag: str = etag, key: str = key) -> int:
                r = c.post(
                    f"/v1/episodes/{ep}/transitions",
                    json={"trigger": "screening_afronden"},
                    headers={"If-Match": etag, "Idempotency-Key": key},
                )
                return r.status_code

            statuses = _at_once(live_url, headers, fire)
            assert statuses == [200, 200]
            assert [e["kind"] for e in api.events(ep)].count("transition") == 1
