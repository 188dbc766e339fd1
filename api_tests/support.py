"""A small client for the episode API, so scenarios read like a therapist's walk-through.

It remembers the last ETag per episode and sends it as If-Match, like a well-behaved EPD.
Works over FastAPI's TestClient or a live server (both are httpx clients).
"""

import copy
import itertools
from datetime import date
from typing import Any, ClassVar

import httpx

_refs = itertools.count(1)

ADULT = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True}
VERWIJZING = {
    "verwijzer_type": "huisarts",
    "datum": "2026-03-01",
    "verwijsdiagnose": "Aspecifieke lage rugklachten",
}


# The forms' own examples, as the API serves them (GET /v1/workflows/algemeen): the tests read
# what an EPD reads, never the engine's modules. Filled once per test process by `learn_examples`.
_EXAMPLES: dict[str, dict[str, Any]] = {}


def learn_examples(http: httpx.Client) -> None:
    if _EXAMPLES:
        return
    r = http.get("/v1/workflows/algemeen")
    assert r.status_code == 200, r.text
    for step in r.json()["steps"]:
        _EXAMPLES[step["name"]] = step["form_schema"]["examples"][0]
        for appendix in step["appendices"]:
            _EXAMPLES[appendix["name"]] = appendix["form_schema"]["examples"][0]


def example(step: str, **overrides: Any) -> dict[str, Any]:
    """The step form's own example as served (complete and valid), with overrides."""
    assert _EXAMPLES, "learn_examples(http) first (the `api` fixture does)"
    return copy.deepcopy(_EXAMPLES[step]) | overrides


def sessie() -> dict[str, Any]:
    return example("sessie")


def problem_codes(r: httpx.Response) -> list[str]:
    return [u["code"] for u in r.json().get("unmet", [])]


def error_fields(r: httpx.Response) -> list[str]:
    return [e["field"] for e in r.json().get("errors", [])]


