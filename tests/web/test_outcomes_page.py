"""The practice's outcomes in the web client: the praktijkbeheerder sees per instrument the change
of the closed episodes in Dutch figures, the small groups suppressed, a chart of the change with
its MCID line, and filters that work from the keyboard.

The scene is set over the HTTP API, once per module: six algemeen episodes closed with an NPRS
baseline and end measurement of known change, three of them with a PSK too (too few to show).
"""

import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import (
    Shots,
    Site,
    accessibility_problems,
    api_client,
    axe_violations,
    log_in,
    new_ref,
)

NPRS = [(7, 3), (6, 5), (8, 4), (5, 5), (7, 2), (6, 3)]
"""Baseline and end score per episode: changes −4, −1, −4, 0, −5, −3. Mean −17/6 ≈ −2,8;
median −3,5; 5 of 6 improved (83 %); 4 of 6 improved by at least the MCID of 2 (67 %)."""
PSK = [({"activiteit1": 6, "activiteit2": 5}, {"activiteit1": 3, "activiteit2": 2})] * 3
"""PSK in the first three episodes only: fewer than five, so suppressed."""

# From anamnese (a verwijzing starts there) to afgesloten, the forward trigger of each step.
FORWARD = {
    "anamnese": "anamnese_afronden",
    "onderzoek": "onderzoek_afronden",
    "diagnose": "diagnose_afronden",
    "behandelplan": "behandelplan_vaststellen",
    "behandeling": "behandeling_afronden",
    "evaluatie": "evaluatie_afronden",
    "afsluiting": "afsluiten",
}
VERWIJZING = {
    "verwijzer_type": "huisarts",
    "datum": "2026-03-01",
    "verwijsdiagnose": "Aspecifieke lage rugklachten",
}


class Episode:
    """One episode written over the API, sending its last ETag as If-Match on every write."""

    def __init__(self, api: httpx.Client, *, ref: str) -> None:
        self.api = api
        r = api.post(
            "/v1/episodes",
            json={
                "client_ref": ref,
                "profile": "algemeen",
                "route": "verwijzing",
                "client": {"leeftijdsgroep": "volwassene", "wilsbekwaam": True},
                "verwijzing": VERWIJZING,
            },
        )
        assert r.status_code == 201, r.text
        self.id = int(r.json()["id"])
        self.etag = r.headers["etag"]

    def write(self, method: str, path: str, body: object = None) -> dict[str, Any]:
        r = self.api.request(
            method, f"/v1/episodes/{self.id}/{path}", json=body, headers={"If-Match": self.etag}
        )
        assert r.is_success, r.text
        self.etag = r.headers.get("etag", self.etag)
        return dict(r.json())

    def measure(self, instrument: str, moment: str, responses: dict[str, int], on: str) -> None:
        body = {"instrument": instrument, "moment": moment, "responses": responses}
        self.write("POST", "measurements", body | {"afgenomen_op": on})


def close_episode(
    api: httpx.Client,
    examples: dict[str, dict[str, Any]],
    *,
    measurements: dict[str, tuple[dict[str, int], dict[str, int]]],
) -> int:
    """A verwijzing episode walked to afgesloten with the served examples of its forms, with a
    baseline (in anamnese) and an end measurement (in evaluatie) of each instrument."""
    ep = Episode(api, ref=new_ref("UITK"))
    for step, trigger in FORWARD.items():
        ep.write("PUT", f"records/{step}", examples[step])
        if step == "anamnese":
            for code, (baseline, _) in measurements.items():
                ep.measure(code, "baseline", baseline, "2026-03-02")
        if step == "behandeling":
            ep.write("POST", "sessies", examples["sessie"])
        if step == "evaluatie":
            for code, (_, end) in measurements.items():
                ep.measure(code, "eind", end, "2026-04-20")
        if step == "afsluiting":
            # The example sends the eindrapportage to the huisarts: contact, consent, sent.
            assert examples[step]["eindrapportage_verzonden_aan"] == "huisarts"
            contact = ep.write(
                "POST", "contacten", {"rol": "huisarts", "naam": "Dr. Voorbeeld", "agb": "01012345"}
            )
            ep.write(
                "POST",
                "toestemmingen",
                {
                    "doel": "eindverslag",
                    "besluit": "gegeven",
                    "door": ["client"],
                    "datum": "2026-03-02",
                    "wijze": "mondeling",
                },
            )
            bericht = ep.write(
                "POST", "berichten", {"soort": "eindverslag", "ontvanger": contact["id"]}
            )
            ep.write("POST", f"berichten/{bericht['id']}/verzonden")
        ep.write("POST", "transitions", {"trigger": trigger})
    assert api.get(f"/v1/episodes/{ep.id}").json()["status"] == "afgesloten"
    return ep.id


@dataclass(frozen=True)
class Practice:
    site: Site
    totp: pyotp.TOTP
    """The beheerder's two-factor login, set up over the API."""


