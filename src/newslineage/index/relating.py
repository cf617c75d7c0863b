"""Relating new or asked articles to the index: candidates from its tables, the scan's alignment
and composition.

``relate`` finds the candidates of new articles (``lookup``, ``reach``, ``bounds``),
relates them with the scan's ``relate_pairs`` and composes with the scan's
``add_composed`` (``compose``); an add and a query both come through here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newslineage.align import SideView
from newslineage.candidates import CandidateSet
from newslineage.index import bounds, evict, reach
from newslineage.index.compose import changeable, composable
from newslineage.index.lookup import NewArticle, scored
from newslineage.index.write import Related
from newslineage.models import Relation
from newslineage.pipeline import Progress, add_composed, relate_pairs

if TYPE_CHECKING:
    from newslineage.index.update import Indexer


def relate(
    indexer: Indexer,
    db: sqlite3.Connection,
    news: Sequence[NewArticle],
    views: dict[str, SideView],
    progress: Progress,
    evicted: dict[tuple[str, str], str] | None = None,
) -> Related:
    """Candidates of the new articles, related by the scan's functions; composed ones flagged.

    ``views`` holds the new articles' views; the stored ones read on the way are added.
    ``evicted`` (an add): receives the stored relations the newcomers took out of the
    candidates (``index.evict``), removed before the composition reads them.
    """
    cfg = indexer.config.candidates
    new_by_key = {n.key: n for n in news}
    vectors_new = np.stack([n.vector for n in news]) if news else np.zeros((0, 512), np.float32)
    keys_new = [n.key for n in news]
    if keys_new and keys_new[0] < 0:
        # A query: nothing is written, the stored reaches are those of the index without it.
        known = indexer.store.committed("reaches", reach.Reaches.load)
        hits = reach.reached(db, indexer.store.vectors(), keys_new, vectors_new, cfg, known)
        near = [own | set(entered) for own, entered in zip(hits.own, hits.entered, strict=True)]
    else:
        raised: set[int] = set()
        near = reach.arrive(db, indexer.store.vectors(), keys_new, vectors_new, cfg, raised)
    found = [
        scored(db, new, near_new, new_by_key, indexer.split, cfg)
        for new, near_new in zip(news, near, strict=True)
    ]
    pairs = bounds.capped(db, found, cfg, asked=bool(keys_new) and keys_new[0] < 0)
    if evicted is not None:
        listed = {k for _, ids, _ in found for k in ids} - set(new_by_key)
        fresh_ids = [n.document.id for n in news]
        evicted |= evict.evict(db, listed, raised - set(new_by_key), fresh_ids, cfg)
    stored = indexer.store.documents({x for p in pairs for x in p} - set(views))
    views.update({i: s.view() for i, s in stored.items()})
    local = sorted({x for p in pairs for x in p})
    position = {doc_id: i for i, doc_id in enumerate(local)}
    ordered = sorted(pairs)
    cands = CandidateSet(
        np.array([position[a] for a, _ in ordered], dtype=np.int64),
        np.array([position[b] for _, b in ordered], dtype=np.int64),
        np.array([pairs[p] for p in ordered], dtype=np.float64),
        np.zeros(len(ordered), dtype=np.int64),
        np.zeros(len(ordered), dtype=np.int64),
    )
    direct = relate_pairs(
        [views[i].document for i in local], [views[i] for i in local], cands, indexer.config, progress
    )
    fresh = {n.document.id for n in news}
    return compose(indexer, direct, views, fresh=fresh, asked=bool(news) and news[0].key < 0)


def compose(
    indexer: Indexer,
    direct: Sequence[Relation],
    views: dict[str, SideView],
    hubs: set[str] | None = None,
    *,
    fresh: set[str] | None = None,
    asked: bool = False,
) -> Related:
    """The scan's composition through shared texts, for the hubs the new relations touch.

    With ``fresh`` (the new articles), only the pairs they can change are composed: pairs
    with a new side, and pairs of two copies of one new article; the others are as stored.
    A query (``asked``) needs only its own pairs.
    """
    hubs = (hubs or set()) | {x for r in direct if r.is_copy for x in (r.a, r.b)}
    base = {(r.a, r.b): r for r, composed in indexer.store.relations_of(hubs) if not composed and r.is_copy}
    base.update({(r.a, r.b): r for r in direct})
    involved = {x for pair in base for x in pair}
    if not asked:
        # What the other relations among them are decides what an add's composed pairs
        # replace. A query composes only pairs with itself, whose relations are all in
        # ``direct`` (it is not stored), through hubs whose copies ``base`` holds: it needs
        # none of them (reading them cost 47 ms for one query whose partners have many).
        known = {(r.a, r.b): (r, c) for r, c in indexer.store.relations_of(involved, within=True)}
        base.update({k: r for k, (r, c) in known.items() if not c and k not in base})
    out: Related = {(r.a, r.b): (r, False) for r in direct}
    rels = tuple(base[k] for k in sorted(base))
    wanted = None if fresh is None else changeable(fresh, rels, asked=asked)
    if wanted is not None and not composable(rels, wanted):
        return out  # nothing to compose: the documents need not be read
    stored = indexer.store.documents(involved - set(views))
    views.update({i: s.view() for i, s in stored.items()})
    docs = [views[i].document for i in sorted(involved)]
    for rel in add_composed(rels, docs, [views[d.id] for d in docs], indexer.config, wanted=wanted):
        # What comes back unchanged was an input; anything else was composed (new, or replacing
        # a pair that was not a copy, as in the scan).
        if rel is not base.get((rel.a, rel.b)):
            out[(rel.a, rel.b)] = (rel, True)
    return out
