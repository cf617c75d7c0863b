"""The command line as a user runs it: summary, JSON on stdout, explain, synth, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLE
from newslineage.cli import main
from newslineage.report import SCHEMA


def test_scan_prints_the_summary_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new" / "folder" / "report.json"
    assert main(["scan", str(EXAMPLE), "--json", str(target)]) == 0
    out = capsys.readouterr().out
    assert "9 articles, 1 skipped" in out
    assert "10-empty-draft.txt" in out and "empty file" in out
    assert "07-hafenbericht-de.txt  translated" in out  # the lineage tree names the transform
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA


def test_json_to_stdout_is_pure_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "scan",
                str(EXAMPLE / "01-northwire-original.txt"),
                str(EXAMPLE / "03-estuary-gazette-edit.txt"),
                "--json",
                "-",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert [r["relation"] for r in data["relations"]] == ["near_duplicate"]


def test_missing_input_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "/nonexistent/articles"]) == 2
    assert "/nonexistent/articles: no such file or folder" in capsys.readouterr().err


def test_explain_shows_both_sides_and_the_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = EXAMPLE / "01-northwire-original.txt", EXAMPLE / "04-spun-copy.txt"
    assert main(["explain", str(a), str(b), "--collection", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "derived (spun" in out
    assert "direction: a->b" in out
    assert "Rivermouth harbour" in out  # the spun headline, beside the original


def test_synth_writes_a_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "c"), "--articles", "100", "--seed", "3"]) == 0
    assert "wrote 100 articles" in capsys.readouterr().out
    assert len(list((tmp_path / "c" / "articles").rglob("*.txt"))) == 100


def test_bad_synth_size_names_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "c"), "--articles", "5"]) == 2
    assert "between 100 and 1,000,000, got 5" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["scan", "explain", "synth"])
def test_every_command_teaches_in_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "newslineage" in capsys.readouterr().out
