"""How many documents would a shorter language prefix give another language?

``text.detect_language`` reads only the first ``text.LANGUAGE_PREFIX`` characters of a
document's content. This reads every collection named through the text stage once and,
for each prefix length asked, counts the documents whose language at that prefix differs
from the language read from the whole content (capped at 4,000 characters, as before the
prefix was shortened). A prefix is safe to ship only where every count is 0.

Usage: python bench/language_prefix.py PATH... [--prefixes 500,1000,2000]
                                               [--synth 10000] [--out bench/results/language_prefix.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import py3langid

from newslineage import ingest, text
from newslineage.config import ScanConfig
from newslineage.models import Document
from newslineage.synth import SynthConfig, write_collection

BENCH = Path(__file__).resolve().parent
#: What the stage read before the prefix was shortened; the reference here.
WHOLE = 4000


def _classify(sample: str) -> str:
    """``text.detect_language`` on a sample already cut to length."""
    if sum(ch.isalpha() for ch in sample) < 20:
        return "und"
    return str(py3langid.classify(sample)[0])


def language_sample(doc: Document) -> str:
    """What the text stage reads a document's language from: its content, else its whole text."""
    content = " ".join(doc.text[s.start : s.end] for s in doc.sentences if not s.boilerplate)
    return content or doc.text


def compare(folder: Path, prefixes: list[int]) -> dict[str, Any]:
    config = ScanConfig()
    read = ingest.ingest([folder], config.ingest)
    docs = text.analyze_all(read.articles, config.text)
    differ: dict[int, list[dict[str, str]]] = {p: [] for p in prefixes}
    for doc in docs:
        sample = language_sample(doc)
        whole = _classify(sample[:WHOLE])
        for prefix in prefixes:
            got = _classify(sample[:prefix])
            if got != whole:
                differ[prefix].append({"document": doc.id, "whole": whole, "prefix": got})
    return {
        "collection": str(folder),
        "documents": len(docs),
        "differ": {str(p): len(rows) for p, rows in differ.items()},
        "examples": {str(p): rows[:10] for p, rows in differ.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, help="folders of articles")
    parser.add_argument(
        "--prefixes", default="500,1000,2000", help="prefix lengths to compare, comma-separated"
    )
    parser.add_argument(
        "--synth", type=int, default=0, help="also a synthetic collection of this size (seed 1)"
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "language_prefix.json")
    args = parser.parse_args()
    prefixes = sorted({int(p) for p in args.prefixes.split(",")})
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folders = list(args.paths)
        if args.synth:
            write_collection(Path(tmp) / "synth", SynthConfig(articles=args.synth, seed=1))
            folders.append(Path(tmp) / "synth" / "articles")
        for folder in folders:
            row = compare(folder, prefixes)
            results.append(row)
            counts = ", ".join(f"{p}: {n}" for p, n in row["differ"].items())
            print(f"{folder}: {row['documents']} documents; differing at prefix {counts}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"shipped_prefix": text.LANGUAGE_PREFIX, "results": results}, indent=2) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
