"""Candidate pairs: which articles are worth aligning.

Three cheap signals, united, then bounded per article so the cost grows
near-linearly with the collection:

- MinHash LSH collisions find verbatim and lightly edited copies;
- nearest neighbours of document embeddings find rewrites and translations,
  which share few shingles with their source;
- shared rare anchors (multi-word names, numbers with units, quotes) find
  spun copies and independent reports of one event.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.models import Document

Pair = tuple[int, int]
#: Documents per block of the nearest-neighbour matrix product (bounds memory).
_BLOCK = 2048
#: LSH buckets larger than this are furniture or templates, not copies.
_MAX_BUCKET = 200


@dataclass(frozen=True, slots=True)
class CandidateSet:
    """Candidate pairs (i < j, indices into the document list) and their signals."""

    pairs: tuple[Pair, ...]
    doc_similarity: dict[Pair, float]
    shared_anchors: dict[Pair, int]
    sources: dict[Pair, frozenset[str]]


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) whose S-curve ``1 - (1 - s**r)**b`` is steepest near ``threshold``.

    Chooses the split with the smallest sum of false-positive and false-negative
    areas under the curve, estimated on a grid.
    """
    grid = np.linspace(0.0, 1.0, 201)
    best, best_err = (1, num_perm), math.inf
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        prob = 1 - (1 - grid**rows) ** bands
        err = float(np.trapezoid(np.where(grid < threshold, prob, 1 - prob), grid))
        if err < best_err:
            best, best_err = (bands, rows), err
    return best


