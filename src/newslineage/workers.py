"""Worker processes that read a large, read-only context without copying it.

The alignment stage needs every document and the table of sentence vectors:
hundreds of megabytes at 100,000 articles. Sending them to each worker would
cost more than the work; forked workers read them in place instead, since a
fork shares the parent's memory until either side writes to it. Where the
platform cannot fork, the work runs in the calling process.

A fork shares pages only while nobody writes to them, and Python writes to an
object whenever the garbage collector visits it: a worker's first full
collection would touch every object of the parent and copy the whole heap into
the worker. The parent's objects are therefore frozen (``gc.freeze``) for the
workers' lifetime, which the collector then leaves alone; the workers still copy
the pages of the objects they read (reference counts), not the rest.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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

        The calling process works too, beside ``workers - 1`` forked ones: each fork
        copies the pages of the objects it reads, as much as the whole collection at
        100,000 articles, while the caller already holds them. One task, or one
        worker, runs in the calling process alone.
        """
        tasks = list(tasks)
        if self.workers <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                yield self.function(self.context, task)
            return
        # The workers fork when the first task is submitted: with the heap frozen.
        gc.freeze()
        pool = ProcessPoolExecutor(
            max_workers=self.workers - 1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(self.function, self.context),
        )
        try:
            yield from self._beside(pool, tasks)
        except BaseException:  # Ctrl-C, or the consumer stopped: drop the queued tasks
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            gc.unfreeze()
        pool.shutdown()

    def _beside(self, pool: ProcessPoolExecutor, tasks: list[T]) -> Iterator[R]:
        """``tasks``' results in order: the pool kept busy, the caller taking the next task
        itself whenever the one due is still running in the pool."""
        queued: dict[int, Future[R]] = {}
        done: dict[int, R] = {}
        taken = 0  # tasks before this one are queued, done or yielded
        ahead = 2 * (self.workers - 1)  # a task per worker running and one waiting
        for due in range(len(tasks)):
            while True:
                while taken < len(tasks) and sum(not f.done() for f in queued.values()) < ahead:
                    queued[taken] = pool.submit(_run, tasks[taken])
                    taken += 1
                if due in done:
                    yield done.pop(due)
                    break
                if due in queued and (queued[due].done() or taken == len(tasks)):
                    yield queued.pop(due).result()
                    break
                # The task due is running, or not taken yet: the caller does the next one meanwhile.
                done[taken] = self.function(self.context, tasks[taken])
                taken += 1


def _start(function: Callable[[Any, Any], Any], context: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the scan and says so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CALL["call"] = (function, context)


def _run(task: Any) -> Any:
    function, context = _CALL["call"]
    return function(context, task)
