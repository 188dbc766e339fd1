"""The episode's screens beside the episode page: a hand-over to a colleague (moderate SOLK to
the practice's psychosomatisch oefentherapeut), the client facts the rules use, and two
versions of a step's record side by side.

The scene is set over the HTTP API: the praktijkbeheerder adds the colleague, the therapist
writes the episodes. Every screen passes axe-core's WCAG 2.2 AA rules, names every control,
reads as plain Dutch, and fits a 375 px phone.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pyotp
import pytest
from playwright.sync_api import ConsoleMessage, Locator, Page, ViewportSize, expect

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
MOMENT = r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}"
"""A moment as the versions screen writes it: 29-11-2026 16:33:42."""
VERWIJZING = {
    "verwijzer_type": "huisarts",
    "datum": "2026-03-01",
    "verwijsdiagnose": "Aspecifieke lage rugklachten",
}


# ---------- the scene, over the API ----------


@dataclass(frozen=True)
class Colleague:
    account: Account
    id: int


@pytest.fixture(scope="module")
def admin_api(site: Site) -> Iterator[httpx.Client]:
    """The API as the praktijkbeheerder, who first sets up two-factor login (as the API asks
    of a praktijkbeheerder)."""
    with httpx.Client(base_url=site.url, timeout=10) as client:
        login = {"login": site.beheerder.login, "password": site.beheerder.password}
        r = client.post("/v1/auth/login", json=login)
        assert r.status_code == 200, r.text
        client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        if r.json()["access"] == "totp-enrolment":
            r = client.post("/v1/me/totp")
            assert r.status_code == 201, r.text
            r = client.post(
                "/v1/me/totp/confirm", json={"code": pyotp.TOTP(r.json()["secret"]).now()}
            )
            assert r.status_code == 200, r.text
            client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        yield client


def add_psychosomatic_colleague(admin_api: httpx.Client, naam: str) -> Colleague:
    """A colleague registered as oefentherapeut and psychosomatisch oefentherapeut."""
    geldig_tot = f"{date.today().year + 5}-12-31"
    login = new_ref(naam.split()[-1].lower())
    r = admin_api.post(
        "/v1/therapists",
        json={
            "naam": naam,
            "login": login,
            "registraties": [
                {"register": "oefentherapeut", "geldig_tot": geldig_tot},
                {"register": "psychosomatisch_oefentherapeut", "geldig_tot": geldig_tot},
            ],
            "rol": "therapeut",
            "password": PASSWORD,
        },
    )
    assert r.status_code == 201, r.text
    return Colleague(Account(login, PASSWORD, naam, int(r.json()["practice_id"])), r.json()["id"])


@pytest.fixture(scope="module")
def colleague(admin_api: httpx.Client) -> Colleague:
    """The practice's psychosomatisch oefentherapeut."""
    return add_psychosomatic_colleague(admin_api, "P. Somatisch")


class Episode:
    """One episode written over the API, sending its last ETag as If-Match on every write."""

    def __init__(self, api: httpx.Client, *, ref: str, route: str = "verwijzing") -> None:
        self.api = api
        body: dict[str, Any] = {
            "client_ref": ref,
            "profile": "algemeen",
            "route": route,
            "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
        }
        if route == "verwijzing":
            body["verwijzing"] = VERWIJZING
        r = api.post("/v1/episodes", json=body)
        assert r.status_code == 201, r.text
        self.id = int(r.json()["id"])
        self.etag = r.headers["etag"]

    def _write(self, r: httpx.Response) -> dict[str, Any]:
        assert r.is_success, r.text
        self.etag = r.headers["etag"]
        return dict(r.json())

    def save(self, step: str, data: dict[str, Any]) -> dict[str, Any]:
        return self._write(
            self.api.put(
                f"/v1/episodes/{self.id}/records/{step}",
                json=data,
                headers={"If-Match": self.etag},
            )
        )

    def fire(self, trigger: str) -> dict[str, Any]:
        return self._write(
            self.api.post(
                f"/v1/episodes/{self.id}/transitions",
                json={"trigger": trigger},
                headers={"If-Match": self.etag},
            )
        )

    def read(self) -> dict[str, Any]:
        r = self.api.get(f"/v1/episodes/{self.id}")
        assert r.status_code == 200, r.text
        self.etag = r.headers["etag"]
        return dict(r.json())


