"""Two-factor login in the web client: a praktijkbeheerder sets it up at the first login, and
from then on logs in with a fresh code; all of it under the Content-Security-Policy."""

import time

import pyotp
from playwright.sync_api import Page, expect

from tests.web.conftest import Shots, Site, log_in


def test_a_beheerder_sets_up_two_factor_login_and_then_needs_a_fresh_code(
    ui: Page, site: Site, shot: Shots
) -> None:
    page = ui
    account = site.beheerder
    page.goto(f"{site.url}/#/login")
    page.get_by_label("Gebruikersnaam").fill(account.login)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()

    # The password alone leads only to setting up the code; the menu stays hidden.
    expect(page.get_by_role("heading", name="Inloggen met een code instellen")).to_be_visible()
    expect(page.locator("#nav")).to_be_hidden()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    expect(page.locator("#totp-uri")).to_have_attribute(
        "href", f"otpauth://totp/methodisch:{account.login}?secret={secret}&issuer=methodisch"
    )
    shot("instellen")
    page.goto(f"{site.url}/#/episodes")  # no way around it
    expect(page.get_by_role("heading", name="Inloggen met een code instellen")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")  # a new one

    totp = pyotp.TOTP(secret)
    page.get_by_label("Code uit de app").fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    used = totp.now()
    page.get_by_label("Code uit de app").fill(used)
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Episodes", level=1).wait_for()
    expect(page.locator("#flash")).to_contain_text("ingesteld")
    shot("ingesteld")

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen").wait_for()
    page.get_by_label("Gebruikersnaam").fill(account.login)
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vul ook de code")
    page.get_by_label("Wachtwoord").fill(account.password)
    page.get_by_label("Code uit je authenticator-app").fill(used)  # replayed
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("al gebruikt")
    shot("code-al-gebruikt")

    log_in(page, site, account, code=totp.at(time.time() + 30))  # the next step's code
    expect(page.locator("#user-name")).to_have_text(account.naam)