def lsh_pairs(signatures: npt.NDArray[np.uint32], threshold: float) -> set[Pair]:
    """Pairs of rows that collide in at least one LSH band."""
    bands, rows = lsh_params(threshold, signatures.shape[1])
    n = signatures.shape[0]
    codes = [
        first * n + second
        for band in range(bands)
        for first, second in [band_pairs(signatures[:, band * rows : (band + 1) * rows], _MAX_BUCKET)]
    ]
    # Most pairs collide in several bands; deduplicating their codes in numpy is cheaper than a set.
    unique = np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)
    return set(zip((unique // max(n, 1)).tolist(), (unique % max(n, 1)).tolist(), strict=True))


def band_pairs(
    band: npt.NDArray[np.uint32], max_bucket: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(i, j), i < j: the rows with equal band values, from buckets of at most ``max_bucket`` rows.

    Sorting the rows once puts equal ones next to each other; the pairs of every
    bucket are then read at once, offset by offset, with no Python step per row.
    """
    n = band.shape[0]
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty
    order = np.lexsort(band.T[::-1])  # stable: equal rows stay in ascending row order
    ranked = band[order]
    starts = np.flatnonzero(np.concatenate([[True], (ranked[1:] != ranked[:-1]).any(axis=1)]))
    sizes = np.diff(np.append(starts, n))
    keep = (sizes > 1) & (sizes <= max_bucket)
    # For each sorted position: where its bucket ends (0 for positions in buckets not kept).
    end = np.repeat(np.where(keep, starts + sizes, 0), sizes)
    firsts, seconds = [empty], [empty]
    position = np.arange(n)
    for offset in range(1, int(sizes[keep].max(initial=1))):
        at = np.flatnonzero(position + offset < end)
        firsts.append(order[at])
        seconds.append(order[at + offset])
    i, j = np.concatenate(firsts).astype(np.int64), np.concatenate(seconds).astype(np.int64)
    return np.minimum(i, j), np.maximum(i, j)


def neighbour_pairs(vectors: Matrix, k: int, min_similarity: float) -> dict[Pair, float]:
    """Each document's ``k`` nearest neighbours by cosine, above ``min_similarity``."""
    n = vectors.shape[0]
    out: dict[Pair, float] = {}
    if n < 2 or k == 0:
        return out
    kk = min(k, n - 1)
    for start in range(0, n, _BLOCK):
        block = vectors[start : start + _BLOCK] @ vectors.T
        for r in range(block.shape[0]):
            block[r, start + r] = -np.inf
        top = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        for r, cols in enumerate(top):
            i = start + r
            for j in cols.tolist():
                sim = float(block[r, j])
                if sim >= min_similarity:
                    out[(min(i, j), max(i, j))] = sim
    return out


def telling_anchors(doc: Document) -> set[str]:
    """Anchors particular to an event: not single common words, not who distributed the text.

    A credit ("Reuters") and the agency's name repeated in the text are shared
    by everything one agency sends, so they say nothing about the event.
    """
    credits = {a.value.lower() for a in doc.anchors if a.kind == "credit"}
    out: set[str] = set()
    for anchor in doc.anchors:
        if anchor.kind == "credit" or (anchor.kind == "name" and anchor.value in credits):
            continue
        if anchor.kind == "name" and " " not in anchor.value:
            continue
        if anchor.kind == "number" and len(anchor.value) < 3:
            continue
        out.add(f"{anchor.kind}:{anchor.value}")
    return out


def anchor_pairs(docs: Sequence[Document], max_docs: int, min_shared: int) -> dict[Pair, int]:
    """Pairs sharing at least ``min_shared`` anchors that occur in at most ``max_docs`` documents.

    Counted one document at a time, so memory holds the pairs kept, not every
    pair that shares a single anchor (hundreds of millions in a large crawl).
    """
    keys = [sorted(telling_anchors(doc)) for doc in docs]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, doc_keys in enumerate(keys):
        for key in doc_keys:
            postings[key].append(i)
    out: dict[Pair, int] = {}
    for i, doc_keys in enumerate(keys):
        counts: dict[int, int] = defaultdict(int)
        for key in doc_keys:
            members = postings[key]
            if 1 < len(members) <= max_docs:
                for j in members:
                    if j > i:
                        counts[j] += 1
        out.update(((i, j), c) for j, c in counts.items() if c >= min_shared)
    return out


def find_candidates(
    docs: Sequence[Document],
    signatures: npt.NDArray[np.uint32],
    doc_vectors: Matrix,
    config: CandidateConfig,
) -> CandidateSet:
    """The union of the three signals, bounded to ``max_per_article`` per document."""
    sources: dict[Pair, set[str]] = defaultdict(set)
    for pair in lsh_pairs(signatures, config.lsh_threshold):
        sources[pair].add("minhash")
    neighbours = neighbour_pairs(doc_vectors, config.neighbours, config.min_doc_similarity)
    for pair in neighbours:
        sources[pair].add("embedding")
    anchors = anchor_pairs(docs, config.anchor_max_docs, config.min_shared_anchors)
    for pair in anchors:
        sources[pair].add("anchors")
    similarity = {
        pair: neighbours.get(pair, float(doc_vectors[pair[0]] @ doc_vectors[pair[1]])) for pair in sources
    }
    kept = _bound(similarity, sources, config.max_per_article)
    return CandidateSet(
        pairs=kept,
        doc_similarity={p: round(similarity[p], 4) for p in kept},
        shared_anchors={p: anchors.get(p, 0) for p in kept},
        sources={p: frozenset(sources[p]) for p in kept},
    )


def _bound(similarity: dict[Pair, float], sources: dict[Pair, set[str]], cap: int) -> tuple[Pair, ...]:
    """Keep a pair if it is among the ``cap`` best of either of its documents."""
    by_doc: dict[int, list[tuple[float, Pair]]] = defaultdict(list)
    for pair, sim in similarity.items():
        # Lexical collisions outrank embedding-only neighbours: they are near-certain copies.
        score = sim + (1.0 if "minhash" in sources[pair] else 0.0)
        by_doc[pair[0]].append((score, pair))
        by_doc[pair[1]].append((score, pair))
    kept: set[Pair] = set()
    for ranked in by_doc.values():
        ranked.sort(key=lambda sp: (-sp[0], sp[1]))
        kept.update(pair for _, pair in ranked[:cap])
    return tuple(sorted(kept))
