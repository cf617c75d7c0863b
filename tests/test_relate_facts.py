"""``relate._kept`` and ``relate._swaps_outweigh`` against ``anchors.same_particular`` pair by pair.

``_kept`` looks facts up instead of pairing them (the alignment stage calls it for
every fact link of every candidate pair); it must answer as the pairwise rule does.
"""

from __future__ import annotations

from collections.abc import Set

from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.anchors import is_particular, same_particular
from newslineage.relate import _kept, _swaps_outweigh

_WORDS = st.sampled_from(["putin", "vladimir", "orlen", "gas utility", "water", "de", ""])
_NUMBERS = st.sampled_from(["44", "£44m", "£44million", "121.8", "£121.8m", "2010", "3.3%", "3.3", "1500"])
_FACTS = st.one_of(
    st.builds(lambda w: f"name:{' '.join(w)}", st.lists(_WORDS, max_size=3)),
    st.builds(lambda n: f"number:{n}", _NUMBERS),
    st.builds(lambda d: f"date:{d}", st.sampled_from(["2024-03-01", "2024-03", "monday", "10:30"])),
    st.builds(lambda q: f"quote:{q}", st.sampled_from(["we will win", "no comment"])),
)


def _pairwise_swaps(xa: Set[str], xb: Set[str]) -> bool:
    only_a = [x for x in xa if is_particular(x) and not any(same_particular(x, y) for y in xb)]
    only_b = [y for y in xb if is_particular(y) and not any(same_particular(y, x) for x in xa)]
    kept = sum(any(same_particular(x, y) for y in xb) for x in xa)
    same_kind = {x.partition(":")[0] for x in only_a} & {y.partition(":")[0] for y in only_b}
    return bool(same_kind) and min(len(only_a), len(only_b)) >= kept


@settings(max_examples=400)
@given(xa=st.sets(_FACTS, max_size=6), xb=st.sets(_FACTS, max_size=6))
def test_kept_and_swaps_answer_as_the_pairwise_rule(xa: set[str], xb: set[str]) -> None:
    assert _kept(xa, xb) == {x for x in xa if any(same_particular(x, y) for y in xb)}
    assert _swaps_outweigh(xa, xb) == _pairwise_swaps(xa, xb)


def test_a_fuller_name_and_a_figure_in_another_unit_are_kept() -> None:
    xa = {"name:putin", "number:£44m", "name:orlen water"}
    xb = {"name:vladimir putin", "number:£44million", "name:ferrow water"}
    assert _kept(xa, xb) == {"name:putin", "number:£44m"}
    assert not _swaps_outweigh(xa, xb)
