"""The scan's embedding-neighbour rule against the index: either side's ``k`` nearest.

The scan pairs two articles when either is among the other's ``k`` nearest, with a
cosine at or above ``min_doc_similarity`` (``candidates.neighbour_pairs``). A new
article's own ``k`` nearest come from one search; the other side needs, for every
indexed article, the cosine a newcomer must reach to enter its ``k`` nearest. The
index keeps that per article as its *reach*: the cosine of its ``k``-th nearest
other article, or ``min_doc_similarity`` when that is higher (or when it has fewer
than ``k`` others), since no pair below the floor is kept anyway.

A newcomer enters an article's ``k`` nearest exactly when its cosine to it is at
least the article's reach. Those articles are found without a search per article:
an article outside the newcomer's ``m`` nearest has a cosine at most the ``m``-th
one's, so only articles whose reach is at most that can qualify; they are read by
the ``reach`` column's SQL index and compared exactly. When there are too many, the
search widens instead. Adding articles raises the reach of the articles they enter;
removing one lowers the reach of those it was in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.vectors import Keys, Neighbours, VectorIndex

#: Cosines of one pair computed by two searches can differ in the last float32 bits: a
#: newcomer exactly at an article's reach (it is that article's k-th) must still count.
SLACK = 1e-6
#: The most articles compared exactly beyond a search before the search widens instead.
WIDE = 4096


@dataclass(frozen=True, slots=True)
class Reached:
    """Per query vector: its own ``k`` nearest above the floor, and the indexed articles whose
    reach it meets, with its cosine to each (reach as stored before the newcomers arrived)."""

    own: list[set[int]]
    entered: list[dict[int, float]]


def meta_value(config: CandidateConfig) -> str:
    """What the stored reaches were computed for; another ``k`` or floor needs them again."""
    return f"{config.neighbours} {config.min_doc_similarity!r}"


def reaches(index: VectorIndex, keys: Keys, vectors: Matrix, config: CandidateConfig) -> list[float]:
    """The reach of each of ``keys`` (whose vectors are ``vectors``) among what ``index`` holds."""
    k, floor = config.neighbours, config.min_doc_similarity
    if len(keys) == 0:
        return []
    found = index.search(vectors.astype(np.float32), k + 1)
    out = []
    for key, row, sims in zip(keys.tolist(), found.keys, found.similarity, strict=True):
        others = sims[(row >= 0) & (row != key)][:k]
        kth = float(others[k - 1]) if len(others) >= k else -np.inf
        out.append(max(kth, floor))
    return out


def reached(
    db: sqlite3.Connection, index: VectorIndex, keys: Sequence[int], vectors: Matrix, config: CandidateConfig
) -> Reached:
    """The neighbour partners of new vectors (``keys``: their keys in ``index``, or -1 for a query).

    ``entered`` leaves out the other new keys: a pair of two newcomers is found by their
    own searches, each of which sees the other.
    """
    k, floor = config.neighbours, config.min_doc_similarity
    own: list[set[int]] = [set() for _ in keys]
    entered: list[dict[int, float]] = [{} for _ in keys]
    if k == 0 or len(keys) == 0 or len(index) == 0:
        return Reached(own, entered)
    batch = set(keys)
    queries = vectors.astype(np.float32)
    found, wide = _search(db, index, queries, floor, 2 * k + 1)
    known = _reach_of(db, sorted({int(x) for x in np.unique(found.keys)} - batch - {-1}))
    known.update(zip(wide.keys.tolist(), wide.reach, strict=True))
    wide_sims = queries @ wide.vectors.T
    for r, key in enumerate(keys):
        rank = 0
        candidates: dict[int, float] = {}
        for other, sim in zip(found.keys[r].tolist(), found.similarity[r].tolist(), strict=True):
            if other < 0 or other == key:
                continue
            rank += 1
            if rank <= k and sim >= floor:
                own[r].add(other)
            candidates[other] = sim
        for other, sim in zip(wide.keys.tolist(), wide_sims[r].tolist(), strict=True):
            candidates.setdefault(other, sim)
        entered[r] = {
            other: sim
            for other, sim in candidates.items()
            if other not in batch and sim >= floor and sim >= known.get(other, np.inf) - SLACK
        }
    return Reached(own, entered)


@dataclass(frozen=True, slots=True)
class _Beyond:
    """Indexed articles that a search may not have reached yet could be entered by a newcomer."""

    keys: Keys
    reach: list[float]
    vectors: Matrix


def _search(
    db: sqlite3.Connection, index: VectorIndex, queries: Matrix, floor: float, m: int
) -> tuple[Neighbours, _Beyond]:
    """The ``m`` nearest of each query, widened until the articles that may lie beyond (reach at
    most the last cosine found) are few enough to compare exactly; and those articles."""
    none = _Beyond(np.zeros(0, dtype=np.int64), [], np.zeros((0, queries.shape[1]), dtype=np.float32))
    while True:
        found = index.search(queries, m)
        full = (found.keys >= 0).all(axis=1)
        edge = float(np.where(full, found.similarity[:, -1], -np.inf).max())
        if edge < floor or m >= len(index):
            return found, none
        limit = edge + SLACK
        count = int(db.execute("SELECT COUNT(*) FROM documents WHERE reach <= ?", (limit,)).fetchone()[0])
        if count == 0:
            return found, none
        if count <= WIDE:
            rows = db.execute(
                "SELECT key, reach, vector FROM documents WHERE reach <= ? ORDER BY key", (limit,)
            ).fetchall()
            vectors = np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows])
            return found, _Beyond(
                np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows], vectors
            )
        m *= 4


def _reach_of(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, float]:
    out: dict[int, float] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key, reach FROM documents WHERE key IN ({marks}) AND reach IS NOT NULL"
        out.update((r[0], float(r[1])) for r in db.execute(sql, chunk))
    return out


def arrive(
    db: sqlite3.Connection, index: VectorIndex, keys: Sequence[int], vectors: Matrix, config: CandidateConfig
) -> list[set[int]]:
    """Neighbour partners of articles being added (already in ``index``, rows in ``db``).

    The reaches of the indexed articles they enter rise: recomputed first, so that a
    newcomer pushed out of an article's k nearest by another newcomer is not paired with
    it (as in a scan of both), then stored with the newcomers' own.
    """
    near = reached(db, index, keys, vectors, config)
    fresh = dict(zip(keys, vectors, strict=True))
    now = refresh(db, index, sorted(fresh.keys() | {k for e in near.entered for k in e}), config, fresh)
    return [
        own | {k for k, sim in entered.items() if sim >= now[k] - SLACK}
        for own, entered in zip(near.own, near.entered, strict=True)
    ]


def leave(
    db: sqlite3.Connection, index: VectorIndex, keys: Sequence[int], vectors: Matrix, config: CandidateConfig
) -> list[int]:
    """The indexed articles whose k nearest hold some of ``keys`` (about to be removed): their
    reach falls once those are gone (``refresh`` them then)."""
    near = reached(db, index, keys, vectors, config)
    return sorted({k for e in near.entered for k in e} - set(keys))


def refresh(
    db: sqlite3.Connection,
    index: VectorIndex,
    keys: Sequence[int],
    config: CandidateConfig,
    known: dict[int, Matrix] | None = None,
) -> dict[int, float]:
    """Recompute and store the reach of ``keys`` (vectors from ``known``, else read from ``db``)."""
    if not keys:
        return {}
    vectors = dict(known or {})
    vectors.update(vectors_of(db, [k for k in keys if k not in vectors]))
    values = reaches(index, np.array(keys, dtype=np.int64), np.stack([vectors[k] for k in keys]), config)
    db.executemany("UPDATE documents SET reach=? WHERE key=?", list(zip(values, keys, strict=True)))
    return dict(zip(keys, values, strict=True))


def vectors_of(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, Matrix]:
    """Stored document vectors by key."""
    out: dict[int, Matrix] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT key, vector FROM documents WHERE key IN ({marks})", chunk)
        out.update((r[0], np.frombuffer(r[1], dtype=np.float32)) for r in rows)
    return out
