"""The index's embedding-neighbour partners are the scan's: either side among the other's k nearest.

The geometry is built so that the rule matters: a dense cluster holds every one of a
newcomer's 2k + 1 nearest, while sparser articles around it, each of whose k nearest
are in the cluster, have the newcomer among their k nearest too. A scan pairs those;
a lookup that checks the other side only within the newcomer's own nearest does not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from newslineage.candidates import neighbour_pairs
from newslineage.config import CandidateConfig
from newslineage.index import reach
from newslineage.index.store import Store

CONFIG = CandidateConfig()
K = CONFIG.neighbours


def _unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    return out


def _collection(seed: int) -> np.ndarray:
    """60 articles: 40 close to a centre (cosine ~0.9 to it), 20 farther out (~0.75), all around one topic.

    Any seed gives the same centre: the same topic, other articles.
    """
    centre = _unit(np.random.default_rng(0).normal(size=(1, 512)))
    rng = np.random.default_rng(seed)
    dense = _unit(centre + 0.5 * _unit(rng.normal(size=(40, 512))))
    sparse = _unit(centre + 0.9 * _unit(rng.normal(size=(20, 512))))
    return np.vstack([dense, sparse])


def _newcomers(seed: int, n: int) -> np.ndarray:
    return _collection(seed)[:n]


def _insert(store: Store, db: sqlite3.Connection, vectors: np.ndarray, first: int) -> list[int]:
    keys = []
    for i, vector in enumerate(vectors):
        cur = db.execute(
            "INSERT INTO documents(id, hash, meta, text, language, sentences, anchors, vectors, vector, added) "
            "VALUES (?, '', '{}', '', 'en', x'', '[]', x'', ?, 0)",
            (f"a{first + i:04d}", vector.tobytes()),
        )
        keys.append(int(cur.lastrowid or 0))
        db.execute("INSERT INTO doc_vectors(key, vector) VALUES (?, ?)", (keys[-1], vector.tobytes()))
    store.stage_vectors(np.array(keys, dtype=np.int64), vectors)
    return keys


def _scan_partners(everything: np.ndarray, rows: range) -> set[tuple[int, int]]:
    """The scan's neighbour pairs (row numbers, 0-based) that involve ``rows``."""
    pairs = neighbour_pairs(everything, K, CONFIG.min_doc_similarity)
    return {p for p in pairs if p[0] in rows or p[1] in rows}


def _pairs(keys: list[int], partners: list[set[int]]) -> set[tuple[int, int]]:
    """Partners by key as row pairs (keys are 1-based rows, in insertion order)."""
    return {(min(k, p) - 1, max(k, p) - 1) for k, found in zip(keys, partners, strict=True) for p in found}


@pytest.mark.parametrize("memory", [False, True], ids=["reaches-from-sql", "reaches-in-memory"])
@pytest.mark.parametrize("wide", [reach.WIDE, 3])
def test_a_query_pairs_as_the_scan_does_beyond_its_own_nearest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wide: int, memory: bool
) -> None:
    # With room for 3 articles beyond a search, the search widens instead (to the whole index here).
    # A reader's room is the articles it holds in memory; its first search starts at 2k + 1 here.
    monkeypatch.setattr(reach, "WIDE", wide)
    monkeypatch.setattr(reach, "HELD", wide)
    monkeypatch.setattr(reach, "FIRST", 0)
    store = Store(tmp_path / "idx", create=True)
    indexed = _collection(1)
    with store.transaction() as db:
        keys = _insert(store, db, indexed, 0)
        reach.refresh(db, store.vectors(), keys, CONFIG)
    asked = _newcomers(2, 3)
    with store.connection() as db:
        for query in asked:
            stored = store.committed("reaches", reach.Reaches.load) if memory else None
            found = reach.reached(db, store.vectors(), [-1], query[None, :], CONFIG, stored)
            partners = {k - 1 for k in found.own[0] | set(found.entered[0])}
            everything = np.vstack([indexed, query[None, :]])
            n = len(indexed)
            scanned = {a if b == n else b for a, b in _scan_partners(everything, range(n, n + 1))}
            assert partners == scanned
            # The rule matters here: partners the query's own 2k + 1 nearest do not hold.
            order = np.argsort(-(indexed @ query))
            assert partners - set(order[: 2 * K + 1].tolist())


def test_batches_pair_as_one_scan_and_keep_every_reach(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx", create=True)
    collection = np.vstack([_collection(3), _newcomers(4, 20)])
    batches = [range(25), range(25, 60), range(60, 80)]
    for batch in batches:
        with store.transaction() as db:
            keys = _insert(store, db, collection[batch.start : batch.stop], batch.start)
            partners = reach.arrive(db, store.vectors(), keys, collection[batch.start : batch.stop], CONFIG)
    seen = collection[: batches[-1].stop]
    assert _pairs(keys, partners) == _scan_partners(seen, batches[-1])
    assert any(len(found) > K for found in partners), "no newcomer entered another's k nearest"
    _assert_reaches_fresh(store)
    # Removing articles lowers the reach of those whose k nearest they were among.
    gone = list(range(1, 21))
    with store.transaction() as db:
        lower = reach.leave(db, store.vectors(), gone, collection[[k - 1 for k in gone]], CONFIG)
        assert lower
        store.stage_vectors(np.zeros(0, dtype=np.int64), np.zeros((0, 512), np.float32), np.array(gone))
        for table in ("documents", "doc_vectors"):
            db.executemany(f"DELETE FROM {table} WHERE key=?", [(k,) for k in gone])
        reach.refresh(db, store.vectors(), lower, CONFIG)
    _assert_reaches_fresh(store)


def _assert_reaches_fresh(store: Store) -> None:
    with store.connection() as db:
        rows = db.execute("SELECT key, reach, vector FROM doc_vectors ORDER BY key").fetchall()
    keys = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = np.stack([np.frombuffer(r[2], dtype=np.float32) for r in rows])
    fresh = reach.reaches(store.vectors(), keys, vectors, CONFIG)
    assert np.allclose([r[1] for r in rows], fresh, atol=1e-6)
    assert min(fresh) >= CONFIG.min_doc_similarity


def test_readers_keep_the_reaches_until_a_write_commits(tmp_path: Path) -> None:
    store = Store(tmp_path / "idx", create=True)
    collection = _collection(5)
    with store.transaction() as db:
        first = _insert(store, db, collection[:30], 0)
        reach.refresh(db, store.vectors(), first, CONFIG)
    kept = store.committed("reaches", reach.Reaches.load)
    assert kept is not None and kept is store.committed("reaches", reach.Reaches.load)
    with store.transaction() as db:
        # A writer reads its own uncommitted rows from the tables, never a reader's copy.
        assert store.committed("reaches", reach.Reaches.load) is None
        more = _insert(store, db, collection[30:], 30)
        now = reach.refresh(db, store.vectors(), first + more, CONFIG)
    fresh = store.committed("reaches", reach.Reaches.load)
    assert fresh is not None and fresh is not kept
    assert fresh.of(first + more + [10_000]) == now
    assert fresh.count_at_most(2.0, 5) == 5 and fresh.count_at_most(-2.0, 5) == 0
    low = min(now.values())
    keys, values = fresh.at_most(low)
    assert keys.tolist() == sorted(k for k, v in now.items() if v <= low) and values == [low] * len(keys)
    # The lowest reaches come with their vectors: a query compares them without reading the table.
    held = fresh.held_at_most(low)
    assert held.keys.tolist() == keys.tolist() and held.reach == values
    assert np.array_equal(held.vectors, collection[[k - 1 for k in keys.tolist()]])
