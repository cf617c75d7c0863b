"""Which composed pairs an add or a query composes (the scan's ``add_composed``, limited).

The scan composes relations through shared texts over its whole collection; the index
composes only the pairs its new articles can change (``changeable``), and reads no
documents when none of them is left (``composable``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from newslineage.models import Relation
from newslineage.pipeline import keeps_composed


def changeable(fresh: set[str], relations: Sequence[Relation], *, asked: bool) -> Callable[[str, str], bool]:
    """Which composed pairs new articles ``fresh`` can change: those with a new side, and (unless
    only a query's own pairs are ``asked``) those of two copies of one new article.

    Pairs already related as a copy or duplicate are left out: a composed relation never
    replaces those (``keeps_composed``), and composing one aligns the pair for nothing (most
    of a query's composed pairs, since the copies of a copy are mostly copies of it too).
    """
    hubs: dict[str, set[str]] = {}
    if not asked:
        for rel in relations:
            if rel.is_copy:
                for side, other in ((rel.a, rel.b), (rel.b, rel.a)):
                    if other in fresh:
                        hubs.setdefault(side, set()).add(other)
    settled = {(r.a, r.b) for r in relations if not keeps_composed(r)}

    def wanted(x: str, y: str) -> bool:
        if (x, y) in settled or (y, x) in settled:
            return False
        return x in fresh or y in fresh or bool(hubs.get(x, set()) & hubs.get(y, set()))

    return wanted


def composable(relations: Sequence[Relation], wanted: Callable[[str, str], bool]) -> bool:
    """Whether any pair of two copies of one text is ``wanted`` (``add_composed`` composes those)."""
    sides: dict[str, list[str]] = {}
    for rel in relations:
        if rel.is_copy:
            sides.setdefault(rel.a, []).append(rel.b)
            sides.setdefault(rel.b, []).append(rel.a)
    return any(wanted(x, y) for others in sides.values() for x, y in combinations(others, 2))