def anamnese(api: httpx.Client, **overrides: Any) -> dict[str, Any]:
    """The anamnese form's own example as the API serves it, with overrides."""
    definition = api.get("/v1/workflows/algemeen").json()
    form = next(s for s in definition["steps"] if s["name"] == "anamnese")["form_schema"]
    return dict(form["examples"][0]) | overrides


# ---------- what every screen must do ----------


@pytest.fixture
def console_errors(ui: Page) -> Iterator[list[str]]:
    """Every console error (the `ui` fixture checks page errors and CSP); not the browser's own
    request for /favicon.ico, which the client does not have."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if message.type == "error" and not where.endswith("/favicon.ico"):
            errors.append(message.text)

    ui.on("console", keep)
    yield errors


def opened(page: Page, heading: str) -> Locator:
    """The screen has opened: its heading has the focus and names the tab."""
    h1 = page.get_by_role("heading", name=heading, level=1)
    expect(h1).to_be_focused()
    expect(page).to_have_title(f"{heading} — methodisch")
    return h1


def assert_plain_dutch(page: Page) -> None:
    """What a person reads: no snake_case identifier, definition version (`@`) or section sign."""
    text = page.locator("main").inner_text()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert "@" not in text, text
    assert "§" not in text, text


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main a[href], main button, main input:not([type=hidden]), main select, main textarea,'
    + ' main summary, dialog button')]
  .filter((el) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('[hidden], .visually-hidden')) return false;
    return r.width < 23.5 || r.height < 23.5;
  })
  .map((el) => {
    const r = el.getBoundingClientRect();
    return `${el.tagName.toLowerCase()} "${(el.innerText || el.id).trim()}" ${r.width}x${r.height}`;
  })"""
"""Tap targets of the screen under 24 by 24 px (WCAG 2.2, 2.5.8)."""


def assert_screen_ok(page: Page, shot: Shots, name: str) -> None:
    """axe-core, accessible names, plain Dutch, tap targets of at least 24 px, and 375 px wide
    without sideways scrolling."""
    assert axe_violations(page) == [], name
    assert page.evaluate(SMALL_TARGETS) == [], name
    assert accessibility_problems(page.locator("main")) == [], name
    assert_plain_dutch(page)
    shot(name)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(50)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width} px wide"
    assert axe_violations(page) == [], f"{name} (phone)"
    assert page.evaluate(SMALL_TARGETS) == [], f"{name} (phone)"
    shot(f"{name}-telefoon")
    if size:
        page.set_viewport_size(size)


def more_link(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Meer bij deze episode").get_by_role(
        "link", name=name
    )


# ---------- Overdracht ----------


