"""Where a Spark run's time and CPU went: per stage, in the task threads, and outside them.

``bench/spark_speed.py`` samples the CPU of the job's processes twice a second (the
driver's Python, the JVM, the Python workers) and keeps Spark's event log. This module
reads both:

- the task slots' occupancy: of the run's span (the application's start to its end),
  the share with every slot busy, with some idle, and with none running a task (the
  driver between stages: planning, collects, its own Python; and the JVM's start-up);
- per stage (by call site): tasks, task seconds (``Executor Run Time``, which includes
  the Python worker's time), the JVM's part that Spark measures (deserializing, GC,
  serializing results, shuffle fetch waits and writes), and the CPU seconds sampled
  while its tasks ran. Spark does not measure a Python worker's CPU per task, so each
  sample's CPU is shared among the stages of the tasks running then, by task count;
  CPU spent while no task runs is counted as outside the tasks.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

#: A CPU sample: (epoch seconds, cumulative CPU seconds per process kind).
Sample = tuple[float, dict[str, float]]
KINDS = ("driver", "jvm", "workers")


def kind_of(pid: int, root: int, cmdline: bytes) -> str:
    """Which part of a Spark run a process is: its driver, its JVM or a Python worker."""
    if pid == root:
        return "driver"
    if b"pyspark.daemon" in cmdline or b"pyspark.worker" in cmdline:
        return "workers"
    if cmdline.split(b"\0", 1)[0].endswith(b"java"):
        return "jvm"
    return "driver"  # anything else the driver started (none expected)


def read_log(log: Path) -> dict[str, Any]:
    """Tasks (stage, launch, finish, metrics), stage call sites and the application's span."""
    tasks: list[dict[str, Any]] = []
    names: dict[int, str] = {}
    span = [0.0, 0.0]
    for line in log.open(encoding="utf-8"):
        event = json.loads(line)
        kind = event.get("Event")
        if kind == "SparkListenerTaskEnd":
            info, metrics = event["Task Info"], event.get("Task Metrics") or {}
            shuffle_read = metrics.get("Shuffle Read Metrics") or {}
            shuffle_write = metrics.get("Shuffle Write Metrics") or {}
            jvm_ms = (
                metrics.get("Executor Deserialize Time", 0)
                + metrics.get("Result Serialization Time", 0)
                + shuffle_read.get("Fetch Wait Time", 0)
                + shuffle_write.get("Shuffle Write Time", 0) / 1e6
            )
            tasks.append(
                {
                    "stage": event["Stage ID"],
                    "launch": info["Launch Time"] / 1000,
                    "finish": info["Finish Time"] / 1000,
                    "run": metrics.get("Executor Run Time", 0) / 1000,
                    "gc": metrics.get("JVM GC Time", 0) / 1000,
                    "jvm_measured": jvm_ms / 1000,
                }
            )
        elif kind == "SparkListenerStageSubmitted":
            info = event["Stage Info"]
            names[info["Stage ID"]] = info["Stage Name"].split(" at ")[-1]
        elif kind == "SparkListenerApplicationStart":
            span[0] = event["Timestamp"] / 1000
        elif kind == "SparkListenerApplicationEnd":
            span[1] = event["Timestamp"] / 1000
    return {"tasks": tasks, "names": names, "span": span}


def occupancy(tasks: list[dict[str, Any]], span: list[float], cores: int) -> dict[str, float]:
    """Seconds of the span with 0, 1, ... task slots busy, and the busy share of all slots."""
    edges = sorted([(t["launch"], 1) for t in tasks] + [(t["finish"], -1) for t in tasks])
    start, end = span if span[1] > span[0] else (edges[0][0], edges[-1][0])
    held: dict[int, float] = defaultdict(float)
    running, last = 0, start
    for when, step in edges:
        held[min(running, cores)] += max(0.0, when - last)
        running, last = running + step, max(last, when)
    held[0] += max(0.0, end - last)
    total = end - start
    busy = sum(k * s for k, s in held.items())
    out = {f"seconds_{k}_busy": round(held.get(k, 0.0), 1) for k in range(cores + 1)}
    out.update(span_seconds=round(total, 1), slot_busy_share=round(busy / (cores * total), 3))
    return out


