"""The scan's stages over Spark RDDs: each step calls the local scan's stage function.

Records travel between executors as the pipeline's own frozen records (pickled).
Every step is a pure function of its input partitions, so a partition that fails is
recomputed by Spark to the same rows; only the final write produces files, through
Spark's output commit, which keeps the files of one successful attempt per task.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from newslineage import candidates, symmetry, text
from newslineage.align import LinkKinds, SideView
from newslineage.config import CandidateConfig, ScanConfig, TextConfig
from newslineage.embed import Matrix, UniversalSentenceEncoder
from newslineage.models import Article, Document, Relation
from newslineage.pipeline import relate_pair
from newslineage.spark import neighbours
from newslineage.spark.faults import fail_once
from newslineage.spark.neighbours import BucketSearch
from newslineage.synonyms import Synonyms, load_synonyms

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast

#: Bits of the candidate signal mask, as in ``candidates.SIGNALS``.
_LSH, _NEIGHBOUR, _ANCHOR = 1, 2, 4


@dataclass(frozen=True, slots=True)
class Item:
    """One document after the text, embedding and signature stages, with its place in id order."""

    index: int
    document: Document
    rows: tuple[int, ...]
    vectors: Matrix
    doc_vector: Matrix
    signature: npt.NDArray[np.uint32]

    @property
    def view(self) -> SideView:
        """The alignment view over this document's own vector table."""
        index = np.arange(len(self.rows), dtype=np.int32)
        return SideView(self.document, self.rows, self.vectors, index)


@functools.cache
def executor_encoder() -> UniversalSentenceEncoder:
    """The embedding model of this Python worker, loaded on first use and kept for its life.

    Spark reuses Python workers across tasks (``spark.python.worker.reuse``), so the
    model is read once per worker, not once per task or row. One BLAS thread: Spark
    runs one worker per core already.
    """
    return UniversalSentenceEncoder(threads=1)


@functools.cache
def executor_synonyms() -> Synonyms:
    """The synonym data of this Python worker, read once (see ``executor_encoder``)."""
    return load_synonyms()


# --- text, embeddings, signatures -------------------------------------------------------------


def learned_furniture(articles: RDD[Article], config: TextConfig) -> frozenset[str]:
    """``text.repeated_furniture`` over the whole collection: only the furniture keys reach the driver.

    One shuffle: each line key gathers its distinct surroundings, and stops gathering
    at ``boilerplate_min_docs`` of them, all the answer needs.
    """
    need = config.boilerplate_min_docs
    none: set[tuple[str, str]] = set()
    keys = (
        articles.flatMap(text.line_contexts)
        .map(lambda ctx: (ctx[0], (ctx[1], ctx[2])))
        .aggregateByKey(none, lambda seen, ctx: _gather(seen, (ctx,), need), lambda x, y: _gather(x, y, need))
        .filter(lambda kv: len(kv[1]) >= need)
        .keys()
        .collect()
    )
    return frozenset(keys)


def _gather(seen: set[tuple[str, str]], more: Iterable[tuple[str, str]], need: int) -> set[tuple[str, str]]:
    for ctx in more:
        if len(seen) >= need:
            break
        seen.add(ctx)
    return seen


def analyze_partition(
    indexed: Iterable[tuple[int, Article]], learned: Broadcast[frozenset[str]], config: ScanConfig
) -> Iterator[tuple[int, Document]]:
    """The text stage of one partition, by the local scan's function; keyed by index.

    The embeddings follow in ``embedding.embedded_items``, batched over the whole collection.
    """
    for index, article in indexed:
        yield index, text.analyze(article, learned.value, config.text)


# --- candidates ------------------------------------------------------------------------------


def lsh_pairs(items: RDD[Item], config: ScanConfig) -> RDD[tuple[int, int]]:
    """Pairs that share an LSH band value, from buckets of at most ``candidates.MAX_BUCKET``."""
    bands, rows = candidates.lsh_params(config.candidates.lsh_threshold, config.signatures.num_perm)

    def keys(item: Item) -> Iterator[tuple[tuple[int, bytes], int]]:
        for band in range(bands):
            yield (band, item.signature[band * rows : (band + 1) * rows].tobytes()), item.index

    return items.flatMap(keys).groupByKey().flatMap(lambda kv: _bucket_pairs(kv[1], candidates.MAX_BUCKET))


