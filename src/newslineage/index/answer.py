"""A query's answer: its own pairs directed by the scan's lineage stage, the rest read as stored.

Adding an article regroups the stories it touches and rebuilds their lineage and
findings. A query needs less: the direction of its own copy pairs and its own
findings. The lineage stage (``lineage.build``) decides them over the query's
family, that is the article, the articles it relates to, and the relations among
those (read from the index); its story, and the lineage of its partners apart
from the edges the query itself adds, are read as the index holds them. The cost
so follows the number of the article's partners, not the size of its story.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from newslineage import audit, lineage, spin
from newslineage.index.store import Store
from newslineage.index.update import Indexer, WordPairs, story_id
from newslineage.models import Document, Lineage, LineageEdge, LineageNode, Relation, ScanResult, Story
from newslineage.titles import display_name


def stored_story(db: sqlite3.Connection, store: Store, doc: str, partners: set[str]) -> Story | None:
    """The story holding most of ``partners`` (fewest-id first on a tie), with ``doc`` among its members."""
    if not partners:
        return None
    wanted = sorted(partners)
    marks = ",".join("?" * len(wanted))
    row = db.execute(
        f"SELECT d.story, s.title FROM documents d JOIN stories s ON s.id = d.story WHERE d.id IN ({marks}) "
        "GROUP BY d.story ORDER BY COUNT(*) DESC, d.story LIMIT 1",
        wanted,
    ).fetchone()
    if row is None:
        return None
    members = sorted(store.members([row[0]]) | {doc})
    return Story(row[0], tuple(members), row[1])


def answer(
    indexer: Indexer,
    db: sqlite3.Connection,
    doc: Document,
    mine: Sequence[Relation],
    known: Mapping[str, Document] | None = None,
) -> ScanResult:
    """The part of a scan's result about ``doc`` (not in the index), whose relations are ``mine``.

    ``known``: stored documents already read (relating the query reads its partners).
    """
    store = indexer.store
    partners = {x for r in mine for x in (r.a, r.b)} - {doc.id}
    read = dict(known or {})
    read.update({i: s.document for i, s in store.documents(partners - set(read)).items()})
    stored = {i: read[i] for i in partners if i in read}
    family = sorted([doc, *stored.values()], key=lambda d: d.id)
    among = [r for r, _ in store.relations_of(partners, within=True)]
    relations = sorted([*mine, *among], key=lambda r: (r.a, r.b))
    story = stored_story(db, store, doc.id, partners) or Story(story_id(doc.id), (doc.id,), "")
    names = {d.id: display_name(d) for d in family}
    # Only the query's spin is new; its partners' spun sources are read with their stored lineage.
    # The counts include the query's own pairs, as a scan's would.
    counts = WordPairs(db, spin.pair_document_counts([doc]), docs=[doc])
    spun = spin.spin_reports([doc], indexer.synonyms, counts=counts)
    # The partners' own pairs were directed when they were added: their stored verdicts serve
    # wherever the family's containment leaves them as they were decided (most of them).
    decided: lineage.Verdicts = dict(store.verdicts_of((r.a, r.b) for r in among if r.is_copy))
    graph, directed = lineage.build(
        family,
        relations,
        [Story(story.id, tuple(d.id for d in family), story.title)],
        spun,
        names,
        indexer.config.relate.models,
        sites=store.sites(),
        known=decided,
    )
    findings = audit.audit(family, directed, graph, indexer.synonyms, spun)
    return ScanResult(
        config=indexer.config,
        documents=tuple(family),
        rejected=(),
        relations=tuple(r for r in directed if doc.id in (r.a, r.b)),
        stories=(story,),
        lineage=_lineage(store, doc.id, graph, set(stored)),
        findings=tuple(f for f in findings if f.document == doc.id),
    )


def _lineage(store: Store, doc: str, graph: Lineage, partners: set[str]) -> Lineage:
    """The family's lineage: the edges the query adds, its partners' other edges as stored.

    Only the partners' own edges and their ends are read, not their stories' whole lineage:
    a query's cost does not follow the size of the stories it touches.
    """
    mine = [e for e in graph.edges if doc in (e.parent, e.child)]
    adopted = {e.child for e in mine}
    kept: list[LineageEdge] = store.edges_to(partners - adopted)
    kept += mine
    ends = {x for e in kept for x in (e.parent, e.child)}
    family = {doc} | partners
    out: list[LineageNode] = [n for n in graph.nodes if n.document in family or n.id in ends]
    out += store.nodes_named(ends - {n.id for n in out})
    return Lineage(
        tuple(sorted(out, key=lambda n: n.id)), tuple(sorted(kept, key=lambda e: (e.child, e.parent)))
    )
