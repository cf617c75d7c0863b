"""Pair features of every candidate pair of a collection, for fitting and checking the decision model.

The scan's own stages run up to alignment (text, embeddings, signatures,
candidates, a first alignment); each candidate pair's ``PairFeatures`` are kept
with the two documents, whatever the current decision would say of them.
Collections: the synthetic generator's (with its truth) and L2R-style folders.
Cached as pickles in a work folder so that fitting can be repeated quickly.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from l2r_data import L2RCollection
from l2r_data import load as load_l2r
from l2r_data import write as write_l2r
from metrics import Pair, pair, truth_family_pairs, truth_related_copies
from newslineage import candidates, ingest, relate, signatures, text
from newslineage.align import align, unnamed
from newslineage.config import ScanConfig
from newslineage.embed import Encoder
from newslineage.models import Document
from newslineage.pipeline import _Silent, content_text, embed_documents
from newslineage.synth import SynthConfig, load_truth
from newslineage.synth import write_collection as write_synth


@dataclass(frozen=True)
class PairRows:
    """Candidate pairs of one collection: ids, features and the truth about each pair."""

    name: str
    docs: dict[str, Document]
    pairs: list[Pair]
    features: list[relate.PairFeatures]
    #: 1 copy, 0 not a copy, -1 neither required nor wrong (left out of fitting and scores).
    labels: list[int]
    #: For copy pairs with a known direction: the source's id.
    source: dict[Pair, str]
    #: The group each pair is scored in (a rewriter, a transform, ...), for per-group figures.
    group: dict[Pair, str]


def pair_features(
    docs: list[Document], encoder: Encoder, config: ScanConfig, sample: int | None = None
) -> tuple[list[Pair], list[relate.PairFeatures]]:
    """Features of every candidate pair, as the scan's first alignment sees them; with ``sample``,
    of that many candidate pairs drawn at random (the same ones for the same collection)."""
    workers = config.text.processes
    views, vectors = embed_documents(docs, encoder, _Silent(), workers=workers)
    sigs = signatures.sign_many([content_text(d) for d in docs], config.signatures)
    cands = candidates.find_candidates(docs, sigs, vectors, config.candidates, threads=workers)
    del sigs
    telling = [candidates.telling_anchors(d) for d in docs]
    chosen = np.arange(len(cands.first))
    if sample is not None and sample < len(chosen):
        chosen = np.sort(np.random.default_rng(0).choice(len(chosen), size=sample, replace=False))
    out_pairs, out_features = [], []
    for i, j, cosine in zip(
        cands.first[chosen].tolist(),
        cands.second[chosen].tolist(),
        cands.similarity[chosen].tolist(),
        strict=True,
    ):
        alignment = align(views[i], views[j], config.align, unnamed)
        shared = len(telling[i] & telling[j])
        out_pairs.append((docs[i].id, docs[j].id))
        out_features.append(relate.features(docs[i], docs[j], alignment, shared, round(cosine, 4)))
    return out_pairs, out_features


def _documents(folder: Path, config: ScanConfig) -> list[Document]:
    read = ingest.ingest([folder], config.ingest)
    return text.analyze_all(sorted(read.articles, key=lambda a: a.id), config.text)


def l2r_rows(folder: Path, encoder: Encoder, config: ScanConfig) -> PairRows:
    collection = load_l2r(folder)
    with tempfile.TemporaryDirectory() as tmp:
        write_l2r(collection, Path(tmp))
        docs = _documents(Path(tmp), config)
    pairs, feats = pair_features(docs, encoder, config)
    return _label_l2r(collection, docs, pairs, feats)


def _label_l2r(
    c: L2RCollection, docs: list[Document], pairs: list[Pair], feats: list[relate.PairFeatures]
) -> PairRows:
    gold = c.copy_pairs()
    excluded = c.excluded(pairs)
    labels = [-1 if p in excluded else int(p in gold) for p in pairs]
    source: dict[Pair, str] = {}
    group: dict[Pair, str] = {}
    for p in pairs:
        authors = sorted({c.author[p[0]], c.author[p[1]]})
        group[p] = "+".join(authors)
        if p in gold and "human" in authors and len(authors) == 2:
            source[p] = p[0] if c.author[p[0]] == "human" else p[1]
    return PairRows(c.name, {d.id: d for d in docs}, pairs, feats, labels, source, group)


def synth_rows(
    articles: int, seed: int, encoder: Encoder, config: ScanConfig, sample: int | None = None
) -> PairRows:
    """A synthetic collection's candidate pairs; with ``sample``, that many drawn at random.

    At 100,000 articles a short text's candidates fill with texts of other events written in
    the same frame, which a collection of 1,000 hardly has; aligning every candidate of such a
    collection takes most of a full scan, a sample of them does not. A sample keeps only the
    documents of its pairs.
    """
    with tempfile.TemporaryDirectory() as tmp:
        write_synth(Path(tmp), SynthConfig(articles=articles, seed=seed))
        truth = load_truth(Path(tmp) / "truth.json")
        docs = _documents(Path(tmp) / "articles", config)
    pairs, feats = pair_features(docs, encoder, config, sample=sample)
    right, allowed = truth_related_copies(truth), truth_family_pairs(truth)
    labels = [1 if p in right else (-1 if p in allowed else 0) for p in pairs]
    source = {pair(d["source"], d["copy"]): d["source"] for d in truth["derived"]}
    transform = {pair(d["source"], d["copy"]): d["transform"] for d in truth["derived"]}
    group = {p: transform.get(p, "other") for p in pairs}
    if sample is not None:
        kept = {k for p in pairs for k in p}
        docs = [d for d in docs if d.id in kept]
    return PairRows(f"synth-{articles}-{seed}", {d.id: d for d in docs}, pairs, feats, labels, source, group)


#: Transforms that keep the source's order sentence by sentence: their first sentences still match.
ORDERED = frozenset({"verbatim", "light_edit", "spun", "paraphrase"})


def synth_short_rows(articles: int, seed: int, encoder: Encoder, config: ScanConfig) -> PairRows:
    """A synthetic collection cut to the first one to three sentences of each article.

    Texts of one or two sentences show no sequence, so the decision must learn from
    short pairs how close a copy stays and how close a report of the same event gets.
    Copies whose transform reorders or condenses are left out: their first sentences
    need not be the source's first sentences.
    """
    with tempfile.TemporaryDirectory() as tmp:
        write_synth(Path(tmp), SynthConfig(articles=articles, seed=seed))
        truth = load_truth(Path(tmp) / "truth.json")
        read = ingest.ingest([Path(tmp) / "articles"], config.ingest)
    cut = []
    for article in sorted(read.articles, key=lambda a: a.id):
        spans = text.split_sentences(article.text, config.text.max_sentence_chars)
        keep = 1 + sum(map(ord, article.id)) % 3
        end = spans[min(keep, len(spans)) - 1][1] if spans else len(article.text)
        cut.append(dataclasses.replace(article, text=article.text[:end]))
    docs = text.analyze_all(cut, config.text)
    pairs, feats = pair_features(docs, encoder, config)
    transform = {pair(d["source"], d["copy"]): d["transform"] for d in truth["derived"]}
    right, allowed = truth_related_copies(truth), truth_family_pairs(truth)
    labels = []
    for p in pairs:
        if p in transform and transform[p] in ORDERED:
            labels.append(1)
        elif p in allowed or p in right:
            labels.append(-1)
        else:
            labels.append(0)
    source = {pair(d["source"], d["copy"]): d["source"] for d in truth["derived"]}
    group = {p: transform.get(p, "other") for p in pairs}
    return PairRows(f"synth-short-{seed}", {d.id: d for d in docs}, pairs, feats, labels, source, group)


def realnews_rows(encoder: Encoder, config: ScanConfig, allow_missing: bool = False) -> PairRows:
    """The labelled real news pages (bench/realnews), from the local cache; groups are story groups.

    With ``allow_missing``, the cached pages only (``realnews_data.usable``)."""
    from quality_realnews import articles
    from realnews_data import cache_dir, read_cache, usable
    from realnews_data import load as load_realnews

    whole, cache = load_realnews(), cache_dir()
    state = read_cache(whole, cache)
    collection = usable(whole, state, cache, allow_missing)
    if collection is None:
        raise SystemExit("the real-news cache is incomplete: python bench/realnews_data.py check")
    docs = text.analyze_all(sorted(articles(collection, state.texts), key=lambda a: a.id), config.text)
    pairs, feats = pair_features(docs, encoder, config)
    labelled = {pair(x.a, x.b): x for x in collection.pairs}
    story = {page.id: page.story for page in collection.pages}
    labels, source, group = [], {}, {}
    for p in pairs:
        label = labelled.get(p)
        if label is None:
            labels.append(0 if story[p[0]] != story[p[1]] else -1)
        elif label.relation == "same_story":
            labels.append(0)
        else:
            labels.append(1 if label.required else -1)
        if label is not None and label.direction in ("a->b", "b->a"):
            source[p] = label.a if label.direction == "a->b" else label.b
        group[p] = story[p[0]] if story[p[0]] == story[p[1]] else "across"
    return PairRows("realnews", {d.id: d for d in docs}, pairs, feats, labels, source, group)


def cached(work: Path, key: str, make: Any) -> PairRows:
    """The rows of one collection, computed once per work folder."""
    path = work / f"{key}.pickle"
    if path.is_file():
        with path.open("rb") as fh:
            rows: PairRows = pickle.load(fh)
        return rows
    rows = make()
    work.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(rows, fh)
    return rows
