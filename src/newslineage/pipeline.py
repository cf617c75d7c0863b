"""The scan, stage by stage. Reads like the table of contents of the method.

Each stage is a function of its own module; this module only passes each the
configuration section it uses, times it, and reports progress.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from newslineage import audit, candidates, ingest, lineage, relate, signatures, spin, stories, symmetry, text
from newslineage.align import LinkKinds, SideView, align, name_links, unnamed
from newslineage.checkpoint import Checkpoint, NoCheckpoint, open_checkpoint
from newslineage.config import ScanConfig
from newslineage.embed import (
    Encoder,
    Matrix,
    Rows,
    Table,
    UniversalSentenceEncoder,
    embed_unique,
    normalize_rows,
)
from newslineage.models import Article, Document, Rejection, Relation, ScanResult
from newslineage.synonyms import Synonyms, load_synonyms
from newslineage.titles import display_name, usable_title
from newslineage.topics import topics_of
from newslineage.workers import Shared


class Progress(Protocol):
    """What the pipeline tells a progress display: a stage starts, work advances."""

    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class _Silent:
    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


@dataclass(slots=True)
class _Timer:
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 3)


def scan(
    paths: Sequence[str | os.PathLike[str]],
    config: ScanConfig | None = None,
    *,
    progress: Progress | None = None,
    encoder: Encoder | None = None,
    synonyms: Synonyms | None = None,
    checkpoint: str | os.PathLike[str] | None = None,
) -> ScanResult:
    """Scan files, folders and globs: the library call behind ``newslineage scan``.

    With ``checkpoint`` (a folder), finished stages are saved there and a scan of the
    same articles with the same configuration resumes from them (``checkpoint`` module).
    """
    config = config or ScanConfig()
    progress = progress or _Silent()
    timer = _Timer()
    with timer.stage("ingest"):
        progress.start("reading", None)
        read = ingest.ingest(paths, config.ingest, progress=lambda _id: progress.advance())
    saved = open_checkpoint(Path(checkpoint), read.articles, config) if checkpoint is not None else None
    return scan_articles(
        read.articles,
        config,
        rejected=read.rejected,
        notes=read.notes,
        progress=progress,
        encoder=encoder,
        synonyms=synonyms,
        timer=timer,
        checkpoint=saved,
    )


def scan_articles(
    articles: Sequence[Article],
    config: ScanConfig | None = None,
    *,
    rejected: Sequence[Rejection] = (),
    notes: Sequence[str] = (),
    progress: Progress | None = None,
    encoder: Encoder | None = None,
    synonyms: Synonyms | None = None,
    timer: _Timer | None = None,
    checkpoint: Checkpoint | None = None,
) -> ScanResult:
    """Run every stage after ingest on articles already in memory.

    ``checkpoint`` saves each finished stage, and each batch of aligned pairs, and
    reads back those a killed scan of the same articles already finished.
    """
    config = config or ScanConfig()
    progress = progress or _Silent()
    timer = timer or _Timer()
    saved = checkpoint or NoCheckpoint()
    articles = sorted(articles, key=lambda a: a.id)
    workers = config.text.processes
    with timer.stage("text"):
        docs = saved.load_or("text", lambda: text.analyze_all(articles, config.text))
    relations, doc_vectors, cands = _relations(docs, config, progress, encoder, timer, saved)
    with timer.stage("stories"):
        titles = {d.id: usable_title(d.article.title) or "" for d in docs}
        names = {d.id: display_name(d) for d in docs}
        topics = topics_of(docs, doc_vectors, cands.first, cands.second)
        found = stories.group_stories([d.id for d in docs], relations, titles, names=names, topics=topics)
    with timer.stage("lineage"):
        words = synonyms if synonyms is not None else load_synonyms()
        spun = spin.spin_reports(docs, words, workers=workers, per_fork=lean_forks(config))
        graph, relations = lineage.build(docs, relations, found, spun, names, config.relate.models)
    with timer.stage("audit"):
        findings = audit.audit(docs, relations, graph, words, spun)
    return ScanResult(
        config=config,
        documents=tuple(docs),
        rejected=tuple(sorted(rejected, key=lambda r: r.path)),
        relations=relations,
        stories=found,
        lineage=graph,
        findings=findings,
        notes=(*notes, *(() if words else (f"spin detection skipped: {words.source}",))),
        timings=dict(timer.timings),
    )


def _relations(
    docs: Sequence[Document],
    config: ScanConfig,
    progress: Progress,
    encoder: Encoder | None,
    timer: _Timer,
    saved: Checkpoint | NoCheckpoint,
) -> tuple[tuple[Relation, ...], Matrix, candidates.CandidateSet]:
    """The stages from embedding to relations; the document vectors and candidates for the later ones.

    The sentence vectors and the signatures are released on return: the later stages hold
    the relations and the lineage, which is when a large scan peaks.
    """
    workers = config.text.processes
    with timer.stage("embed"):
        vectors = saved.load_or(
            "embed", lambda: embed_sentences(docs, encoder or UniversalSentenceEncoder(), progress, workers)
        )
        views, doc_vectors = document_views(docs, *vectors)
    with timer.stage("signatures"):
        sigs = signatures.sign_many([content_text(d) for d in docs], config.signatures)
    with timer.stage("candidates"):
        cands = saved.load_or(
            "candidates",
            functools.partial(
                candidates.find_candidates, docs, sigs, doc_vectors, config.candidates, threads=workers
            ),
        )
    del sigs  # not read again: the alignment stage holds the documents, the vectors and what it finds
    with timer.stage("align+relate"):
        relations = relate_pairs(docs, views, cands, config, progress, checkpoint=saved, workers=workers)
        relations = saved.load_or("composed", lambda: add_composed(relations, docs, views, config))
    return relations, doc_vectors, cands


def content_text(doc: Document) -> str:
    """The text MinHash signs: the content sentences, one per line."""
    return "\n".join(doc.sentence_text(s) for s in doc.content)


def embed_documents(
    docs: Sequence[Document], encoder: Encoder, progress: Progress, *, workers: int = 1
) -> tuple[list[SideView], Matrix]:
    """Sentence vectors per document, and one document vector (mean of its sentences).

    ``workers`` processes encode a large collection's sentences (``embed.embed_unique``).
    """
    return document_views(docs, *embed_sentences(docs, encoder, progress, workers))


def embed_sentences(
    docs: Sequence[Document], encoder: Encoder, progress: Progress, workers: int = 1
) -> tuple[Table, Rows]:
    """The distinct content sentences' vectors, and each content sentence's row among them, in order."""
    # Read from the documents as the table is made, not gathered first: a list of every
    # content sentence is a third of a gigabyte at 100,000 articles.
    sentences = (d.sentence_text(s) for d in docs for s in d.content)
    return embed_unique(
        encoder,
        sentences,
        progress=progress.advance,
        workers=workers,
        distinct=lambda count: progress.start("embedding sentences", count),
    )


def document_views(docs: Sequence[Document], table: Table, index: Rows) -> tuple[list[SideView], Matrix]:
    """Each document's view of the sentence vectors (``embed_sentences``), and its mean vector."""
    rows = [tuple(s.index for s in d.content) for d in docs]
    views: list[SideView] = []
    doc_vectors = np.zeros((len(docs), table.shape[1]), dtype=np.float32)
    offset = 0
    for k, (doc, r) in enumerate(zip(docs, rows, strict=True)):
        view = SideView(document=doc, rows=r, table=table, index=index[offset : offset + len(r)])
        offset += len(r)
        views.append(view)
        if len(r):
            doc_vectors[k] = view.vectors.mean(axis=0)
    return views, normalize_rows(doc_vectors, in_place=True)


