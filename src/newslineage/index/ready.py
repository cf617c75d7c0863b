"""What an index written by an earlier version, or for another config, lacks: filled once on opening.

Each function checks a mark in ``meta`` and returns at once when the index has what
this config needs; ``Indexer`` calls them all when it opens an index.
"""

from __future__ import annotations

import hashlib

import numpy as np

from newslineage.config import ScanConfig
from newslineage.index import counts, reach
from newslineage.index.store import Store
from newslineage.pipeline import content_text
from newslineage.signatures import sign_many


def signatures(store: Store, config: ScanConfig) -> None:
    """Sign the stored articles of an index written before it kept their signatures (once)."""
    with store.connection() as db:
        if db.execute("SELECT 1 FROM meta WHERE key='signatures'").fetchone():
            return
        keys = [r[0] for r in db.execute("SELECT key FROM documents ORDER BY key")]
    with store.transaction() as db:
        for start in range(0, len(keys), 1024):
            stored = store.documents_by_key(keys[start : start + 1024])
            chunk = sorted(stored)
            sigs = sign_many([content_text(stored[k].document) for k in chunk], config.signatures)
            db.executemany(
                "INSERT OR REPLACE INTO signatures VALUES (?,?)",
                [(k, sig.astype(np.uint32).tobytes()) for k, sig in zip(chunk, sigs, strict=True)],
            )
        db.execute("INSERT OR IGNORE INTO meta VALUES ('signatures', '1')")


def minhash_values(store: Store) -> None:
    """Count the MinHash values of an index written before it counted them (once; adds keep it)."""
    with store.connection() as db:
        if db.execute("SELECT 1 FROM meta WHERE key='minhash_values'").fetchone():
            return
    with store.transaction() as db:
        db.execute("DELETE FROM minhash_values")
        for (value,) in db.execute("SELECT value FROM signatures ORDER BY key").fetchall():
            counts.minhash_up(db, np.frombuffer(value, dtype=np.uint32))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('minhash_values', '1')")


def verdicts(store: Store, config: ScanConfig) -> None:
    """Forget the stored direction verdicts when another direction model decided them."""
    models = config.relate.models
    want = hashlib.sha1(repr((models.direction, models.direction_margin)).encode()).hexdigest()
    with store.connection() as db:
        row = db.execute("SELECT value FROM meta WHERE key='verdicts'").fetchone()
    if row is not None and row[0] == want:
        return
    with store.transaction() as db:
        db.execute("DELETE FROM verdicts")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('verdicts', ?)", (want,))


def reaches(store: Store, config: ScanConfig) -> None:
    """Compute the reaches (``index.reach``) the index lacks: all of them when it has none for
    this config (written before they were kept, or with another ``k`` or floor), else those
    of articles that have none."""
    want = reach.meta_value(config.candidates)
    with store.connection() as db:
        row = db.execute("SELECT value FROM meta WHERE key='reach'").fetchone()
        missing = db.execute("SELECT 1 FROM doc_vectors WHERE reach IS NULL LIMIT 1").fetchone()
    if row is not None and row[0] == want and missing is None:
        return
    where = "WHERE reach IS NULL" if row is not None and row[0] == want else ""
    with store.transaction() as db:
        keys = [r[0] for r in db.execute(f"SELECT key FROM doc_vectors {where} ORDER BY key")]
        for start in range(0, len(keys), 1024):
            reach.refresh(db, store.vectors(), keys[start : start + 1024], config.candidates)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('reach', ?)", (want,))
