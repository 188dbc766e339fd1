"""PGQ, ICIQ-UI SF, IIQ-7, UDI-6, PFDI-20, PRAFAB, Bristol: hand-computed cases."""

from __future__ import annotations

import pytest

from measures import OutOfRange, TooManyMissing, WrongType, get, score
from tests.measures.helpers import full, seq, without


# PGQ (Stuge 2011 Phys Ther): 0-3; activity q1-20, symptom q21-25; % of max of answered items.
def test_pgq_min_max_mid() -> None:
    assert score("pgq", full("pgq", 0)).values == {"activity": 0.0, "symptom": 0.0, "total": 0.0}
    assert score("pgq", full("pgq", 3)).values == {
        "activity": 100.0,
        "symptom": 100.0,
        "total": 100.0,
    }
    mid = score("pgq", seq("q", [1] * 20 + [2] * 5))
    # activity 20/60 = 33.33...; symptom 10/15 = 66.66...; total 30/75 = 40 (Stuge 2011: no
    # rounding, so the thirds stay thirds)
    assert mid.values == {
        "activity": pytest.approx(100 / 3, abs=1e-12),
        "symptom": pytest.approx(200 / 3, abs=1e-12),
        "total": 40.0,
    }


def test_pgq_not_applicable_items_drop_out() -> None:
    # Sport (q16) and sex life (q19) not applicable: total 28 / (3 x 23) = 40.579... %.
    result = score("pgq", without(seq("q", [1] * 20 + [2] * 5), "q16", "q19"))
    assert result.values == {
        "activity": pytest.approx(100 / 3, abs=1e-12),
        "symptom": pytest.approx(200 / 3, abs=1e-12),
        "total": pytest.approx(2800 / 69, abs=1e-12),
    }
    assert result.missing == ["q16", "q19"]


def test_pgq_half_of_each_subscale_required() -> None:
    ten_blank = without(full("pgq", 1), *[f"q{i}" for i in range(1, 11)])
    assert score("pgq", ten_blank).values["activity"] == pytest.approx(100 / 3, abs=1e-12)
    with pytest.raises(TooManyMissing) as exc:
        score("pgq", without(ten_blank, "q11"))
    assert "activity" in exc.value.message
    with pytest.raises(TooManyMissing) as exc:
        score("pgq", without(full("pgq", 1), "q21", "q22", "q23"))
    assert exc.value.item == "q21"


# ICIQ-UI SF (Avery 2004; bands Klovning 2009): q1 0-5, q2 0/2/4/6, q3 0-10; total 0-21.
def test_iciq_min_max_mid() -> None:
    zero = score("iciq_ui_sf", {"q1": 0, "q2": 0, "q3": 0})
    assert (zero.values, zero.band, zero.missing) == ({"total": 0, "q4": None}, None, ["q4"])
    top = score("iciq_ui_sf", {"q1": 5, "q2": 6, "q3": 10, "q4": [8, 3]})
    assert (top.values, top.band) == ({"total": 21, "q4": "3,8"}, "very_severe")
    mid = score("iciq_ui_sf", {"q1": 2, "q2": 2, "q3": 3})
    assert (mid.main_value, mid.band) == (7, "moderate")


@pytest.mark.parametrize(
    ("q1", "q2", "q3", "band"),
    [
        (1, 2, 2, "slight"),  # 5
        (2, 2, 2, "moderate"),  # 6
        (2, 4, 6, "moderate"),  # 12
        (3, 4, 6, "severe"),  # 13
        (4, 4, 10, "severe"),  # 18
        (5, 4, 10, "very_severe"),  # 19
    ],
)
def test_iciq_band_edges(q1: int, q2: int, q3: int, band: str) -> None:
    assert score("iciq_ui_sf", {"q1": q1, "q2": q2, "q3": q3}).band == band


def test_iciq_amount_only_even_values_and_q4_validation() -> None:
    base = {"q1": 1, "q2": 2, "q3": 1}
    for odd in (1, 3, 5):
        with pytest.raises(OutOfRange) as exc:
            score("iciq_ui_sf", {**base, "q2": odd})
        assert exc.value.item == "q2"
    for bad_list in ([9], [0], [2, 2]):
        with pytest.raises(OutOfRange):
            score("iciq_ui_sf", {**base, "q4": bad_list})
    for bad in ("2", 2, [True], [1.0]):
        with pytest.raises(WrongType):
            score("iciq_ui_sf", {**base, "q4": bad})
    with pytest.raises(TooManyMissing):
        score("iciq_ui_sf", {"q1": 1, "q2": 2})


