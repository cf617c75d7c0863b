"""Smoke tests of the bench scripts on tiny inputs, and the scoring helpers on known answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from metrics import adjusted_rand_index, bcubed_f1, precision_recall


def test_clustering_scores_on_known_answers() -> None:
    assert adjusted_rand_index(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == 1.0
    assert adjusted_rand_index(["a", "a", "b", "b"], ["x", "y", "x", "y"]) == pytest.approx(-0.5)
    assert bcubed_f1(["a", "a", "b"], ["x", "x", "y"]) == 1.0
    # One cluster of everything: precision per item 2/3, 2/3, 1/3; recall 1.
    assert bcubed_f1(["a", "a", "b"], ["x", "x", "x"]) == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))


def test_precision_counts_only_pairs_outside_the_allowed_set() -> None:
    scores = precision_recall({("a", "b"), ("b", "c"), ("c", "d")}, {("a", "b")}, {("a", "b"), ("b", "c")})
    assert scores == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [
        ("quality_synth.py", ["--articles", "100", "--seed", "3"], "copy pairs"),
        ("speed.py", ["--sizes", "100"], "lexical stage"),
        ("speed.py", ["--sizes", "100", "--lexical-only"], "lexical stage"),
        ("neighbours.py", ["--sizes", "300"], "recall"),
        ("encoder.py", ["--articles", "100"], "float16 rows differing"),
        ("language_prefix.py", ["--synth", "100", "--prefixes", "200,1000"], "differing at prefix"),
    ],
)
def test_bench_script_smoke(script: str, args: list[str], expect: str, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    flag = "--results" if script == "quality_synth.py" else "--out"
    extra = ["--work", str(tmp_path / "work")] if script in ("speed.py", "neighbours.py") else []
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args, flag, str(out), *extra],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert expect in done.stdout
    assert json.loads(out.read_text(encoding="utf-8"))


def test_quality_l2r_smoke_on_a_tiny_set_of_the_same_shape(tmp_path: Path) -> None:
    # The L2R files are not in the repo: three originals and two rewrites of each,
    # taken from a synthetic collection, stand in for them in the same JSON shape.
    from newslineage.synth import SynthConfig, write_collection

    write_collection(tmp_path / "synth", SynthConfig(articles=100, seed=3))
    truth = json.loads((tmp_path / "synth" / "truth.json").read_text(encoding="utf-8"))
    copies: dict[str, list[str]] = {}
    for d in truth["derived"]:
        copies.setdefault(d["source"], []).append(d["copy"])
    families = [(source, found[:2]) for source, found in sorted(copies.items()) if len(found) >= 2][:3]
    assert len(families) == 3

    def text(rel: str) -> str:
        return (tmp_path / "synth" / "articles" / rel).read_text(encoding="utf-8")

    data = tmp_path / "l2r"
    data.mkdir()
    for name, texts in [
        ("human.json", [text(source) for source, _ in families]),
        ("GPT-3-Turbo.json", [text(found[0]) for _, found in families]),
        ("GPT-4o.json", [text(found[1]) for _, found in families]),
    ]:
        (data / name).write_text(json.dumps(texts), encoding="utf-8")
    out = tmp_path / "l2r.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality_l2r.py"), "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "datasketch MinHashLSH" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["articles"] == 9
    assert set(report["baseline_minhash_lsh"]) == {"threshold", "precision", "recall", "f1"}
    assert report["baseline_minhash_lsh"]["threshold"] == 0.3
    assert report["pairs"]["recall"] > 0.0


def test_benchmark_tables_regenerate_from_the_results(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    original = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    doc.write_text(original, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_docs.py"), "--doc", str(doc)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # The committed document is what the committed results produce.
    assert doc.read_text(encoding="utf-8") == original


def test_realnews_labels_load_and_cover_what_the_bench_promises() -> None:
    # The committed labels alone (no page texts): every pair inside a family labelled,
    # every page with its checksum and first words, near misses between real groups.
    from realnews_data import load

    collection = load()
    stories = {p.story for p in collection.pages}
    assert len(stories) >= 20
    assert len({p.language for p in collection.pages}) >= 6
    assert all(p.sha256.startswith("sha256:") and len(p.first_words.split()) >= 8 for p in collection.pages)
    near = {s for a, b, _ in collection.near_misses for s in (a, b)}
    assert len(near) >= 10 and near <= stories
    story_of = {p.id: p.story for p in collection.pages}
    for story in stories:
        kinds = {q.relation for q in collection.pairs if story_of[q.a] == story_of[q.b] == story}
        assert "same_story" in kinds, f"{story} has no independent report"
    ids = [p.id for p in collection.pages]
    assert len(ids) == len(set(ids))
    assert all(q.a < q.b for q in collection.pairs)


def test_realnews_halves_split_the_groups_and_keep_near_misses_on_one_side() -> None:
    from realnews_data import halves, load, subset

    collection = load()
    names = sorted(collection.kinds)
    split = halves(collection)
    assert split["dev"] | split["held_out"] == set(names) and not split["dev"] & split["held_out"]
    assert set(names[: len(names) // 2]) <= split["dev"]  # the first half in sorted order, and partners
    for a, b, _ in collection.near_misses:
        assert (a in split["dev"]) == (b in split["dev"]), f"{a} and {b} are on two sides"
    assert split["held_out"]
    parts = [subset(collection, split[k]) for k in ("dev", "held_out")]
    assert sum(len(p.pages) for p in parts) == len(collection.pages)
    # Pairs inside a group stay with it; near misses never cross halves, so none is lost.
    assert sum(len(p.pairs) for p in parts) == len(collection.pairs)
    assert sum(len(p.near_misses) for p in parts) == len(collection.near_misses)


def _realnews_fixture(tmp_path: Path) -> tuple[Path, Path]:
    """Two made-up groups from a synthetic collection: a verbatim copy and an independent report of
    one event, and a verbatim copy of another event, with labels in the bench's format."""
    from newslineage.synth import SynthConfig, write_collection
    from realnews_data import checksum, first_words

    write_collection(tmp_path / "synth", SynthConfig(articles=100, seed=3))
    truth = json.loads((tmp_path / "synth" / "truth.json").read_text(encoding="utf-8"))
    story_of = {doc: s["id"] for s in truth["stories"] for doc in s["documents"]}
    verbatim = [(d["source"], d["copy"]) for d in truth["derived"] if d["transform"] == "verbatim"]
    independent = {(d["a"], d["b"]) for d in truth["same_story"]} | {
        (d["b"], d["a"]) for d in truth["same_story"]
    }
    alpha = next(
        (s, c, x)
        for s, c in verbatim
        for x in sorted(story_of)
        if (s, x) in independent and (c, x) in independent and story_of[x] == story_of[s]
    )
    beta = next((s, c) for s, c in verbatim if story_of[s] != story_of[alpha[0]])
    cache, labels = tmp_path / "cache", tmp_path / "labels"
    cache.mkdir()
    (labels / "stories").mkdir(parents=True)
    groups = {"alpha": alpha, "beta": beta}
    for story, docs in groups.items():
        pages = []
        for k, doc in enumerate(docs, start=1):
            text = (tmp_path / "synth" / "articles" / doc).read_text(encoding="utf-8")
            (cache / f"{story}-{k}.txt").write_text(text, encoding="utf-8")
            pages.append(
                {"id": f"{story}-{k}", "family": "wire" if k < 3 else "own", "outlet": f"outlet {k}",
                 "language": "en", "date": "2024-01-0" + str(k), "url": f"https://example.org/{story}/{k}",
                 "first_words": first_words(text), "sha256": checksum(text)}
            )  # fmt: skip
        copy = {"a": f"{story}-1", "b": f"{story}-2", "relation": "derived", "transform": "verbatim",
                "direction": "a->b", "evidence": "the synthetic truth says verbatim copy"}  # fmt: skip
        data = {"id": story, "kind": "test", "event": f"made-up event {story}",
                "families": {"wire": "a text and its copy", "own": "an independent report"},
                "pages": pages, "copies": [copy]}  # fmt: skip
        (labels / "stories" / f"{story}.json").write_text(json.dumps(data), encoding="utf-8")
    near = [{"a": "alpha", "b": "beta", "evidence": "two made-up events"}]
    (labels / "near_misses.json").write_text(json.dumps(near), encoding="utf-8")
    return labels, cache