def set_up_two_factor(site: Site) -> pyotp.TOTP:
    """A praktijkbeheerder must log in with a code: set it up as the web client would."""
    account = site.beheerder
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
    return totp


@pytest.fixture(scope="module")
def practice(site: Site) -> Practice:
    with api_client(site, site.therapist) as api:
        served = api.get("/v1/workflows/algemeen").json()
        examples = {s["name"]: s["form_schema"]["examples"][0] for s in served["steps"]}
        examples |= {
            a["name"]: a["form_schema"]["examples"][0]
            for s in served["steps"]
            for a in s["appendices"]
        }
        for i, (baseline, end) in enumerate(NPRS):
            measurements = {"nprs": ({"score": baseline}, {"score": end})}
            if i < len(PSK):
                measurements["psk"] = PSK[i]
            close_episode(api, examples, measurements=measurements)
    return Practice(site, set_up_two_factor(site))


def open_outcomes(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Uitkomsten").click()
    heading = page.get_by_role("heading", name="Uitkomsten van de praktijk", level=1)
    expect(heading).to_be_focused()
    expect(page.locator("#outcomes-status")).to_contain_text("Groepen van minder dan 5")


def cells(page: Page, instrument: str, profile: str) -> list[str]:
    row = page.locator(f"section[data-instrument={instrument}] tbody tr[data-profile='{profile}']")
    return [t.strip() for t in row.locator("th, td").all_inner_texts()]


def test_the_beheerder_sees_the_practice_outcomes(
    ui: Page, practice: Practice, console_errors: list[str], shot: Shots
) -> None:
    page, site = ui, practice.site
    log_in(page, site, site.beheerder, code=practice.totp.at(time.time() + 30))
    open_outcomes(page)
    expect(page).to_have_title("Uitkomsten van de praktijk — methodisch")
    cards = page.locator("section.outcome")
    expect(cards).to_have_count(2)
    expect(cards.get_by_role("heading", level=2)).to_have_text(
        ["Numeric Pain Rating Scale", "Patiënt Specifieke Klachten"]
    )

    # NPRS: six episodes, all algemeen; the figures the Dutch way, all profiles first.
    nprs = page.locator("section[data-instrument=nprs]")
    expect(nprs.locator("thead th")).to_have_text(
        [
            "Profiel",
            "Aantal episodes",
            "Gemiddelde verandering",
            "Mediaan",
            "% verbeterd",
            "% MCID bereikt",
        ]
    )
    expect(nprs.locator("tbody th")).to_have_text(["Alle profielen", "Algemeen"])
    figures = ["6", "\u22122,8", "\u22123,5", "83\u00a0%", "67\u00a0%"]
    assert cells(page, "nprs", "") == ["Alle profielen", *figures]
    assert cells(page, "nprs", "algemeen") == ["Algemeen", *figures]
    expect(nprs).to_contain_text("Verandering = eindmeting min beginmeting.")
    expect(nprs).to_contain_text("Bij dit instrument is een lagere score beter")

    # The MCID's source behind a toggle, opened from the keyboard.
    source = nprs.locator("details.mcid-source")
    expect(source.get_by_text("Farrar 2001")).to_be_hidden()
    source.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(source.get_by_text("Farrar 2001 (Pain); Salaffi 2004")).to_be_visible()
    expect(source).to_contain_text("een verandering van \u22122 of meer")

    # Its chart: the bins that hold episodes, the MCID line at −2 (lower is better), named.
    chart = page.get_by_role(
        "img", name=re.compile(r"^Numeric Pain Rating Scale: verdeling van de verandering")
    )
    expect(chart).to_have_count(1)
    expect(chart).to_have_attribute("data-instrument", "nprs")
    expect(chart.locator("rect.bar")).to_have_count(5)
    assert [
        int(n)
        for n in chart.locator("rect.bar").evaluate_all("bars => bars.map(b => b.dataset.episodes)")
    ] == [1, 2, 1, 1, 1]
    mcid = chart.locator("line.mcid")
    expect(mcid).to_have_attribute("data-value", "-2")
    expect(chart.locator("text.mcid-label")).to_have_text("MCID (\u22122)")
    # the line stands at −2 on the change axis: between the ticks −3 and −1
    ticks = {
        t: float(chart.locator("text.axis", has_text=re.compile(f"^{t}$")).get_attribute("x") or 0)
        for t in ("\u22123", "\u22122", "\u22121")
    }
    assert float(mcid.get_attribute("x1") or 0) == pytest.approx(ticks["\u22122"])
    assert ticks["\u22123"] < ticks["\u22122"] < ticks["\u22121"]
    expect(chart.locator("desc")).to_contain_text("MCID-lijn bij \u22122.")
    expect(chart.locator("text.axis-title")).to_have_text(
        ["Verandering (eindmeting min beginmeting; lager is beter)", "Aantal episodes"]
    )

    # PSK: three episodes, so every group is suppressed, and there is no chart.
    psk = page.locator("section[data-instrument=psk]")
    expect(psk.locator("tbody tr.suppressed")).to_have_count(2)
    expect(psk.locator("tbody tr.suppressed td")).to_have_text(
        ["Minder dan 5 episodes: niet getoond"] * 2
    )
    expect(psk.locator("svg")).to_have_count(0)
    expect(psk.locator(".chart-none")).to_contain_text("Geen grafiek")
    expect(psk.locator("summary")).to_have_text("Geen MCID bekend: toelichting")

    # No raw code or snake_case in what a person reads.
    text = page.locator("main").inner_text()
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert not re.search(r"\b(nprs|psk|higher_is|algemeen)\b", text), text
    assert accessibility_problems(page.locator("main")) == []
    shot("overzicht")

    # Keyboard only: the page opens with the focus on its heading, from where Tab reaches the
    # instrument filter first; choose NPRS, tab on to "Tonen", press Enter: only NPRS is
    # shown, and the heading has the focus again.
    page.reload()
    expect(page.locator("h1")).to_be_focused()
    page.keyboard.press("Tab")
    instrument = page.get_by_label("Meetinstrument", exact=True)
    expect(instrument).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(instrument).to_have_value("nprs")
    show = page.get_by_role("button", name="Tonen")
    for _ in range(12):
        page.keyboard.press("Tab")
        if show.evaluate("b => b === document.activeElement"):
            break
    expect(show).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/uitkomsten\?instrument=nprs$"))
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator("section.outcome")).to_have_count(1)
    expect(page.locator("section.outcome h2")).to_have_text("Numeric Pain Rating Scale")
    shot("alleen-nprs")
    expect(page.get_by_label("Meetinstrument", exact=True)).to_have_value("nprs")
    expect(page.locator("#outcomes-status")).to_contain_text("1 meetinstrument met uitkomsten.")

    # The profile filter: no bekken episode is closed, so a friendly message.
    page.get_by_label("Profiel", exact=True).select_option(label="Bekken")
    page.get_by_role("button", name="Tonen").press("Enter")
    expect(page.locator("#outcomes-empty")).to_contain_text(
        "geen afgesloten episodes met een begin- en eindmeting van de Numeric Pain Rating Scale"
    )
    expect(page.locator("section.outcome")).to_have_count(0)

    # "Wissen" shows everything again.
    page.get_by_role("button", name="Wissen").click()
    expect(page.locator("section.outcome")).to_have_count(2)
    expect(page.get_by_label("Meetinstrument", exact=True)).to_have_value("")
    assert console_errors == []


