"""The client's own copy of the record (WGBO art. 7:456; issue 12 item 4), over HTTP only:
`GET /v1/episodes/{id}/inzage` gives the whole episode as JSON or PDF, changes nothing, is found
only in the caller's own practice, and is in the access log as an export for that client."""

import io
from typing import Any

import httpx
from pypdf import PdfReader

from api_tests.support import Api, example
from app.testing import ACTING_USER, World

CLIENT_REF = "INZAGE-0042"
REDEN = "Hulpvraag onvolledig overgenomen; aangevuld met de fietsafstand naar het werk."
HULPVRAAG = "Weer zonder pijn boodschappen dragen en 12 km naar het werk fietsen."
PDF = {"Accept": "application/pdf"}


def _whole_episode(api: Api) -> int:
    """A referred client taken to afgesloten: records, a corrected anamnese, measurements, a
    sessie, a contact, a consent and a sent eindverslag."""
    ep = api.create_episode(route="verwijzing", client_ref=CLIENT_REF)
    assert api.complete_step(ep, "anamnese") == "onderzoek"
    corrected = api.post(
        ep,
        "records/anamnese/correcties",
        {"reden": REDEN, "record": example("anamnese", hulpvraag=HULPVRAAG)},
    )
    assert corrected.status_code == 200, corrected.text
    assert api.measure(ep, "nprs", "baseline", {"score": 6}, "2026-03-10").status_code == 201
    api.advance_to(ep, "evaluatie")
    assert api.measure(ep, "nprs", "eind", {"score": 2}, "2026-04-20").status_code == 201
    api.advance_to(ep, "afgesloten")  # afsluiting: contact, consent, eindverslag made and sent
    return ep


def _pdf_text(r: httpx.Response) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    return " ".join(text.split())  # lines wrap where the page ends, not where the text does


def test_the_copy_holds_the_whole_episode_as_json_and_changes_nothing(api: Api) -> None:
    ep = _whole_episode(api)
    before = api.get(ep)

    r = api.http.get(f"/v1/episodes/{ep}/inzage")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.headers["vary"] == "Accept"
    body: dict[str, Any] = r.json()

    episode = body["episode"]
    assert (episode["id"], episode["client_ref"], episode["status"]) == (
        ep,
        CLIENT_REF,
        "afgesloten",
    )
    assert episode["route"] == "verwijzing"
    assert episode["verwijzing"]["verwijzer_type"] == "huisarts"
    assert episode["client"]["leeftijdsgroep"] == "volwassene"
    assert episode["version"] == before["version"]

    # Every version of every step's record, in the order of the steps.
    records = {s["step"]: s["versions"] for s in body["records"]}
    assert list(records) == [
        "anamnese", "onderzoek", "diagnose", "behandelplan", "behandeling", "evaluatie",
        "afsluiting",
    ]  # fmt: skip
    anamnese = records["anamnese"]
    assert [(v["version"], v["correctie_reden"]) for v in anamnese] == [(1, None), (2, REDEN)]
    assert anamnese[0]["data"]["hulpvraag"] == example("anamnese")["hulpvraag"]
    assert anamnese[1]["data"]["hulpvraag"] == HULPVRAAG
    assert all(v["saved_at"] and v["saved_by"] for vs in records.values() for v in vs)

    assert len(body["sessies"]) == 1
    assert [(m["instrument"], m["moment"]) for m in body["measurements"]] == [
        ("nprs", "baseline"),
        ("nprs", "eind"),
    ]
    assert body["measurements"][0]["score"]["values"][body["measurements"][0]["score"]["main"]] == 6
    kinds = [e["kind"] for e in body["events"]]
    assert kinds == [e["kind"] for e in api.events(ep)]
    for kind in ("record_corrected", "sessie_added", "measurement_added", "bericht_verzonden"):
        assert kind in kinds
    assert [c["rol"] for c in body["contacten"]] == ["huisarts"]
    assert [(t["doel"], t["besluit"]) for t in body["toestemmingen"]] == [
        ("eindverslag", "gegeven")
    ]
    [bericht] = body["berichten"]
    assert bericht["soort"] == "eindverslag" and bericht["verzonden_op"] is not None
    assert bericht["content"]["hulpvraag"] == HULPVRAAG
    assert "html" not in bericht

    # Reading it changed nothing.
    assert api.get(ep)["version"] == before["version"]


def test_the_pdf_shows_the_records_the_correction_and_only_the_client_ref(api: Api) -> None:
    ep = _whole_episode(api)
    r = api.http.get(f"/v1/episodes/{ep}/inzage", headers=PDF)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == f'attachment; filename="inzage-episode-{ep}.pdf"'
    text = _pdf_text(r)
    for part in (
        CLIENT_REF,
        HULPVRAAG,
        example("anamnese")["hulpvraag"],  # the version before the correction
        f"Correctie, reden: {REDEN}",
        "Stap 2: Anamnese",
        "Stap 8: Afsluiting",
        "Behandelsessies",
        "Numeric Pain Rating Scale",
        "record corrected",
        "Dr. Voorbeeld",
        "Eindverslag",
        "Datum van dit afschrift",
        "pagina 1 van",
    ):
        assert part in text, part
    assert "None" not in text


def test_an_accept_it_does_not_offer_is_406(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    for accept in ("text/csv", "text/html", "application/pdf;q=0, application/json;q=0"):
        r = api.http.get(f"/v1/episodes/{ep}/inzage", headers={"Accept": accept})
        assert r.status_code == 406, (accept, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"] == "/problems/not-acceptable"
    preferred = {"Accept": "application/json;q=0.5, application/pdf"}
    assert api.http.get(f"/v1/episodes/{ep}/inzage", headers=preferred).content[:5] == b"%PDF-"
    assert api.http.get(f"/v1/episodes/{ep}/inzage", headers={"Accept": "*/*"}).json()


def test_another_practices_episode_is_not_found(api: Api, world: World) -> None:
    ep = api.create_episode(route="verwijzing", client_ref=CLIENT_REF)
    for headers in ({}, PDF):
        r = api.http.get(f"/v1/episodes/{ep}/inzage", headers=world.outsider.headers | headers)
        assert r.status_code == 404, r.text
        assert CLIENT_REF not in r.text
    assert api.http.get(f"/v1/episodes/{ep + 1000}/inzage").status_code == 404


def test_the_copy_is_logged_as_an_export_for_that_client(api: Api, world: World) -> None:
    ep = api.create_episode(route="verwijzing", client_ref=CLIENT_REF)
    url = f"/v1/episodes/{ep}/inzage"
    assert api.http.get(url).status_code == 200
    assert api.http.get(url, headers=PDF).status_code == 200
    assert api.http.get(url, headers={"Accept": "text/csv"}).status_code == 406
    # An EPD reads it for one of its users, who is named in the log.
    epd = world.epd.headers
    assert api.http.get(url, headers=epd).status_code == 422
    assert api.http.get(url, headers=epd | ACTING_USER).status_code == 200

    log = api.http.get("/v1/audit", headers=world.admin.headers, params={"client_ref": CLIENT_REF})
    rows = [i for i in log.json()["items"] if i["resource"].endswith("/inzage")]
    assert [(i["action"], i["outcome"], i["episode_id"]) for i in rows] == [
        ("export", 200, ep),
        ("export", 200, ep),
        ("export", 406, ep),
        ("export", 200, ep),
    ]
    assert {i["resource"] for i in rows} == {"GET /v1/episodes/{episode_id}/inzage"}
    assert rows[-1]["actor_type"] == "api_client"
    assert rows[-1]["acting_user_id"] == ACTING_USER["X-Acting-User-Id"]
