"""The index folder: SQLite (WAL) for records, one vector file for document vectors.

SQLite holds everything, the document vectors included; the vector file
(``vectors-G.usearch``) is a search structure over them, written after each
committed batch under the batch's generation number ``G`` and renamed into place.
A reader that finds no file of the current generation (a writer was killed
between its commit and the file) rebuilds it from SQLite, so a crash at any
moment leaves an index that opens and answers: a batch is in the index entirely
or not at all.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast

import numpy as np

from newslineage.embed import Matrix
from newslineage.errors import IndexStoreError
from newslineage.index.reads import Reads
from newslineage.index.rows import (
    DIM,
    DOC_COLUMNS,
    sentence_rows,
    stored_document,
)
from newslineage.vectors import VectorIndex, new_index, open_index

DB = "index.sqlite"
SCHEMA_VERSION = "1"
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    key INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, hash TEXT NOT NULL,
    meta TEXT NOT NULL, text TEXT NOT NULL, language TEXT NOT NULL, sentences BLOB NOT NULL,
    anchors TEXT NOT NULL, vectors BLOB NOT NULL, vector BLOB NOT NULL, site TEXT,
    story TEXT, added REAL NOT NULL);
CREATE INDEX IF NOT EXISTS documents_story ON documents(story);
CREATE INDEX IF NOT EXISTS documents_site ON documents(site);
CREATE TABLE IF NOT EXISTS doc_vectors(key INTEGER PRIMARY KEY, vector BLOB NOT NULL, reach REAL);
CREATE INDEX IF NOT EXISTS doc_vectors_reach ON doc_vectors(reach);
CREATE TABLE IF NOT EXISTS signatures(key INTEGER PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lsh(band INTEGER NOT NULL, bucket INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS lsh_bucket ON lsh(band, bucket);
CREATE INDEX IF NOT EXISTS lsh_doc ON lsh(doc);
CREATE TABLE IF NOT EXISTS anchors(anchor TEXT NOT NULL, doc INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS anchors_anchor ON anchors(anchor);
CREATE INDEX IF NOT EXISTS anchors_doc ON anchors(doc);
CREATE TABLE IF NOT EXISTS word_pairs(pair TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS minhash_values(position INTEGER NOT NULL, value INTEGER NOT NULL,
    docs INTEGER NOT NULL, PRIMARY KEY(position, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lines(key TEXT, before TEXT, after TEXT, PRIMARY KEY(key, before, after))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS line_docs(key TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS line_docs_doc ON line_docs(doc);
CREATE TABLE IF NOT EXISTS relations(a TEXT NOT NULL, b TEXT NOT NULL, relation TEXT NOT NULL,
    composed INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS relations_b ON relations(b);
CREATE TABLE IF NOT EXISTS stories(id TEXT PRIMARY KEY, title TEXT NOT NULL, size INTEGER NOT NULL,
    first TEXT NOT NULL, latest TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stories_latest ON stories(latest);
CREATE TABLE IF NOT EXISTS nodes(id TEXT PRIMARY KEY, story TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_story ON nodes(story);
CREATE TABLE IF NOT EXISTS edges(child TEXT PRIMARY KEY, parent TEXT NOT NULL, story TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS edges_story ON edges(story);
CREATE TABLE IF NOT EXISTS verdicts(a TEXT NOT NULL, b TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS verdicts_b ON verdicts(b);
CREATE TABLE IF NOT EXISTS best(owner INTEGER NOT NULL, score REAL NOT NULL, partner TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS best_owner ON best(owner);
CREATE INDEX IF NOT EXISTS best_partner ON best(partner);
CREATE TABLE IF NOT EXISTS findings(document TEXT NOT NULL, story TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document);
CREATE INDEX IF NOT EXISTS findings_story ON findings(story);
CREATE TABLE IF NOT EXISTS sentence_keys(hash INTEGER NOT NULL, doc INTEGER NOT NULL, row INTEGER NOT NULL,
    PRIMARY KEY(hash, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sentence_keys_doc ON sentence_keys(doc);
"""


