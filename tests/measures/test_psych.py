"""4DKL, Nijmegen, PHQ-15, HADS: hand-computed cases from the published scoring rules."""

from __future__ import annotations

import pytest

from measures import TooManyMissing, get, score
from measures.psych import FOURDKL_SUBSCALES
from tests.measures.helpers import full, seq, without


# 4DKL (Terluin 1996; item allocation Terluin 2006 BMC Psychiatry Table 1): answers 0-4
# recoded 0/1/2/2/2; distress 16, depressie 6, angst 12, somatisatie 16 items.
def test_4dkl_scales_partition_the_50_items() -> None:
    sizes = {name: len(ids) for name, ids in FOURDKL_SUBSCALES.items()}
    assert sizes == {"distress": 16, "depressie": 6, "angst": 12, "somatisatie": 16}
    every = [i for ids in FOURDKL_SUBSCALES.values() for i in ids]
    assert sorted(every) == sorted(f"q{i}" for i in range(1, 51))


def test_4dkl_interleaved_allocation() -> None:
    # Terluin 2006 Table 1: q18 is anxiety, q28 depression, q36 distress, q46 depression.
    for item, scale in [("q18", "angst"), ("q28", "depressie"), ("q36", "distress")]:
        result = score("4dkl", {**full("4dkl", 0), item: 2})
        assert result.values[scale] == 2
        others = {"distress", "depressie", "angst", "somatisatie"} - {scale}
        assert all(result.values[o] == 0 for o in others)
    assert score("4dkl", {**full("4dkl", 0), "q46": 1}).values["depressie"] == 1


def test_4dkl_min_max_and_recode() -> None:
    low = score("4dkl", full("4dkl", 0))
    assert (low.main_value, low.band) == (0, "low")
    for answer in (2, 3, 4):  # regelmatig, vaak, zeer vaak: all count 2
        top = score("4dkl", full("4dkl", answer)).values
        assert [top[s] for s in ("distress", "depressie", "angst", "somatisatie")] == [
            32,
            12,
            24,
            32,
        ]
    ones = score("4dkl", full("4dkl", 1)).values
    assert ones == {
        "distress": 16,
        "distress_band": "moderately_elevated",
        "depressie": 6,
        "depressie_band": "strongly_elevated",
        "angst": 12,
        "angst_band": "strongly_elevated",
        "somatisatie": 16,
        "somatisatie_band": "moderately_elevated",
    }


def _set(scale: str, total: int) -> dict[str, object]:
    """All zeros except `total` points (as 2s and a 1) on `scale`."""
    answers = full("4dkl", 0)
    for item in FOURDKL_SUBSCALES[scale]:
        step = min(2, total)
        answers[item] = step
        total -= step
    return answers


@pytest.mark.parametrize(
    ("scale", "total", "band"),
    [
        ("distress", 10, "low"),
        ("distress", 11, "moderately_elevated"),
        ("distress", 20, "moderately_elevated"),
        ("distress", 21, "strongly_elevated"),
        ("depressie", 2, "low"),
        ("depressie", 3, "moderately_elevated"),
        ("depressie", 5, "moderately_elevated"),
        ("depressie", 6, "strongly_elevated"),
        ("angst", 3, "low"),
        ("angst", 4, "moderately_elevated"),
        ("angst", 7, "moderately_elevated"),
        ("angst", 8, "strongly_elevated"),
        ("somatisatie", 10, "low"),
        ("somatisatie", 11, "moderately_elevated"),
        ("somatisatie", 21, "strongly_elevated"),
    ],
)
def test_4dkl_cut_offs(scale: str, total: int, band: str) -> None:
    values = score("4dkl", _set(scale, total)).values
    assert (values[scale], values[f"{scale}_band"]) == (total, band)


def test_4dkl_main_is_distress_and_all_items_required() -> None:
    result = score("4dkl", _set("distress", 21))
    assert (result.main, result.band) == ("distress", "strongly_elevated")
    with pytest.raises(TooManyMissing):
        score("4dkl", without(full("4dkl", 0), "q50"))


# Nijmegen Questionnaire (van Dixhoorn & Duivenvoorden 1985): 16 x 0-4, >= 23 positive.
def test_nijmegen() -> None:
    assert (score("nijmegen", full("nijmegen", 0)).values, get("nijmegen").score_max) == (
        {"total": 0},
        64,
    )
    assert score("nijmegen", full("nijmegen", 4)).main_value == 64
    at_22 = score("nijmegen", seq("q", [4] * 5 + [2] + [0] * 10))
    assert (at_22.main_value, at_22.band) == (22, "negative")
    at_23 = score("nijmegen", seq("q", [4] * 5 + [3] + [0] * 10))
    assert (at_23.main_value, at_23.band) == (23, "positive")
    with pytest.raises(TooManyMissing):
        score("nijmegen", without(full("nijmegen", 1), "q16"))


# PHQ-15 (Kroenke 2002 Psychosom Med): 15 x 0-2; q4 (menstrual) may be blank.
def test_phq15_min_max_and_menstrual_item() -> None:
    assert score("phq15", full("phq15", 0)).band == "minimal"
    top = score("phq15", full("phq15", 2))
    assert (top.main_value, top.band) == (30, "high")
    men = score("phq15", without(full("phq15", 2), "q4"))
    assert (men.main_value, men.missing) == (28, ["q4"])
    with pytest.raises(TooManyMissing):
        score("phq15", without(full("phq15", 1), "q1"))


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "minimal"), (5, "low"), (9, "low"), (10, "medium"), (14, "medium"), (15, "high")],
)
def test_phq15_band_edges(total: int, band: str) -> None:
    answers = [2] * (total // 2) + [total % 2]
    answers += [0] * (15 - len(answers))
    assert score("phq15", seq("q", answers)).band == band


# HADS (Zigmond & Snaith 1983): 14 x 0-3 (already scored); anxiety odd, depression even.
def test_hads_min_max_mid() -> None:
    zero = score("hads", full("hads", 0)).values
    assert (zero["total"], zero["anxiety"], zero["anxiety_band"]) == (0, 0, "normal")
    top = score("hads", full("hads", 3)).values
    assert (top["total"], top["anxiety"], top["depression"]) == (42, 21, 21)
    assert top["depression_band"] == "abnormal"
    mid = score("hads", seq("q", [1, 2] * 7)).values
    assert mid == {
        "total": 21,
        "anxiety": 7,
        "anxiety_band": "normal",
        "depression": 14,
        "depression_band": "abnormal",
    }


@pytest.mark.parametrize(
    ("anxiety", "band"), [(7, "normal"), (8, "borderline"), (10, "borderline"), (11, "abnormal")]
)
def test_hads_band_edges(anxiety: int, band: str) -> None:
    odd = [3] * (anxiety // 3) + [anxiety % 3]
    odd += [0] * (7 - len(odd))
    answers = {f"q{2 * i + 1}": v for i, v in enumerate(odd)} | {
        f"q{i}": 0 for i in range(2, 15, 2)
    }
    values = score("hads", answers).values
    assert (values["anxiety"], values["anxiety_band"], values["depression"]) == (anxiety, band, 0)


def test_hads_all_items_required() -> None:
    with pytest.raises(TooManyMissing):
        score("hads", without(full("hads", 1), "q14"))