def _run_realnews(labels: Path, cache: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality_realnews.py"), "--labels", str(labels),
         "--cache", str(cache), "--out", str(out), *extra],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_quality_realnews_scores_a_made_up_cache(tmp_path: Path) -> None:
    labels, cache = _realnews_fixture(tmp_path)
    out = tmp_path / "realnews.json"
    done = _run_realnews(labels, cache, out)
    assert done.returncode == 0, done.stderr
    assert "copy pairs" in done.stdout and "document-embedding threshold" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    scan = report["scan"]
    assert report["pages"] == 5 and report["stories"] == 2
    assert report["labelled_pairs"] == {"duplicate": 0, "near_duplicate": 0, "derived": 2, "same_story": 2}
    # Both verbatim copies are found: recall is exact, precision is what the scan's own pairs give.
    assert scan["copy_pairs"]["labelled"] == 2 and scan["copy_pairs"]["recall"] == 1.0
    found = {tuple(sorted((r["a"], r["b"]))) for r in scan["copies_reported"]}
    right = {("alpha-1", "alpha-2"), ("beta-1", "beta-2")}
    assert scan["copy_pairs"]["found"] == len(found)
    assert scan["copy_pairs"]["precision"] == round(len(found & right) / len(found), 4)
    independent = {("alpha-1", "alpha-3"), ("alpha-2", "alpha-3")}
    assert scan["independent_called_copies"]["pairs"] == 2
    assert scan["independent_called_copies"]["called_copies"] == len(found & independent)
    assert scan["near_miss"]["pairs"] == 6
    assert scan["translations"] == {"found": 0, "labelled": 0}
    assert sum(scan["direction"]["labelled_one_way"].values()) == 2
    assert set(scan["per_story"]) == {"alpha", "beta"} and scan["per_story"]["beta"]["copies_found"] == 1
    assert scan["per_language"]["en"]["copies"] == 2
    assert -1.0 <= scan["stories"]["ari"] <= 1.0 and scan["stories"]["labelled"] == 2
    base = report["baseline_document_embedding_threshold"]
    assert base["copy_pairs"]["recall"] == 1.0  # verbatim copies have the highest cosines
    # Both made-up groups are near misses of each other: one half holds both, the other none.
    halves = scan["halves"]
    assert halves["dev"]["pages"] == 5 and halves["held_out"]["pages"] == 0
    assert halves["dev"]["stories"]["ari"] == scan["stories"]["ari"]
    split = scan["split_pairs"]
    assert split["pairs"] == sum(v for k, v in split.items() if k != "pairs")
    assert scan["missed_copies"]["dev"]["missed"] == 0 and "labelled copies the scan missed" in done.stdout


