"""The scan's embedding-neighbour rule against the index: either side's ``k`` nearest.

The scan pairs two articles when either is among the other's ``k`` nearest, with a
cosine at or above ``min_doc_similarity`` (``candidates.neighbour_pairs``). A new
article's own ``k`` nearest come from one search; the other side needs, for every
indexed article, the cosine a newcomer must reach to enter its ``k`` nearest. The
index keeps that per article as its *reach* (table ``doc_vectors``, beside its vector): the cosine of its ``k``-th nearest
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
import numpy.typing as npt

from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.index.rows import in_chunks
from newslineage.vectors import Keys, VectorIndex

#: Cosines of one pair computed by two searches can differ in the last float32 bits: a
#: newcomer exactly at an article's reach (it is that article's k-th) must still count.
SLACK = 1e-6
#: The most articles compared exactly beyond a search before the search widens instead: a wider
#: search is cheaper than reading and comparing many more (5.8 ms against 14 ms a query at 4,096,
#: on a 2,500-article index).
WIDE = 256
#: A reader between writes (``Reaches``) holds the vectors of this many lowest-reach articles
#: (8 MB), and compares up to that many beyond its search before widening it: from memory a
#: comparison costs a matrix product, not a read, and the search it saves is what grows with
#: the index (at 20,000 articles, searches of 1,344 nearest at the median, with 256 beyond).
HELD = 4096
#: A reader's first search: the nearest it asks for at least. With room for ``HELD`` beyond it,
#: a search of 21 or 84 often suffices, but the approximate search then misses partners a
#: wider one finds (2 of some 1,100 over 100 queries at 20,000 articles); from 336 on, none.
FIRST = 336


@dataclass(frozen=True, slots=True)
class Reached:
    """Per query vector: its own ``k`` nearest above the floor, and the indexed articles whose
    reach it meets, with its cosine to each (reach as stored before the newcomers arrived)."""

    own: list[set[int]]
    entered: list[dict[int, float]]


class Reaches:
    """Every indexed article's reach in memory, as one committed state holds them.

    A query reads hundreds of reaches (those of its nearest, and how many lie below an
    edge, for each widening of its search); readers keep this between writes
    (``Store.committed``) instead of asking SQLite each time. A writer reads the table.
    The ``HELD`` lowest reaches come with their vectors (``held``), sorted by key: the
    articles a query compares beyond its search.
    """

    def __init__(self, keys: Keys, values: npt.NDArray[np.float64], held: dict[int, Matrix]) -> None:
        order = np.argsort(keys, kind="stable")
        self._keys: Keys = keys[order]
        self._values = values[order]
        self._ascending = np.sort(values)
        self._low: Keys = np.array(sorted(held), dtype=np.int64)
        self._low_reach = np.array(list(self.of(self._low.tolist()).values()), dtype=np.float64)
        self._low_vectors: Matrix = (
            np.stack([held[k] for k in self._low.tolist()]) if held else np.zeros((0, 512), dtype=np.float32)
        )

    @classmethod
    def load(cls, db: sqlite3.Connection) -> Reaches:
        rows = db.execute("SELECT key, reach FROM doc_vectors WHERE reach IS NOT NULL").fetchall()
        keys = np.array([r[0] for r in rows], dtype=np.int64)
        values = np.array([r[1] for r in rows], dtype=np.float64)
        # The lowest first, equal reaches by key: every reach at most an edge is held whenever
        # no more than ``held_count`` are.
        lowest = keys[np.lexsort((keys, values))[:HELD]]
        return cls(keys, values, vectors_of(db, lowest.tolist()))

    @property
    def held_count(self) -> int:
        """How many of the lowest reaches are held with their vectors."""
        return len(self._low)

    def count_at_most(self, edge: float, cap: int) -> int:
        """How many reaches are at most ``edge``, counted no further than ``cap``."""
        return min(int(np.searchsorted(self._ascending, edge, side="right")), cap)

    def of(self, keys: Sequence[int]) -> dict[int, float]:
        """The reach of each of ``keys`` that has one."""
        wanted = np.asarray(keys, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._keys, wanted), max(len(self._keys) - 1, 0))
        found = (self._keys[at] == wanted) if len(self._keys) else np.zeros(len(wanted), dtype=bool)
        return dict(zip(wanted[found].tolist(), self._values[at[found]].tolist(), strict=True))

    def at_most(self, limit: float) -> tuple[Keys, list[float]]:
        """The keys (ascending) whose reach is at most ``limit``, with their reaches."""
        chosen = self._values <= limit
        return self._keys[chosen], self._values[chosen].tolist()

    def held_at_most(self, limit: float) -> _Beyond:
        """The held articles whose reach is at most ``limit`` (all such, when no more than
        ``held_count`` are), keys ascending, with their vectors."""
        chosen = self._low_reach <= limit
        return _Beyond(self._low[chosen], self._low_reach[chosen].tolist(), self._low_vectors[chosen])


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
    db: sqlite3.Connection,
    index: VectorIndex,
    keys: Sequence[int],
    vectors: Matrix,
    config: CandidateConfig,
    stored: Reaches | None = None,
) -> Reached:
    """The neighbour partners of new vectors (``keys``: their keys in ``index``, or -1 for a query).

    ``entered`` leaves out the other new keys: a pair of two newcomers is found by their
    own searches, each of which sees the other. ``stored``: the reaches ``db`` holds, when
    the caller has them in memory (a reader between writes).
    """
    k, floor = config.neighbours, config.min_doc_similarity
    own: list[set[int]] = [set() for _ in keys]
    entered: list[dict[int, float]] = [{} for _ in keys]
    if k == 0 or len(keys) == 0 or len(index) == 0:
        return Reached(own, entered)
    batch = set(keys)
    queries = vectors.astype(np.float32)
    first = 2 * k + 1 if stored is None else max(2 * k + 1, FIRST)
    nearest, limit = _nearest(db, index, queries, floor, first, stored)
    near = sorted({x for row, _ in nearest for x in row} - batch)
    known = reach_of(db, near) if stored is None else stored.of(near)
    wide = _beyond(db, limit, queries.shape[1], stored)
    wide_sims = queries @ wide.vectors.T
    # An article is entered when the cosine meets its reach (and the floor): one bar each.
    wide_bar = np.maximum(np.array(wide.reach, dtype=np.float64) - SLACK, floor)
    outside = ~np.isin(wide.keys, list(batch))
    for r, key in enumerate(keys):
        row = np.array(nearest[r][0], dtype=np.int64)
        sims = np.array(nearest[r][1], dtype=np.float64)
        others = row != key
        row, sims = row[others], sims[others]
        own[r] = {k for k, s in zip(row[:k].tolist(), sims[:k].tolist(), strict=True) if s >= floor}
        bar = np.maximum(np.array([known.get(x, np.inf) for x in row.tolist()]) - SLACK, floor)
        met = (sims >= bar) & ~np.isin(row, list(batch))
        entered[r] = dict(zip(row[met].tolist(), sims[met].tolist(), strict=True))
        # Beyond the search: those it did not return (a returned one is judged by its own cosine).
        met = (wide_sims[r] >= wide_bar) & outside & ~np.isin(wide.keys, row)
        entered[r].update(zip(wide.keys[met].tolist(), wide_sims[r][met].tolist(), strict=True))
    return Reached(own, entered)


def _nearest(
    db: sqlite3.Connection, index: VectorIndex, queries: Matrix, floor: float, m: int, stored: Reaches | None
) -> tuple[list[tuple[list[int], list[float]]], float]:
    """Each query's ``m`` nearest (keys, cosines), more for a query where too many articles lie
    beyond them that it could still enter; and the reach up to which articles beyond must be
    compared exactly (-inf: none).

    An article beyond a query's nearest has a cosine at most the last one found, so only
    articles whose reach is at most that can be entered. A query widens its search (4 times
    as many) while more than ``WIDE`` articles (``HELD`` from memory) have such a reach.
    """
    rows: list[tuple[list[int], list[float]]] = [([], []) for _ in range(len(queries))]
    limit = -np.inf
    pending = list(range(len(queries)))
    while pending:
        found = index.search(queries[pending], m)
        wider = []
        for at, r in enumerate(pending):
            keys, sims = found.keys[at], found.similarity[at]
            valid = keys >= 0
            rows[r] = (keys[valid].tolist(), sims[valid].tolist())
            if not valid.all() or m >= len(index) or float(sims[-1]) < floor:
                continue  # the search holds every article, or all beyond are below the floor
            edge = float(sims[-1]) + SLACK
            room = WIDE if stored is None else stored.held_count
            if _count_at_most(db, edge, room + 1, stored) <= room:
                limit = max(limit, edge)
            else:
                wider.append(r)
        pending, m = wider, m * 4
    return rows, limit


@dataclass(frozen=True, slots=True)
class _Beyond:
    """Indexed articles with a reach at most a limit: those a newcomer may enter beyond its search."""

    keys: Keys
    reach: list[float]
    vectors: Matrix


def _count_at_most(db: sqlite3.Connection, edge: float, cap: int, stored: Reaches | None) -> int:
    if stored is not None:
        return stored.count_at_most(edge, cap)
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM doc_vectors WHERE reach <= ? LIMIT ?)"
    return int(db.execute(sql, (edge, cap)).fetchone()[0])


def _beyond(db: sqlite3.Connection, limit: float, dim: int, stored: Reaches | None) -> _Beyond:
    none = _Beyond(np.zeros(0, dtype=np.int64), [], np.zeros((0, dim), dtype=np.float32))
    if limit == -np.inf:
        return none
    if stored is not None:
        # Held with the reaches of one committed state: an article a writer removed since is
        # dropped where the candidates' rows are read (``lookup.relatable``).
        return stored.held_at_most(limit)
    # SQLite's planner reads the whole table in key order rather than sort the few rows the
    # reach index finds (10 ms a query at 10,000 articles, for a few dozen rows).
    sql = "SELECT key, reach, vector FROM doc_vectors INDEXED BY doc_vectors_reach WHERE reach <= ? ORDER BY key"
    rows = db.execute(sql, (limit,)).fetchall()
    if not rows:
        return none
    vectors = np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows])
    return _Beyond(np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows], vectors)


def reach_of(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, float]:
    """The stored reach of each of ``keys`` that has one."""
    out: dict[int, float] = {}
    for chunk, marks in in_chunks(keys):
        sql = f"SELECT key, reach FROM doc_vectors WHERE key IN ({marks}) AND reach IS NOT NULL"
        out.update((r[0], float(r[1])) for r in db.execute(sql, chunk))
    return out


def arrive(
    db: sqlite3.Connection,
    index: VectorIndex,
    keys: Sequence[int],
    vectors: Matrix,
    config: CandidateConfig,
    raised: set[int] | None = None,
) -> list[set[int]]:
    """Neighbour partners of articles being added (already in ``index``, rows in ``db``).

    The reaches of the indexed articles they enter rise: recomputed first, so that a
    newcomer pushed out of an article's k nearest by another newcomer is not paired with
    it (as in a scan of both), then stored with the newcomers' own. ``raised`` receives
    the keys of the indexed articles they entered.
    """
    near = reached(db, index, keys, vectors, config)
    if raised is not None:
        raised.update(k for e in near.entered for k in e)
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
    db.executemany("UPDATE doc_vectors SET reach=? WHERE key=?", list(zip(values, keys, strict=True)))
    return dict(zip(keys, values, strict=True))


def vectors_of(db: sqlite3.Connection, keys: Sequence[int]) -> dict[int, Matrix]:
    """Stored document vectors by key."""
    out: dict[int, Matrix] = {}
    for chunk, marks in in_chunks(keys):
        rows = db.execute(f"SELECT key, vector FROM doc_vectors WHERE key IN ({marks})", chunk)
        out.update((r[0], np.frombuffer(r[1], dtype=np.float32)) for r in rows)
    return out
