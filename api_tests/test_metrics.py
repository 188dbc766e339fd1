"""An operator scrapes the metrics: only with the metrics token, never with an API token; the
figures show routes, statuses, transitions and gate blocks, and nothing about a client."""

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api_tests.support import Api
from app.main import create_app
from app.settings import Settings
from app.testing import World

SCRAPER = "een-lang-geheim-voor-de-scraper"


@pytest.fixture
def scraped(settings: Settings, world: World) -> Iterator[tuple[Api, TestClient]]:
    app = create_app(settings.model_copy(update={"metrics_token": SCRAPER}))
    with TestClient(app, headers=world.therapist.headers) as client:
        yield Api(client), client


def test_metrics_need_the_scrapers_token(scraped: tuple[Api, TestClient], world: World) -> None:
    _, client = scraped
    assert client.get("/metrics", headers={"Authorization": ""}).status_code == 401
    assert client.get("/metrics").status_code == 401  # a therapist's token is not enough
    r = client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER}"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")


def test_metrics_count_transitions_and_gate_blocks_without_client_data(
    scraped: tuple[Api, TestClient],
) -> None:
    api, client = scraped
    ep = api.create_episode(route="dto", client_ref="METRICS-CLIENT-1")
    blocked = api.transition(ep, "screening_afronden")
    assert blocked.status_code == 409
    api.record(ep, "screening")
    api.fire(ep, "screening_afronden")
    text = client.get("/metrics", headers={"Authorization": f"Bearer {SCRAPER}"}).text
    assert 'methodisch_gate_blocks_total{code="screening.klachten.missing"}' in text
    assert (
        'methodisch_transitions_total{dest="anamnese",profile="algemeen",source="screening"}'
        in text
    )
    assert (
        'methodisch_requests_total{method="POST",route="/v1/episodes/{episode_id}/transitions",'
        'status="409"}' in text
    )
    assert "METRICS-CLIENT-1" not in text and f"/v1/episodes/{ep}/" not in text


def test_the_metrics_route_is_not_part_of_the_api(http: httpx.Client) -> None:
    assert "/metrics" not in http.get("/openapi.json").json()["paths"]
