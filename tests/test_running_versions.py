"""An episode that started on an earlier definition keeps its rules (white-box: the episode is
put on algemeen@2 in the database, which no API call can do, since new episodes start on the
newest version)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from api_tests.support import Api
from app.main import create_app
from app.settings import Settings
from app.testing import ScratchDatabases, seed_world


@pytest.fixture
def api_on_v2(tmp_path: Path) -> Iterator[tuple[Api, int]]:
    url = ScratchDatabases(tmp_path).fresh()
    world = seed_world(url)
    with TestClient(create_app(Settings(database_url=url)), headers=world.therapist.headers) as c:
        api = Api(c)
        ep = api.create_episode(route="verwijzing")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE episode SET definition_version = 2 WHERE id = :id"), {"id": ep}
            )
        engine.dispose()
        yield api, ep


def test_an_episode_on_algemeen_2_keeps_saving_a_passed_step(api_on_v2: tuple[Api, int]) -> None:
    api, ep = api_on_v2
    assert api.get(ep)["definition_version"] == "algemeen@2"
    served = api.http.get("/v1/workflows/algemeen", params={"version": 2}).json()
    anamnese = next(s for s in served["steps"] if s["name"] == "anamnese")
    v2_example = anamnese["form_schema"]["examples"][0]
    api.record(ep, "anamnese", v2_example)
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"

    # A finished step is saved again as it always was in that version...
    amended = v2_example | {"hulpvraag": "Weer zonder pijn de trap op kunnen."}
    assert api.put_record(ep, "anamnese", amended).status_code == 200
    # ...and a correction is not part of that version.
    r = api.http.post(
        f"/v1/episodes/{ep}/records/anamnese/correcties",
        json={"reden": "Typefout in de hulpvraag.", "record": v2_example},
        headers={"If-Match": api.etags[ep]},
    )
    assert r.status_code == 409, r.text
    assert [u["code"] for u in r.json()["unmet"]] == ["record.correctie.niet_in_versie"]
