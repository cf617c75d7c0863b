"""What lets the service answer queries side by side while its writes stay one at a time.

Reads of SQLite are safe in parallel (WAL, one connection per thread, see
``index.Store``) and so are searches of the vector index; a write changes the
in-memory vector index before it commits, so a query must not search it while a
write is under way in the same process. ``Gate`` lets any number of queries in
at once and a write alone; a waiting write goes before queries that arrive after
it, so a steady stream of queries cannot hold writes back. The model is one
object shared by all: ``SerialEncoder`` lets one caller use it at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from newslineage.embed import Encoder, Matrix


class Gate:
    """Many readers or one writer; writers first once they wait."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._turn:
            self._turn.wait_for(lambda: not self._writing and not self._waiting_writers)
            self._readers += 1
        try:
            yield
        finally:
            with self._turn:
                self._readers -= 1
                self._turn.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._turn:
            self._waiting_writers += 1
            self._turn.wait_for(lambda: not self._writing and not self._readers)
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._turn:
                self._writing = False
                self._turn.notify_all()


class SerialEncoder:
    """An ``Encoder`` that lets one thread at a time into ``encoder`` (its lazy loading and
    BLAS threads are not meant to be shared); the rest of a query runs beside it."""

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self._lock = threading.Lock()
        self.dim = encoder.dim

    def encode(self, texts: Sequence[str]) -> Matrix:
        with self._lock:
            return self._encoder.encode(texts)
