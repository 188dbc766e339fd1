"""Corrections after a gate passed: a therapist finds a mistake in a finished step.

In the third edition of the process (every new episode starts on it) a step the episode has left
is no longer simply saved again: it is corrected, with a reason, and the correction may not undo
what let the episode leave the step. The history keeps both versions and says why.
"""

from typing import Any

import httpx
import pytest

from api_tests.support import Api, error_fields, example, problem_codes

REDEN = "Hulpvraag onvolledig overgenomen; aangevuld met de fietsafstand naar het werk."
HULPVRAAG = "Weer zonder pijn boodschappen dragen en 12 km naar het werk fietsen."


def _anamnese_finished(api: Api) -> int:
    """A referred client whose anamnese is done: the episode is in onderzoek."""
    ep = api.create_episode(route="verwijzing")
    assert api.complete_step(ep, "anamnese") == "onderzoek"
    return ep


def _correct(
    api: Api, ep: int, step: str, body: dict[str, Any], *, headers: dict[str, str] | None = None
) -> httpx.Response:
    """POST a correction with the ETag last read as If-Match, unless `headers` say otherwise."""
    if headers is None:
        headers = {"If-Match": api.etags[ep]}
    r = api.http.post(f"/v1/episodes/{ep}/records/{step}/correcties", json=body, headers=headers)
    if r.is_success:
        api.etags[ep] = r.headers["etag"]
    return r


def _current(api: Api, ep: int, step: str) -> dict[str, Any]:
    r = api.http.get(f"/v1/episodes/{ep}/records/{step}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_a_finished_anamnese_is_not_saved_again_but_corrected(api: Api) -> None:
    ep = _anamnese_finished(api)
    r = api.put_record(ep, "anamnese", example("anamnese", hulpvraag=HULPVRAAG))
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "/problems/step-not-writable"
    assert problem_codes(r) == ["record.anamnese.correctie_nodig"]
    assert _current(api, ep, "anamnese")["version"] == 1


def test_a_correction_with_a_reason_fixes_the_wording_and_stays_in_the_history(api: Api) -> None:
    ep = _anamnese_finished(api)
    before = api.get(ep)["version"]

    r = _correct(
        api, ep, "anamnese", {"reden": REDEN, "record": example("anamnese", hulpvraag=HULPVRAAG)}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["step"] == "anamnese"
    assert body["version"] == 2
    assert body["data"]["hulpvraag"] == HULPVRAAG
    assert body["correctie_reden"] == REDEN
    assert body["episode_version"] == before + 1
    assert r.headers["etag"] == f'"{before + 1}"'

    # The episode stays where it is; the record now reads as corrected, and says why.
    assert api.status(ep) == "onderzoek"
    current = _current(api, ep, "anamnese")
    assert (current["version"], current["correctie_reden"]) == (2, REDEN)
    versions = api.http.get(f"/v1/episodes/{ep}/records/anamnese/versions").json()
    assert [(v["version"], v["correctie_reden"]) for v in versions] == [(1, None), (2, REDEN)]
    assert versions[0]["data"]["hulpvraag"] == example("anamnese")["hulpvraag"]
    assert versions[1]["data"]["hulpvraag"] == HULPVRAAG

    last = api.events(ep)[-1]
    assert last["kind"] == "record_corrected"
    assert last["data"] == {"step": "anamnese", "record_version": 2, "reden": REDEN}
    assert last["episode_version"] == before + 1

    # A second correction is a third version; the current step is still saved as ever.
    again = _correct(api, ep, "anamnese", {"reden": "Typefout.", "record": example("anamnese")})
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 3
    assert api.put_record(ep, "onderzoek", example("onderzoek")).status_code == 200
    assert _current(api, ep, "onderzoek")["correctie_reden"] is None


def test_a_correction_that_empties_the_hulpvraag_is_refused_and_changes_nothing(
    api: Api,
) -> None:
    ep = _anamnese_finished(api)
    before = api.get(ep)["version"]
    stored = _current(api, ep, "anamnese")

    r = _correct(
        api,
        ep,
        "anamnese",
        {"reden": "Hulpvraag weg.", "record": example("anamnese", hulpvraag=None)},
    )
    assert r.status_code == 409, r.text
    assert r.json()["type"] == "/problems/step-not-writable"
    assert "anamnese.hulpvraag.missing" in problem_codes(r)
    # Only what the correction would undo is named: the rest of the anamnese still holds.
    assert "anamnese.klachten_beloop.missing" not in problem_codes(r)

    assert api.get(ep)["version"] == before
    assert _current(api, ep, "anamnese") == stored
    assert len(api.http.get(f"/v1/episodes/{ep}/records/anamnese/versions").json()) == 1
    assert "record_corrected" not in {e["kind"] for e in api.events(ep)}


@pytest.mark.parametrize(
    "body",
    [{"record": {}}, {"reden": "", "record": {}}, {"reden": "   ", "record": {}}],
    ids=["without", "empty", "blank"],
)
def test_a_correction_needs_a_reason(api: Api, body: dict[str, Any]) -> None:
    ep = _anamnese_finished(api)
    body = body | {"record": example("anamnese", hulpvraag=HULPVRAAG)}
    r = _correct(api, ep, "anamnese", body)
    assert r.status_code == 422, r.text
    assert error_fields(r) == ["reden"]
    assert _current(api, ep, "anamnese")["version"] == 1


def test_a_correction_is_a_form_of_the_step(api: Api) -> None:
    ep = _anamnese_finished(api)
    record = example("anamnese", hulpvraag_niveau="wens")
    r = _correct(api, ep, "anamnese", {"reden": REDEN, "record": record})
    assert r.status_code == 422, r.text
    assert error_fields(r) == ["record.hulpvraag_niveau"]


def test_a_correction_needs_if_match(api: Api) -> None:
    ep = _anamnese_finished(api)
    body = {"reden": REDEN, "record": example("anamnese", hulpvraag=HULPVRAAG)}
    r = _correct(api, ep, "anamnese", body, headers={})
    assert r.status_code == 428, r.text
    assert r.json()["type"] == "/problems/precondition-required"
    stale = _correct(api, ep, "anamnese", body, headers={"If-Match": '"1"'})
    assert stale.status_code == 412, stale.text
    assert _current(api, ep, "anamnese")["version"] == 1


def test_the_current_step_is_saved_not_corrected(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.record(ep, "anamnese")
    r = _correct(api, ep, "anamnese", {"reden": REDEN, "record": example("anamnese")})
    assert r.status_code == 409, r.text
    assert problem_codes(r) == ["record.anamnese.geen_correctie"]


def test_a_retried_correction_is_applied_once(api: Api) -> None:
    ep = _anamnese_finished(api)
    body = {"reden": REDEN, "record": example("anamnese", hulpvraag=HULPVRAAG)}
    headers = {"If-Match": api.etags[ep], "Idempotency-Key": "correctie-1"}
    first = _correct(api, ep, "anamnese", body, headers=headers)
    retry = _correct(api, ep, "anamnese", body, headers=headers)
    assert (first.status_code, retry.status_code) == (200, 200), retry.text
    assert retry.json() == first.json()
    assert retry.headers["etag"] == first.headers["etag"]
    versions = api.http.get(f"/v1/episodes/{ep}/records/anamnese/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert [e["kind"] for e in api.events(ep)].count("record_corrected") == 1
