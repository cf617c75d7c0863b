"""The command line as a user runs it: summary, JSON on stdout, explain, synth, errors."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
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


# --- errors a user meets, as a user meets them: the real command in its own process ---------


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "newslineage.cli", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_the_exit_codes_are_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["scan", "--help"])
    out = capsys.readouterr().out
    for code, what in (
        (0, "done"),
        (2, "bad arguments"),
        (3, "no articles"),
        (4, "a report could not be written"),
        (130, "interrupted"),
    ):
        assert re.search(rf"^  {code}\s+{what}", out, re.MULTILINE), code


def test_no_articles_at_all(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "short.txt").write_text("Too short.", encoding="utf-8")
    done = run_cli("scan", str(tmp_path), "--json", str(tmp_path / "out.json"))
    assert done.returncode == 3
    line = one_clear_line(done.stderr)
    assert line == "error: no articles: all 2 input(s) were skipped (first: empty.txt: empty file)"
    assert not (tmp_path / "out.json").exists()


def test_a_missing_input_and_an_unreadable_report_folder(tmp_path: Path) -> None:
    done = run_cli("scan", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert one_clear_line(done.stderr).endswith("nowhere: no such file or folder")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = run_cli("scan", str(ORIGINAL), "--json", str(tmp_path / "file" / "report.json"))
    assert done.returncode == 4  # said before scanning, not after
    assert "is not a folder" in one_clear_line(done.stderr)
    done = run_cli("scan", str(ORIGINAL), "--json", str(tmp_path))
    assert done.returncode == 4
    assert "is a folder; name a file" in one_clear_line(done.stderr)


def test_a_report_in_a_missing_folder_is_written_there(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "report.json"
    done = run_cli("scan", str(ORIGINAL), str(SPUN), "--json", str(target), "-q")
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == SCHEMA
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary file left


def test_a_full_disk_on_standard_output() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = run_cli("scan", str(ORIGINAL), str(SPUN), "--json", "-", stdout=full)
    assert done.returncode == 4
    assert (
        one_clear_line(done.stderr)
        == "error: cannot write the report to standard output: No space left on device"
    )


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs: a disk that fills up (needs root and a kernel that lets us mount)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_no_half_written_report(tiny_disk: Path) -> None:
    target = tiny_disk / "report.json"  # the example's report is ~200 KB: it cannot fit
    done = run_cli("scan", str(EXAMPLE), "--json", str(target), "--json-text")
    assert done.returncode == 4
    assert (
        one_clear_line(done.stderr)
        == f"error: {target}: cannot write the report: no space left on the device"
    )
    assert list(tiny_disk.iterdir()) == []  # neither the report nor its temporary file


def test_ctrl_c_during_a_long_scan(tmp_path: Path) -> None:
    from newslineage.synth import SynthConfig, write_collection

    write_collection(tmp_path / "c", SynthConfig(articles=2000, seed=1))
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newslineage.cli",
            "scan",
            str(tmp_path / "c" / "articles"),
            "--json",
            str(target),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job has
        # A process started with SIGINT ignored keeps ignoring it (Python installs no handler);
        # something in a long test session may leave it so, which a user's terminal never does.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(8)  # the model is loaded and the scan under way: 2,000 articles take ~25 s here
    assert process.poll() is None, "the scan ended before it could be interrupted"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the whole group, workers included
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130
    assert one_clear_line(err) == "interrupted"
    assert list(target.parent.iterdir()) == []


def test_low_memory_gives_the_same_report(tmp_path: Path) -> None:
    plain, lean = tmp_path / "plain.json", tmp_path / "lean.json"
    assert main(["scan", str(EXAMPLE), "-q", "--workers", "2", "--json", str(plain)]) == 0
    assert main(["scan", str(EXAMPLE), "-q", "--workers", "2", "--low-memory", "--json", str(lean)]) == 0
    assert build_parser().parse_args(["scan", "x", "--low-memory"]).low_memory
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (plain, lean))
    for report in (a, b):
        report.pop("timings", None)
    assert a == b
    assert a["relations"]
