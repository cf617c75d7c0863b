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
    ],
)
def test_bench_script_smoke(script: str, args: list[str], expect: str, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    flag = "--results" if script == "quality_synth.py" else "--out"
    extra = ["--work", str(tmp_path / "work")] if script == "speed.py" else []
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
