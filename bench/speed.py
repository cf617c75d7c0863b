"""Speed and scaling: the full scan at several sizes, and the lexical stage against datasketch.

For each size N it writes a synthetic collection (``newslineage synth``), then:

- runs the full scan in a fresh process (so model load counts, and peak memory is that
  run's own), and records seconds per stage, articles/s, the process's peak resident
  memory and the peak memory of it with its worker processes together (proportional
  set size, sampled twice a second: forked workers share their parent's pages), and
  that peak stage by stage, for the scan process alone and with its workers;
- in that same process, signs and indexes the same articles with datasketch's MinHash
  and MinHashLSH and with newslineage's own lexical stage, on the same word 3-shingles,
  the same number of permutations and the same threshold, and compares time and recall
  of the true copy pairs (recall of the full pipeline is printed next to them).

The growth exponent is the slope of log(seconds) against log(N) between consecutive
sizes, for the whole scan and for each stage: near 1.0 is linear, 2.0 means an
all-pairs step.

Usage: python bench/speed.py [--sizes 1000 10000 100000] [--seed 1] [--work DIR]
                             [--out bench/results/speed.json] [--skip-datasketch | --lexical-only] [--low-memory]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from datasketch_baseline import answer_pairs, datasketch_query, datasketch_sign  # noqa: E402  (bench/ is a folder of scripts, not a package)
from metrics import pair, recall_by_transform, truth_copy_pairs, truth_family_pairs  # noqa: E402


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_pss_mb(root: int) -> float:
    """Proportional set size of ``root`` and all its descendants, in MB (``tree_pss``)."""
    return tree_pss(root)[1]


def tree_pss(root: int) -> tuple[float, float]:
    """Proportional set size of ``root`` alone, and of it and all its descendants, in MB.

    PSS splits each shared page between the processes mapping it, so the sum is
    the memory the scan holds: forked workers share their parent's pages, and
    adding up resident sizes would count those pages once per worker.
    """
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == pid]
        tree.update(kids)
        frontier.extend(kids)
    total = mine = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    mine += int(line.split()[1]) if pid == root else 0
        except OSError:
            continue
    return mine / 1024, total / 1024


def run_measured(cmd: list[str]) -> tuple[str, float]:
    """Run ``cmd``; its standard output, and the peak PSS of it and its worker processes (MB)."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_pss_mb(proc.pid))
            time.sleep(0.5)
        stderr = proc.stderr.read() if proc.stderr else ""
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, cmd, stderr=stderr)
        out.seek(0)
        return out.read(), peak


