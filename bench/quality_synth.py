"""Quality on a synthetic collection with known truth: per transform, direction, stories.

Writes a collection with ``newslineage synth`` (or reuses ``--out``), scans it with the
real pipeline and prints: copy-pair precision, recall and F1; recall per transform
(spun and paraphrase apart, the transforms MinHash alone misses); recall of the
same-story pairs of independent reports; direction accuracy on source-copy pairs;
story clustering by adjusted Rand index and B-cubed F1.

Usage: python bench/quality_synth.py [--articles 1000] [--seed 1] [--out DIR]
                                     [--results bench/results/quality_synth.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import (
    adjusted_rand_index,
    bcubed_f1,
    labels,
    pair,
    precision_recall,
    truth_copy_pairs,
    truth_family_pairs,
)
from newslineage.pipeline import ScanResult, scan
from newslineage.synth import SynthConfig, load_truth, write_collection


def score(result: ScanResult, truth: dict[str, Any]) -> dict[str, Any]:
    found = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    right, allowed = truth_copy_pairs(truth), truth_family_pairs(truth)
    by_transform: dict[str, list[bool]] = defaultdict(list)
    direction = {"right": 0, "wrong": 0, "unknown": 0}
    relations = {pair(r.a, r.b): r for r in result.relations}
    for d in truth["derived"]:
        rel = relations.get(pair(d["source"], d["copy"]))
        hit = rel is not None and rel.is_copy
        by_transform[d["transform"]].append(hit)
        if hit and rel is not None:
            expected = "a->b" if rel.a == d["source"] else "b->a"
            key = (
                "right" if rel.direction == expected else "unknown" if rel.direction == "unknown" else "wrong"
            )
            direction[key] += 1
    ids = sorted(doc["id"] for doc in truth["documents"])
    true_labels = labels((s["documents"] for s in truth["stories"]), ids)
    pred_labels = labels((s.documents for s in result.stories), ids)
    return {
        "pairs": precision_recall(found, right, allowed),
        "recall_by_transform": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_transform.items())},
        "same_story_recall": _same_story_recall(result, truth),
        "direction": {
            **direction,
            "accuracy": round(direction["right"] / max(1, sum(direction.values())), 4),
        },
        "stories": {
            "adjusted_rand_index": round(adjusted_rand_index(true_labels, pred_labels), 4),
            "bcubed_f1": round(bcubed_f1(true_labels, pred_labels), 4),
        },
    }


def _same_story_recall(result: ScanResult, truth: dict[str, Any]) -> float:
    """Share of independent reports related (same_story) to their event's original."""
    originals = {d["story"]: d["id"] for d in truth["documents"] if d["role"] == "original"}
    related = {pair(r.a, r.b) for r in result.relations}
    independents = [d for d in truth["documents"] if d["role"] == "independent" and d["story"] in originals]
    hits = sum(pair(d["id"], originals[d["story"]]) in related for d in independents)
    return round(hits / len(independents), 4) if independents else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="collection folder (default: a temporary one)")
    parser.add_argument(
        "--results", type=Path, default=Path(__file__).resolve().parent / "results" / "quality_synth.json"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        write_collection(out, SynthConfig(articles=args.articles, seed=args.seed))
        start = time.perf_counter()
        result = scan([out / "articles"])
        seconds = time.perf_counter() - start
        scores = score(result, load_truth(out / "truth.json"))
    scores.update({"articles": args.articles, "seed": args.seed, "seconds": round(seconds, 1)})
    p = scores["pairs"]
    print(f"synthetic collection: {args.articles} articles (seed {args.seed}) scanned in {seconds:.1f} s")
    print(f"  copy pairs   precision {p['precision']:.4f}  recall {p['recall']:.4f}  F1 {p['f1']:.4f}")
    for kind, value in scores["recall_by_transform"].items():
        print(f"  recall {kind:<17} {value:.4f}")
    print(f"  same_story recall (independent reports) {scores['same_story_recall']:.4f}")
    d = scores["direction"]
    print(
        f"  direction    {d['accuracy']:.4f} right ({d['right']} right, {d['wrong']} wrong, {d['unknown']} unknown)"
    )
    s = scores["stories"]
    print(f"  stories      adjusted Rand {s['adjusted_rand_index']:.4f}  B-cubed F1 {s['bcubed_f1']:.4f}")
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