def test_realnews_misses_measures_each_missed_copy_as_the_scan_did(tmp_path: Path) -> None:
    from newslineage.pipeline import scan_articles
    from quality_realnews import _Quiet, articles
    from realnews_data import load, read_cache
    from realnews_misses import CAUSES, explain_misses, lines, summary

    labels, cache = _realnews_fixture(tmp_path)
    collection = load(labels)
    result = scan_articles(articles(collection, read_cache(collection, cache).texts))
    found = {tuple(sorted((r.a, r.b))) for r in result.relations if r.is_copy}
    assert ("alpha-1", "alpha-2") in found and ("beta-1", "beta-2") in found
    assert explain_misses(collection, result, found, _Quiet()) == []
    # Counted as missed, the two verbatim copies are measured again: aligned, and judged copies
    # by the model (so the scan's relations, which say copy, are what "missed" them).
    misses = explain_misses(collection, result, set(), _Quiet())
    assert [(m.a, m.b) for m in misses] == [("alpha-1", "alpha-2"), ("beta-1", "beta-2")]
    for m in misses:
        assert m.cause == "reported_otherwise" and m.probability >= 0.5 and m.links >= 2
        assert m.reported in ("duplicate", "near_duplicate", "derived") and m.one_story
        assert m.languages == "en" and m.transform == "verbatim" and m.holding_back
    report = summary(collection, misses)
    # Both made-up groups fall in the dev half (they are near misses of each other).
    assert report["dev"]["missed"] == 2 and report["held_out"]["missed"] == 0
    assert report["dev"]["by_cause"] == {c: 2 if c == "reported_otherwise" else 0 for c in CAUSES}
    assert "pairs" in report["dev"] and "pairs" not in report["held_out"]
    text = "\n".join(lines(report))
    assert "alpha-1 ~ alpha-2 [en, verbatim] reported otherwise" in text


def test_quality_realnews_says_what_is_missing_and_scans_nothing(tmp_path: Path) -> None:
    labels, cache = _realnews_fixture(tmp_path)
    (cache / "beta-2.txt").unlink()
    (cache / "alpha-3.txt").write_text("A different text altogether.", encoding="utf-8")
    out = tmp_path / "realnews.json"
    done = _run_realnews(labels, cache, out)
    assert done.returncode == 3
    assert "beta-2.txt" in done.stderr and "https://example.org/beta/2" in done.stderr
    assert "1 page(s) missing" in done.stderr and "1 page(s) different text" in done.stderr
    assert "README" in done.stderr
    assert not out.exists()


def test_quality_realnews_scores_the_cached_pages_when_allowed_and_says_what_it_left_out(
    tmp_path: Path,
) -> None:
    from realnews_data import cached_part, load, read_cache

    labels, cache = _realnews_fixture(tmp_path)
    (cache / "beta-2.txt").unlink()
    collection = load(labels)
    part = cached_part(collection, read_cache(collection, cache))
    assert {p.id for p in part.pages} == {p.id for p in collection.pages} - {"beta-2"}
    assert all("beta-2" not in (x.a, x.b) for x in part.pairs) and len(part.pairs) < len(collection.pairs)
    out = tmp_path / "realnews.json"
    done = _run_realnews(labels, cache, out, "--allow-missing", "--no-baseline")
    assert done.returncode == 0, done.stderr
    assert "beta-2.txt" in done.stderr and "scoring 4 of 5 pages" in done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["pages"] == 4 and report["left_out_pages"] == ["beta-2"]
    # The one copy left is alpha's: beta's lost its second page and so its label.
    assert report["scan"]["copy_pairs"]["labelled"] == 1
