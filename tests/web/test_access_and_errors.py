"""What the client shows when it may not see something, when the server rejects a form, and
when someone else changed the episode in the meantime."""

from playwright.sync_api import Page, expect

from tests.web.conftest import Shots, Site, api_client, log_in, new_ref


def test_another_practice_cannot_see_the_episode(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    ref = new_ref("PRIV")
    with api_client(site, site.therapist) as api:
        r = api.post(
            "/v1/episodes",
            json={"client_ref": ref, "route": "dto", "client": {"leeftijdsgroep": "volwassene"}},
        )
        r.raise_for_status()
        episode_id = r.json()["id"]

    log_in(page, site, site.outsider)
    expect(page.locator("#episode-list")).not_to_contain_text(ref)
    page.get_by_label("Cliëntreferentie").fill(ref)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen episodes gevonden.")).to_be_visible()
    shot("lijst-zonder-episode")

    page.goto(f"{site.url}/#/episodes/{episode_id}")
    expect(page.get_by_role("heading", name="Episode niet gevonden")).to_be_visible()
    expect(page.locator("#not-found")).to_be_visible()
    shot("niet-gevonden")

    # A token the server no longer accepts sends the client back to the login page.
    page.evaluate("sessionStorage.setItem('methodisch.token', 'mt_ingetrokken')")
    page.goto(f"{site.url}/#/episodes")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    expect(page.locator("#flash")).to_contain_text("niet (meer) ingelogd")

    # and the owner does see it, by its reference
    log_in(page, site, site.therapist)
    page.get_by_label("Cliëntreferentie").fill(ref)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#episode-list tbody tr")).to_have_count(1)


def test_a_422_is_shown_at_its_field(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    log_in(page, site, site.therapist)
    page.goto(f"{site.url}/#/episodes/new")

    # The server rejects the reference (a pattern) and the referral without a diagnosis.
    page.get_by_label("Cliëntreferentie").fill("met spaties")
    page.get_by_label("Verwijzing", exact=True).check()
    page.get_by_label("Leeftijdsgroep").select_option("volwassene")
    page.get_by_label("Verwijzer").select_option("huisarts")
    page.get_by_label("Datum van de verwijzing").fill("2026-03-01")
    page.get_by_role("button", name="Episode aanmaken").click()
    ref_field = page.locator("[data-path='client_ref']")
    expect(ref_field.locator(".field-error")).to_have_text("Dit formaat is niet toegestaan.")
    expect(ref_field.locator("input")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Verwijzer")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-path='verwijzing'] > .field-error")).to_contain_text(
        "Geef een verwijsdiagnose of een verwijsvraag op"
    )
    shot("nieuwe-episode-422")

    ref = new_ref("VW")
    page.get_by_label("Cliëntreferentie").fill(ref)
    page.get_by_label("Verwijsdiagnose").fill("Aspecifieke lage rugklachten")
    page.get_by_role("button", name="Episode aanmaken").click()
    expect(page.locator("#step-title")).to_have_text("Stap 2: Anamnese")
    expect(page.locator("li.tl[data-step=screening]")).to_have_class("tl tl-skipped")

    # A nested path: betrokkenen.0.rol is required in a row of the array of objects.
    form = page.locator("#step-form")
    form.get_by_role("button", name="+ Betrokkene toevoegen").click()
    form.get_by_label("Toelichting", exact=True).fill("Partner, aanwezig bij de intake.")
    form.get_by_role("button", name="Opslaan").click()
    row = page.locator("[data-path='betrokkenen.0.rol']")
    expect(row.locator(".field-error")).to_have_text("Dit veld is verplicht.")
    expect(page.locator("#step-form .message-error")).to_contain_text("Rol: Dit veld is verplicht.")
    shot("anamnese-422")

    row.locator("select").select_option(label="Naaste")
    form.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#record-info")).to_contain_text("Opgeslagen")
    expect(row.locator(".field-error")).to_be_hidden()


def test_a_stale_save_reloads_and_keeps_what_was_typed(ui: Page, site: Site, shot: Shots) -> None:
    page = ui
    ref = new_ref("412")
    with api_client(site, site.therapist) as api:
        r = api.post(
            "/v1/episodes",
            json={"client_ref": ref, "route": "dto", "client": {"leeftijdsgroep": "volwassene"}},
        )
        r.raise_for_status()
        episode_id = r.json()["id"]

        log_in(page, site, site.therapist)
        page.goto(f"{site.url}/#/episodes/{episode_id}")
        expect(page.locator("#step-title")).to_have_text("Stap 1: Screening")
        page.get_by_label("Klachten", exact=True).fill("Nekpijn na een val.")

        # Meanwhile, someone else saves the screening.
        etag = api.get(f"/v1/episodes/{episode_id}").headers["etag"]
        api.put(
            f"/v1/episodes/{episode_id}/records/screening",
            json={"conclusie": "Elders vastgelegd."},
            headers={"If-Match": etag},
        ).raise_for_status()

    page.locator("#step-form").get_by_role("button", name="Opslaan").click()
    expect(page.locator("#episode-alert")).to_contain_text("De episode is elders gewijzigd")
    expect(page.get_by_label("Klachten", exact=True)).to_have_value("Nekpijn na een val.")
    expect(page.get_by_label("Conclusie")).to_have_value("Elders vastgelegd.")
    shot("elders-gewijzigd")

    page.locator("#step-form").get_by_role("button", name="Opslaan").click()
    expect(page.locator("#record-info")).to_contain_text("Opgeslagen: versie 2")
