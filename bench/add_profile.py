"""Where an add's CPU goes: ``Indexer.add`` of later arrivals, each part timed, against a scan of them.

Copies an index that ``bench/index_figures.py --build-only --work DIR`` left (``DIR/index-N``,
built from ``DIR/synth-(N+NEW)-SEED``) to a scratch folder, adds COUNT of the later arrivals
that script set aside (the same draw) in one call, and prints the CPU milliseconds per
article the add spends in each stage function and lookup it calls (parts nest: ``_insert``
holds the text stage and the embedding, ``relate`` the lookups and ``relate_pairs``,
``regroup`` the stories' lineage and findings), then the CPU per article of one scan of
the same articles alone (``scan_articles``), in the same process. ``--profile`` prints
cProfile's table of the add instead of the parts; ``--export FILE`` writes the index's
newslineage/1 document after the add (to compare two versions of the code byte for byte).

Usage: python bench/add_profile.py --work DIR --size N [--new 1000] [--count 1000] [--seed 1]
                                   [--chunk 512] [--profile] [--export FILE] [--no-scan]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import newslineage.index.lookup as lookup_module  # noqa: E402  (bench/ is a folder of scripts)
import newslineage.index.regroup as regroup_module  # noqa: E402
import newslineage.index.relating as relating_module  # noqa: E402
import newslineage.index.update as update_module  # noqa: E402
import newslineage.index.write as write_module  # noqa: E402
from index_figures import Clock  # noqa: E402
from newslineage import report  # noqa: E402
from newslineage.embed import UniversalSentenceEncoder  # noqa: E402
from newslineage.index import Indexer, Store, export  # noqa: E402
from newslineage.index.known import KnownVectors  # noqa: E402
from newslineage.pipeline import scan_articles  # noqa: E402
from newslineage.synonyms import load_synonyms  # noqa: E402
from query_profile import Parts, index_and_arrivals, index_arguments  # noqa: E402


def install(parts: Parts) -> None:
    u, lk, w, rl, rg = update_module, lookup_module, write_module, relating_module, regroup_module
    for owner, name, label in (
        (u.Indexer, "_insert", "inserting (text, embedding, signatures, rows)"),
        (u.text, "analyze_all", "  text stage"),
        (KnownVectors, "encode", "  the model and stored sentence vectors"),
        (u, "relate", "relating (candidates, alignment, composition)"),
        (u.reach, "arrive", "  reach rule (embedding neighbours)"),
        (lk, "lsh_partners", "  LSH buckets"),
        (lk, "anchor_partners", "  anchor postings"),
        (rl, "relate_pairs", "  alignment and relation (relate_pairs)"),
        (rl, "compose", "  composition"),
        (u, "compose", "  composition"),
        (w, "relations", "writing relations"),
        (u, "regroup", "regrouping (stories, lineage, findings)"),
        (rg.stories, "group_stories", "  stories.group_stories"),
        (rg, "WordPairs", "  word-pair counts read"),
        (rg.spin, "spin_reports", "  spin"),
        (rg, "_kept", "  which stories stand (members, sites, spin findings)"),
        (rg.lineage, "build", "  lineage.build"),
        (rg.audit, "audit", "  audit.audit"),
        (w, "neighbourhood", "writing stories, lineage, findings"),
        (Store, "documents", "reading stored documents (anywhere)"),
        (Store, "records", "reading stored records, without vectors (anywhere)"),
        (Store, "relations_of", "reading stored relations (anywhere)"),
    ):
        parts.time(owner, name, label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    index_arguments(parser)
    parser.add_argument("--count", type=int, default=1000, help="how many of them to add")
    parser.add_argument("--chunk", type=int, default=512)
    parser.add_argument("--export", type=Path, help="write the index's JSON document after the add here")
    parser.add_argument("--no-scan", action="store_true", help="skip the scan of the same articles")
    args = parser.parse_args(argv)
    folder, later = index_and_arrivals(parser, args)
    later = later[: args.count]
    encoder, synonyms = UniversalSentenceEncoder(), load_synonyms()
    parts = Parts()
    if not args.profile:
        install(parts)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(folder, copy)
        with Clock() as opening:  # fills what an index written by an earlier version lacks (once)
            indexer = Indexer(Store(copy), encoder=encoder, synonyms=synonyms)
        profile = cProfile.Profile() if args.profile else None
        load = os.getloadavg()[0]
        with Clock() as add:
            if profile is not None:
                profile.enable()
            done = indexer.add(later, chunk=args.chunk)
            if profile is not None:
                profile.disable()
        load_after = os.getloadavg()[0]
        if args.export is not None:
            args.export.write_text(report.dumps(report.to_json(export(indexer.store))), encoding="utf-8")
    n = len(later)
    print(f"opening the copy: {opening.cpu:.1f} s CPU ({opening.wall:.1f} wall)")
    print(
        f"add of {n:,} to {args.size:,} articles, load average {load:.1f} to {load_after:.1f}: "
        f"{add.cpu * 1000 / n:.1f} ms CPU an article ({add.wall * 1000 / n:.1f} wall); "
        f"stories rebuilt {done.stories:,}, regrouped and kept {done.kept:,}; "
        f"{len(done.remarked):,} stored articles marked again"
    )
    if not args.no_scan:
        with Clock() as scan:
            scan_articles(later, encoder=encoder, synonyms=synonyms)
        print(
            f"scan of the same {n:,} alone, load average {os.getloadavg()[0]:.1f}: "
            f"{scan.cpu * 1000 / n:.1f} ms CPU an article ({scan.wall * 1000 / n:.1f} wall); "
            f"add / scan {add.cpu / scan.cpu:.2f}"
        )
    if profile is not None:
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)
        return 0
    parts.print_table(n, "an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
