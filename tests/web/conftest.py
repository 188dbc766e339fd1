"""The web client against a live server: its own migrated SQLite database, uvicorn in a thread,
and Debian's Chromium driven by Playwright (a Playwright browser download does not work here).

One server per module keeps the suite fast; every test starts a fresh browser context (so a fresh
sessionStorage) and uses its own client references, so order never matters.
"""

import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Locator, Page

from app.main import create_app
from app.settings import Settings
from app.testing import ScratchDatabases

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "een lang en geheim wachtwoord"


@dataclass(frozen=True)
class Account:
    login: str
    password: str
    naam: str
    practice_id: int


@dataclass(frozen=True)
class Site:
    url: str
    therapist: Account
    """oefentherapeut + bekkenoefentherapeut of practice A."""
    outsider: Account
    """an oefentherapeut of practice B."""
    beheerder: Account
    """a praktijkbeheerder of practice A who has not set up two-factor login yet."""


def _seed(database_url: str) -> tuple[Account, Account, Account]:
    from app.db import Database, make_engine
    from app.practices import service
    from app.practices.schemas import PracticeIn, TherapistIn

    db = Database(make_engine(Settings(database_url=database_url)))
    try:
        suffix = uuid.uuid4().hex[:8]
        agb = f"{uuid.uuid4().int % 10**7:07d}"

        def therapist(
            practice_id: int, naam: str, login: str, regs: list[str], rol: str = "therapeut"
        ) -> Account:
            body = TherapistIn.model_validate(
                {
                    "naam": naam,
                    "login": login,
                    # A specialist registration counts while valid: five more years.
                    "registraties": [
                        {"register": r, "geldig_tot": f"{date.today().year + 5}-12-31"}
                        for r in regs
                    ],
                    "rol": rol,
                    "password": PASSWORD,
                }
            )
            service.create_therapist(db, practice_id, body)
            return Account(login, PASSWORD, naam, practice_id)

        a = service.create_practice(db, PracticeIn(naam="Praktijk A", agb_code=f"1{agb}"))
        b = service.create_practice(db, PracticeIn(naam="Praktijk B", agb_code=f"2{agb}"))
        return (
            therapist(
                a.id,
                "T. Testtherapeut",
                f"testtherapeut-{suffix}",
                ["oefentherapeut", "bekkenoefentherapeut"],
            ),
            therapist(b.id, "B. Vreemd", f"vreemd-{suffix}", ["oefentherapeut"]),
            therapist(
                a.id, "P. Beheer", f"beheer-{suffix}", ["oefentherapeut"], "praktijkbeheerder"
            ),
        )
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    yield from _serve(tmp_path_factory)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A demonstration server (`demo_mode=True`): the forms offer their served examples. A
    module that needs only this one asks for it instead of `site`, so it costs no extra server."""
    yield from _serve(tmp_path_factory, demo_mode=True)


def _serve(tmp_path_factory: pytest.TempPathFactory, **settings: Any) -> Iterator[Site]:
    database_url = ScratchDatabases(tmp_path_factory.mktemp("web-db")).fresh()
    therapist, outsider, beheerder = _seed(database_url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(database_url=database_url, db_pool_size=4, **settings))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.01)
    yield Site(f"http://127.0.0.1:{port}", therapist, outsider, beheerder)
    server.should_exit = True
    thread.join(timeout=10)


# pytest-playwright provides browser, context and page; these two fixtures point it at Debian's
# Chromium (Playwright launches it with a fresh temporary profile of its own).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "nl-NL"}


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """Replaces pytest-playwright's own (a fixture form pytest 9 deprecates); URLs are absolute."""
    return None


@pytest.fixture
def ui(page: Page) -> Iterator[Page]:
    """The page of a fresh context (own sessionStorage); fails the test on a JavaScript error
    or on anything the Content-Security-Policy refused (Chromium reports it on the console)."""
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    assert not errors, f"JavaScript errors in the page: {errors}"


class Shots:
    """Screenshots of each screen, to test-artifacts/<test>/NN-name.png."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.dir = ARTIFACTS / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def __call__(self, name: str) -> None:
        self.n += 1
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(self.dir / f"{self.n:02d}-{name}.png"), full_page=True)


@pytest.fixture
def shot(ui: Page, request: pytest.FixtureRequest) -> Shots:
    return Shots(ui, request.node.originalname)


def log_in(page: Page, site: Site, account: Account, code: str | None = None) -> None:
    page.goto(f"{site.url}/#/login")
    page.get_by_label("Gebruikersnaam").fill(account.login)
    page.get_by_label("Wachtwoord").fill(account.password)
    if code is not None:
        page.get_by_label("Code uit je authenticator-app").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Episodes", level=1).wait_for()


@contextmanager
def api_client(site: Site, account: Account) -> Iterator[httpx.Client]:
    """The public API as `account`, for setting the scene behind the browser's back."""
    with httpx.Client(base_url=site.url, timeout=10) as client:
        login = {"login": account.login, "password": account.password}
        r = client.post("/v1/auth/login", json=login)
        r.raise_for_status()
        client.headers["Authorization"] = f"Bearer {r.json()['token']}"
        yield client


def new_ref(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


_CONTROL = re.compile(r"^\s*- (textbox|combobox|checkbox|radio|button|link|iframe|table)\b(.*)$")


def accessibility_problems(region: Locator) -> list[str]:
    """What a screen reader would miss in `region`, from the accessibility tree Playwright
    computes (its aria snapshot): a form control, button, link or table without an accessible
    name; a frame without a title (the snapshot shows frames without a name, so the DOM is
    asked); and, in the whole page, an id used twice (a label or aria reference would point at
    the wrong element)."""
    problems = [
        f"no accessible name: {line.strip()}"
        for line in region.aria_snapshot().splitlines()
        if (m := _CONTROL.match(line))
        and m.group(1) != "iframe"
        and not m.group(2).lstrip().startswith('"')
    ]
    untitled = region.evaluate(
        "el => [...el.querySelectorAll('iframe')].filter(f => !f.title.trim()).length"
    )
    problems += ["a frame without a title"] * untitled
    duplicates = region.page.evaluate(
        """() => {
            const seen = new Map();
            for (const el of document.querySelectorAll("[id]")) {
                seen.set(el.id, (seen.get(el.id) || 0) + 1);
            }
            return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
        }"""
    )
    problems += [f"duplicate id: {d}" for d in duplicates]
    return problems


WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""The axe-core rule tags of WCAG 2.0, 2.1 and 2.2, levels A and AA."""
_AXE = files("axe_playwright_python") / "axe.min.js"  # axe-core, MPL 2.0


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 AA rules on the page as it is now (axe-core as the
    axe-playwright-python package ships it). Evaluated through the DevTools protocol, which the
    Content-Security-Policy does not govern (an injected script tag would be refused)."""
    page.evaluate(_AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


@pytest.fixture
def console_errors(ui: Page) -> Iterator[list[str]]:
    """Every console error, with where it came from (the `ui` fixture checks page errors and
    CSP)."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url', '')})")

    ui.on("console", keep)
    yield errors
