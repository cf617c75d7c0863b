"""Where "spun throughout" starts: improbable word pairs per 100 words, spun texts against clean ones.

A text pushed through a synonym spinner carries word pairs nobody else writes
whose synonym twin everybody writes (``spin.spin_reports``). This script measures
how many such pairs per 100 content words each text carries, in collections where
the answer is known, and prints the distributions and the false-positive rate of
the rule ``spin.SpinReport.throughout`` (at least ``MIN_HITS`` pairs and at least
``THROUGHOUT_PER_100_WORDS`` per 100 words):

- positives: the synthetic collection's spun copies (``newslineage synth``), scanned
  once with their source present and once with their source (and everything copied
  from it verbatim) left out, as a spun page is found on the web; and the bundled
  example's spun copy, with and without the texts it was made from;
- negatives: every other synthetic article (originals, independent reports, other
  copies), the bundled example's other articles, and the 200 human-written BBC texts
  of L2R (with and without their GPT-3.5 and GPT-4o rewrites in the collection, which
  supply more synonym twins).

Usage: python bench/spin_threshold.py [--l2r ../shared/bench/l2r-news] [--articles 400] [--seed 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from newslineage import spin, text
from newslineage.config import IngestConfig, TextConfig
from newslineage.ingest import ingest
from newslineage.models import Article
from newslineage.synonyms import Synonyms, load_synonyms
from newslineage.synth import SynthConfig, load_truth, write_collection

L2R_FILES = {"human": "human.json", "gpt35": "GPT-3-Turbo.json", "gpt4o": "GPT-4o.json"}


def densities(articles: Sequence[Article], synonyms: Synonyms) -> dict[str, tuple[int, float]]:
    """Document id -> (improbable pairs, pairs per 100 content words), for every article."""
    docs = text.analyze_all(sorted(articles, key=lambda a: a.id), TextConfig(workers=1))
    reports = spin.spin_reports(docs, synonyms)
    out = {}
    for doc in docs:
        r = reports.get(doc.id)
        out[doc.id] = (len(r.hits), r.per_100_words) if r else (0, 0.0)
    return out


def flagged(values: Iterable[tuple[int, float]]) -> int:
    return sum(hits >= spin.MIN_HITS and density >= spin.THROUGHOUT_PER_100_WORDS for hits, density in values)


def _lowest_dense(values: Iterable[tuple[int, float]]) -> str:
    """Lowest density among texts with enough pairs: where the density rule starts to matter."""
    dense = [d for h, d in values if h >= spin.MIN_HITS]
    return f"{min(dense):.2f}" if dense else "-"


def row(name: str, values: Sequence[tuple[int, float]]) -> str:
    dens = sorted(d for _, d in values)
    hits = sorted(h for h, _ in values)

    def q(xs: Sequence[float], p: float) -> float:
        return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else 0.0

    n = len(values)
    return (
        f"| {name} | {n} | {q(hits, 0.5):.0f} / {q(hits, 0.9):.0f} / {max(hits, default=0)} | "
        f"{q(dens, 0.1):.2f} / {q(dens, 0.5):.2f} / {q(dens, 0.9):.2f} / {max(dens, default=0):.2f} | "
        f"{_lowest_dense(values)} | {flagged(values)} of {n} ({flagged(values) / max(n, 1):.1%}) |"
    )


def synth_rows(articles: int, seed: int, synonyms: Synonyms) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        summary = write_collection(Path(tmp), SynthConfig(articles=articles, seed=seed, spun_weight=3.0))
        truth = load_truth(summary.out / "truth.json")
        found = ingest([str(summary.out / "articles")], IngestConfig())
    arts = {a.id: a for a in found.articles}
    docs = truth["documents"]
    spun = {d["id"] for d in docs if d["transform"] == "spun"}
    full = densities(list(arts.values()), synonyms)
    # Source absent: leave out each spun copy's source and that source's verbatim reprints.
    gone = {d["source"] for d in docs if d["id"] in spun}
    gone |= {d["id"] for d in docs if d["transform"] == "verbatim" and d["source"] in gone}
    absent = densities([a for k, a in arts.items() if k not in gone], synonyms)
    return [
        row("synth: spun copies, source present", [full[k] for k in sorted(spun)]),
        row("synth: spun copies, source absent", [absent[k] for k in sorted(spun) if k in absent]),
        row("synth: every other article", [full[k] for k in sorted(full) if k not in spun]),
    ]


def example_rows(synonyms: Synonyms) -> list[str]:
    folder = Path(__file__).resolve().parent.parent / "examples" / "newsroom"
    arts = ingest([str(folder)], IngestConfig()).articles
    spun_id = "04-spun-copy.txt"
    full = densities(arts, synonyms)
    # The spun copy's source, its reprint and its edit left out: what a spun page looks like alone.
    alone = densities([a for a in arts if a.id[:2] not in ("01", "02", "03")], synonyms)
    return [
        row("example: spun copy, sources present", [full[spun_id]]),
        row("example: spun copy, sources absent", [alone[spun_id]]),
        row("example: every other article", [v for k, v in sorted(full.items()) if k != spun_id]),
    ]


def l2r_rows(data: Path, synonyms: Synonyms) -> list[str]:
    texts = {k: json.loads((data / name).read_text(encoding="utf-8")) for k, name in L2R_FILES.items()}
    human = [Article(f"human_{i:03d}", t) for i, t in enumerate(texts["human"])]
    rewrites = [Article(f"{k}_{i:03d}", t) for k in ("gpt35", "gpt4o") for i, t in enumerate(texts[k])]
    alone = densities(human, synonyms)
    mixed = densities(human + rewrites, synonyms)
    return [
        row("L2R human texts, alone", list(alone.values())),
        row("L2R human texts, with their rewrites", [v for k, v in mixed.items() if k.startswith("human")]),
        row(
            "L2R GPT rewrites (not spinner output)",
            [v for k, v in mixed.items() if not k.startswith("human")],
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    here = Path(__file__).resolve().parent
    # The shared data sits beside the checkout (/work/main) or beside the worktrees (/work/wt/NAME).
    shared = next((p / "shared" for p in here.parents if (p / "shared" / "bench").is_dir()), here)
    parser.add_argument("--l2r", type=Path, default=shared / "bench" / "l2r-news")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    synonyms = load_synonyms()
    if not synonyms:
        print(f"no WordNet: {synonyms.source}", file=sys.stderr)
        return 2
    print(
        f"rule: at least {spin.MIN_HITS} improbable pairs and "
        f"{spin.THROUGHOUT_PER_100_WORDS} per 100 content words\n"
    )
    print(
        "| texts | n | pairs: median / p90 / max | per 100 words: p10 / median / p90 / max "
        f"| lowest per 100 words with {spin.MIN_HITS}+ pairs | spun throughout |"
    )
    print("|---|---|---|---|---|---|")
    rows = synth_rows(args.articles, args.seed, synonyms) + example_rows(synonyms)
    if (args.l2r / "human.json").is_file():
        rows += l2r_rows(args.l2r, synonyms)
    else:
        print(f"(L2R data not found in {args.l2r}: pass --l2r DIR)", file=sys.stderr)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
