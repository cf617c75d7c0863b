"""The persistent index: batches give the scan's answer; adds are idempotent; updates and removals."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from conftest import EXAMPLE, ROOT
from newslineage import pipeline, report
from newslineage.candidates import CandidateSet
from newslineage.config import CandidateConfig, IngestConfig, ScanConfig, TextConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import IndexStoreError
from newslineage.index import Indexer, Store, export, query, relating, update
from newslineage.index.lookup import NewArticle, relatable
from newslineage.ingest import ingest
from newslineage.models import Article, Document, ScanResult
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms
from newslineage.synth import SynthConfig, write_collection
from newslineage.text import analyze
from newslineage.topics import STORY_DAYS

L2R_PLACES = [
    ROOT.parent / "shared" / "bench" / "l2r-news",
    ROOT.parent.parent / "shared" / "bench" / "l2r-news",
]
#: Originals 10-15 and their two rewrites: 18 articles, including a pair (014) that only
#: composition through the GPT-4o rewrite relates, which is the hardest case for batches.
L2R_SUBSET = range(10, 16)
COMPARED = ("documents", "relations", "stories", "lineage", "findings")


def _articles(path: Path) -> list[Article]:
    return sorted(ingest([path], IngestConfig()).articles, key=lambda a: a.id)


def _indexer(folder: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms) -> Indexer:
    return Indexer(Store(folder, create=True), encoder=encoder, synonyms=synonyms)


def _copy(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> Indexer:
    """A writable copy of the session's index of the example without its spun copy."""
    shutil.copytree(example_index, tmp_path / "idx")
    return Indexer(Store(tmp_path / "idx"), encoder=encoder, synonyms=synonyms)


