"""The Spark job's speed against the local scan, and what it shuffles and holds in memory.

For a synthetic collection of N articles (``newslineage synth``) it runs:

- the local scan (``pipeline.scan``, both cores), in a fresh process;
- the Spark job (``spark.job.run``) once per master, each in a fresh process with
  Spark's event log on, and reads from that log the shuffle bytes written, the bytes
  spilled to disk (the Python workers' groupings report theirs there too), the peak
  JVM heap and the peak resident memory of the Python workers (Spark's process-tree
  metrics), and the time of each stage;
- compares each Spark run's JSON report with the local scan's (timings aside).

It prints seconds, the stages and tasks Spark ran, the slowest stages by call site
(a stage's wall time: stages submitted together overlap), the local[1] -> local[2]
speedup, articles per second per core for Spark and for the local scan, and shuffle
volume and peak memory per 10,000 articles. For each Spark run it also prints where
the CPU went (``spark_profile``): how busy the task slots were (the share of the run
with every slot busy, some idle, none running a task), the CPU seconds of the driver,
the JVM and the Python workers, those spent while no task ran, and per call site the
CPU seconds, task seconds and tasks; on a shared machine these, not the wall times,
compare two runs.

With the exact neighbour search (up to ``--exact-up-to`` articles, the job's default
50,000) a report that differs from the local scan's in any section is a failure:
the exit status is 1. Above it (``--exact-up-to 0`` forces the hyperplane buckets)
the differences are expected, and the recall of the local scan's related pairs and
copy pairs is printed instead.

Usage: python bench/spark_speed.py [--articles 2000] [--seed 1] [--masters 'local[1]' 'local[2]']
                                   [--exact-up-to 50000] [--bucket-size 512] [--driver-memory 4g]
                                   [--conf KEY=VALUE ...]
                                   [--work DIR] [--out bench/results/spark.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import spark_profile

BENCH = Path(__file__).resolve().parent
#: Stages printed per run, slowest first (the --out file holds them all).
STAGES_SHOWN = 10


def make_collection(work: Path, n: int, seed: int) -> Path:
    from newslineage.synth import SynthConfig, write_collection

    out = work / f"synth-{n}-{seed}"
    if not (out / "truth.json").is_file():
        write_collection(out, SynthConfig(articles=n, seed=seed))
    return out


def child_local(collection: str, report: str) -> None:
    """In a fresh process: the local scan, its JSON report, its seconds."""
    from newslineage import report as rep
    from newslineage.pipeline import scan

    start = time.perf_counter()
    result = scan([collection])
    seconds = time.perf_counter() - start
    Path(report).write_text(rep.dumps(rep.to_json(result)), encoding="utf-8")
    print(json.dumps({"seconds": round(seconds, 2), "timings": dict(result.timings)}))


def child_spark(
    master: str,
    collection: str,
    report: str,
    events: str,
    exact_up_to: str,
    bucket_size: str,
    driver_memory: str,
    extra: str = "{}",
    partitions: str = "0",
) -> None:
    """In a fresh process: the Spark job with its event log, its JSON report, its seconds."""
    from newslineage.config import CandidateConfig, ScanConfig
    from newslineage.spark.job import SparkJob, run, write_json
    from newslineage.spark.neighbours import BucketSearch
    from newslineage.spark.session import start

    conf = {
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": Path(events).as_uri(),
        "spark.eventLog.logStageExecutorMetrics": "true",
        "spark.eventLog.compress": "false",  # read back as JSON lines below
        "spark.eventLog.rolling.enabled": "false",
        "spark.executor.metrics.pollingInterval": "500ms",
        # The JSON report is collected on the driver; 1 GB (the default) ran out at 20,000 articles.
        "spark.driver.memory": driver_memory,
        **json.loads(extra),
    }
    began = time.perf_counter()
    spark = start(master, conf)
    session = time.perf_counter() - began
    config = ScanConfig(candidates=CandidateConfig(exact_neighbours_up_to=int(exact_up_to)))
    job = SparkJob(
        (collection,),
        str(Path(report).with_suffix(".tables")),
        config,
        partitions=int(partitions),
        overwrite=True,
        search=BucketSearch(bucket_size=int(bucket_size)),
    )
    summary = run(job, spark, collect=True)
    assert summary.result is not None
    write_json(summary.result, report)
    spark.stop()
    print(
        json.dumps(
            {"seconds": summary.seconds, "session_seconds": round(session, 2), "counts": summary.counts}
        )
    )


def read_events(folder: Path) -> dict[str, Any]:
    """Shuffle bytes, peak memory and seconds per stage name, from one Spark event log."""
    (log,) = [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    shuffle = spilled = 0
    peaks: dict[str, int] = defaultdict(int)
    stages: dict[str, float] = defaultdict(float)
    count = {"stages": 0, "tasks": 0}
    for line in log.open(encoding="utf-8"):
        event = json.loads(line)
        kind = event.get("Event")
        if kind == "SparkListenerTaskEnd":
            count["tasks"] += 1
            metrics = event.get("Task Metrics") or {}
            shuffle += (metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            # Python workers report what their groupings spilled to disk here too.
            spilled += metrics.get("Disk Bytes Spilled", 0)
            _peaks(peaks, event.get("Task Executor Metrics") or {})
        elif kind == "SparkListenerStageExecutorMetrics":
            _peaks(peaks, event.get("Executor Metrics") or {})
        elif kind == "SparkListenerStageCompleted":
            info = event["Stage Info"]
            count["stages"] += 1  # stages run, not those skipped because their shuffle output existed
            if "Submission Time" in info and "Completion Time" in info:
                name = info["Stage Name"].split(" at ")[-1]
                stages[name] += (info["Completion Time"] - info["Submission Time"]) / 1000
    return {
        "shuffle_bytes": shuffle,
        "spilled_bytes": spilled,
        "peaks": dict(peaks),
        "stage_seconds": dict(stages),
        **count,
    }


def _peaks(peaks: dict[str, int], metrics: dict[str, int]) -> None:
    for key in ("JVMHeapMemory", "OnHeapExecutionMemory", "OffHeapExecutionMemory"):
        peaks[key] = max(peaks[key], int(metrics.get(key, 0)))


def same_report(a: Path, b: Path) -> list[str]:
    """The sections of two JSON reports that differ (timings aside)."""
    ra, rb = json.loads(a.read_text()), json.loads(b.read_text())
    return [k for k in ra if k != "timings" and ra[k] != rb.get(k)]


def pair_recall(local: Path, spark: Path) -> dict[str, Any]:
    """How many of the local scan's related pairs, and of its copy pairs, the Spark report has."""
    ra, rb = json.loads(local.read_text()), json.loads(spark.read_text())

    def pairs(report: dict[str, Any], copies: bool) -> set[tuple[str, str]]:
        return {(r["a"], r["b"]) for r in report["relations"] if not copies or r["relation"] != "same_story"}

    out: dict[str, Any] = {}
    for name, copies in (("relations", False), ("copies", True)):
        want, got = pairs(ra, copies), pairs(rb, copies)
        out[name] = {
            "local": len(want),
            "spark": len(got),
            "recall": round(len(want & got) / max(1, len(want)), 4),
        }
    return out


