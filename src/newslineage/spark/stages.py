"""The scan's stages over Spark RDDs: each step calls the local scan's stage function.

Records travel between executors as the pipeline's own frozen records (pickled).
Where a step reads both documents of a pair, the pairs meet their documents in the
first one's partition (``meet``), each document sent once to each partition that needs it.
Every step is a pure function of its input partitions, so a partition that fails is
recomputed by Spark to the same rows; only the final write produces files, through
Spark's output commit, which keeps the files of one successful attempt per task.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from newslineage import candidates, symmetry, text
from newslineage.align import LinkKinds, SideView
from newslineage.config import CandidateConfig, ScanConfig, TextConfig
from newslineage.embed import Matrix, Table, UniversalSentenceEncoder
from newslineage.models import Article, Document, Relation
from newslineage.pipeline import relate_pair
from newslineage.spark import meet, neighbours
from newslineage.spark.faults import fail_once
from newslineage.spark.neighbours import BucketSearch
from newslineage.synonyms import Synonyms, load_synonyms

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast

#: Bits of the candidate signal mask, as in ``candidates.SIGNALS``.
_LSH, _NEIGHBOUR, _ANCHOR = 1, 2, 4


@dataclass(frozen=True, slots=True)
class Item:
    """One document after the text, embedding and signature stages, with its place in id order.

    ``vectors`` are its sentences' vectors in half precision, as the local scan's table
    holds them (``embed.embed_unique``): the view reads them in single precision, the
    same values, and an item shipped between executors is half the size.
    """

    index: int
    document: Document
    rows: tuple[int, ...]
    vectors: Table
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
    at ``boilerplate_min_docs`` of them, all the answer needs. The surroundings travel
    as digests (``_surroundings``): only how many distinct ones a key has counts.
    """
    need = config.boilerplate_min_docs
    none: set[bytes] = set()
    keys = (
        articles.flatMap(_surroundings)
        .aggregateByKey(none, lambda seen, ctx: _gather(seen, (ctx,), need), lambda x, y: _gather(x, y, need))
        .filter(lambda kv: len(kv[1]) >= need)
        .keys()
        .collect()
    )
    return frozenset(keys)


def _surroundings(article: Article) -> Iterator[tuple[str, bytes]]:
    """``text.line_contexts`` with the lines before and after each short line as one 16-byte digest.

    Those neighbours are whole paragraphs: sent as they are, they were four fifths of the
    collection's text again (2.0 MB for 2.6 MB of text in 2,000 synthetic articles, three
    times the keys). Two different surroundings share a digest with a chance of about
    2^-128 (BLAKE2b); keys hold no line break, so the one between the two neighbours
    keeps ("a b", "c") and ("a", "b c") apart.
    """
    for key, before, after in text.line_contexts(article):
        both = f"{before}\n{after}".encode("utf-8", "surrogatepass")
        yield key, hashlib.blake2b(both, digest_size=16).digest()


