"""A test-only hook that makes tasks fail once, to show that Spark's retries duplicate nothing.

``NEWSLINEAGE_SPARK_FAIL_ONCE`` in a Python worker's environment (set it with
``spark.executorEnv.NEWSLINEAGE_SPARK_FAIL_ONCE``) names points of the job, comma
separated: ``relate`` (aligning candidate pairs), ``story`` (lineage and findings per
story), ``write`` (converting rows for the Parquet writer). Every task passing a named
point fails on its first attempt, after handing on its first row, and succeeds when
Spark retries it. Spark retries a task only when allowed to: ``local[N,F]`` masters
with F >= 2, or ``spark.task.maxFailures`` on a cluster. Unset, the hook does nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TypeVar

#: The environment variable naming the points whose tasks fail on their first attempt.
FAIL_ONCE = "NEWSLINEAGE_SPARK_FAIL_ONCE"

T = TypeVar("T")


class InjectedFailure(RuntimeError):
    """The failure ``NEWSLINEAGE_SPARK_FAIL_ONCE`` asked for."""


def _armed(point: str) -> bool:
    named = {p.strip() for p in os.environ.get(FAIL_ONCE, "").split(",") if p.strip()}
    if not named & {point}:
        return False
    from pyspark import TaskContext

    context = TaskContext.get()
    return context is not None and context.attemptNumber() == 0


def fail_once(rows: Iterable[T], point: str) -> Iterator[T]:
    """``rows`` unchanged, unless ``point`` is armed: then the first attempt fails after one row."""
    armed = _armed(point)
    for row in rows:
        yield row
        if armed:
            raise InjectedFailure(f"{FAIL_ONCE} names {point!r}: this task's first attempt fails")
