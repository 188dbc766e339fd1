"""Two writers at once: exactly one applies (conditional update), the other is told so (412) or,
retrying with the same Idempotency-Key, gets the first answer."""

import threading
from collections.abc import Callable

import httpx

from api_tests.support import Api, example
from app.testing import World


def test_two_threads_race_one_transition_and_exactly_one_applies(
    live_url: str, world: World
) -> None:
    headers = world.therapist.headers
    with httpx.Client(base_url=live_url, timeout=30, headers=headers) as http:
        api = Api(http)
        for _ in range(10):  # several rounds, so a lucky interleaving cannot hide a race
            ep = api.create_episode(route="dto")
            api.record(ep, "screening")
            etag = api.etags[ep]
            barrier = threading.Barrier(2)
            statuses: list[int] = []

            def fire(
                ep: int = ep,
                etag: str = etag,
                barrier: threading.Barrier = barrier,
                statuses: list[int] = statuses,
            ) -> None:
                with httpx.Client(base_url=live_url, timeout=30, headers=headers) as own:
                    barrier.wait()
                    r = own.post(
                        f"/v1/episodes/{ep}/transitions",
                        json={"trigger": "screening_afronden"},
                        headers={"If-Match": etag},
                    )
                    statuses.append(r.status_code)

            threads = [threading.Thread(target=fire) for _ in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

            assert sorted(statuses) == [200, 412]
            events = api.events(ep)
            assert [e["kind"] for e in events].count("transition") == 1
            assert api.get(ep)["version"] == 3


def _race(live_url: str, headers: dict[str, str], send: Callable[[httpx.Client], int]) -> list[int]:
    """Two clients send at the same moment; their statuses."""
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


def test_two_first_saves_of_one_step_race_and_exactly_one_applies(
    live_url: str, world: World
) -> None:
    # Both find no record yet; the loser must get 412, not trip over the winner's row.
    headers = world.therapist.headers
    with httpx.Client(base_url=live_url, timeout=30, headers=headers) as http:
        api = Api(http)
        screening = example("screening")
        for _ in range(10):
            ep = api.create_episode(route="dto")
            etag = api.etags[ep]

            def save(c: httpx.Client, ep: int = ep, etag: str = etag) -> int:
                r = c.put(
                    f"/v1/episodes/{ep}/records/screening",
                    json=screening,
                    headers={"If-Match": etag},
                )
                return r.status_code

            statuses = _race(live_url, headers, save)
            assert statuses == [200, 412]
            versions = http.get(f"/v1/episodes/{ep}/records/screening/versions").json()
            assert [v["version"] for v in versions] == [1]


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

            statuses = _race(live_url, headers, fire)
            assert statuses == [200, 200]
            assert [e["kind"] for e in api.events(ep)].count("transition") == 1