class Api:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.etags: dict[int, str] = {}
        learn_examples(http)

    def _remember(self, episode_id: int, r: httpx.Response) -> httpx.Response:
        if r.is_success and "etag" in r.headers:
            self.etags[episode_id] = r.headers["etag"]
        return r

    def _if_match(self, episode_id: int, if_match: str | None) -> dict[str, str]:
        value = if_match if if_match is not None else self.etags.get(episode_id)
        return {"If-Match": value} if value is not None else {}

    # --- episodes ----------------------------------------------------------------------------

    def create(self, *, route: str = "dto", **fields: Any) -> httpx.Response:
        body: dict[str, Any] = {
            "client_ref": f"TEST-{next(_refs):05d}",
            "profile": "algemeen",
            "route": route,
            "client": ADULT,
        }
        if route == "verwijzing":
            body["verwijzing"] = VERWIJZING
        body.update(fields)
        r = self.http.post("/v1/episodes", json=body)
        if r.status_code == 201:
            self._remember(r.json()["id"], r)
        return r

    def create_episode(self, *, route: str = "dto", **fields: Any) -> int:
        r = self.create(route=route, **fields)
        assert r.status_code == 201, r.text
        return int(r.json()["id"])

    def get(self, episode_id: int) -> dict[str, Any]:
        r = self._remember(episode_id, self.http.get(f"/v1/episodes/{episode_id}"))
        assert r.status_code == 200, r.text
        return dict(r.json())

    def status(self, episode_id: int) -> str:
        return str(self.get(episode_id)["status"])

    def unmet(self, episode_id: int, trigger: str) -> list[str]:
        triggers = {t["name"]: t for t in self.get(episode_id)["available_triggers"]}
        return [u["code"] for u in triggers[trigger]["unmet"]]

    def put_record(
        self, episode_id: int, step: str, data: dict[str, Any], *, if_match: str | None = None
    ) -> httpx.Response:
        r = self.http.put(
            f"/v1/episodes/{episode_id}/records/{step}",
            json=data,
            headers=self._if_match(episode_id, if_match),
        )
        return self._remember(episode_id, r)

    def record(self, episode_id: int, step: str, data: dict[str, Any] | None = None) -> None:
        r = self.put_record(episode_id, step, data if data is not None else example(step))
        assert r.status_code == 200, r.text

    def transition(
        self,
        episode_id: int,
        trigger: str,
        payload: dict[str, Any] | None = None,
        *,
        if_match: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"trigger": trigger}
        if payload is not None:
            body["payload"] = payload
        r = self.http.post(
            f"/v1/episodes/{episode_id}/transitions",
            json=body,
            headers=self._if_match(episode_id, if_match) | (headers or {}),
        )
        return self._remember(episode_id, r)

    def fire(self, episode_id: int, trigger: str, payload: dict[str, Any] | None = None) -> str:
        """Fire and expect success; returns the new status."""
        r = self.transition(episode_id, trigger, payload)
        assert r.status_code == 200, r.text
        return str(r.json()["status"])

    def add_sessie(
        self, episode_id: int, data: dict[str, Any] | None = None, **kw: Any
    ) -> httpx.Response:
        r = self.http.post(
            f"/v1/episodes/{episode_id}/sessies",
            json=data if data is not None else sessie(),
            headers=self._if_match(episode_id, kw.get("if_match")) | kw.get("headers", {}),
        )
        return self._remember(episode_id, r)

    def measure(
        self,
        episode_id: int,
        instrument: str,
        moment: str,
        responses: dict[str, Any],
        afgenomen_op: str = "2026-03-10",
    ) -> httpx.Response:
        r = self.http.post(
            f"/v1/episodes/{episode_id}/measurements",
            json={
                "instrument": instrument,
                "moment": moment,
                "responses": responses,
                "afgenomen_op": afgenomen_op,
            },
            headers=self._if_match(episode_id, None),
        )
        return self._remember(episode_id, r)

    def consent(
        self,
        episode_id: int,
        doel: str,
        *,
        door: tuple[str, ...] = ("client",),
        besluit: str = "gegeven",
        ontvanger: int | None = None,
    ) -> httpx.Response:
        """Record a consent to share (the consent model), as the therapist asked it."""
        r = self.http.post(
            f"/v1/episodes/{episode_id}/toestemmingen",
            json={
                "doel": doel,
                "ontvanger": ontvanger,
                "besluit": besluit,
                "door": list(door),
                "datum": "2026-03-02",
                "wijze": "mondeling",
            },
            headers=self._if_match(episode_id, None),
        )
        return self._remember(episode_id, r)

    def post(self, episode_id: int, path: str, body: dict[str, Any] | None) -> httpx.Response:
        """POST under the episode with its last ETag, as every write on it."""
        r = self.http.post(
            f"/v1/episodes/{episode_id}/{path}",
            json=body,
            headers=self._if_match(episode_id, None),
        )
        return self._remember(episode_id, r)

    def send_eindverslag(self, episode_id: int, rol: str = "huisarts") -> dict[str, Any]:
        """What the afsluiting asks when the eindrapportage goes to the huisarts: the contact,
        the client's consent, the eindverslag made and marked sent."""
        contact = self.post(
            episode_id, "contacten", {"rol": rol, "naam": "Dr. Voorbeeld", "agb": "01012345"}
        )
        assert contact.status_code == 201, contact.text
        assert self.consent(episode_id, "eindverslag").status_code == 201
        made = self.post(
            episode_id, "berichten", {"soort": "eindverslag", "ontvanger": contact.json()["id"]}
        )
        assert made.status_code == 201, made.text
        sent = self.post(episode_id, f"berichten/{made.json()['id']}/verzonden", None)
        assert sent.status_code == 200, sent.text
        return dict(sent.json())

    def events(self, episode_id: int) -> list[dict[str, Any]]:
        r = self.http.get(f"/v1/episodes/{episode_id}/events")
        assert r.status_code == 200, r.text
        return list(r.json()["items"])

    # --- whole stretches of the process ------------------------------------------------------

    FORWARD: ClassVar[dict[str, str]] = {
        "screening": "screening_afronden",
        "anamnese": "anamnese_afronden",
        "onderzoek": "onderzoek_afronden",
        "diagnose": "diagnose_afronden",
        "behandelplan": "behandelplan_vaststellen",
        "behandeling": "behandeling_afronden",
        "evaluatie": "evaluatie_afronden",
        "afsluiting": "afsluiten",
    }

    def complete_step(self, episode_id: int, step: str) -> str:
        """Record the step's example (and a session in behandeling) and go forward."""
        self.record(episode_id, step)
        if step == "behandeling":
            assert self.add_sessie(episode_id).status_code == 201
        if step == "afsluiting" and example(step).get("eindrapportage_verzonden_aan") in (
            "huisarts",
            "verwijzer",
        ):
            self.send_eindverslag(episode_id)
        return self.fire(episode_id, self.FORWARD[step])

    def advance_to(self, episode_id: int, target: str) -> None:
        status = self.status(episode_id)
        while status != target:
            status = self.complete_step(episode_id, status)


PASSWORD = "een lang en geheim wachtwoord"


def colleague(
    http: httpx.Client,
    admin_headers: dict[str, str],
    *,
    login: str,
    registraties: list[str],
    inwendig_onderzoek_bevoegd: bool = False,
) -> tuple[int, dict[str, str]]:
    """A therapist added by the practice administrator, logged in: (id, auth headers).
    `registraties` names the registers; each is sent valid for five more years."""
    made = http.post(
        "/v1/therapists",
        headers=admin_headers,
        json={
            "naam": f"Collega {login}",
            "login": login,
            "registraties": [
                {"register": r, "geldig_tot": f"{date.today().year + 5}-12-31"}
                for r in registraties
            ],
            "inwendig_onderzoek_bevoegd": inwendig_onderzoek_bevoegd,
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201, made.text
    token = http.post(
        "/v1/auth/login",
        headers={"Authorization": ""},
        json={"login": login, "password": PASSWORD},
    ).json()["token"]
    return int(made.json()["id"]), {"Authorization": f"Bearer {token}"}


def served_example(http: httpx.Client, profile: str, step: str) -> dict[str, Any]:
    """The example of a step's form as the served definition of `profile` gives it."""
    definition = http.get(f"/v1/workflows/{profile}").json()
    form = next(s for s in definition["steps"] if s["name"] == step)["form_schema"]
    return dict(form["examples"][0])
