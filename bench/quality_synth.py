"""Quality on a synthetic collection with known truth: copies by transform, direction, stories.

Writes a collection with ``newslineage.synth`` (into a temporary folder, or ``--out``),
scans it with the real pipeline and prints:

- copy pairs: precision, recall and F1 of the pairs reported as duplicate,
  near_duplicate or derived. Recall is over every pair that shares text (a copy and its
  source, a copy of a copy and its ancestor, two copies of one source sharing at least
  two of its sentences); a reported pair is wrong only when the two are not of one
  original's family (see ``metrics.truth_related_copies`` and ``truth_family_pairs``);
- recall of the direct source-copy pairs per transform (spun and paraphrase apart);
- same_story precision and recall: pairs reported as same_story, against the pairs
  with an independent report of the event; and how many of those were called copies;
- direction on the direct source-copy pairs found: right, wrong, common_source, unknown;
- story clustering: adjusted Rand index and B-cubed precision, recall and F1.

With ``--published``, every article carries that publication day, as in one day's
crawl: the stories then read dates (``topics``), which the undated collection skips.

Usage: python bench/quality_synth.py [--articles 1000] [--seed 1] [--out DIR] [--published YYYY-MM-DD]
                                     [--results bench/results/quality_synth.json] [--smoke]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metrics import (
    adjusted_rand_index,
    bcubed,
    labels,
    pair,
    precision_recall,
    prf,
    recall_by_transform,
    truth_family_pairs,
    truth_related_copies,
    truth_same_story_pairs,
)
from newslineage.config import ScanConfig
from newslineage.ingest import ingest
from newslineage.models import ScanResult
from newslineage.pipeline import scan, scan_articles
from newslineage.synth import SynthConfig, load_truth, write_collection

RESULTS = Path(__file__).resolve().parent / "results" / "quality_synth.json"


class _Stages:
    def start(self, stage: str, total: int | None) -> None:
        print(f"  {stage}...", file=sys.stderr)

    def advance(self, amount: int = 1) -> None:
        pass


def score(result: ScanResult, truth: dict[str, Any]) -> dict[str, Any]:
    """Every figure of the report, from a scan and the truth of the collection it scanned."""
    story_of = {d["id"]: d["story"] for d in truth["documents"]}
    copies = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    right, allowed = truth_related_copies(truth), truth_family_pairs(truth)
    wrong = copies - allowed
    same_story_wrong = sum(story_of.get(a) == story_of.get(b) for a, b in wrong)
    kinds = _wrong_kinds(wrong, truth, story_of)
    by_transform = recall_by_transform(copies, truth)
    same_story = _same_story(result, truth, story_of)
    # Key names and shapes are read by bench/make_docs.py: extend, do not rename.
    return {
        "pairs": {
            **precision_recall(copies, right, allowed),
            "reported": len(copies),
            "true": len(right),
            "wrong_same_event": same_story_wrong,
            "wrong_other_event": len(wrong) - same_story_wrong,
            "wrong_by_kind": kinds,
        },
        "recall_by_kind": {
            "direct": _recall(copies, [pair(d["source"], d["copy"]) for d in truth["derived"]]),
            "indirect": _recall(copies, [pair(d["source"], d["copy"]) for d in truth["indirect"]]),
            "siblings": _recall(
                copies, [pair(d["a"], d["b"]) for d in truth["siblings"] if d["shared"] >= 2]
            ),
        },
        "recall_by_transform": {k: v["recall"] for k, v in by_transform.items()},
        "pairs_by_transform": {k: v["pairs"] for k, v in by_transform.items()},
        "same_story_recall": same_story["recall"],
        "same_story": same_story,
        "direction": _direction(result, truth),
        "stories": _stories(result, truth),
    }


def _wrong_kinds(
    wrong: set[tuple[str, str]], truth: dict[str, Any], story_of: dict[str, str]
) -> dict[str, int]:
    """The wrong copy pairs by event (one or two) and by what each article is in the truth: its
    role, and a copy's transform ("two events: copy (partial) ~ copy (partial)"), most first."""
    doc = {d["id"]: d for d in truth["documents"]}

    def what(k: str) -> str:
        d = doc[k]
        return f"{d['role']} ({d['transform']})" if d.get("transform") else str(d["role"])

    counts = Counter(
        f"{'one event' if story_of.get(a) == story_of.get(b) else 'two events'}: "
        + " ~ ".join(sorted((what(a), what(b))))
        for a, b in wrong
    )
    return dict(counts.most_common())


def _recall(found: set[tuple[str, str]], pairs: list[tuple[str, str]]) -> float:
    return round(sum(p in found for p in pairs) / len(pairs), 4) if pairs else 1.0


def _same_story(result: ScanResult, truth: dict[str, Any], story_of: dict[str, str]) -> dict[str, Any]:
    said = {pair(r.a, r.b) for r in result.relations if r.relation == "same_story"}
    right = truth_same_story_pairs(truth)
    copies = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    correct = sum(story_of.get(a) == story_of.get(b) for a, b in said)
    return {
        **prf(len(said & right), len(said), len(right)),
        # A same_story pair inside one story's copy family is not wrong about the story.
        "precision_any_pair_of_the_story": round(correct / len(said), 4) if said else 1.0,
        "reported": len(said),
        "true": len(right),
        "true_called_copy": len(right & copies),
    }


