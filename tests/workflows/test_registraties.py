"""003 §3.3: a specialist registration counts while it is valid; the base title never lapses."""

from datetime import date

from workflows.registraties import (
    REGISTRATIE_GELDIG,
    GeldigeRegistraties,
    Registratie,
    geldige_registraties,
)

OP = date(2026, 6, 30)


def _bekken(geldig_tot: date | None) -> Registratie:
    return Registratie("bekkenoefentherapeut", "39012345678", geldig_tot)


def test_a_specialist_registration_counts_up_to_and_including_its_last_day() -> None:
    assert "bekkenoefentherapeut" in geldige_registraties([_bekken(OP)], op=OP)
    assert "bekkenoefentherapeut" in geldige_registraties([_bekken(date(2031, 1, 1))], op=OP)
    lapsed = geldige_registraties([_bekken(date(2026, 6, 29))], op=OP)
    assert lapsed == frozenset()
    assert isinstance(lapsed, GeldigeRegistraties)
    assert dict(lapsed.verlopen) == {"bekkenoefentherapeut": date(2026, 6, 29)}


def test_a_specialist_registration_without_an_end_date_does_not_count() -> None:
    held = geldige_registraties([_bekken(None)], op=OP)
    assert held == frozenset()
    assert isinstance(held, GeldigeRegistraties)
    assert dict(held.verlopen) == {"bekkenoefentherapeut": None}


def test_the_base_registration_never_lapses() -> None:
    for geldig_tot in (None, date(2001, 1, 1), OP):
        base = Registratie("oefentherapeut", None, geldig_tot)
        assert geldige_registraties([base], op=OP) == {"oefentherapeut"}


def test_only_the_lapsed_ones_drop_out() -> None:
    held = [
        Registratie("oefentherapeut", "29012345678", date(2020, 1, 1)),
        _bekken(date(2026, 1, 1)),
        Registratie("psychosomatisch_oefentherapeut", None, date(2029, 6, 30)),
    ]
    counted = geldige_registraties(held, op=OP)
    assert counted == {"oefentherapeut", "psychosomatisch_oefentherapeut"}
    assert isinstance(counted, GeldigeRegistraties)
    assert set(counted.verlopen) == {"bekkenoefentherapeut"}


def test_the_rule_is_served_for_new_episodes_and_hand_overs() -> None:
    assert REGISTRATIE_GELDIG.name == "behandelaar.registratie_geldig"
    assert REGISTRATIE_GELDIG.applies_to == ("episode", "handover")
    assert REGISTRATIE_GELDIG.source == "003 §3.3; engine policy"
