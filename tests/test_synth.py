"""Synthetic collections: deterministic, streamed, with truth that matches the files."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from newslineage.errors import ConfigError
from newslineage.synth import TRANSFORMS, SynthConfig, doc_id, load_truth, write_collection


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    write_collection(tmp_path / "a", SynthConfig(articles=150, seed=4))
    write_collection(tmp_path / "b", SynthConfig(articles=150, seed=4))
    write_collection(tmp_path / "c", SynthConfig(articles=150, seed=5))
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_truth_matches_the_files(tmp_path: Path) -> None:
    summary = write_collection(tmp_path, SynthConfig(articles=300, seed=1))
    truth = load_truth(tmp_path / "truth.json")
    written = {str(p.relative_to(tmp_path / "articles")) for p in (tmp_path / "articles").rglob("*.txt")}
    assert summary.articles == len(written) == len(truth["documents"]) == 300
    assert {d["id"] for d in truth["documents"]} == written
    assert len(truth["stories"]) == summary.stories
    assert len(truth["derived"]) == summary.derived_pairs
    roles = {d["id"]: d for d in truth["documents"]}
    for pair in truth["derived"]:
        assert roles[pair["source"]]["role"] == "original"
        assert roles[pair["copy"]]["transform"] == pair["transform"]
    # Every transform and every role occurs at the default rates.
    assert {d["transform"] for d in truth["documents"]} - {None} == set(TRANSFORMS)
    assert {d["role"] for d in truth["documents"]} == {"original", "copy", "independent", "unrelated"}
    assert doc_id(1234) == "0001/001234.txt"


def test_memory_does_not_grow_with_size(tmp_path: Path) -> None:
    def peak(n: int) -> int:
        tracemalloc.start()
        write_collection(tmp_path / str(n), SynthConfig(articles=n, seed=2))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(200), peak(2000)
    assert large < small * 2  # ten times the articles, not ten times the memory


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"articles": 99}, "between 100 and 1,000,000, got 99"),
        ({"copied_share": 1.5}, "copied_share must be between 0 and 1, got 1.5"),
        ({"weights": (1.0, 1.0)}, "6 non-negative numbers"),
    ],
)
def test_config_errors_say_what_to_fix(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        SynthConfig(**kwargs)  # type: ignore[arg-type]


def test_truth_is_valid_json_with_its_config(tmp_path: Path) -> None:
    write_collection(tmp_path, SynthConfig(articles=100, seed=9, max_copies=2))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth["schema"] == "newslineage-synth/1"
    assert truth["config"]["max_copies"] == 2
