"""Pairs of documents brought together with both their documents, each sent once where it is needed.

The candidate bound and alignment read both documents of every pair. Shipping the
documents along with each pair (a join per side) moves a document once per pair it is
in, and a join in PySpark gathers its whole partition in the Python worker, spilling
it to disk past ``spark.python.worker.memory``. Here each pair goes to its first
document's partition, and each document is sent once to every other partition whose
pairs name it. There the pairs are read, then the partition's own documents, then
those sent to it; a pair is worked on as soon as both its documents are read, and each
document's reads (views, anchors, content keys) are worked out once for all its pairs
there, as the local scan works them out once per document.

The documents are ``keyed`` by index under Spark's default partitioner (``job.run``
keeps them so). Every step is a union of RDDs under that partitioner, which Spark reads
partition by partition, its parents in turn: no document crosses a shuffle it does not
need to, and the pairs of a partition arrive before its documents.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from pyspark import RDD


class Indexed(Protocol):
    """A document's record, which knows its place in id order."""

    @property
    def index(self) -> int: ...


D = TypeVar("D", bound=Indexed)
T = TypeVar("T")
#: (first index, second index, what the pair carries): the first document's partition works on it.
Pair = tuple[int, int, Any]


class OrderError(RuntimeError):
    """Spark read a union's parents out of turn: the pairs of a partition did not come first."""


def home(index: int, parts: int) -> int:
    """The partition of document ``index`` under Spark's default partitioner (``partitionBy``)."""
    from pyspark.rdd import portable_hash

    part: int = portable_hash(index) % parts
    return part


def gathered(keyed: RDD[tuple[int, D]], pairs: RDD[Pair]) -> RDD[tuple[int, Any]]:
    """Each pair in its first document's partition, followed there by the documents its pairs name.

    A partition reads its pairs, its own documents, then those sent to it; ``met`` reads
    it. A document moves at most once per partition, and not at all to its own.
    """
    parts = keyed.getNumPartitions()
    where = functools.partial(home, parts=parts)
    asked = pairs.mapPartitions(lambda part: _requests(part, where)).partitionBy(parts)
    shipped = _union(asked, keyed).mapPartitions(_ship).partitionBy(parts)
    placed = pairs.map(lambda p: (where(p[0]), p)).partitionBy(parts)
    return _union(placed, keyed, shipped)


def _union(*rdds: RDD[Any]) -> RDD[Any]:
    """The RDDs' partitions side by side: partition k of the union reads partition k of each, in turn."""
    out = functools.reduce(lambda x, y: x.union(y), rdds)
    # Under one partitioner Spark unites partition by partition; else it would put them end to end.
    if out.getNumPartitions() != rdds[0].getNumPartitions():
        raise RuntimeError("the RDDs to meet are not partitioned alike; key them with partitionBy(parts)")
    return out


def _requests(pairs: Iterable[Pair], where: Any) -> Iterator[tuple[int, int]]:
    """(second document, partition that needs it) for pairs whose documents live apart, once each."""
    asked = {(j, where(i)) for i, j, _ in pairs if where(i) != where(j)}
    yield from sorted(asked)


def _ship(records: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """(partition, document) for each request of this partition: the requests first, then the documents."""
    asked: dict[int, set[int]] = {}
    documents = False
    for key, value in records:
        if isinstance(value, int):
            if documents:
                raise OrderError("a request for a document came after the documents")
            asked.setdefault(key, set()).add(value)
        else:
            documents = True
            for part in sorted(asked.get(key, ())):
                yield part, value


def met(records: Iterable[tuple[int, Any]], read: Callable[[Any], T]) -> Iterator[tuple[Pair, T, T]]:
    """Each pair of a partition of ``gathered`` with ``read`` of its first and second documents.

    ``read`` runs once per document a pair names, as it arrives (what a pair needs of a
    document, worked out once for all its pairs). A document is held only while a pair
    of it waits for the other: the partition's own documents come before those sent to
    it, so a sent document is used as it arrives and let go, and the task holds its own
    documents, not every document its pairs name.
    """
    pairs: list[Pair] = []
    waiting: dict[int, list[int]] = {}  # document -> its pairs, by position
    arrived = bytearray()  # per pair: how many of its two documents were read
    held: dict[int, T] = {}
    pending: dict[int, int] = {}  # held document -> its pairs still waiting for the other
    seen: set[int] = set()
    for _, value in records:
        if isinstance(value, tuple):
            if seen:
                raise OrderError("a pair came after the documents: Spark read a union out of turn")
            for end in {value[0], value[1]}:
                waiting.setdefault(end, []).append(len(pairs))
            pairs.append(value)
            arrived.append(0)
            continue
        k = value.index
        if k in seen or k not in waiting:
            seen.add(k)
            continue
        seen.add(k)
        here = read(value)
        left = 0
        for q in waiting.pop(k):
            arrived[q] += 1
            if arrived[q] == 1:
                left += 1
                continue
            i, j, _ = pair = pairs[q]
            other = j if i == k else i
            yield (pair, here, held[other]) if i == k else (pair, held[other], here)
            pending[other] -= 1
            if not pending[other]:
                del held[other], pending[other]
        if left:
            held[k], pending[k] = here, left
    if held or arrived.count(2) != len(arrived):
        raise RuntimeError("a candidate pair names a document that is not in the collection")
