"""Render the README's sample eindverslag from a synthetic episode: docs/eindverslag.pdf/.png.

    .venv/bin/python docs/sample_eindverslag.py    (needs pdftoppm, Debian's poppler-utils)

Everything in it is made up: a client reference, an example record per step, two NPRS scores.
"""

import os
import subprocess
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent


def main() -> None:
    url = f"sqlite:///{tempfile.mkdtemp()}/sample.db"
    os.environ["DATABASE_URL"] = url
    from fastapi.testclient import TestClient

    from api_tests.support import Api
    from app.main import create_app
    from app.testing import migrate, seed_world

    migrate(url)
    world = seed_world(url)
    with TestClient(create_app(), headers=world.therapist.headers) as http:
        api = Api(http)
        ep = api.create_episode(route="verwijzing", client_ref="VOORBEELD-0001")
        assert api.measure(ep, "nprs", "baseline", {"score": 7}).status_code == 201
        api.advance_to(ep, "evaluatie")
        assert api.measure(ep, "nprs", "eind", {"score": 2}, "2026-04-28").status_code == 201
        api.complete_step(ep, "evaluatie")
        api.record(ep, "afsluiting")
        sent = api.send_eindverslag(ep)
        pdf = http.get(
            f"/v1/episodes/{ep}/berichten/{sent['id']}", headers={"Accept": "application/pdf"}
        )
        assert pdf.status_code == 200, pdf.text
    (DOCS / "eindverslag.pdf").write_bytes(pdf.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", "eindverslag.pdf", "eindverslag"],
        cwd=DOCS,
        check=True,
    )


if __name__ == "__main__":
    main()