def anchor_pairs(items: RDD[Item], config: ScanConfig) -> RDD[tuple[int, int]]:
    """Pairs sharing ``min_shared_anchors`` telling anchors held by at most ``anchor_max_docs`` documents."""
    cfg = config.candidates
    return (
        items.flatMap(lambda it: ((key, it.index) for key in candidates.telling_anchors(it.document)))
        .groupByKey()
        .flatMap(lambda kv: _bucket_pairs(kv[1], cfg.anchor_max_docs))
        .map(lambda pair: (pair, 1))
        .reduceByKey(lambda x, y: x + y)
        .filter(lambda kv: kv[1] >= cfg.min_shared_anchors)
        .keys()
    )


def _bucket_pairs(members: Iterable[int], max_size: int) -> Iterator[tuple[int, int]]:
    ranked = sorted(set(members))
    if 1 < len(ranked) <= max_size:
        for x, i in enumerate(ranked):
            for j in ranked[x + 1 :]:
                yield i, j


def find_candidates(
    keyed: RDD[tuple[int, Item]], n: int, config: ScanConfig, search: BucketSearch
) -> RDD[tuple[int, int, float]]:
    """(i, j, cosine) of the candidate pairs: the union of the three signals, bounded per article.

    ``keyed``: the documents by index, under Spark's default partitioner. The embedding
    neighbours are exact up to ``exact_neighbours_up_to`` documents and come from
    ``search`` above (``neighbours.neighbour_pairs``). The bound
    is ``candidates.best_per_owner`` applied to each document's pairs: a pair is kept
    when it is among the ``max_per_article`` best of either document.
    """
    parts = keyed.getNumPartitions()
    items = keyed.values()
    signals = (
        lsh_pairs(items, config)
        .map(lambda p: (p, _LSH))
        .union(
            neighbours.neighbour_pairs(
                items.map(lambda it: (it.index, it.doc_vector)), n, config.candidates, search
            ).map(lambda p: (p, _NEIGHBOUR))
        )
        .union(anchor_pairs(items, config).map(lambda p: (p, _ANCHOR)))
        .reduceByKey(lambda x, y: x | y)
    )
    # Partitioned as ``keyed`` (mapValues keeps it): each join below moves the pairs only. The
    # telling anchors and language ride along so that pairs which cannot relate are dropped
    # before the bound, as the local scan drops them (``candidates.relatable``).
    # The sides are made before the join, so that only they (not whole documents) meet the masks.
    vectors = (
        keyed.mapValues(
            lambda it: _Side(
                it.doc_vector,
                frozenset(candidates.telling_anchors(it.document)),
                it.document.language,
                it.signature,
                np.zeros(0, dtype=np.bool_),
            )
        )
        .leftOuterJoin(common_positions(items, config, parts), parts)
        .mapValues(lambda both: dataclasses.replace(both[0], common=_mask(both[1], len(both[0].signature))))
    )
    cfg = config.candidates
    scored = (
        signals.map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        .partitionBy(parts)
        .join(vectors, parts)
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1])))
        .partitionBy(parts)
        .join(vectors, parts)
        .map(lambda kv: (kv[1][0][0], kv[0], _checked(kv[1][0][1], kv[1][0][2], kv[1][1], cfg), kv[1]))
        .filter(lambda t: t[2] != 0 and _relatable(t[3][0][2], t[3][1]))
        .map(lambda t: _scored(t[0], t[1], t[2], t[3][0][2].vector, t[3][1].vector))
    )
    cap = config.candidates.max_per_article
    kept = (
        scored.flatMap(lambda s: ((s[0], s), (s[1], s)))
        .groupByKey()
        .flatMap(lambda kv: _best(kv[0], list(kv[1]), n, cap))
        .distinct()
    )
    return kept


def common_positions(items: RDD[Item], config: ScanConfig, parts: int) -> RDD[tuple[int, list[int]]]:
    """(index, positions) of the documents holding a MinHash value that more than ``anchor_max_docs``
    documents hold there (``candidates.common_values``): each (position, value) counted in one
    shuffle, and joined back to the documents that hold the common ones. Empty when the
    lexical check does not read them (``lsh_min_telling`` 0)."""
    cfg = config.candidates
    if not cfg.lsh_min_telling:
        return items.context.emptyRDD()
    values = items.flatMap(lambda it: (((k, v), it.index) for k, v in enumerate(it.signature.tolist())))
    common = values.map(lambda kv: (kv[0], 1)).reduceByKey(lambda x, y: x + y, parts)
    return (
        values.join(common.filter(lambda kv: kv[1] > cfg.anchor_max_docs), parts)
        .map(lambda kv: (kv[1][0], kv[0][0]))
        .groupByKey(parts)
        .mapValues(sorted)
    )


