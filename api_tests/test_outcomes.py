"""The praktijkbeheerder looks at what the practice's treatments achieved: per instrument, the
change of every closed episode with a baseline and an end measurement, pooled, with the groups
too small to report suppressed (001 "uitkomstdata")."""

from datetime import date, timedelta
from typing import Any

import pytest

from api_tests.support import Api, error_fields
from app.testing import World

# NPRS (lower is better, MCID 2): baseline -> end for six closed algemeen episodes.
NPRS = [(7, 3), (6, 5), (8, 4), (5, 5), (7, 2), (6, 3)]
TODAY = date.today()


def closed_episode(api: Api, nprs: tuple[int, int], *, psk: tuple[int, int] | None = None) -> int:
    ep = api.create_episode(route="verwijzing")
    assert api.measure(ep, "nprs", "baseline", {"score": nprs[0]}).status_code == 201
    if psk:
        api.measure(ep, "psk", "baseline", psk_answers(psk[0]))
    api.advance_to(ep, "evaluatie")
    assert api.measure(ep, "nprs", "eind", {"score": nprs[1]}, "2026-04-28").status_code == 201
    if psk:
        api.measure(ep, "psk", "eind", psk_answers(psk[1]), "2026-04-28")
    api.advance_to(ep, "afgesloten")
    return ep


def psk_answers(score: int) -> dict[str, Any]:
    return {"activiteit1": score, "activiteit2": score, "activiteit3": score}


def overview(api: Api, **params: Any) -> dict[str, Any]:
    r = api.http.get("/v1/outcomes", params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.fixture
def practice(api: Api) -> list[int]:
    """Six closed episodes with NPRS (three also with PSK), and two that count for nothing."""
    closed = [closed_episode(api, n, psk=(8, 4) if i < 3 else None) for i, n in enumerate(NPRS)]
    still_open = api.create_episode(route="verwijzing")
    api.measure(still_open, "nprs", "baseline", {"score": 9})
    return closed


def test_the_nprs_outcomes_of_six_closed_episodes_are_pooled(api: Api, practice: list[int]) -> None:
    result = overview(api)
    assert result["suppress_below"] == 5
    nprs = next(i for i in result["instruments"] if i["instrument"] == "nprs")
    assert nprs["mcid"] == 2.0
    everyone, algemeen = nprs["groups"]
    assert everyone["profile"] is None and algemeen["profile"] == "algemeen"
    for group in (everyone, algemeen):
        assert group["suppressed"] is False
        assert group["episodes"] == 6
        assert group["mean_change"] == pytest.approx(-17 / 6)
        assert group["median_change"] == -3.5
        assert group["improved_share"] == pytest.approx(5 / 6)
        assert group["mcid_reached_share"] == pytest.approx(4 / 6)
        assert sum(b["episodes"] for b in group["distribution"]) == 6


def test_an_instrument_measured_in_only_three_episodes_is_suppressed(
    api: Api, practice: list[int]
) -> None:
    psk = next(i for i in overview(api)["instruments"] if i["instrument"] == "psk")
    for group in psk["groups"]:
        assert group["suppressed"] is True
        assert group["episodes"] is None and group["mean_change"] is None
        assert group["distribution"] == []


def test_the_overview_filters_on_instrument_profile_and_closing_period(
    api: Api, practice: list[int]
) -> None:
    only = overview(api, instrument="nprs")
    assert [i["instrument"] for i in only["instruments"]] == ["nprs"]
    assert overview(api, profile="bekken")["instruments"] == []
    tomorrow = TODAY + timedelta(days=2)  # the server's day may be ahead of this machine's
    assert len(overview(api, **{"from": TODAY - timedelta(days=2), "to": tomorrow})["instruments"])
    assert overview(api, **{"to": TODAY - timedelta(days=2)})["instruments"] == []


def test_a_wrong_question_gets_a_clear_answer(api: Api, world: World) -> None:
    r = api.http.get("/v1/outcomes", params={"from": "2026-06-01", "to": "2026-01-01"})
    assert r.status_code == 422 and error_fields(r) == ["query.to"]
    assert api.http.get("/v1/outcomes", params={"instrument": "geen"}).status_code == 404
    assert api.http.get("/v1/outcomes", params={"profile": "geen"}).status_code == 404
    r = api.http.get("/v1/outcomes", params={"from": "gisteren"})
    assert r.status_code == 422 and error_fields(r) == ["query.from"]
    assert api.http.get("/v1/outcomes", headers={"Authorization": ""}).status_code == 401
    # Another practice sees only its own (here: nothing).
    r = api.http.get("/v1/outcomes", headers=world.outsider.headers)
    assert r.status_code == 200 and r.json()["instruments"] == []
