"""An EPD keeps itself in sync by following the practice's change feed (`GET /v1/changes`):
every change once, in the order it committed, also while therapists are writing."""

import threading
from typing import Any

import httpx

from api_tests.support import Api, error_fields, example
from app.testing import World

ACTING = {"X-Acting-User-Id": "sync-job", "X-Acting-User-Name": "Synchronisatie"}


def follow(
    http: httpx.Client, after: str | None = None, limit: int = 3
) -> tuple[list[Any], str | None]:
    """Every change after `after`, page by page, and the cursor to continue from."""
    seen: list[Any] = []
    while True:
        r = http.get("/v1/changes", params={"limit": limit} | ({"after": after} if after else {}))
        assert r.status_code == 200, r.text
        page = r.json()
        seen += page["items"]
        after = page["next_cursor"]
        if not page["has_more"]:
            return seen, after


def history(api: Api, episodes: list[int]) -> set[tuple[int, str, int]]:
    return {(ep, e["kind"], e["episode_version"]) for ep in episodes for e in api.events(ep)}


def test_a_new_epd_sees_every_change_of_the_practice_once_and_in_order(api: Api) -> None:
    first = api.create_episode()
    api.complete_step(first, "screening")
    second = api.create_episode(route="verwijzing")
    api.measure(second, "nprs", "baseline", {"score": 6})
    api.record(first, "anamnese")

    changes, cursor = follow(api.http)
    assert cursor is not None
    mine = [c for c in changes if c["episode_id"] in (first, second)]
    assert [(c["episode_id"], c["kind"]) for c in mine] == [
        (first, "created"),
        (first, "record_saved"),
        (first, "transition"),
        (second, "created"),
        (second, "measurement_added"),
        (first, "record_saved"),
    ]
    # Each change names the episode's version after it: the EPD reads the episode when behind.
    assert {(c["episode_id"], c["kind"], c["episode_version"]) for c in mine} == history(
        api, [first, second]
    )
    assert len({c["cursor"] for c in changes}) == len(changes)

    # Nothing new: the feed answers empty and keeps the cursor; a new change follows it.
    again = api.http.get("/v1/changes", params={"after": cursor}).json()
    assert again == {"items": [], "next_cursor": cursor, "has_more": False}
    api.record(second, "anamnese")
    later, _ = follow(api.http, cursor)
    assert [(c["episode_id"], c["kind"]) for c in later] == [(second, "record_saved")]


def test_the_feed_misses_nothing_while_therapists_write_at_the_same_time(
    live_url: str, world: World
) -> None:
    headers = world.therapist.headers
    with httpx.Client(base_url=live_url, headers=headers, timeout=30) as setup:
        api = Api(setup)
        episodes = [api.create_episode() for _ in range(4)]
        _, start = follow(setup)
        etags = dict(api.etags)
        stop = threading.Event()
        seen: list[Any] = []

        def write(ep: int) -> None:
            with httpx.Client(base_url=live_url, headers=headers, timeout=30) as own:
                writer = Api(own)
                writer.etags[ep] = etags[ep]
                for n in range(6):
                    writer.record(ep, "screening", example("screening", klachten=f"Klacht {n}"))

        def read() -> None:
            after = start
            with httpx.Client(base_url=live_url, headers=headers, timeout=30) as own:
                while True:
                    done = stop.is_set()  # read once more after the last write
                    page, after = follow(own, after, limit=2)
                    seen.extend(page)
                    if done:
                        return

        reader = threading.Thread(target=read)
        reader.start()
        writers = [threading.Thread(target=write, args=(ep,)) for ep in episodes]
        for t in writers:
            t.start()
        for t in writers:
            t.join()
        stop.set()
        reader.join()

        keys = [(c["episode_id"], c["kind"], c["episode_version"]) for c in seen]
        assert len(keys) == len(set(keys)), "a change was listed twice"
        assert set(keys) == history(api, episodes) - {(ep, "created", 1) for ep in episodes}
        for ep in episodes:  # per episode, in the order of its versions
            versions = [v for e, _, v in keys if e == ep]
            assert versions == sorted(versions) and len(versions) == 6


def test_another_practice_sees_none_of_these_changes(api: Api, world: World) -> None:
    ep = api.create_episode()
    r = api.http.get("/v1/changes", headers=world.outsider.headers, params={"limit": 500})
    assert r.status_code == 200
    assert ep not in {c["episode_id"] for c in r.json()["items"]}


def test_a_cursor_the_feed_did_not_make_is_refused_on_after(api: Api) -> None:
    r = api.http.get("/v1/changes", params={"after": "not-a-cursor"})
    assert r.status_code == 422
    assert error_fields(r) == ["query.after"]
    assert api.http.get("/v1/changes", headers={"Authorization": ""}).status_code == 401


def test_an_epd_follows_the_feed_for_a_named_user_and_every_client_is_logged(
    api: Api, world: World
) -> None:
    ep = api.create_episode(client_ref="SYN-FEED-1")
    assert api.http.get("/v1/changes", headers=world.epd.headers).status_code == 422
    r = api.http.get("/v1/changes", headers=world.epd.headers | ACTING, params={"limit": 500})
    assert r.status_code == 200
    assert ep in {c["episode_id"] for c in r.json()["items"]}

    log = api.http.get(
        "/v1/audit", headers=world.admin.headers, params={"client_ref": "SYN-FEED-1"}
    )
    reads = [i for i in log.json()["items"] if i["resource"] == "GET /v1/changes"]
    assert [(i["action"], i["outcome"], i["acting_user_id"]) for i in reads] == [
        ("read", 200, "sync-job")
    ]
