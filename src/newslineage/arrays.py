"""Small numpy helpers shared by the stages.

``np.unique`` on integers (NumPy 2.3 and later) first gathers the distinct values
in a hash table and then sorts them; on a few million pair codes that is tens of
times slower than one sort and a comparison of neighbours, which is all a sorted
set of integers needs.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import numpy.typing as npt

Int = TypeVar("Int", bound=np.integer)


def distinct(values: npt.NDArray[Int]) -> npt.NDArray[Int]:
    """The distinct values of a 1-D integer array, ascending (``np.unique`` without its cost)."""
    ordered = np.sort(values)  # equal integers are indistinguishable: stability buys nothing
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def rank_in_runs(keys: npt.NDArray[np.integer]) -> npt.NDArray[np.intp]:
    """For each entry of a sorted array, how many equal entries come before it."""
    return np.arange(len(keys)) - np.searchsorted(keys, keys, side="left")