class Store(Reads):
    """One open index folder. Readers and one writer may use it from several threads."""

    def __init__(self, folder: Path, *, create: bool = False) -> None:
        self.folder = Path(folder)
        if not (self.folder / DB).exists():
            if not create:
                raise IndexStoreError(
                    f"{self.folder}: no index here (expected {DB}); create one with "
                    f"'newslineage index add PATH --index {self.folder}'"
                )
            self.folder.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()
        self.write_lock = threading.Lock()
        with self.connection() as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('generation', '0')")
            # Sentence vectors come from the embedding stage's float16 table, so float16 keeps
            # them exactly, in half the space (they are most of an index). Indexes written before
            # hold them as float32 and go on so: an index is read and written in one precision.
            empty = db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
            db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('sentence_vectors', ?)",
                ("float16" if empty else "float32",),
            )
            precision = db.execute("SELECT value FROM meta WHERE key='sentence_vectors'").fetchone()[0]
            found = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0]
        if found != SCHEMA_VERSION:
            raise IndexStoreError(
                f"{self.folder}: index schema {found}, this version reads {SCHEMA_VERSION}; "
                "build the index again into a new folder ('newslineage index add PATH --index NEW')"
            )
        if precision not in ("float16", "float32"):
            raise IndexStoreError(
                f"{self.folder}: sentence vectors stored as {precision!r}, not float16 or float32"
            )
        #: How this index stores sentence vectors (``sentence_blob``).
        self.sentence_dtype: type[np.float16] | type[np.float32] = (
            np.float16 if precision == "float16" else np.float32
        )
        self._copy_vectors()
        self._key_sentences()
        self._vectors: VectorIndex | None = None
        self._generation = -1
        self._sites: tuple[int, frozenset[str]] | None = None
        self._committed: dict[str, tuple[int, object]] = {}

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (autocommit; writers open their own transaction)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.folder / DB, timeout=60, isolation_level=None)
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA journal_mode=WAL")
                # NORMAL in WAL mode: a commit survives a killed process (only power loss can undo it).
                db.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.DatabaseError as exc:
                raise IndexStoreError(f"{self.folder / DB}: not an index database ({exc})") from exc
            self._local.db = db
        yield db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One writer's transaction: committed whole, or rolled back whole."""
        with self.write_lock, self.connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                self.discard_vectors()
                raise
            gen = self.generation(db) + 1
            db.execute("UPDATE meta SET value=? WHERE key='generation'", (str(gen),))
            db.execute("COMMIT")
            self._save_vectors(gen)

    def _copy_vectors(self) -> None:
        """Fill ``doc_vectors`` for an index written before it existed (once; the Indexer then
        computes the reaches).

        Document vectors are read far more often than the rest of a row (every candidate's,
        and the articles a newcomer may enter), and in ``documents`` they sit behind the
        sentence vectors' overflow pages: a row of their own reads one page.
        """
        with self.write_lock, self.connection() as db:
            if db.execute("SELECT 1 FROM meta WHERE key='doc_vectors'").fetchone():
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("INSERT OR IGNORE INTO doc_vectors(key, vector) SELECT key, vector FROM documents")
                db.execute("INSERT OR IGNORE INTO meta VALUES ('doc_vectors', '1')")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _key_sentences(self) -> None:
        """Fill ``sentence_keys`` for an index written before it existed (once; later adds keep it)."""
        with self.connection() as db:
            if db.execute("SELECT 1 FROM meta WHERE key='sentence_keys'").fetchone():
                return
        with self.write_lock, self.connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                for row in db.execute(f"SELECT {DOC_COLUMNS} FROM documents").fetchall():
                    stored = stored_document(row, self.sentence_dtype)
                    db.executemany(
                        "INSERT OR IGNORE INTO sentence_keys VALUES (?,?,?)",
                        sentence_rows(stored.key, stored.document),
                    )
                db.execute("INSERT OR IGNORE INTO meta VALUES ('sentence_keys', '1')")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def generation(self, db: sqlite3.Connection) -> int:
        return int(db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])

    # Vectors ---------------------------------------------------------------------------------

    def vectors(self) -> VectorIndex:
        """The vector index of the committed state, reloaded when another process committed."""
        with self.connection() as db:
            gen = self.generation(db)
        with self._lock:
            if self._vectors is None or gen != self._generation:
                self._vectors = self._load_vectors(gen)
                self._generation = gen
            return self._vectors

    def _vector_path(self, gen: int, kind: VectorIndex) -> Path:
        suffix = ".npz" if type(kind).__name__ == "ExactIndex" else ".usearch"
        return self.folder / f"vectors-{gen}{suffix}"

    def _load_vectors(self, gen: int) -> VectorIndex:
        empty = new_index(DIM)
        path = self._vector_path(gen, empty)
        if path.exists():
            try:
                return open_index(path, DIM)
            except Exception:
                pass
        with self.connection() as db:
            rows = db.execute("SELECT key, vector FROM doc_vectors ORDER BY key").fetchall()
        if rows:
            keys = np.array([r[0] for r in rows], dtype=np.int64)
            empty.add(keys, np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows]))
        return empty

    def stage_vectors(self, keys: np.ndarray, vectors: Matrix, removed: Iterable[int] = ()) -> None:
        """Change the in-memory index inside a writer's transaction (saved when it commits)."""
        index = self.vectors()
        with self._lock:
            index.remove(np.fromiter(removed, dtype=np.int64))
            index.add(keys, vectors)

    def discard_vectors(self) -> None:
        """Forget uncommitted vector changes (after a rollback)."""
        with self._lock:
            self._vectors, self._generation = None, -1

    def _save_vectors(self, gen: int) -> None:
        with self._lock:
            if self._vectors is None:
                self._vectors = self._load_vectors(gen)
            self._vectors.save(self._vector_path(gen, self._vectors))
            self._generation = gen
            for old in self.folder.glob("vectors-*"):
                if old.name != self._vector_path(gen, self._vectors).name and not old.name.endswith(".tmp"):
                    old.unlink(missing_ok=True)

    def sites(self) -> set[str]:
        """The collection's sites, lower case; read again only when a write committed since.

        While a write is under way the cache is neither used nor filled: the writer must see
        the sites of its own uncommitted batch.
        """
        writing = self.write_lock.locked()
        with self.connection() as db:
            gen = self.generation(db)
            cached = self._sites
            if not writing and cached is not None and cached[0] == gen:
                return set(cached[1])
            rows = db.execute(
                "SELECT DISTINCT lower(site) FROM documents WHERE site IS NOT NULL AND site != ''"
            )
            found = frozenset(r[0] for r in rows)
        if not writing:
            self._sites = (gen, found)
        return set(found)

    def committed(self, name: str, load: Callable[[sqlite3.Connection], T]) -> T | None:
        """``load(db)`` read from one committed state and kept, under ``name``, until a write commits.

        None while this process writes (a writer must see its own uncommitted rows): the
        caller reads the tables then. ``load`` runs in a read transaction, so what it reads
        belongs to the generation it is kept for.
        """
        if self.write_lock.locked():
            return None
        with self.connection() as db:
            gen = self.generation(db)
            with self._lock:
                hit = self._committed.get(name)
            if hit is not None and hit[0] == gen:
                return cast(T, hit[1])
            if db.in_transaction:
                return None
            db.execute("BEGIN")
            try:
                gen, value = self.generation(db), load(db)
            finally:
                db.execute("COMMIT")
        with self._lock:
            self._committed[name] = (gen, value)
        return value

    def truncate_log(self) -> None:
        """Copy the write-ahead log into the database and empty it: after an add it holds a
        second copy of everything the add wrote."""
        with self.connection() as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def empty(self) -> bool:
        with self.connection() as db:
            return db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def count(self, table: str) -> int:
        if table not in {"documents", "relations", "stories", "findings", "edges", "nodes"}:
            raise IndexStoreError(f"no table {table!r} in an index")
        with self.connection() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
