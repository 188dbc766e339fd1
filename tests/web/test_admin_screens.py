"""The account and administration screens in the web client: a therapist changes her own password
(from the keyboard) and logs in with the new one; the praktijkbeheerder adds a therapist and
renews her registration (through a conflicting change), deactivates her and resets a colleague's
two-factor login; makes an EPD integration, a token for it, and revokes it; and reads, pages and
exports the access log. Every screen passes axe-core's WCAG 2.2 AA rules, fits a 375 px phone,
and shows no raw codes; a therapist does not see the administration screens.

Each test has accounts of its own, made over the API: a praktijkbeheerder logs in with a fresh
code of her own, so two tests never compete for the same TOTP step.
"""

import csv
import io
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pyotp
import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.web.conftest import (
    PASSWORD,
    Account,
    Shots,
    Site,
    accessibility_problems,
    api_client,
    axe_violations,
    log_in,
    new_ref,
)

PHONE: ViewportSize = {"width": 375, "height": 812}
ADMIN_LINKS = ("Therapeuten", "Koppelingen", "Toegangslog", "Praktijk")
EXPORT_FIELDS = [
    "id", "at", "request_id", "actor_type", "actor_id", "actor_name", "acting_user_id",
    "acting_user_name", "client_ref", "episode_id", "action", "resource", "outcome",
]  # fmt: skip


