"""Regenerate the tables of docs/benchmarks.md from the JSON results in bench/results/.

Each table sits between ``<!-- table:NAME -->`` and ``<!-- end -->`` markers; the prose
around them is kept. Run after any bench script: python bench/make_docs.py [--doc PATH]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
DOC = BENCH.parent / "docs" / "benchmarks.md"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BENCH / "results" / f"{name}.json").read_text(encoding="utf-8"))
    return data


def l2r() -> str:
    d = _load("l2r")
    p, base, dr = d["pairs"], d["baseline_document_embedding_threshold"], d["direction"]
    lex = d["baseline_minhash_lsh"]
    return "\n".join(
        [
            "| measure | newslineage | document-embedding threshold (tuned on the answers) "
            f"| datasketch MinHashLSH at {lex['threshold']} |",
            "|---|---|---|---|",
            f"| copy-pair precision | {p['precision']:.3f} | | {lex['precision']:.3f} |",
            f"| copy-pair recall | {p['recall']:.3f} | | {lex['recall']:.3f} |",
            f"| copy-pair F1 | **{p['f1']:.3f}** | {base['f1']:.3f} | {lex['f1']:.3f} |",
            f"| direction original -> rewrite ({dr['pairs']} pairs) | **{dr['accuracy']:.1%}** right, "
            f"{dr['unknown']} unknown | (no direction) | (no direction) |",
        ]
    )


def _prf(scores: dict[str, Any]) -> str:
    return f"{scores['precision']:.3f} / {scores['recall']:.3f} / {scores['f1']:.3f}"


def l2r_collections() -> str:
    d = _load("l2r")
    rows = [
        "| collection | rewriter | fitted on it? | copy pairs P / R / F1 | direction right (wrong, unknown) |",
        "|---|---|---|---|---|",
    ]
    for name, c in d.get("collections", {}).items():
        fitted = "yes" if name == "l2r-news" else "no"
        p, dr = c["pairs"], c["direction"]
        rows.append(
            f"| {name} | all | {fitted} | {_prf(p)} | {dr['accuracy']:.1%} ({dr['wrong']}, {dr['unknown']}) |"
        )
        for w, s in p["by_rewriter"].items():
            x = dr["by_rewriter"].get(w, {"accuracy": 0.0, "wrong": 0, "unknown": 0})
            rows.append(
                f"| {name} | {w} | {fitted} | {_prf(s)} | "
                f"{x['accuracy']:.1%} ({x['wrong']}, {x['unknown']}) |"
            )
    return "\n".join(rows)


def decision() -> str:
    d = _load("decision")
    rows = [
        "| collection | pairs | fitted on it? | copy P / R / F1 (shipped model) | copy F1, fitted without it "
        "| direction right (shipped) | direction, fitted without it |",
        "|---|---|---|---|---|---|---|",
    ]
    loco = d["leave_one_collection_out"]
    # The packaged model's figures where the run recorded them (``in_package``); older results
    # only hold the model the run fitted, which was then the packaged one.
    packaged = d.get("in_package", {})
    for name, s in d["shipped"].items():
        c, way = s["copy"]["all"], s["direction"].get("all", {})
        if name in packaged:
            c, way = packaged[name]["copy"], packaged[name]["direction"]
        out = loco.get(name, {})
        held = f"{out['copy']['f1']:.3f}" if out else "(synthetic)"
        held_way = f"{out['direction']['accuracy']:.1%}" if out.get("direction") else ""
        fitted = ("copy" if s["fitted_on_it"] else "no") + (
            ", direction" if s.get("direction_fitted_on_it") else ""
        )
        rows.append(
            f"| {name} | {c['pairs']} copies | {fitted} | {_prf(c)} "
            f"| {held} | {way.get('accuracy', 0):.1%} of {way.get('pairs', 0)} | {held_way} |"
        )
    rows += [
        "",
        "| left-out rewriter | collection | copy P / R / F1 | direction right |",
        "|---|---|---|---|",
    ]
    for rewriter, by_name in d["leave_one_rewriter_out"].items():
        for name, s in by_name.items():
            if s["copy"] is None:
                continue
            c, way = s["copy"], s["direction"] or {}
            rows.append(f"| {rewriter} | {name} | {_prf(c)} | {way.get('accuracy', 0):.1%} |")
    return "\n".join(rows)


def reliability() -> str:
    d = _load("decision")
    rows = ["| stated probability | pairs | mean stated | share that are copies |", "|---|---|---|---|"]
    rows += [
        f"| {b['band']} | {b['pairs']} | {b['stated']:.3f} | {b['observed']:.3f} |"
        for b in d["reliability_held_out"]
    ]
    return "\n".join(rows)


def realnews() -> str:
    d = _load("realnews")
    rows = [
        "| measure | newslineage | document-embedding threshold (tuned on the answers) |",
        "|---|---|---|",
    ]
    scan, base = d["scan"], d["baseline_document_embedding_threshold"]
    for label, key in (("copy pairs P / R / F1", "copy_pairs"),):
        a, b = scan[key], base[key]
        rows.append(f"| {label} ({a['labelled']} labelled) | {_prf(a)} | {_prf(b)} |")
    a, b = scan["independent_called_copies"], base["independent_called_copies"]
    rows.append(
        f"| independent reports called copies (of {a['pairs']}) | {a['share']:.1%} | {b['share']:.1%} |"
    )
    a, b = scan["near_miss"], base["near_miss"]
    rows.append(
        f"| different events of one kind called copies (of {a['pairs']}) | {a['called_copies']} | {b['called_copies']} |"
    )
    a, b = scan["translations"], base["translations"]
    rows.append(f"| translations found (of {a['labelled']}) | {a['found']} | {b['found']} |")
    a, b = scan["stories"], base["stories"]
    rows.append(f"| stories: adjusted Rand index | {a['ari']:.3f} | {b['ari']:.3f} |")
    for half, label in (("dev", "dev half (looked at)"), ("held_out", "held-out half")):
        a, b = scan["halves"][half], base["halves"][half]
        rows.append(
            f"| stories: adjusted Rand index, {label}: {len(a['groups'])} groups, {a['pages']} pages"
            f" | {a['stories']['ari']:.3f} | {b['stories']['ari']:.3f} |"
        )
    return "\n".join(rows)


def synth() -> str:
    d = _load("quality_synth")
    rows = [f"| recall {kind} | {value:.3f} |" for kind, value in d["recall_by_transform"].items()]
    dr, st = d["direction"], d["stories"]
    return "\n".join(
        [
            f"| measure ({d['articles']} articles, seed {d['seed']}) | value |",
            "|---|---|",
            *rows,
            f"| copy-pair precision | {d['pairs']['precision']:.3f} |",
            f"| same-story recall (independent report related to its original) | {d['same_story_recall']:.3f} |",
            f"| direction (source -> copy) | {dr['accuracy']:.1%} right ({dr['right']} right, {dr['wrong']} wrong, "
            f"{dr['unknown']} unknown) |",
            f"| stories: adjusted Rand index / B-cubed F1 | {st['adjusted_rand_index']:.3f} / {st['bcubed_f1']:.3f} |",
        ]
    )


def speed(name: str = "speed") -> str:
    d = _load(name)
    lines = [
        "| articles | seconds (model load included) | articles/s | peak memory: scan / with workers "
        "| text | embed | candidates | align+relate | lineage | audit | copy pairs P / R |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in d["sizes"]:
        t = r["timings"]
        workers = f"{r['peak_all_mb']:.0f} MB" if "peak_all_mb" in r else "not measured"
        lines.append(
            f"| {r['articles']:,} | {r['seconds']:.1f} | {r['articles_per_s']:.1f} | {r['peak_mb']:.0f} MB / {workers} | "
            f"{t['text']:.1f} s | {t['embed']:.1f} s | {t['candidates']:.1f} s | {t['align+relate']:.1f} s | "
            f"{t['lineage']:.1f} s | {t['audit']:.1f} s | "
            f"{r.get('pipeline_precision', 0):.3f} / {r.get('pipeline_recall', 0):.3f} |"
        )
    for g in d["growth"]:
        stages = ", ".join(f"{k} {v:.2f}" for k, v in g.get("stages", {}).items())
        lines.append(
            f"\nGrowth exponent {g['from']:,} -> {g['to']:,}: {g['exponent']:.2f}"
            + (f" (by stage: {stages})" if stages else "")
        )
    return "\n".join(lines)


def lexical(name: str) -> str:
    d = _load(name)
    lines = [
        "| articles | newslineage sign + index | recall | datasketch sign + index | recall | ratio |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in d["sizes"]:
        lex = r.get("lexical")
        if lex:
            ours, theirs = lex["newslineage"], lex["datasketch"]
            lines.append(
                f"| {r['articles']:,} | {ours['sign_s']:.2f} s + {ours['index_s']:.2f} s | {ours['recall']:.3f} | "
                f"{theirs['sign_s']:.2f} s + {theirs['index_s']:.2f} s | {theirs['recall']:.3f} | "
                f"**{lex['speedup']:.1f}x faster** |"
            )
    return "\n".join(lines)


def transforms() -> str:
    """Recall by transform: the full pipeline next to the lexical stages, on one collection."""
    full = _load("quality_synth")
    same = [r for r in _load("lexical")["sizes"] if r["articles"] == full["articles"]]
    if not same:
        raise SystemExit(
            f"bench/results/lexical.json has no {full['articles']}-article row to set beside quality_synth"
        )
    ours, theirs = same[0]["lexical"]["newslineage"], same[0]["lexical"]["datasketch"]
    lines = [
        f"| transform ({full['articles']} articles, seed {full['seed']}) | full pipeline "
        "| newslineage lexical stage | datasketch MinHashLSH |",
        "|---|---:|---:|---:|",
    ]
    for name, value in full["recall_by_transform"].items():
        lines.append(
            f"| {name} | **{value:.3f}** | {ours['recall_by_transform'][name]:.3f} "
            f"| {theirs['recall_by_transform'][name]:.3f} |"
        )
    return "\n".join(lines)


TABLES: dict[str, Callable[[], str]] = {
    "l2r": l2r,
    "l2r_collections": l2r_collections,
    "decision": decision,
    "realnews": realnews,
    "reliability": reliability,
    "synth": synth,
    "speed": speed,
    "lexical": lambda: lexical("lexical"),
    "scaling": lambda: speed("speed_100k"),
    "scaling_before": lambda: speed("speed_100k_3f897f7"),
    "transforms": transforms,
}


def main() -> int:
    doc = Path(sys.argv[sys.argv.index("--doc") + 1]) if "--doc" in sys.argv else DOC
    text = doc.read_text(encoding="utf-8")
    for name, make in TABLES.items():
        # The body may be empty (a new marker) but never runs into the next table.
        match = re.search(rf"(<!-- table:{name} -->\n)(?:(?!<!-- table:).)*?(<!-- end -->)", text, re.S)
        if match is None:
            print(f"{doc} has no <!-- table:{name} --> marker", file=sys.stderr)
            return 1
        text = text[: match.start()] + match.group(1) + make() + "\n" + match.group(2) + text[match.end() :]
    doc.write_text(text, encoding="utf-8")
    print(f"tables of {doc} regenerated from {BENCH / 'results'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
