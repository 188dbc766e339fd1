"""Whatever is wrong with a write, the integrator is told the first thing, in one fixed order.

RFC 9110 order: first the request itself, then its preconditions, then its content.

    401 no valid token
    404 no such episode (or therapist) in this practice
    403 the caller may not: lacks the profile's registration (or, on the practice
        administrator's routes, the praktijkbeheerder role)
    428 no If-Match
    412 a stale If-Match
    422 a body that does not validate
    409 a valid body that a rule refuses (a gate, a step, a moment, a closed episode)

Every write route gets every combination of these mistakes. A refused request leaves the episode
(or practice, or therapist) at the version it was. The empty combination is the control: the same
write without mistakes goes through, so each refusal came from the mistakes and nothing else.
"""

import enum
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api_tests.support import Api, colleague, served_example
from app.testing import World

UNKNOWN_ID = 999_999
PROBLEM = "application/problem+json"


class Mistake(enum.Enum):
    """What a request can get wrong, earliest first; the value is the status it answers."""

    NO_TOKEN = 401
    UNKNOWN = 404
    NOT_ALLOWED = 403
    NO_IF_MATCH = 428
    STALE_IF_MATCH = 412
    INVALID_BODY = 422
    REFUSED_BY_RULE = 409


ORDER = tuple(Mistake)
TYPES = {
    Mistake.NO_TOKEN: "/problems/unauthorized",
    Mistake.UNKNOWN: "/problems/not-found",
    Mistake.NO_IF_MATCH: "/problems/precondition-required",
    Mistake.STALE_IF_MATCH: "/problems/version-mismatch",
    Mistake.INVALID_BODY: "/problems/invalid-input",
}


@dataclass(frozen=True)
class Aim:
    """One write as a well-behaved client sends it, and what it read before."""

    path: str
    unknown: str | None
    """The same route for an id this practice does not have; None where the path has no id."""
    read: str
    """Where the client reads the ETag it sends back as If-Match."""
    body: dict[str, Any]
    etag: str
    stale: str
    """An ETag from before the last change."""


@dataclass(frozen=True)
class Scene:
    """A write route, the caller who may write on it, a colleague who may not, and the write
    once as allowed and once as a rule refuses it."""

    method: str
    writer: dict[str, str]
    other: dict[str, str]
    forbidden: str
    """The problem type of the colleague's 403."""
    allowed: Aim
    refused: Aim | None
    """None where no rule refuses a valid body (the practice administrator's routes)."""
    refused_type: str | None = None

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        left_out: set[Mistake] = set()
        if self.allowed.unknown is None:
            left_out.add(Mistake.UNKNOWN)
        if self.refused is None:
            left_out.add(Mistake.REFUSED_BY_RULE)
        return tuple(m for m in ORDER if m not in left_out)

    def problem_type(self, mistake: Mistake) -> str | None:
        if mistake is Mistake.NOT_ALLOWED:
            return self.forbidden
        if mistake is Mistake.REFUSED_BY_RULE:
            return self.refused_type
        return TYPES[mistake]

    def send(self, http: httpx.Client, mistakes: frozenset[Mistake]) -> httpx.Response:
        aim = self.refused if Mistake.REFUSED_BY_RULE in mistakes else self.allowed
        assert aim is not None
        path = aim.path
        if Mistake.UNKNOWN in mistakes:
            assert aim.unknown is not None
            path = aim.unknown
        if Mistake.NO_TOKEN in mistakes:
            headers = {"Authorization": ""}
        else:
            headers = dict(self.other if Mistake.NOT_ALLOWED in mistakes else self.writer)
        # Left out and stale together: the header is left out (no value can be both).
        if Mistake.NO_IF_MATCH not in mistakes:
            headers["If-Match"] = aim.stale if Mistake.STALE_IF_MATCH in mistakes else aim.etag
        # Every body of these routes refuses a field it does not know: the mistake is one more.
        body = aim.body | {"onbekend_veld": 1} if Mistake.INVALID_BODY in mistakes else aim.body
        return http.request(self.method, path, headers=headers, json=body)

    def versions(self, http: httpx.Client) -> dict[str, str]:
        reads = {self.allowed.read} | ({self.refused.read} if self.refused else set())
        out: dict[str, str] = {}
        for read in sorted(reads):
            r = http.get(read, headers=self.writer)
            assert r.status_code == 200, r.text
            out[read] = r.headers["etag"]
        return out


