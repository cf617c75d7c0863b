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
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslineage import symmetry
from newslineage.arrays import distinct, rank_in_runs
from newslineage.config import CandidateConfig
from newslineage.embed import Matrix
from newslineage.models import Document
from newslineage.vectors import approximate_available, self_neighbours

Pair = tuple[int, int]
Codes = npt.NDArray[np.int64]
Shares = npt.NDArray[np.float64] | float
Counts = npt.NDArray[np.int64] | int
Flags = npt.NDArray[np.bool_] | bool
#: The signals that propose pairs; bit k of ``CandidateSet.signals`` is ``SIGNALS[k]``.
SIGNALS = ("minhash", "embedding", "anchors")
#: Similarities per block of the nearest-neighbour matrix product: the block, and the
#: index array ``argpartition`` returns for it, must stay small next to the vectors
#: (at 100,000 documents a block of 2,048 rows cost 2.4 GB).
_BLOCK_CELLS = 8_000_000
#: LSH buckets larger than this are furniture or templates, not copies.
MAX_BUCKET = 200


@dataclass(frozen=True, slots=True)
class CandidateSet:
    """Candidate pairs, one row per pair (``first < second``, indices into the document list).

    Columns, not a tuple and dicts per pair: a large scan keeps millions of
    candidates in memory while it aligns them.
    """

    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    #: Cosine of the two document vectors.
    similarity: npt.NDArray[np.float64]
    #: Rare anchors the two share (counted only for pairs the anchor signal proposed).
    shared_anchors: npt.NDArray[np.int64]
    #: Bit mask of the signals that proposed the pair, in ``SIGNALS`` order.
    signals: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.first)

    @property
    def pairs(self) -> tuple[Pair, ...]:
        return tuple(zip(self.first.tolist(), self.second.tolist(), strict=True))

    def sources(self, row: int) -> frozenset[str]:
        """The names of the signals that proposed the pair in ``row``."""
        bits = int(self.signals[row])
        return frozenset(name for b, name in enumerate(SIGNALS) if bits >> b & 1)


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
    n = max(signatures.shape[0], 1)
    codes = lsh_codes(signatures, threshold)
    return set(zip((codes // n).tolist(), (codes % n).tolist(), strict=True))


def lsh_codes(signatures: npt.NDArray[np.uint32], threshold: float) -> Codes:
    """The pairs of ``lsh_pairs`` as sorted unique codes ``i * n + j`` (see ``pair_codes``).

    A crawl full of templated articles collides in millions of pairs; kept in
    numpy they cost 8 bytes each instead of a Python tuple and a set slot.
    """
    bands, rows = lsh_params(threshold, signatures.shape[1])
    n = signatures.shape[0]
    codes = [
        pair_codes(first, second, n)
        for band in range(bands)
        for first, second in [band_pairs(signatures[:, band * rows : (band + 1) * rows], MAX_BUCKET)]
    ]
    # Most pairs collide in several bands; deduplicating their codes in numpy is cheaper than a set.
    return distinct(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)


def lexical_codes(signatures: npt.NDArray[np.uint32], config: CandidateConfig) -> Codes:
    """The LSH pairs that count as lexical candidates: ``lsh_codes``, checked on their signatures.

    A pair counts when its signatures agree on ``lsh_min_jaccard`` of their values and,
    below ``lsh_threshold``, on ``lsh_min_telling`` values that at most ``anchor_max_docs``
    documents hold (``telling_agreement``): in a crawl of templated articles, two reports of
    different events collide on the template's shingles, which thousands of articles share,
    and a copy on its own words.
    """
    n = max(signatures.shape[0], 1)
    codes = lsh_codes(signatures, config.lsh_threshold)
    first, second = np.divmod(codes, n)
    share = signature_agreement(signatures, first, second)
    told = np.zeros(len(codes), dtype=np.int64)
    if config.lsh_min_telling:
        low = np.flatnonzero(telling_decides(share, config))
        common = common_values(signatures, config.anchor_max_docs)
        told[low] = telling_agreement(signatures, common, first[low], second[low])
    return codes[counts_as_lexical(share, told, config)]


def counts_as_lexical(share: Shares, telling: Counts, config: CandidateConfig) -> Flags:
    """Whether LSH pairs whose signatures agree on ``share`` of their values, ``telling`` of them
    values that at most ``anchor_max_docs`` documents hold, count as lexical candidates.

    For arrays of pairs and for one pair alike: the scan, the index and the Spark job decide by it.
    """
    above: Flags = share >= config.lsh_threshold
    told: Flags = telling >= config.lsh_min_telling
    kept: Flags = (share >= config.lsh_min_jaccard) & (above | told)
    return kept


def telling_decides(share: Shares, config: CandidateConfig) -> Flags:
    """Whether ``counts_as_lexical`` depends on the telling count at ``share``: the values are
    counted only there (between ``lsh_min_jaccard`` and ``lsh_threshold``, the check on)."""
    low: Flags = (share >= config.lsh_min_jaccard) & (share < config.lsh_threshold)
    return low & (config.lsh_min_telling > 0)


def common_values(signatures: npt.NDArray[np.uint32], max_docs: int) -> npt.NDArray[np.bool_]:
    """For each document and MinHash position, whether more than ``max_docs`` documents hold its value there.

    A value is the least hash of one shingle; one that many documents share at a position
    is a shingle of the collection's templates or furniture, not of one text.
    """
    common = np.zeros(signatures.shape, dtype=np.bool_)
    for k in range(signatures.shape[1]):
        _, inverse, counts = np.unique(signatures[:, k], return_inverse=True, return_counts=True)
        common[:, k] = counts[inverse] > max_docs
    return common


def telling_agreement(
    signatures: npt.NDArray[np.uint32], common: npt.NDArray[np.bool_], first: Codes, second: Codes
) -> npt.NDArray[np.int64]:
    """For each pair of rows, how many MinHash positions agree on a value that is not ``common``."""
    out = np.zeros(len(first), dtype=np.int64)
    step = max(1, _BLOCK_CELLS // max(signatures.shape[1], 1))
    for start in range(0, len(first), step):
        a, b = first[start : start + step], second[start : start + step]
        out[start : start + step] = ((signatures[a] == signatures[b]) & ~common[a]).sum(axis=1)
    return out


def telling_with(
    signature: npt.NDArray[np.uint32], common: npt.NDArray[np.bool_], others: Sequence[npt.NDArray[np.uint32]]
) -> npt.NDArray[np.int64]:
    """``telling_agreement`` of one signature, whose ``common`` positions are known,
    with each of ``others``: where two values agree they are one value, equally common."""
    table = np.stack([signature, *others])
    mask = np.broadcast_to(common, table.shape)
    rows = np.arange(1, len(others) + 1)
    return telling_agreement(table, mask, np.zeros(len(others), dtype=np.int64), rows)


def signature_agreement(
    signatures: npt.NDArray[np.uint32], first: Codes, second: Codes
) -> npt.NDArray[np.float64]:
    """For each pair of rows, the share of their MinHash values that agree: their estimated Jaccard.

    In chunks, so that the gathered signatures stay small next to the pairs.
    """
    out = np.zeros(len(first), dtype=np.float64)
    step = max(1, _BLOCK_CELLS // max(signatures.shape[1], 1))
    for start in range(0, len(first), step):
        a, b = signatures[first[start : start + step]], signatures[second[start : start + step]]
        out[start : start + step] = (a == b).mean(axis=1)
    return out


def agreement_with(
    signature: npt.NDArray[np.uint32], others: Sequence[npt.NDArray[np.uint32]]
) -> list[float]:
    """``signature_agreement`` of one signature with each of ``others`` (a pair or a few at a time)."""
    if not others:
        return []
    table = np.stack([signature, *others])
    rows = np.arange(1, len(others) + 1)
    shares: list[float] = signature_agreement(table, np.zeros(len(others), dtype=np.int64), rows).tolist()
    return shares


def pair_codes(first: npt.NDArray[np.int64], second: npt.NDArray[np.int64], n: int) -> Codes:
    """Pairs (i < j) of ``n`` documents as one int64 each; sorting codes sorts the pairs."""
    return first.astype(np.int64) * n + second.astype(np.int64)


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
    # Positions that still have a partner ``offset`` places on; the set shrinks as offset grows.
    position = np.flatnonzero(end)
    end = end[position]
    for offset in range(1, int(sizes[keep].max(initial=1))):
        alive = position + offset < end
        position, end = position[alive], end[alive]
        firsts.append(order[position])
        seconds.append(order[position + offset])
    i, j = np.concatenate(firsts).astype(np.int64), np.concatenate(seconds).astype(np.int64)
    return np.minimum(i, j), np.maximum(i, j)


def neighbour_pairs(
    vectors: Matrix,
    k: int,
    min_similarity: float,
    *,
    order: npt.NDArray[np.int64] | None = None,
    threads: int = 1,
) -> dict[Pair, float]:
    """Each document's ``k`` nearest neighbours by cosine, above ``min_similarity``.

    Exact by default: ties (reprints have equal vectors) go to the lower index, so
    the answer is fixed by the documents, not by how the partition happened to
    run. Given ``order`` (the rows in content order), an approximate graph
    answers instead (``vectors.self_neighbours``): the exact search compares every
    document with every other, which is hours at a million documents.
    """
    n = vectors.shape[0]
    out: dict[Pair, float] = {}
    if n < 2 or k == 0:
        return out
    if order is not None:
        first, second, sims = _approximate_neighbours(vectors, k, min_similarity, order, threads)
        # Row by row, as the graph lists them: a pair found from both sides keeps its later cosine.
        return dict(zip(zip(first.tolist(), second.tolist(), strict=True), sims.tolist(), strict=True))
    kk = min(k, n - 1)
    rows = max(1, min(n, _BLOCK_CELLS // n))
    for start in range(0, n, rows):
        block = vectors[start : start + rows] @ vectors.T
        block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -np.inf
        for r, j in zip(*top_per_row(block, kk), strict=True):
            sim = float(block[r, j])
            if sim >= min_similarity:
                i = start + r
                out[(min(i, j), max(i, j))] = sim
    return out


def neighbour_codes(
    vectors: Matrix,
    k: int,
    min_similarity: float,
    *,
    order: npt.NDArray[np.int64] | None = None,
    threads: int = 1,
) -> Codes:
    """The pairs of ``neighbour_pairs`` as sorted unique codes (``pair_codes``), without their cosines.

    From the approximate graph they stay in numpy: as a dictionary of Python pairs the
    neighbours of 100,000 documents are a hundred megabytes at the candidate stage's peak.
    """
    n = vectors.shape[0]
    if order is None or n < 2 or k == 0:
        return _codes(neighbour_pairs(vectors, k, min_similarity, threads=threads), n)
    first, second, _ = _approximate_neighbours(vectors, k, min_similarity, order, threads)
    return distinct(pair_codes(first, second, n))


def _approximate_neighbours(
    vectors: Matrix, k: int, min_similarity: float, order: npt.NDArray[np.int64], threads: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The approximate graph's pairs at ``min_similarity`` or more, row by row: (lower, higher, cosine).

    For two documents or more and ``k`` above 0.
    """
    n = vectors.shape[0]
    found = self_neighbours(vectors, min(k, n - 1), order, threads)
    # Compared in double precision: the cosines are read as Python floats.
    sims = found.similarity.astype(np.float64)
    keep = (found.keys >= 0) & (sims >= min_similarity)
    rows = np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], found.keys.shape)[keep]
    others = found.keys[keep].astype(np.int64)
    return np.minimum(rows, others), np.maximum(rows, others), sims[keep]


def top_per_row(block: Matrix, k: int) -> tuple[list[int], list[int]]:
    """(row, column) of each row's ``k`` largest entries, lower column first among ties."""
    kth = np.partition(block, block.shape[1] - k, axis=1)[:, block.shape[1] - k]
    rows, cols = np.nonzero(block >= kth[:, None])  # row-major: columns ascend within a row
    above = block[rows, cols] > kth[rows]
    room = k - np.bincount(rows[above], minlength=block.shape[0])
    ties = ~above
    tie_rows = rows[ties]
    keep = above.copy()
    # A row's ties come in column order: the first ``room`` of them fill its k.
    keep[ties] = rank_in_runs(tie_rows) < room[tie_rows]
    return rows[keep].tolist(), cols[keep].tolist()


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
        # Interned: the alignment stage holds every document's set for its forked workers.
        out.add(sys.intern(f"{anchor.kind}:{anchor.value}"))
    return out


#: Texts that each name this many particulars are expected to share one if one copies the other.
FACTS_TO_SHARE = 3


def disjoint_particulars(telling_a: Set[str], telling_b: Set[str], language_a: str, language_b: str) -> bool:
    """Both name ``FACTS_TO_SHARE`` or more particulars of an event, and none of them is shared.

    Such texts are neither a copy (a copy keeps some of its source's particulars)
    nor one event (``relate.cannot_relate``). Across languages names may be
    transliterated, so only same-language pairs are held to it.
    """
    if language_a != language_b:
        return False
    return min(len(telling_a), len(telling_b)) >= FACTS_TO_SHARE and telling_a.isdisjoint(telling_b)


def anchor_pairs(
    docs: Sequence[Document], max_docs: int, min_shared: int, telling: Sequence[Set[str]] | None = None
) -> dict[Pair, int]:
    """Pairs sharing at least ``min_shared`` anchors that occur in at most ``max_docs`` documents.

    Counted one document at a time, so memory holds the pairs kept, not every
    pair that shares a single anchor (hundreds of millions in a large crawl).
    ``telling`` holds each document's ``telling_anchors`` where the caller has them.
    """
    keys = [sorted(t) for t in telling] if telling is not None else [sorted(telling_anchors(d)) for d in docs]
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
    *,
    threads: int = 1,
) -> CandidateSet:
    """The union of the three signals, bounded to ``max_per_article`` per document.

    Pairs that cannot relate (``disjoint_particulars``) are left out before the bound.

    Above ``exact_neighbours_up_to`` documents the embedding neighbours come from
    an approximate graph searched with ``threads`` threads (``neighbour_pairs``).

    The union and the bound run on int64 pair codes: before the bound a templated
    crawl holds tens of millions of pairs, after it at most ``max_per_article`` per
    document, and only those become Python objects.
    """
    n = len(docs)
    order = content_order(docs) if n > config.exact_neighbours_up_to and approximate_available() else None
    neighbours = neighbour_codes(
        doc_vectors, config.neighbours, config.min_doc_similarity, order=order, threads=threads
    )
    telling = [telling_anchors(d) for d in docs]
    anchors = anchor_pairs(docs, config.anchor_max_docs, config.min_shared_anchors, telling)
    lexical = lexical_codes(signatures, config)
    found = [lexical, neighbours, _codes(anchors, n)]
    codes, signals = _union(found)
    first, second = np.divmod(codes, max(n, 1))
    # Pairs that cannot relate are dropped before the bound, not after: in a crawl of formulaic
    # articles they are most of the union, and kept they crowd an article's true partners out.
    keep = relatable(docs, telling, first, second)
    codes, signals, first, second = codes[keep], signals[keep], first[keep], second[keep]
    similarity = pair_similarity(doc_vectors, first, second)
    # Lexical collisions outrank embedding-only neighbours: they are near-certain copies.
    kept = _bound(codes, first, second, similarity + (signals & 1), config.max_per_article)
    first, second, similarity, signals = first[kept], second[kept], similarity[kept], signals[kept]
    shared = [anchors.get(p, 0) for p in zip(first.tolist(), second.tolist(), strict=True)]
    return CandidateSet(first, second, similarity, np.array(shared, dtype=np.int64), signals)


def relatable(
    docs: Sequence[Document], telling: Sequence[Set[str]], first: Codes, second: Codes
) -> npt.NDArray[np.bool_]:
    """For each pair, whether it may relate at all (not ``disjoint_particulars``)."""
    languages = [d.language for d in docs]
    return np.fromiter(
        (
            not disjoint_particulars(telling[i], telling[j], languages[i], languages[j])
            for i, j in zip(first.tolist(), second.tolist(), strict=True)
        ),
        dtype=np.bool_,
        count=len(first),
    )


def content_order(docs: Sequence[Document]) -> npt.NDArray[np.int64]:
    """The rows of ``docs`` in content order (``symmetry.content_key``, then id)."""
    keys = [symmetry.content_key(d) for d in docs]
    return np.array(sorted(range(len(docs)), key=lambda k: (keys[k], docs[k].id)), dtype=np.int64)


def _codes(pairs: Mapping[Pair, object], n: int) -> Codes:
    if not pairs:
        return np.zeros(0, dtype=np.int64)
    both = np.array(sorted(pairs), dtype=np.int64)
    return pair_codes(both[:, 0], both[:, 1], n)


def _union(found: Sequence[Codes]) -> tuple[Codes, npt.NDArray[np.int64]]:
    """Unique codes, and for each a bit mask of the signals (``SIGNALS`` order) that found it."""
    unique = distinct(np.concatenate(found))
    signals = np.zeros(len(unique), dtype=np.int64)
    for k, codes in enumerate(found):
        # Every code of ``found[k]`` is in ``unique``; repeated positions all receive the same bit.
        signals[np.searchsorted(unique, codes)] |= 1 << k
    return unique, signals


def pair_similarity(vectors: Matrix, first: Codes, second: Codes) -> npt.NDArray[np.float64]:
    """Cosine of each pair's document vectors, in chunks that bound the gathered rows."""
    out = np.zeros(len(first), dtype=np.float64)
    step = max(1, _BLOCK_CELLS // max(vectors.shape[1], 1))
    for start in range(0, len(first), step):
        a, b = vectors[first[start : start + step]], vectors[second[start : start + step]]
        out[start : start + step] = np.einsum("ij,ij->i", a, b)
    return out


def _bound(
    codes: Codes, first: Codes, second: Codes, score: npt.NDArray[np.float64], cap: int
) -> npt.NDArray[np.int64]:
    """Positions (ascending) of the pairs among the ``cap`` best of either of their documents.

    Best is highest score, then lowest pair: the order is total, so the result does
    not depend on the order the signals produced the pairs in.
    """
    m = len(codes)
    owner = np.concatenate([first, second])
    position = np.concatenate([np.arange(m), np.arange(m)])
    both = np.concatenate([score, score])
    return distinct(position[best_per_owner(owner, codes[position], both, cap)])


def best_per_owner(
    owner: Codes, codes: Codes, score: npt.NDArray[np.float64], cap: int
) -> npt.NDArray[np.int64]:
    """Positions of each owner's ``cap`` best entries: highest score, then lowest pair code."""
    # Sorted by document, then best first: each document's first ``cap`` entries are kept.
    order = np.lexsort((codes, -score, owner))
    kept: npt.NDArray[np.int64] = order[rank_in_runs(owner[order]) < cap]
    return kept