def dutch_day(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def enrol(site: Site, account: Account) -> tuple[pyotp.TOTP, str]:
    """Set up two-factor login over the API, as the web client does: the TOTP, and the full
    token the confirmation answers."""
    with httpx.Client(base_url=site.url, timeout=10) as client:
        r = client.post(
            "/v1/auth/login", json={"login": account.login, "password": account.password}
        )
        assert r.status_code == 200, r.text
        assert r.json()["access"] == "totp-enrolment"
        client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        r = client.post("/v1/me/totp")
        assert r.status_code == 201, r.text
        totp = pyotp.TOTP(r.json()["secret"])
        r = client.post("/v1/me/totp/confirm", json={"code": totp.now()})
        assert r.status_code == 200, r.text
        return totp, str(r.json()["token"])


@pytest.fixture(scope="module")
def admin_api(site: Site) -> Iterator[httpx.Client]:
    """The API as the site's praktijkbeheerder (two-factor login set up), to set the scene."""
    _, token = enrol(site, site.beheerder)
    with httpx.Client(
        base_url=site.url, timeout=10, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def new_therapist(
    api: httpx.Client,
    *,
    naam: str,
    rol: str = "therapeut",
    registraties: list[dict[str, str]] | None = None,
) -> tuple[Account, int]:
    login = f"{naam.split()[-1].lower()}-{uuid.uuid4().hex[:8]}"
    regs = registraties or [{"register": "oefentherapeut", "nummer": "29012345678"}]
    r = api.post(
        "/v1/therapists",
        json={
            "naam": naam,
            "login": login,
            "registraties": regs,
            "rol": rol,
            "password": PASSWORD,
        },
    )
    assert r.status_code == 201, r.text
    return Account(login, PASSWORD, naam, int(r.json()["practice_id"])), int(r.json()["id"])


@dataclass(frozen=True)
class Admin:
    account: Account
    id: int
    totp: pyotp.TOTP


def new_admin(site: Site, api: httpx.Client, naam: str) -> Admin:
    account, therapist_id = new_therapist(api, naam=naam, rol="praktijkbeheerder")
    totp, _ = enrol(site, account)
    return Admin(account, therapist_id, totp)


def log_in_admin(page: Page, site: Site, admin: Admin) -> None:
    log_in(page, site, admin.account, code=admin.totp.at(time.time() + 30))


def open_from_menu(page: Page, name: str, heading: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()
    h1 = page.get_by_role("heading", name=heading, level=1)
    expect(h1).to_be_focused()
    expect(page).to_have_title(f"{heading} — methodisch")


def assert_plain_dutch(page: Page) -> None:
    """What a person reads: no snake_case identifier, definition version (`@`) or section sign."""
    text = page.locator("body").inner_text()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert "@" not in text, text
    assert "§" not in text, text


def assert_accessible(page: Page) -> None:
    assert axe_violations(page) == []
    assert accessibility_problems(page.locator("body")) == []


def assert_fits_a_phone(page: Page, shot: Shots, name: str) -> None:
    """At 375 px wide nothing scrolls sideways; back to the laptop size afterwards."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(50)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width} px wide"
    shot(f"{name}-telefoon")
    assert axe_violations(page) == [], name
    if size:
        page.set_viewport_size(size)


def tab_to(page: Page, locator_name: str, *, label: bool = True, limit: int = 25) -> None:
    """Press Tab until the control is focused (from the keyboard only)."""
    target = (
        page.get_by_label(locator_name, exact=True)
        if label
        else page.get_by_role("button", name=locator_name)
    )
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    expect(target).to_be_focused()


# ---------- Mijn account ----------


def test_a_therapist_changes_her_password_from_the_keyboard_and_logs_in_with_it(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    soon = date.today() + timedelta(days=60)
    account, _ = new_therapist(
        admin_api,
        naam="M. Wachtwoord",
        registraties=[
            {"register": "oefentherapeut", "nummer": "29012345678"},
            {"register": "bekkenoefentherapeut", "nummer": "39012345678", "geldig_tot": str(soon)},
        ],
    )
    log_in(page, site, account)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for name in ADMIN_LINKS:
        expect(nav.get_by_role("link", name=name)).to_be_hidden()

    # Keyboard only: from the menu to "Mijn account", where the focus lands on the heading.
    nav.get_by_role("link", name="Mijn account").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mijn account", level=1)).to_be_focused()
    expect(nav.get_by_role("link", name="Mijn account")).to_have_attribute("aria-current", "page")
    me = page.locator("#account-me")
    expect(me).to_contain_text("M. Wachtwoord")
    expect(me).to_contain_text("Therapeut")
    expect(me.locator("li[data-register=oefentherapeut]")).to_have_text(
        "Oefentherapeut, nummer 29012345678, verloopt niet"
    )
    bekken = me.locator("li[data-register=bekkenoefentherapeut]")
    expect(bekken).to_contain_text(
        f"Bekkenoefentherapeut, nummer 39012345678, geldig tot {dutch_day(soon)}"
    )
    expect(bekken.locator(".expiry")).to_have_text("Verloopt over 60 dagen: herregistratie nodig")
    expect(page.locator("#account-totp")).to_contain_text("Nog niet ingesteld")
    expect(page.locator("#account-totp-link")).to_have_attribute("href", "#/totp")
    assert_plain_dutch(page)
    assert_accessible(page)
    shot("mijn-account")

    # The two new ones differ: said at the repeat field, before anything is sent.
    new = "een nieuw en lang wachtwoord"
    tab_to(page, "Huidig wachtwoord *")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Nieuw wachtwoord *", exact=True)).to_be_focused()
    page.keyboard.type(new)
    page.keyboard.press("Tab")
    page.keyboard.type("iets anders")
    page.keyboard.press("Enter")
    repeat = page.get_by_label("Herhaal het nieuwe wachtwoord *", exact=True)
    expect(repeat).to_have_attribute("aria-invalid", "true")
    expect(repeat).to_have_accessible_description(re.compile("niet hetzelfde"))
    summary = page.locator("#password-form [role=alert]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Je wachtwoord is niet gewijzigd")
    assert_accessible(page)
    shot("herhaling-klopt-niet")

    # From the summary to the field, fix it; now the server finds the current one wrong.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(repeat).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(new)
    tab_to(page, "Huidig wachtwoord *")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("niet mijn wachtwoord")
    page.keyboard.press("Enter")
    current = page.get_by_label("Huidig wachtwoord *", exact=True)
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-path=huidig] .field-error")).to_have_text(
        "Dit is niet je huidige wachtwoord."
    )
    expect(repeat).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text(
        "Huidig wachtwoord: Dit is niet je huidige wachtwoord."
    )
    shot("huidig-klopt-niet")

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(current).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#password-result")).to_contain_text("Je wachtwoord is gewijzigd.")
    expect(current).to_have_value("")
    expect(current).not_to_have_attribute("aria-invalid", "true")
    shot("gewijzigd")
    assert_fits_a_phone(page, shot, "mijn-account")

    # Out, and in again with the new password; the old one no longer works.
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen").wait_for()
    page.get_by_label("Gebruikersnaam").fill(account.login)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam of wachtwoord klopt niet")
    log_in(page, site, Account(account.login, new, account.naam, account.practice_id))
    expect(page.locator("#user-name")).to_have_text("M. Wachtwoord")

    # Chromium reports the two refusals the test asked for, and nothing else.
    assert len(console_errors) == 2, console_errors
    assert re.fullmatch(r".*status of 422 .*/v1/me/password\)", console_errors[0])
    assert re.fullmatch(r".*status of 401 .*/v1/auth/login\)", console_errors[1])


# ---------- Therapeuten ----------


def test_the_beheerder_adds_a_therapist_and_renews_her_registration(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    admin = new_admin(site, admin_api, "A. Beheer")
    colleague = new_admin(site, admin_api, "C. Collega")
    log_in_admin(page, site, admin)
    open_from_menu(page, "Therapeuten", "Therapeuten")
    rows = page.locator("#therapist-list tbody tr")
    expect(rows.filter(has_text="A. Beheer")).to_contain_text("(jij)")
    expect(rows.filter(has_text="C. Collega")).to_contain_text("Praktijkbeheerder")
    assert_plain_dutch(page)
    assert_accessible(page)
    shot("therapeuten")
    assert_fits_a_phone(page, shot, "therapeuten")

    # Add: a bekkenoefentherapeut without an end date is refused at that field, in Dutch.
    page.get_by_role("link", name="Therapeut toevoegen").click()
    expect(page.get_by_role("heading", name="Therapeut toevoegen", level=1)).to_be_focused()
    login = f"bekker-{uuid.uuid4().hex[:6]}"
    soon = date.today() + timedelta(days=30)
    page.locator("#new-th-naam").fill("B. Bekker")
    page.get_by_label("Gebruikersnaam").fill(login)
    basis = page.get_by_role("group", name="Oefentherapeut", exact=True)
    basis.get_by_label("Geregistreerd").check()
    basis.get_by_label("Registratienummer").fill("29011112222")
    bekken = page.get_by_role("group", name="Bekkenoefentherapeut")
    bekken.get_by_label("Geregistreerd").check()
    bekken.get_by_label("Registratienummer").fill("39011112222")
    page.get_by_label("Bevoegd voor inwendig onderzoek").check()
    page.get_by_label("Wachtwoord", exact=False).fill("een eerste lang wachtwoord")
    page.get_by_role("button", name="Therapeut toevoegen").click()
    until = bekken.get_by_label("Geldig tot")
    expect(until).to_have_attribute("aria-invalid", "true")
    expect(until).to_have_accessible_description(re.compile("Vul in tot wanneer"))
    expect(page.get_by_role("alert")).to_contain_text("De therapeut is niet toegevoegd")
    assert_plain_dutch(page)
    assert_accessible(page)
    shot("toevoegen-einddatum-ontbreekt")
    assert_fits_a_phone(page, shot, "therapeut-toevoegen")

    until.fill(soon.isoformat())
    page.get_by_role("button", name="Therapeut toevoegen").click()
    expect(page.get_by_role("heading", name="Therapeuten", level=1)).to_be_focused()
    expect(page.locator("#flash")).to_contain_text("B. Bekker is toegevoegd.")
    row = rows.filter(has_text="B. Bekker")
    expect(row.locator("li[data-register=bekkenoefentherapeut]")).to_contain_text(
        f"Bekkenoefentherapeut, nummer 39011112222, geldig tot {dutch_day(soon)}"
    )
    expect(row.locator(".expiry")).to_have_text("Verloopt over 30 dagen: herregistratie nodig")
    expect(row).to_contain_text("Actief")
    expect(row).to_contain_text("Niet ingesteld")
    expect(page.locator("#expiry-summary")).to_contain_text("B. Bekker: Bekkenoefentherapeut")
    shot("toegevoegd")

    # Renew: meanwhile someone else renames her; the 412 reloads and keeps the new date.
    row.get_by_role("link", name="B. Bekker").click()
    expect(page.get_by_role("heading", name="B. Bekker", level=1)).to_be_focused()
    expect(page.locator(".therapist-facts")).to_contain_text(login)
    assert_plain_dutch(page)
    renewed = date(date.today().year + 5, 6, 30)
    bekken = page.get_by_role("group", name="Bekkenoefentherapeut")
    bekken.get_by_label("Geldig tot").fill(renewed.isoformat())
    therapist_id = int(page.url.rsplit("/", 1)[1])
    r = admin_api.get(f"/v1/therapists/{therapist_id}")
    admin_api.patch(
        f"/v1/therapists/{therapist_id}",
        json={"naam": "B. Bekker-Jansen"},
        headers={"If-Match": r.headers["etag"]},
    ).raise_for_status()
    page.get_by_role("button", name="Opslaan").click()
    alert = page.locator("#therapist-alert")
    expect(alert).to_be_focused()
    expect(alert).to_contain_text("elders gewijzigd")
    expect(page.locator("#edit-th-naam")).to_have_value("B. Bekker-Jansen")
    expect(bekken.get_by_label("Geldig tot")).to_have_value(renewed.isoformat())
    assert_accessible(page)
    shot("elders-gewijzigd")
    assert_fits_a_phone(page, shot, "therapeut-wijzigen")

    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#flash")).to_contain_text("De gegevens van B. Bekker-Jansen")
    row = rows.filter(has_text="B. Bekker-Jansen")
    expect(row.locator("li[data-register=bekkenoefentherapeut]")).to_contain_text(
        f"geldig tot {dutch_day(renewed)}"
    )
    expect(row.locator(".expiry")).to_have_count(0)
    saved = admin_api.get(f"/v1/therapists/{therapist_id}").json()
    assert saved["naam"] == "B. Bekker-Jansen"
    assert saved["inwendig_onderzoek_bevoegd"] is True
    assert [(r["register"], r["nummer"], r["geldig_tot"]) for r in saved["registraties"]] == [
        ("bekkenoefentherapeut", "39011112222", renewed.isoformat()),
        ("oefentherapeut", "29011112222", None),
    ]

    # Deactivate, after a confirmation (cancelled once).
    row.get_by_role("link", name="B. Bekker-Jansen").click()
    page.get_by_role("button", name="Deactiveren").click()
    dialog = page.get_by_role("dialog", name="B. Bekker-Jansen deactiveren?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Annuleren")).to_be_focused()
    assert_accessible(page)
    shot("deactiveren-bevestigen")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Deactiveren")).to_be_focused()
    page.get_by_role("button", name="Deactiveren").click()
    page.get_by_role("dialog").get_by_role("button", name="Deactiveren").click()
    expect(page.locator("#flash")).to_contain_text("B. Bekker-Jansen is gedeactiveerd.")
    expect(rows.filter(has_text="B. Bekker-Jansen")).to_contain_text("Gedeactiveerd")
    r = httpx.post(
        f"{site.url}/v1/auth/login", json={"login": login, "password": "een eerste lang wachtwoord"}
    )
    assert r.status_code == 401

    # Back from leave: reactivated after a confirmation, and she logs in again.
    rows.filter(has_text="B. Bekker-Jansen").get_by_role("link").click()
    page.get_by_role("button", name="Weer activeren").click()
    dialog = page.get_by_role("dialog", name="B. Bekker-Jansen weer activeren?")
    expect(dialog).to_contain_text("Oude sessies en tokens blijven ingetrokken")
    dialog.get_by_role("button", name="Weer activeren").click()
    expect(page.locator("#therapist-alert")).to_contain_text("is weer actief")
    expect(page.locator(".therapist-facts")).to_contain_text("Actief")
    expect(page.get_by_role("button", name="Deactiveren")).to_be_visible()
    assert_accessible(page)
    r = httpx.post(
        f"{site.url}/v1/auth/login", json={"login": login, "password": "een eerste lang wachtwoord"}
    )
    assert r.status_code == 200
    page.get_by_role("link", name="Therapeuten").first.click()

    # A colleague's two-factor login is reset (not one's own: no such button there).
    rows.filter(has_text="C. Collega").get_by_role("link").click()
    expect(page.locator(".therapist-facts")).to_contain_text("Ingesteld op")
    page.get_by_role("button", name="Inloggen met een code herstellen").click()
    page.get_by_role("dialog").get_by_role("button", name="Herstellen").click()
    expect(page.locator("#therapist-alert")).to_contain_text("is hersteld")
    expect(page.locator(".therapist-facts")).to_contain_text("Niet ingesteld")
    assert admin_api.get(f"/v1/therapists/{colleague.id}").json()["totp_enrolled_at"] is None
    page.goto(f"{site.url}/#/therapeuten/{admin.id}")
    expect(page.get_by_role("heading", name="A. Beheer", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Inloggen met een code herstellen")).to_have_count(0)
    expect(page.get_by_role("button", name="Deactiveren")).to_have_count(0)
    assert console_errors == [
        e for e in console_errors if re.fullmatch(r".*status of 412 .*/v1/therapists/\d+\)", e)
    ]
    assert len(console_errors) == 1, console_errors


# ---------- Koppelingen ----------


def test_the_beheerder_makes_an_integration_and_a_token_and_revokes_it(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    admin = new_admin(site, admin_api, "K. Koppel")
    log_in_admin(page, site, admin)
    open_from_menu(page, "Koppelingen", "Koppelingen met het EPD")
    assert_accessible(page)

    naam = f"Testdossier {uuid.uuid4().hex[:6]}"
    page.get_by_role("button", name="Koppeling toevoegen").click()
    expect(page.get_by_label("Naam van de koppeling")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Naam van de koppeling").fill(naam)
    page.get_by_role("button", name="Koppeling toevoegen").click()
    expect(page.locator("#koppeling-alert")).to_contain_text(f"Koppeling {naam} is toegevoegd.")
    expect(page.locator("#client-list tbody tr", has_text=naam)).to_contain_text("Actief")

    # A token for it: shown once, with a warning and a copy button.
    page.locator("#token-client").select_option(label=naam)
    page.get_by_label("Geldig (dagen)").fill("30")
    page.get_by_role("button", name="Token maken").click()
    panel = page.locator("#new-token")
    expect(panel.get_by_role("heading", name=f"Nieuw token voor {naam}")).to_be_focused()
    expect(panel.locator("#token-warning")).to_contain_text("niet opnieuw getoond")
    token = page.get_by_label("Token", exact=True).input_value()
    assert token
    panel.get_by_role("button", name="Kopiëren").click()
    expect(panel.locator("#token-copied")).to_contain_text("Gekopieerd")
    assert page.evaluate("navigator.clipboard.readText()") == token
    me = httpx.get(f"{site.url}/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["kind"] == "api_client", me.text
    expires = date.today() + timedelta(days=30)
    expect(panel).to_contain_text(f"Geldig tot {dutch_day(expires)}")
    assert_plain_dutch(page)
    assert_accessible(page)
    shot("token-eenmalig")
    assert_fits_a_phone(page, shot, "koppelingen")

    # The token list: whose, made, expires, active; revoked after a confirmation.
    row = page.locator("#token-list tbody tr", has_text=naam)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{naam} (koppeling)")
    expect(row).to_contain_text(dutch_day(expires))
    expect(row).to_contain_text("Actief")
    row.get_by_role("button", name=re.compile("^Intrekken")).click()
    dialog = page.get_by_role("dialog", name="Token intrekken?")
    expect(dialog).to_contain_text(f"Het token van {naam} (koppeling)")
    assert_accessible(page)
    shot("intrekken-bevestigen")
    dialog.get_by_role("button", name="Intrekken").click()
    expect(page.locator("#koppeling-alert")).to_contain_text("is ingetrokken")
    expect(row).to_contain_text("Ingetrokken op")
    expect(row.get_by_role("button")).to_have_count(0)
    me = httpx.get(f"{site.url}/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401

    # "Saved it": the token is gone from the page; the sessions of therapists on request.
    panel.get_by_role("button", name="Ik heb het token bewaard").click()
    expect(panel).to_be_hidden()
    assert token not in page.content()
    expect(page.locator("#token-list tbody tr", has_text="K. Koppel (inlogsessie)")).to_have_count(
        0
    )
    page.get_by_label("Ook inlogsessies van therapeuten tonen").check()
    # The session this browser is logged in with says so, and revoking it says what follows.
    own = page.locator("#token-list tbody tr", has_text="K. Koppel (deze sessie)")
    expect(own).to_have_count(1)
    expect(own).to_contain_text("Actief")
    own.get_by_role("button", name=re.compile("^Intrekken")).click()
    dialog = page.get_by_role("dialog", name="Token intrekken?")
    expect(dialog).to_contain_text("waarmee je nu bent ingelogd")
    dialog.get_by_role("button", name="Annuleren").click()
    expect(own).to_contain_text("Actief")
    shot("tokens")
    assert console_errors == []


# ---------- Toegangslog ----------


def test_the_beheerder_filters_pages_and_exports_the_access_log(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    ref, other = new_ref("LOG"), new_ref("LOG")
    with api_client(site, site.therapist) as api:
        ids = {}
        for client_ref in (ref, other):
            r = api.post(
                "/v1/episodes",
                json={
                    "client_ref": client_ref,
                    "route": "dto",
                    "client": {"leeftijdsgroep": "volwassene"},
                },
            )
            assert r.status_code == 201, r.text
            ids[client_ref] = int(r.json()["id"])
        first = ids[ref]
        for _ in range(27):
            api.get(f"/v1/episodes/{first}").raise_for_status()
    # An EPD reads the episode on behalf of one of its users.
    r = admin_api.post("/v1/api-clients", json={"naam": "Logdossier"})
    client_id = r.json()["id"]
    epd = admin_api.post(f"/v1/api-clients/{client_id}/tokens", json={"days": 1}).json()["token"]
    httpx.get(
        f"{site.url}/v1/episodes/{first}",
        headers={
            "Authorization": f"Bearer {epd}",
            "X-Acting-User-Id": "u-42",
            "X-Acting-User-Name": "J. Assistent",
        },
    ).raise_for_status()
    logged = admin_api.get("/v1/audit", params={"client_ref": ref, "limit": 1000}).json()["items"]
    assert len(logged) == 29  # created, 27 reads by the therapist, one by the EPD

    admin = new_admin(site, admin_api, "L. Logboek")
    log_in_admin(page, site, admin)
    open_from_menu(page, "Toegangslog", "Toegangslog")
    expect(page.locator("#access-log tbody tr").first).to_be_visible()
    assert_accessible(page)

    # A period that ends before it starts: said at the field, nothing is asked.
    today = date.today()
    page.get_by_label("Vanaf").fill(today.isoformat())
    page.get_by_label("Tot en met").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_label("Tot en met")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Tot en met: Kies een dag op of na")
    assert_accessible(page)

    # Filter on the client and today: 25 rows, then the rest with "Meer laden".
    page.get_by_label("Cliëntreferentie").fill(ref)
    page.get_by_label("Vanaf").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(rf"#/toegangslog\?client_ref={ref}&from=.*&to="))
    expect(page.get_by_role("heading", name="Toegangslog", level=1)).to_be_focused()
    rows = page.locator("#access-log tbody tr")
    expect(rows).to_have_count(25)
    expect(page.locator("#log-count")).to_contain_text("25 regel(s) getoond; er zijn er meer")
    expect(page.locator("#access-log thead th")).to_have_text(
        ["Wanneer", "Wie", "Cliënt", "Episode", "Actie", "Wat", "Uitkomst"]
    )
    created = [t.strip() for t in rows.first.locator("td").all_inner_texts()]
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", created[0]), created
    assert created[1:] == [
        "T. Testtherapeut",
        ref,
        f"Episode {first}",
        "Aanmaken",
        "Nieuwe episode",
        "201 aangemaakt",
    ]
    expect(rows.nth(1).locator("td[data-label=Actie]")).to_have_text("Inzien")
    expect(rows.nth(1).locator("td[data-label=Uitkomst]")).to_have_text("200 gelukt")
    assert_plain_dutch(page)
    shot("gefilterd")

    # and one more since: the beheerder's own episode list, which showed this client
    logged = admin_api.get("/v1/audit", params={"client_ref": ref, "limit": 1000}).json()["items"]
    assert len(logged) == 30
    assert logged[-1]["actor_name"] == "L. Logboek"
    page.get_by_role("button", name="Meer laden").click()
    expect(rows).to_have_count(30)
    expect(page.get_by_role("button", name="Meer laden")).to_be_hidden()
    expect(page.locator("#log-count")).to_have_text("30 regel(s) getoond.")
    expect(rows.nth(25)).to_be_focused()
    expect(rows.nth(28).locator("td[data-label=Wie]")).to_have_text(
        re.compile(r"^Logdossier \(EPD\)\s*namens J\. Assistent$")
    )
    expect(rows.last.locator("td[data-label=Wie]")).to_have_text("L. Logboek")
    expect(rows.last.locator("td[data-label=Wat]")).to_have_text("Lijst van episodes")
    expect(page.locator("#access-log")).not_to_contain_text(other)
    assert_accessible(page)
    shot("alles-geladen")
    assert_fits_a_phone(page, shot, "toegangslog")

    # Export with the same filters: the download is the server's CSV (and JSON) of these rows.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporteren als CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"toegangslog-{ref}-{today.isoformat()}.csv"
    content = download.path().read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == EXPORT_FIELDS
    assert len(table) == 1 + 30
    assert {row[EXPORT_FIELDS.index("client_ref")] for row in table[1:]} == {ref}
    assert [row[EXPORT_FIELDS.index("action")] for row in table[1:3]] == ["create", "read"]
    expect(page.locator("#export-status")).to_have_text(
        f"Gedownload: toegangslog-{ref}-{today.isoformat()}.csv."
    )
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Exporteren als JSON").click()
    rows_json = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    assert [r["id"] for r in rows_json] == [r["id"] for r in logged]
    assert rows_json[28]["acting_user_name"] == "J. Assistent"
    assert console_errors == []


# ---------- who sees what ----------


def test_a_therapist_does_not_see_the_administration_screens(
    ui: Page, site: Site, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    log_in(page, site, site.therapist)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Mijn account")).to_be_visible()
    for name in ADMIN_LINKS:
        expect(nav.get_by_role("link", name=name)).to_be_hidden()
    open_from_menu(page, "Mijn account", "Mijn account")
    expect(page.locator("#account-me")).to_contain_text("T. Testtherapeut")
    assert_fits_a_phone(page, shot, "menu-therapeut")

    for path, title in (
        ("therapeuten", "Therapeuten"),
        ("therapeuten/nieuw", "Therapeut toevoegen"),
        ("koppelingen", "Koppelingen met het EPD"),
        ("toegangslog", "Toegangslog"),
    ):
        page.goto(f"{site.url}/#/{path}")
        expect(page.get_by_role("heading", name=title, level=1)).to_be_focused()
        expect(page.locator("#admin-only")).to_contain_text(
            "Deze pagina is alleen voor de praktijkbeheerder van je praktijk."
        )
    assert_accessible(page)
    shot("alleen-voor-beheerder")
    assert_fits_a_phone(page, shot, "alleen-voor-beheerder")
    assert console_errors == []


def test_a_beheerder_who_is_no_longer_one_is_told_so_when_the_api_refuses(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str]
) -> None:
    """The menu knows the role from the login; the API decides. A 403 shows the same page."""
    page = ui
    admin = new_admin(site, admin_api, "G. Gewezen")
    log_in_admin(page, site, admin)
    etag = admin_api.get(f"/v1/therapists/{admin.id}").headers["etag"]
    admin_api.patch(
        f"/v1/therapists/{admin.id}", json={"rol": "therapeut"}, headers={"If-Match": etag}
    ).raise_for_status()

    open_from_menu(page, "Koppelingen", "Koppelingen met het EPD")
    expect(page.locator("#admin-only")).to_contain_text("alleen voor de praktijkbeheerder")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for name in ADMIN_LINKS:
        expect(nav.get_by_role("link", name=name)).to_be_hidden()
    page.goto(f"{site.url}/#/toegangslog")
    expect(page.get_by_role("heading", name="Toegangslog", level=1)).to_be_focused()
    expect(page.locator("#admin-only")).to_be_visible()
    # Chromium reports the two refusals of the integrations page (its two requests), no more
    assert len(console_errors) == 2, console_errors
    assert all("status of 403" in e for e in console_errors), console_errors


# ---------- Praktijk ----------

SWITCH = "Iedereen logt in met een code (tweestapsverificatie)"


def practice_patch(api: httpx.Client, **changes: object) -> dict[str, object]:
    """Change the practice behind the browser's back (If-Match from a fresh GET)."""
    etag = api.get("/v1/practice").headers["etag"]
    r = api.patch("/v1/practice", json=changes, headers={"If-Match": etag})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_the_beheerder_renames_the_practice_and_requires_a_code_of_everyone(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str], shot: Shots
) -> None:
    """The practice is the module's shared one (the `site` fixture): the test puts its name and
    two-factor setting back however it ends, so no other test logs in to a changed practice."""
    page = ui
    before = admin_api.get("/v1/practice").json()
    assert before["totp_required"] is False

    # A therapist has no "Praktijk" in the menu, and gets the friendly page at its URL.
    log_in(page, site, site.therapist)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Praktijk")).to_be_hidden()
    page.goto(f"{site.url}/#/praktijk")
    expect(page.get_by_role("heading", name="Praktijk", level=1)).to_be_focused()
    expect(page.locator("#admin-only")).to_contain_text("alleen voor de praktijkbeheerder")
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen").wait_for()

    admin = new_admin(site, admin_api, "R. Regel")
    log_in_admin(page, site, admin)
    try:
        open_from_menu(page, "Praktijk", "Praktijk")
        expect(nav.get_by_role("link", name="Praktijk")).to_have_attribute("aria-current", "page")
        facts = page.locator("#practice-facts")
        expect(facts).to_contain_text(before["naam"])
        expect(page.locator("#practice-agb")).to_have_text(before["agb_code"])
        expect(page.get_by_label("AGB-code")).to_have_count(0)  # read-only: no field for it
        naam = page.get_by_label("Naam van de praktijk *", exact=True)
        expect(naam).to_have_value(before["naam"])
        switch = page.get_by_role("switch", name=SWITCH)
        expect(switch).not_to_be_checked()
        expect(switch).to_have_accessible_description(
            re.compile("elke therapeut .* Een praktijkbeheerder logt altijd in met een code")
        )
        expect(page.locator("#practice-enrolled")).to_contain_text("nog niet ingesteld")
        box = switch.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, box
        assert_plain_dutch(page)
        assert_accessible(page)
        shot("praktijk")
        assert_fits_a_phone(page, shot, "praktijk")

        # An empty name is said at its field, before anything is sent.
        naam.fill("  ")
        page.get_by_role("button", name="Opslaan").click()
        expect(naam).to_have_attribute("aria-invalid", "true")
        expect(naam).to_have_accessible_description(re.compile("Vul de naam van de praktijk in"))
        expect(page.get_by_role("alert")).to_contain_text("Niet opgeslagen")

        # Rename and turn the code on: asked first (cancelled once, then confirmed).
        renamed = f"Oefenpraktijk De Beweging {uuid.uuid4().hex[:4]}"
        naam.fill(renamed)
        switch.check()
        expect(page.locator("#practice-form .switch-state")).to_have_text("Aan")
        page.get_by_role("button", name="Opslaan").click()
        dialog = page.get_by_role("dialog", name="Inloggen met een code verplichten?")
        expect(dialog).to_contain_text("authenticator-app")
        expect(dialog.get_by_role("button", name="Annuleren")).to_be_focused()
        assert_accessible(page)
        shot("code-verplichten-bevestigen")
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        assert admin_api.get("/v1/practice").json()["naam"] == before["naam"]
        page.get_by_role("button", name="Opslaan").click()
        dialog.get_by_role("button", name="Code verplichten").click()
        alert = page.locator("#practice-alert")
        expect(alert).to_be_focused()
        expect(alert).to_contain_text(f"Opgeslagen. De praktijk heet nu {renamed}.")
        expect(alert).to_contain_text("Iedereen logt nu in met een code")
        expect(facts).to_contain_text("Verplicht voor iedereen")
        saved = admin_api.get("/v1/practice").json()
        assert (saved["naam"], saved["totp_required"]) == (renamed, True)
        # From now on a therapist without a code only gets to set one up.
        r = httpx.post(
            f"{site.url}/v1/auth/login",
            json={"login": site.therapist.login, "password": site.therapist.password},
        )
        assert r.status_code == 200 and r.json()["access"] == "totp-enrolment", r.text
        assert_accessible(page)
        shot("code-verplicht")

        # Turn it off and rename again, while someone renames it elsewhere: the 412 loads
        # theirs and keeps what was typed here; saving again wins.
        final = f"{renamed} en Zo"
        naam.fill(final)
        switch.uncheck()
        practice_patch(admin_api, naam="Elders gewijzigd")
        page.get_by_role("button", name="Opslaan").click()
        expect(alert).to_be_focused()
        expect(alert).to_contain_text("elders gewijzigd. De nieuwste versie is geladen")
        expect(facts).to_contain_text("Elders gewijzigd")
        expect(naam).to_have_value(final)
        expect(switch).not_to_be_checked()
        assert_plain_dutch(page)
        assert_accessible(page)
        shot("412-bewaart-invoer")
        page.get_by_role("button", name="Opslaan").click()
        expect(alert).to_contain_text(f"Opgeslagen. De praktijk heet nu {final}.")
        expect(alert).to_contain_text("niet meer verplicht voor therapeuten")
        expect(facts).to_contain_text("voor therapeuten naar keuze")
        saved = admin_api.get("/v1/practice").json()
        assert (saved["naam"], saved["totp_required"]) == (final, False)
        assert_fits_a_phone(page, shot, "praktijk-opgeslagen")
    finally:
        now = admin_api.get("/v1/practice").json()
        if (now["naam"], now["totp_required"]) != (before["naam"], before["totp_required"]):
            practice_patch(admin_api, naam=before["naam"], totp_required=before["totp_required"])
    assert admin_api.get("/v1/practice").json()["totp_required"] is False
    assert len(console_errors) == 1, console_errors
    assert re.fullmatch(r".*status of 412 .*/v1/practice\)", console_errors[0])


def test_a_therapist_already_logged_in_is_sent_to_set_up_her_code_when_the_practice_requires_it(
    ui: Page, site: Site, admin_api: httpx.Client, console_errors: list[str]
) -> None:
    page = ui
    log_in(page, site, site.therapist)
    expect(page.get_by_role("heading", name="Episodes", level=1)).to_be_visible()
    practice_patch(admin_api, totp_required=True)
    try:
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Uitkomsten"
        ).click()
        expect(page.get_by_role("heading", name="Inloggen met een code instellen")).to_be_visible()
        expect(page.locator("#flash")).to_contain_text("Je praktijk vraagt nu bij het inloggen")
        expect(page.locator("#totp-secret")).to_be_visible()  # still signed in, only to set it up
        assert_accessible(page)
    finally:
        practice_patch(admin_api, totp_required=False)
    assert [e for e in console_errors if "401" not in e] == []
