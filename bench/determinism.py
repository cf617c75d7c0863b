"""Determinism on real data: L2R NewsArticle scanned in two orders and two forms.

Writes the 600 L2R texts (200 BBC articles, each rewritten by GPT-3.5 and GPT-4o)
twice: as one JSON list in the dataset's order, and as a JSONL file in a shuffled
order. The two forms give every article a different id (``l2r.json#12`` against
``l2r.jsonl#407``), so a pair may reach alignment in either orientation. Both are
scanned with the real pipeline, the relations are mapped back to the dataset's
names (``human_012``, ``gpt35_012``, ...), and the script prints how many of them
differ, field by field (goal: 0). The list form is also scanned with several
text workers, whose JSON report must be byte-identical to the one-worker report
(timings aside).

Usage: python bench/determinism.py [--data ../shared/bench/l2r-news] [--seed 7] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from metrics import shared_bench
from newslineage import report
from newslineage.config import ScanConfig, TextConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.pipeline import scan
from newslineage.synonyms import load_synonyms

FILES = {"human": "human.json", "gpt35": "GPT-3-Turbo.json", "gpt4o": "GPT-4o.json"}
FIELDS = ("relation", "transforms", "direction", "confidence", "coverage", "passages")
_FLIP = {"a->b": "b->a", "b->a": "a->b"}


def load_texts(data: Path) -> dict[str, str]:
    """Dataset name (``human_012``) -> text."""
    out: dict[str, str] = {}
    for prefix, name in FILES.items():
        for i, text in enumerate(json.loads((data / name).read_text(encoding="utf-8"))):
            out[f"{prefix}_{i:03d}"] = text
    return out


def write_forms(texts: Mapping[str, str], folder: Path, seed: int) -> dict[str, dict[str, str]]:
    """The two forms on disk; for each, document id -> dataset name."""
    names = sorted(texts)
    (folder / "list").mkdir()
    (folder / "list" / "l2r.json").write_text(json.dumps([{"text": texts[n]} for n in names]), "utf-8")
    shuffled = names[:]
    random.Random(seed).shuffle(shuffled)
    (folder / "shuffled").mkdir()
    lines = "".join(json.dumps({"text": texts[n]}) + "\n" for n in shuffled)
    (folder / "shuffled" / "l2r.jsonl").write_text(lines, "utf-8")
    return {
        "list": {f"l2r.json#{k}": n for k, n in enumerate(names, start=1)},
        "shuffled": {f"l2r.jsonl#{k}": n for k, n in enumerate(shuffled, start=1)},
    }


def canonical(rel: Mapping[str, Any], names: Mapping[str, str]) -> tuple[tuple[str, str], dict[str, Any]]:
    """One relation keyed by dataset names, in the orientation those names sort in."""
    a, b = names[rel["a"]], names[rel["b"]]
    flip = a > b
    cov = rel["coverage"]
    passages = [
        (
            p["kind"],
            p["similarity"],
            p["a"],
            p["b"],
            [(x["kind"], x["similarity"], x["a"], x["b"]) for x in p["links"]],
        )
        for p in rel["passages"]
    ]
    if flip:
        passages = [
            (k, s, pb, pa, [(lk, ls, lb, la) for lk, ls, la, lb in links]) for k, s, pa, pb, links in passages
        ]
    passages.sort(key=lambda p: (p[2]["start"], p[3]["start"]))
    fields = {
        "relation": rel["relation"],
        "transforms": rel["transforms"],
        "direction": _FLIP.get(rel["direction"], rel["direction"]) if flip else rel["direction"],
        "confidence": rel["confidence"],
        "coverage": (cov["b"], cov["a"]) if flip else (cov["a"], cov["b"]),
        "passages": json.dumps(passages, sort_keys=True),
    }
    return (min(a, b), max(a, b)), fields


def compare(
    left: Mapping[str, Any], right: Mapping[str, Any], names: Mapping[str, Mapping[str, str]]
) -> dict[str, Any]:
    """Relations, stories and lineage edges of two reports, mapped to dataset names."""
    rl = dict(canonical(r, names["list"]) for r in left["relations"])
    rr = dict(canonical(r, names["shuffled"]) for r in right["relations"])
    differ: Counter[str] = Counter()
    pairs_differing = 0
    for key in rl.keys() & rr.keys():
        changed = [f for f in FIELDS if rl[key][f] != rr[key][f]]
        differ.update(changed)
        pairs_differing += bool(changed)
    only = len(rl.keys() ^ rr.keys())

    def stories(rep: Mapping[str, Any], ids: Mapping[str, str]) -> set[frozenset[str]]:
        return {frozenset(ids[d] for d in s["documents"]) for s in rep["stories"]}

    def edges(rep: Mapping[str, Any], ids: Mapping[str, str]) -> set[tuple[str, str]]:
        # An inferred source is named after one of its children's ids: compare it by its children.
        children: dict[str, set[str]] = {}
        for e in rep["lineage"]["edges"]:
            children.setdefault(e["parent"], set()).add(ids[e["child"]])
        node = {p: "inferred:" + "+".join(sorted(c)) for p, c in children.items() if p not in ids}
        return {(ids.get(e["parent"]) or node[e["parent"]], ids[e["child"]]) for e in rep["lineage"]["edges"]}

    return {
        "relations": len(rl),
        "relations_other_form": len(rr),
        "in_one_form_only": only,
        "differing": pairs_differing + only,
        "by_field": dict(sorted(differ.items())),
        "stories_differing": len(stories(left, names["list"]) ^ stories(right, names["shuffled"])),
        "lineage_edges_differing": len(edges(left, names["list"]) ^ edges(right, names["shuffled"])),
    }


def _bytes(rep: Mapping[str, Any]) -> str:
    return report.dumps({k: v for k, v in rep.items() if k != "timings"})


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=shared_bench() / "l2r-news")
    parser.add_argument("--seed", type=int, default=7, help="seed of the shuffled order")
    parser.add_argument("--workers", type=int, default=2, help="text workers of the extra run (0: skip it)")
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N originals and their rewrites"
    )
    parser.add_argument("--save", type=Path, help="also write the reports and id maps into this folder")
    args = parser.parse_args()
    if not (args.data / "human.json").is_file():
        print(
            f"L2R data not found in {args.data}: pass --data DIR (the folder with human.json)",
            file=sys.stderr,
        )
        return 2
    texts = load_texts(args.data)
    if args.limit:
        texts = {k: v for k, v in texts.items() if int(k.split("_")[1]) < args.limit}
    encoder, synonyms = UniversalSentenceEncoder(), load_synonyms()
    one = ScanConfig(text=TextConfig(workers=1))
    reports: dict[str, dict[str, Any]] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        names = write_forms(texts, Path(tmp), args.seed)
        for form in ("list", "shuffled"):
            result = scan([Path(tmp) / form], one, encoder=encoder, synonyms=synonyms)
            reports[form] = report.to_json(result)
        if args.workers:
            config = ScanConfig(text=TextConfig(workers=args.workers))
            result = scan([Path(tmp) / "list"], config, encoder=encoder, synonyms=synonyms)
            reports["workers"] = report.to_json(result)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for form, rep in reports.items():
            (args.save / f"{form}.json").write_text(report.dumps(rep), "utf-8")
        (args.save / "names.json").write_text(json.dumps(names), "utf-8")
    found = compare(reports["list"], reports["shuffled"], names)
    print(f"L2R NewsArticle, {len(texts)} articles, 3 scans in {time.perf_counter() - start:.0f} s")
    print(
        f"  JSON list vs shuffled JSONL (--workers 1): {found['differing']} of {found['relations']} relations "
        f"differ {found['by_field'] or ''}; {found['in_one_form_only']} found in one form only"
    )
    print(
        f"  stories differing: {found['stories_differing']}; lineage edges differing: {found['lineage_edges_differing']}"
    )
    if args.workers:
        same = _bytes(reports["list"]) == _bytes(reports["workers"])
        print(
            f"  --workers 1 vs --workers {args.workers}: JSON report {'byte-identical' if same else 'DIFFERS'}"
        )
        if not same:
            found["workers_differ"] = True
    return 0 if found["differing"] == 0 and not found.get("workers_differ") else 1


if __name__ == "__main__":
    sys.exit(main())