def combinations(mistakes: tuple[Mistake, ...]) -> Iterator[frozenset[Mistake]]:
    """Every non-empty combination, the single mistakes first."""
    for size in range(1, len(mistakes) + 1):
        for chosen in itertools.combinations(mistakes, size):
            yield frozenset(chosen)


# --- the scenes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    writer: dict[str, str]
    """The responsible oefentherapeut (the `http` client's own caller)."""
    unregistered: dict[str, str]
    """A colleague in the same practice registered only as bekkenoefentherapeut: the general
    profile asks for the oefentherapeut registration."""
    specialist: int
    """A psychosomatisch oefentherapeut of the practice, to hand a SOLK episode over to."""


def _anamnese_episode(api: Api, solk: str) -> tuple[int, str]:
    """A referred client in anamnese, and the ETag read before the anamnese was saved."""
    ep = api.create_episode(route="verwijzing")
    stale = api.etags[ep]
    anamnese = served_example(api.http, "algemeen", "anamnese") | {"solk_complexiteit": solk}
    api.record(ep, "anamnese", anamnese)
    return ep, stale


def _closed_episode(api: Api) -> tuple[int, str]:
    ep = api.create_episode(route="dto")
    stale = api.etags[ep]
    api.fire(ep, "client_stopt", {"reden": "Cliënt verhuist."})
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "client_gestopt",
            "eindrapportage_verzonden_aan": "geen",
            "eindrapportage_geen_reden": "DTO zonder huisartsbericht.",
            "besproken_met_client": True,
        },
    )
    api.fire(ep, "afsluiten")
    return ep, stale


def _in_behandeling(api: Api) -> tuple[int, str]:
    ep = api.create_episode(route="verwijzing")
    stale = api.etags[ep]
    api.advance_to(ep, "behandeling")
    return ep, stale


def _on_episode(api: Api, episode: tuple[int, str], write: str, body: dict[str, Any]) -> Aim:
    ep, stale = episode
    api.get(ep)
    return Aim(
        path=f"/v1/episodes/{ep}/{write}",
        unknown=f"/v1/episodes/{UNKNOWN_ID}/{write}",
        read=f"/v1/episodes/{ep}",
        body=body,
        etag=api.etags[ep],
        stale=stale,
    )


def _episode_scene(
    method: str, people: People, allowed: Aim, refused: Aim, refused_type: str
) -> Scene:
    return Scene(
        method=method,
        writer=people.writer,
        other=people.unregistered,
        forbidden="/problems/registration-missing",
        allowed=allowed,
        refused=refused,
        refused_type=refused_type,
    )


def fire_a_trigger(api: Api, world: World, people: People) -> Scene:
    # Finishing the anamnese although the SOLK asks for a hand-over: its gate is unmet. Letting
    # the client stop is allowed from any step.
    ep = _anamnese_episode(api, "matig_ernstig")
    stop = {"trigger": "client_stopt", "payload": {"reden": "Cliënt verhuist."}}
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, ep, "transitions", stop),
        _on_episode(api, ep, "transitions", {"trigger": "anamnese_afronden"}),
        "/problems/gate-blocked",
    )


def save_a_record(api: Api, world: World, people: People) -> Scene:
    # Amending the anamnese is allowed; a diagnose before the onderzoek is a future step.
    ep = _anamnese_episode(api, "licht")
    anamnese = served_example(api.http, "algemeen", "anamnese")
    diagnose = served_example(api.http, "algemeen", "diagnose")
    amended = anamnese | {"heteroanamnese": "Partner vult aan."}
    return _episode_scene(
        "PUT",
        people,
        _on_episode(api, ep, "records/anamnese", amended),
        _on_episode(api, ep, "records/diagnose", diagnose),
        "/problems/step-not-writable",
    )


