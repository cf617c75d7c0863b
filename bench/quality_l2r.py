"""Quality on real LLM rewrites: L2R collections (originals and their rewrites by several LLMs).

For each folder (default: l2r-news, and l2r-domains' Entertainment and
Environmental), writes the texts one article per file (human_000.txt,
gpt35_000.txt, ...; bench/l2r_data.py), scans the folder with the real pipeline,
and prints, overall and per rewriter:

- pair precision, recall and F1: pairs reported as duplicate, near_duplicate or
  derived against the true pairs (the texts of one family: an original and its
  rewrites); pairs between the families of overlapping originals (overlaps.json)
  are left out;
- direction accuracy: share of the original/rewrite pairs whose direction names
  the original as the source, from the texts alone (no dates), with the number
  wrong and unknown (a pair not found counts as unknown);
- the baselines in the same run: the best F1 a single document-embedding cosine
  threshold reaches on the same set (tuned on the answers, so an upper bound), and
  datasketch's MinHash + MinHashLSH on the scan's own shingles and threshold.

The decision models are fitted on l2r-news and synthetic collections only
(bench/fit_decision.py): the l2r-domains figures are on data they never saw.

Usage: python bench/quality_l2r.py [--data DIR ...] [--out bench/results/l2r.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import ScanResult
from newslineage.pipeline import embed_documents, scan

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is a folder of scripts, not a package

from datasketch_baseline import answer_pairs, datasketch_query, datasketch_sign
from l2r_data import L2RCollection, load, write
from metrics import Pair, pair, prf, shared_bench


class _Quiet:
    def start(self, stage: str, total: int | None) -> None:
        print(f"  {stage}...", file=sys.stderr)

    def advance(self, amount: int = 1) -> None:
        pass


def _scores(found: set[Pair], gold: set[Pair]) -> dict[str, float]:
    return prf(len(found & gold), len(found), len(gold))


def pair_scores(c: L2RCollection, result: ScanResult) -> dict[str, Any]:
    """Copy-pair precision, recall and F1, overall and for each rewriter with the originals."""
    found = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    gold = c.copy_pairs()
    found -= c.excluded(found)
    out: dict[str, Any] = {**_scores(found, gold), "reported": len(found), "true": len(gold)}
    by_rewriter = {}
    for w in c.rewriters:
        members = {d for d, a in c.author.items() if a in ("human", w)}
        mine = {p for p in found if p[0] in members and p[1] in members}
        right = {p for p in gold if p[0] in members and p[1] in members}
        by_rewriter[w] = _scores(mine, right)
    out["by_rewriter"] = by_rewriter
    return out


def direction_scores(c: L2RCollection, result: ScanResult) -> dict[str, Any]:
    """Direction of each original/rewrite pair: right, wrong or unknown, overall and per rewriter."""
    by_pair = {(r.a, r.b): r for r in result.relations if r.is_copy}
    counts: dict[str, dict[str, int]] = {}
    for doc, author in sorted(c.author.items()):
        if author == "human":
            continue
        original = f"human_{c.family[doc]:03d}.txt"
        a, b = sorted((doc, original))
        rel = by_pair.get((a, b))
        expected = "a->b" if a == original else "b->a"
        verdict = (
            "unknown"
            if rel is None or rel.direction not in ("a->b", "b->a")
            else ("right" if rel.direction == expected else "wrong")
        )
        counts.setdefault(author, {"right": 0, "wrong": 0, "unknown": 0})[verdict] += 1
    total = {k: sum(v[k] for v in counts.values()) for k in ("right", "wrong", "unknown")}
    pairs = sum(total.values())
    return {
        "accuracy": round(total["right"] / pairs, 4) if pairs else 0.0,
        **total,
        "pairs": pairs,
        "by_rewriter": {
            w: {**v, "accuracy": round(v["right"] / max(1, sum(v.values())), 4)}
            for w, v in sorted(counts.items())
        },
    }


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
    return {"threshold": config.candidates.lsh_threshold, **_scores(answer_pairs(ids, answers), gold)}


def evaluate(folder: Path, baselines: bool) -> dict[str, Any]:
    c = load(folder)
    with tempfile.TemporaryDirectory() as tmp:
        write(c, Path(tmp))
        start = time.perf_counter()
        result = scan([tmp], progress=_Quiet())
        seconds = time.perf_counter() - start
    report: dict[str, Any] = {
        "dataset": folder.name,
        "articles": len(result.documents),
        "rewriters": c.rewriters,
        "pairs": pair_scores(c, result),
        "direction": direction_scores(c, result),
        "seconds": round(seconds, 1),
        "timings": dict(result.timings),
    }
    if baselines:
        gold = c.copy_pairs()
        report["baseline_document_embedding_threshold"] = embedding_baseline(result, gold)
        report["baseline_minhash_lsh"] = minhash_baseline(result, gold)
    return report


def print_report(report: dict[str, Any]) -> None:
    pairs, direction = report["pairs"], report["direction"]
    print(f"{report['dataset']}: {report['articles']} articles scanned in {report['seconds']} s")
    print(
        f"  copy pairs   precision {pairs['precision']:.4f}  recall {pairs['recall']:.4f}  F1 {pairs['f1']:.4f}"
    )
    print(
        f"  direction    {direction['accuracy']:.4f} right of {direction['pairs']} "
        f"({direction['wrong']} wrong, {direction['unknown']} unknown)"
    )
    for w, s in pairs["by_rewriter"].items():
        d = direction["by_rewriter"].get(w, {})
        print(
            f"    {w:<8} precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}  "
            f"direction {d.get('accuracy', 0):.4f} ({d.get('wrong', 0)} wrong, {d.get('unknown', 0)} unknown)"
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    here = Path(__file__).resolve().parent
    bench = shared_bench()
    default = [
        bench / "l2r-news",
        bench / "l2r-domains" / "Entertainment",
        bench / "l2r-domains" / "Environmental",
    ]
    parser.add_argument("--data", type=Path, nargs="+", default=default, help="L2R-style folders")
    parser.add_argument("--out", type=Path, default=here / "results" / "l2r.json")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    args = parser.parse_args()
    missing = [d for d in args.data if not (d / "human.json").is_file()]
    if missing:
        print(
            f"L2R data not found in {', '.join(map(str, missing))}: pass --data DIR (folders with human.json)",
            file=sys.stderr,
        )
        return 2
    reports = []
    for folder in args.data:
        report = evaluate(folder, not args.no_baseline)
        print_report(report)
        reports.append(report)
    # The first collection's figures stay at the top level, where earlier readers found them.
    out = {**reports[0], "collections": {r["dataset"]: r for r in reports}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
