"""Worker processes that read a large, read-only context without copying it.

The alignment stage needs every document and the table of sentence vectors:
hundreds of megabytes at 100,000 articles. Sending them to each worker would
cost more than the work; forked workers read them in place instead, since a
fork shares the parent's memory until either side writes to it. Where the
platform cannot fork, the work runs in the calling process.

A fork shares pages only while nobody writes to them, and Python writes to an
object whenever it reads it (its reference count) or the garbage collector visits
it. The parent's objects are therefore frozen (``gc.freeze``) while its forks run,
which the collector then leaves alone. Two ways to run the forks:

- By default ``workers - 1`` forks live for the whole map, and the calling process
  takes tasks too: a fork reads, task after task, nearly every document, and holds
  a copy of the pages it read (1.1 GB at 100,000 articles), but a fork saved is a
  copy saved, and the pages copied once stay copied.
- With ``per_fork`` (``TextConfig.low_memory``) every run of ``per_fork`` tasks gets
  a fork of its own, ``workers`` of them at a time, ended with its run, while the
  calling process waits: a fork copies what its run reads and no more, and the
  calling process, idle, writes to none of the pages its forks share. Pages are
  copied again by every fork that reads them, which costs time.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from newslineage.errors import WorkerError

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

#: The function and context of a long-lived worker process, set by ``_start`` in forked workers
#: only: each task is sent as its small argument alone.
_CALL: dict[str, Any] = {}


class Shared(Generic[C, T, R]):
    """``function(context, task)`` over tasks, in ``workers`` forked processes when that is possible."""

    def __init__(
        self, function: Callable[[C, T], R], context: C, workers: int, *, per_fork: int | None = None
    ) -> None:
        if per_fork is not None and per_fork < 1:
            raise ValueError(f"Shared: per_fork must be 1 or more, got {per_fork}")
        self.function = function
        self.context = context
        self.workers = workers
        #: Consecutive tasks a fork runs before it ends (None: forks live for the whole map).
        #: More keep what a fork learns as it works (caches) for longer; fewer bound what it copies.
        self.per_fork = per_fork

    def map(self, tasks: Iterable[T]) -> Iterator[R]:
        """Results in the order of ``tasks``, each yielded as soon as it and those before it are done.

        One run of tasks (one task unless ``per_fork`` is set), or one worker, runs in the
        calling process alone.
        """
        tasks = list(tasks)
        per_fork = self.per_fork or 1
        runs = [tasks[k : k + per_fork] for k in range(0, len(tasks), per_fork)]
        if self.workers <= 1 or len(runs) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            for task in tasks:
                yield self.function(self.context, task)
            return
        # The forks inherit a frozen heap: their collector leaves the parent's objects alone.
        gc.freeze()
        try:
            if self.per_fork is None:
                yield from self._beside(tasks)
            else:
                for run in self._fresh(runs):
                    yield from run
        finally:
            gc.unfreeze()

    def _beside(self, tasks: list[T]) -> Iterator[R]:
        """``tasks``' results in order from ``workers - 1`` long-lived forks, the caller taking the
        next task itself whenever the one due is still running in the pool."""
        pool = ProcessPoolExecutor(
            max_workers=self.workers - 1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(self.function, self.context),
        )
        queued: dict[int, Future[R]] = {}
        done: dict[int, R] = {}
        taken = 0  # tasks before this one are queued, done or yielded
        ahead = 2 * (self.workers - 1)  # a task per worker running and one waiting
        try:
            for due in range(len(tasks)):
                while True:
                    while taken < len(tasks) and sum(not f.done() for f in queued.values()) < ahead:
                        queued[taken] = pool.submit(_call, tasks[taken])
                        taken += 1
                    if due in done:
                        yield done.pop(due)
                        break
                    if due in queued and (queued[due].done() or taken == len(tasks)):
                        yield queued.pop(due).result()
                        break
                    # The task due is running: the caller does the next one meanwhile.
                    done[taken] = self.function(self.context, tasks[taken])
                    taken += 1
        except BrokenProcessPool:  # a fork was killed (the out-of-memory killer): say so, as _Fork does
            pool.shutdown(wait=False, cancel_futures=True)
            raise WorkerError.ended("the pool of long-lived workers broke") from None
        except BaseException:  # Ctrl-C, or the consumer stopped: drop the queued tasks
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def _fresh(self, runs: list[list[T]]) -> Iterator[list[R]]:
        """Each run's results in order, from a fork of its own, ``workers`` at a time, at most
        ``2 * workers`` runs ahead of the one due."""
        running: dict[int, _Fork[list[R]]] = {}
        done: dict[int, list[R]] = {}
        taken = 0  # runs before this one are running, done or yielded
        try:
            for due in range(len(runs)):
                while due not in done:
                    while (
                        taken < len(runs) and len(running) < self.workers and taken < due + 2 * self.workers
                    ):
                        running[taken] = _Fork(self._run_all, runs[taken])
                        taken += 1
                    ready = wait([fork.receive for fork in running.values()])
                    for index, fork in list(running.items()):
                        if fork.receive in ready:
                            done[index] = running.pop(index).result()
                yield done.pop(due)
        finally:
            # Ctrl-C, a failed task, or the consumer stopped: the other forks are not waited for.
            for fork in running.values():
                fork.stop()

    def _run_all(self, run: list[T]) -> list[R]:
        return [self.function(self.context, task) for task in run]


class _Fork(Generic[R]):
    """One task in a forked process of its own; its result comes back through a pipe."""

    def __init__(self, function: Callable[[Any], R], task: Any) -> None:
        fork = multiprocessing.get_context("fork")
        self.receive, send = fork.Pipe(duplex=False)
        # A fork inherits the function, its context and the task: none of them is pickled.
        self.process = fork.Process(target=_run, args=(send, function, task), daemon=True)
        self.process.start()
        send.close()  # the child's end: the pipe reports the end of file if the child dies

    def result(self) -> R:
        """The task's result, or its exception raised here."""
        try:
            status, value = self.receive.recv()
        except EOFError:
            self.process.join()
            raise WorkerError.ended(f"exit code {self.process.exitcode}") from None
        finally:
            self.receive.close()
        self.process.join()
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]  # what the task's function returned

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.receive.close()


def _run(send: Connection, function: Callable[[Any], Any], task: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the scan and says so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        message: tuple[str, Any] = ("ok", function(task))
    except BaseException as error:  # the parent raises it
        message = ("error", error)
    try:
        send.send(message)
    except Exception as error:  # an unpicklable result or exception: say what it was
        send.send(("error", WorkerError(f"a worker's result could not be sent back: {error!r}")))
    send.close()


def _start(function: Callable[[Any, Any], Any], context: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the scan and says so.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _CALL["call"] = (function, context)


def _call(task: Any) -> Any:
    function, context = _CALL["call"]
    return function(context, task)
