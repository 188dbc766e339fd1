"""The client may stop at any step; the episode then closes with the reason (engine policy)."""

import pytest

from api_tests.support import Api, problem_codes

STEPS_BEFORE_AFSLUITING = [
    "screening",
    "anamnese",
    "onderzoek",
    "diagnose",
    "behandelplan",
    "behandeling",
    "evaluatie",
]


@pytest.mark.parametrize("step", STEPS_BEFORE_AFSLUITING)
def test_client_stops_at_each_step_and_the_reason_is_kept(api: Api, step: str) -> None:
    ep = api.create_episode(route="dto")
    api.advance_to(ep, step)

    without_reason = api.transition(ep, "client_stopt")
    assert without_reason.status_code == 422
    assert [e["field"] for e in without_reason.json()["errors"]] == ["payload.reden"]
    assert api.status(ep) == step

    assert (
        api.fire(ep, "client_stopt", {"reden": "Cliënt verhuist naar het buitenland."})
        == "afsluiting"
    )
    stop = api.events(ep)[-1]
    assert stop["data"] == {
        "trigger": "client_stopt",
        "from": step,
        "to": "afsluiting",
        "payload": {"reden": "Cliënt verhuist naar het buitenland."},
    }

    # Afsluiting still asks for its own record before the episode is final.
    blocked = api.transition(ep, "afsluiten")
    assert "afsluiting.reden_afsluiting.missing" in problem_codes(blocked)
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "client_gestopt",
            "eindrapportage_verzonden_aan": "geen",
            "eindrapportage_geen_reden": "Cliënt gaf geen toestemming.",
            "besproken_met_client": False,
            "niet_besproken_reden": "Cliënt meldde zich telefonisch af.",
            **(
                {"recidivebeleid": "Folder meegegeven.", "nazorg": "Geen."}
                if step in ("behandeling", "evaluatie")
                else {}
            ),
        },
    )
    assert api.fire(ep, "afsluiten") == "afgesloten"
