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

from newslineage.candidates import MAX_BUCKET, agreement_with
from newslineage.config import CandidateConfig
from newslineage.index import bounds, reach
from newslineage.index.lookup import keys_of, pair_similarity, stored_signatures
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

    def tied(a: str, b: str) -> bool:
        ka, kb = keys[a], keys[b]
        cosine = pair_similarity(vectors[ka], vectors[kb])
        if cosine >= min(reaches.get(ka, 2.0), reaches.get(kb, 2.0)) - reach.SLACK:
            return True
        return (_lexical(db, ka, kb) and _close_in_words(db, ka, kb, config)) or _anchored(db, ka, kb, config)

    def listed_either(a: str, b: str) -> bool:
        if not lists_kept:
            return True  # an index without best lists caps the new side only: nothing to compare
        return any(p == b for _, p in others.get(keys[a], [])) or any(
            p == a for _, p in others.get(keys[b], [])
        )

    gone = {
        (a, b): kind for (a, b), kind in sorted(pairs.items()) if not (tied(a, b) and listed_either(a, b))
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


def _lexical(db: sqlite3.Connection, a: int, b: int) -> bool:
    """An LSH bucket both share that holds at most ``MAX_BUCKET`` articles (``lookup.lsh_partners``)."""
    shared = db.execute(
        "SELECT x.band, x.bucket FROM lsh x JOIN lsh y ON x.band = y.band AND x.bucket = y.bucket "
        "WHERE x.doc=? AND y.doc=?",
        (a, b),
    ).fetchall()
    for band, bucket in shared:
        sql = "SELECT COUNT(*) FROM (SELECT 1 FROM lsh WHERE band=? AND bucket=? LIMIT ?)"
        if db.execute(sql, (band, bucket, MAX_BUCKET + 1)).fetchone()[0] <= MAX_BUCKET:
            return True
    return False


def _close_in_words(db: sqlite3.Connection, a: int, b: int, config: CandidateConfig) -> bool:
    """Their signatures agree on ``lsh_min_jaccard`` of their values (``lookup.close_in_words``)."""
    found = stored_signatures(db, (a, b))
    return a in found and b in found and agreement_with(found[a], [found[b]])[0] >= config.lsh_min_jaccard


def _anchored(db: sqlite3.Connection, a: int, b: int, config: CandidateConfig) -> bool:
    """``min_shared_anchors`` telling anchors both hold, each held by at most ``anchor_max_docs``."""
    shared = db.execute(
        "SELECT x.anchor FROM anchors x JOIN anchors y ON x.anchor = y.anchor WHERE x.doc=? AND y.doc=?",
        (a, b),
    ).fetchall()
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM anchors WHERE anchor=? LIMIT ?)"
    rare: int = sum(
        db.execute(sql, (r[0], config.anchor_max_docs + 1)).fetchone()[0] <= config.anchor_max_docs
        for r in shared
    )
    return rare >= config.min_shared_anchors
