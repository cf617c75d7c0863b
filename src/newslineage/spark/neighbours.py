"""Embedding neighbours on Spark: exact for small collections, hyperplane buckets above that.

The local scan compares every document with every other up to
``CandidateConfig.exact_neighbours_up_to`` documents, and the job does the same
block against block (the same neighbours, the same report). That is quadratic:
above the threshold the job hashes the document vectors with random hyperplanes
(SimHash) into buckets that Spark groups by key, in several independent tables,
and compares documents exactly only inside a bucket. Each document then keeps its
``k`` best of everything its buckets showed it, as the exact search keeps its
``k`` best of everything. The work and the data moved grow with the collection
times the bucket size, not with its square; what it gives up is the neighbours
that share no bucket with a document (``bench/spark_neighbours.py`` measures how
many).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from newslineage import candidates
from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.errors import ConfigError
from newslineage.spark.options import BUCKET_SIZE, BUCKET_TABLES

if TYPE_CHECKING:
    from pyspark import RDD

#: Rows of document vectors per block of the exact search: two blocks' product is the unit of
#: work, 2,048 x 2,048 similarities (16 MB), like the local scan's blocks.
NEIGHBOUR_BLOCK = 2048
#: Fixed-point scale of the collection's mean vector: integer sums do not depend on the order
#: the partitions are added in, so the buckets do not depend on how the input was cut.
_MEAN_SCALE = 2.0**30

Vector = tuple[int, Matrix]


@dataclass(frozen=True, slots=True)
class BucketSearch:
    """The approximate neighbour search the job runs above ``exact_neighbours_up_to`` documents.

    ``tables`` independent hashings; each cuts the space with as many random
    hyperplanes (through the collection's mean vector) as leave about
    ``bucket_size`` documents per bucket, so a document is compared with about
    ``tables * bucket_size`` others. A bucket larger than ``max_bucket`` (many
    reprints of one text) is cut, in id order, into pieces of that size that are
    searched apart, which bounds the work of one task. ``seed`` fixes the
    hyperplanes, hence the answer.
    """

    tables: int = BUCKET_TABLES
    bucket_size: int = BUCKET_SIZE
    max_bucket: int = 8192
    seed: int = 1

    def __post_init__(self) -> None:
        for name, low in (("tables", 1), ("bucket_size", 2), ("max_bucket", 2), ("seed", 0)):
            value = getattr(self, name)
            if not isinstance(value, int) or value < low:
                raise ConfigError(f"BucketSearch.{name} must be an integer of at least {low}, got {value!r}")
        if self.max_bucket < self.bucket_size:
            raise ConfigError(
                f"BucketSearch.max_bucket ({self.max_bucket}) must be at least bucket_size "
                f"({self.bucket_size}); raise max_bucket or lower bucket_size"
            )

    def bits(self, n: int) -> int:
        """Hyperplanes per table for ``n`` documents: about ``bucket_size`` per bucket, at most 62."""
        return min(62, max(0, math.ceil(math.log2(n / self.bucket_size)))) if n > self.bucket_size else 0


def neighbour_pairs(
    vectors: RDD[Vector], n: int, config: CandidateConfig, search: BucketSearch
) -> RDD[tuple[int, int]]:
    """``candidates.neighbour_pairs`` on Spark: exact up to ``exact_neighbours_up_to``, buckets above.

    ``vectors``: (index, document vector) of the ``n`` documents.
    """
    k = min(config.neighbours, n - 1)
    if k <= 0:
        return vectors.context.emptyRDD()
    bests = (
        exact_bests(vectors, k) if n <= config.exact_neighbours_up_to else bucket_bests(vectors, n, k, search)
    )
    floor = config.min_doc_similarity
    return bests.groupByKey().flatMap(lambda kv: _row_pairs(kv[0], kv[1], k, floor))


def exact_bests(vectors: RDD[Vector], k: int) -> RDD[tuple[int, tuple[float, int]]]:
    """Each document's ``k`` best per block, every block against every block: exact, quadratic.

    Each pair of blocks is multiplied in one task; each document keeps its ``k``
    best per block (lower index first among ties), merged later into its ``k``
    best overall. The data moved is each block once per block.
    """
    blocks = vectors.map(lambda iv: (iv[0] // NEIGHBOUR_BLOCK, iv)).groupByKey().mapValues(_stack)
    return (
        blocks.cartesian(blocks)
        .filter(lambda pair: pair[0][0] <= pair[1][0])
        .flatMap(lambda pair: _block_bests(pair[0][1], pair[1][1], k, pair[0][0] == pair[1][0]))
    )


def bucket_bests(
    vectors: RDD[Vector], n: int, k: int, search: BucketSearch
) -> RDD[tuple[int, tuple[float, int]]]:
    """Each document's ``k`` best within each of its buckets (``BucketSearch``)."""
    bits = search.bits(n)
    tables = search.tables if bits else 1  # no hyperplanes: one bucket holds everything
    mean = vectors.context.broadcast(collection_mean(vectors, n))
    keyed = vectors.flatMap(
        lambda iv: ((key, iv) for key in bucket_keys(iv[1], mean.value, search.seed, tables, bits))
    )
    return keyed.groupByKey().flatMap(lambda kv: _bucket_bests(kv[1], k, search.max_bucket))


def collection_mean(vectors: RDD[Vector], n: int) -> npt.NDArray[np.float64]:
    """The mean document vector: buckets cut through it, so they split the collection evenly.

    Document vectors share a common direction (all are news); hyperplanes through the
    origin would leave most documents on the same side of most of them.
    """
    zero = np.zeros(0, dtype=np.int64)
    total = vectors.map(lambda iv: np.rint(iv[1].astype(np.float64) * _MEAN_SCALE).astype(np.int64)).fold(
        zero, lambda x, y: y if x.size == 0 else x if y.size == 0 else x + y
    )
    if total.size == 0:
        return total.astype(np.float64)
    mean: npt.NDArray[np.float64] = total.astype(np.float64) / _MEAN_SCALE / n
    return mean


@functools.lru_cache(maxsize=4)
def hyperplanes(seed: int, tables: int, bits: int, dim: int) -> npt.NDArray[np.float64]:
    """The normals of the ``tables * bits`` hyperplanes, the same in every executor for a seed."""
    return np.random.default_rng(seed).standard_normal((tables * bits, dim))


def bucket_keys(
    vector: Matrix, mean: npt.NDArray[np.float64], seed: int, tables: int, bits: int
) -> list[tuple[int, int]]:
    """(table, bucket) of one document in each table: the sides of the hyperplanes it is on."""
    if bits == 0:
        return [(0, 0)]
    centred = vector.astype(np.float64) - mean if mean.size else vector.astype(np.float64)
    # One document at a time, in double precision: its side of a plane must not depend on the
    # rows it happens to be multiplied with.
    sides = (hyperplanes(seed, tables, bits, vector.shape[0]) @ centred > 0).reshape(tables, bits)
    weights = 1 << np.arange(bits, dtype=np.int64)
    return [(t, int(key)) for t, key in enumerate((sides * weights).sum(axis=1).tolist())]


def _stack(rows: Iterable[Vector]) -> tuple[npt.NDArray[np.int64], Matrix]:
    ordered = sorted(rows, key=lambda r: r[0])
    return np.array([i for i, _ in ordered], dtype=np.int64), np.stack([v for _, v in ordered])


def _block_bests(
    left: tuple[npt.NDArray[np.int64], Matrix],
    right: tuple[npt.NDArray[np.int64], Matrix],
    k: int,
    same: bool,
) -> Iterator[tuple[int, tuple[float, int]]]:
    """(document, (similarity, other)) for each document's ``k`` best in the other block."""
    (li, lv), (ri, rv) = left, right
    sims = lv @ rv.T
    if same:
        sims[np.arange(len(li)), np.arange(len(li))] = -np.inf
    sides = [(sims, li, ri)] if same else [(sims, li, ri), (np.ascontiguousarray(sims.T), ri, li)]
    for block, rows, cols in sides:
        kk = min(k, block.shape[1] - int(same))
        if kk <= 0:
            continue
        for r, c in zip(*candidates.top_per_row(block, kk), strict=True):
            yield int(rows[r]), (float(block[r, c]), int(cols[c]))


def _bucket_bests(
    members: Iterable[Vector], k: int, max_bucket: int
) -> Iterator[tuple[int, tuple[float, int]]]:
    """Each member's ``k`` best among the bucket's other members (pieces of ``max_bucket`` at most)."""
    ordered = sorted(members, key=lambda m: m[0])
    for start in range(0, len(ordered), max_bucket):
        ids, vectors = _stack(ordered[start : start + max_bucket])
        for row in range(0, len(ids), NEIGHBOUR_BLOCK):
            rows = slice(row, row + NEIGHBOUR_BLOCK)
            sims = vectors[rows] @ vectors.T
            own = np.arange(sims.shape[0])
            sims[own, own + row] = -np.inf
            kk = min(k, len(ids) - 1)
            if kk <= 0:
                continue
            for r, c in zip(*candidates.top_per_row(sims, kk), strict=True):
                yield int(ids[row + r]), (float(sims[r, c]), int(ids[c]))


def _row_pairs(
    row: int, found: Iterable[tuple[float, int]], k: int, min_similarity: float
) -> Iterator[tuple[int, int]]:
    """The document's ``k`` best of what its blocks or buckets found, as ordered pairs above the floor.

    A neighbour met in several buckets counts once, with its highest similarity.
    """
    best: dict[int, float] = {}
    for sim, col in found:
        if sim > best.get(col, -np.inf):
            best[col] = sim
    for col, sim in sorted(best.items(), key=lambda f: (-f[1], f[0]))[:k]:
        if sim >= min_similarity:
            yield min(row, col), max(row, col)
