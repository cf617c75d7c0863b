"""The index's rows as records: chunks of an ``IN (...)``, sentence keys, stored documents.

Shared by the store (``store``, ``reads``) and the modules that read and write tables
directly (``lookup``, ``reach``, ``write``...).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from newslineage.align import SideView
from newslineage.direction import Verdict
from newslineage.embed import Matrix, Table
from newslineage.index import records
from newslineage.models import Document

DIM = 512
#: A stored direction verdict with what it was decided with (``lineage.Verdicts``).
Decided = tuple[tuple[bool, bool], float, Verdict]

T = TypeVar("T")


def in_chunks(values: Sequence[T], size: int = 500) -> Iterator[tuple[list[T], str]]:
    """``values`` ``size`` at a time, each chunk with its ``?,?,...`` placeholders for an ``IN (...)``.

    SQLite builds before 3.32 bind at most 999 parameters a statement.
    """
    for start in range(0, len(values), size):
        chunk = list(values[start : start + size])
        yield chunk, ",".join("?" * len(chunk))


def sentence_key(text: str) -> int:
    """A sentence's key: a 64-bit digest of its text with whitespace normalized, as the embedding
    stage normalizes it before embedding (``embed.embed_unique``)."""
    digest = hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def sentence_rows(key: int, doc: Document) -> list[tuple[int, int, int]]:
    """(sentence key, document key, row in the document's stored vectors) of each content sentence."""
    return [(sentence_key(doc.sentence_text(s)), key, row) for row, s in enumerate(doc.content)]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as the index holds it: the record, its key, vectors and story."""

    key: int
    document: Document
    vectors: Table
    vector: Matrix
    story: str | None

    def view(self) -> SideView:
        rows = tuple(s.index for s in self.document.content)
        return SideView(self.document, rows, self.vectors, np.arange(len(rows), dtype=np.int32))


DOC_COLUMNS = "key, id, meta, text, language, sentences, anchors, vectors, vector, story"


def sentence_table(blob: bytes, dtype: type[np.float16] | type[np.float32]) -> Table:
    """A document's stored sentence vectors, one row each, in the precision they were stored in."""
    if dtype is np.float16:
        half: npt.NDArray[np.float16] = np.frombuffer(blob, dtype=np.float16).reshape(-1, DIM)
        return half
    full: Matrix = np.frombuffer(blob, dtype=np.float32).reshape(-1, DIM)
    return full


def stored_document(row: sqlite3.Row, dtype: type[np.float16] | type[np.float32]) -> StoredDocument:
    article = records.article_from(row["id"], row["text"], row["meta"])
    doc = Document(
        article,
        row["language"],
        records.sentences_from(row["sentences"]),
        records.anchors_from(row["anchors"]),
    )
    vectors = sentence_table(row["vectors"], dtype)
    vector = np.frombuffer(row["vector"], dtype=np.float32)
    return StoredDocument(row["key"], doc, vectors, vector, row["story"])
