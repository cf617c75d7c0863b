"""Where a query's CPU goes: each part of ``index.query`` timed over later arrivals, and the slowest.

Opens an index that ``bench/index_figures.py --build-only --work DIR`` left (``DIR/index-N``,
built from ``DIR/synth-(N+NEW)-SEED``), asks it QUERIES of the later arrivals that
script set aside (the same draw), one at a time with the model loaded, and prints the
CPU milliseconds a query spends in each stage function and lookup the index calls
(parts nest: ``relate`` holds ``relate_pairs``, ``reached`` and the lookups; ``answer``
holds ``lineage.build``; the garbage collector's CPU, in whatever part it ran, apart), then
the five slowest queries with their largest parts.
``--profile`` prints cProfile's table instead (its own overhead inflates the times).
The heap is settled before the queries, as the service settles it (``Indexer.settle``);
``--no-settle`` leaves it as a one-off process has it.
The index is only read, but for what an index written by an earlier version lacks, filled once
on opening (``index.ready``): profile a copy of an index you keep.

Usage: python bench/query_profile.py --work DIR --size N [--new 1000] [--queries 100] [--seed 1]
                                     [--profile] [--no-settle]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import newslineage.index.answer as answer_module  # noqa: E402  (bench/ is a folder of scripts)
import newslineage.index.lookup as lookup_module  # noqa: E402
import newslineage.index.read as read_module  # noqa: E402
import newslineage.index.relating as relating_module  # noqa: E402
import newslineage.index.update as update_module  # noqa: E402
from index_figures import collection  # noqa: E402
from newslineage import report  # noqa: E402
from newslineage.embed import UniversalSentenceEncoder  # noqa: E402
from newslineage.index import Indexer, Store, query  # noqa: E402
from newslineage.index.known import KnownVectors  # noqa: E402
from newslineage.synonyms import load_synonyms  # noqa: E402


class Parts:
    """CPU seconds spent in each timed function, and the order they were installed in."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.order: list[str] = []

    def time(self, owner: Any, name: str, label: str) -> None:
        """Replace ``owner.name`` by a wrapper that adds its CPU time to ``label``."""
        inner: Callable[..., Any] = getattr(owner, name)
        if label not in self.order:  # one part may be timed where two modules call it
            self.order.append(label)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent[label] += time.process_time() - start

        setattr(owner, name, timed)

    def print_table(self, per: int, unit: str) -> None:
        """The parts in the order installed, CPU milliseconds each per ``unit`` (nested ones marked)."""
        print(f"\n| part | CPU ms {unit} |\n|---|---:|")
        for label in self.order:
            name = "- " + label.strip() if label.startswith("  ") else label
            print(f"| {name} | {self.spent.get(label, 0.0) * 1000 / per:.2f} |")