def _cpu_deltas(samples: list[Sample]) -> list[tuple[float, float, dict[str, float]]]:
    """(from, to, CPU seconds per kind) between consecutive samples."""
    out = []
    for (t0, c0), (t1, c1) in itertools.pairwise(samples):
        out.append((t0, t1, {k: max(0.0, c1.get(k, 0.0) - c0.get(k, 0.0)) for k in KINDS}))
    return out


def stage_cpu(tasks: list[dict[str, Any]], names: dict[int, str], samples: list[Sample]) -> dict[str, Any]:
    """CPU seconds per call site (JVM and workers, shared by running tasks), and outside the tasks."""
    per: dict[str, float] = defaultdict(float)
    outside: dict[str, float] = defaultdict(float)
    launches = sorted((t["launch"], k) for k, t in enumerate(tasks))
    starts = [s for s, _ in launches]
    for t0, t1, delta in _cpu_deltas(samples):
        # Tasks overlapping the interval, weighted by the overlap.
        weights: dict[str, float] = defaultdict(float)
        for _, k in launches[: bisect.bisect_right(starts, t1)]:
            t = tasks[k]
            overlap = min(t1, t["finish"]) - max(t0, t["launch"])
            if overlap > 0:
                weights[names.get(t["stage"], "?")] += overlap
        total = sum(weights.values())
        outside["driver"] += delta["driver"]
        for kind in ("jvm", "workers"):
            if total <= 0:
                outside[kind] += delta[kind]
                continue
            for name, w in weights.items():
                per[name] += delta[kind] * w / total
    return {"per_call_site": dict(per), "outside_tasks": dict(outside)}


def profile(log: Path, samples: list[Sample], cores: int) -> dict[str, Any]:
    """The run's occupancy, per-stage task time and CPU, and the CPU outside the tasks."""
    got = read_log(log)
    tasks, names = got["tasks"], got["names"]
    by_site: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for t in tasks:
        site = by_site[names.get(t["stage"], "?")]
        site["tasks"] += 1
        site["task_seconds"] += t["run"]
        site["gc_seconds"] += t["gc"]
        site["jvm_measured_seconds"] += t["jvm_measured"]
        site["longest_task"] = max(site["longest_task"], t["run"])
    cpu = stage_cpu(tasks, names, samples) if samples else {"per_call_site": {}, "outside_tasks": {}}
    for name, seconds in cpu["per_call_site"].items():
        by_site[name]["cpu_seconds"] += seconds
    total_cpu = {k: round(samples[-1][1].get(k, 0.0), 1) for k in KINDS} if samples else {}
    return {
        "occupancy": occupancy(tasks, got["span"], cores),
        "cpu_by_process": total_cpu,
        "cpu_outside_tasks": {k: round(v, 1) for k, v in cpu["outside_tasks"].items()},
        "by_call_site": {n: {k: round(v, 2) for k, v in s.items()} for n, s in by_site.items()},
    }


def describe(prof: dict[str, Any], shown: int) -> list[str]:
    """Lines for the bench's output: occupancy, CPU by process and outside tasks, the costliest stages."""
    occ = prof["occupancy"]
    held = ", ".join(f"{k[8:-5]} busy {v:.0f} s" for k, v in occ.items() if k.startswith("seconds_"))
    lines = [
        f"  task slots: {occ['slot_busy_share']:.1%} busy over {occ['span_seconds']:.0f} s ({held})",
        "  CPU by process: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in prof["cpu_by_process"].items())
        + "; outside any task: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in prof["cpu_outside_tasks"].items()),
    ]
    sites = sorted(prof["by_call_site"].items(), key=lambda kv: -kv[1].get("cpu_seconds", 0.0))
    lines.append(
        "  CPU s / task s / tasks by call site: "
        + ", ".join(
            f"{n} {s.get('cpu_seconds', 0):.1f}/{s['task_seconds']:.1f}/{s['tasks']:.0f}"
            for n, s in sites[:shown]
        )
    )
    return lines
