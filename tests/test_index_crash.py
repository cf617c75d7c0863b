"""kill -9 of ``index add`` at random moments, and readers answering while a writer adds."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from newslineage.config import IngestConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.index import Indexer, Store, export, query
from newslineage.ingest import ingest
from newslineage.synonyms import Synonyms
from newslineage.synth import SynthConfig, write_collection

#: Wall-clock bound of the kill loop; at least ``KILLS`` kills happen inside it.
BUDGET_S = 90
KILLS = 20


def _add(paths: list[Path], index: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "newslineage.cli", "index", "add", *map(str, paths), "--index", str(index)]
    return subprocess.Popen(
        [*cmd, "--chunk", "4", "-v"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )


def test_killed_writers_leave_an_index_that_opens_with_every_reported_article(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    write_collection(tmp_path / "synth", SynthConfig(articles=100, seed=5))
    files = sorted((tmp_path / "synth" / "articles").rglob("*.txt"))
    index = tmp_path / "idx"
    rng = random.Random(12)
    reported: set[str] = set()
    kills = 0
    start = time.monotonic()
    while kills < KILLS and time.monotonic() - start < BUDGET_S:
        proc = _add(rng.sample(files, 24), index)
        # Most kills land while the process starts or loads the model; every fourth run lives long
        # enough (the model takes about 4 s here) to commit a few chunks and die in the middle of one.
        time.sleep(rng.uniform(5.0, 8.0) if kills % 4 == 3 else rng.uniform(0.3, 2.0))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        reported |= {line[5:] for line in out.splitlines() if line.startswith("done ")}
        kills += proc.returncode == -signal.SIGKILL
    assert kills >= KILLS, f"only {kills} kills in {BUDGET_S} s"
    assert reported, "no add reached a commit before its kill"
    store = Store(index)
    ids = set(store.all_ids())
    assert reported <= ids
    data = export(store)
    # Nothing half-written: every stored article has its story, and its lineage node.
    assert {d for s in data.stories for d in s.documents} == ids
    assert {n.document for n in data.lineage.nodes if n.document} == ids
    assert all(r.a in ids and r.b in ids for r in data.relations)
    indexer = Indexer(store, encoder=encoder, synonyms=synonyms)
    some = sorted(ids)[0]
    article = next(
        a
        for a in ingest([tmp_path / "synth" / "articles"], IngestConfig()).articles
        if a.id.endswith(Path(some).name)
    )
    assert query(indexer, article).result.documents


def test_queries_answer_while_a_writer_adds(
    tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    write_collection(tmp_path / "synth", SynthConfig(articles=100, seed=6))
    files = sorted((tmp_path / "synth" / "articles").rglob("*.txt"))
    index = tmp_path / "idx"
    indexer = Indexer(Store(index, create=True), encoder=encoder, synonyms=synonyms)
    first = ingest(files[:20], IngestConfig()).articles
    indexer.add(first)
    writer = _add(files[20:44], index)
    answered = 0
    try:
        while writer.poll() is None:
            assert query(indexer, first[answered % len(first)]).result.documents
            answered += 1
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0 and answered >= 3
    assert len(Store(index).all_ids()) == len(ingest(files[:44], IngestConfig()).articles)
