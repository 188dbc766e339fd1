"""Children under 12 and wilsonbekwame clients: others take part (003 §2.2)."""

from api_tests.support import Api, example, problem_codes


def test_child_under_12_without_a_parent_is_blocked_until_one_is_involved(api: Api) -> None:
    ep = api.create_episode(
        route="verwijzing", client={"geboortedatum": "2019-05-01"}, aangemeld_op="2026-03-01"
    )
    api.record(ep, "anamnese")
    blocked = api.transition(ep, "anamnese_afronden")
    assert blocked.status_code == 409
    assert problem_codes(blocked) == ["anamnese.betrokkenen.ouder.missing"]
    assert blocked.json()["unmet"][0]["field"] == "anamnese.betrokkenen"

    api.record(
        ep,
        "anamnese",
        example(
            "anamnese",
            betrokkenen=[{"rol": "ouder", "toelichting": "Moeder bij intake."}],
            heteroanamnese="Moeder vertelt over het beloop.",
        ),
    )
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"


def test_child_plan_needs_the_parents_agreement(api: Api) -> None:
    ep = api.create_episode(route="verwijzing", client={"leeftijdsgroep": "kind_onder_12"})
    api.record(ep, "anamnese", example("anamnese", betrokkenen=[{"rol": "ouder"}]))
    api.fire(ep, "anamnese_afronden")
    api.advance_to(ep, "behandelplan")
    api.record(ep, "behandelplan")
    # WGBO art. 7:465 lid 1: for a child under 12 the parents agree, recorded as such.
    blocked = api.transition(ep, "behandelplan_vaststellen")
    assert problem_codes(blocked) == ["behandelplan.akkoord.door"]
    assert blocked.json()["unmet"][0]["field"] == "behandelplan.akkoord.door"
    parents = {"door": ["ouders"], "datum": "2026-03-12", "wijze": "mondeling"}
    api.record(ep, "behandelplan", example("behandelplan", akkoord=parents))
    assert api.fire(ep, "behandelplan_vaststellen") == "behandeling"


def test_twelve_year_old_needs_no_parent(api: Api) -> None:
    ep = api.create_episode(
        route="verwijzing", client={"geboortedatum": "2014-03-01"}, aangemeld_op="2026-03-01"
    )
    api.record(ep, "anamnese")
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"


def test_wilsonbekwame_client_needs_a_representative(api: Api) -> None:
    ep = api.create_episode(
        route="verwijzing", client={"leeftijdsgroep": "volwassene", "wilsbekwaam": False}
    )
    api.record(ep, "anamnese")
    assert problem_codes(api.transition(ep, "anamnese_afronden")) == [
        "anamnese.betrokkenen.vertegenwoordiger.missing"
    ]
    api.record(ep, "anamnese", example("anamnese", betrokkenen=[{"rol": "mantelzorger"}]))
    assert api.fire(ep, "anamnese_afronden") == "onderzoek"


def test_client_facts_need_an_age(api: Api) -> None:
    r = api.create(client={"wilsbekwaam": True})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "client"


def test_a_client_who_becomes_wilsonbekwaam_needs_a_representative_from_then_on(api: Api) -> None:
    ep = api.create_episode(route="verwijzing")
    api.record(ep, "anamnese")
    r = api.http.put(
        f"/v1/episodes/{ep}/client",
        headers={"If-Match": api.etags[ep]},
        json={"leeftijdsgroep": "volwassene", "wilsbekwaam": False},
    )
    assert r.status_code == 200, r.text
    api.etags[ep] = r.headers["etag"]
    assert r.json()["client"]["wilsbekwaam"] is False
    assert problem_codes(api.transition(ep, "anamnese_afronden")) == [
        "anamnese.betrokkenen.vertegenwoordiger.missing"
    ]
    assert api.events(ep)[-1]["data"] == {"fields": ["wilsbekwaam"]}
