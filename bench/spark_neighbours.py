"""The Spark job's hyperplane-bucket neighbour search against the exact search, on real document vectors.

Above ``exact_neighbours_up_to`` documents the job finds embedding neighbours in
random-hyperplane buckets (``newslineage.spark.neighbours.BucketSearch``) rather
than comparing every pair. For each size N this writes a synthetic collection
(``newslineage synth``, seed 1, reused from ``--work``), runs the scan's own text
and embedding stages on it (the vectors are kept in ``--work`` for the next run),
and then runs on Spark, with its event log on:

- the exact block-against-block search the job runs below the threshold;
- the bucket search, once per ``--bucket-sizes`` value (the default, 512, and
  smaller ones, which cut more hyperplanes per table, as a larger collection does).

Printed per search: hyperplanes per table, the documents each document is compared
with (mean), the recall of the exact search's neighbour pairs (computed locally,
``candidates.neighbour_pairs``) over all of them and over those of cosine 0.8 and
above (the ones a copy has), the shuffle bytes Spark wrote and the seconds.
The recall of the final copy pairs is ``bench/spark_speed.py --exact-up-to 0``.

Usage: python bench/spark_neighbours.py [--sizes 2000 20000] [--bucket-sizes 512 64 16]
                                        [--master 'local[2]'] [--work bench/.work]
                                        [--out bench/results/spark_neighbours.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from newslineage import candidates
from newslineage.config import CandidateConfig, ScanConfig
from newslineage.spark import neighbours
from newslineage.spark.neighbours import BucketSearch
from newslineage.spark.session import start
from newslineage.synth import SynthConfig, write_collection

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from neighbours import document_vectors  # noqa: E402  (bench/ is a folder of scripts)


def vectors_of(n: int, work: Path) -> np.ndarray:
    folder = work / f"synth-{n}-1"
    cached = folder / "document-vectors.npy"
    if cached.is_file():
        return np.load(cached)
    if not (folder / "truth.json").is_file():
        write_collection(folder, SynthConfig(articles=n, seed=1))
    _, vectors = document_vectors(folder / "articles", ScanConfig())
    np.save(cached, vectors)
    return vectors


def compared_per_document(vectors: np.ndarray, search: BucketSearch) -> float:
    """Mean number of other documents a document meets in its buckets, all tables together."""
    n = len(vectors)
    bits = search.bits(n)
    tables = search.tables if bits else 1
    mean = np.rint(vectors.astype(np.float64) * 2.0**30).astype(np.int64).sum(axis=0) / 2.0**30 / n
    sizes = Counter(
        key for v in vectors for key in neighbours.bucket_keys(v, mean, search.seed, tables, bits)
    )
    capped = [min(s, search.max_bucket) for s in sizes.values()]
    return sum(s * (s - 1) for s in capped) / n


def shuffle_by_group(events: Path) -> dict[str, int]:
    """Shuffle bytes written per job group, from a Spark event log."""
    (log,) = [p for p in events.rglob("*") if p.is_file() and not p.name.startswith(".")]
    group_of_stage: dict[int, str] = {}
    written: dict[str, int] = defaultdict(int)
    for line in log.open(encoding="utf-8"):
        event = json.loads(line)
        kind = event.get("Event")
        if kind == "SparkListenerJobStart":
            group = (event.get("Properties") or {}).get("spark.jobGroup.id", "")
            for stage in event.get("Stage IDs", []):
                group_of_stage[stage] = group
        elif kind == "SparkListenerTaskEnd":
            metrics = event.get("Task Metrics") or {}
            shuffle = (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            written[group_of_stage.get(event["Stage ID"], "")] += shuffle
    return dict(written)


def measure(spark: Any, vectors: np.ndarray, bucket_sizes: list[int], parts: int) -> list[dict[str, Any]]:
    n = len(vectors)
    config = CandidateConfig()
    exact = candidates.neighbour_pairs(vectors, config.neighbours, config.min_doc_similarity)
    close = {p for p, sim in exact.items() if sim >= 0.8}
    sc = spark.sparkContext
    rdd = sc.parallelize(list(enumerate(vectors)), parts).cache()
    rdd.count()
    runs: list[dict[str, Any]] = []
    searches: list[tuple[str, CandidateConfig, BucketSearch]] = [("exact", config, BucketSearch())]
    for size in bucket_sizes:
        searches.append(
            (f"buckets-{size}", CandidateConfig(exact_neighbours_up_to=0), BucketSearch(bucket_size=size))
        )
    for name, cfg, search in searches:
        sc.setJobGroup(f"{n}-{name}", name)
        began = time.perf_counter()
        found = set(neighbours.neighbour_pairs(rdd, n, cfg, search).collect())
        seconds = time.perf_counter() - began
        bucketed = cfg.exact_neighbours_up_to < n
        runs.append(
            {
                "articles": n,
                "search": name,
                "bits": search.bits(n) if bucketed else None,
                "tables": (search.tables if search.bits(n) else 1) if bucketed else None,
                "compared_per_document": round(compared_per_document(vectors, search), 1)
                if bucketed
                else n - 1,
                "exact_pairs": len(exact),
                "close_pairs": len(close),
                "found_pairs": len(found),
                "recall": round(len(set(exact) & found) / max(1, len(exact)), 4),
                "recall_close": round(len(close & found) / max(1, len(close)), 4),
                "seconds": round(seconds, 1),
            }
        )
    sc.setLocalProperty("spark.jobGroup.id", None)
    rdd.unpersist()
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20_000])
    parser.add_argument("--bucket-sizes", type=int, nargs="+", default=[512, 64, 16])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="where collections are written")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "spark_neighbours.json")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    vectors = {n: vectors_of(n, args.work) for n in args.sizes}
    events = Path(tempfile.mkdtemp(prefix="newslineage-spark-events-"))
    spark = start(args.master, {"spark.eventLog.enabled": "true", "spark.eventLog.dir": events.as_uri(),
                                "spark.eventLog.compress": "false", "spark.eventLog.rolling.enabled": "false"})  # fmt: skip
    parts = spark.sparkContext.defaultParallelism
    runs = [run for n in args.sizes for run in measure(spark, vectors[n], args.bucket_sizes, parts)]
    spark.stop()
    written = shuffle_by_group(events)
    for run in runs:
        run["shuffle_mb"] = round(written.get(f"{run['articles']}-{run['search']}", 0) / 1e6, 1)
        print(
            f"{run['articles']} articles, {run['search']}: bits {run['bits']}, tables {run['tables']}, "
            f"compared per document {run['compared_per_document']}, recall {run['recall']:.2%} of "
            f"{run['exact_pairs']} pairs, {run['recall_close']:.2%} of {run['close_pairs']} at cosine >= 0.8; "
            f"{run['found_pairs']} pairs found, shuffle {run['shuffle_mb']} MB, {run['seconds']} s"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"master": args.master, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    print(f"results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
