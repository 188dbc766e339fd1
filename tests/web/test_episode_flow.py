"""A whole episode through the web client: every step's form is the one rendered from the
served JSON Schema; gates block, measurements chart, sessions, the eindverslag to the huisarts
(contact, consent, bericht, sent), closing."""

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import (
    Shots,
    Site,
    accessibility_problems,
    api_client,
    log_in,
    new_ref,
)


@pytest.fixture(scope="module")
def site(demo_site: Site) -> Site:
    """These walks fill the forms with the served examples: a demonstration server offers them."""
    return demo_site


INSTRUMENT_NAME = {"nprs": "Numeric Pain Rating Scale"}


def save_step(page: Page) -> None:
    form = page.locator("#step-form")
    form.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#record-info")).to_contain_text("Opgeslagen")


def example_and_save(page: Page) -> None:
    page.locator("#step-form").get_by_role("button", name="Voorbeeld invullen").click()
    save_step(page)


def advance(page: Page, trigger: str, next_title: str) -> None:
    button = page.locator(f"button[data-trigger={trigger}]")
    expect(button).to_be_enabled()
    expect(page.locator(f"form[data-trigger={trigger}] li.unmet")).to_have_count(0)
    button.click()
    expect(page.locator("#step-title")).to_have_text(next_title)


def measure(page: Page, instrument: str, moment: str, datum: str, score: str) -> None:
    form = page.locator("#measurement-form")
    form.get_by_label("Instrument").select_option(instrument)
    form.get_by_label("Moment").select_option(moment)
    form.get_by_label("Afgenomen op").fill(datum)
    form.get_by_label(re.compile(r"^Score")).fill(score)
    form.get_by_role("button", name="Meting vastleggen").click()
    expect(page.locator("#episode-alert")).to_contain_text(f"Meting {INSTRUMENT_NAME[instrument]}")


def add_contact(page: Page, rol: str, naam: str, agb: str, organisatie: str = "") -> None:
    form = page.locator("#contact-form")
    form.get_by_label("Rol").select_option(rol)
    form.get_by_label("Naam").fill(naam)
    form.get_by_label("AGB-code").fill(agb)
    form.get_by_label("Organisatie").fill(organisatie)
    form.get_by_role("button", name="Contact toevoegen").click()
    expect(page.locator("#contact-list")).to_contain_text(naam)


def make_bericht(page: Page, soort: str, ontvanger: str) -> None:
    form = page.locator("#bericht-form")
    form.get_by_label("Soort").select_option(soort)
    form.get_by_label("Ontvanger").select_option(label=ontvanger)
    form.get_by_role("button", name="Bericht maken").click()
    expect(page.locator("#bericht-status")).to_contain_text("is gemaakt")


