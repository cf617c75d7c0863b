"""The command line as a user runs it: summary, JSON on stdout, explain, synth, errors."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from newslineage import __version__
from newslineage.cli import build_parser, main
from newslineage.report import SCHEMA

ORIGINAL, SPUN = EXAMPLE / "01-northwire-original.txt", EXAMPLE / "04-spun-copy.txt"


def test_scan_prints_the_summary_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new" / "folder" / "report.json"
    assert main(["scan", str(EXAMPLE), "--json", str(target)]) == 0
    out = capsys.readouterr().out
    assert "9 articles, 1 skipped" in out
    assert "10-empty-draft.txt" in out and "empty file" in out
    assert "04-spun-copy.txt  spun" in out  # the lineage tree names how each copy was made
    assert "07-hafenbericht-de.txt  translated" in out
    assert "JSON report written to" in out  # the exact path is checked in test_a_long_path_is_printed_whole
    data = json.loads(target.read_text(encoding="utf-8"))  # the parent folders were created
    assert data["schema"] == SCHEMA
    assert len(data["documents"]) == 9 and data["rejected"] == [
        {"path": "10-empty-draft.txt", "reason": "empty file"}
    ]


def test_json_to_stdout_is_pure_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "scan",
                str(EXAMPLE / "01-northwire-original.txt"),
                str(EXAMPLE / "03-estuary-gazette-edit.txt"),
                "--json",
                "-",
                "--json-text",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    data = json.loads(captured.out)  # nothing but the report on stdout: it can be piped to jq
    assert data["schema"] == SCHEMA
    assert [r["relation"] for r in data["relations"]] == ["near_duplicate"]
    for doc in data["documents"]:  # --json-text: the text the offsets index, exactly as the file has it
        assert doc["text"] == (EXAMPLE / doc["id"]).read_text(encoding="utf-8")
    assert captured.err == ""


def test_missing_input_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "/nonexistent/articles"]) == 2
    assert "/nonexistent/articles: no such file or folder" in capsys.readouterr().err


def test_a_bad_worker_count_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(EXAMPLE), "--workers", "-1"]) == 2
    err = capsys.readouterr().err
    assert "workers" in err and "-1" in err


def test_a_long_path_is_printed_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # as when output goes to a file or a pipe
    path = "/nonexistent/" + "newsroom-archive-2025-" * 5 + "/articles"
    assert main(["scan", path]) == 2
    assert f"{path}: no such file or folder" in capsys.readouterr().err  # can be copied or grepped


def test_a_glob_that_matches_nothing_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pattern = str(tmp_path / "**" / "*.html")
    assert main(["scan", pattern, "--json", "-"]) == 2
    captured = capsys.readouterr()
    # rich wraps stderr at 80 columns when it is not a terminal, so compare the words
    assert f"error: {pattern}: the pattern matches no file" in " ".join(captured.err.split())
    assert captured.out == ""  # no half-written report on stdout


def test_explain_shows_both_sides_and_the_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(ORIGINAL), str(SPUN), "--collection", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "derived (spun" in out
    assert "direction: a->b" in out
    assert "  - information loss: 01-northwire-original.txt has more" in out  # why a->b, in words
    # The original headline and its spun version side by side, on one line of the table.
    assert any(
        "Rivermouth port shuts" in line and "Rivermouth harbour shuts" in line for line in out.splitlines()
    )


def test_explain_of_a_missing_file_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(ORIGINAL), "/nonexistent/copy.txt"]) == 2
    assert "/nonexistent/copy.txt: no such file or folder" in capsys.readouterr().err


def test_explain_accepts_the_order_its_usage_line_shows() -> None:
    args = build_parser().parse_args(["explain", "--collection", str(EXAMPLE), str(ORIGINAL), str(SPUN)])
    assert (args.a, args.b, args.collection) == (str(ORIGINAL), str(SPUN), [str(EXAMPLE)])


def test_synth_writes_a_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "c"), "--articles", "100", "--seed", "3"]) == 0
    assert "wrote 100 articles" in capsys.readouterr().out
    assert len(list((tmp_path / "c" / "articles").rglob("*.txt"))) == 100


def test_bad_synth_size_names_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", str(tmp_path / "c"), "--articles", "5"]) == 2
    assert "between 100 and 1,000,000, got 5" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"newslineage {__version__}"


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("scan", "explain", "synth"):
        assert re.search(rf"^\s+{command}\s+\S", out, re.MULTILINE), command  # listed with what it does


@pytest.mark.parametrize("command", ["scan", "explain", "synth"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: newslineage {command} ")


@pytest.mark.parametrize("command", ["scan", "explain"])
def test_help_teaches_by_runnable_examples(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert re.search(r"^examples?:$", out, re.MULTILINE)
    examples = [
        line.split("  ")[1] for line in out.splitlines() if line.startswith(f"  newslineage {command} ")
    ]
    assert examples, out
    parser = build_parser()
    for example in examples:
        argv = shlex.split(example.split(" | ")[0])[1:]
        args = parser.parse_args(argv)  # every example is a valid command line
        assert args.command == command
        if command == "explain":  # the example runs as shown from the repository root
            for name in (args.a, args.b, *args.collection):
                assert (ROOT / name).exists(), name