def add_composed(
    relations: tuple[Relation, ...],
    docs: Sequence[Document],
    views: Sequence[SideView],
    config: ScanConfig,
    *,
    wanted: Callable[[str, str], bool] | None = None,
) -> tuple[Relation, ...]:
    """Relate copies of a common text through it (``relate.compose``), as the copy model judges them.

    ``wanted(x, y)``, when given, limits composition to those pairs (the index needs only the
    pairs a batch or a query can change); each wanted pair gets what it gets without the limit,
    as the hubs still go in the same order.
    """
    by_id = {d.id: d for d in docs}
    view_of = {v.document.id: v for v in views}
    # Hubs, their copies and each composed pair's sides go in content order (``symmetry``):
    # which hub composes a pair first must not depend on what the inputs are called.
    rank = content_rank(docs)
    copies: dict[str, list[Relation]] = {}
    for rel in relations:
        if rel.is_copy:
            copies.setdefault(rel.a, []).append(rel)
            copies.setdefault(rel.b, []).append(rel)
    existing = {(r.a, r.b): r for r in relations}

    def replaceable(x: str, y: str) -> bool:
        # A pair whose relation a composition could not replace (a copy found directly or
        # through an earlier hub) is not composed at all: aligning it again is most of the cost.
        return keeps_composed(existing.get((x, y) if x < y else (y, x))) and (wanted is None or wanted(x, y))

    for hub in sorted(copies, key=rank.__getitem__):
        for found in composed_through(hub, copies[hub], by_id, view_of, rank, config, wanted=replaceable):
            if keeps_composed(existing.get((found.a, found.b))):
                existing[(found.a, found.b)] = found
    return tuple(existing[k] for k in sorted(existing))