def test_a_whole_dto_episode(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    ref = new_ref("DTO")
    log_in(page, site, site.therapist)
    shot("episodes")

    # New episode: the profiles are this therapist's registrations.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Nieuwe episode"
    ).click()
    expect(page.locator("#new-profile option")).to_have_text(["Algemeen", "Bekkenoefentherapie"])
    page.get_by_label("Cliëntreferentie").fill(ref)
    page.get_by_label("Directe toegang (DTO)").check()
    page.get_by_label("Leeftijdsgroep").select_option("volwassene")
    shot("nieuwe-episode")
    page.get_by_role("button", name="Episode aanmaken").click()
    expect(page.get_by_role("heading", name=f"Episode {ref}")).to_be_visible()
    expect(page.locator("#step-title")).to_have_text("Stap 1: Screening")

    # Screening: the gate blocks until the form says enough.
    trigger = page.locator("button[data-trigger=screening_afronden]")
    checklist = page.locator("form[data-trigger=screening_afronden] ul.checklist")
    expect(trigger).to_be_disabled()
    expect(checklist).to_contain_text("Leg de klachten bij aanmelding vast.")
    page.get_by_label("Klachten", exact=True).fill("Lage rugpijn sinds zes weken.")
    save_step(page)
    expect(checklist).not_to_contain_text("Leg de klachten bij aanmelding vast.")
    expect(checklist).to_contain_text("Leg de conclusie van de screening vast")
    expect(trigger).to_be_disabled()
    shot("screening-geblokkeerd")

    page.get_by_label("Vastleggen (een lege lijst betekent: geen)").check()
    page.get_by_label("Aanvullende medische informatie nodig").select_option(label="Nee")
    page.get_by_label("Binnen het domein van de oefentherapie").select_option(label="Ja")
    page.get_by_label("Conclusie").fill("Geen rode vlaggen; geïndiceerd.")
    save_step(page)
    expect(checklist.locator("li.met")).not_to_have_count(0)
    shot("screening-vrij")
    advance(page, "screening_afronden", "Stap 2: Anamnese")

    # Anamnese, with the baseline measurement.
    example_and_save(page)
    hulpvraag = page.locator("#step-form [data-path='hulpvraag']").locator("textarea, input")
    hulpvraag_text = hulpvraag.input_value()
    assert hulpvraag_text
    measure(page, "nprs", "baseline", "2026-03-02", "7")
    expect(page.locator("svg.chart[data-instrument=nprs] circle.point")).to_have_count(1)
    shot("anamnese")
    advance(page, "anamnese_afronden", "Stap 3: Onderzoek")

    example_and_save(page)
    advance(page, "onderzoek_afronden", "Stap 4: Diagnose")
    example_and_save(page)
    advance(page, "diagnose_afronden", "Stap 5: Behandelplan")
    example_and_save(page)
    # the example's subdoelen are rows of the rendered array of objects
    expect(page.locator("#step-form [data-path^='subdoelen.'] select")).to_have_count(4)
    shot("behandelplan")
    advance(page, "behandelplan_vaststellen", "Stap 6: Behandeling")

    # Behandeling: a session (the appendix form) and an interim measurement.
    example_and_save(page)
    expect(page.locator("button[data-trigger=behandeling_afronden]")).to_be_disabled()
    sessie = page.locator("#appendix-sessie-form")
    sessie.get_by_role("button", name="Voorbeeld invullen").click()
    sessie.get_by_role("button", name="Sessie toevoegen").click()
    expect(page.locator("#appendix-sessie-list > li")).to_have_count(1)
    measure(page, "nprs", "tussentijds", "2026-03-20", "4")
    expect(page.locator("svg.chart[data-instrument=nprs] circle.point")).to_have_count(2)
    shot("behandeling")
    advance(page, "behandeling_afronden", "Stap 7: Evaluatie")

    example_and_save(page)
    measure(page, "nprs", "eind", "2026-04-20", "2")
    chart = page.locator("svg.chart[data-instrument=nprs]")
    expect(chart.locator("circle.point")).to_have_count(3)
    expect(chart.locator("line.mcid")).to_have_count(1)
    expect(page.locator("figure.chart-figure[data-instrument=nprs]")).to_contain_text(
        "MCID bereikt"
    )
    shot("evaluatie")
    advance(page, "evaluatie_afronden", "Stap 8: Afsluiting")

    # Afsluiting: the eindrapportage goes to the huisarts (the example says so), so closing asks
    # the eindverslag made and marked sent, which needs the client's consent.
    example_and_save(page)
    afsluiten = page.locator("button[data-trigger=afsluiten]")
    expect(afsluiten).to_be_disabled()
    unmet = page.locator("form[data-trigger=afsluiten] li.unmet")
    expect(unmet).to_have_count(1)  # once the saved record's gates are read again
    expect(unmet).to_have_attribute("data-code", "afsluiting.eindverslag.niet_verzonden")
    expect(unmet.get_by_role("button")).to_have_text("naar berichten en toestemming")
    hint = page.locator("#step-berichten")
    expect(hint).to_contain_text("Deze stap vraagt: eindverslag verzonden.")
    expect(hint).to_contain_text("Eindverslag nog niet gemaakt.")
    expect(page.locator("#berichten-body")).to_have_attribute("open", "")
    hint.get_by_role("button", name="Naar berichten en toestemming").click()
    expect(page.locator("#berichten-title")).to_be_focused()

    # The contact: an AGB-code that is not 8 digits is refused at its field.
    contact = page.locator("#contact-form")
    contact.get_by_label("Rol").select_option("huisarts")
    contact.get_by_label("Naam").fill("J. de Vries")
    contact.get_by_label("AGB-code").fill("1012345")
    contact.get_by_role("button", name="Contact toevoegen").click()
    agb = contact.locator("[data-path='agb']")
    expect(agb.locator(".field-error")).to_have_text("Dit formaat is niet toegestaan.")
    expect(contact.get_by_label("AGB-code")).to_have_attribute("aria-invalid", "true")
    expect(contact.locator(".message-error")).to_contain_text("AGB-code: Dit formaat")
    expect(page.locator("#contact-list")).to_contain_text("Nog geen contacten.")
    shot("contact-422")
    add_contact(page, "huisarts", "J. de Vries", "01012345", "Huisartsenpraktijk De Linde")
    expect(agb.locator(".field-error")).to_be_hidden()
    expect(page.locator("#contact-list tbody tr")).to_have_count(1)
    expect(page.locator("#contact-list tbody tr")).to_contain_text("Huisartsenpraktijk De Linde")

    # The client's consent for the eindverslag to this huisarts; the date is today's.
    consent = page.locator("#toestemming-form")
    consent.get_by_label("Waarvoor").select_option("eindverslag")
    consent.get_by_label("Ontvanger").select_option(label="J. de Vries (huisarts)")
    consent.get_by_label("Toestemming gegeven").check()
    expect(consent.get_by_label("Cliënt")).to_be_checked()
    expect(consent.get_by_label("Datum van het besluit")).to_have_value(date.today().isoformat())
    consent.get_by_label("Mondeling").check()
    consent.get_by_role("button", name="Toestemming vastleggen").click()
    holds = page.locator("#toestemming-geldend tbody tr")
    expect(holds).to_have_count(1)
    expect(holds).to_contain_text("Eindverslag")
    expect(holds).to_contain_text("J. de Vries (huisarts)")
    expect(holds).to_contain_text("Gegeven")

    # The eindverslag: the step's soort and the only contact are chosen already.
    bericht = page.locator("#bericht-form")
    expect(bericht.get_by_label("Soort")).to_have_value("eindverslag")
    make_bericht(page, "eindverslag", "J. de Vries (huisarts)")
    row = page.locator("#bericht-table tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td.verzonden")).to_have_text("Nog niet")
    expect(hint).to_contain_text("Eindverslag gemaakt, nog niet als verzonden gemarkeerd.")
    # its preview: the stored HTML in a sandboxed frame, with the client's hulpvraag
    frame_el = page.locator("#bericht-frame")
    expect(frame_el).to_have_attribute("sandbox", "")
    letter = page.frame_locator("#bericht-frame")
    expect(letter.get_by_role("heading", name="Eindverslag oefentherapie")).to_be_visible()
    expect(letter.locator("section", has_text="Hulpvraag")).to_contain_text(hulpvraag_text)
    expect(letter.locator("header")).to_contain_text("J. de Vries, huisarts")
    shot("eindverslag-voorbeeld")
    assert accessibility_problems(page.locator("#berichten")) == []

    # its PDF, fetched with the token and saved from a blob
    with page.expect_download() as download:
        row.get_by_role("button", name=re.compile("^PDF downloaden")).click()
    pdf = download.value
    assert re.fullmatch(rf"eindverslag-{re.escape(ref)}-\d+\.pdf", pdf.suggested_filename)
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    # closed and opened again from the keyboard
    row.get_by_role("button", name=re.compile("^Bekijken")).press("Enter")
    expect(page.locator("#bericht-preview")).to_be_hidden()
    expect(row.get_by_role("button", name=re.compile("^Bekijken"))).to_be_focused()
    row.get_by_role("button", name=re.compile("^Bekijken")).press("Enter")
    expect(page.locator("#bericht-preview-title")).to_be_focused()
    expect(letter.locator("body")).to_contain_text(hulpvraag_text)

    row.get_by_role("button", name=re.compile("^Markeren als verzonden")).click()
    expect(row.locator("td.verzonden")).to_contain_text("Verzonden")
    expect(row.get_by_role("button", name=re.compile("^Markeren als verzonden"))).to_have_count(0)
    expect(page.locator("#bericht-status")).to_contain_text("als verzonden gemarkeerd")
    expect(hint).to_contain_text("Eindverslag verzonden op")
    expect(page.locator("form[data-trigger=afsluiten] li.unmet")).to_have_count(0)
    expect(page.locator("#events li[data-kind=bericht_verzonden]")).to_have_count(1)
    shot("eindverslag-verzonden")

    expect(afsluiten).to_be_enabled()
    afsluiten.click()
    expect(page.locator("#episode-status")).to_have_text("Afgesloten")
    expect(page.locator("#step-title")).to_have_text("Episode afgesloten")
    expect(page.locator("li.tl-done")).to_have_count(8)
    expect(page.locator("#events li[data-kind=transition]")).to_have_count(8)
    shot("afgesloten")

    # The list shows it, filtered by step.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Episodes").click()
    filters = page.get_by_role("search", name="Episodes filteren")
    filters.get_by_label("Stap").select_option("afgesloten")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#episode-list tbody")).to_contain_text(ref)
    shot("lijst-afgesloten")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('methodisch.token')") is None


