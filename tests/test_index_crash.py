"""kill -9 of ``index add`` at random moments, and readers answering while a writer adds.

Both tests share one index: the one the kill loop leaves behind is the one readers then
query while a last writer adds to it.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newslineage.config import IngestConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.index import Indexer, Store, export, query
from newslineage.ingest import ingest
from newslineage.synonyms import Synonyms
from newslineage.synth import SynthConfig, write_collection

#: Wall-clock bound of the kill loop; at least ``KILLS`` kills happen inside it.
BUDGET_S = 150
KILLS = 20
#: Every LATE-th kill waits for a commit, then lands a moment later, inside the next chunk.
LATE = 5


@dataclass
class Writer:
    """``newslineage index add -v`` in its own process, its ``done ID`` lines read as they come."""

    proc: subprocess.Popen[str]
    done: list[tuple[float, str]] = field(default_factory=list)

    @classmethod
    def start(cls, paths: list[Path], index: Path) -> Writer:
        cmd = [
            sys.executable,
            "-m",
            "newslineage.cli",
            "index",
            "add",
            *map(str, paths),
            "--index",
            str(index),
        ]
        proc = subprocess.Popen(
            [*cmd, "--chunk", "2", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        writer = cls(proc)
        threading.Thread(target=writer._read, daemon=True).start()
        return writer

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("done "):
                self.done.append((time.monotonic(), line[5:].strip()))

    def wait_for_commit(self, deadline: float) -> None:
        while not self.done and self.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)

    def kill(self) -> bool:
        """SIGKILL; True when the process was still running to receive it."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        time.sleep(0.05)  # let the reader thread take the last lines the pipe held
        return self.proc.returncode == -signal.SIGKILL


@dataclass(frozen=True)
class Killed:
    folder: Path
    files: list[Path]
    #: Articles of the same collection no killed writer was ever given.
    spare: list[Path]
    reported: frozenset[str]
    kills: int
    late_kills: int


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Killed:
    """An index that ``index add`` processes were killed into, ``KILLS`` times (bounded in time)."""
    root = tmp_path_factory.mktemp("crash")
    write_collection(root / "synth", SynthConfig(articles=100, seed=5))
    # The first 60 (whole stories, numbered in order): enough for every chunk to relate something.
    every = sorted((root / "synth" / "articles").rglob("*.txt"))
    files, spare = every[:60], every[60:]
    index = root / "idx"
    rng = random.Random(12)
    reported: set[str] = set()
    kills = late = 0
    start = time.monotonic()
    while kills < KILLS and time.monotonic() - start < BUDGET_S:
        writer = Writer.start(rng.sample(files, 8), index)
        if kills % LATE == LATE - 1:
            # Past start-up and model load: dies inside a chunk after the first one committed.
            writer.wait_for_commit(start + BUDGET_S)
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            # Start-up, schema creation, ingest, model load: wherever the moment falls.
            time.sleep(rng.uniform(0.05, 1.5))
        committed = bool(writer.done)
        if writer.kill():
            kills += 1
            late += committed
        reported |= {doc for _, doc in writer.done}
    return Killed(index, files, spare, frozenset(reported), kills, late)


def test_killed_writers_leave_an_index_that_opens_with_every_reported_article(
    killed: Killed, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    assert killed.kills >= KILLS, f"only {killed.kills} kills in {BUDGET_S} s"
    assert killed.late_kills >= 2, "too few kills landed after a commit, inside a later chunk"
    store = Store(killed.folder)
    ids = set(store.all_ids())
    assert killed.reported and killed.reported <= ids
    data = export(store)
    # Nothing half-written: every stored article has its story, and its lineage node.
    assert {d for s in data.stories for d in s.documents} == ids
    assert {n.document for n in data.lineage.nodes if n.document} == ids
    assert all(r.a in ids and r.b in ids for r in data.relations)
    assert len(store.vectors()) == len(ids)
    indexer = Indexer(store, encoder=encoder, synonyms=synonyms)
    some = sorted(ids)[0]
    article = next(a for a in ingest(killed.files, IngestConfig()).articles if a.id == Path(some).name)
    assert query(indexer, article).result.documents


def test_queries_answer_while_a_writer_adds(
    killed: Killed, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    indexer = Indexer(Store(killed.folder), encoder=encoder, synonyms=synonyms)
    present = set(indexer.store.all_ids())
    asked = [a for a in ingest(killed.files, IngestConfig()).articles if a.id in present][:10]
    # However many articles the killed writers got in, these were never offered to one.
    fresh = killed.spare[:8]
    assert asked and len(fresh) >= 6
    writer = Writer.start(fresh, killed.folder)
    answered: list[float] = []
    try:
        while writer.proc.poll() is None:
            assert query(indexer, asked[len(answered) % len(asked)]).result.documents
            answered.append(time.monotonic())
    finally:
        writer.proc.wait(timeout=300)
    assert writer.proc.returncode == 0
    first, last = writer.done[0][0], writer.done[-1][0]
    # Answers came between the writer's first and last commit, not only before or after it wrote.
    assert any(first <= t <= last for t in answered), (first, last, answered)
    assert {f.name for f in fresh} <= set(Store(killed.folder).all_ids())
