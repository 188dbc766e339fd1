"""Two people fire the same transition at once: exactly one applies (conditional update)."""

import threading

import httpx

from api_tests.support import Api
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