def _mask(positions: Iterable[int] | None, size: int) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=np.bool_)
    mask[list(positions or ())] = True
    return mask


@dataclass(frozen=True, slots=True)
class _Side:
    """What the candidate bound reads of one document."""

    vector: Matrix
    telling: frozenset[str]
    language: str
    signature: npt.NDArray[np.uint32]
    #: Positions whose value more than ``anchor_max_docs`` documents hold (``common_positions``).
    common: npt.NDArray[np.bool_]


def _checked(bits: int, a: _Side, b: _Side, config: CandidateConfig) -> int:
    """``bits`` without the LSH signal when the two signatures do not count as close in words
    (``candidates.counts_as_lexical``, as the local scan checks the bands' pairs)."""
    if not bits & _LSH:
        return bits
    share = candidates.agreement_with(a.signature, [b.signature])[0]
    told = int(candidates.telling_with(a.signature, a.common, [b.signature])[0])
    return bits if candidates.counts_as_lexical(share, told, config) else bits & ~_LSH


def _relatable(a: _Side, b: _Side) -> bool:
    return not candidates.disjoint_particulars(a.telling, b.telling, a.language, b.language)


def _scored(i: int, j: int, bits: int, vi: Matrix, vj: Matrix) -> tuple[int, int, float, float]:
    """(i, j, cosine, score): the cosine as the local scan computes it; lexical collisions first."""
    cosine = float(candidates.pair_similarity(np.stack([vi, vj]), np.array([0]), np.array([1]))[0])
    return i, j, cosine, cosine + (bits & _LSH)


def _best(
    owner: int, pairs: Sequence[tuple[int, int, float, float]], n: int, cap: int
) -> Iterator[tuple[int, int, float]]:
    codes = candidates.pair_codes(
        np.array([p[0] for p in pairs], dtype=np.int64), np.array([p[1] for p in pairs], dtype=np.int64), n
    )
    score = np.array([p[3] for p in pairs], dtype=np.float64)
    for k in candidates.best_per_owner(
        np.full(len(pairs), owner, dtype=np.int64), codes, score, cap
    ).tolist():
        yield pairs[k][0], pairs[k][1], pairs[k][2]


# --- alignment and relations -----------------------------------------------------------------


def relate_candidates(
    keyed: RDD[tuple[int, Item]], pairs: RDD[tuple[int, int, float]], config: ScanConfig
) -> RDD[Relation]:
    """``pipeline.relate_pair`` on every candidate pair, with both documents shipped to it.

    The pairs go to their second document's partition, take it along to their
    first's, and meet it there: of the documents, only each pair's second moves.
    """
    parts = keyed.getNumPartitions()
    with_second = pairs.map(lambda p: (p[1], (p[0], p[2]))).partitionBy(parts).join(keyed, parts)
    grouped = (
        with_second.map(lambda kv: (kv[1][0][0], (kv[1][1], kv[1][0][1])))
        .partitionBy(parts)
        .cogroup(keyed, parts)
    )
    return grouped.mapPartitions(lambda part: fail_once(_relate_groups(part, config), "relate"))


def _relate_groups(
    groups: Iterable[tuple[int, tuple[Iterable[tuple[Item, float]], Iterable[Item]]]], config: ScanConfig
) -> Iterator[Relation]:
    kinds = LinkKinds()  # link names remembered across the partition's pairs, as in one local scan
    for _, (others, selves) in groups:
        for first in selves:
            view, telling = first.view, candidates.telling_anchors(first.document)
            key = (symmetry.content_key(first.document), first.document.id)
            for second, cosine in sorted(others, key=lambda o: o[0].index):
                shared = len(telling & candidates.telling_anchors(second.document))
                # In content order, as the local scan measures it (``symmetry``).
                in_order = key < (symmetry.content_key(second.document), second.document.id)
                a, b = (view, second.view) if in_order else (second.view, view)
                rel = relate_pair(a, b, shared, cosine, config, kinds)
                if rel is not None:
                    yield rel


def by_id(items: RDD[Item]) -> RDD[tuple[str, Item]]:
    return items.map(lambda it: (it.document.id, it))
