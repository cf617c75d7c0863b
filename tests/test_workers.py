"""``workers.Shared``: results in task order, the calling process working beside its forks."""

from __future__ import annotations

import gc
import os
import time

import pytest

from newslineage.workers import Shared


def _square_where(context: dict[str, int], task: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough for the pool to be busy when the next task is due
    return task * task + context["offset"], os.getpid()


def test_results_come_in_task_order_from_the_caller_and_its_fork() -> None:
    tasks = list(range(24))
    found = list(Shared(_square_where, {"offset": 1}, workers=2).map(tasks))
    assert [value for value, _ in found] == [t * t + 1 for t in tasks]
    pids = {pid for _, pid in found}
    # Two processes for two workers: this one and one fork, not two forks beside an idle caller.
    assert os.getpid() in pids
    assert len(pids) == 2
    assert not gc.get_freeze_count()  # the heap is frozen for the forks only


def test_one_worker_runs_everything_here() -> None:
    found = list(Shared(_square_where, {"offset": 0}, workers=1).map(range(3)))
    assert found == [(0, os.getpid()), (1, os.getpid()), (4, os.getpid())]


def _fails_on_three(context: None, task: int) -> int:
    if task == 3:
        raise ValueError(f"task {task}")
    return task


def test_a_failing_task_stops_the_map_with_its_error() -> None:
    with pytest.raises(ValueError, match="task 3"):
        list(Shared(_fails_on_three, None, workers=2).map(range(8)))
    assert not gc.get_freeze_count()
