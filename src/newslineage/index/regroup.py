"""Stories, lineage and findings of what an add or a removal touched, by the scan's functions.

``regroup`` gathers the stories of the touched articles and those one relation (or,
for dated articles, one candidate pair) away; ``derive`` runs the scan's stories,
lineage and audit stages over them, with the index's word-pair counts and sites.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newslineage import audit, lineage, spin, stories
from newslineage.align import SideView
from newslineage.index import topical, write
from newslineage.index.counts import WordPairs
from newslineage.index.write import Neighbourhood, story_id
from newslineage.models import Document, Relation
from newslineage.titles import display_name, usable_title
from newslineage.topics import Topics

if TYPE_CHECKING:
    from newslineage.index.update import Indexer


def regroup(
    indexer: Indexer,
    db: sqlite3.Connection,
    touched: set[str],
    dropped: set[str],
    read: Mapping[str, SideView] | None = None,
) -> Neighbourhood:
    """Regroup the stories of ``touched`` and those one relation away; rebuild their lineage.

    ``read``: documents the batch already holds (the new ones, the partners it read).
    """
    first = indexer.store.stories_of(touched) | dropped
    ids = touched | indexer.store.members(first)
    hop = indexer.store.stories_of(indexer.store.related(ids))
    ids |= indexer.store.members(hop)
    held = {i: v.document for i, v in (read or {}).items() if i in ids}
    held.update(indexer.store.records(ids - set(held)))
    near = _dated_partners(indexer, db, held)
    if near:
        # The scan's topic join compares stories a candidate pair of two dated articles links.
        hop |= indexer.store.stories_of(near) - first
        held.update(indexer.store.records(indexer.store.members(hop) - set(held)))
    docs = sorted(held.values(), key=lambda d: d.id)
    relations = tuple(r for r, _ in indexer.store.relations_of(held, within=True))
    return derive(indexer, db, docs, relations, frozenset(first | hop), topical.topics(db, docs))


def _dated_partners(indexer: Indexer, db: sqlite3.Connection, held: Mapping[str, Document]) -> set[str]:
    """The dated articles outside ``held`` that a candidate pair links to a dated one in it."""
    days = topical.dated(held.values())
    if not days:
        return set()
    outside = {x for pair in topical.neighbours(db, days) for x in pair} - held.keys()
    return set(topical.dated(indexer.store.records(outside).values()))


def derive(
    indexer: Indexer,
    db: sqlite3.Connection,
    docs: Sequence[Document],
    relations: Sequence[Relation],
    replaced: frozenset[str],
    found: Topics | None,
    *,
    whole: bool = False,
) -> Neighbourhood:
    """Stories, lineage and findings of ``docs`` (sorted by id) and the relations among them.

    ``found``: their days, vectors and candidate pairs, for the scan's time and topic joins.

    ``whole``: ``docs`` are everything the index holds, so they give the word-pair
    counts themselves, counted in memory (with the scan's workers) as the scan does.
    """
    # The same calls as pipeline.scan_articles, over the neighbourhood, with the collection's
    # word-pair counts and sites standing in for what the neighbourhood alone would give.
    titles = {d.id: usable_title(d.article.title) or "" for d in docs}
    names = {d.id: display_name(d) for d in docs}
    grouped = stories.group_stories([d.id for d in docs], relations, titles, names=names, topics=found)
    named = tuple(replace(s, id=story_id(s.documents[0])) for s in grouped)
    if whole:
        spun = spin.spin_reports(docs, indexer.synonyms, workers=indexer.config.text.processes)
    else:
        counts = WordPairs(db, docs=docs)
        spun = spin.spin_reports(docs, indexer.synonyms, counts=counts)
    stored = indexer.store.verdicts_of((r.a, r.b) for r in relations if r.is_copy)
    known: lineage.Verdicts = dict(stored)
    graph, directed = lineage.build(
        docs,
        relations,
        named,
        spun,
        names,
        indexer.config.relate.models,
        sites=indexer.store.sites(),
        known=known,
    )
    findings = audit.audit(docs, directed, graph, indexer.synonyms, spun)
    write.verdicts(db, {k: v for k, v in known.items() if stored.get(k) is not v})
    return Neighbourhood(tuple(docs), directed, named, graph, findings, replaced)
