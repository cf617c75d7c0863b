"""Scoring helpers shared by the bench scripts: pairs against a truth, and clustering scores.

Pairs are unordered: ``pair(a, b)`` puts the smaller id first. The synthetic truth
(``newslineage synth``, docs/synth.md) lists direct copies (``derived``), copies of
copies (``indirect``), copies of one source (``siblings``) and independent reports of
one event (``same_story``); the helpers below turn it into the pair sets scores need.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from math import comb
from pathlib import Path
from typing import Any

Pair = tuple[str, str]


def shared_bench() -> Path:
    """The team's benchmark data: ``$NEWSLINEAGE_BENCH_DATA``, else the first ``shared/bench``
    beside a folder above this one (a checkout in ``/work/main`` or a worktree deeper down)."""
    given = os.environ.get("NEWSLINEAGE_BENCH_DATA")
    if given:
        return Path(given)
    here = Path(__file__).resolve().parent
    for folder in here.parents:
        if (folder / "shared" / "bench").is_dir():
            return folder / "shared" / "bench"
    return here.parent.parent / "shared" / "bench"


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def prf(true_positives: int, found: int, right: int) -> dict[str, float]:
    """Precision, recall and F1 from counts; an empty side scores 1.0 (nothing to get wrong)."""
    p = true_positives / found if found else 1.0
    r = true_positives / right if right else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def precision_recall(
    found: set[Pair], right: set[Pair], allowed: set[Pair] | None = None
) -> dict[str, float]:
    """Recall against ``right``; a found pair is wrong only when it is outside ``allowed`` (default ``right``).

    ``allowed`` is for pairs that are not required but not errors either: two copies of
    one original that reuse different parts of it share the original, not each other's text.
    """
    ok = allowed if allowed is not None else right
    p = len(found & ok) / len(found) if found else 1.0
    r = len(found & right) / len(right) if right else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def truth_copy_pairs(truth: Mapping[str, Any]) -> set[Pair]:
    """Direct source-copy pairs of a synthetic truth: one per copy."""
    return {pair(d["source"], d["copy"]) for d in truth["derived"]}


def recall_by_transform(found: set[Pair], truth: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    """Recall of the direct source-copy pairs, and their number, for each transform."""
    hits: dict[str, list[bool]] = defaultdict(list)
    for d in truth["derived"]:
        hits[d["transform"]].append(pair(d["source"], d["copy"]) in found)
    return {k: {"recall": round(sum(v) / len(v), 4), "pairs": len(v)} for k, v in sorted(hits.items())}


def truth_related_copies(truth: Mapping[str, Any], min_shared: int = 2) -> set[Pair]:
    """Every pair a tool should call a copy: direct, through a chain, or of one source.

    Pairs that share fewer than ``min_shared`` of the story's sentences are left out: two
    copies that reuse different paragraphs of one original have no text in common.
    """
    pairs = {pair(d["source"], d["copy"]) for d in (*truth["derived"], *truth["indirect"])}
    pairs |= {pair(d["a"], d["b"]) for d in truth["siblings"] if d["shared"] >= min_shared}
    return pairs


def truth_family_pairs(truth: Mapping[str, Any]) -> set[Pair]:
    """Every pair of an original and its copies: the pairs that may rightly be called copies."""
    pairs = {pair(d["source"], d["copy"]) for d in (*truth["derived"], *truth["indirect"])}
    return pairs | {pair(d["a"], d["b"]) for d in truth["siblings"]}


def truth_same_story_pairs(truth: Mapping[str, Any]) -> set[Pair]:
    """Pairs of one event where at least one is an independent report: same story, no copying."""
    return {pair(d["a"], d["b"]) for d in truth["same_story"]}


def adjusted_rand_index(labels_true: Sequence[str], labels_pred: Sequence[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labelings of the same items (1.0: identical)."""
    n = len(labels_true)
    table = Counter(zip(labels_true, labels_pred, strict=True))
    sum_cells = sum(comb(c, 2) for c in table.values())
    sum_a = sum(comb(c, 2) for c in Counter(labels_true).values())
    sum_b = sum(comb(c, 2) for c in Counter(labels_pred).values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0.0
    top = (sum_a + sum_b) / 2
    if top == expected:  # both all singletons, or both one cluster: the labelings agree
        return 1.0
    return (sum_cells - expected) / (top - expected)


def bcubed(labels_true: Sequence[str], labels_pred: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin), averaged over items."""
    n = len(labels_true)
    if n == 0:
        return 1.0, 1.0, 1.0
    cells = Counter(zip(labels_true, labels_pred, strict=True))
    true_size, pred_size = Counter(labels_true), Counter(labels_pred)
    # Each of the c items of a cell shares its cluster with the c - 1 others and itself.
    precision = sum(c * c / pred_size[p] for (_, p), c in cells.items()) / n
    recall = sum(c * c / true_size[t] for (t, _), c in cells.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bcubed_f1(labels_true: Sequence[str], labels_pred: Sequence[str]) -> float:
    return bcubed(labels_true, labels_pred)[2]


def labels(groups: Iterable[Iterable[str]], ids: Sequence[str]) -> list[str]:
    """One label per id, from a list of groups (an id in no group is a group of its own)."""
    owner = {doc: f"g{k}" for k, group in enumerate(groups) for doc in group}
    return [owner.get(doc, f"alone:{doc}") for doc in ids]