# IIQ-7 and UDI-6 (Uebersax 1995): items 0-3, score = mean x 100 / 3.
@pytest.mark.parametrize("code", ["iiq7", "udi6"])
def test_uebersax_min_max(code: str) -> None:
    assert score(code, full(code, 0)).values == {"score": 0.0}
    assert score(code, full(code, 3)).values == {"score": 100.0}


def test_iiq7_mid_and_missing() -> None:
    # 10/7 x 100/3 = 47.619...: Uebersax 1995 multiplies the mean by 33 1/3 and does not round.
    mid = score("iiq7", seq("q", [1, 2, 1, 0, 3, 2, 1])).main_value
    assert mid == pytest.approx(1000 / 21, abs=1e-12)
    assert mid != 47.6
    three_blank = score("iiq7", seq("q", [1, 2, 3, 1]))  # 7 / 4 = 1.75 -> 58.33...
    assert three_blank.main_value == pytest.approx(175 / 3, abs=1e-12)
    assert three_blank.missing == ["q5", "q6", "q7"]
    with pytest.raises(TooManyMissing):
        score("iiq7", seq("q", [1, 2, 3]))


def test_udi6_mid_and_missing() -> None:
    assert score("udi6", seq("q", [1, 1, 2, 0, 3, 2])).main_value == 50.0  # 9 / 6 = 1.5
    assert score("udi6", seq("q", [1, 2, 3])).main_value == pytest.approx(200 / 3, abs=1e-12)
    with pytest.raises(TooManyMissing):
        score("udi6", seq("q", [1, 2]))


# PFDI-20 (Barber 2005 AJOG): each scale = mean of answered x 25; total = sum (0-300).
def test_pfdi20_min_max() -> None:
    zero = {"popdi6": 0.0, "cradi8": 0.0, "udi6": 0.0, "total": 0.0}
    assert score("pfdi20", full("pfdi20", 0)).values == zero
    top = {"popdi6": 100.0, "cradi8": 100.0, "udi6": 100.0, "total": 300.0}
    assert score("pfdi20", full("pfdi20", 4)).values == top


def test_pfdi20_mid_example() -> None:
    answers = seq("q", [1, 2, 0, 0, 3, 4] + [2] * 8 + [1] * 6)
    # POPDI 10/6 x 25 = 41.66...; CRADI 2 x 25 = 50; UDI 1 x 25 = 25; total 116.66...
    # (Barber 2005 sums the unrounded scale scores; rounding first would give 116.7 vs 116.67)
    expected = {
        "popdi6": pytest.approx(250 / 6, abs=1e-12),
        "cradi8": 50.0,
        "udi6": 25.0,
        "total": pytest.approx(250 / 6 + 75, abs=1e-12),
    }
    assert score("pfdi20", answers).values == expected


def test_pfdi20_missing_per_scale() -> None:
    answers = seq("q", [2] * 20)
    four_blank = score("pfdi20", without(answers, "q7", "q8", "q9", "q10"))
    assert four_blank.values["cradi8"] == 50.0
    with pytest.raises(TooManyMissing) as exc:
        score("pfdi20", without(answers, "q7", "q8", "q9", "q10", "q11"))
    assert "cradi8" in exc.value.message


# PRAFAB (Hendriks 2007; subscales Hendriks 2008 BMC Urol): five items 1-4, total 5-20.
def test_prafab() -> None:
    assert score("prafab", full("prafab", 1)).values == {
        "total": 5,
        "leakage_severity": 3,
        "symptom_impact": 2,
    }
    assert score("prafab", full("prafab", 4)).values == {
        "total": 20,
        "leakage_severity": 12,
        "symptom_impact": 8,
    }
    mid = {"protection": 2, "amount": 3, "frequency": 4, "adjustment": 1, "body_image": 2}
    assert score("prafab", mid).values == {"total": 12, "leakage_severity": 9, "symptom_impact": 3}
    with pytest.raises(TooManyMissing):
        score("prafab", without(mid, "body_image"))
    with pytest.raises(OutOfRange):
        score("prafab", {**mid, "amount": 0})


# Bristol stool form (Lewis & Heaton 1997): type 1-7, categorical.
@pytest.mark.parametrize(
    ("stool", "band"),
    [
        (1, "constipation_side"),
        (2, "constipation_side"),
        (3, "normal"),
        (5, "normal"),
        (6, "diarrhoea_side"),
        (7, "diarrhoea_side"),
    ],
)
def test_bristol_bands(stool: int, band: str) -> None:
    result = score("bristol", {"type": stool})
    assert (result.values, result.band) == ({"type": stool}, band)


def test_bristol_is_categorical_and_strict() -> None:
    assert get("bristol").kind == "categorical"
    assert get("bristol").direction is None
    with pytest.raises(OutOfRange):
        score("bristol", {"type": 8})
    with pytest.raises(TooManyMissing):
        score("bristol", {})