def _gather(seen: set[bytes], more: Iterable[bytes], need: int) -> set[bytes]:
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
    The sentence splitter's reading of each line is kept for ``SEGMENTED_RUN`` articles
    at a time, as the local scan keeps it per chunk (``text.analyze_all``): copies repeat lines.
    """
    segmented: text.Segmented = {}
    for k, (index, article) in enumerate(indexed):
        if k % SEGMENTED_RUN == 0:
            segmented = {}
        yield index, text.analyze(article, learned.value, config.text, segmented)


#: Articles of a partition that share one memory of split lines: the local scan's chunk.
SEGMENTED_RUN = 64


# --- candidates ------------------------------------------------------------------------------


def lsh_pairs(sides: RDD[Side], config: ScanConfig) -> RDD[tuple[int, int]]:
    """Pairs that share an LSH band value, from buckets of at most ``candidates.MAX_BUCKET``."""
    bands, rows = candidates.lsh_params(config.candidates.lsh_threshold, config.signatures.num_perm)

    def keys(side: Side) -> Iterator[tuple[tuple[int, bytes], int]]:
        for band in range(bands):
            yield (band, side.signature[band * rows : (band + 1) * rows].tobytes()), side.index

    return sides.flatMap(keys).groupByKey().flatMap(lambda kv: _bucket_pairs(kv[1], candidates.MAX_BUCKET))


def anchor_pairs(sides: RDD[Side], config: ScanConfig) -> RDD[tuple[int, int]]:
    """Pairs sharing ``min_shared_anchors`` telling anchors held by at most ``anchor_max_docs`` documents."""
    cfg = config.candidates
    return (
        sides.flatMap(lambda side: ((key, side.index) for key in side.telling))
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


def candidate_sides(keyed: RDD[tuple[int, Item]], config: ScanConfig) -> RDD[tuple[int, Side]]:
    """What the candidate stage reads of each document, keyed and partitioned as ``keyed``, with
    the MinHash positions whose value is common (``common_positions``).

    Kept by the job while the candidates are found: the signals and the bound read it
    four times, and each read of the items would bring back every document whole.
    """
    parts = keyed.getNumPartitions()
    sides = keyed.mapValues(
        lambda it: Side(
            it.index,
            it.doc_vector,
            frozenset(candidates.telling_anchors(it.document)),
            it.document.language,
            it.signature,
            np.zeros(0, dtype=np.bool_),
        )
    )
    # Joined under ``keyed``'s partitioner (``parts``, the default hash): the sides stay where
    # their documents are, as ``meet`` needs; only the masks move.
    return sides.leftOuterJoin(common_positions(keyed.values(), config, parts), parts).mapValues(
        lambda both: dataclasses.replace(both[0], common=_mask(both[1], len(both[0].signature)))
    )


def find_candidates(
    keyed: RDD[tuple[int, Side]], n: int, config: ScanConfig, search: BucketSearch
) -> RDD[tuple[int, int, float]]:
    """(i, j, cosine) of the candidate pairs: the union of the three signals, bounded per article.

    ``keyed``: ``candidate_sides`` of the documents, by index under Spark's default
    partitioner. The embedding neighbours are exact up to ``exact_neighbours_up_to``
    documents and come from ``search`` above (``neighbours.neighbour_pairs``). The bound
    is ``candidates.best_per_owner`` applied to each document's pairs: a pair is kept
    when it is among the ``max_per_article`` best of either document.
    """
    sides = keyed.values()
    signals = (
        lsh_pairs(sides, config)
        .map(lambda p: (p, _LSH))
        .union(
            neighbours.neighbour_pairs(
                sides.map(lambda side: (side.index, side.vector)), n, config.candidates, search
            ).map(lambda p: (p, _NEIGHBOUR))
        )
        .union(anchor_pairs(sides, config).map(lambda p: (p, _ANCHOR)))
        .reduceByKey(lambda x, y: x | y)
    )
    # Each pair scored where both its documents' sides meet. The telling anchors and language
    # let pairs which cannot relate be dropped before the bound, as the local scan drops them
    # (``candidates.relatable``).
    cfg = config.candidates
    scored = meet.gathered(keyed, signals.map(lambda kv: (kv[0][0], kv[0][1], kv[1]))).mapPartitions(
        lambda part: _score_partition(part, cfg)
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


#: (i, j, cosine, score) of a candidate pair before the per-article bound.
_Scored = tuple[int, int, float, float]


@dataclass(frozen=True, slots=True)
class Side:
    """What the candidate stage reads of one document: its vector, telling anchors, language, signature."""

    index: int
    vector: Matrix
    telling: frozenset[str]
    language: str
    signature: npt.NDArray[np.uint32]
    #: Positions whose value more than ``anchor_max_docs`` documents hold (``common_positions``).
    common: npt.NDArray[np.bool_]


def _score_partition(records: Iterable[tuple[int, object]], config: CandidateConfig) -> Iterator[_Scored]:
    """The scored pairs of one partition of ``meet.gathered``: those that may relate, lexical checked."""
    for (i, j, bits), a, b in meet.met(records, _same):
        kept = _checked(bits, a, b, config)
        if kept and _relatable(a, b):
            yield _scored(i, j, kept, a.vector, b.vector)


def _same(side: Side) -> Side:
    return side


def _checked(bits: int, a: Side, b: Side, config: CandidateConfig) -> int:
    """``bits`` without the LSH signal when the two signatures do not count as close in words
    (``candidates.counts_as_lexical``, as the local scan checks the bands' pairs)."""
    if not bits & _LSH:
        return bits
    share = candidates.agreement_with(a.signature, [b.signature])[0]
    told = 0
    if candidates.telling_decides(share, config):
        told = int(candidates.telling_with(a.signature, a.common, [b.signature])[0])
    return bits if candidates.counts_as_lexical(share, told, config) else bits & ~_LSH


def _relatable(a: Side, b: Side) -> bool:
    return not candidates.disjoint_particulars(a.telling, b.telling, a.language, b.language)


def _scored(i: int, j: int, bits: int, vi: Matrix, vj: Matrix) -> _Scored:
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
    """``pipeline.relate_pair`` on every candidate pair, with both its documents at hand.

    Each pair is related in its first document's partition, where its second is sent
    once for all the partition's pairs that name it (``meet.gathered``).
    """
    gathered = meet.gathered(keyed, pairs)
    return gathered.mapPartitions(lambda part: fail_once(_relate_partition(part, config), "relate"))


def _relate_partition(records: Iterable[tuple[int, object]], config: ScanConfig) -> Iterator[Relation]:
    """The related pairs of one partition of ``meet.gathered``, measured as the local scan measures them.

    What the local scan reads once per document (its view, telling anchors and content
    key, and what ``Document.remembered`` keeps) is read once per document here too.
    """
    kinds = LinkKinds()  # link names remembered across the partition's pairs, as in one local scan
    for (_, _, cosine), (ka, a, ta), (kb, b, tb) in meet.met(records, _pair_side):
        # In content order, as the local scan measures it (``symmetry``).
        if kb < ka:
            (a, ta), (b, tb) = (b, tb), (a, ta)
        rel = relate_pair(a, b, len(ta & tb), cosine, config, kinds, (ta, tb))
        if rel is not None:
            yield rel


def _pair_side(item: Item) -> tuple[tuple[bytes, str], SideView, set[str]]:
    """What relating reads of a document: its place in content order, its view, its telling anchors."""
    doc = item.document
    return (symmetry.content_key(doc), doc.id), item.view, candidates.telling_anchors(doc)


def by_id(items: RDD[Item]) -> RDD[tuple[str, Item]]:
    return items.map(lambda it: (it.document.id, it))
