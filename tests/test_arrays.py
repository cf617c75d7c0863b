"""distinct and rank_in_runs, checked against plain Python on random arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newslineage.arrays import distinct, rank_in_runs


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=200))
def test_distinct_is_the_sorted_set(values: list[int]) -> None:
    found = distinct(np.array(values, dtype=np.int64))
    assert found.dtype == np.int64
    assert found.tolist() == sorted(set(values))


def test_distinct_keeps_the_dtype_of_unsigned_hashes() -> None:
    hashes = np.array([2**64 - 1, 3, 2**64 - 1, 0, 3], dtype=np.uint64)
    found = distinct(hashes)
    assert found.dtype == np.uint64
    assert found.tolist() == [0, 3, 2**64 - 1]


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=60))
def test_rank_in_runs_counts_the_equal_entries_before(values: list[int]) -> None:
    keys = np.array(sorted(values), dtype=np.int64)
    ranks = rank_in_runs(keys).tolist()
    assert ranks == [sorted(values)[:i].count(v) for i, v in enumerate(sorted(values))]