def content_rank(docs: Sequence[Document]) -> dict[str, int]:
    """Each document's place in content order (``symmetry.content_key``, then id).

    Only the order matters: ranks over part of a collection order it as the whole's do.
    """
    keys = {d.id: symmetry.content_key(d) for d in docs}
    return {doc: k for k, doc in enumerate(sorted(keys, key=lambda d: (keys[d], d)))}


def composed_through(
    hub: str,
    rels: Sequence[Relation],
    by_id: dict[str, Document],
    view_of: Mapping[str, SideView],
    rank: Mapping[str, int],
    config: ScanConfig,
    *,
    wanted: Callable[[str, str], bool] | None = None,
) -> list[Relation]:
    """The relations ``hub``'s copy relations ``rels`` compose, in id order, copies taken in ``rank`` order.

    ``by_id`` and ``view_of`` must hold at least the other side of every relation in
    ``rels``; ``rank`` orders them (``content_rank``). Each composed pair is kept only
    if the copy model calls it a copy (``judge_composed``).
    """

    def similarity(a: str, i: int, b: str, j: int) -> float:
        va, vb = view_of[a], view_of[b]
        return min(1.0, float(va.vector(va.rows.index(i)) @ vb.vector(vb.rows.index(j))))

    ordered = sorted(rels, key=lambda r: rank[r.b if r.a == hub else r.a])
    sides = [r.b if r.a == hub else r.a for r in ordered]
    out = []
    for x in range(len(ordered)):
        for y in range(x + 1, len(ordered)):
            if wanted is not None and not wanted(sides[x], sides[y]):
                continue
            composed = relate.compose(hub, ordered[x], ordered[y], by_id, similarity, rank=rank)
            judged = None if composed is None else judge_composed(composed, view_of, config)
            if judged is not None:
                out.append(symmetry.in_id_order(judged))
    return out


def judge_composed(
    composed: Relation, view_of: Mapping[str, SideView], config: ScanConfig
) -> Relation | None:
    """``relate.judge_composed`` on the pair measured as ``relate_pair`` measures a candidate pair.

    ``composed`` has its sides in content order, the order ``relate_pair`` aligns in.
    """
    a, b = view_of[composed.a], view_of[composed.b]
    shared = len(candidates.telling_anchors(a.document) & candidates.telling_anchors(b.document))
    alignment = align(a, b, config.align)
    return relate.judge_composed(
        composed,
        alignment,
        a.document,
        b.document,
        shared,
        document_similarity(a, b),
        config.relate,
        config.align.max_gap,
    )


def document_similarity(a: SideView, b: SideView) -> float:
    """The cosine of two documents' vectors (the mean of their sentence vectors), as candidates give it."""
    if not len(a.rows) or not len(b.rows):
        return 0.0
    va, vb = normalize_rows(np.vstack([a.vectors.mean(axis=0), b.vectors.mean(axis=0)]).astype(np.float32))
    return round(float(va @ vb), 4)


def keeps_composed(old: Relation | None) -> bool:
    """Whether a composed relation replaces ``old``, what the pair had so far (hubs in id order)."""
    return old is None or (not old.is_copy and old.relation != "duplicate")