FORWARD = {
    "screening": "screening_afronden",
    "anamnese": "anamnese_afronden",
    "onderzoek": "onderzoek_afronden",
    "diagnose": "diagnose_afronden",
    "behandelplan": "behandelplan_vaststellen",
    "behandeling": "behandeling_afronden",
    "evaluatie": "evaluatie_afronden",
}


def episode_in_afsluiting(site: Site, ref: str) -> int:
    """An episode whose steps hold their served examples, in afsluiting with its record saved
    (the eindrapportage to the huisarts), set up over the API behind the browser's back."""
    with api_client(site, site.therapist) as api:
        served = api.get("/v1/workflows/algemeen").json()
        examples = {s["name"]: s["form_schema"]["examples"][0] for s in served["steps"]}
        sessie = next(
            a["form_schema"]["examples"][0]
            for s in served["steps"]
            for a in s["appendices"]
            if a["name"] == "sessie"
        )
        r = api.post(
            "/v1/episodes",
            json={"client_ref": ref, "route": "dto", "client": {"leeftijdsgroep": "volwassene"}},
        )
        r.raise_for_status()
        episode_id = r.json()["id"]
        etag = r.headers["etag"]

        def write(method: str, path: str, body: object) -> None:
            nonlocal etag
            r = api.request(
                method, f"/v1/episodes/{episode_id}/{path}", json=body, headers={"If-Match": etag}
            )
            assert r.is_success, r.text
            etag = r.headers["etag"]

        for step, trigger in FORWARD.items():
            write("PUT", f"records/{step}", examples[step])
            if step == "behandeling":
                write("POST", "sessies", sessie)
            write("POST", "transitions", {"trigger": trigger})
        write("PUT", "records/afsluiting", examples["afsluiting"])
        assert examples["afsluiting"]["eindrapportage_verzonden_aan"] == "huisarts"
    return int(episode_id)


