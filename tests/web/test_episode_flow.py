"""A whole episode through the web client: every step's form is the one rendered from the
served JSON Schema; gates block, measurements chart, sessions, closing."""

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import Shots, Site, log_in, new_ref


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
    expect(page.locator("#episode-alert")).to_contain_text(f"Meting {instrument}")


def test_a_whole_dto_episode(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    ref = new_ref("DTO")
    log_in(page, site, site.therapist)
    shot("episodes")

    # New episode: the profiles are this therapist's registrations.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Nieuwe episode"
    ).click()
    expect(page.locator("#new-profile option")).to_have_text(["Algemeen", "Bekken"])
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
    page.get_by_label("Aanvullende medische info nodig").select_option(label="Nee")
    page.get_by_label("Binnen domein").select_option(label="Ja")
    page.get_by_label("Conclusie").fill("Geen rode vlaggen; geïndiceerd.")
    save_step(page)
    expect(checklist.locator("li.met")).not_to_have_count(0)
    shot("screening-vrij")
    advance(page, "screening_afronden", "Stap 2: Anamnese")

    # Anamnese, with the baseline measurement.
    example_and_save(page)
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

    example_and_save(page)
    page.locator("button[data-trigger=afsluiten]").click()
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