def make_collection(work: Path, n: int, seed: int) -> Path:
    from newslineage.synth import SynthConfig, write_collection

    out = work / f"synth-{n}-{seed}"
    if not (out / "truth.json").is_file():
        start = time.perf_counter()
        write_collection(out, SynthConfig(articles=n, seed=seed))
        print(f"  wrote {n} articles in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return out


def lexical_comparison(articles: list[Any], truth: dict[str, Any], threshold: float) -> dict[str, Any]:
    """Sign and index with datasketch and with newslineage, same shingles and parameters."""
    from newslineage.candidates import lsh_codes
    from newslineage.config import SignatureConfig
    from newslineage.signatures import sign_many

    config = SignatureConfig()
    ids = [a.id for a in articles]
    texts = [a.text for a in articles]

    start = time.perf_counter()
    sigs = sign_many(texts, config)
    ours_sign = time.perf_counter() - start
    # Each tool is timed up to its own output: newslineage's array of pair codes (what
    # the scan consumes), datasketch's query results. Turning both into id pairs for
    # the recall below is not timed.
    start = time.perf_counter()
    codes = lsh_codes(sigs, threshold)
    ours_index = time.perf_counter() - start
    ours = {pair(ids[c // len(ids)], ids[c % len(ids)]) for c in codes.tolist()}

    start = time.perf_counter()
    hashes = datasketch_sign(texts, config)
    theirs_sign = time.perf_counter() - start
    start = time.perf_counter()
    answers = datasketch_query(ids, hashes, threshold, config.num_perm)
    theirs_index = time.perf_counter() - start
    theirs = answer_pairs(ids, answers)

    copies = truth_copy_pairs(truth)

    def recall(found: set[Any]) -> float:
        return round(len(copies & found) / len(copies), 4) if copies else 0.0

    def by_transform(found: set[Any]) -> dict[str, float]:
        return {k: v["recall"] for k, v in recall_by_transform(found, truth).items()}

    return {
        "threshold": threshold,
        "num_perm": config.num_perm,
        "shingle": config.shingle,
        "newslineage": {
            "sign_s": round(ours_sign, 3),
            "index_s": round(ours_index, 3),
            "recall": recall(ours),
            "recall_by_transform": by_transform(ours),
        },
        "datasketch": {
            "sign_s": round(theirs_sign, 3),
            "index_s": round(theirs_index, 3),
            "recall": recall(theirs),
            "recall_by_transform": by_transform(theirs),
        },
        "speedup": round((theirs_sign + theirs_index) / max(ours_sign + ours_index, 1e-9), 2),
    }


def run_lexical(folder: Path) -> dict[str, Any]:
    """Only the lexical comparison on one collection, in this (fresh) process: no scan."""
    from newslineage.config import ScanConfig
    from newslineage.ingest import ingest

    config = ScanConfig()
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    articles = list(ingest([folder / "articles"], config.ingest).articles)
    return {
        "articles": len(articles),
        "lexical": lexical_comparison(articles, truth, config.candidates.lsh_threshold),
    }


class StagePeaks:
    """Peak proportional set size of this process, alone and with its workers, per stage.

    A thread samples twice a second while the scan runs; ``timer`` tells it the stage.
    """

    def __init__(self) -> None:
        from newslineage.pipeline import _Timer

        self.stage = "ingest"
        self.peaks: dict[str, tuple[float, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        peaks = self

        class Timer(_Timer):
            @contextmanager
            def stage(self, name: str) -> Iterator[None]:
                peaks.stage = name
                with super().stage(name):
                    yield

        self.timer = Timer()

    def _sample(self) -> None:
        while not self._stop.is_set():
            own, tree = tree_pss(os.getpid())
            before = self.peaks.get(self.stage, (0.0, 0.0))
            self.peaks[self.stage] = (max(before[0], own), max(before[1], tree))
            time.sleep(0.5)

    def __enter__(self) -> StagePeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_one(folder: Path, skip_datasketch: bool, low_memory: bool = False) -> dict[str, Any]:
    """The full scan of one collection, in this (fresh) process; ``low_memory`` as ``scan --low-memory``."""
    from newslineage.config import ScanConfig, TextConfig
    from newslineage.ingest import ingest
    from newslineage.pipeline import scan_articles

    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    copies = truth_copy_pairs(truth)
    config = ScanConfig(text=TextConfig(low_memory=low_memory))
    start = time.perf_counter()
    with StagePeaks() as peaks:
        # ``pipeline.scan`` without its checkpoint option, with a timer that names the stage.
        with peaks.timer.stage("ingest"):
            read = ingest([folder / "articles"], config.ingest)
        result = scan_articles(
            read.articles, config, rejected=read.rejected, notes=read.notes, timer=peaks.timer
        )
    seconds = time.perf_counter() - start
    found = {tuple(sorted((r.a, r.b))) for r in result.relations if r.is_copy}
    out: dict[str, Any] = {
        "articles": len(result.documents),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(result.documents) / seconds, 2),
        "peak_mb": round(peak_mb(), 1),
        "timings": dict(result.timings),
        "stage_peak_mb": {k: [round(own), round(tree)] for k, (own, tree) in peaks.peaks.items()},
        "pipeline_recall": round(len(copies & found) / len(copies), 4) if copies else 0.0,
        # Two copies of one original rightly relate: only pairs outside a family are errors.
        "pipeline_precision": round(len(truth_family_pairs(truth) & found) / len(found), 4) if found else 0.0,
    }
    if not skip_datasketch:
        articles = list(ingest([folder / "articles"], result.config.ingest).articles)
        out["lexical"] = lexical_comparison(articles, truth, result.config.candidates.lsh_threshold)
    return out


def exponents(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for small, large in itertools.pairwise([r for r in rows if "seconds" in r]):
        ratio = large["articles"] / small["articles"]
        slope = math.log(large["seconds"] / small["seconds"]) / math.log(ratio)
        stages = {
            name: round(math.log(large["timings"][name] / small["timings"][name]) / math.log(ratio), 2)
            for name in small["timings"]
            if small["timings"][name] >= 0.05 and large["timings"].get(name, 0) > 0
        }
        out.append(
            {
                "from": small["articles"],
                "to": large["articles"],
                "exponent": round(slope, 3),
                "stages": stages,
            }
        )
    return out


def print_table(rows: list[dict[str, Any]], growth: list[dict[str, Any]]) -> None:
    print(f"{'articles':>9} {'seconds':>8} {'art/s':>7} {'peak MB':>8} {'with workers':>12}  stages (s)")
    for r in (r for r in rows if "timings" in r):
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r["timings"].items())
        print(
            f"{r['articles']:>9} {r['seconds']:>8.1f} {r['articles_per_s']:>7.1f} {r['peak_mb']:>8.0f}"
            f" {r.get('peak_all_mb', 0):>12.0f}  {stages}"
        )
    for r in (r for r in rows if "stage_peak_mb" in r):
        by_stage = ", ".join(f"{k} {own}/{tree}" for k, (own, tree) in r["stage_peak_mb"].items())
        print(f"{r['articles']:>9} peak MB by stage, scan/with workers: {by_stage}")
    for g in growth:
        by_stage = ", ".join(f"{k} {v:.2f}" for k, v in g.get("stages", {}).items())
        print(f"growth exponent {g['from']} -> {g['to']}: {g['exponent']:.2f} ({by_stage})")
    for r in rows:
        lex = r.get("lexical")
        if lex:
            ours, theirs = lex["newslineage"], lex["datasketch"]
            print(
                f"{r['articles']:>9} lexical stage: newslineage sign {ours['sign_s']:.2f} s + index "
                f"{ours['index_s']:.2f} s, recall {ours['recall']:.3f} | datasketch sign {theirs['sign_s']:.2f} s"
                f" + index {theirs['index_s']:.2f} s, recall {theirs['recall']:.3f} | "
                f"{lex['speedup']:.1f}x faster"
                + (f" | full pipeline recall {r['pipeline_recall']:.3f}" if "pipeline_recall" in r else "")
            )
            for name in ours["recall_by_transform"]:
                print(
                    f"{'':>9}   {name:<17} recall newslineage {ours['recall_by_transform'][name]:.3f}"
                    f" | datasketch {theirs['recall_by_transform'][name]:.3f}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="where collections are written")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "speed.json")
    parser.add_argument("--skip-datasketch", action="store_true", help="scan only, no lexical comparison")
    parser.add_argument(
        "--lexical-only",
        action="store_true",
        help="the lexical comparison only, no scan (minutes, not hours)",
    )
    parser.add_argument(
        "--low-memory", action="store_true", help="scan as `newslineage scan --low-memory` does"
    )
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # internal: one scan, JSON on stdout
    args = parser.parse_args()
    if args.skip_datasketch and args.lexical_only:
        parser.error("--skip-datasketch and --lexical-only together leave nothing to measure")
    if args.run:
        print(
            json.dumps(
                run_lexical(args.run)
                if args.lexical_only
                else run_one(args.run, args.skip_datasketch, args.low_memory)
            )
        )
        return 0
    rows = []
    for n in args.sizes:
        print(f"{n} articles...", file=sys.stderr)
        folder = make_collection(args.work, n, args.seed)
        cmd = [sys.executable, __file__, "--run", str(folder)]
        cmd += ["--skip-datasketch"] * args.skip_datasketch + ["--lexical-only"] * args.lexical_only
        cmd += ["--low-memory"] * args.low_memory
        stdout, peak_all = run_measured(cmd)
        row = json.loads(stdout.strip().splitlines()[-1])
        if "seconds" in row:
            row["peak_all_mb"] = round(peak_all, 1)
        rows.append(row)
        # Written after every size: a long run that is stopped keeps what it measured.
        args.out.parent.mkdir(parents=True, exist_ok=True)
        growth = exponents(rows)
        args.out.write_text(json.dumps({"sizes": rows, "growth": growth}, indent=2) + "\n", encoding="utf-8")
    print_table(rows, exponents(rows))
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