def correct_a_record(api: Api, world: World, people: People) -> Scene:
    # Once the anamnese is finished (third edition), it is corrected with a reason; a correction
    # that empties the hulpvraag would undo the gate by which the anamnese was left.
    ep, stale = _anamnese_episode(api, "licht")
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"
    anamnese = served_example(api.http, "algemeen", "anamnese") | {"solk_complexiteit": "licht"}
    fixed = {
        "reden": "Heteroanamnese vergeten.",
        "record": anamnese | {"heteroanamnese": "Partner vult aan."},
    }
    emptied = {"reden": "Hulpvraag weg.", "record": anamnese | {"hulpvraag": None}}
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, (ep, stale), "records/anamnese/correcties", fixed),
        _on_episode(api, (ep, stale), "records/anamnese/correcties", emptied),
        "/problems/step-not-writable",
    )


SESSIE = {"datum": "2026-03-04", "interventies": ["tiltraining"], "reactie": "Goed."}


def add_a_sessie(api: Api, world: World, people: People) -> Scene:
    # A session belongs to the behandeling; in the anamnese there is nothing to treat yet.
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, _in_behandeling(api), "sessies", SESSIE),
        _on_episode(api, _anamnese_episode(api, "licht"), "sessies", SESSIE),
        "/problems/step-not-writable",
    )


NPRS = {"instrument": "nprs", "responses": {"score": 6}, "afgenomen_op": "2026-03-02"}


def add_a_measurement(api: Api, world: World, people: People) -> Scene:
    # In the anamnese a baseline is taken; the eindmeting belongs to evaluatie and afsluiting.
    ep = _anamnese_episode(api, "licht")
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, ep, "measurements", NPRS | {"moment": "baseline"}),
        _on_episode(api, ep, "measurements", NPRS | {"moment": "eind"}),
        "/problems/step-not-writable",
    )


def replace_the_client_facts(api: Api, world: World, people: People) -> Scene:
    # Only a closed episode refuses new client facts.
    facts = {"leeftijdsgroep": "volwassene", "wilsbekwaam": True}
    return _episode_scene(
        "PUT",
        people,
        _on_episode(api, _anamnese_episode(api, "licht"), "client", facts),
        _on_episode(api, _closed_episode(api), "client", facts),
        "/problems/episode-closed",
    )


def hand_over(api: Api, world: World, people: People) -> Scene:
    # Matig-ernstige SOLK goes to the practice's psychosomatisch oefentherapeut; lichte SOLK
    # stays with the generalist, so its hand-over gate is unmet.
    to_specialist = {"profile": "psychosomatisch", "therapist_id": people.specialist}
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, _anamnese_episode(api, "matig_ernstig"), "handover", to_specialist),
        _on_episode(api, _anamnese_episode(api, "licht"), "handover", to_specialist),
        "/problems/gate-blocked",
    )


CONTACT = {"rol": "huisarts", "naam": "J. de Vries", "agb": "01012345"}


def add_a_contact(api: Api, world: World, people: People) -> Scene:
    # Only a closed episode refuses a new contact.
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, _anamnese_episode(api, "licht"), "contacten", CONTACT),
        _on_episode(api, _closed_episode(api), "contacten", CONTACT),
        "/problems/episode-closed",
    )


CONSENT = {"doel": "eindverslag", "door": ["client"], "datum": "2026-03-02", "wijze": "mondeling"}


def record_a_consent(api: Api, world: World, people: People) -> Scene:
    # Consent is given; a withdrawal of a consent that was never given is refused.
    ep = _anamnese_episode(api, "licht")
    return _episode_scene(
        "POST",
        people,
        _on_episode(api, ep, "toestemmingen", CONSENT | {"besluit": "gegeven"}),
        _on_episode(api, ep, "toestemmingen", CONSENT | {"besluit": "ingetrokken"}),
        "/problems/step-not-writable",
    )


