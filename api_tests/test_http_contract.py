"""The HTTP contract EPD systems rely on: versions, idempotency, problems, pages."""

import httpx

from api_tests.support import Api, error_fields, example, problem_codes

PROBLEM = "application/problem+json"


def test_missing_if_match_is_428_and_changes_nothing(api: Api) -> None:
    ep = api.create_episode()
    r = api.http.put(f"/v1/episodes/{ep}/records/screening", json=example("screening"))
    assert r.status_code == 428
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["type"] == "/problems/precondition-required"
    r = api.http.post(f"/v1/episodes/{ep}/transitions", json={"trigger": "client_stopt"})
    assert r.status_code == 428
    assert api.get(ep)["version"] == 1


def test_stale_if_match_is_412_and_changes_nothing(api: Api) -> None:
    ep = api.create_episode()
    api.record(ep, "screening")  # version 1 -> 2
    stale = api.transition(ep, "screening_afronden", if_match='"1"')
    assert stale.status_code == 412
    assert stale.json()["type"] == "/problems/version-mismatch"
    assert stale.headers["etag"] == '"2"'  # the current version, to re-read from
    again = api.put_record(ep, "screening", example("screening"), if_match='"1"')
    assert again.status_code == 412
    assert api.get(ep)["status"] == "screening"
    assert api.get(ep)["version"] == 2


def test_reads_carry_the_version_as_etag(api: Api) -> None:
    ep = api.create_episode()
    r = api.http.get(f"/v1/episodes/{ep}")
    assert r.headers["etag"] == '"1"'
    assert r.json()["version"] == 1
    saved = api.put_record(ep, "screening", example("screening"))
    assert saved.headers["etag"] == '"2"'
    assert saved.json()["episode_version"] == 2
    assert saved.json()["version"] == 1  # the record's own first version


def test_retry_with_the_same_idempotency_key_creates_one_episode(api: Api) -> None:
    body = {"client_ref": "IDEM-1", "route": "dto", "client": {"leeftijdsgroep": "volwassene"}}
    first = api.http.post("/v1/episodes", json=body, headers={"Idempotency-Key": "k-123"})
    retry = api.http.post("/v1/episodes", json=body, headers={"Idempotency-Key": "k-123"})
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert first.headers["etag"] == retry.headers["etag"]
    listed = api.http.get("/v1/episodes", params={"client_ref": "IDEM-1"}).json()["items"]
    assert len(listed) == 1

    other = api.http.post(
        "/v1/episodes", json=body | {"client_ref": "IDEM-2"}, headers={"Idempotency-Key": "k-123"}
    )
    assert other.status_code == 422
    assert other.json()["type"] == "/problems/idempotency-key-reused"


