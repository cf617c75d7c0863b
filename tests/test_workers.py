"""``workers.Shared``: results in task order, from long-lived forks beside the caller or a fork per run."""

from __future__ import annotations

import gc
import os
import signal
import time

import pytest

from newslineage.errors import WorkerError
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


def test_with_per_fork_each_run_has_a_fork_of_its_own() -> None:
    found = list(Shared(_square_where, {"offset": 0}, workers=2, per_fork=4).map(range(10)))
    assert [value for value, _ in found] == [t * t for t in range(10)]
    pids = [pid for _, pid in found]
    # Runs of four consecutive tasks, the last one shorter: three forks, none of them this
    # process, so that what a fork copies of what it reads ends with its run.
    assert [len(set(pids[k : k + 4])) for k in (0, 4, 8)] == [1, 1, 1]
    assert len(set(pids)) == 3
    assert os.getpid() not in pids
    assert not gc.get_freeze_count()


def test_per_fork_must_be_positive() -> None:
    with pytest.raises(ValueError, match="per_fork must be 1 or more, got 0"):
        Shared(_square_where, {}, workers=2, per_fork=0)


def _fails_on_three(context: None, task: int) -> int:
    if task == 3:
        raise ValueError(f"task {task}")
    return task


@pytest.mark.parametrize("per_fork", [None, 1])
def test_a_failing_task_stops_the_map_with_its_error(per_fork: int | None) -> None:
    with pytest.raises(ValueError, match="task 3"):
        list(Shared(_fails_on_three, None, workers=2, per_fork=per_fork).map(range(8)))
    assert not gc.get_freeze_count()


def _killed_on_two(context: None, task: int) -> int:
    if task == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # what the kernel's out-of-memory killer does
    return task


def test_a_killed_fork_is_an_error_that_says_so() -> None:
    with pytest.raises(WorkerError, match="ended without its result"):
        list(Shared(_killed_on_two, None, workers=2, per_fork=1).map(range(6)))
    assert not gc.get_freeze_count()


def _killed_outside(parent: int, task: int) -> int:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # every fork dies; the calling process goes on
    return task


def test_a_killed_long_lived_fork_is_the_same_error() -> None:
    # The pool's own BrokenProcessPool names no cause; the scan says what _Fork says.
    with pytest.raises(
        WorkerError, match=r"ended without its result \(the pool of long-lived workers broke\)"
    ):
        list(Shared(_killed_outside, os.getpid(), workers=2).map(range(6)))
    assert not gc.get_freeze_count()


def test_a_fork_of_its_own_reads_the_context_in_place() -> None:
    # A lambda cannot be pickled: the forks inherit the function and context as they are.
    context = {"offset": 5, "unpicklable": lambda: None}
    found = list(Shared(lambda c, t: t + c["offset"], context, workers=2, per_fork=1).map(range(5)))
    assert found == [5, 6, 7, 8, 9]
