"""distinct: the sorted set of an integer array, checked against NumPy's own."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newslineage.arrays import distinct


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