class Collections:
    """CPU seconds the garbage collector spends, and its full (oldest generation) passes.

    A full pass walks every object the process holds (the model's, the held reaches'), and
    whichever query's allocations trigger it pays for it, in whatever part it was in.
    """

    def __init__(self) -> None:
        self.spent = 0.0
        self.full = 0
        self._start = 0.0
        gc.callbacks.append(self._heard)

    def _heard(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.process_time()
            return
        self.spent += time.process_time() - self._start
        self.full += info["generation"] == 2


def index_arguments(parser: argparse.ArgumentParser) -> None:
    """The options both profiles share: the index ``index_figures.py`` built, and its later arrivals."""
    parser.add_argument("--work", type=Path, required=True, help="the --work folder of index_figures.py")
    parser.add_argument("--size", type=int, required=True, help="articles in the index (its N)")
    parser.add_argument("--new", type=int, default=1000, help="later arrivals set aside (its --new)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile's table instead of the parts")


def index_and_arrivals(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[Path, list[Any]]:
    """The index folder ``index_figures.py`` built and the later arrivals it set aside (the same draw)."""
    folder = args.work / f"index-{args.size}"
    if not folder.is_dir():
        parser.error(
            f"{folder}: no index; build it with bench/index_figures.py --build-only --work {args.work}"
        )
    articles, _ = collection(args.work, args.size + args.new, args.seed)
    return folder, sorted(random.Random(args.seed).sample(articles, args.new), key=lambda a: a.id)


def install(parts: Parts) -> None:
    u, a, lk, rl = update_module, answer_module, lookup_module, relating_module
    for owner, name, label in (
        (u.text, "analyze_all", "text stage"),
        (u, "embed_documents", "embedding (stored vectors and the model)"),
        (KnownVectors, "encode", "  the model and stored sentence vectors"),
        (u, "sign_many", "signatures"),
        (read_module, "relate", "relating (candidates, alignment, composition)"),
        (u.reach, "reached", "  reach rule (embedding neighbours)"),
        (lk, "lsh_partners", "  LSH buckets"),
        (lk, "anchor_partners", "  anchor postings"),
        (lk, "relatable", "  pairs that cannot relate"),
        (rl, "relate_pairs", "  alignment and relation (relate_pairs)"),
        (rl, "compose", "  composition"),
        (read_module, "answer", "answer (family lineage, findings)"),
        (a.lineage, "build", "  lineage.build"),
        (a.audit, "audit", "  audit.audit"),
        (a.spin, "spin_reports", "  spin"),
        (Store, "documents", "reading stored documents (anywhere)"),
        (Store, "relations_of", "reading stored relations (anywhere)"),
    ):
        parts.time(owner, name, label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    index_arguments(parser)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--no-settle",
        action="store_true",
        help="leave the heap unfrozen (the service settles it once loaded: Indexer.settle)",
    )
    args = parser.parse_args(argv)
    folder, later = index_and_arrivals(parser, args)
    asked = later[: args.queries]
    indexer = Indexer(Store(folder), encoder=UniversalSentenceEncoder(), synonyms=load_synonyms())
    parts = Parts()
    if not args.profile:
        install(parts)

    def one(article: Any) -> int:
        found = query(indexer, article)
        report.dumps(report.to_json(found.result))  # what the CLI and the service write
        return len(found.result.relations)

    one(asked[0])  # warms the vector file, SQLite's pages and the model
    if not args.no_settle:
        indexer.settle()  # as `newslineage serve` does once started
    parts.spent.clear()
    cpu: list[float] = []
    wall: list[float] = []
    slow: list[tuple[float, str, int, dict[str, float]]] = []
    collections = Collections()
    profile = cProfile.Profile() if args.profile else None
    load = os.getloadavg()[0]
    for article in asked:
        before = dict(parts.spent)
        collected, full = collections.spent, collections.full
        start, clock = time.process_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        relations = one(article)
        if profile is not None:
            profile.disable()
        cpu.append((time.process_time() - start) * 1000)
        wall.append((time.perf_counter() - clock) * 1000)
        mine = {k: (v - before.get(k, 0.0)) * 1000 for k, v in parts.spent.items()}
        mine[f"garbage collection ({collections.full - full} full)"] = (collections.spent - collected) * 1000
        slow.append((cpu[-1], article.id, relations, mine))
    n = len(asked)
    print(
        f"{n} queries on {args.size:,} articles, load average {load:.1f} to {os.getloadavg()[0]:.1f}: "
        f"CPU p50 {np.percentile(cpu, 50):.1f} ms, p99 {np.percentile(cpu, 99):.1f} ms, mean {np.mean(cpu):.1f} ms; "
        f"wall p50 {np.percentile(wall, 50):.1f} ms, p99 {np.percentile(wall, 99):.1f} ms"
    )
    if profile is not None:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return 0
    parts.print_table(n, "a query (mean)")
    print(
        f"| garbage collection, in any part ({collections.full} full passes) | "
        f"{collections.spent * 1000 / n:.2f} |"
    )
    print("\nslowest:")
    for spent_ms, doc, relations, mine in sorted(slow)[-5:]:
        top = sorted(mine.items(), key=lambda kv: -kv[1])[:5]
        print(
            f"  {spent_ms:.1f} ms {doc} ({relations} relations): "
            + ", ".join(f"{k.strip()} {v:.1f}" for k, v in top)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
