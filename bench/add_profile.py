"""Where an add's CPU goes: ``Indexer.add`` of later arrivals, each part timed, against a scan of them.

Copies an index that ``bench/index_figures.py --build-only --work DIR`` left (``DIR/index-N``,
built from ``DIR/synth-(N+NEW)-SEED``) to a scratch folder, adds COUNT of the later arrivals
that script set aside (the same draw) in one call, and prints the CPU milliseconds per
article the add spends in each stage function, lookup and write it calls, as a call tree:
each part under the timed calls it ran in, with each parent's rest (its own code and what
is not timed), so that every level sums to its parent and the top to the whole add; then
the CPU per article of one scan of the same articles alone (``scan_articles``), in the
same process. ``--profile`` prints
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
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from query_profile import index_and_arrivals, index_arguments  # noqa: E402


class Tree:
    """CPU seconds of each timed call, under the timed calls it ran inside (a call tree).

    A function timed in several places (``Store.documents``) counts under each caller, so every
    node's children plus its rest (its own code and what is not timed) make its whole.
    """

    def __init__(self) -> None:
        self.spent: dict[tuple[str, ...], float] = defaultdict(float)
        self.calls: dict[tuple[str, ...], int] = defaultdict(int)
        self.stack: list[str] = []

    def time(self, owner: Any, name: str, label: str) -> None:
        """Replace ``owner.name`` by a wrapper that adds its CPU time under the calls it runs in."""
        inner: Callable[..., Any] = getattr(owner, name)
        stack, spent, calls = self.stack, self.spent, self.calls

        def timed(*args: Any, **kwargs: Any) -> Any:
            stack.append(label)
            path = tuple(stack)
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[path] += time.process_time() - start
                calls[path] += 1
                stack.pop()

        setattr(owner, name, timed)

    def print_table(self, per: int, unit: str) -> None:
        """The add's calls depth first, children in the order first called, each parent's rest."""
        print(f"\n| part (calls) | CPU ms {unit} |\n|---|---:|")
        self._print(("Indexer.add",), per)

    def _print(self, path: tuple[str, ...], per: int) -> None:
        mark = "-" * (len(path) - 1) + " " if len(path) > 1 else ""
        print(f"| {mark}{path[-1]} ({self.calls[path]:,}) | {self.spent[path] * 1000 / per:.2f} |")
        children = [p for p in self.spent if len(p) == len(path) + 1 and p[: len(path)] == path]
        for child in children:
            self._print(child, per)
        if children:
            rest = self.spent[path] - sum(self.spent[c] for c in children)
            print(f"| {'-' * len(path)} (the rest of {path[-1]}) | {rest * 1000 / per:.2f} |")


def install(tree: Tree) -> None:
    u, lk, w, rl, rg = update_module, lookup_module, write_module, relating_module, regroup_module
    for owner, name, label in (
        (u.Indexer, "add", "Indexer.add"),
        (Store, "hashes", "Store.hashes (which are new)"),
        (Store, "sites", "Store.sites"),
        (u.Indexer, "_remarked", "Indexer._remarked (stored articles a batch makes furniture in)"),
        (u.Indexer, "_delete", "Indexer._delete"),
        (u.Indexer, "_insert", "Indexer._insert (text, embedding, signatures, rows)"),
        (u, "learned_furniture", "counts.learned_furniture"),
        (u.text, "analyze_all", "text.analyze_all"),
        (u, "embed_documents", "pipeline.embed_documents"),
        (KnownVectors, "encode", "KnownVectors.encode"),
        (Store, "sentence_vectors", "Store.sentence_vectors (stored sentence vectors)"),
        (UniversalSentenceEncoder, "encode", "the model"),
        (u, "sign_many", "signatures.sign_many"),
        (u.counts, "post_lines", "counts.post_lines"),
        (u.counts, "minhash_up", "counts.minhash_up"),
        (u.spin, "pair_document_counts", "spin.pair_document_counts"),
        (Store, "stage_vectors", "Store.stage_vectors"),
        (u.Indexer, "_relate", "Indexer._relate"),
        (u, "relate", "relating.relate"),
        (u.reach, "arrive", "reach.arrive"),
        (u.reach, "reached", "reach.reached"),
        (u.reach, "refresh", "reach.refresh"),
        (rl, "scored", "lookup.scored"),
        (lk, "close_in_words", "lookup.close_in_words"),
        (lk, "common_positions", "lookup.common_positions (MinHash value counts)"),
        (lk, "keys_of", "lookup.keys_of"),
        (lk.reach, "vectors_of", "reach.vectors_of"),
        (lk, "lsh_partners", "lookup.lsh_partners"),
        (lk, "anchor_partners", "lookup.anchor_partners"),
        (lk, "relatable", "lookup.relatable"),
        (rl.bounds, "capped", "bounds.capped"),
        (rl.evict, "evict", "evict.evict"),
        (rl.evict, "common_positions", "lookup.common_positions (MinHash value counts)"),
        (rl.evict, "_direct", "evict._direct (the watched articles' relations)"),
        (rl.evict, "pair_similarity", "lookup.pair_similarity"),
        (rl.evict._Ties, "lexical", "evict._Ties.lexical"),
        (rl.evict._Ties, "_buckets_of", "evict._Ties._buckets_of"),
        (rl.evict._Ties, "_small_bucket", "evict._Ties._small_bucket"),
        (rl.evict._Ties, "_signature", "evict._Ties._signature"),
        (rl.evict._Ties, "anchored", "evict._Ties.anchored"),
        (rl.evict.bounds, "load", "bounds.load"),
        (Store, "documents", "Store.documents"),
        (rl, "relate_pairs", "pipeline.relate_pairs (alignment and relation)"),
        (rl, "compose", "relating.compose"),
        (u, "compose", "relating.compose"),
        (Store, "relations_of", "Store.relations_of"),
        (rl, "add_composed", "pipeline.add_composed"),
        (w, "relations", "write.relations"),
        (u.Indexer, "_recompose", "Indexer._recompose"),
        (u, "regroup", "regroup.regroup"),
        (Store, "stories_of", "Store.stories_of"),
        (Store, "members", "Store.members"),
        (Store, "related", "Store.related"),
        (Store, "records", "Store.records"),
        (rg, "_dated_partners", "regroup._dated_partners"),
        (rg.topical, "topics", "topical.topics"),
        (rg, "derive", "regroup.derive"),
        (rg.stories, "group_stories", "stories.group_stories"),
        (rg, "WordPairs", "counts.WordPairs (word-pair counts read)"),
        (rg.spin, "spin_reports", "spin.spin_reports"),
        (rg, "_kept", "regroup._kept (which stories stand)"),
        (Store, "stories_held", "Store.stories_held"),
        (Store, "findings_of", "Store.findings_of"),
        (Store, "verdicts_of", "Store.verdicts_of"),
        (rg.lineage, "build", "lineage.build"),
        (rg.audit, "audit", "audit.audit"),
        (rg.write, "verdicts", "write.verdicts"),
        (w, "neighbourhood", "write.neighbourhood"),
        (Store, "_save_vectors", "Store._save_vectors (the vector file)"),
        (Store, "truncate_log", "Store.truncate_log"),
    ):
        tree.time(owner, name, label)


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
    tree = Tree()
    if not args.profile:
        install(tree)
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
    tree.print_table(n, "an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
