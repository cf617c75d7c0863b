"""The scan's approximate neighbour search against the exact one, on real document vectors.

Above ``CandidateConfig.exact_neighbours_up_to`` documents the candidate stage finds
each document's embedding neighbours in an HNSW graph (usearch) instead of
comparing every pair of documents. For each size N this writes a synthetic
collection (``newslineage synth``, seed 1, reused from ``--work``), runs the
scan's own text and embedding stages on it, and then, on the same document
vectors, both searches with the scan's settings. Printed: seconds of each, and
the recall of the exact search's neighbour pairs (above the scan's similarity
floor) by the approximate one, over all pairs and over the pairs the scan's copy
decision cares most about (cosine 0.8 and above).

Usage: python bench/neighbours.py [--sizes 20000 50000] [--work bench/.work] [--out bench/results/neighbours.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from newslineage import candidates, text
from newslineage.config import ScanConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.ingest import ingest
from newslineage.pipeline import _Silent, embed_documents
from newslineage.synth import SynthConfig, write_collection

BENCH = Path(__file__).resolve().parent


def document_vectors(folder: Path, config: ScanConfig) -> tuple[list[Any], np.ndarray]:
    articles = sorted(ingest([folder], config.ingest).articles, key=lambda a: a.id)
    docs = text.analyze_all(articles, config.text)
    _, vectors = embed_documents(docs, UniversalSentenceEncoder(), _Silent(), workers=config.text.processes)
    return docs, vectors


def measure(n: int, work: Path) -> dict[str, Any]:
    folder = work / f"synth-{n}-1"
    if not (folder / "truth.json").is_file():
        write_collection(folder, SynthConfig(articles=n, seed=1))
    config = ScanConfig()
    start = time.perf_counter()
    docs, vectors = document_vectors(folder / "articles", config)
    prepared = time.perf_counter() - start
    k, floor = config.candidates.neighbours, config.candidates.min_doc_similarity
    start = time.perf_counter()
    exact = candidates.neighbour_pairs(vectors, k, floor)
    exact_s = time.perf_counter() - start
    start = time.perf_counter()
    order = candidates.content_order(docs)
    approximate = candidates.neighbour_pairs(vectors, k, floor, order=order, threads=config.text.processes)
    approximate_s = time.perf_counter() - start
    close = {p for p, sim in exact.items() if sim >= 0.8}
    return {
        "articles": len(docs),
        "text_and_embedding_s": round(prepared, 1),
        "exact_s": round(exact_s, 1),
        "approximate_s": round(approximate_s, 1),
        "exact_pairs": len(exact),
        "approximate_pairs": len(approximate),
        "recall": round(len(set(exact) & set(approximate)) / max(1, len(exact)), 4),
        "recall_close": round(len(close & set(approximate)) / max(1, len(close)), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="where collections are written")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "neighbours.json")
    args = parser.parse_args()
    rows = []
    print(" articles  exact s  approx s  pairs  recall  recall (cos >= 0.8)")
    for n in args.sizes:
        row = measure(n, args.work)
        rows.append(row)
        print(
            f"{row['articles']:>9}  {row['exact_s']:>7}  {row['approximate_s']:>8}  {row['exact_pairs']:>5}"
            f"  {row['recall']:.3f}  {row['recall_close']:.3f}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"sizes": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"results written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
