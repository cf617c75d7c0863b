"""Which approximate nearest-neighbour library the index uses, measured here.

Points are real vectors from the project's embedding model: the sentences of the
L2R articles and of a synthetic collection (``newslineage synth``), embedded by
USE multilingual v3 and L2-normalized, as document vectors are. Each library
builds an HNSW graph over them (cosine), then answers 1,000 single-vector
queries (one query per call, as the service asks) for their 10 nearest
neighbours. Printed per library: recall@10 against the exact answer (numpy),
build seconds, median and p99 query milliseconds, resident memory added by the
build, and the saved file's size.

Usage: python bench/vectors.py [--points 20000] [--synth 2000] [--data ../shared/bench/l2r-news]
                               [--cache /tmp/nl-vectors.npy] [--out bench/results/vectors.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from metrics import shared_bench
from newslineage.config import IngestConfig
from newslineage.embed import UniversalSentenceEncoder, normalize_rows
from newslineage.ingest import ingest
from newslineage.synth import SynthConfig, write_collection
from newslineage.text import split_sentences

K = 10
QUERIES = 1000
DATA = shared_bench() / "l2r-news"


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 1e6


def sentences(data: Path, synth: int) -> list[str]:
    texts = []
    for name in ("human.json", "GPT-3-Turbo.json", "GPT-4o.json"):
        texts += json.loads((data / name).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        write_collection(Path(tmp), SynthConfig(articles=synth, seed=7))
        texts += [a.text for a in ingest([Path(tmp) / "articles"], IngestConfig()).articles]
    out = {" ".join(t[s:e].split()) for t in texts for s, e, _ in split_sentences(t, 1200)}
    return sorted(s for s in out if len(s) > 20)


def points(args: argparse.Namespace) -> np.ndarray:
    cache = Path(args.cache)
    if cache.exists():
        return np.load(cache)
    found = sentences(Path(args.data), args.synth)
    print(f"embedding {len(found)} sentences...", file=sys.stderr)
    vectors = normalize_rows(UniversalSentenceEncoder().encode(found))
    np.save(cache, vectors)
    return vectors


def exact(data: np.ndarray, queries: np.ndarray) -> np.ndarray:
    scores = queries @ data.T
    return np.argsort(-scores, axis=1, kind="stable")[:, :K]


def build_usearch(data: np.ndarray, path: Path) -> Callable[[np.ndarray], np.ndarray]:
    from usearch.index import Index

    from newslineage.vectors import CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH

    index = Index(
        ndim=data.shape[1],
        metric="cos",
        dtype="f32",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )
    index.add(np.arange(len(data), dtype=np.uint64), data, threads=1)
    index.save(str(path))
    return lambda q: np.asarray(index.search(q, K, threads=1).keys)


def build_hnswlib(data: np.ndarray, path: Path) -> Callable[[np.ndarray], np.ndarray]:
    import hnswlib

    index = hnswlib.Index(space="ip", dim=data.shape[1])
    index.init_index(max_elements=len(data), M=16, ef_construction=128)
    index.set_num_threads(1)
    index.add_items(data, np.arange(len(data)))
    index.set_ef(96)
    index.save_index(str(path))
    return lambda q: index.knn_query(q, k=K)[0][0]


def build_faiss(data: np.ndarray, path: Path) -> Callable[[np.ndarray], np.ndarray]:
    import faiss

    faiss.omp_set_num_threads(1)
    index = faiss.IndexHNSWFlat(data.shape[1], 16, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 128
    index.add(data)
    index.hnsw.efSearch = 96
    faiss.write_index(index, str(path))
    return lambda q: index.search(q, K)[1][0]


def build_numpy(data: np.ndarray, path: Path) -> Callable[[np.ndarray], np.ndarray]:
    np.save(path, data)
    return lambda q: np.argpartition(-(q @ data.T)[0], K)[:K]


LIBRARIES = {
    "usearch": build_usearch,
    "hnswlib": build_hnswlib,
    "faiss-cpu": build_faiss,
    "numpy exact": build_numpy,
}


def measure(name: str, data: np.ndarray, queries: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.bin"
        before = rss_mb()
        start = time.perf_counter()
        search = LIBRARIES[name](data, path)
        build = time.perf_counter() - start
        memory = rss_mb() - before
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        times, hits = [], 0
        for q, want in zip(queries, truth, strict=True):
            t = time.perf_counter()
            got = search(q[None, :])
            times.append((time.perf_counter() - t) * 1000)
            hits += len(set(np.asarray(got).ravel().tolist()) & set(want.tolist()))
    return {
        "library": name,
        "recall_at_10": round(hits / (K * len(queries)), 4),
        "build_s": round(build, 2),
        "query_ms_p50": round(float(np.percentile(times, 50)), 3),
        "query_ms_p99": round(float(np.percentile(times, 99)), 3),
        "memory_mb": round(memory, 1),
        "file_mb": round(size, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--synth", type=int, default=2000)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--cache", default="/tmp/nl-vectors.npy")
    parser.add_argument("--out", default="bench/results/vectors.json")
    args = parser.parse_args()
    vectors = points(args)
    rng = np.random.default_rng(0)
    chosen = rng.permutation(len(vectors))
    data = np.ascontiguousarray(vectors[chosen[: args.points]])
    queries = np.ascontiguousarray(vectors[chosen[args.points : args.points + QUERIES]])
    if len(queries) < QUERIES:  # fewer points than asked: query with stored points
        queries = data[:QUERIES]
    truth = exact(data, queries)
    rows = [measure(name, data, queries, truth) for name in LIBRARIES]
    print(f"{len(data)} vectors of {data.shape[1]} dimensions, {len(queries)} queries, k={K}")
    print(
        f"{'library':<12} {'recall@10':>9} {'build s':>8} {'p50 ms':>7} {'p99 ms':>7} {'mem MB':>7} {'file MB':>8}"
    )
    for r in rows:
        print(
            f"{r['library']:<12} {r['recall_at_10']:>9.4f} {r['build_s']:>8.2f} {r['query_ms_p50']:>7.3f} "
            f"{r['query_ms_p99']:>7.3f} {r['memory_mb']:>7.1f} {r['file_mb']:>8.1f}"
        )
    Path(args.out).write_text(
        json.dumps(
            {"points": len(data), "dim": int(data.shape[1]), "queries": len(queries), "rows": rows}, indent=2
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
