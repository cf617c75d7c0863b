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