def test_retried_transition_and_session_apply_once(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandeling")
    etag = api.etags[ep]
    headers = {"If-Match": etag, "Idempotency-Key": "sessie-1"}
    first = api.http.post(f"/v1/episodes/{ep}/sessies", json=example_sessie(), headers=headers)
    retry = api.http.post(f"/v1/episodes/{ep}/sessies", json=example_sessie(), headers=headers)
    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
    assert retry.headers["etag"] == first.headers["etag"]
    assert api.get(ep)["sessie_count"] == 1

    move = {"If-Match": api.etags[ep], "Idempotency-Key": "t-1"}
    a = api.http.post(
        f"/v1/episodes/{ep}/transitions", json={"trigger": "behandeling_afronden"}, headers=move
    )
    b = api.http.post(
        f"/v1/episodes/{ep}/transitions", json={"trigger": "behandeling_afronden"}, headers=move
    )
    assert a.status_code == b.status_code == 200
    assert a.json() == b.json()
    transitions = [e for e in api.events(ep) if e["kind"] == "transition"]
    assert [t["data"]["to"] for t in transitions].count("evaluatie") == 1


def example_sessie() -> dict[str, object]:
    return {"datum": "2026-03-04", "interventies": ["tiltraining"], "reactie": "Goed."}


def test_invalid_form_is_422_naming_each_field_and_nothing_is_stored(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.advance_to(ep, "behandelplan")
    before = api.get(ep)["version"]
    bad = example(
        "behandelplan",
        subdoelen=[{"odim_domein": "kracht", "omschrijving": "x"}],
        verwachte_duur_weken="acht",
        onbekend_veld=1,
    )
    r = api.put_record(ep, "behandelplan", bad)
    assert r.status_code == 422
    assert r.headers["content-type"] == PROBLEM
    assert set(error_fields(r)) == {
        "subdoelen.0.odim_domein",
        "verwachte_duur_weken",
        "onbekend_veld",
    }
    assert api.get(ep)["version"] == before
    assert api.http.get(f"/v1/episodes/{ep}/records/behandelplan").status_code == 404


def test_bad_create_body_names_the_field(api: Api) -> None:
    r = api.create(client={"leeftijdsgroep": "bejaard"}, client_ref="met spatie")
    assert r.status_code == 422
    assert set(error_fields(r)) == {"client.leeftijdsgroep", "client_ref"}
    assert all(e["message"] for e in r.json()["errors"])


def test_unknown_profile_is_422_on_profile(api: Api) -> None:
    r = api.create(profile="onbekend")
    assert r.status_code == 422
    assert error_fields(r) == ["profile"]


def test_unknown_episode_is_404_problem(api: Api) -> None:
    for r in (
        api.http.get("/v1/episodes/999999"),
        api.http.get("/v1/episodes/999999/events"),
        api.http.post(
            "/v1/episodes/999999/transitions",
            json={"trigger": "afsluiten"},
            headers={"If-Match": '"1"'},
        ),
    ):
        assert r.status_code == 404
        assert r.headers["content-type"] == PROBLEM
        assert r.json()["type"] == "/problems/not-found"
        assert r.json()["status"] == 404


def test_unknown_route_is_404_problem(api: Api) -> None:
    r = api.http.get("/v1/nergens")
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM


def test_trigger_from_the_wrong_step_is_409_of_its_own_type(api: Api) -> None:
    ep = api.create_episode()
    r = api.transition(ep, "afsluiten")
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/trigger-not-allowed"
    unknown = api.transition(ep, "vliegen")
    assert unknown.status_code == 422
    assert error_fields(unknown) == ["trigger"]


def test_unexpected_payload_is_refused(api: Api) -> None:
    ep = api.create_episode()
    api.record(ep, "screening")
    r = api.transition(ep, "screening_afronden", {"reden": "zomaar"})
    assert r.status_code == 422
    assert error_fields(r) == ["payload.reden"]
    assert api.status(ep) == "screening"


def test_future_steps_cannot_be_written_and_passed_ones_are_corrected_with_a_reason(
    api: Api,
) -> None:
    ep = api.create_episode(route="verwijzing")
    r = api.put_record(ep, "diagnose", example("diagnose"))
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/step-not-writable"
    api.advance_to(ep, "onderzoek")
    amended = example("anamnese", heteroanamnese="Aanvulling partner.")
    assert problem_codes(api.put_record(ep, "anamnese", amended)) == [
        "record.anamnese.correctie_nodig"
    ]
    corrected = api.http.post(
        f"/v1/episodes/{ep}/records/anamnese/correcties",
        json={"reden": "Aanvulling partner.", "record": amended},
        headers={"If-Match": api.etags[ep]},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["version"] == 2


def test_sessions_only_during_behandeling(api: Api) -> None:
    ep = api.create_episode()
    r = api.add_sessie(ep)
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/step-not-writable"


def test_closed_episode_is_read_only(api: Api) -> None:
    ep = api.create_episode()
    api.fire(ep, "client_stopt", {"reden": "Geen tijd."})
    api.record(
        ep,
        "afsluiting",
        {
            "reden_afsluiting": "client_gestopt",
            "eindrapportage_verzonden_aan": "geen",
            "eindrapportage_geen_reden": "DTO zonder huisartsbericht.",
            "besproken_met_client": False,
            "niet_besproken_reden": "Cliënt zegde per e-mail af.",
        },
    )
    api.fire(ep, "afsluiten")
    r = api.put_record(ep, "afsluiting", {"reden_afsluiting": "overig"})
    assert r.status_code == 409
    assert r.json()["type"] == "/problems/episode-closed"


def test_list_filters_on_status_and_pages_with_a_cursor(api: Api) -> None:
    made = [api.create_episode(route="dto") for _ in range(5)]
    referred = api.create_episode(route="verwijzing")
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"status": "screening", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = api.http.get("/v1/episodes", params=params).json()
        seen += [e["id"] for e in page["items"]]
        assert all(e["status"] == "screening" for e in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
    assert referred not in seen
    bad = api.http.get("/v1/episodes", params={"cursor": "!!"})
    assert bad.status_code == 422
    assert error_fields(bad) == ["cursor"]
    assert api.http.get("/v1/episodes", params={"status": "zweven"}).status_code == 422


def test_the_list_shows_the_most_recent_first_and_what_each_waits_on(api: Api) -> None:
    first, second, third = (api.create_episode() for _ in range(3))
    api.record(second, "screening")
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"order": "desc", "waiting": "true", "limit": 2}
        page = api.http.get("/v1/episodes", params=params | ({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.text
        seen += [e["id"] for e in page.json()["items"]]
        for item in page.json()["items"]:
            waits = [u["code"] for u in item["waiting_on"]]
            # The screening example is complete: the recorded one waits on nothing more.
            assert (waits == []) == (item["id"] == second), (item["id"], waits)
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen[:3] == [third, second, first]
    plain = api.http.get("/v1/episodes").json()["items"]
    assert [e["id"] for e in plain][:3] == [first, second, third]
    assert all(e["waiting_on"] is None for e in plain)


def test_openapi_documents_the_create_example_and_problems(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    create = spec["paths"]["/v1/episodes"]["post"]
    schema_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    create_schema = spec["components"]["schemas"][schema_ref.split("/")[-1]]
    assert create_schema["examples"][0]["route"] == "verwijzing"
    fire = spec["paths"]["/v1/episodes/{episode_id}/transitions"]["post"]
    assert {"404", "409", "412", "422", "428"} <= set(fire["responses"])
    assert "application/problem+json" in fire["responses"]["409"]["content"]
