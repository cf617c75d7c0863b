"""Reading the index's records back: documents, relations, stories, lineage, verdicts, findings.

``Store`` (``store``) opens the folder and writes; these are its reads, each a few
statements with ``IN (...)`` chunks, whatever the number of articles asked for.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

import numpy as np

from newslineage.embed import Matrix, Table
from newslineage.index import records
from newslineage.index.rows import (
    DOC_COLUMNS,
    Decided,
    StoredDocument,
    in_chunks,
    sentence_table,
    stored_document,
)
from newslineage.models import Document, Finding, LineageEdge, LineageNode, Relation


class Reads:
    """The reads of an open index (``Store``): its connection and sentence precision are the store's."""

    #: How the index stores sentence vectors.
    sentence_dtype: type[np.float16] | type[np.float32]

    def connection(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # the store's (``Store.connection``)

    def documents(self, ids: Iterable[str]) -> dict[str, StoredDocument]:
        return {
            row["id"]: stored_document(row, self.sentence_dtype) for row in self._document_rows("id", ids)
        }

    def records(self, ids: Iterable[str]) -> dict[str, Document]:
        """The document records alone, without their vectors (whose pages are most of a row)."""
        wanted = sorted(set(ids))
        out: dict[str, Document] = {}
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                sql = f"SELECT id, meta, text, language, sentences, anchors FROM documents WHERE id IN ({marks})"
                for row in db.execute(sql, chunk):
                    article = records.article_from(row["id"], row["text"], row["meta"])
                    out[row["id"]] = Document(
                        article,
                        row["language"],
                        records.sentences_from(row["sentences"]),
                        records.anchors_from(row["anchors"]),
                    )
        return out

    def related(self, ids: Iterable[str]) -> set[str]:
        """The articles related to any of ``ids`` (``ids`` with relations among them), relations undecoded."""
        wanted = sorted(set(ids))
        out: set[str] = set()
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted, 400):  # the chunk is bound twice
                sql = f"SELECT a, b FROM relations WHERE a IN ({marks}) OR b IN ({marks})"
                for a, b in db.execute(sql, chunk + chunk):
                    out.update((a, b))
        return out

    def documents_by_key(self, keys: Iterable[int]) -> dict[int, StoredDocument]:
        return {
            row["key"]: stored_document(row, self.sentence_dtype) for row in self._document_rows("key", keys)
        }

    def _document_rows(self, column: str, values: Iterable[str] | Iterable[int]) -> list[sqlite3.Row]:
        """Document rows whose ``column`` (``id`` or ``key``) is one of ``values``, 500 per query."""
        wanted = sorted(set(values))  # type: ignore[type-var]  # ids or keys, never both
        rows: list[sqlite3.Row] = []
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                rows += db.execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE {column} IN ({marks})", chunk)
        return rows

    def sentence_vectors(self, keys: Iterable[int]) -> dict[int, Matrix]:
        """Stored vectors of the sentences whose key (``sentence_key``) is in the index."""
        wanted = sorted(set(keys))
        where: dict[int, tuple[int, int]] = {}
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                # Any document holding the sentence will do: the lowest key, so the answer is fixed.
                sql = f"SELECT hash, MIN(doc), row FROM sentence_keys WHERE hash IN ({marks}) GROUP BY hash"
                where.update((r[0], (r[1], r[2])) for r in db.execute(sql, chunk))
            blobs: dict[int, Table] = {}
            docs = sorted({doc for doc, _ in where.values()})
            for chunk, marks in in_chunks(docs):
                sql = f"SELECT key, vectors FROM documents WHERE key IN ({marks})"
                for r in db.execute(sql, chunk):
                    blobs[r[0]] = sentence_table(r[1], self.sentence_dtype)
        return {key: blobs[doc][row].astype(np.float32) for key, (doc, row) in where.items() if doc in blobs}

    def sentence_blob(self, vectors: Matrix) -> bytes:
        """A document's sentence vectors as this index stores them."""
        return np.ascontiguousarray(vectors, dtype=self.sentence_dtype).tobytes()

    def all_ids(self) -> list[str]:
        with self.connection() as db:
            return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]

    def hashes(self, ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        out = {}
        with self.connection() as db:
            for chunk, marks in in_chunks(ids):
                for row in db.execute(f"SELECT id, key, hash FROM documents WHERE id IN ({marks})", chunk):
                    out[row[0]] = (row[1], row[2])
        return out

    def relations_of(self, ids: Iterable[str], *, within: bool = False) -> list[tuple[Relation, bool]]:
        """Relations touching ``ids`` (both sides in ``ids`` when ``within``), with their composed flag."""
        wanted = sorted(set(ids))
        keep = set(wanted)
        found: dict[tuple[str, str], tuple[Relation, bool]] = {}
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted, 400):  # the chunk is bound twice
                sql = f"SELECT a, b, composed, data FROM relations WHERE a IN ({marks}) OR b IN ({marks})"
                for a, b, composed, data in db.execute(sql, chunk + chunk):
                    # Decoding a relation (its passages) is the cost: only the wanted ones are.
                    if (a, b) not in found and (not within or (a in keep and b in keep)):
                        found[(a, b)] = (records.relation_from(a, b, data), bool(composed))
        return [v for _, v in sorted(found.items())]

    def stories_of(self, ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(ids))
        out: set[str] = set()
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                sql = f"SELECT DISTINCT story FROM documents WHERE id IN ({marks}) AND story IS NOT NULL"
                out.update(r[0] for r in db.execute(sql, chunk))
        return out

    def stories_held(self, ids: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Each of ``ids`` that is in a story: its story's id and the story's stored size."""
        wanted = sorted(set(ids))
        out: dict[str, tuple[str, int]] = {}
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                sql = (
                    "SELECT d.id, s.id, s.size FROM documents d JOIN stories s ON s.id = d.story "
                    f"WHERE d.id IN ({marks})"
                )
                out.update((r[0], (r[1], int(r[2]))) for r in db.execute(sql, chunk))
        return out

    def members(self, stories: Iterable[str]) -> set[str]:
        wanted = sorted(set(stories))
        out: set[str] = set()
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                out.update(
                    r[0] for r in db.execute(f"SELECT id FROM documents WHERE story IN ({marks})", chunk)
                )
        return out

    def lineage_of(self, stories: Iterable[str]) -> tuple[list[LineageNode], list[LineageEdge]]:
        wanted = sorted(set(stories))
        nodes, edges = [], []
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                for row in db.execute(f"SELECT id, story, data FROM nodes WHERE story IN ({marks})", chunk):
                    nodes.append(records.node_from(row[0], row[1], row[2]))
                for row in db.execute(
                    f"SELECT parent, child, data FROM edges WHERE story IN ({marks})", chunk
                ):
                    edges.append(records.edge_from(row[0], row[1], row[2]))
        return nodes, edges

    def edges_to(self, children: Iterable[str]) -> list[LineageEdge]:
        """The stored lineage edges whose child is one of ``children`` (one each at most)."""
        out = []
        with self.connection() as db:
            for chunk, marks in in_chunks(sorted(set(children))):
                sql = f"SELECT parent, child, data FROM edges WHERE child IN ({marks})"
                out += [records.edge_from(r[0], r[1], r[2]) for r in db.execute(sql, chunk)]
        return out

    def nodes_named(self, ids: Iterable[str]) -> list[LineageNode]:
        """The stored lineage nodes of ``ids`` that exist."""
        out = []
        with self.connection() as db:
            for chunk, marks in in_chunks(sorted(set(ids))):
                sql = f"SELECT id, story, data FROM nodes WHERE id IN ({marks})"
                out += [records.node_from(r[0], r[1], r[2]) for r in db.execute(sql, chunk)]
        return out

    def verdicts_of(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Decided]:
        """The stored direction verdicts (``lineage.Verdicts``) of ``pairs`` that have one."""
        wanted = sorted(set(pairs))
        firsts = sorted({a for a, _ in wanted})
        out: dict[tuple[str, str], Decided] = {}
        keep = set(wanted)
        with self.connection() as db:
            for chunk, marks in in_chunks(firsts):
                for a, b, data in db.execute(f"SELECT a, b, data FROM verdicts WHERE a IN ({marks})", chunk):
                    if (a, b) in keep:
                        out[(a, b)] = records.verdict_from(data)
        return out

    def findings_of(self, ids: Iterable[str]) -> list[Finding]:
        wanted = sorted(set(ids))
        out = []
        with self.connection() as db:
            for chunk, marks in in_chunks(wanted):
                for row in db.execute(
                    f"SELECT document, data FROM findings WHERE document IN ({marks})", chunk
                ):
                    out.append(records.finding_from(row[0], row[1]))
        return out