@pytest.fixture(scope="module")
def l2r(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = next((p for p in L2R_PLACES if p.is_dir()), None)
    if data is None:
        pytest.skip(f"L2R data not found in {[str(p) for p in L2R_PLACES]}")
    out = tmp_path_factory.mktemp("l2r")
    for prefix, name in (("human", "human.json"), ("gpt35", "GPT-3-Turbo.json"), ("gpt4o", "GPT-4o.json")):
        texts = json.loads((data / name).read_text(encoding="utf-8"))
        for i in L2R_SUBSET:
            (out / f"{prefix}_{i:03d}.txt").write_text(texts[i], encoding="utf-8")
    return out


def test_three_batches_give_the_scan_and_the_parent_arriving_last_revises(
    l2r: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    whole = report.to_json(scan([l2r], encoder=encoder, synonyms=synonyms))
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    articles = _articles(l2r)
    # Rewrites first, originals last: the order in which a parent arrives after its copies.
    for kind in ("gpt35", "gpt4o"):
        indexer.add([a for a in articles if a.id.startswith(kind)])
    before = report.to_json(export(indexer.store))
    parents = {e["child"]: e["parent"] for e in before["lineage"]["edges"]}
    assert not any(p.startswith("human") for p in parents.values())
    indexer.add([a for a in articles if a.id.startswith("human")])
    # The write-ahead log is emptied after each add (it held a second copy of the batch).
    assert not (tmp_path / "idx" / "index.sqlite-wal").stat().st_size
    batches = report.to_json(export(indexer.store))
    for key in COMPARED:
        assert batches[key] == whole[key], key
    revised = {e["child"]: e["parent"] for e in batches["lineage"]["edges"]}
    # Before the originals came, no rewrite had a human parent; now most do (8 of the 11 edges).
    assert sum(p.startswith("human") for p in revised.values()) >= 8
    assert {d["id"] for d in batches["documents"]} == {a.id for a in articles}


def _dated(articles: Sequence[Article], days: int = 120) -> list[Article]:
    """Each article published on a day drawn from its id among ``days``: many pairs of one story
    are then more than ``topics.STORY_DAYS`` apart, where the scan's time rule parts them."""
    start = date(2024, 1, 1).toordinal()
    return [
        replace(
            a,
            published=date.fromordinal(
                start + int(hashlib.sha1(a.id.encode()).hexdigest(), 16) % days
            ).isoformat(),
        )
        for a in articles
    ]


def _thirds(articles: Sequence[Article]) -> list[list[Article]]:
    """The articles in an order unrelated to their ids, in three batches."""
    order = sorted(articles, key=lambda a: hashlib.sha1(a.id.encode()).hexdigest())
    k = len(order) // 3
    return [order[:k], order[k : 2 * k], order[2 * k :]]


def test_three_batches_of_dated_articles_with_furniture_give_the_scan(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """300 synthetic articles, dated over 120 days, in three batches: what one scan of them gives.

    The three things a batch used to get otherwise: furniture (reprints carry their sites'
    footers; a footer becomes furniture once enough articles carry it, and then the stored
    articles that carry it are marked again, ``AddReport.remarked``); stored pairs a later
    batch takes out of the scan's candidates (a newcomer nearer than their neighbour, or
    better in a best list) lose their relation (``index.evict``); and the time rule of the
    stories (``same_story`` links more than 30 days apart do not count) reads the dates.
    A story a batch regroups without changing its members, copies or spin findings keeps
    its lineage and findings (``AddReport.kept``).
    Before those, of the scan's 518 relations here 6 were missing, 13 extra and 152 otherwise
    different (kind, coverage, direction); 45 of its 122 stories and 11 of its 159 lineage
    edges were not found.
    The one difference allowed is the one the real pages' test below allows, for the same
    reason: link similarities in the fourth decimal (with numpy 2.4.6, 0.8406 against 0.8405
    and 0.9633 against 0.9632 in a few links), since a batch embeds its sentences in other
    calls than one scan does.
    """
    write_collection(tmp_path / "c", SynthConfig(articles=300, seed=3))
    articles = _dated(_articles(tmp_path / "c" / "articles"))
    result = pipeline.scan_articles(articles, encoder=encoder, synonyms=synonyms)
    whole = report.to_json(result)
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    done = [indexer.add(batch) for batch in _thirds(articles)]
    batches = report.to_json(export(indexer.store))
    for key in COMPARED:
        assert _alike(batches[key], whole[key]), key
    remarked = [doc for d in done for doc in d.remarked]
    assert remarked, "no stored article was marked again: the test no longer exercises late furniture"
    # Stories a batch regroups without changing keep their lineage and findings, and the
    # answer is still the scan's.
    assert sum(d.kept for d in done), "no regrouped story stood: the test no longer exercises keeping"
    day = {d.id: date.fromisoformat(d.article.published or "") for d in result.documents}
    far = [r for r in result.relations if not r.is_copy and abs((day[r.a] - day[r.b]).days) > STORY_DAYS]
    assert far, "no same_story link is far apart in time: the test no longer exercises the time rule"


def _alike(a: Any, b: Any, tolerance: float = 2e-4, confidence: float = 0.0) -> bool:
    """Equal newslineage/1 JSON, but for passage and link similarities within ``tolerance`` and
    relations' confidences within ``confidence``."""
    if isinstance(a, dict) and isinstance(b, dict):
        limits = {"similarity": tolerance, "confidence": confidence}
        return a.keys() == b.keys() and all(
            abs(a[k] - b[k]) <= limits[k] + 1e-9 if k in limits else _alike(a[k], b[k], tolerance, confidence)
            for k in a
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(
            _alike(x, y, tolerance, confidence) for x, y in zip(a, b, strict=True)
        )
    return bool(a == b)


def test_real_pages_in_thirteen_languages_in_three_batches_give_the_scan(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """bench/realnews (240 real pages, 24 stories, 13 languages, dated) in three batches: one scan's
    documents, relations, stories, lineage and findings. Its stories need the scan's topic join
    (reports of one event in two languages rarely relate) and time rule (two popes' deaths).

    The differences allowed, and listed: a link's similarity in the fourth decimal (0.6856
    against 0.6855 in one link of one pair), and a relation's confidence in the third (0.730
    against 0.731 for one same_story pair of 240 pages). A sentence the index already holds
    takes its stored vector (``index.known``), embedded with another batch than the scan's,
    and a vector's last bits depend on its batch (``embed.embed_unique``).
    """
    sys.path.insert(0, str(ROOT / "bench"))
    from quality_realnews import articles as realnews_articles
    from realnews_data import cache_dir, load, read_cache

    collection = load()
    state = read_cache(collection, cache_dir())
    if not state.complete:
        pytest.skip(f"the real pages are not in {cache_dir()} (bench/realnews/README.md)")
    pages = realnews_articles(collection, state.texts)
    whole = report.to_json(pipeline.scan_articles(pages, encoder=encoder, synonyms=synonyms))
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    for batch in _thirds(pages):
        indexer.add(batch)
    batches = report.to_json(export(indexer.store))
    for key in COMPARED:
        assert _alike(batches[key], whole[key], confidence=1e-3), key
    near = {
        (a["id"], b["id"])
        for a in whole["documents"]
        for b in whole["documents"]
        if a["language"] != b["language"]
    }
    joined = [
        s for s in whole["stories"] if any((x, y) in near for x in s["documents"] for y in s["documents"])
    ]
    assert len(joined) >= 10, "few stories in two languages: the topic join is no longer exercised"


def test_a_query_relates_as_the_scan_a_pair_only_composition_relates(
    example_result: ScanResult, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The German report (07) against the rest of the example: its pair with the brief (06)
    comes only through a text both copy (a query composes only pairs not already copies)."""
    articles = _articles(EXAMPLE)
    asked = next(a for a in articles if a.id.startswith("07"))
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    indexer.add([a for a in articles if a.id != asked.id])
    found = query(indexer, asked)
    assert list(found.result.relations) == [r for r in example_result.relations if asked.id in (r.a, r.b)]
    # Without composition the query relates 06 and 07 otherwise, and the comparison above fails.
    assert next(r for r in found.result.relations if r.a.startswith("06")).is_copy


def test_one_add_into_an_empty_index_is_the_scan(
    l2r: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The first add runs the scan's batch stages (candidates over the whole batch at once)."""
    whole = report.to_json(scan([l2r], encoder=encoder, synonyms=synonyms))
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    done = indexer.add(_articles(l2r), chunk=4)
    assert len(done.added) == 18 and done.relations > 0
    data = report.to_json(export(indexer.store))
    for key in COMPARED:
        assert data[key] == whole[key], key
    # Every article's reach is there for the next add or query.
    with indexer.store.connection() as db:
        assert db.execute("SELECT COUNT(*) FROM doc_vectors WHERE reach IS NULL").fetchone()[0] == 0


def test_adding_again_changes_nothing_and_changed_text_updates(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    indexer = _copy(example_index, tmp_path, encoder, synonyms)
    articles = _articles(EXAMPLE)
    first = indexer.add(articles)
    assert first.added == ("04-spun-copy.txt",) and len(first.unchanged) == len(articles) - 1
    assert first.relations > 0
    before = report.dumps(report.to_json(export(indexer.store)))
    again = indexer.add(articles)
    assert again.added == () and again.updated == () and len(again.unchanged) == len(articles)
    assert report.dumps(report.to_json(export(indexer.store))) == before
    spun = next(a for a in articles if a.id.startswith("04"))
    rewritten = Article(spun.id, "Completely different text about a football match. " * 5, "Football")
    third = indexer.add([rewritten])
    assert third.updated == (spun.id,)
    data = report.to_json(export(indexer.store))
    assert not any(spun.id in (r["a"], r["b"]) for r in data["relations"] if r["relation"] != "unrelated")
    assert whole_scan_of(articles, spun.id, rewritten, encoder, synonyms) == {
        k: data[k] for k in ("relations", "stories", "lineage")
    }


def whole_scan_of(
    articles: list[Article], replaced: str, by: Article, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> dict[str, object]:
    from newslineage.pipeline import scan_articles

    now = [by if a.id == replaced else a for a in articles]
    data = report.to_json(scan_articles(now, encoder=encoder, synonyms=synonyms))
    return {k: data[k] for k in ("relations", "stories", "lineage")}


def test_remove_forgets_an_article_and_regroups(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    indexer = _copy(example_index, tmp_path, encoder, synonyms)
    articles = [a for a in _articles(EXAMPLE) if not a.id.startswith("04")]
    original = next(a.id for a in articles if a.id.startswith("01"))
    assert indexer.remove([original, "not-there.txt"]) == (original,)
    data = report.to_json(export(indexer.store))
    assert original not in {d["id"] for d in data["documents"]}
    assert not any(original in (r["a"], r["b"]) for r in data["relations"])
    assert not any(original in (e["parent"], e["child"]) for e in data["lineage"]["edges"])
    from newslineage.pipeline import scan_articles

    rest = report.to_json(
        scan_articles([a for a in articles if a.id != original], encoder=encoder, synonyms=synonyms)
    )
    assert data["stories"] == rest["stories"] and data["relations"] == rest["relations"]


def test_query_finds_the_source_without_adding(
    example_index: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    indexer = Indexer(Store(example_index), encoder=encoder, synonyms=synonyms)
    articles = _articles(EXAMPLE)
    spun = next(a for a in articles if a.id.startswith("04"))
    found = query(indexer, spun)
    assert spun.id not in indexer.store.all_ids()
    sources = {r.a if r.b == spun.id else r.b for r in found.sources}
    assert any(s.startswith("01") for s in sources)
    assert any("spun" in r.transforms for r in found.result.relations)
    data = report.to_json(found.result)
    assert data["schema"] == "newslineage/1" and spun.id in {d["id"] for d in data["documents"]}


def test_query_answers_its_pairs_and_findings_as_a_scan_of_the_index_and_the_article(
    example_index: Path, example_result: ScanResult, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The query decides its own pairs only, yet each reads as the whole scan has it."""
    indexer = Indexer(Store(example_index), encoder=encoder, synonyms=synonyms)
    spun = next(a for a in _articles(EXAMPLE) if a.id.startswith("04"))
    found = query(indexer, spun)
    scanned = [r for r in example_result.relations if spun.id in (r.a, r.b)]
    assert len(scanned) >= 2
    assert list(found.result.relations) == scanned
    assert {r.direction for r in scanned} - {"unknown"}
    assert list(found.result.findings) == [f for f in example_result.findings if f.document == spun.id]
    without = query(indexer, spun, reuse_vectors=False)
    assert without.reused == 0 and without.result == found.result


def test_a_reprint_is_queried_from_stored_sentence_vectors_without_the_model(
    example_index: Path, synonyms: Synonyms
) -> None:
    class NoModel:
        dim = 512

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            raise AssertionError(f"the model was asked for {len(texts)} sentences the index holds")

    original = next(a for a in _articles(EXAMPLE) if a.id.startswith("01"))
    reprint = Article("reprint.txt", original.text, original.title)
    found = query(Indexer(Store(example_index), encoder=NoModel(), synonyms=synonyms), reprint)
    assert found.embedded == 0 and found.reused > 5
    copies = {r.b if r.a == reprint.id else r.a: r.relation for r in found.result.relations if r.is_copy}
    assert copies[original.id] == "duplicate"


def test_sentence_vectors_are_kept_in_half_precision_and_answer_as_in_single(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The embedding stage's vectors are float16 already: an index stores them so, in half the
    space, and answers as an index written before, which stores them as float32."""
    store = Store(example_index)
    assert store.sentence_dtype is np.float16
    with store.connection() as db:
        sizes = dict(db.execute("SELECT id, length(vectors) FROM documents"))
    docs = store.documents(sizes)
    assert sizes and all(sizes[i] == 2 * 512 * len(d.document.content) for i, d in docs.items())
    old = tmp_path / "old"
    old.mkdir()
    with sqlite3.connect(old / "index.sqlite") as db:
        db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('sentence_vectors', 'float32')")
    single = Indexer(Store(old), encoder=encoder, synonyms=synonyms)
    assert single.store.sentence_dtype is np.float32
    single.add([a for a in _articles(EXAMPLE) if not a.id.startswith("04")])
    spun = next(a for a in _articles(EXAMPLE) if a.id.startswith("04"))
    half = query(Indexer(store, encoder=encoder, synonyms=synonyms), spun)
    assert query(single, spun).result == half.result and half.result.relations
    assert report.to_json(export(single.store)) == report.to_json(export(store))


def test_a_folder_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndexStoreError, match="no index here"):
        Store(tmp_path / "nothing")


def test_pairs_that_cannot_relate_are_left_out_before_the_cap_as_in_a_scan(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    # One template filled for three towns, and a copy of the first report: the copy names
    # three particulars or more and shares none with the other towns' reports.
    towns = [
        ("Orlenby", "Anna Weiss", "3,400"),
        ("Ferrowick", "Omar Haddad", "5,100"),
        ("Tillbury", "Jonas Berg", "6,010"),
    ]
    texts = [
        f"Flooding closed the {t} Harbour Road on Monday, {p} of the {t} Port Authority said. "
        f"About {n} homes lost power in {t} overnight."
        for t, p, n in towns
    ]
    indexer = _indexer(tmp_path / "idx", encoder, synonyms)
    indexer.add([Article(f"{i}.txt", t) for i, t in enumerate(texts)])
    copy = analyze(Article("copy.txt", "From our partners. " + texts[0]), frozenset(), TextConfig())
    new = NewArticle(copy, -1, np.zeros(512, dtype=np.float32), np.zeros(1, dtype=np.uint32))
    with indexer.store.connection() as db:
        keys = dict(db.execute("SELECT id, key FROM documents"))
        kept = relatable(db, new, sorted(keys.values()), {})
    assert kept == [keys["0.txt"]]


def test_the_cap_keeps_a_pair_among_the_best_of_either_side_as_in_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The scan keeps a candidate pair among the ``max_per_article`` best of either article;
    the index keeps the stored side's best (``index.bounds``) and so aligns every pair the
    scan aligns (without those lists, several of the scan's pairs here are not).

    Synthetic stories, a cap of 2, three batches in shuffled order; no furniture is learned
    (it is learned index-wide as batches come, which moves document vectors: a known limit).
    """
    write_collection(tmp_path / "c", SynthConfig(articles=100, seed=3))
    articles = _articles(tmp_path / "c" / "articles")
    config = ScanConfig(
        text=TextConfig(boilerplate_min_docs=1000), candidates=CandidateConfig(max_per_article=2)
    )
    aligned: dict[str, set[tuple[str, str]]] = {"scan": set(), "index": set()}
    into = ["scan"]
    real = pipeline.relate_pairs

    def recording(docs: Sequence[Document], views: Any, cands: CandidateSet, *args: Any, **kw: Any) -> Any:
        pairs = zip(cands.first.tolist(), cands.second.tolist(), strict=True)
        aligned[into[0]].update((docs[i].id, docs[j].id) for i, j in pairs)
        return real(docs, views, cands, *args, **kw)

    monkeypatch.setattr(pipeline, "relate_pairs", recording)
    monkeypatch.setattr(update, "relate_pairs", recording)  # the first batch, into an empty index
    monkeypatch.setattr(relating, "relate_pairs", recording)  # the later ones
    whole = pipeline.scan_articles(articles, config, encoder=encoder, synonyms=synonyms)
    into[0] = "index"
    indexer = Indexer(Store(tmp_path / "idx", create=True), config, encoder=encoder, synonyms=synonyms)
    order = sorted(articles, key=lambda a: hashlib.sha1(a.id.encode()).hexdigest())
    for batch in (order[:33], order[33:66], order[66:]):
        indexer.add(batch)
    assert aligned["scan"] <= aligned["index"]
    related = {(r.a, r.b) for r in export(indexer.store, config).relations}
    assert {(r.a, r.b) for r in whole.relations} <= related


def test_an_index_written_before_signatures_were_kept_signs_its_articles_once(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    import sqlite3

    from newslineage.pipeline import content_text
    from newslineage.signatures import sign_many

    shutil.copytree(example_index, tmp_path / "idx")
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:  # as an older version left it
        db.execute("DELETE FROM signatures")
        db.execute("DELETE FROM meta WHERE key='signatures'")
    indexer = Indexer(Store(tmp_path / "idx"), encoder=encoder, synonyms=synonyms)
    stored = indexer.store.documents_by_key(range(1, 10_000))
    with indexer.store.connection() as db:
        kept = {k: bytes(v) for k, v in db.execute("SELECT key, value FROM signatures")}
    want = sign_many([content_text(s.document) for s in stored.values()], indexer.config.signatures)
    assert kept == {k: sig.astype(np.uint32).tobytes() for k, sig in zip(stored, want, strict=True)}


def test_lsh_pairs_on_template_values_alone_are_left_out_as_in_a_scan(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """The index counts MinHash values as the scan does (``candidates.telling_agreement``):
    its lexical partners of every article are the scan's, including the template collisions
    both leave out and a copy both keep. ``anchor_max_docs`` of 3 makes the template common."""
    from newslineage.candidates import lexical_codes
    from newslineage.index.lookup import band_split, close_in_words, lsh_partners, stored_signatures
    from newslineage.pipeline import content_text
    from newslineage.signatures import sign_many

    rng = np.random.default_rng(5)
    template = "the county council said the road would stay closed while engineers inspect the bridge"
    texts = [
        " ".join([template, *(f"w{int(x)}" for x in rng.integers(0, 100_000, size=40))]) for _ in range(12)
    ]
    words = texts[0].split()
    texts.append(" ".join(words[:40] + [f"v{k}" for k in range(10)] + words[50:]))  # a copy of the first
    articles = [Article(f"{i:02d}.txt", t) for i, t in enumerate(texts)]
    config = ScanConfig(
        text=TextConfig(boilerplate_min_docs=1000), candidates=CandidateConfig(anchor_max_docs=3)
    )
    docs = sorted(
        pipeline.scan_articles(articles, config, encoder=encoder, synonyms=synonyms).documents,
        key=lambda d: d.id,
    )
    sigs = sign_many([content_text(d) for d in docs], config.signatures)
    n = len(docs)

    def pairs(codes: np.ndarray) -> set[tuple[str, str]]:
        return {(docs[i].id, docs[j].id) for i, j in (divmod(int(c), n) for c in codes)}

    scan_pairs = pairs(lexical_codes(sigs, config.candidates))
    unchecked = pairs(lexical_codes(sigs, replace(config.candidates, lsh_min_telling=0)))
    assert ("00.txt", "12.txt") in scan_pairs
    assert scan_pairs < unchecked  # the template's collisions are left out
    indexer = Indexer(Store(tmp_path / "idx", create=True), config, encoder=encoder, synonyms=synonyms)
    indexer.add(articles[:6])
    indexer.add(articles[6:])
    found: set[tuple[str, str]] = set()
    with indexer.store.connection() as db:
        keys = dict(db.execute("SELECT key, id FROM documents"))
        signatures = stored_signatures(db, keys)
        split = band_split(config.candidates, config.signatures.num_perm)
        for key, doc_id in keys.items():
            new = NewArticle(
                next(d for d in docs if d.id == doc_id), key, np.zeros(512, dtype=np.float32), signatures[key]
            )
            for other in close_in_words(db, new, lsh_partners(db, new, split), {}, config.candidates):
                found.add((min(doc_id, keys[other]), max(doc_id, keys[other])))
    assert found == scan_pairs


def test_an_index_written_before_minhash_values_were_counted_counts_them_once(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    shutil.copytree(example_index, tmp_path / "idx")
    with sqlite3.connect(tmp_path / "idx" / "index.sqlite") as db:
        counted = sorted(db.execute("SELECT position, value, docs FROM minhash_values"))
        db.execute("DELETE FROM minhash_values")  # as an older version left it
        db.execute("DELETE FROM meta WHERE key='minhash_values'")
    assert counted and max(c[2] for c in counted) > 1  # the example's reprints share values
    indexer = Indexer(Store(tmp_path / "idx"), encoder=encoder, synonyms=synonyms)
    with indexer.store.connection() as db:
        assert (
            sorted(tuple(r) for r in db.execute("SELECT position, value, docs FROM minhash_values"))
            == counted
        )


def test_removing_an_article_counts_its_minhash_values_down(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    indexer = _copy(example_index, tmp_path, encoder, synonyms)
    with indexer.store.connection() as db:
        first = db.execute("SELECT id FROM documents ORDER BY key LIMIT 1").fetchone()[0]
    indexer.remove([first])
    with indexer.store.connection() as db:
        kept = sorted(tuple(r) for r in db.execute("SELECT position, value, docs FROM minhash_values"))
        recount: dict[tuple[int, int], int] = {}
        for (value,) in db.execute("SELECT value FROM signatures"):
            for k, v in enumerate(np.frombuffer(value, dtype=np.uint32).tolist()):
                recount[(k, v)] = recount.get((k, v), 0) + 1
    assert kept == sorted((k, v, c) for (k, v), c in recount.items())


def test_the_minhash_counts_read_for_a_signature_are_the_scans(
    example_index: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    """``lookup.common_positions`` reads the counts of a signature's 128 values (a join, each
    value a primary-key search) and answers as the scan's ``candidates.common_values`` over
    every stored signature, for a stored article and for a query counted in (``own``)."""
    from newslineage.candidates import common_values
    from newslineage.index.lookup import common_positions

    indexer = _copy(example_index, tmp_path, encoder, synonyms)
    with indexer.store.connection() as db:
        rows = db.execute("SELECT value FROM signatures ORDER BY key").fetchall()
        signatures = np.stack([np.frombuffer(r[0], dtype=np.uint32) for r in rows])
        for max_docs in (2, 3):
            config = replace(indexer.config.candidates, anchor_max_docs=max_docs)
            expected = common_values(signatures, max_docs)
            assert expected.any() and not expected.all()  # reprints share values, not all of them
            for row, signature in enumerate(signatures):
                assert common_positions(db, signature, config).tolist() == expected[row].tolist()
            # A query's signature is not in the table; the scan counts it among the documents.
            asked = np.vstack([signatures, signatures[:1]])
            assert (
                common_positions(db, signatures[0], config, own=True).tolist()
                == common_values(asked, max_docs)[-1].tolist()
            )
