"""What the index counts across everything it holds: word pairs (spin), furniture lines, MinHash values.

A scan counts these over its whole collection; the index keeps the counts in tables
(``word_pairs``, ``lines``, ``minhash_values``) and reads the ones a batch or a query needs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from newslineage import spin, text
from newslineage.index.rows import in_chunks
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


def line_keys(article: Article) -> list[str]:
    """The keys of ``article``'s short lines, the lines furniture is learned from (``text.line_contexts``)."""
    return sorted({key for key, _, _ in text.line_contexts(article)})


def post_lines(db: sqlite3.Connection, doc: int, article: Article) -> None:
    """Record which short lines the stored document ``doc`` carries (table ``line_docs``)."""
    db.executemany("INSERT OR IGNORE INTO line_docs VALUES (?,?)", [(k, doc) for k in line_keys(article)])


def ready_postings(db: sqlite3.Connection, stored: Callable[[], Iterator[tuple[int, Article]]]) -> None:
    """Fill ``line_docs`` for an index written before it existed (once; later adds keep it)."""
    if db.execute("SELECT 1 FROM meta WHERE key='line_docs'").fetchone():
        return
    for doc, article in stored():
        post_lines(db, doc, article)
    db.execute("INSERT OR IGNORE INTO meta VALUES ('line_docs', '1')")


def crossing(db: sqlite3.Connection, articles: Sequence[Article], min_docs: int) -> set[str]:
    """Line keys ``articles`` make furniture: seen in fewer than ``min_docs`` surroundings across the
    index, in ``min_docs`` or more with them. Call before their surroundings are recorded."""
    batch: dict[str, set[tuple[str, str]]] = {}
    for article in articles:
        for key, before, after in text.line_contexts(article):
            batch.setdefault(key, set()).add((before, after))
    stored: dict[str, set[tuple[str, str]]] = {}
    for chunk, marks in in_chunks(sorted(batch)):
        for key, before, after in db.execute(
            f"SELECT key, before, after FROM lines WHERE key IN ({marks})", chunk
        ):
            stored.setdefault(key, set()).add((before, after))
    return {
        key
        for key, seen in batch.items()
        if len(stored.get(key, ())) < min_docs <= len(stored.get(key, set()) | seen)
    }


def carrying(db: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    """The ids of the stored documents that carry any of the line ``keys``."""
    out: set[str] = set()
    for chunk, marks in in_chunks(sorted(set(keys))):
        sql = (
            "SELECT DISTINCT d.id FROM line_docs l JOIN documents d ON d.key = l.doc "
            f"WHERE l.key IN ({marks})"
        )
        out.update(r[0] for r in db.execute(sql, chunk))
    return out


def minhash_up(db: sqlite3.Connection, signature: npt.NDArray[np.uint32]) -> None:
    """Count one more article holding each (position, value) of ``signature`` (``lookup.common_positions``)."""
    db.executemany(
        "INSERT INTO minhash_values VALUES (?,?,1) ON CONFLICT(position, value) DO UPDATE SET docs = docs + 1",
        list(enumerate(signature.tolist())),
    )


def minhash_down(db: sqlite3.Connection, signature: npt.NDArray[np.uint32]) -> None:
    """Count one article fewer; a value no article holds any more leaves the table."""
    rows = list(enumerate(signature.tolist()))
    db.executemany("UPDATE minhash_values SET docs = docs - 1 WHERE position=? AND value=?", rows)
    db.executemany("DELETE FROM minhash_values WHERE position=? AND value=? AND docs <= 0", rows)
