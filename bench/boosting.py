"""Gradient boosting against the shipped copy model, on data neither was fitted on.

The issue that asked for a fitted decision named two kinds of model: a calibrated
logistic regression or gradient boosting. The package ships a logistic model whose
weights keep the sign of what each measurement means (``fit_decision.signed_logistic``).
This script fits scikit-learn's histogram gradient boosting on the same features,
with the same sample weights and the same signs as monotonic constraints (a
measurement that says "copy" may only raise the probability), and puts both through
the same checks:

- fitted on what the shipped model is fitted on (``fit_decision.FIT_ON``), scored on
  the collections neither saw (``fit_decision.HELD_OUT``), and, with ``--scale N``, on a
  synthetic collection of N articles (seed 5), where articles of one template and
  independent reports of one event meet more often than at 1,000;
- leave one rewriter out: fitted on the synthetic collections and all three L2R
  collections without any pair of that rewriter, scored on its pairs with the originals.

Figures are copy precision / recall / F1 on candidate pairs, as in the decision table
(docs/benchmarks.md). Features are read from (and cached in) ``fit_decision.py``'s
work folder.

Usage: python bench/boosting.py [--work DIR] [--articles 1000] [--scale 10000] [--allow-missing]
                                [--depth 3] [--rounds 100] [--rate 0.1]
Needs scikit-learn and scipy (pip install 'newslineage[bench]').
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ is a folder of scripts, not a package

from sklearn.ensemble import HistGradientBoostingClassifier

from decision_data import PairRows, cached, synth_rows
from fit_decision import (
    BENCH,
    COPY_SIGNS,
    FIT_ON,
    HELD_OUT,
    L2R,
    _twins,
    copy_fit_data,
    copy_matrix,
    fit_copy,
    load_all,
    score_copy,
    scored,
)
from newslineage.config import ScanConfig
from newslineage.embed import UniversalSentenceEncoder

HERE = Path(__file__).resolve().parent
REWRITERS = ("gpt35", "gpt4o", "llama3", "gemini")


def fit_boosting(
    collections: Sequence[PairRows],
    depth: int,
    rounds: int,
    rate: float,
    keep: Callable[[str], bool] = lambda g: True,
) -> HistGradientBoostingClassifier:
    """Monotone gradient boosting on the copy features, weighted as ``fit_decision.fit_copy`` weighs."""
    names, x, y, weights = copy_fit_data(collections, keep)
    model = HistGradientBoostingClassifier(
        max_depth=depth,
        max_iter=rounds,
        learning_rate=rate,
        l2_regularization=1.0,
        monotonic_cst=[COPY_SIGNS.get(n, 0) for n in names],
        random_state=0,
    )
    return model.fit(x, y, sample_weight=weights)


def score_boosting(model: HistGradientBoostingClassifier, rows: PairRows) -> dict[str, dict[str, float]]:
    """``fit_decision.score_copy`` for the boosted model: overall and per group."""
    x, y, groups = copy_matrix(rows)
    return scored((model.predict_proba(x)[:, 1] >= 0.5) & ~_twins(rows), y, groups)


def compare(rows: dict[str, PairRows], depth: int, rounds: int, rate: float) -> dict[str, Any]:
    fit = [rows[n] for n in FIT_ON]
    linear, boosted = fit_copy(fit), fit_boosting(fit, depth, rounds, rate)
    checked = [n for n in rows if n not in FIT_ON]
    held = {
        name: {
            "linear": score_copy(linear, rows[name])["all"],
            "boosting": score_boosting(boosted, rows[name])["all"],
        }
        for name in checked
    }
    synthetic = [rows[n] for n in FIT_ON if n.startswith("synth")]
    l2r = [rows[n] for n in L2R]
    left_out: dict[str, dict[str, Any]] = {}
    for rewriter in REWRITERS:

        def without(g: str, w: str = rewriter) -> bool:
            return w not in g.split("+")

        lin, boo = (
            fit_copy([*synthetic, *l2r], without),
            fit_boosting([*synthetic, *l2r], depth, rounds, rate, without),
        )
        for name in L2R:
            group = next(
                (g for g in (f"human+{rewriter}", f"{rewriter}+human") if g in rows[name].group.values()),
                None,
            )
            if group is None:
                continue
            left_out[f"{rewriter} / {name}"] = {
                "linear": score_copy(lin, rows[name])[group],
                "boosting": score_boosting(boo, rows[name])[group],
            }
    return {
        "model": {"depth": depth, "rounds": rounds, "rate": rate},
        "held_out": held,
        "left_out_rewriter": left_out,
    }


def _cell(s: dict[str, float]) -> str:
    return f"{s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/newslineage-decision"), help="feature cache")
    parser.add_argument(
        "--articles", type=int, default=1000, help="size of each fitting synthetic collection"
    )
    parser.add_argument(
        "--scale", type=int, default=0, help="also score a synthetic collection of this size (seed 5)"
    )
    parser.add_argument("--allow-missing", action="store_true", help="use the real pages the cache holds")
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "boosting.json")
    args = parser.parse_args()
    rows = load_all(args.work, args.articles, BENCH, args.allow_missing)
    if args.scale:
        name = f"synth-{args.scale}-5"
        made = cached(
            args.work, name, lambda: synth_rows(args.scale, 5, UniversalSentenceEncoder(), ScanConfig())
        )
        rows[name] = PairRows(
            name, made.docs, made.pairs, made.features, made.labels, made.source, made.group
        )
    result = compare(rows, args.depth, args.rounds, args.rate)
    print(
        f"copy P / R / F1 on candidate pairs; both fitted on {', '.join(FIT_ON)} (held out: {', '.join(HELD_OUT)})"
    )
    print("| collection, not fitted on | signed logistic (shipped kind) | monotone gradient boosting |")
    print("|---|---|---|")
    for name, s in result["held_out"].items():
        print(f"| {name} | {_cell(s['linear'])} | {_cell(s['boosting'])} |")
    print("\nleave one rewriter out (fitted without its pairs, scored on them)")
    print("| rewriter / collection | signed logistic | monotone gradient boosting |")
    print("|---|---|---|")
    for name, s in result["left_out_rewriter"].items():
        print(f"| {name} | {_cell(s['linear'])} | {_cell(s['boosting'])} |")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