def rename_the_practice(api: Api, world: World, people: People) -> Scene:
    # Left out: an unknown id (the path names no practice: it is always the caller's own) and a
    # refusing rule (renaming has none).
    http, admin = api.http, world.admin.headers
    stale = http.get("/v1/practice", headers=admin).headers["etag"]
    renamed = http.patch(
        "/v1/practice", headers=admin | {"If-Match": stale}, json={"naam": "Oefentherapie A"}
    )
    assert renamed.status_code == 200, renamed.text
    return Scene(
        method="PATCH",
        writer=admin,
        other=world.therapist.headers,
        forbidden="/problems/forbidden",
        allowed=Aim(
            path="/v1/practice",
            unknown=None,
            read="/v1/practice",
            body={"naam": "Oefentherapie A en partners"},
            etag=renamed.headers["etag"],
            stale=stale,
        ),
        refused=None,
    )


def change_a_therapist(api: Api, world: World, people: People) -> Scene:
    # Left out: a refusing rule (a valid change to a therapist has none).
    http, admin = api.http, world.admin.headers
    path = f"/v1/therapists/{world.therapist.id}"
    stale = http.get(path, headers=admin).headers["etag"]
    changed = http.patch(path, headers=admin | {"If-Match": stale}, json={"kp_nummer": "123456"})
    assert changed.status_code == 200, changed.text
    return Scene(
        method="PATCH",
        writer=admin,
        other=world.therapist.headers,
        forbidden="/problems/forbidden",
        allowed=Aim(
            path=path,
            unknown=f"/v1/therapists/{UNKNOWN_ID}",
            read=path,
            body={"naam": "T. Therapeut"},
            etag=changed.headers["etag"],
            stale=stale,
        ),
        refused=None,
    )


WRITES: list[Callable[[Api, World, People], Scene]] = [
    fire_a_trigger,
    save_a_record,
    correct_a_record,
    add_a_sessie,
    add_a_measurement,
    replace_the_client_facts,
    hand_over,
    add_a_contact,
    record_a_consent,
    rename_the_practice,
    change_a_therapist,
]


@pytest.fixture
def people(http: httpx.Client, world: World) -> People:
    _, unregistered = colleague(
        http, world.admin.headers, login="b.alleenbekken", registraties=["bekkenoefentherapeut"]
    )
    specialist, _ = colleague(
        http,
        world.admin.headers,
        login="p.somatisch",
        registraties=["oefentherapeut", "psychosomatisch_oefentherapeut"],
    )
    return People(world.therapist.headers, unregistered, specialist)


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.__name__)
def test_every_combination_of_mistakes_is_answered_by_the_earliest(
    api: Api,
    world: World,
    people: People,
    write: Callable[[Api, World, People], Scene],
) -> None:
    scene = write(api, world, people)
    before = scene.versions(api.http)
    out_of_order: list[str] = []
    changed: list[str] = []
    tried = 0
    for mistakes in combinations(scene.mistakes):
        expected = min(mistakes, key=ORDER.index)
        r = scene.send(api.http, mistakes)
        tried += 1
        named = " + ".join(m.name for m in ORDER if m in mistakes)
        answer = (r.status_code, r.json().get("type"))
        wanted = (expected.value, scene.problem_type(expected))
        if answer != wanted:
            out_of_order.append(f"{named}: answered {answer}, expected {wanted}")
        elif r.headers["content-type"] != PROBLEM:
            out_of_order.append(f"{named}: answered as {r.headers['content-type']}")
        if (now := scene.versions(api.http)) != before:
            changed.append(named)
            before = now
    assert tried == 2 ** len(scene.mistakes) - 1
    assert not out_of_order, f"{len(out_of_order)} of {tried} out of order:\n" + "\n".join(
        out_of_order
    )
    assert not changed, "refused, yet the version moved: " + ", ".join(changed)

    # The control: the same write without any mistake goes through.
    done = scene.send(api.http, frozenset())
    assert done.status_code in (200, 201), done.text
    assert scene.versions(api.http)[scene.allowed.read] != before[scene.allowed.read]