def test_a_therapist_filters_by_period(
    ui: Page, practice: Practice, console_errors: list[str], shot: Shots
) -> None:
    page, site = ui, practice.site
    log_in(page, site, site.therapist)
    open_outcomes(page)
    today = date.today()

    # A period around today holds the six episodes (the closing day counts, `to` does not).
    page.get_by_label("Afgesloten vanaf").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Afgesloten vóór").fill((today + timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#outcomes-status")).to_contain_text("Afgesloten van ")
    expect(page.locator("section[data-instrument=nprs] td[data-col=episodes]")).to_have_text(
        ["6", "6"]
    )

    # A period after today: nothing closed yet, said in Dutch.
    page.get_by_label("Afgesloten vanaf").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("Afgesloten vóór").fill("")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#outcomes-empty h2")).to_have_text("Nog geen uitkomsten")
    expect(page.locator("#outcomes-empty")).to_contain_text(
        "Er zijn in deze selectie geen afgesloten episodes met een begin- en eindmeting."
    )
    expect(page.locator("section.outcome")).to_have_count(0)
    shot("geen-uitkomsten")

    # An empty period: the server's 422 at its field, in Dutch.
    page.get_by_label("Afgesloten vanaf").fill("2026-05-01")
    page.get_by_label("Afgesloten vóór").fill("2026-04-01")
    page.get_by_role("button", name="Tonen").click()
    to = page.get_by_label("Afgesloten vóór")
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-field=to] .field-error")).to_have_text(
        "Kies een dag na ‘Afgesloten vanaf’."
    )
    expect(page.get_by_role("alert")).to_contain_text("De filters kloppen niet:")
    expect(page.get_by_role("alert")).to_contain_text("Afgesloten vóór: Kies een dag na")
    expect(to).to_have_accessible_description(re.compile("Kies een dag na"))
    shot("lege-periode")
    assert accessibility_problems(page.locator("main")) == []
    # the one console error is Chromium reporting that very 422
    assert len(console_errors) == 1
    assert re.fullmatch(r".*status of 422 .*\(.*/v1/outcomes\?.*\)", console_errors[0])


def test_the_outcome_page_passes_axe(ui: Page, practice: Practice) -> None:
    page, site = ui, practice.site
    log_in(page, site, site.therapist)
    open_outcomes(page)
    page.locator("section[data-instrument=nprs] details.mcid-source summary").click()
    assert axe_violations(page) == []

    page.get_by_label("Afgesloten vanaf").fill("2026-05-01")
    page.get_by_label("Afgesloten vóór").fill("2026-04-01")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []
