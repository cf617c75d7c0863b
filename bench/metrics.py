"""Scoring helpers shared by the bench scripts: pairs against a synthetic truth, clustering scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from math import comb
from typing import Any

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def truth_copy_pairs(truth: Mapping[str, Any]) -> set[Pair]:
    """Source-copy pairs of a synthetic truth (what recall is measured on)."""
    return {pair(d["source"], d["copy"]) for d in truth["derived"]}


def truth_family_pairs(truth: Mapping[str, Any]) -> set[Pair]:
    """Pairs that may rightly be called copies: any two of one story's original and its copies.

    Two copies of one original share its text, so reporting them as related is not an error;
    independent reports and unrelated articles never are copies.
    """
    family: dict[str, list[str]] = defaultdict(list)
    for doc in truth["documents"]:
        if doc["role"] in ("original", "copy"):
            family[doc["story"]].append(doc["id"])
    return {pair(a, b) for ids in family.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}


def precision_recall(found: set[Pair], right: set[Pair], allowed: set[Pair]) -> dict[str, float]:
    """Recall against ``right``; a found pair is wrong only when it is outside ``allowed``."""
    p = len(found & allowed) / len(found) if found else 1.0
    r = len(found & right) / len(right) if right else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def adjusted_rand_index(labels_true: Sequence[str], labels_pred: Sequence[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labelings of the same items."""
    n = len(labels_true)
    table = Counter(zip(labels_true, labels_pred, strict=True))
    sum_cells = sum(comb(c, 2) for c in table.values())
    sum_a = sum(comb(c, 2) for c in Counter(labels_true).values())
    sum_b = sum(comb(c, 2) for c in Counter(labels_pred).values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0.0
    top = (sum_a + sum_b) / 2
    if top == expected:
        return 1.0
    return (sum_cells - expected) / (top - expected)


def bcubed_f1(labels_true: Sequence[str], labels_pred: Sequence[str]) -> float:
    """B-cubed F1 (Bagga and Baldwin): per-item precision and recall of its cluster."""
    true_of: dict[str, set[int]] = defaultdict(set)
    pred_of: dict[str, set[int]] = defaultdict(set)
    for i, (t, p) in enumerate(zip(labels_true, labels_pred, strict=True)):
        true_of[t].add(i)
        pred_of[p].add(i)
    precision = recall = 0.0
    for t, p in zip(labels_true, labels_pred, strict=True):
        shared = len(true_of[t] & pred_of[p])
        precision += shared / len(pred_of[p])
        recall += shared / len(true_of[t])
    n = len(labels_true)
    precision, recall = precision / n, recall / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def labels(groups: Iterable[Iterable[str]], ids: Sequence[str]) -> list[str]:
    """One label per id, from a list of groups (ids in no group get their own label)."""
    owner = {doc: f"g{k}" for k, group in enumerate(groups) for doc in group}
    return [owner.get(doc, f"alone:{doc}") for doc in ids]
