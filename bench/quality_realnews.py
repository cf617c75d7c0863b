"""Quality on real news pages: wire reprints, translations, rewrites and independent reports.

Reads the labels of bench/realnews/ and the page texts from the local cache (see
bench/realnews/README.md; nothing is scanned when a page is missing or differs, and the
script exits with code 3 naming what to rebuild; ``--allow-missing`` scores the cached
pages instead, saying which it left out). Scans the pages with the real pipeline
(``scan_articles``, one article per page, id = page id, with the page's url, its host as
the site, and its date) and prints:

- copy pairs: precision, recall and F1 of the pairs reported as duplicate, near_duplicate
  or derived, against the labelled copies (a copy pair labelled ``required: false``, two
  texts of one family sharing at most one sentence, is neither needed nor wrong);
- independent reports called copies: the share of ``same_story`` pairs reported as copies;
- near misses: pairs between two different events of one kind called copies or put in one
  story;
- translations: labelled translated copies found;
- direction on the pairs whose direction the texts show: right, wrong, unknown;
- stories: adjusted Rand index and B-cubed F1 of the scan's stories against the groups;
- the same figures for a document-embedding cosine threshold (the best F1 threshold,
  chosen with the answers in hand: an upper bound), its stories the connected components;
- a breakdown per language pair and per story group; everything in bench/results/realnews.json;
- each labelled copy it missed, and why (``realnews_misses``): not a candidate, turned away
  before alignment, below the copy model's threshold (and the feature that held it back),
  or overruled by the fact rules; named one by one on the dev half, counted on the other.

Also per half of the groups (``realnews_data.halves``: "dev", looked at while developing,
and "held_out"), the same figures on each half's pages, and the pairs of one group the
scan put in two stories, by language and by whether the relations linked them.

Usage: python bench/quality_realnews.py [--cache DIR] [--labels bench/realnews] [--out FILE] [--no-baseline]
                                        [--topic-similarity 0.45] [--allow-missing]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is a folder of scripts, not a package

from metrics import Pair, adjusted_rand_index, bcubed, labels, pair, precision_recall
from newslineage import topics
from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import Article, ScanResult
from newslineage.pipeline import embed_documents, scan_articles
from realnews_data import (
    EXIT_CACHE,
    LABELS,
    Collection,
    LabelError,
    PairLabel,
    cache_dir,
    halves,
    load,
    read_cache,
    subset,
    usable,
)
from realnews_misses import explain_misses, summary
from realnews_misses import lines as miss_lines

RESULTS = Path(__file__).resolve().parent / "results" / "realnews.json"


class _Quiet:
    def start(self, stage: str, total: int | None) -> None:
        print(f"  {stage}...", file=sys.stderr)

    def advance(self, amount: int = 1) -> None:
        pass


def articles(collection: Collection, texts: Mapping[str, str]) -> list[Article]:
    """One article per page with the metadata a saved page gives ingest: url, host name, date.

    The site is the url's host, as ingest sets it when a page names no site, never the
    outlet label written for people (it carries notes such as "(AP)" that no page has).
    """
    return [
        Article(id=p.id, text=texts[p.id], url=p.url, site=_host(p.url), published=p.date)
        for p in collection.pages
    ]


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _share(found: set[Pair], pairs: Iterable[Pair]) -> dict[str, float | int]:
    pool = set(pairs)
    hit = len(found & pool)
    return {"called_copies": hit, "pairs": len(pool), "share": round(hit / len(pool), 4) if pool else 0.0}


def _story_of(groups: Sequence[Iterable[str]]) -> dict[str, int]:
    return {doc: k for k, group in enumerate(groups) for doc in group}


def near_miss_pairs(collection: Collection) -> set[Pair]:
    stories: dict[str, list[str]] = defaultdict(list)
    for p in collection.pages:
        stories[p.story].append(p.id)
    return {pair(x, y) for a, b, _ in collection.near_misses for x in stories[a] for y in stories[b]}


def score(
    collection: Collection,
    found: set[Pair],
    groups: Sequence[Iterable[str]],
    directions: Mapping[Pair, str] | None = None,
) -> dict[str, Any]:
    """The figures of one method: its copy pairs, its stories and (for the scan) its directions."""
    copies = [q for q in collection.pairs if q.is_copy]
    required = {(q.a, q.b) for q in copies if q.required}
    allowed = {(q.a, q.b) for q in copies}
    ids = [p.id for p in collection.pages]
    truth = [p.story for p in collection.pages]
    predicted = labels(groups, ids)
    owner = _story_of(groups)
    near = near_miss_pairs(collection)
    glued = sum(1 for a, b in near if a in owner and owner.get(a) == owner.get(b))
    translated = {(q.a, q.b) for q in copies if q.required and q.transform == "translated"}
    precision, recall, f1 = bcubed(truth, predicted)
    report: dict[str, Any] = {
        "copy_pairs": {
            **precision_recall(found, required, allowed),
            "labelled": len(required),
            "found": len(found),
        },
        "independent_called_copies": _share(
            found, ((q.a, q.b) for q in collection.pairs if q.relation == "same_story")
        ),
        "near_miss": {**_share(found, near), "put_in_one_story": glued},
        "translations": {"found": len(found & translated), "labelled": len(translated)},
        "stories": {
            "ari": round(adjusted_rand_index(truth, predicted), 4),
            "bcubed_f1": round(f1, 4),
            "bcubed_precision": round(precision, 4),
            "bcubed_recall": round(recall, 4),
            "predicted": len(set(predicted)),
            "labelled": len(set(truth)),
        },
    }
    if directions is not None:
        report["direction"] = direction_score(collection.pairs, directions)
    return report


def by_half(
    collection: Collection,
    found: set[Pair],
    groups: Sequence[Iterable[str]],
    directions: Mapping[Pair, str] | None = None,
) -> dict[str, Any]:
    """``score`` on each half of the groups (``realnews_data.halves``), from the scan of all pages.

    A half's figures read only its own pages: a copy or a story reaching into the other
    half counts in the whole collection's figures, not here.
    """
    out: dict[str, Any] = {}
    for name, stories in halves(collection).items():
        part = subset(collection, stories)
        ids = {p.id for p in part.pages}
        inside = [kept for g in groups if (kept := [d for d in g if d in ids])]
        mine = {q for q in found if q[0] in ids and q[1] in ids}
        out[name] = {"groups": sorted(stories), "pages": len(ids), **score(part, mine, inside, directions)}
    return out


def split_pairs(collection: Collection, result: ScanResult) -> dict[str, int]:
    """The pairs of one group that the scan put in two stories, by what the relations said of them.

    Keys: ``one_language`` or ``two_languages``, then ``related`` (the scan reported a
    relation) or ``unrelated``; ``pairs`` is their total. What is left split, and why.
    """
    story = {d: s.id for s in result.stories for d in s.documents}
    related = {pair(r.a, r.b) for r in result.relations if r.relation != "unrelated"}
    by_id = {p.id: p for p in collection.pages}
    counts = {
        f"{lang}_{rel}": 0 for lang in ("one_language", "two_languages") for rel in ("related", "unrelated")
    }
    for q in collection.pairs:
        a, b = by_id[q.a], by_id[q.b]
        if a.story != b.story or story.get(q.a) == story.get(q.b):
            continue
        lang = "one_language" if a.language == b.language else "two_languages"
        counts[f"{lang}_{'related' if (q.a, q.b) in related else 'unrelated'}"] += 1
    return {"pairs": sum(counts.values()), **counts}


def direction_score(pairs: Sequence[PairLabel], directions: Mapping[Pair, str]) -> dict[str, Any]:
    """Right / wrong / unknown on pairs with a labelled way; what the scan says of common-source pairs."""
    one_way = {"right": 0, "wrong": 0, "unknown": 0, "not_found": 0}
    common = {"common_source": 0, "one_way": 0, "unknown": 0, "not_found": 0}
    for q in pairs:
        if not q.is_copy:
            continue
        said = directions.get((q.a, q.b))
        if q.direction in ("a->b", "b->a"):
            key = "not_found" if said is None else "unknown" if said in ("unknown", "common_source") else (
                "right" if said == q.direction else "wrong"
            )  # fmt: skip
            one_way[key] += 1
        elif q.direction == "common_source":
            key = "not_found" if said is None else said if said in ("common_source", "unknown") else "one_way"
            common[key] += 1
    return {"labelled_one_way": one_way, "labelled_common_source": common}


def _row() -> dict[str, int]:
    return {
        "copies": 0,
        "copies_found": 0,
        "independent": 0,
        "independent_called_copies": 0,
        "false_copies": 0,
    }


def breakdown(
    collection: Collection, found: set[Pair], key_of: Mapping[Pair, str]
) -> dict[str, dict[str, int]]:
    """Per key (a language pair or a story group): copies found, independents called copies, false copies.

    Only pairs with a key count; a false copy is a reported pair labelled neither a copy nor allowed.
    """
    rows: dict[str, dict[str, int]] = defaultdict(_row)
    labelled = {(q.a, q.b): q for q in collection.pairs}
    for q in collection.pairs:
        key = key_of.get((q.a, q.b))
        if key is None:
            continue
        if q.is_copy and q.required:
            rows[key]["copies"] += 1
            rows[key]["copies_found"] += (q.a, q.b) in found
        elif q.relation == "same_story":
            rows[key]["independent"] += 1
            rows[key]["independent_called_copies"] += (q.a, q.b) in found
    for p in found:
        q = labelled.get(p)
        if p in key_of and (q is None or not q.is_copy):
            rows[key_of[p]]["false_copies"] += 1
    return dict(sorted(rows.items()))


def breakdowns(collection: Collection, found: set[Pair]) -> dict[str, Any]:
    by_id = {p.id: p for p in collection.pages}
    ids = sorted(by_id)
    every = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    language = {q: "+".join(sorted({by_id[q[0]].language, by_id[q[1]].language})) for q in every}
    story = {q: by_id[q[0]].story for q in every if by_id[q[0]].story == by_id[q[1]].story}
    per_story = breakdown(collection, found, story)
    for row in per_story.values():
        row["copies_with_other_groups"] = 0
    # A copy reported across groups counts against both groups: which event got glued to which.
    for a, b in found:
        if by_id[a].story != by_id[b].story:
            for side in (a, b):
                per_story[by_id[side].story]["copies_with_other_groups"] += 1
    return {"per_language": breakdown(collection, found, language), "per_story": per_story}


def embedding_baseline(collection: Collection, result: ScanResult) -> dict[str, Any]:
    """The best-F1 document-cosine threshold, with its stories as connected components."""
    _, vectors = embed_documents(result.documents, UniversalSentenceEncoder(), _Quiet())
    ids = [d.id for d in result.documents]
    sims = vectors @ vectors.T
    rows, cols = np.triu_indices(len(ids), 1)
    pairs = [pair(ids[i], ids[j]) for i, j in zip(rows, cols, strict=True)]
    scores = sims[rows, cols]
    required = {(q.a, q.b) for q in collection.pairs if q.is_copy and q.required}
    allowed = {(q.a, q.b) for q in collection.pairs if q.is_copy}
    best: tuple[float, float] = (-1.0, 0.0)
    for threshold in np.arange(0.5, 0.995, 0.005):
        found = {p for p, s in zip(pairs, scores, strict=True) if s >= threshold}
        f1 = precision_recall(found, required, allowed)["f1"]
        if f1 > best[0]:
            best = (f1, float(threshold))
    threshold = best[1]
    found = {p for p, s in zip(pairs, scores, strict=True) if s >= threshold}
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(found)
    groups = [sorted(c) for c in nx.connected_components(graph)]
    return {
        "threshold": round(threshold, 3),
        **score(collection, found, groups),
        **breakdowns(collection, found),
        "halves": by_half(collection, found, groups),
    }


def _line(name: str, report: Mapping[str, Any]) -> list[str]:
    c, ind, near = report["copy_pairs"], report["independent_called_copies"], report["near_miss"]
    t, s = report["translations"], report["stories"]
    lines = [
        f"  {name}",
        f"    copy pairs        precision {c['precision']:.4f}  recall {c['recall']:.4f}  F1 {c['f1']:.4f}"
        f"  ({c['found']} reported, {c['labelled']} labelled)",
        f"    independent       {ind['called_copies']} of {ind['pairs']} same-story pairs called copies ({ind['share']:.1%})",
        f"    near misses       {near['called_copies']} of {near['pairs']} pairs of different events called copies,"
        f" {near['put_in_one_story']} put in one story",
        f"    translations      {t['found']} of {t['labelled']} found",
        f"    stories           ARI {s['ari']:.4f}  B-cubed F1 {s['bcubed_f1']:.4f}"
        f"  ({s['predicted']} found, {s['labelled']} labelled)",
    ]
    if "direction" in report:
        one, common = report["direction"]["labelled_one_way"], report["direction"]["labelled_common_source"]
        lines.append(
            f"    direction         {one['right']} right, {one['wrong']} wrong, {one['unknown']} unknown,"
            f" {one['not_found']} not found (of {sum(one.values())} with a labelled way); common-source pairs:"
            f" {common['common_source']} common_source, {common['one_way']} one way, {common['unknown']} unknown"
        )
    return lines


def _halves(report: Mapping[str, Any]) -> list[str]:
    """Each half's figures, the held-out half beside the one looked at while developing."""
    lines = ["scan by half of the groups (dev: looked at while developing; held_out: not):"]
    for name, h in report["scan"]["halves"].items():
        c, ind, s = h["copy_pairs"], h["independent_called_copies"], h["stories"]
        lines.append(
            f"  {name:<9} {len(h['groups']):>2} groups {h['pages']:>4} pages   copy F1 {c['f1']:.4f}"
            f"  independent called copies {ind['called_copies']} of {ind['pairs']}"
            f"  near misses in one story {h['near_miss']['put_in_one_story']}"
            f"  stories ARI {s['ari']:.4f} B-cubed P {s['bcubed_precision']:.4f} R {s['bcubed_recall']:.4f}"
        )
    split = report["scan"]["split_pairs"]
    lines.append(
        f"  pairs of one group in two stories: {split['pairs']} (one language: {split['one_language_related']} related,"
        f" {split['one_language_unrelated']} unrelated; two languages: {split['two_languages_related']} related,"
        f" {split['two_languages_unrelated']} unrelated)"
    )
    return lines