def run_child(*args: str) -> dict[str, Any]:
    """Run this script as a child; its last line of output, and the peak RSS of its Spark Python workers.

    Spark's own process-tree metrics come back empty in local mode, so the workers
    (``pyspark.daemon`` processes under the child) are read from /proc twice a second.
    """
    child = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    peak = {"worker": 0, "all_workers": 0}
    spent: dict[int, tuple[str, float]] = {}
    samples: list[spark_profile.Sample] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            sizes = [rss for pid, rss in _workers(child.pid)]
            peak["worker"] = max([peak["worker"], *sizes])
            peak["all_workers"] = max(peak["all_workers"], sum(sizes))
            for pid, (kind, seconds) in _tree_cpu(child.pid).items():
                spent[pid] = (kind, max(spent.get(pid, (kind, 0.0))[1], seconds))
            by_kind: dict[str, float] = defaultdict(float)
            for kind, seconds in spent.values():
                by_kind[kind] += seconds
            samples.append((time.time(), dict(by_kind)))

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = child.communicate()
    done.set()
    watcher.join()
    if child.returncode:
        raise SystemExit(f"child {args} failed with exit code {child.returncode}")
    got = dict(json.loads(out.strip().splitlines()[-1]))
    got["python_worker_peak_bytes"] = peak
    # What the run kept busy: a local[1] job is one task slot, not one core (its JVM and driver
    # run beside it). Sampled twice a second, so the last half second of each process is missed.
    got["cpu_seconds"] = round(sum(seconds for _, seconds in spent.values()), 1)
    got["cpu_samples"] = samples
    return got


