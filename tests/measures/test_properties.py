"""Property tests across the whole catalogue (hypothesis).

1. The main score always stays within the instrument's declared range, with or without
   blank items (a blank form either scores in range or raises TooManyMissing).
2. Moving one answer one step toward "worse" never improves the main score. "Worse" is
   the instrument direction, flipped for reverse-scored items (TSK 4, 8, 12, 16).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from measures import TooManyMissing, instruments
from measures.model import Instrument, Item

ALL = instruments()
ORDERED = [i for i in ALL if i.direction is not None]


def scored_items(inst: Instrument) -> list[Item]:
    return [it for it in inst.items if it.scored and not it.multi]


@st.composite
def complete_form(draw: st.DrawFn, inst: Instrument) -> dict[str, object]:
    form: dict[str, object] = {
        it.id: draw(st.sampled_from(it.values())) for it in scored_items(inst)
    }
    for it in inst.items:
        if it.multi and draw(st.booleans()):
            form[it.id] = draw(st.lists(st.integers(it.min, it.max), unique=True, max_size=3))
    return form


def main_number(inst: Instrument, form: dict[str, object]) -> float:
    value = inst.score(form).main_value
    assert isinstance(value, int | float) and not isinstance(value, bool)
    return float(value)


@pytest.mark.parametrize("inst", ALL, ids=lambda i: i.code)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_main_score_within_declared_range(inst: Instrument, data: st.DataObject) -> None:
    form = data.draw(complete_form(inst))
    assert inst.score_min <= main_number(inst, form) <= inst.score_max
    blank = data.draw(st.sets(st.sampled_from([it.id for it in inst.items])))
    partial = {k: v for k, v in form.items() if k not in blank}
    try:
        value = main_number(inst, partial)
    except TooManyMissing as exc:
        assert exc.item in blank
    else:
        assert inst.score_min <= value <= inst.score_max


def worse_neighbour(inst: Instrument, item: Item, value: int) -> int | None:
    """The next answer one step toward 'worse', or None at the worst end."""
    worse_is_higher = (inst.direction == "higher_is_worse") != item.reverse
    options = item.values()
    pos = options.index(value) + (1 if worse_is_higher else -1)
    return options[pos] if 0 <= pos < len(options) else None


@pytest.mark.parametrize("inst", ORDERED, ids=lambda i: i.code)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_one_step_worse_never_improves_main_score(inst: Instrument, data: st.DataObject) -> None:
    form = data.draw(complete_form(inst))
    item = data.draw(st.sampled_from(scored_items(inst)))
    current = form[item.id]
    assert isinstance(current, int)
    step = worse_neighbour(inst, item, current)
    before = main_number(inst, form)
    if step is None:  # already at the worst answer: nothing to move
        assert current in (item.values()[0], item.values()[-1])
        return
    after = main_number(inst, {**form, item.id: step})
    if inst.direction == "higher_is_worse":
        assert after >= before
    else:
        assert after <= before


@pytest.mark.parametrize(
    "inst", [i for i in ALL if i.missing_rule.max_missing is not None], ids=lambda i: i.code
)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_more_blanks_than_the_rule_allows_always_raise(
    inst: Instrument, data: st.DataObject
) -> None:
    rule_max = inst.missing_rule.max_missing
    assert rule_max is not None
    required = [it.id for it in scored_items(inst) if not it.optional]
    if len(required) <= rule_max:
        return
    form = data.draw(complete_form(inst))
    blank = data.draw(st.sets(st.sampled_from(required), min_size=rule_max + 1))
    with pytest.raises(TooManyMissing):
        inst.score({k: v for k, v in form.items() if k not in blank})