def test_moderate_solk_is_handed_over_to_a_psychosomatic_colleague(
    ui: Page, site: Site, colleague: Colleague, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    ref = new_ref("SOLK")
    with api_client(site, site.therapist) as api:
        ep = Episode(api, ref=ref)
        ep.save("anamnese", anamnese(api, solk_complexiteit="matig_ernstig"))

        log_in(page, site, site.therapist)
        page.goto(f"{site.url}/#/episodes/{ep.id}")
        expect(page.get_by_role("heading", name=f"Episode {ref}", level=1)).to_be_visible()
        expect(more_link(page, "Anamnese: versies")).to_be_visible()
        page.locator(".episode-header").screenshot(path=str(shot.dir / "00-episode-meer.png"))
        more_link(page, "Overdragen aan een collega").click()
        opened(page, "Overdragen aan een collega")

        # The profiles by their Dutch title: psychosomatisch is open, bekken is still blocked.
        somatisch = page.get_by_role("radio", name="Psychosomatische oefentherapie")
        bekken = page.get_by_role("radio", name="Bekkenoefentherapie")
        expect(somatisch).to_be_enabled()
        expect(somatisch).to_be_checked()
        expect(bekken).to_be_disabled()
        blocked = page.locator(".handover-option[data-profile=bekken]")
        expect(blocked).to_contain_text("Nog niet mogelijk")
        expect(blocked.locator("li.unmet")).to_contain_text("bekkenklachten complex zijn")
        # Only colleagues registered for the target profile: not the generalist, not the
        # praktijkbeheerder.
        expect(page.locator("#ho-therapist option")).to_have_text(
            ["— kies een collega —", colleague.account.naam]
        )
        assert_screen_ok(page, shot, "overdracht")

        # An open requirement leads to its field in the current step's form.
        blocked.get_by_role("button", name="naar Anamnese: Bekkenklachten").click()
        expect(page.get_by_role("heading", name=f"Episode {ref}", level=1)).to_be_visible()
        expect(page.locator("#step-form [data-path=bekkenklachten] select")).to_be_focused()
        page.go_back()
        opened(page, "Overdragen aan een collega")

        # Changed behind the browser's back: the hand-over is refused (412), said in Dutch.
        page.get_by_role("combobox", name="Collega").select_option(label=colleague.account.naam)
        ep.save(
            "anamnese",
            anamnese(api, solk_complexiteit="matig_ernstig", hulpvraag="Weer zonder pijn werken."),
        )
        page.get_by_role("button", name="Overdragen…").click()
        dialog = page.get_by_role("dialog", name="Episode overdragen?")
        expect(dialog).to_contain_text(f"gaat naar {colleague.account.naam}")
        expect(dialog).to_contain_text("Psychosomatische oefentherapie")
        shot("overdracht-bevestigen")
        dialog.get_by_role("button", name="Ja, overdragen").click()
        alert = page.locator("#handover-alert")
        expect(alert).to_contain_text("de episode is intussen gewijzigd")
        expect(alert).to_be_focused()
        expect(page.get_by_role("combobox", name="Collega")).to_have_value(str(colleague.id))
        assert_screen_ok(page, shot, "overdracht-gewijzigd")

        # Confirmed again: the episode page, now in profile psychosomatisch.
        page.get_by_role("button", name="Overdragen…").click()
        page.get_by_role("dialog", name="Episode overdragen?").get_by_role(
            "button", name="Ja, overdragen"
        ).click()
        expect(page.get_by_role("heading", name=f"Episode {ref}", level=1)).to_be_visible()
        expect(page.locator("#flash")).to_have_text(
            f"Episode {ref} is overgedragen aan {colleague.account.naam}, "
            "profiel Psychosomatische oefentherapie."
        )
        expect(page.locator("main")).to_contain_text("Psychosomatisch")
        shot("episode-overgedragen")
        now = ep.read()
        assert (now["profile"], now["therapist_id"], now["status"]) == (
            "psychosomatisch",
            colleague.id,
            "anamnese",
        )
    # The refused request is the only error the console saw.
    assert all("412" in e for e in console_errors), console_errors
    assert len(console_errors) == 1, console_errors


def test_a_colleague_whose_registration_lapsed_is_refused_in_dutch(
    ui: Page,
    site: Site,
    admin_api: httpx.Client,
    colleague: Colleague,
    console_errors: list[str],
    shot: Shots,
) -> None:
    page = ui
    ref = new_ref("SOLK")
    lapsing = add_psychosomatic_colleague(admin_api, "Q. Verloop")
    with api_client(site, site.therapist) as api:
        ep = Episode(api, ref=ref)
        ep.save("anamnese", anamnese(api, solk_complexiteit="matig_ernstig"))
    log_in(page, site, site.therapist)
    page.goto(f"{site.url}/#/episodes/{ep.id}/overdracht")
    opened(page, "Overdragen aan een collega")
    picker = page.get_by_role("combobox", name="Collega")
    picker.select_option(label=lapsing.account.naam)

    # Meanwhile the praktijkbeheerder records that the specialist registration is gone.
    current = admin_api.get(f"/v1/therapists/{lapsing.id}")
    r = admin_api.patch(
        f"/v1/therapists/{lapsing.id}",
        json={"registraties": [{"register": "oefentherapeut"}]},
        headers={"If-Match": current.headers["etag"]},
    )
    assert r.status_code == 200, r.text

    page.get_by_role("button", name="Overdragen…").click()
    page.get_by_role("dialog", name="Episode overdragen?").get_by_role(
        "button", name="Ja, overdragen"
    ).click()
    alert = page.locator("#handover-alert")
    expect(alert).to_have_text(
        "Niet overgedragen: de registratie als psychosomatisch oefentherapeut van Q. Verloop "
        "ontbreekt. Kies een andere collega, of vraag de praktijkbeheerder de registratie bij "
        "te werken."
    )
    expect(alert).to_be_focused()
    # The picker, read again, no longer offers her.
    expect(picker.locator("option")).to_have_text(["— kies een collega —", colleague.account.naam])
    expect(picker).to_have_value("")
    assert_screen_ok(page, shot, "overdracht-registratie-ontbreekt")
    with api_client(site, site.therapist) as api:
        ep.api = api
        assert ep.read()["profile"] == "algemeen"
    assert len(console_errors) == 1 and "403" in console_errors[0], console_errors


# ---------- Cliëntgegevens ----------


def test_the_client_facts_are_changed_and_shown(
    ui: Page, site: Site, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    ref = new_ref("CLIENT")
    with api_client(site, site.therapist) as api:
        ep = Episode(api, ref=ref)
        ep.save("anamnese", anamnese(api))  # nobody recorded as involved (betrokkenen)
        log_in(page, site, site.therapist)
        page.goto(f"{site.url}/#/episodes/{ep.id}")
        more_link(page, "Cliëntgegevens").click()
        opened(page, "Cliëntgegevens")

        facts = page.locator("#client-facts")
        expect(facts.locator("[data-fact=leeftijd] dd")).to_have_text(
            "Volwassene (18 jaar of ouder)"
        )
        expect(facts.locator("[data-fact=wilsbekwaam] dd")).to_have_text("Ja")
        expect(facts.locator("[data-fact=geslacht] dd")).to_have_text("Niet vastgelegd")
        expect(page.locator("#client-why")).to_contain_text(
            "van 12 tot 16 jaar: de cliënt én de ouders"
        )
        assert_screen_ok(page, shot, "clientgegevens")

        # Neither birth date nor age group: said at the field, nothing sent.
        form = page.locator("#client-form")
        form.get_by_label("Leeftijdsgroep").select_option(index=0)
        form.get_by_role("button", name="Opslaan").click()
        summary = form.get_by_role("alert")
        expect(summary).to_contain_text(
            "Leeftijd: Vul de geboortedatum in of kies een leeftijdsgroep."
        )
        expect(page.locator("#client-leeftijd-err")).to_be_visible()
        assert_screen_ok(page, shot, "clientgegevens-fout")

        # A birth date, not wilsbekwaam, and the sex: saved and shown.
        form.get_by_label("Geboortedatum").fill("1950-05-03")
        form.get_by_label("Nee, niet wilsbekwaam").check()
        form.get_by_label("Geslacht").select_option(label="Vrouw")
        form.get_by_role("button", name="Opslaan").click()
        alert = page.locator("#client-alert")
        expect(alert).to_contain_text("De cliëntgegevens zijn opgeslagen.")
        expect(alert).to_be_focused()
        # Not wilsbekwaam: the anamnese now asks who takes part (the citation stays out of sight).
        expect(page.locator("#client-new-requirements li")).to_have_text(
            [
                "Wilsonbekwame cliënt: leg vast welke naaste, mantelzorger, begeleider of "
                "verzorger meewerkt."
            ]
        )
        expect(facts.locator("[data-fact=wilsbekwaam] dd")).to_have_text("Nee")
        expect(facts.locator("[data-fact=leeftijd] dd")).to_contain_text("Geboren op 3 mei 1950")
        expect(facts.locator("[data-fact=geslacht] dd")).to_have_text("Vrouw")
        assert_screen_ok(page, shot, "clientgegevens-opgeslagen")
        client = ep.read()["client"]
        assert (client["wilsbekwaam"], client["geboortedatum"], client["geslacht"]) == (
            False,
            "1950-05-03",
            "vrouw",
        )

        # Read again from the server: the form shows what is stored.
        page.reload()
        opened(page, "Cliëntgegevens")
        expect(form.get_by_label("Nee, niet wilsbekwaam")).to_be_checked()
        expect(form.get_by_label("Geboortedatum")).to_have_value("1950-05-03")
    assert console_errors == []


# ---------- Versies van een vastlegging ----------


def test_two_versions_of_the_anamnese_side_by_side(
    ui: Page, site: Site, colleague: Colleague, console_errors: list[str], shot: Shots
) -> None:
    page = ui
    ref = new_ref("VERSIES")
    with api_client(site, site.therapist) as api:
        ep = Episode(api, ref=ref)
        ep.save("anamnese", anamnese(api, solk_complexiteit="matig_ernstig"))
        ep.save(
            "anamnese",
            anamnese(api, solk_complexiteit="licht", hulpvraag="Weer zonder pijn fietsen."),
        )
        ep.fire("anamnese_afronden")
        corrected = anamnese(
            api, solk_complexiteit="licht", hulpvraag="Weer zonder pijn 12 km fietsen."
        )
    # The colleague corrects the passed anamnese, with a reason.
    with api_client(site, colleague.account) as other:
        r = other.post(
            f"/v1/episodes/{ep.id}/records/anamnese/correcties",
            json={
                "reden": "Hulpvraag aangevuld na telefonisch contact.",
                "record": corrected,
            },
            headers={"If-Match": ep.etag},
        )
        assert r.status_code == 200, r.text

    log_in(page, site, site.therapist)
    page.goto(f"{site.url}/#/episodes/{ep.id}")
    more_link(page, "Anamnese: versies").click()
    opened(page, "Versies van de vastlegging Anamnese")

    # By default the last two: only the hulpvraag changed, by the colleague's correction.
    expect(page.get_by_label("Vergelijk versie")).to_have_value("1")
    expect(page.get_by_label("met versie")).to_have_value("2")
    diff = page.locator("#version-diff")
    expect(diff.locator("article.diff-field")).to_have_count(1)
    hulpvraag = diff.locator("article[data-field=hulpvraag]")
    expect(hulpvraag.get_by_role("heading", name="Hulpvraag")).to_be_visible()
    expect(hulpvraag.locator(".diff-old")).to_contain_text("Weer zonder pijn fietsen.")
    expect(hulpvraag.locator(".diff-new")).to_contain_text("Weer zonder pijn 12 km fietsen.")
    expect(hulpvraag.locator(".diff-by")).to_have_text(
        re.compile(
            rf"Gewijzigd in versie 3, op {MOMENT} door {colleague.account.naam}\. "
            r"Correctie, reden: Hulpvraag aangevuld na telefonisch contact\."
        )
    )
    # What did not change is folded away.
    unchanged = diff.locator("details#diff-unchanged")
    expect(unchanged).not_to_have_attribute("open", "")
    expect(unchanged.locator("summary")).to_have_text(re.compile(r"Ongewijzigd: \d+ velden"))
    expect(unchanged.locator("dd[data-field=klachten_beloop]")).to_be_hidden()
    assert_screen_ok(page, shot, "versies-laatste-twee")

    # The first against the last: the SOLK complexity too, old → new in its Dutch titles.
    page.get_by_label("Vergelijk versie").select_option("0")
    expect(page.locator("#versions-status")).to_have_text(
        "Versie 1 en versie 3 vergeleken: 2 velden gewijzigd."
    )
    solk = diff.locator("article[data-field=solk_complexiteit]")
    expect(solk.get_by_role("heading", name="SOLK-complexiteit")).to_be_visible()
    expect(solk.locator(".diff-old .diff-label")).to_have_text("Was (versie 1)")
    expect(solk.locator(".diff-old .diff-value")).to_have_text("Matig-ernstig")
    expect(solk.locator(".diff-new .diff-label")).to_have_text("Wordt (versie 3)")
    expect(solk.locator(".diff-new .diff-value")).to_have_text("Licht")
    expect(solk.locator(".diff-by")).to_have_text(
        re.compile(rf"Gewijzigd in versie 2, op {MOMENT} door {site.therapist.naam}\.")
    )
    unchanged.locator("summary").click()
    expect(unchanged.locator("dd[data-field=klachten_beloop]")).to_be_visible()

    # Side by side on a laptop, stacked on a phone.
    def tops() -> tuple[float, float, float]:
        old = solk.locator(".diff-old").bounding_box()
        new = solk.locator(".diff-new").bounding_box()
        assert old and new
        return old["y"], old["y"] + old["height"], new["y"]

    old_top, _, new_top = tops()
    assert new_top == old_top
    assert_screen_ok(page, shot, "versies-eerste-en-laatste")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(50)
    _, old_bottom, new_top = tops()
    assert new_top > old_bottom
    assert console_errors == []
