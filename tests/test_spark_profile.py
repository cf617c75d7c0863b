"""bench/spark_profile.py on an event log of known tasks: slot occupancy and CPU per stage."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from spark_profile import Sample, kind_of, profile


def _task(stage: int, launch: float, finish: float) -> dict[str, Any]:
    return {
        "Event": "SparkListenerTaskEnd",
        "Stage ID": stage,
        "Task Info": {"Launch Time": int(launch * 1000), "Finish Time": int(finish * 1000)},
        "Task Metrics": {"Executor Run Time": int((finish - launch) * 1000), "JVM GC Time": 100},
    }


def _stage(stage: int, site: str) -> dict[str, Any]:
    return {"Event": "SparkListenerStageSubmitted", "Stage Info": {"Stage ID": stage, "Stage Name": site}}


def test_occupancy_and_cpu_per_stage(tmp_path: Path) -> None:
    # 0-10 s: nothing runs (start-up); 10-20 s: two tasks of stage 1; 20-30 s: one task of stage 2.
    events = [
        {"Event": "SparkListenerApplicationStart", "Timestamp": 0},
        _stage(1, "collect at job.py:10"),
        _stage(2, "count at graph.py:20"),
        _task(1, 10, 20),
        _task(1, 10, 20),
        _task(2, 20, 30),
        {"Event": "SparkListenerApplicationEnd", "Timestamp": 30_000},
    ]
    log = tmp_path / "app"
    log.write_text("\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8")
    # Cumulative CPU: the JVM starts up alone, then the workers run both stages.
    samples: list[Sample] = [
        (0.0, {"driver": 0.0, "jvm": 0.0, "workers": 0.0}),
        (10.0, {"driver": 1.0, "jvm": 6.0, "workers": 0.0}),
        (20.0, {"driver": 1.0, "jvm": 8.0, "workers": 18.0}),
        (30.0, {"driver": 2.0, "jvm": 9.0, "workers": 27.0}),
    ]
    got = profile(log, samples, cores=2)
    assert got["occupancy"] == {
        "seconds_0_busy": 10.0,
        "seconds_1_busy": 10.0,
        "seconds_2_busy": 10.0,
        "span_seconds": 30.0,
        "slot_busy_share": 0.5,
    }
    assert got["cpu_by_process"] == {"driver": 2.0, "jvm": 9.0, "workers": 27.0}
    assert got["cpu_outside_tasks"] == {"driver": 2.0, "jvm": 6.0, "workers": 0.0}
    first, second = got["by_call_site"]["job.py:10"], got["by_call_site"]["graph.py:20"]
    assert (first["tasks"], first["task_seconds"], first["longest_task"]) == (2, 20.0, 10.0)
    assert first["cpu_seconds"] == pytest.approx(20.0) and first["gc_seconds"] == pytest.approx(0.2)
    assert second["cpu_seconds"] == pytest.approx(10.0)


def test_processes_are_told_apart_by_command_line() -> None:
    assert kind_of(10, 10, b"python\0bench/spark_speed.py") == "driver"
    assert kind_of(11, 10, b"/usr/lib/jvm/java-17/bin/java\0-cp\0x") == "jvm"
    assert kind_of(12, 10, b"/venv/bin/python\0-m\0pyspark.daemon") == "workers"