def _direction(result: ScanResult, truth: dict[str, Any]) -> dict[str, Any]:
    relations = {pair(r.a, r.b): r for r in result.relations if r.is_copy}
    counts: Counter[str] = Counter()
    by_transform: dict[str, Counter[str]] = defaultdict(Counter)
    for d in truth["derived"]:
        rel = relations.get(pair(d["source"], d["copy"]))
        if rel is None:
            continue
        expected = "a->b" if rel.a == d["source"] else "b->a"
        verdict = "right" if rel.direction == expected else rel.direction
        verdict = "wrong" if verdict in ("a->b", "b->a") else verdict
        counts[verdict] += 1
        by_transform[d["transform"]][verdict] += 1
    found = sum(counts.values())
    keys = ("right", "wrong", "common_source", "unknown")
    return {
        "right": counts["right"],
        "wrong": counts["wrong"],
        # For a direct source-copy pair, "common_source" names no source either: both count as unknown.
        "unknown": counts["unknown"] + counts["common_source"],
        "common_source": counts["common_source"],
        "accuracy": round(counts["right"] / found, 4) if found else 0.0,
        "by_transform": {t: {k: c[k] for k in keys} for t, c in sorted(by_transform.items())},
    }


def _stories(result: ScanResult, truth: dict[str, Any]) -> dict[str, Any]:
    ids = sorted(d["id"] for d in truth["documents"])
    true_labels = labels((s["documents"] for s in truth["stories"]), ids)
    pred_labels = labels((s.documents for s in result.stories), ids)
    p, r, f1 = bcubed(true_labels, pred_labels)
    return {
        "adjusted_rand_index": round(adjusted_rand_index(true_labels, pred_labels), 4),
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f1, 4),
        "true": len(truth["stories"]),
        "reported": len(result.stories),
    }


def print_report(s: dict[str, Any]) -> None:
    c, ss, d, st = s["pairs"], s["same_story"], s["direction"], s["stories"]
    print(
        f"synthetic collection: {s['articles']} articles (seed {s['seed']}) scanned in {s['seconds']:.1f} s"
    )
    print(f"  copy pairs        precision {c['precision']:.4f}  recall {c['recall']:.4f}  F1 {c['f1']:.4f}")
    print(
        f"                    {c['reported']} reported, {c['true']} true; wrong: {c['wrong_same_event']} "
        f"of one event (independent reports), {c['wrong_other_event']} of two events"
    )
    for kind, count in list(c["wrong_by_kind"].items())[:6]:
        print(f"                    {count:>6} {kind}")
    k = s["recall_by_kind"]
    print(
        f"  recall            direct {k['direct']:.4f}  copy of a copy {k['indirect']:.4f}  siblings {k['siblings']:.4f}"
    )
    for name, recall in s["recall_by_transform"].items():
        print(f"    {name:<18} {recall:.4f}  ({s['pairs_by_transform'][name]} pairs)")
    print(
        f"  same_story        precision {ss['precision']:.4f}  recall {ss['recall']:.4f}  F1 {ss['f1']:.4f}  "
        f"({ss['true_called_copy']} of {ss['true']} true same_story pairs called copies)"
    )
    print(
        f"  direction         {d['accuracy']:.4f} right  ({d['right']} right, {d['wrong']} wrong, "
        f"{d['unknown']} unknown, of which {d['common_source']} common_source)"
    )
    print(
        f"  stories           adjusted Rand {st['adjusted_rand_index']:.4f}  B-cubed P {st['bcubed_precision']:.4f} "
        f"R {st['bcubed_recall']:.4f} F1 {st['bcubed_f1']:.4f}  ({st['reported']} found, {st['true']} true)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=1000, help="collection size (at most 2,000 on a laptop)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the collection in this folder (default: temporary)")
    parser.add_argument(
        "--results", type=Path, help=f"JSON results file (default {RESULTS}; none with --smoke)"
    )
    parser.add_argument("--smoke", action="store_true", help="100 articles, for CI: checks the bench runs")
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="give every article this publication day, as in a day's crawl (stories then read dates)",
    )
    args = parser.parse_args(argv)
    articles = 100 if args.smoke else args.articles
    results = args.results or (None if args.smoke else RESULTS)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        write_collection(out, SynthConfig(articles=articles, seed=args.seed))
        start = time.perf_counter()
        if args.published:
            read = ingest([out / "articles"], ScanConfig().ingest)
            dated = [dataclasses.replace(a, published=args.published) for a in read.articles]
            result = scan_articles(dated, progress=_Stages())
        else:
            result = scan([out / "articles"], progress=_Stages())
        seconds = time.perf_counter() - start
        scores = score(result, load_truth(out / "truth.json"))
    scores = {
        "articles": articles,
        "seed": args.seed,
        "published": args.published,
        "seconds": round(seconds, 1),
        **scores,
    }
    scores["timings"] = dict(result.timings)
    print_report(scores)
    if results is not None:
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
