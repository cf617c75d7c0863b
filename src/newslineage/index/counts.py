"""What the index counts across everything it holds: word pairs (spin) and furniture lines.

A scan counts these over its whole collection; the index keeps the counts in tables
(``word_pairs``, ``lines``) and reads the ones a batch or a query needs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence

from newslineage import spin, text
from newslineage.index.store import in_chunks
from newslineage.models import Article, Document


class WordPairs(Mapping[tuple[str, str], int]):
    """Word-pair document counts of the whole index, read on demand (0 when absent).

    ``extra`` adds the counts of documents that are not in the index (a query's article):
    the counts are then those of the collection the scan would see. The counts of
    ``docs``' own pairs of content words (``spin.content_pairs``), which
    ``spin.spin_reports`` reads every one of, are read at once, a few hundred a statement; the synonym twins it reads of the rare ones, one at a
    time (reading every twin of every pair up front cost an add more than it saved). Each
    count is read once.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        extra: Mapping[tuple[str, str], int] | None = None,
        *,
        docs: Sequence[Document] = (),
    ) -> None:
        self._db = db
        self._extra = extra or {}
        keys = sorted({" ".join(p) for doc in docs for p in spin.content_pairs(doc)})
        self._read: dict[str, int] = dict.fromkeys(keys, 0)
        for chunk, marks in in_chunks(keys):
            self._read.update(db.execute(f"SELECT pair, docs FROM word_pairs WHERE pair IN ({marks})", chunk))

    def __getitem__(self, pair: tuple[str, str]) -> int:
        key = " ".join(pair)
        stored = self._read.get(key)
        if stored is None:
            row = self._db.execute("SELECT docs FROM word_pairs WHERE pair=?", (key,)).fetchone()
            stored = self._read[key] = int(row[0]) if row else 0
        return stored + self._extra.get(pair, 0)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        raise TypeError("word-pair counts are looked up one pair at a time")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM word_pairs").fetchone()[0])


def learned_furniture(
    db: sqlite3.Connection, articles: Sequence[Article], min_docs: int, *, record: bool
) -> frozenset[str]:
    """Furniture lines: keys seen in ``min_docs`` different surroundings across the index and ``articles``."""
    contexts = {c for article in articles for c in text.line_contexts(article)}
    if record:
        db.executemany("INSERT OR IGNORE INTO lines VALUES (?,?,?)", sorted(contexts))
    keys = sorted({k for k, _, _ in contexts})
    seen: dict[str, set[tuple[str, str]]] = {}
    for chunk, marks in in_chunks(keys):
        for key, before, after in db.execute(
            f"SELECT key, before, after FROM lines WHERE key IN ({marks})", chunk
        ):
            seen.setdefault(key, set()).add((before, after))
    for key, before, after in contexts:
        seen.setdefault(key, set()).add((before, after))
    return frozenset(k for k, ctx in seen.items() if len(ctx) >= min_docs)
