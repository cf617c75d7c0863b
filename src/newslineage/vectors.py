"""Nearest neighbours of unit vectors by cosine: an approximate index, or an exact scan.

The index keeps document vectors under integer keys, answers "the k most similar
to this vector" and lives in one file. ``usearch`` (HNSW, chosen by measurement:
docs/benchmarks.md, ``bench/vectors.py``) answers in well under a millisecond at
100,000 vectors; where it cannot be installed an exact matrix product gives the
same answers more slowly. Both keep the same interface, so the index, the
service and the scan's candidate stage can use either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newslineage.embed import Matrix

Keys = npt.NDArray[np.int64]

#: HNSW settings measured on this project's vectors (bench/vectors.py): recall@10 >= 0.99.
CONNECTIVITY = 16
EXPANSION_ADD = 128
EXPANSION_SEARCH = 96
#: The scan's one-off graph over a whole collection: it is searched once per document, so a
#: cheaper build pays more than the index's (bench/vectors.py --scan prints the recall).
SCAN_EXPANSION_ADD = 64
SCAN_EXPANSION_SEARCH = 64


@dataclass(frozen=True, slots=True)
class Neighbours:
    """For each query row: the keys found (-1 where fewer exist) and their cosines."""

    keys: Keys
    similarity: npt.NDArray[np.float32]


class VectorIndex(Protocol):
    """What the index and the service need of a vector index."""

    dim: int

    def __len__(self) -> int: ...

    def add(self, keys: Keys, vectors: Matrix) -> None: ...

    def remove(self, keys: Keys) -> None: ...

    def search(self, vectors: Matrix, k: int) -> Neighbours: ...

    def save(self, path: Path) -> None: ...


class ExactIndex:
    """Every stored vector compared with every query: exact, and linear in the stored count."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._keys: Keys = np.zeros(0, dtype=np.int64)
        self._vectors: Matrix = np.zeros((0, dim), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, keys: Keys, vectors: Matrix) -> None:
        self.remove(keys)
        self._keys = np.concatenate([self._keys, keys.astype(np.int64)])
        self._vectors = np.concatenate([self._vectors, vectors.astype(np.float32)])

    def remove(self, keys: Keys) -> None:
        keep = ~np.isin(self._keys, keys)
        self._keys, self._vectors = self._keys[keep], self._vectors[keep]

    def search(self, vectors: Matrix, k: int) -> Neighbours:
        n = len(self._keys)
        found = np.full((len(vectors), k), -1, dtype=np.int64)
        sims = np.full((len(vectors), k), -np.inf, dtype=np.float32)
        if n == 0 or k == 0:
            return Neighbours(found, sims)
        scores = vectors.astype(np.float32) @ self._vectors.T
        kk = min(k, n)
        top = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
        for r in range(len(vectors)):
            # Best first, ties to the lower key: the same order whatever the insertion order.
            order = np.lexsort((self._keys[top[r]], -scores[r, top[r]]))
            found[r, :kk] = self._keys[top[r][order]]
            sims[r, :kk] = scores[r, top[r][order]]
        return Neighbours(found, sims)

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez(fh, keys=self._keys, vectors=self._vectors)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dim: int) -> ExactIndex:
        out = cls(dim)
        with np.load(path) as data:
            out._keys, out._vectors = data["keys"], data["vectors"]
        return out