def relate_pairs(
    docs: Sequence[Document],
    views: Sequence[SideView],
    cands: candidates.CandidateSet,
    config: ScanConfig,
    progress: Progress,
    *,
    checkpoint: Checkpoint | NoCheckpoint | None = None,
    workers: int = 1,
) -> tuple[Relation, ...]:
    """Align and relate every candidate pair; keep the related ones.

    Pairs go in batches of ``RELATE_BATCH``, over ``workers`` forked processes when
    there are several batches; a ``checkpoint`` saves each finished batch. The
    relations are the same, in the same order, however many workers ran.
    """
    saved = checkpoint or NoCheckpoint()
    progress.start("aligning pairs", len(cands))
    context = _Pairs(
        docs=docs,
        views=views,
        cands=cands,
        config=config,
        telling=[candidates.telling_anchors(d) for d in docs],
        keys=[symmetry.content_key(d) for d in docs],
        kinds=LinkKinds(),
    )
    starts = range(0, len(cands), RELATE_BATCH)
    names = [f"relate-{start // RELATE_BATCH}" for start in starts]
    todo = [start for start, name in zip(starts, names, strict=True) if not saved.has(name)]
    pool = Shared(_relate_batch, context, workers if len(todo) > 1 else 1, per_fork=lean_forks(config))
    done = pool.map(todo)
    out: list[Relation] = []
    for start, name in zip(starts, names, strict=True):
        # Batches saved by an earlier run are read back; the others come from the workers, in order.
        out.extend(shared_evidence(rel) for rel in saved.load_or(name, lambda: next(done)))
        progress.advance(min(RELATE_BATCH, len(cands) - start))
    return tuple(out)


def lean_forks(config: ScanConfig) -> int | None:
    """Tasks per worker process (``workers.Shared``): one with ``TextConfig.low_memory``, else
    workers that live for the whole stage."""
    return 1 if config.text.low_memory else None


def shared_evidence(rel: Relation) -> Relation:
    """``rel`` with each line of its evidence interned: one string object per distinct text.

    Relations arrive from worker processes, each line a string of its own, yet most lines
    recur word for word ("no sustained run of matched sentences"): of the 21,052 relations of
    10,000 synthetic articles, 5,069 distinct lines among 88,181, and 9 MB of their 31 MB.
    """
    return dataclasses.replace(rel, evidence=tuple(sys.intern(line) for line in rel.evidence))


#: Candidate pairs per batch of the alignment stage: the unit of work of its worker processes
#: and what a killed scan can lose of it (a few seconds of work).
RELATE_BATCH = 10_000


@dataclass(frozen=True, slots=True)
class _Pairs:
    """What relating a batch of candidates reads; forked workers share it with the scan."""

    docs: Sequence[Document]
    views: Sequence[SideView]
    cands: candidates.CandidateSet
    config: ScanConfig
    telling: Sequence[set[str]]
    keys: Sequence[bytes]
    kinds: LinkKinds


def _relate_batch(context: _Pairs, start: int) -> list[Relation]:
    """The related pairs among candidates ``start`` to ``start + RELATE_BATCH``."""
    cands, docs, keys, telling = context.cands, context.docs, context.keys, context.telling
    stop = min(len(cands), start + RELATE_BATCH)
    rows = zip(
        cands.first[start:stop].tolist(),
        cands.second[start:stop].tolist(),
        cands.similarity[start:stop].tolist(),
        strict=True,
    )
    found: list[Relation] = []
    for first_row, second_row, cosine in rows:
        # Measured in the orientation the contents fix, so renaming the inputs cannot change it.
        i, j = sorted((first_row, second_row), key=lambda k: (keys[k], docs[k].id))
        pair = (telling[i], telling[j])
        shared = len(pair[0] & pair[1])
        rel = relate_pair(
            context.views[i], context.views[j], shared, cosine, context.config, context.kinds, pair
        )
        if rel is not None:
            found.append(rel)
    return found


def relate_pair(
    a: SideView,
    b: SideView,
    shared: int,
    cosine: float,
    config: ScanConfig,
    kinds: LinkKinds,
    telling: relate.Telling | None = None,
) -> Relation | None:
    """Align and relate one candidate pair; None when unrelated, else the relation in id order.

    ``a`` comes before ``b`` in content order (``symmetry.content_key``, then id), so
    that renaming the inputs cannot change the measurement. ``shared`` counts the
    telling anchors of both (``candidates.telling_anchors``; ``telling`` holds them, where
    the caller has them), ``cosine`` is the cosine of their document vectors.
    """
    similarity = round(cosine, 4)
    if relate.cannot_relate(a.document, b.document, shared, telling, similarity):
        return None
    # Whether a pair relates does not depend on what its links are called, and naming them
    # (a word diff per link) is most of alignment's cost: most candidates do not relate.
    first = align(a, b, config.align, unnamed)
    rel = relate.relate(a.document, b.document, first, shared, similarity, config.relate, telling)
    if rel.relation == "unrelated":
        return None
    alignment = name_links(first, a, b, kinds)
    return symmetry.in_id_order(
        relate.relate(a.document, b.document, alignment, shared, similarity, config.relate, telling)
    )
