"""Time and topic for the index's stories: what ``topics.topics_of`` gives a scan, read from the index.

A scan hands ``stories.group_stories`` the publication days, the document vectors and the
candidate pairs of its collection (``topics``): a ``same_story`` link between articles
months apart does not count, and stories in different languages about one topic join.
The index keeps each article's candidates as its best list (table ``best``,
``index.bounds``); the scan keeps a pair when it is in the best list of either side, so
the pairs of those lists are the scan's candidate pairs.

Only dated articles take part (``topics_of`` keeps only pairs of two dated articles), so
an undated collection reads nothing here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

from newslineage.index.rows import in_chunks
from newslineage.models import Document
from newslineage.topics import Topics, Vector, published_day


def dated(docs: Iterable[Document]) -> dict[str, int]:
    """The publication day of each dated document (``topics.published_day``)."""
    return {d.id: day for d in docs if (day := published_day(d.article.published)) is not None}


def neighbours(db: sqlite3.Connection, ids: Iterable[str]) -> set[tuple[str, str]]:
    """The candidate pairs (best-list entries) with a side in ``ids``, each in id order."""
    wanted = sorted(set(ids))
    out: set[tuple[str, str]] = set()
    for chunk, marks in in_chunks(wanted):
        owned = (
            f"SELECT d.id, b.partner FROM documents d JOIN best b ON b.owner = d.key WHERE d.id IN ({marks})"
        )
        listed = (
            f"SELECT d.id, b.partner FROM best b JOIN documents d ON d.key = b.owner "
            f"WHERE b.partner IN ({marks})"
        )
        for sql in (owned, listed):
            out.update((min(a, b), max(a, b)) for a, b in db.execute(sql, chunk))
    return out


def topics(db: sqlite3.Connection, docs: Sequence[Document]) -> Topics | None:
    """``Topics`` of ``docs`` as a scan of the whole index would give them, or None when none is dated.

    With no dated article, time and topic change nothing (``stories.group_stories``): the
    vectors are then not read.
    """
    days = dated(docs)
    if not days:
        return None
    ids = [d.id for d in docs]
    pairs = sorted((a, b) for a, b in neighbours(db, days) if a in days and b in days)
    return Topics(
        days=days,
        languages={d.id: d.language for d in docs},
        vectors=_vectors(db, ids),
        neighbours=pairs,
    )


def _vectors(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Vector]:
    """The stored document vectors of ``ids`` (the scan's: the unit mean of the sentence vectors)."""
    out: dict[str, Vector] = {}
    for chunk, marks in in_chunks(sorted(ids)):
        sql = f"SELECT d.id, v.vector FROM documents d JOIN doc_vectors v ON v.key = d.key WHERE d.id IN ({marks})"
        out.update((i, np.frombuffer(blob, dtype=np.float32)) for i, blob in db.execute(sql, chunk))
    return out
