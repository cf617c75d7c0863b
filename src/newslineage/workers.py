"""Worker processes that read a large, read-only context without copying it.

The alignment stage needs every document and the table of sentence vectors:
hundreds of megabytes at 100,000 articles. Sending them to each worker would
cost more than the work; forked workers read them in place instead, since a
fork shares the parent's memory until either side writes to it. Where the
platform cannot fork, the work runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

#: The function and context of a worker process, set by ``_start`` in forked workers only: each
#: task is sent as its small argument alone.
_CALL: dict[str, Any] = {}


class Shared(Generic[C, T, R]):
    """``function(context, task)`` over tasks, in ``workers`` forked processes when that is possible."""

    def __init__(self, function: Callable[[C, T], R], context: C, workers: int) -> None:
        self.function = function
        self.context = context
        self.workers = workers

    def map(self, tasks: Iterable[T]) -> Iterator[R]:
        """Results in the order of ``tasks``, each yielded as soon as it and those before it are done.

        One task, or one worker, runs in the calling process: a fork would not pay.
        """
        tasks = list(tasks)
        if self.workers <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                yield self.function(self.context, task)
            return
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(self.function, self.context),
        )
        try:
            yield from pool.map(_run, tasks)
        except BaseException:  # Ctrl-C, or the consumer stopped: drop the queued tasks
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()


def _start(function: Callable[[Any, Any], Any], context: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the scan and says so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CALL["call"] = (function, context)


def _run(task: Any) -> Any:
    function, context = _CALL["call"]
    return function(context, task)