def test_marking_sent_without_consent_is_refused(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    ref = new_ref("TOEST")
    episode_id = episode_in_afsluiting(site, ref)
    log_in(page, site, site.therapist)
    page.goto(f"{site.url}/#/episodes/{episode_id}")
    expect(page.locator("#step-title")).to_have_text("Stap 8: Afsluiting")

    add_contact(page, "huisarts", "A. Jansen", "02020202")
    expect(page.locator("#toestemming-geldend")).to_have_text("Nog geen toestemming vastgelegd.")
    make_bericht(page, "eindverslag", "A. Jansen (huisarts)")
    row = page.locator("#bericht-table tbody tr")
    mark = row.get_by_role("button", name=re.compile("^Markeren als verzonden"))
    mark.click()

    # Refused: the consent it misses is said, in an alert that has the focus; still unsent.
    alert = page.locator("#bericht-unmet")
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_be_focused()
    expect(alert).to_contain_text(
        "Eindverslag aan A. Jansen (huisarts) is niet als verzonden gemarkeerd."
    )
    expect(alert).to_contain_text("Vraag toestemming voor het eindverslag.")
    expect(row.locator("td.verzonden")).to_have_text("Nog niet")
    expect(mark).to_be_enabled()
    expect(page.locator("#step-berichten")).to_contain_text("nog niet als verzonden gemarkeerd")
    expect(page.locator("button[data-trigger=afsluiten]")).to_be_disabled()
    expect(page.locator("#events li[data-kind=bericht_verzonden]")).to_have_count(0)
    shot("verzonden-zonder-toestemming")
    assert accessibility_problems(page.locator("#berichten")) == []

    # The alert leads to the consent form, ready for this doel and contact. A refusal is
    # recorded as such, and still stops the sending, now with the refusal as the reason.
    alert.get_by_role("button", name="Toestemming vastleggen").click()
    consent = page.locator("#toestemming-form")
    expect(consent.get_by_label("Waarvoor")).to_be_focused()
    expect(consent.get_by_label("Waarvoor")).to_have_value("eindverslag")
    expect(consent.get_by_label("Ontvanger")).to_have_value("1")
    consent.get_by_label("Geweigerd").check()
    consent.get_by_label("Schriftelijk").check()
    consent.get_by_label("Toelichting bij het besluit").fill("Wil zelf de huisarts informeren.")
    consent.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.locator("#toestemming-geldend tbody tr")).to_contain_text("Geweigerd")
    mark.click()
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("geweigerd")
    expect(row.locator("td.verzonden")).to_have_text("Nog niet")
