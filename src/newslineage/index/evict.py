"""Stored pairs a batch takes out of the scan's candidates: a scan of everything would not align them.

A scan aligns a pair of articles when it is a candidate (``candidates.find_candidates``):
one is among the other's ``neighbours`` nearest, or they collide in an LSH bucket, or
share ``min_shared_anchors`` telling anchors; and it is among the ``max_per_article``
best of either side. Newcomers change the first and the last for articles already
stored: entering an article's nearest raises its *reach* (``index.reach``) and can push
its farthest neighbour out; entering its best list (``index.bounds``) can push the last
entry out. A stored pair taken out of both sides' nearest, and with no lexical or anchor
tie, or out of both sides' best lists, is no longer aligned by a scan of all the
articles: its relation is removed (and its ends regrouped), its best-list entries too.

Buckets and anchors filled past their bounds by newcomers are not revisited (``MAX_BUCKET``,
``anchor_max_docs``): a pair tied that way stays (docs/service.md, "Known limits").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from newslineage.candidates import (
    MAX_BUCKET,
    agreement_with,
    counts_as_lexical,
    telling_decides,
    telling_with,
)
from newslineage.config import CandidateConfig
from newslineage.index import bounds, reach
from newslineage.index.lookup import (
    common_positions,
    keys_of,
    pair_similarity,
    stored_signatures,
)
from newslineage.index.rows import in_chunks


def evict(
    db: sqlite3.Connection,
    listed: Iterable[int],
    raised: Iterable[int],
    batch: Iterable[str],
    config: CandidateConfig,
) -> dict[tuple[str, str], str]:
    """Remove what a batch took out of the candidates; returns the relations removed (their kinds).

    ``listed``: stored articles whose best list the batch entered; ``raised``: those whose
    reach it raised; ``batch``: the ids of the batch (their pairs are the batch's own).
    """
    raised = set(raised)
    watched = sorted(set(listed) | raised)
    if not watched:
        return {}
    lists_kept = bounds.kept(db, config.max_per_article)
    ids = keys_of(db, watched)
    new = set(batch)
    pairs = _direct(db, ids.values(), new)
    lists = bounds.load(db, watched)
    entries = {(k, p) for k in raised & ids.keys() for _, p in lists.get(k, []) if p not in new}
    keys = {i: k for k, i in keys_of(db, _partner_keys(db, {p for pair in pairs for p in pair})).items()}
    keys.update({i: k for k, i in ids.items()})
    keys.update({i: k for k, i in keys_of(db, _partner_keys(db, {p for _, p in entries})).items()})
    vectors = reach.vectors_of(db, sorted(keys.values()))
    reaches = reach.reach_of(db, sorted(keys.values()))
    others = bounds.load(db, sorted(keys.values()))

    ties = _Ties(db, config)
    decided: dict[tuple[str, str], bool] = {}

    def tied(a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair not in decided:
            ka, kb = keys[a], keys[b]
            cosine = pair_similarity(vectors[ka], vectors[kb])
            near = cosine >= min(reaches.get(ka, 2.0), reaches.get(kb, 2.0)) - reach.SLACK
            decided[pair] = near or ties.lexical(ka, kb) or ties.anchored(ka, kb)
        return decided[pair]

    # Each list's partners as a set: tens of thousands of pairs each looked up in two lists of up to
    # ``max_per_article`` entries were a loop over every entry.
    partners = {k: {p for _, p in best_list} for k, best_list in others.items()}

    def listed_either(a: str, b: str) -> bool:
        if not lists_kept:
            return True  # an index without best lists caps the new side only: nothing to compare
        return b in partners.get(keys[a], ()) or a in partners.get(keys[b], ())

    gone = {
        # The lists first: they are in memory, the ties may need the tables.
        (a, b): kind
        for (a, b), kind in sorted(pairs.items())
        if not (listed_either(a, b) and tied(a, b))
    }
    stale = sorted((k, p) for k, p in entries if p in keys and not tied(ids[k], p))
    db.executemany("DELETE FROM relations WHERE a=? AND b=?", list(gone))
    db.executemany("DELETE FROM best WHERE owner=? AND partner=?", stale)
    db.executemany("DELETE FROM best WHERE owner=? AND partner=?", [(keys[p], ids[k]) for k, p in stale])
    return gone


def _direct(db: sqlite3.Connection, ids: Iterable[str], batch: set[str]) -> dict[tuple[str, str], str]:
    """The direct (not composed) relations of ``ids`` with no side in ``batch``, with their kinds."""
    wanted = sorted(set(ids))
    out: dict[tuple[str, str], str] = {}
    for chunk, marks in in_chunks(wanted, 400):  # the chunk is bound twice
        sql = f"SELECT a, b, relation FROM relations WHERE composed=0 AND (a IN ({marks}) OR b IN ({marks}))"
        rows = db.execute(sql, chunk + chunk)
        out.update(((a, b), kind) for a, b, kind in rows if a not in batch and b not in batch)
    return out


def _partner_keys(db: sqlite3.Connection, ids: Iterable[str]) -> list[int]:
    out: list[int] = []
    for chunk, marks in in_chunks(sorted(set(ids))):
        out += [r[0] for r in db.execute(f"SELECT key FROM documents WHERE id IN ({marks})", chunk)]
    return out


class _Ties:
    """The lexical and anchor ties of stored pairs, each article's buckets, anchors and
    signature read once and each bucket's and anchor's size counted once (an add of 300 to
    10,000 articles asked 50,000 pairs, and read them pair by pair)."""

    def __init__(self, db: sqlite3.Connection, config: CandidateConfig) -> None:
        self._db = db
        self._config = config
        self._buckets: dict[int, set[tuple[int, int]]] = {}
        self._anchors: dict[int, set[str]] = {}
        self._signatures: dict[int, npt.NDArray[np.uint32] | None] = {}
        self._small: dict[tuple[int, int], bool] = {}
        self._rare: dict[str, bool] = {}
        self._common: dict[int, npt.NDArray[np.bool_]] = {}

    def lexical(self, a: int, b: int) -> bool:
        """An LSH bucket both share that holds at most ``MAX_BUCKET`` articles
        (``lookup.lsh_partners``), and signatures that count as close in words
        (``lookup.close_in_words``)."""
        shared = self._buckets_of(a) & self._buckets_of(b)
        if not any(self._small_bucket(band, bucket) for band, bucket in sorted(shared)):
            return False
        sa, sb = self._signature(a), self._signature(b)
        if sa is None or sb is None:
            return False
        share = agreement_with(sa, [sb])[0]
        told = 0
        if telling_decides(share, self._config):
            # Where the two agree they hold one value, equally common: either side's counts
            # do, and the side already read saves a read.
            side, values = (b, sb) if b in self._common and a not in self._common else (a, sa)
            if side not in self._common:
                self._common[side] = common_positions(self._db, values, self._config)
            told = int(telling_with(sa, self._common[side], [sb])[0])
        return bool(counts_as_lexical(share, told, self._config))

    def anchored(self, a: int, b: int) -> bool:
        """``min_shared_anchors`` telling anchors both hold, each held by at most ``anchor_max_docs``."""
        shared = self._anchors_of(a) & self._anchors_of(b)
        return sum(self._rare_anchor(x) for x in sorted(shared)) >= self._config.min_shared_anchors

    def _buckets_of(self, key: int) -> set[tuple[int, int]]:
        if key not in self._buckets:
            rows = self._db.execute("SELECT band, bucket FROM lsh WHERE doc=?", (key,))
            self._buckets[key] = {(r[0], r[1]) for r in rows}
        return self._buckets[key]

    def _anchors_of(self, key: int) -> set[str]:
        if key not in self._anchors:
            self._anchors[key] = {
                r[0] for r in self._db.execute("SELECT anchor FROM anchors WHERE doc=?", (key,))
            }
        return self._anchors[key]

    def _signature(self, key: int) -> npt.NDArray[np.uint32] | None:
        if key not in self._signatures:
            self._signatures[key] = stored_signatures(self._db, [key]).get(key)
        return self._signatures[key]

    def _small_bucket(self, band: int, bucket: int) -> bool:
        if (band, bucket) not in self._small:
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM lsh WHERE band=? AND bucket=? LIMIT ?)"
            count = self._db.execute(sql, (band, bucket, MAX_BUCKET + 1)).fetchone()[0]
            self._small[(band, bucket)] = count <= MAX_BUCKET
        return self._small[(band, bucket)]

    def _rare_anchor(self, anchor: str) -> bool:
        if anchor not in self._rare:
            limit = self._config.anchor_max_docs
            sql = "SELECT COUNT(*) FROM (SELECT 1 FROM anchors WHERE anchor=? LIMIT ?)"
            self._rare[anchor] = self._db.execute(sql, (anchor, limit + 1)).fetchone()[0] <= limit
        return self._rare[anchor]
