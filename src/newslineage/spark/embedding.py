"""Sentence vectors on Spark, computed in the local scan's batches.

A vector differs in its last bits with the batch the model computed it in. The
local scan (``embed.embed_unique``) sorts the collection's distinct sentences
(``embed.sentence_order``) and cuts them into batches of ``embed.BATCH``; the job
does the same with Spark's distributed sort, encodes each batch in an executor,
and sends every vector to the documents that use it. Each sentence then has the
local scan's vector bit for bit, whatever the partitions, and the driver holds
none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from newslineage.config import ScanConfig
from newslineage.embed import BATCH, normalized, sentence_order
from newslineage.models import Document
from newslineage.pipeline import content_text, document_views
from newslineage.signatures import sign_many
from newslineage.spark.stages import Item, executor_encoder

if TYPE_CHECKING:
    from pyspark import RDD

HalfVector = npt.NDArray[np.float16]


def embedded_items(docs: RDD[tuple[int, Document]], config: ScanConfig) -> RDD[tuple[int, Item]]:
    """Each document with its sentence vectors, document vector and signature, keyed by index.

    ``docs`` must be partitioned by index (Spark's default partitioner): the result
    keeps that partitioning, and the documents never cross a shuffle here; the
    sentences and their vectors do.
    """
    parts = docs.getNumPartitions()
    ranked = (
        docs.flatMap(lambda kv: _distinct_sentences(kv[1]))
        .distinct(parts)
        .sortBy(sentence_order, numPartitions=parts)  # type: ignore[type-var]  # a (length, text) tuple sorts
        .zipWithIndex()
    )
    vectors = (
        ranked.map(lambda tr: (tr[1] // BATCH, (tr[1], tr[0])))
        .groupByKey(parts)
        .flatMap(lambda kv: _encode_batch(kv[1]))
    )
    located = (
        docs.flatMap(lambda kv: ((t, kv[0]) for t in _distinct_sentences(kv[1])))
        .join(vectors, parts)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .partitionBy(parts)
    )
    return located.cogroup(docs, parts).mapPartitions(lambda part: _assemble(part, config), True)


def _distinct_sentences(doc: Document) -> set[str]:
    return {normalized(doc.sentence_text(s)) for s in doc.content}


def _encode_batch(members: Iterable[tuple[int, str]]) -> Iterator[tuple[str, HalfVector]]:
    """One batch of the local scan's table: its sentences encoded together, in its order.

    Stored in half precision, as ``embed_unique``'s table stores them.
    """
    texts = [t for _, t in sorted(members)]
    yield from zip(texts, executor_encoder().encode(texts).astype(np.float16), strict=True)


def _assemble(
    groups: Iterable[tuple[int, tuple[Iterable[tuple[str, HalfVector]], Iterable[Document]]]],
    config: ScanConfig,
) -> Iterator[tuple[int, Item]]:
    """The partition's items: its sentences' vectors as one table, read by ``pipeline.document_views``."""
    indices: list[int] = []
    docs: list[Document] = []
    found: dict[str, HalfVector] = {}
    for index, (vectors, selves) in groups:
        for doc in selves:
            indices.append(index)
            docs.append(doc)
        found.update(vectors)
    row = {text: r for r, text in enumerate(found)}
    table = (
        np.stack(list(found.values())) if found else np.zeros((0, executor_encoder().dim), dtype=np.float16)
    )
    order = np.fromiter(
        (row[normalized(d.sentence_text(s))] for d in docs for s in d.content), dtype=np.int32
    )
    views, doc_vectors = document_views(docs, table, order)
    sigs = sign_many([content_text(d) for d in docs], config.signatures)
    for k, (index, view) in enumerate(zip(indices, views, strict=True)):
        # The half-precision rows themselves: the item's view reads them as the local scan's does.
        yield index, Item(index, docs[k], view.rows, view.table[view.index], doc_vectors[k], sigs[k])
