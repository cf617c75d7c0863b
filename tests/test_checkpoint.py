"""A scan killed mid-way resumes from its checkpoint and reports what an uninterrupted scan does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newslineage import pipeline
from newslineage.checkpoint import open_checkpoint
from newslineage.config import CandidateConfig, ScanConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import CheckpointError
from newslineage.ingest import ingest
from newslineage.synonyms import Synonyms
from newslineage.synth import SynthConfig, write_collection

#: Candidate pairs per alignment batch in these tests: small, so that a 300-article scan has many.
BATCH = 100
#: The command line, with small alignment batches, in a process of its own that the test can kill.
SCAN = (
    "import sys; from newslineage import pipeline, cli; pipeline.RELATE_BATCH = {batch}; "
    "sys.exit(cli.main(sys.argv[1:]))"
)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    write_collection(out, SynthConfig(articles=300, seed=3))
    return out / "articles"


def scan_command(articles: Path, report: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        SCAN.format(batch=BATCH),
        "scan",
        str(articles),
        "--json",
        str(report),
        "--quiet",
        "--workers",
        "1",
        *extra,
    ]


def findings(report: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    data.pop("timings", None)
    return data


def test_a_killed_scan_resumes_where_it_stopped(collection: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ckpt"
    killed = subprocess.Popen(scan_command(collection, tmp_path / "killed.json", "--checkpoint", str(folder)))
    try:
        deadline = time.monotonic() + 240
        while not (folder / "relate-2.pickle").exists():
            assert killed.poll() is None, "the scan ended before it could be killed"
            assert time.monotonic() < deadline, "no alignment batch finished in four minutes"
            time.sleep(0.05)
        killed.send_signal(signal.SIGKILL)
    finally:
        killed.wait(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert not (tmp_path / "killed.json").exists()
    assert not (folder / "composed.pickle").exists(), "killed after the alignment stage: nothing to resume"
    finished = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert {"text.pickle", "embed.pickle", "candidates.pickle", "relate-0.pickle"} <= set(finished)

    resumed = subprocess.run(
        scan_command(collection, tmp_path / "resumed.json", "--checkpoint", str(folder)),
        timeout=600,
        check=False,
    )
    assert resumed.returncode == 0
    for name, mtime in finished.items():  # read back, not computed again
        assert (folder / name).stat().st_mtime_ns == mtime, name

    fresh = subprocess.run(scan_command(collection, tmp_path / "fresh.json"), timeout=600, check=False)
    assert fresh.returncode == 0
    assert findings(tmp_path / "resumed.json") == findings(tmp_path / "fresh.json")


def test_a_checkpoint_of_other_articles_is_refused(
    collection: Path, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    folder = tmp_path / "ckpt"
    first = sorted(collection.rglob("*.txt"))[:2]
    pipeline.scan(first, checkpoint=folder, encoder=encoder, synonyms=synonyms)
    assert (folder / "composed.pickle").is_file()
    with pytest.raises(CheckpointError, match="made for other articles"):
        pipeline.scan(
            sorted(collection.rglob("*.txt"))[:3], checkpoint=folder, encoder=encoder, synonyms=synonyms
        )
    with pytest.raises(CheckpointError, match="made for other articles"):
        pipeline.scan(first, ScanConfig(candidates=CandidateConfig(max_per_article=5)), checkpoint=folder)


def test_a_folder_that_is_not_a_checkpoint_is_left_alone(collection: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    articles = ingest([collection], ScanConfig().ingest).articles
    with pytest.raises(CheckpointError, match="not empty and not a checkpoint"):
        open_checkpoint(tmp_path, articles, ScanConfig())
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_command_line_names_the_folder_it_refuses(collection: Path, tmp_path: Path) -> None:
    (tmp_path / "ckpt").mkdir()
    (tmp_path / "ckpt" / "notes.txt").write_text("mine", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslineage.cli",
            "scan",
            str(collection),
            "--checkpoint",
            str(tmp_path / "ckpt"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert str(tmp_path / "ckpt") in done.stderr and "not a checkpoint" in done.stderr