class HnswIndex:
    """usearch's HNSW graph over cosine; one file, memory-mapped or loaded whole."""

    def __init__(
        self,
        dim: int,
        *,
        dtype: str = "f32",
        expansion_add: int = EXPANSION_ADD,
        expansion_search: int = EXPANSION_SEARCH,
    ) -> None:
        from usearch.index import Index

        self.dim = dim
        self._index = Index(
            ndim=dim,
            metric="cos",
            dtype=dtype,
            connectivity=CONNECTIVITY,
            expansion_add=expansion_add,
            expansion_search=expansion_search,
        )

    def __len__(self) -> int:
        return len(self._index)

    def add(self, keys: Keys, vectors: Matrix) -> None:
        if len(keys) == 0:
            return
        self.remove(keys)
        # One thread: the service and the index writer share two cores with the model.
        self._index.add(keys.astype(np.uint64), vectors.astype(np.float32, copy=False), threads=1)

    def remove(self, keys: Keys) -> None:
        present = [int(k) for k in keys if int(k) in self._index]
        if present:
            self._index.remove(present)

    def search(self, vectors: Matrix, k: int, threads: int = 1) -> Neighbours:
        found = np.full((len(vectors), k), -1, dtype=np.int64)
        sims = np.full((len(vectors), k), -np.inf, dtype=np.float32)
        if len(self._index) == 0 or k == 0 or len(vectors) == 0:
            return Neighbours(found, sims)
        result = self._index.search(vectors.astype(np.float32, copy=False), k, threads=threads)
        keys = np.asarray(result.keys).reshape(len(vectors), -1)
        distances = np.asarray(result.distances, dtype=np.float32).reshape(len(vectors), -1)
        # One query comes back as ``Matches`` (no counts: every slot found is filled).
        counts = np.asarray(getattr(result, "counts", [keys.shape[1]])).reshape(len(vectors))
        for r in range(len(vectors)):
            c = int(counts[r])
            found[r, :c] = keys[r, :c].astype(np.int64)
            sims[r, :c] = 1.0 - distances[r, :c]
        return Neighbours(found, sims)

    def save(self, path: Path) -> None:
        # Written beside the target and renamed: a reader never opens a half-written file.
        tmp = path.with_name(path.name + ".tmp")
        self._index.save(str(tmp))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, dim: int) -> HnswIndex:
        out = cls(dim)
        out._index.load(str(path))
        return out


#: Rows added to the graph per call by ``self_neighbours``.
_ADD_SLICE = 8_192


def self_neighbours(vectors: Matrix, k: int, order: Keys, threads: int = 1) -> Neighbours:
    """Each row's ``k`` approximate nearest other rows by cosine, from one HNSW graph.

    Rows go into the graph in ``order`` (a permutation of the rows fixed by the
    documents' contents), one at a time: the graph, and so the answer, does not
    depend on what the inputs are called or on how many threads search it.
    Vectors are held as float16 in the graph, which halves its build time; the
    caller re-measures the pairs it keeps on the float32 vectors.
    """
    n = vectors.shape[0]
    found = np.full((n, k), -1, dtype=np.int64)
    sims = np.full((n, k), -np.inf, dtype=np.float32)
    if n < 2 or k == 0:
        return Neighbours(found, sims)
    graph = HnswIndex(
        vectors.shape[1],
        dtype="f16",
        expansion_add=SCAN_EXPANSION_ADD,
        expansion_search=SCAN_EXPANSION_SEARCH,
    )
    # In slices of the order, one after the other: the same insertions as one call, without a
    # reordered copy of every vector (200 MB at 100,000 documents) at the stage's peak.
    for start in range(0, n, _ADD_SLICE):
        rows = order[start : start + _ADD_SLICE]
        graph.add(rows, vectors[rows])
    # One more than asked: a row finds itself (or a row with an equal vector) among its nearest.
    nearest = graph.search(vectors, k + 1, threads=threads)
    for r, (keys, similarity) in enumerate(zip(nearest.keys, nearest.similarity, strict=True)):
        others = (keys >= 0) & (keys != r)
        kept = min(k, int(others.sum()))
        found[r, :kept] = keys[others][:kept]
        sims[r, :kept] = similarity[others][:kept]
    return Neighbours(found, sims)


def approximate_available() -> bool:
    """True when usearch (a core dependency) could be imported."""
    try:
        import usearch.index  # noqa: F401
    except ImportError:
        return False
    return True


def new_index(dim: int, *, exact: bool = False) -> VectorIndex:
    """An empty index: HNSW when usearch is installed and ``exact`` is not asked for."""
    if exact or not approximate_available():
        return ExactIndex(dim)
    return HnswIndex(dim)


def open_index(path: Path, dim: int) -> VectorIndex:
    """The index saved at ``path`` (its kind read from the file name's suffix)."""
    if path.suffix == ".npz":
        return ExactIndex.load(path, dim)
    return HnswIndex.load(path, dim)


def file_name(index: VectorIndex) -> str:
    """Where an index of this kind is saved inside an index folder."""
    return "vectors.npz" if isinstance(index, ExactIndex) else "vectors.usearch"