def _tree_cpu(root: int) -> dict[int, tuple[str, float]]:
    """(kind, CPU seconds, user and system) spent so far by ``root`` and every process under it."""
    parent: dict[int, int] = {}
    spent: dict[int, tuple[str, float]] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended while being read
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        spent[pid] = (spark_profile.kind_of(pid, root, cmdline), (int(fields[11]) + int(fields[12])) / ticks)
    return {pid: seconds for pid, seconds in spent.items() if pid == root or _under(pid, root, parent)}


def _under(pid: int, root: int, parent: dict[int, int]) -> bool:
    while pid > 1:
        if pid == root:
            return True
        pid = parent.get(pid, 0)
    return False


def _workers(root: int) -> list[tuple[int, int]]:
    """(pid, resident bytes) of the pyspark worker processes descending from ``root``."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended while being read
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parent[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        if b"pyspark.daemon" in cmdline and "VmRSS" in fields:
            rss[int(entry.name)] = int(fields["VmRSS"].split()[0]) * 1024

    return [(pid, size) for pid, size in rss.items() if _under(pid, root, parent)]


def cores(master: str) -> int:
    from newslineage.spark.session import _local_cores

    return _local_cores(master)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument(
        "--skip-local",
        action="store_true",
        help="do not run the local scan; compare with the report of an earlier run in --work, if there is one",
    )
    parser.add_argument(
        "--exact-up-to",
        type=int,
        default=50_000,
        help="the job's exact_neighbours_up_to (0: the hyperplane buckets at any size)",
    )
    parser.add_argument("--bucket-size", type=int, default=512, help="the buckets' BucketSearch.bucket_size")
    parser.add_argument(
        "--driver-memory",
        default="4g",
        help="spark.driver.memory: the report is collected there (default 4g)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="the job's partitions for every master (default 0: one per core, more for large input)",
    )
    parser.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting for the job's runs (repeatable), as spark-submit --conf takes it",
    )
    parser.add_argument("--work", type=Path, default=None, help="folder for the collection and outputs")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "spark.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "local":
            child_local(*args.child[1:])
        else:
            child_spark(*args.child[1:])
        return 0
    from newslineage.spark.session import parse_conf

    extra = parse_conf(args.conf)
    work = args.work or Path(tempfile.mkdtemp(prefix="newslineage-spark-bench-"))
    collection = make_collection(work, args.articles, args.seed) / "articles"
    n = args.articles
    result: dict[str, Any] = {
        "articles": n,
        "seed": args.seed,
        "conf": extra,
        "partitions": args.partitions,
        "runs": {},
    }
    local_report = work / "local.json"
    if not args.skip_local:
        local_report.unlink(missing_ok=True)
        local = run_child("--child", "local", str(collection), str(local_report))
        del local["cpu_samples"]
        local["articles_per_s_per_core"] = round(n / local["seconds"] / 2, 2)
        result["local"] = local
        print(
            f"local scan: {local['seconds']:.1f} s, {local['cpu_seconds']:.0f} s of CPU, "
            f"{local['articles_per_s_per_core']} articles/s per core"
        )
        _save(args.out, result)
    for master in args.masters:
        tag = master.replace("[", "").replace("]", "").replace("*", "all").replace(",", "-")
        events = work / f"events-{tag}"
        events.mkdir(exist_ok=True)
        for old in events.iterdir():
            old.unlink()
        report = work / f"spark-{tag}.json"
        got = run_child(
            "--child", "spark", master, str(collection), str(report), str(events),
            str(args.exact_up_to), str(args.bucket_size), args.driver_memory, json.dumps(extra), str(args.partitions),
        )  # fmt: skip
        got.update(read_events(events))
        (log,) = [p for p in events.rglob("*") if p.is_file() and not p.name.startswith(".")]
        got["profile"] = spark_profile.profile(log, got.pop("cpu_samples"), cores(master))
        got["articles_per_s_per_core"] = round(n / got["seconds"] / cores(master), 2)
        got["shuffle_mb_per_10k"] = round(got["shuffle_bytes"] / 1e6 * 10_000 / n, 1)
        got["differs_from_local"] = (
            same_report(local_report, report) if local_report.is_file() else ["(no local report)"]
        )
        if local_report.is_file():
            got["pair_recall"] = pair_recall(local_report, report)
        result["runs"][master] = got
        print(
            f"spark {master}: {got['seconds']:.1f} s, {got['cpu_seconds']:.0f} s of CPU "
            f"({got['cpu_seconds'] / got['seconds']:.2f} cores busy), {got['stages']} stages, {got['tasks']} tasks, "
            f"{got['articles_per_s_per_core']} articles/s per core, "
            f"shuffle {got['shuffle_mb_per_10k']} MB per 10k articles, spilled to disk "
            f"{got['spilled_bytes'] / 1e6:.0f} MB, peak Python worker "
            f"{got['python_worker_peak_bytes']['worker'] / 1e6:.0f} MB "
            f"(all workers {got['python_worker_peak_bytes']['all_workers'] / 1e6:.0f} MB), JVM heap "
            f"{got['peaks'].get('JVMHeapMemory', 0) / 1e6:.0f} MB; report differs from local in: "
            f"{got['differs_from_local'] or 'nothing'}"
        )
        slowest = sorted(got["stage_seconds"].items(), key=lambda kv: -kv[1])[:STAGES_SHOWN]
        print("  stage seconds by call site: " + ", ".join(f"{name} {s:.1f}" for name, s in slowest))
        print("\n".join(spark_profile.describe(got["profile"], STAGES_SHOWN)))
        if "pair_recall" in got:
            recall = got["pair_recall"]
            print(
                f"  of the local scan's pairs: relations {recall['relations']['recall']:.2%} "
                f"({recall['relations']['local']} local, {recall['relations']['spark']} on Spark), copies "
                f"{recall['copies']['recall']:.2%} ({recall['copies']['local']} local, {recall['copies']['spark']} on Spark)"
            )
        _save(args.out, result)  # a long run keeps what it measured so far
    runs = result["runs"]
    if "local[1]" in runs and "local[2]" in runs:
        result["speedup_2_over_1"] = round(runs["local[1]"]["seconds"] / runs["local[2]"]["seconds"], 2)
        print(f"local[2] over local[1]: {result['speedup_2_over_1']}x")
    _save(args.out, result)
    print(f"results in {args.out}")
    exact = args.articles <= args.exact_up_to
    differing = [m for m, got in runs.items() if got["differs_from_local"]]
    if exact and differing:
        # With the exact neighbour search the job must give the local scan's report, byte for byte.
        print(f"FAILED: the report of {', '.join(differing)} differs from the local scan's", file=sys.stderr)
        return 1
    return 0


def _save(out: Path, result: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
