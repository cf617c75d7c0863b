"""End to end on the bundled example collection: what a reader of the summary must see."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from conftest import EXAMPLE
from newslineage import candidates, pipeline, report, signatures, text
from newslineage.align import SideView, align, link_kind, unnamed
from newslineage.candidates import telling_anchors
from newslineage.config import IngestConfig, TextConfig
from newslineage.embed import UniversalSentenceEncoder, normalize_rows
from newslineage.ingest import ingest
from newslineage.models import Link, Passage, Relation, ScanResult
from newslineage.pipeline import (
    _Silent,
    composed_through,
    content_rank,
    content_text,
    embed_documents,
    judge_composed,
    relate_pairs,
    scan_articles,
)
from newslineage.relate import relate
from newslineage.synonyms import Synonyms

ORIGINAL = "01-northwire-original.txt"
EXPECTED = {
    "02-coastal-daily-reprint.html": ("duplicate", "verbatim"),
    "03-estuary-gazette-edit.txt": ("near_duplicate", None),
    "04-spun-copy.txt": ("derived", "spun"),
    "05-seo-rewrite.txt": ("derived", None),
    "06-brief.txt": ("derived", None),
    "07-hafenbericht-de.txt": ("derived", "translated"),
    "08-independent-report.txt": ("same_story", None),
}


def relation(result: ScanResult, a: str, b: str) -> str:
    found = [r for r in result.relations if {r.a, r.b} == {a, b}]
    return found[0].relation if found else "unrelated"


def test_every_version_is_recognised(example_result: ScanResult) -> None:
    for doc, (kind, transform) in EXPECTED.items():
        (rel,) = [r for r in example_result.relations if {r.a, r.b} == {ORIGINAL, doc}]
        assert rel.relation == kind, doc
        if transform is not None:
            assert rel.transforms[0] == transform, doc
        if kind != "same_story":
            assert rel.direction == "a->b", doc  # the original is named as the source


def test_independent_and_unrelated_articles(example_result: ScanResult) -> None:
    independent = "08-independent-report.txt"
    for doc in EXPECTED:
        if doc != independent:
            # Independent reporting shares the event, never the text.
            assert relation(example_result, independent, doc) in ("same_story", "unrelated")
    unrelated = "09-library-reopens.txt"
    assert not [r for r in example_result.relations if unrelated in (r.a, r.b)]
    stories = {s.documents for s in example_result.stories}
    assert (unrelated,) in stories
    assert (ORIGINAL, *EXPECTED) in stories


def test_the_empty_file_is_rejected_with_its_reason(example_result: ScanResult) -> None:
    assert [(r.path, r.reason) for r in example_result.rejected] == [("10-empty-draft.txt", "empty file")]


def test_every_stage_is_timed(example_result: ScanResult) -> None:
    assert set(example_result.timings) >= {"ingest", "text", "embed", "candidates", "align+relate", "audit"}


def test_output_does_not_depend_on_input_order(
    example_result: ScanResult, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    read = ingest([EXAMPLE], example_result.config.ingest)
    articles = list(read.articles)
    random.Random(7).shuffle(articles)
    again = scan_articles(articles, rejected=read.rejected, encoder=encoder, synonyms=synonyms)
    first, second = report.to_json(example_result), report.to_json(again)
    for key in ("documents", "rejected", "relations", "stories", "lineage", "findings"):
        assert first[key] == second[key], key


def test_whether_a_pair_relates_does_not_depend_on_link_names(
    example_result: ScanResult, encoder: UniversalSentenceEncoder
) -> None:
    # The scan decides relatedness with unnamed links and names them only for related pairs.
    docs = list(example_result.documents)
    views, vectors = embed_documents(docs, encoder, _Silent())
    config = example_result.config
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            shared = len(telling_anchors(docs[i]) & telling_anchors(docs[j]))
            similarity = float(vectors[i] @ vectors[j])
            kinds = [
                relate(
                    docs[i],
                    docs[j],
                    align(views[i], views[j], config.align, n),
                    shared,
                    similarity,
                    config.relate,
                ).relation
                for n in (unnamed, link_kind)
            ]
            assert (kinds[0] == "unrelated") == (kinds[1] == "unrelated"), (docs[i].id, docs[j].id)


def test_forked_workers_relate_pairs_as_one_process_does(
    example_result: ScanResult, encoder: UniversalSentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of three pairs: the example's candidates make several, spread over two workers.
    monkeypatch.setattr(pipeline, "RELATE_BATCH", 3)
    docs = list(example_result.documents)
    config = example_result.config
    views, vectors = embed_documents(docs, encoder, _Silent())
    sigs = signatures.sign_many([content_text(d) for d in docs], config.signatures)
    cands = candidates.find_candidates(docs, sigs, vectors, config.candidates)
    assert len(cands) > 3 * pipeline.RELATE_BATCH
    alone = relate_pairs(docs, views, cands, config, _Silent(), workers=1)
    forked = relate_pairs(docs, views, cands, config, _Silent(), workers=2)
    assert forked == alone
    assert any(r.is_copy for r in forked)
    # A fork of its own per batch (--low-memory): the same relations.
    lean = replace(config, text=replace(config.text, low_memory=True))
    assert relate_pairs(docs, views, cands, lean, _Silent(), workers=2) == alone


def _planted(a: SideView, b: SideView) -> Relation:
    """A composed relation that claims a's k-th content sentence reuses b's k-th, as a false hub link would."""
    da, db = a.document, b.document
    links = [Link(x.index, y.index, 0.7, "paraphrase") for x, y in zip(da.content, db.content, strict=False)]
    passages = tuple(
        Passage(
            da.sentences[k.a].start,
            da.sentences[k.a].end,
            db.sentences[k.b].start,
            db.sentences[k.b].end,
            k.kind,
            k.similarity,
            (k,),
        )
        for k in links
    )
    return Relation(da.id, db.id, "derived", ("paraphrase",), 0.9, 0.5, 0.5, ("planted hub links",), passages)


def test_composed_relations_pass_the_copy_model(
    example_result: ScanResult, encoder: UniversalSentenceEncoder
) -> None:
    docs = list(example_result.documents)
    config = example_result.config
    views, _ = embed_documents(docs, encoder, _Silent())
    view_of = {v.document.id: v for v in views}
    rank = content_rank(docs)
    legs = [r for r in example_result.relations if r.is_copy and ORIGINAL in (r.a, r.b)]
    composed = composed_through(ORIGINAL, legs, {d.id: d for d in docs}, view_of, rank, config)
    # The original's copies (reprint, edit, spin, rewrite, brief) are copies of one another.
    assert len(composed) >= 6
    for rel in composed:
        assert rel.is_copy and rel.evidence[0].startswith("both reuse the same"), rel.evidence
        assert rel.confidence >= config.relate.models.copy_threshold
    # Had a false copy relation of the hub linked the independent report to it, composing would
    # make every copy a copy of that report; the copy model reads the pair itself and says no.
    independent = view_of["08-independent-report.txt"]
    for copy in ("02-coastal-daily-reprint.html", "05-seo-rewrite.txt", "06-brief.txt"):
        first, second = sorted((view_of[copy], independent), key=lambda v: rank[v.document.id])
        assert judge_composed(_planted(first, second), view_of, config) is None, copy


def test_document_vectors_are_the_normalized_means_of_their_sentences(
    encoder: UniversalSentenceEncoder,
) -> None:
    # ``document_views`` scales its matrix in place; the vectors are ``normalize_rows``'s, bit for bit.
    docs = text.analyze_all(list(ingest([EXAMPLE], IngestConfig()).articles), TextConfig())
    views, vectors = embed_documents(docs, encoder, _Silent())
    means = np.zeros_like(vectors)
    for k, view in enumerate(views):
        if len(view.rows):
            means[k] = view.vectors.mean(axis=0)
    assert vectors.dtype == np.float32
    assert np.array_equal(vectors, normalize_rows(means))
    assert np.allclose(np.linalg.norm(vectors[[bool(len(v.rows)) for v in views]], axis=1), 1.0, atol=1e-6)
