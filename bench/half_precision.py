"""Sentence vectors stored at half precision against single precision: do any decisions change?

The scan stores its table of sentence vectors as float16 (``embed.Table``): half the
memory of the largest array of a large scan. This scans each collection twice in one
process, with the table in float16 (as shipped) and in float32, and compares the
relations pair by pair: relation, direction, transforms, passages (their spans and
kinds), and how far confidences moved.

Usage: python bench/half_precision.py [--data ../shared/bench/l2r-news ...] [--synth 3000]
                                      [--out bench/results/half_precision.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import l2r_data  # bench/ is a folder of scripts: found through the path set above
from metrics import shared_bench
from newslineage import embed, pipeline
from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import Relation
from newslineage.synonyms import Synonyms, load_synonyms
from newslineage.synth import SynthConfig, write_collection

BENCH = Path(__file__).resolve().parent
SHARED = shared_bench()


def scan(
    folder: Path,
    dtype: type[np.float16] | type[np.float32],
    encoder: UniversalSentenceEncoder,
    synonyms: Synonyms,
) -> dict[tuple[str, str], Relation]:
    """The relations of one scan with the sentence table stored as ``dtype``."""
    shipped = embed.embed_unique

    def with_dtype(*args: Any, **kwargs: Any) -> Any:
        return shipped(*args, **kwargs, dtype=dtype)

    pipeline.embed_unique = with_dtype  # type: ignore[assignment]
    try:
        result = pipeline.scan([folder], encoder=encoder, synonyms=synonyms)
    finally:
        pipeline.embed_unique = shipped
    return {(r.a, r.b): r for r in result.relations}


def shape(rel: Relation | None) -> tuple[Any, ...] | None:
    if rel is None:
        return None
    return (
        rel.relation,
        rel.direction,
        rel.transforms,
        [(p.a_start, p.b_start, p.kind) for p in rel.passages],
    )


def compare(name: str, folder: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms) -> dict[str, Any]:
    half, single = scan(folder, np.float16, encoder, synonyms), scan(folder, np.float32, encoder, synonyms)
    pairs = sorted(half.keys() | single.keys())
    moved = [abs(half[p].confidence - single[p].confidence) for p in pairs if p in half and p in single]
    return {
        "collection": name,
        "relations": len(single),
        "relation_differs": sum(
            1 for p in pairs if (shape(half.get(p)) or (None,))[0] != (shape(single.get(p)) or (None,))[0]
        ),
        "direction_differs": sum(
            1 for p in pairs if p in half and p in single and half[p].direction != single[p].direction
        ),
        "anything_differs": sum(1 for p in pairs if shape(half.get(p)) != shape(single.get(p))),
        "confidence_moved_max": round(max(moved, default=0.0), 4),
        "confidence_moved_mean": round(float(np.mean(moved)) if moved else 0.0, 6),
    }


def collections(data: Sequence[Path], synth: int, tmp: Path) -> list[tuple[str, Path]]:
    out = []
    for folder in data:
        target = tmp / folder.name
        l2r_data.write(l2r_data.load(folder), target)
        out.append((folder.name, target))
    if synth:
        write_collection(tmp / "synth", SynthConfig(articles=synth, seed=1))
        out.append((f"synthetic {synth}", tmp / "synth" / "articles"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data",
        type=Path,
        nargs="*",
        default=[
            SHARED / "l2r-news",
            SHARED / "l2r-domains" / "Entertainment",
            SHARED / "l2r-domains" / "Environmental",
        ],
    )
    parser.add_argument("--synth", type=int, default=0, help="also a synthetic collection of this size")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "half_precision.json")
    args = parser.parse_args()
    rows = []
    encoder, synonyms = UniversalSentenceEncoder(), load_synonyms()
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in collections(args.data, args.synth, Path(tmp)):
            row = compare(name, folder, encoder, synonyms)
            rows.append(row)
            print(
                f"{name}: {row['relations']} relations; relation differs {row['relation_differs']}, "
                f"direction {row['direction_differs']}, anything {row['anything_differs']}; confidence moved "
                f"max {row['confidence_moved_max']}, mean {row['confidence_moved_mean']}",
                flush=True,
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"collections": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
