"""The persistent index at several sizes: query latency, recall against a scan, adds, disk, projection.

For each size N it writes a synthetic collection of N + NEW articles (``newslineage synth``,
seed 1), sets NEW of them aside at random (the later arrivals) and, in one process with the
model loaded once:

- builds an index of the other N (``Indexer.add``), timed, and measures it on disk;
- queries QUERIES of the later arrivals one at a time (``index.query``: text stage, the
  article's own embedding, candidates from the index, alignment, its story's lineage),
  timed each: p50, p99;
- adds the NEW later arrivals to the index of N, timed, against one scan of the same NEW
  articles alone (``scan_articles``), per article;
- scans the N and the queried articles at once and compares: recall of each queried
  article's copy partners among the N (what the full scan relates as a copy) by its query;
  recall of the true copies (the collection's truth) by the query and by the scan.

Wall and CPU seconds are both kept: on a machine shared with other work, CPU time shows
what the step itself costs.

The projections to 100,000 and 1,000,000 articles extend the growth measured between the
two largest sizes (a power law through both points) for each figure. ``--build-only``
measures the build alone (one add of N into an empty index), for sizes whose queries,
adds and reference scan do not fit the time; it writes bench/results/index_build.json
unless told ``--out``, so that a build alone never replaces the full figures.

Usage: python bench/index_figures.py [--sizes 1000 2000] [--new 1000] [--queries 100]
                                     [--work /tmp/indexwork] [--out bench/results/index.json]
                                     [--merge EARLIER.json ...] [--report-only] [--build-only]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from metrics import pair, truth_related_copies  # noqa: E402  (bench/ is a folder of scripts)
from newslineage.config import IngestConfig  # noqa: E402
from newslineage.embed import UniversalSentenceEncoder  # noqa: E402
from newslineage.index import Indexer, Store, query  # noqa: E402
from newslineage.ingest import ingest  # noqa: E402
from newslineage.models import Article, Relation  # noqa: E402
from newslineage.pipeline import scan_articles  # noqa: E402
from newslineage.synonyms import load_synonyms  # noqa: E402
from newslineage.synth import SynthConfig, load_truth, write_collection  # noqa: E402

TARGETS = (100_000, 1_000_000)


def collection(work: Path, n: int, seed: int) -> tuple[list[Article], dict[str, Any]]:
    out = work / f"synth-{n}-{seed}"
    if not (out / "truth.json").is_file():
        write_collection(out, SynthConfig(articles=n, seed=seed))
    articles = sorted(ingest([out / "articles"], IngestConfig()).articles, key=lambda a: a.id)
    return articles, load_truth(out / "truth.json")


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def copy_partners(relations: tuple[Relation, ...] | list[Relation], doc: str) -> set[str]:
    return {r.b if r.a == doc else r.a for r in relations if r.is_copy and doc in (r.a, r.b)}


def run_queries(
    indexer: Indexer, asked: list[Article]
) -> tuple[list[float], list[float], dict[str, set[str]], dict[str, Any]]:
    """Wall and CPU milliseconds of each query, the copy partners each found, and the reuse figures.

    Each query runs twice in a row, with stored sentence vectors reused (the default, timed
    as the query's figures) and with every sentence embedded: the CPU ratio of the two,
    measured in the same process, is what reusing saves.
    """
    query(indexer, asked[0])  # the first call warms caches (vector file, SQLite pages)
    query(indexer, asked[0], reuse_vectors=False)
    times, cpu, plain, found = [], [], [], {}
    reused = embedded = no_model = 0
    for article in asked:
        with Clock() as clock:
            answer = query(indexer, article)
        with Clock() as without:
            query(indexer, article, reuse_vectors=False)
        times.append(clock.wall * 1000)
        cpu.append(clock.cpu * 1000)
        plain.append(without.cpu * 1000)
        reused, embedded = reused + answer.reused, embedded + answer.embedded
        no_model += answer.embedded == 0
        found[article.id] = copy_partners(answer.result.relations, article.id)
    reuse = {
        "sentences_reused": round(reused / max(reused + embedded, 1), 3),
        "queries_without_model": no_model,
        "query_cpu_p50_ms_no_reuse": round(percentile(plain, 50), 1),
        "query_cpu_p99_ms_no_reuse": round(percentile(plain, 99), 1),
        "reuse_cpu_ratio": round(sum(cpu) / sum(plain), 3),
    }
    return times, cpu, found, reuse


def recall(found: dict[str, set[str]], wanted: dict[str, set[str]]) -> float:
    hits = sum(len(found[d] & wanted[d]) for d in wanted)
    total = sum(len(w) for w in wanted.values())
    return round(hits / total, 4) if total else 1.0


def cpu_seconds() -> float:
    """CPU seconds of this process and of the worker processes it has waited for (the scan's and
    the first add's text, embedding and alignment workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall and CPU seconds of one step (CPU shows the work when other processes share the cores)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = cpu_seconds() - self.cpu


def measure(
    n: int, args: argparse.Namespace, encoder: UniversalSentenceEncoder, work: Path
) -> dict[str, Any]:
    articles, truth = collection(work, n + args.new, args.seed)
    rng = random.Random(args.seed)
    later = sorted(rng.sample(articles, args.new), key=lambda a: a.id)
    late_ids = {a.id for a in later}
    base = [a for a in articles if a.id not in late_ids]
    folder = work / f"index-{n}"
    if folder.exists():
        shutil.rmtree(folder)
    synonyms = load_synonyms()
    indexer = Indexer(Store(folder, create=True), encoder=encoder, synonyms=synonyms)
    with Clock() as build:
        indexer.add(base, chunk=args.chunk)
    size_n = disk_mb(folder)
    print(f"  N={n}: built in {build.wall:.0f} s ({build.cpu:.0f} s CPU), {size_n:.1f} MB", file=sys.stderr)
    built = {
        "articles": n,
        "build_s": round(build.wall, 1),
        "build_cpu_s": round(build.cpu, 1),
        "build_ms_per_article": round(build.wall * 1000 / len(base), 1),
        "build_cpu_ms_per_article": round(build.cpu * 1000 / len(base), 1),
        "disk_mb": round(size_n, 1),
    }
    if args.build_only:
        return built

    asked = later[: args.queries]
    load_before = os.getloadavg()[0]
    times, cpu, found, reuse = run_queries(indexer, asked)
    # The machine's load while the queries ran: wall times on a shared machine follow it.
    load = (round(load_before, 1), round(os.getloadavg()[0], 1))
    print(f"  queries p50 {percentile(times, 50):.0f} ms p99 {percentile(times, 99):.0f} ms", file=sys.stderr)

    with Clock() as add:
        indexer.add(later, chunk=args.chunk)
    with Clock() as scan_new:
        scan_articles(later, encoder=encoder, synonyms=synonyms)
    print(f"  add {args.new}: {add.wall:.0f} s; scan of them alone {scan_new.wall:.0f} s", file=sys.stderr)

    # The reference: one scan of the index's N and the queried articles (a full scan of what
    # each query is asked against, the other queried articles aside).
    with Clock() as scan_ref:
        whole = scan_articles(base + asked, encoder=encoder, synonyms=synonyms)
    in_base = {a.id for a in base}
    by_scan = {a.id: copy_partners(whole.relations, a.id) & in_base for a in asked}
    true_pairs = truth_related_copies(truth)
    by_truth = {a.id: {b for b in in_base if pair(a.id, b) in true_pairs} for a in asked}
    return {
        **built,
        "disk_mb_after_add": round(disk_mb(folder), 1),
        "queries": len(times),
        "query_p50_ms": round(percentile(times, 50), 1),
        "query_p99_ms": round(percentile(times, 99), 1),
        "query_cpu_p50_ms": round(percentile(cpu, 50), 1),
        "query_cpu_p99_ms": round(percentile(cpu, 99), 1),
        "query_load_average": load,
        **reuse,
        "recall_vs_scan": recall(found, by_scan),
        "scan_copies": sum(len(v) for v in by_scan.values()),
        "recall_true_query": recall(found, by_truth),
        "recall_true_scan": recall({a: by_scan[a] for a in by_truth}, by_truth),
        "true_copies": sum(len(v) for v in by_truth.values()),
        "added": args.new,
        "add_s": round(add.wall, 1),
        "add_cpu_s": round(add.cpu, 1),
        "add_ms_per_article": round(add.wall * 1000 / args.new, 1),
        "scan_new_s": round(scan_new.wall, 1),
        "scan_new_cpu_s": round(scan_new.cpu, 1),
        "scan_new_ms_per_article": round(scan_new.wall * 1000 / args.new, 1),
        "scan_reference_s": round(scan_ref.wall, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


#: Projected along a power law: CPU figures only (wall-clock ones carry the shared machine's noise).
PROJECTED = ("query_cpu_p50_ms", "query_cpu_p99_ms", "add_cpu_ms_per_article")


def with_cpu_rates(row: dict[str, Any]) -> dict[str, Any]:
    """CPU milliseconds per article of the add and of the scan, from their CPU seconds."""
    if "added" not in row:
        return row
    return {
        **row,
        "add_cpu_ms_per_article": round(row["add_cpu_s"] * 1000 / row["added"], 1),
        "scan_new_cpu_ms_per_article": round(row["scan_new_cpu_s"] * 1000 / row["added"], 1),
    }


def projection(rows: list[dict[str, Any]], target: int) -> dict[str, Any]:
    """Figures at ``target`` articles from the two largest sizes measured in full.

    CPU times follow the power law through both points. Disk grows by what each added
    article costs (the difference of the two sizes), as every article stores its own rows.
    """
    small, large = rows[-2], rows[-1]
    per_article = (large["disk_mb"] - small["disk_mb"]) / (large["articles"] - small["articles"])
    out: dict[str, Any] = {"articles": target, "disk_kb_per_article": round(per_article * 1000, 1)}
    out["disk_mb"] = round(large["disk_mb"] + per_article * (target - large["articles"]), 0)
    span = math.log(large["articles"] / small["articles"])
    for key in PROJECTED:
        slope = math.log(large[key] / small[key]) / span if small[key] > 0 and large[key] > 0 else 0.0
        out[key] = round(large[key] * (target / large["articles"]) ** slope, 1)
        out[f"{key}_exponent"] = round(slope, 2)
    return out


def print_report(rows: list[dict[str, Any]], projections: list[dict[str, Any]]) -> None:
    full = [r for r in rows if "added" in r]
    if full:
        print_full(full, projections)
    builds = [r for r in rows if "added" not in r]
    if builds:
        print(
            "\n| articles built (one add into an empty index) | build s | build CPU s | CPU ms/article | disk MB |"
        )
        print("|---:|---:|---:|---:|---:|")
        for r in builds:
            print(
                f"| {r['articles']:,} | {r['build_s']:.0f} | {r['build_cpu_s']:.0f} | "
                f"{r['build_cpu_ms_per_article']:.1f} | {r['disk_mb']:.1f} |"
            )


def print_full(rows: list[dict[str, Any]], projections: list[dict[str, Any]]) -> None:
    new = rows[0]["added"]
    print(
        "| articles in the index | build s (CPU s) | disk MB | query p50 / p99 ms | query CPU p50 / p99 ms | "
        f"recall vs scan (pairs) | true-copy recall query / scan | add {new:,}: ms/article (CPU) | "
        f"scan of {new:,}: ms/article (CPU) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['build_s']:.0f} ({r['build_cpu_s']:.0f}) | {r['disk_mb']:.1f} | "
            f"{r['query_p50_ms']:.0f} / {r['query_p99_ms']:.0f} | "
            f"{r['query_cpu_p50_ms']:.0f} / {r['query_cpu_p99_ms']:.0f} | "
            f"{r['recall_vs_scan']:.3f} ({r['scan_copies']}) | "
            f"{r['recall_true_query']:.3f} / {r['recall_true_scan']:.3f} | "
            f"{r['add_ms_per_article']:.0f} ({r['add_cpu_ms_per_article']:.0f}) | "
            f"{r['scan_new_ms_per_article']:.0f} ({r['scan_new_cpu_ms_per_article']:.0f}) |"
        )
    for proj in projections:
        print(
            f"| {proj['articles']:,} (projected) | - | {proj['disk_mb']:,.0f} | - | "
            f"{proj['query_cpu_p50_ms']:,.0f} / {proj['query_cpu_p99_ms']:,.0f} | - | - | "
            f"- ({proj['add_cpu_ms_per_article']:,.0f}) | - |"
        )
    loads = ", ".join(
        f"{r['articles']:,}: {r['query_load_average']}" for r in rows if "query_load_average" in r
    )
    if loads:
        print(f"load average (1 minute) before / after the queries: {loads}")
    if projections:
        proj = projections[0]
        exps = ", ".join(f"{k} {proj[k + '_exponent']}" for k in PROJECTED)
        print(
            f"growth exponents between the two largest sizes: {exps}; disk {proj['disk_kb_per_article']} KB/article"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--new", type=int, default=1000, help="later arrivals added to each index")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--chunk", type=int, default=512)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep collections and indexes here (default: temporary)")
    parser.add_argument(
        "--out",
        type=Path,
        help="results file (default bench/results/index.json; index_build.json with --build-only,"
        " so that a build alone never replaces the full figures)",
    )
    parser.add_argument(
        "--merge", type=Path, action="append", default=[], help="sizes measured by an earlier run (its --out)"
    )
    parser.add_argument("--report-only", action="store_true", help="measure nothing: merge, project, print")
    parser.add_argument(
        "--build-only", action="store_true", help="only build each index (one add into an empty index)"
    )
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = BENCH / "results" / ("index_build.json" if args.build_only else "index.json")
    rows = [r for path in args.merge for r in json.loads(path.read_text(encoding="utf-8"))["sizes"]]
    if not args.report_only:
        encoder = UniversalSentenceEncoder()
        with tempfile.TemporaryDirectory() as tmp:
            work = args.work or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            for n in sorted(args.sizes):
                rows.append(measure(n, args, encoder, work))
                print(json.dumps(rows[-1]), file=sys.stderr)
    rows = sorted((with_cpu_rates(r) for r in rows), key=lambda r: r["articles"])
    full = [r for r in rows if "added" in r]
    projections = [projection(full, target) for target in TARGETS] if len(full) >= 2 else []
    print_report(rows, projections)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    document = {"sizes": rows, "projections": projections}
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