def _table(title: str, rows: Mapping[str, Mapping[str, int]]) -> list[str]:
    across = any("copies_with_other_groups" in r for r in rows.values())
    lines = [
        f"  {title:<12} copies found   independent called copies   false copies"
        + ("   with other groups" if across else "")
    ]
    for key, r in rows.items():
        if not (r["copies"] or r["independent_called_copies"] or r["false_copies"]):
            continue  # nothing to show: no copies labelled, none reported (the JSON keeps every row)
        line = (
            f"  {key:<12} {r['copies_found']:>4} of {r['copies']:<5}  {r['independent_called_copies']:>4} of"
            f" {r['independent']:<19} {r['false_copies']:>5}"
        )
        if across:
            line += f"   {r['copies_with_other_groups']:>12}"
        lines.append(line)
    return lines


def run(collection: Collection, texts: Mapping[str, str], baseline: bool) -> dict[str, Any]:
    start = time.perf_counter()
    result = scan_articles(articles(collection, texts), progress=_Quiet())
    seconds = time.perf_counter() - start
    found = {pair(r.a, r.b) for r in result.relations if r.is_copy}
    directions = {pair(r.a, r.b): r.direction for r in result.relations if r.is_copy}
    languages = sorted({p.language for p in collection.pages})
    report: dict[str, Any] = {
        "dataset": "bench/realnews (real news pages, labelled by reading)",
        "pages": len(collection.pages),
        "stories": len(collection.kinds),
        "languages": languages,
        "labelled_pairs": {
            kind: sum(1 for q in collection.pairs if q.relation == kind)
            for kind in ("duplicate", "near_duplicate", "derived", "same_story")
        },
        "scan": {**score(collection, found, [s.documents for s in result.stories], directions)},
        "seconds": round(seconds, 1),
    }
    report["scan"].update(breakdowns(collection, found))
    report["scan"]["halves"] = by_half(collection, found, [s.documents for s in result.stories], directions)
    report["scan"]["split_pairs"] = split_pairs(collection, result)
    report["scan"]["missed_copies"] = summary(collection, explain_misses(collection, result, found, _Quiet()))
    report["scan"]["copies_reported"] = [
        {
            "a": r.a,
            "b": r.b,
            "relation": r.relation,
            "direction": r.direction,
            "confidence": round(r.confidence, 3),
        }
        for r in result.relations
        if r.is_copy
    ]
    if baseline:
        report["baseline_document_embedding_threshold"] = embedding_baseline(collection, result)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--labels", type=Path, default=LABELS, help="folder with stories/ (default bench/realnews)"
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="page texts (default $NEWSLINEAGE_REALNEWS_CACHE)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-baseline", action="store_true", help="skip the document-embedding baseline")
    parser.add_argument(
        "--allow-missing",
        action="store_true",
        help="score the cached pages when some are missing (said on stderr; not the whole collection's figures)",
    )
    parser.add_argument(
        "--topic-similarity",
        type=float,
        help="scan with this topic threshold instead of topics.MIN_TOPIC_SIMILARITY (how it was chosen:"
        " docs/benchmarks.md, 'Real news pages')",
    )
    args = parser.parse_args()
    if args.topic_similarity is not None:
        topics.MIN_TOPIC_SIMILARITY = args.topic_similarity  # read at each join; a bench-only override
    try:
        collection = load(args.labels)
    except (LabelError, json.JSONDecodeError, OSError) as exc:
        print(f"labels: {exc}", file=sys.stderr)
        return 2
    cache = cache_dir(args.cache)
    state = read_cache(collection, cache)
    part = usable(collection, state, cache, args.allow_missing)
    if part is None:
        return EXIT_CACHE
    report = run(part, state.texts, not args.no_baseline)
    if part is not collection:
        report["left_out_pages"] = sorted({*state.missing, *state.different})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"bench/realnews: {report['pages']} pages, {report['stories']} story groups, "
        f"{len(report['languages'])} languages ({', '.join(report['languages'])}), scanned in {report['seconds']} s"
    )
    lines = _line("scan", report["scan"])
    if "baseline_document_embedding_threshold" in report:
        base = report["baseline_document_embedding_threshold"]
        lines += _line(
            f"baseline: document-embedding threshold {base['threshold']} (tuned on the answers)", base
        )
    lines += ["", *_halves(report)]
    lines += ["", *miss_lines(report["scan"]["missed_copies"])]
    lines += [
        "",
        "scan per language pair (pairs with no copy labelled or reported left out):",
        *_table("languages", report["scan"]["per_language"]),
    ]
    lines += ["", "scan per story group:", *_table("group", report["scan"]["per_story"])]
    print("\n".join(lines))
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
