"""Berichten to the verwijzer or huisarts (issue 12), over HTTP only: an algemeen, a bekken and
a psychosomatisch episode each run with baseline and end measurements to afsluiting, and the
eindverslag read back from its PDF holds the hulpvraag, the hoofddoel and every instrument's
change; the HTML is stored as made (its SHA-256) and escapes what records hold; sending needs
consent, and a sent bericht stays as it was."""

import hashlib
import io
from typing import Any

import httpx
from pypdf import PdfReader

from api_tests.support import Api, colleague, error_fields, example, problem_codes, served_example
from app.testing import World

HUISARTS = {
    "rol": "huisarts",
    "naam": "J. de Vries",
    "agb": "01012345",
    "organisatie": "Huisartsenpraktijk De Linde",
}
TOESTEMMING = {"door": ["client"], "datum": "2026-03-02", "wijze": "mondeling"}
PDF = {"Accept": "application/pdf"}
HTML = {"Accept": "text/html"}


# --- helpers: what an EPD does --------------------------------------------------------------


def post(api: Api, ep: int, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    """POST under the episode with its last ETag; remember the new one."""
    r = api.http.post(
        f"/v1/episodes/{ep}/{path}",
        json=body,
        headers={"If-Match": api.etags[ep]},
    )
    if r.is_success:
        api.etags[ep] = r.headers["etag"]
    return r


def contact(api: Api, ep: int, **fields: Any) -> int:
    r = post(api, ep, "contacten", HUISARTS | fields)
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def consent(api: Api, ep: int, doel: str, besluit: str, ontvanger: int | None) -> None:
    body = TOESTEMMING | {"doel": doel, "besluit": besluit, "ontvanger": ontvanger}
    r = post(api, ep, "toestemmingen", body)
    assert r.status_code == 201, r.text


def bericht(api: Api, ep: int, soort: str, ontvanger: int) -> dict[str, Any]:
    r = post(api, ep, "berichten", {"soort": soort, "ontvanger": ontvanger})
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"/v1/episodes/{ep}/berichten/{r.json()['id']}"
    return dict(r.json())


def meet(api: Api, ep: int, code: str, moment: str, responses: dict[str, Any], op: str) -> None:
    assert api.measure(ep, code, moment, responses, op).status_code == 201


def pdf_text(api: Api, ep: int, bericht_id: int) -> str:
    r = api.http.get(f"/v1/episodes/{ep}/berichten/{bericht_id}", headers=PDF)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    return " ".join(text.split())  # lines wrap where the page ends, not where the text does


def verandering(change: float) -> str:
    """How a letter writes a change: its sign, no trailing zeros, a decimal comma."""
    sign = "+" if change > 0 else "-" if change < 0 else ""
    number = f"{abs(change):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return sign + number


def changes(api: Api, ep: int) -> dict[str, float]:
    r = api.http.get(f"/v1/episodes/{ep}/measurements/summary")
    assert r.status_code == 200, r.text
    return {i["instrument"]: i["change"] for i in r.json()["instruments"]}


def assert_in_letter(text: str, *expected: str) -> None:
    for part in expected:
        assert " ".join(part.split()) in text, f"{part!r} not in the letter:\n{text}"


def assert_in_pdf(api: Api, ep: int, soort: str, ontvanger: int, *texts: str) -> None:
    """Make a bericht of `soort`, read its PDF back and find each text in it."""
    made = bericht(api, ep, soort, ontvanger)
    text = " ".join(pdf_text(api, ep, made["id"]).split())
    for t in texts:
        assert " ".join(t.split()) in text, (soort, t)


def assert_eindverslag(api: Api, ep: int, ontvanger: int, *, hulpvraag: str, hoofddoel: str) -> int:
    made = bericht(api, ep, "eindverslag", ontvanger)
    text = pdf_text(api, ep, made["id"])
    assert_in_letter(text, "Eindverslag", hulpvraag, hoofddoel)
    measured = changes(api, ep)
    assert measured, "the episode has measurements"
    for instrument, change in measured.items():
        assert change is not None, instrument
        row = next(m for m in made["content"]["metingen"] if m["instrument"] == instrument)
        assert row["verandering"] == change
        # Each instrument's row holds its code and its change.
        assert f"({instrument})" in text and verandering(change) in text, (instrument, text)
    return int(made["id"])


# --- the three profiles ---------------------------------------------------------------------

HULPVRAAG = "Weer zonder pijn naar mijn werk fietsen & de boodschappen tillen <b>zelf</b>."


def test_an_algemeen_episode_reports_every_kind_of_bericht(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    huisarts = contact(api, ep)
    # Not in the step yet: no bericht before the plan is set.
    early = post(api, ep, "berichten", {"soort": "eerste_bericht", "ontvanger": huisarts})
    assert early.status_code == 409
    assert problem_codes(early) == ["bericht.eerste_bericht.niet_in_stap"]

    api.record(ep, "anamnese", example("anamnese", hulpvraag=HULPVRAAG))
    meet(api, ep, "nprs", "baseline", {"score": 7}, "2026-03-02")
    meet(api, ep, "psk", "baseline", {"activiteit1": 7, "activiteit2": 6}, "2026-03-02")
    api.fire(ep, "anamnese_afronden")
    api.advance_to(ep, "behandeling")
    plan = api.http.get(f"/v1/episodes/{ep}/records/behandelplan").json()["data"]

    eerste = bericht(api, ep, "eerste_bericht", huisarts)
    assert eerste["episode_version"] == int(api.etags[ep].strip('"')) - 1
    assert eerste["verzonden_op"] is None
    assert_in_letter(
        pdf_text(api, ep, eerste["id"]), "Eerste bericht", HULPVRAAG, plan["hoofddoel"]
    )
    assert api.add_sessie(ep).status_code == 201
    tussen = bericht(api, ep, "tussenbericht", huisarts)
    assert tussen["content"]["aantal_sessies"] == 1
    assert_in_letter(pdf_text(api, ep, tussen["id"]), "Tussenbericht", "1 behandelsessie")

    api.record(ep, "behandeling")
    assert api.fire(ep, "behandeling_afronden") == "evaluatie"
    api.record(ep, "evaluatie")
    meet(api, ep, "nprs", "eind", {"score": 2}, "2026-04-20")
    meet(api, ep, "psk", "eind", {"activiteit1": 3, "activiteit2": 2}, "2026-04-20")
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"
    api.record(ep, "afsluiting")
    # A tussenbericht belongs to the treatment, not to its end.
    late = post(api, ep, "berichten", {"soort": "tussenbericht", "ontvanger": huisarts})
    assert late.status_code == 409
    assert problem_codes(late) == ["bericht.tussenbericht.niet_in_stap"]

    eind = assert_eindverslag(api, ep, huisarts, hulpvraag=HULPVRAAG, hoofddoel=plan["hoofddoel"])
    afsluiting = example("afsluiting")
    text = pdf_text(api, ep, eind)
    assert_in_letter(text, afsluiting["recidivebeleid"], afsluiting["nazorg"], "volledig bereikt")

    listed = api.http.get(f"/v1/episodes/{ep}/berichten")
    assert listed.status_code == 200
    assert [(b["id"], b["soort"]) for b in listed.json()["items"]] == [
        (eerste["id"], "eerste_bericht"),
        (tussen["id"], "tussenbericht"),
        (eind, "eindverslag"),
    ]
    assert [e["data"]["soort"] for e in api.events(ep) if e["kind"] == "bericht_gemaakt"] == [
        "eerste_bericht",
        "tussenbericht",
        "eindverslag",
    ]


def test_a_bekken_episode_ends_with_an_eindverslag(http: httpx.Client, world: World) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="b.berichten",
        registraties=["oefentherapeut", "bekkenoefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(
        profile="bekken",
        route="verwijzing",
        client={"leeftijdsgroep": "volwassene", "wilsbekwaam": True, "geslacht": "vrouw"},
        verwijzing={
            "verwijzer_type": "huisarts",
            "datum": "2026-03-01",
            "verwijsdiagnose": "Stressincontinentie",
        },
    )
    huisarts = contact(api, ep)
    anamnese = served_example(http, "bekken", "anamnese") | {"bekkengordelpijn": False}
    api.record(ep, "anamnese", anamnese)
    assert api.measure(ep, "iciq_ui_sf", "baseline", {"q1": 2, "q2": 2, "q3": 5}).status_code == 201
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"
    # The bekkenbodem need not be objectified here: no inwendig onderzoek, no colleague asked.
    onderzoek = served_example(http, "bekken", "onderzoek") | {
        "bekkenbodemfunctie_objectiveren": False,
        "intercollegiale_hulpvraag": None,
    }
    api.record(ep, "onderzoek", onderzoek)
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"
    for step in ("diagnose", "behandelplan", "behandeling"):
        api.record(ep, step, served_example(http, "bekken", step))
        if step == "behandeling":
            assert api.add_sessie(ep).status_code == 201
        api.fire(ep, api.FORWARD[step])
    api.record(ep, "evaluatie", served_example(http, "bekken", "evaluatie"))
    # Every kind of bericht for this profile: the eerste bericht and a tussenbericht now.
    for soort in ("eerste_bericht", "tussenbericht"):
        assert_in_pdf(
            api,
            ep,
            soort,
            huisarts,
            anamnese["hulpvraag"],
            served_example(http, "bekken", "behandelplan")["hoofddoel"],
        )
    assert api.measure(ep, "iciq_ui_sf", "eind", {"q1": 1, "q2": 2, "q3": 2}).status_code == 201
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"
    api.record(ep, "afsluiting", served_example(http, "bekken", "afsluiting"))

    plan = served_example(http, "bekken", "behandelplan")
    assert_eindverslag(
        api, ep, huisarts, hulpvraag=anamnese["hulpvraag"], hoofddoel=plan["hoofddoel"]
    )
    assert changes(api, ep) == {"iciq_ui_sf": -4.0}


def test_a_psychosomatisch_episode_ends_with_an_eindverslag(
    http: httpx.Client, world: World
) -> None:
    _, headers = colleague(
        http,
        world.admin.headers,
        login="p.berichten",
        registraties=["oefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    http.headers.update(headers)
    api = Api(http)
    ep = api.create_episode(profile="psychosomatisch", route="dto")
    huisarts = contact(api, ep)
    api.record(ep, "screening", served_example(http, "psychosomatisch", "screening"))
    assert api.fire(ep, "screening_afronden") == "anamnese"
    anamnese = served_example(http, "psychosomatisch", "anamnese")
    api.record(ep, "anamnese", anamnese)
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"
    api.record(ep, "onderzoek", served_example(http, "psychosomatisch", "onderzoek"))
    baseline = {
        "phq15": {f"q{i}": 1 for i in range(1, 16)},
        "psk": {"activiteit1": 7, "activiteit2": 6},
        "who5": {f"q{i}": 2 for i in range(1, 6)},
    }
    for code, responses in baseline.items():
        assert api.measure(ep, code, "baseline", responses).status_code == 201
    assert api.fire(ep, "onderzoek_afronden") == "diagnose"
    for step in ("diagnose", "behandelplan", "behandeling"):
        api.record(ep, step, served_example(http, "psychosomatisch", step))
        if step == "behandeling":
            assert api.add_sessie(ep).status_code == 201
        api.fire(ep, api.FORWARD[step])
    api.record(ep, "evaluatie", served_example(http, "psychosomatisch", "evaluatie"))
    # Every kind of bericht for this profile: the eerste bericht and a tussenbericht now.
    for soort in ("eerste_bericht", "tussenbericht"):
        assert_in_pdf(
            api,
            ep,
            soort,
            huisarts,
            anamnese["hulpvraag"],
            served_example(http, "psychosomatisch", "behandelplan")["hoofddoel"],
        )
    eind = {
        "phq15": {f"q{i}": 0 for i in range(1, 16)},
        "psk": {"activiteit1": 3, "activiteit2": 2},
        "who5": {f"q{i}": 4 for i in range(1, 6)},
    }
    for code, responses in eind.items():
        assert api.measure(ep, code, "eind", responses, "2026-05-01").status_code == 201
    assert api.fire(ep, "evaluatie_afronden") == "afsluiting"
    api.record(ep, "afsluiting", served_example(http, "psychosomatisch", "afsluiting"))

    plan = served_example(http, "psychosomatisch", "behandelplan")
    assert_eindverslag(
        api, ep, huisarts, hulpvraag=anamnese["hulpvraag"], hoofddoel=plan["hoofddoel"]
    )
    assert set(changes(api, ep)) == {"phq15", "psk", "who5"}


# --- what is stored, and how it is read -----------------------------------------------------


def _in_afsluiting(api: Api, **anamnese: Any) -> tuple[int, int]:
    """An algemeen episode at afsluiting with a huisarts as contact: (episode, contact)."""
    ep = api.create_episode(route="verwijzing")
    huisarts = contact(api, ep)
    api.record(ep, "anamnese", example("anamnese", **anamnese))
    api.fire(ep, "anamnese_afronden")
    api.advance_to(ep, "afsluiting")
    api.record(ep, "afsluiting")
    return ep, huisarts


def test_the_html_is_stored_as_made_and_escapes_what_records_hold(api: Api) -> None:
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"'
    ep, huisarts = _in_afsluiting(api, hulpvraag=markup)
    made = bericht(api, ep, "eindverslag", huisarts)
    url = f"/v1/episodes/{ep}/berichten/{made['id']}"

    page = api.http.get(url, headers=HTML)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert hashlib.sha256(page.content).hexdigest() == made["sha256"]
    html = page.text
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &#34;quoted&#34;" in html
    # The PDF shows the text as typed.
    assert markup in pdf_text(api, ep, made["id"])

    # JSON is the default, and every read gives the same letter.
    detail = api.http.get(url)
    assert detail.status_code == 200
    assert detail.headers["content-type"] == "application/json"
    assert detail.json()["content"]["hulpvraag"] == markup
    assert detail.json()["sha256"] == made["sha256"]
    assert api.http.get(url, headers=HTML).content == page.content
    first = api.http.get(url, headers=PDF).content
    assert first.startswith(b"%PDF-") and api.http.get(url, headers=PDF).content == first
    # Accept is negotiated with its weights; nothing offered that is asked for is 406.
    weighted = api.http.get(url, headers={"Accept": "text/html;q=0.5, application/pdf"})
    assert weighted.headers["content-type"] == "application/pdf"
    for accept in ("image/png", "text/plain", "application/xml, text/csv;q=0.9"):
        refused = api.http.get(url, headers={"Accept": accept})
        assert refused.status_code == 406, accept
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == "/problems/not-acceptable"


def test_a_bericht_goes_to_a_contact_of_the_episode_with_if_match(api: Api) -> None:
    ep, huisarts = _in_afsluiting(api)
    unknown = post(api, ep, "berichten", {"soort": "eindverslag", "ontvanger": huisarts + 1})
    assert unknown.status_code == 422
    assert error_fields(unknown) == ["ontvanger"]
    wrong = post(api, ep, "berichten", {"soort": "brief", "ontvanger": huisarts})
    assert wrong.status_code == 422
    assert error_fields(wrong) == ["soort"]
    blind = api.http.post(
        f"/v1/episodes/{ep}/berichten", json={"soort": "eindverslag", "ontvanger": huisarts}
    )
    assert blind.status_code == 428
    assert api.http.get(f"/v1/episodes/{ep}/berichten/999").status_code == 404
    assert api.http.get(f"/v1/episodes/{ep}/berichten").json()["items"] == []


# --- sending --------------------------------------------------------------------------------


def test_sending_needs_consent_and_happens_once(api: Api) -> None:
    ep, huisarts = _in_afsluiting(api)
    made = bericht(api, ep, "eindverslag", huisarts)
    sent = f"berichten/{made['id']}/verzonden"

    missing = post(api, ep, sent)
    assert missing.status_code == 409
    assert missing.json()["unmet"] == [
        {
            "code": "toestemming.eindverslag.missing",
            "message": "Vraag toestemming voor het eindverslag.",
            "field": "toestemmingen.eindverslag",
        }
    ]
    consent(api, ep, "eindverslag", "gegeven", huisarts)
    ok = post(api, ep, sent)
    assert ok.status_code == 200, ok.text
    assert ok.json()["verzonden_op"] is not None
    assert ok.json()["sha256"] == made["sha256"]
    twice = post(api, ep, sent)
    assert twice.status_code == 409
    assert problem_codes(twice) == ["bericht.al_verzonden"]

    # With the eindverslag sent the episode closes; a bericht can still be made afterwards.
    assert api.fire(ep, "afsluiten") == "afgesloten"
    # A sent bericht never changes; a newer letter is a new bericht, with its own state.
    again = bericht(api, ep, "eindverslag", huisarts)
    assert again["id"] != made["id"] and again["verzonden_op"] is None
    stored = api.http.get(f"/v1/episodes/{ep}/berichten/{made['id']}").json()
    assert stored["verzonden_op"] == ok.json()["verzonden_op"]
    assert stored["episode_version"] == made["episode_version"]
    kinds = [e["kind"] for e in api.events(ep) if e["kind"].startswith("bericht_")]
    assert kinds == ["bericht_gemaakt", "bericht_verzonden", "bericht_gemaakt"]


def test_a_refused_consent_blocks_sending_and_names_the_consent(api: Api) -> None:
    ep, huisarts = _in_afsluiting(api)
    made = bericht(api, ep, "eindverslag", huisarts)
    consent(api, ep, "eindverslag", "geweigerd", None)
    refused = post(api, ep, f"berichten/{made['id']}/verzonden")
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/step-not-writable"
    assert [(u["code"], u["field"]) for u in refused.json()["unmet"]] == [
        ("toestemming.eindverslag.geweigerd", "toestemmingen.eindverslag")
    ]
    assert "geweigerd" in refused.json()["detail"]
    listed = api.http.get(f"/v1/episodes/{ep}/berichten").json()["items"]
    assert [b["verzonden_op"] for b in listed] == [None]


# --- no treatment: the advice -----------------------------------------------------------------


def test_an_episode_closed_at_screening_reports_the_advice(api: Api) -> None:
    ep = api.create_episode(route="dto")
    huisarts = contact(api, ep)
    api.record(
        ep,
        "screening",
        example("screening", binnen_domein=False, conclusie="Klacht buiten het domein."),
    )
    advies = {"advies": "Bespreek de duizeligheid met de huisarts.", "verwezen_naar": "huisarts"}
    assert api.fire(ep, "advies_buiten_domein", advies) == "afsluiting"
    made = bericht(api, ep, "eerste_bericht", huisarts)
    assert made["content"]["zonder_behandeling"] is True
    assert made["content"]["advies"]["advies"] == advies["advies"]
    text = pdf_text(api, ep, made["id"])
    assert_in_letter(text, "Er is geen behandeling gegeven", advies["advies"], "huisarts")
