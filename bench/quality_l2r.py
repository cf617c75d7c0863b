"""Quality on real LLM rewrites: L2R NewsArticle (200 BBC articles, GPT-3.5 and GPT-4o rewrites).

Writes the 600 texts one article per file (human_000.txt, gpt35_000.txt,
gpt4o_000.txt, ...), scans the folder with the real pipeline, and prints:

- pair precision, recall and F1: pairs reported as duplicate, near_duplicate or
  derived against the true pairs (each original with its two rewrites, and the two
  rewrites of one original with each other);
- direction accuracy: share of the 400 original/rewrite pairs whose direction
  names the original as the source, from the texts alone (no dates);
- the baselines in the same run: the best F1 a single document-embedding cosine
  threshold reaches on this very set (tuned on the answers, so an upper bound), and
  datasketch's MinHash + MinHashLSH on the scan's own shingles and threshold.

Usage: python bench/quality_l2r.py [--data ../shared/bench/l2r-news] [--out bench/results/l2r.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import ScanResult
from newslineage.pipeline import embed_documents, scan

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is a folder of scripts, not a package

from datasketch_baseline import answer_pairs, datasketch_query, datasketch_sign

FILES = {"human": "human.json", "gpt35": "GPT-3-Turbo.json", "gpt4o": "GPT-4o.json"}


class _Quiet:
    def start(self, stage: str, total: int | None) -> None:
        print(f"  {stage}...", file=sys.stderr)

    def advance(self, amount: int = 1) -> None:
        pass


def write_collection(data: Path, out: Path) -> int:
    """One file per article; returns the number of originals."""
    count = 0
    for prefix, name in FILES.items():
        texts = json.loads((data / name).read_text(encoding="utf-8"))
        for i, text in enumerate(texts):
            (out / f"{prefix}_{i:03d}.txt").write_text(text, encoding="utf-8")
        count = len(texts)
    return count


def truth(n: int) -> set[tuple[str, str]]:
    pairs = set()
    for i in range(n):
        ids = sorted(f"{p}_{i:03d}.txt" for p in FILES)
        pairs.update(combinations(ids, 2))
    return pairs


def prf(predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if tp else 0.0,
    }


def direction_accuracy(result: ScanResult, n: int) -> dict[str, float | int]:
    by_pair = {(r.a, r.b): r for r in result.relations}
    right = unknown = 0
    for i in range(n):
        for rewrite in ("gpt35", "gpt4o"):
            a, b = f"{rewrite}_{i:03d}.txt", f"human_{i:03d}.txt"  # ids sort gpt* < human*
            rel = by_pair.get((a, b))
            right += rel is not None and rel.direction == "b->a"
            unknown += rel is None or rel.direction == "unknown"
    return {"accuracy": round(right / (2 * n), 4), "unknown": unknown, "pairs": 2 * n}


def embedding_baseline(result: ScanResult, gold: set[tuple[str, str]]) -> dict[str, float]:
    """Best F1 of one document-cosine threshold, chosen with the answers in hand."""
    views, vectors = embed_documents(result.documents, UniversalSentenceEncoder(), _Quiet())
    del views
    ids = [d.id for d in result.documents]
    sims = vectors @ vectors.T
    iu = np.triu_indices(len(ids), 1)
    scores = sims[iu]
    labels = np.array([(ids[i], ids[j]) in gold for i, j in zip(*iu, strict=True)])
    best = {"f1": 0.0, "threshold": 0.0}
    for threshold in np.arange(0.5, 0.99, 0.005):
        pred = scores >= threshold
        tp = int((pred & labels).sum())
        if tp == 0:
            continue
        p, r = tp / pred.sum(), tp / labels.sum()
        f1 = 2 * p * r / (p + r)
        if f1 > best["f1"]:
            best = {"f1": round(float(f1), 4), "threshold": round(float(threshold), 3)}
    return best


def minhash_baseline(result: ScanResult, gold: set[tuple[str, str]]) -> dict[str, float]:
    """datasketch MinHash + MinHashLSH alone, on the scan's shingles and threshold."""
    config, ids = result.config, [d.id for d in result.documents]
    hashes = datasketch_sign([d.text for d in result.documents], config.signatures)
    answers = datasketch_query(ids, hashes, config.candidates.lsh_threshold, config.signatures.num_perm)
    return {"threshold": config.candidates.lsh_threshold, **prf(answer_pairs(ids, answers), gold)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    here = Path(__file__).resolve().parent
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "bench" / "l2r-news")
    parser.add_argument("--out", type=Path, default=here / "results" / "l2r.json")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    args = parser.parse_args()
    if not (args.data / "human.json").is_file():
        print(
            f"L2R data not found in {args.data}: pass --data DIR (the folder with human.json)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        n = write_collection(args.data, Path(tmp))
        start = time.perf_counter()
        result = scan([tmp], progress=_Quiet())
        seconds = time.perf_counter() - start
    gold = truth(n)
    predicted = {(r.a, r.b) for r in result.relations if r.is_copy}
    report = {
        "dataset": "L2R NewsArticle (human, GPT-3.5, GPT-4o)",
        "articles": len(result.documents),
        "pairs": prf(predicted, gold),
        "direction": direction_accuracy(result, n),
        "seconds": round(seconds, 1),
        "timings": dict(result.timings),
    }
    if not args.no_baseline:
        report["baseline_document_embedding_threshold"] = embedding_baseline(result, gold)
        report["baseline_minhash_lsh"] = minhash_baseline(result, gold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    pairs, direction = report["pairs"], report["direction"]
    print(f"L2R NewsArticle: {report['articles']} articles scanned in {report['seconds']} s")
    print(
        f"  copy pairs   precision {pairs['precision']:.4f}  recall {pairs['recall']:.4f}  F1 {pairs['f1']:.4f}"
    )
    print(
        f"  direction    {direction['accuracy']:.4f} right of {direction['pairs']} ({direction['unknown']} unknown)"
    )
    if "baseline_document_embedding_threshold" in report:
        base = report["baseline_document_embedding_threshold"]
        print(
            f"  baseline     document-embedding threshold {base['threshold']} (tuned on the answers): F1 {base['f1']:.4f}"
        )
        lex = report["baseline_minhash_lsh"]
        print(
            f"  baseline     datasketch MinHashLSH at {lex['threshold']}: precision {lex['precision']:.4f}"
            f"  recall {lex['recall']:.4f}  F1 {lex['f1']:.4f}"
        )
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
