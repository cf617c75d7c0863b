"""Reading the index back as the records the reports render: the export and the query.

``export`` rebuilds the ``ScanResult`` a scan of everything in the index would
have produced (story ids numbered as the scan numbers them), so ``report.to_json``
writes the same newslineage/1 document. ``query`` runs one article through the
add path without writing it, and returns the part of a ``ScanResult`` about it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from newslineage.config import ScanConfig
from newslineage.index.answer import answer
from newslineage.index.known import KnownVectors
from newslineage.index.lookup import NewArticle
from newslineage.index.relating import relate
from newslineage.index.store import Store
from newslineage.index.update import Indexer, _Silent
from newslineage.models import Article, Lineage, Relation, ScanResult, Story


def _number_stories(stored: list[Story]) -> dict[str, str]:
    """Index story id -> the scan's ``story-N`` (stories ordered by their first document)."""
    return {s.id: f"story-{n}" for n, s in enumerate(sorted(stored, key=lambda s: s.documents[0]), start=1)}


def export(store: Store, config: ScanConfig | None = None) -> ScanResult:
    """Everything in the index as one ``ScanResult``."""
    ids = store.all_ids()
    docs = [d.document for _, d in sorted(store.documents(ids).items())]
    relations = tuple(r for r, _ in store.relations_of(ids, within=True))
    with store.connection() as db:
        rows = db.execute("SELECT id, title FROM stories").fetchall()
    members: dict[str, list[str]] = {}
    with store.connection() as db:
        for doc_id, story in db.execute("SELECT id, story FROM documents ORDER BY id"):
            members.setdefault(story or "", []).append(doc_id)
    stored = [Story(sid, tuple(members.get(sid, ())), title) for sid, title in rows if members.get(sid)]
    names = _number_stories(stored)
    stories = tuple(
        sorted(
            (dataclasses.replace(s, id=names[s.id]) for s in stored), key=lambda s: int(s.id.split("-")[1])
        )
    )
    nodes, edges = store.lineage_of([s.id for s in stored])
    nodes = [dataclasses.replace(n, story=names.get(n.story, "")) for n in nodes]
    doc_nodes = sorted((n for n in nodes if n.kind == "document"), key=lambda n: n.id)
    inferred = sorted((n for n in nodes if n.kind != "document"), key=lambda n: n.id)
    by_doc = sorted((e for e in edges if not e.parent.startswith("inferred:")), key=lambda e: e.child)
    by_source = sorted((e for e in edges if e.parent.startswith("inferred:")), key=lambda e: e.child)
    findings = sorted(
        store.findings_of(ids), key=lambda f: (f.document, f.span or (-1, -1), f.kind, f.detail)
    )
    return ScanResult(
        config=config or ScanConfig(),
        documents=tuple(docs),
        rejected=(),
        relations=relations,
        stories=stories,
        lineage=Lineage(tuple(doc_nodes + inferred), tuple(by_doc + by_source)),
        findings=tuple(findings),
    )


@dataclass(frozen=True, slots=True)
class QueryResult:
    """One article against the index: its relations, its place in the lineage, its findings.

    ``result`` holds the article, its related articles, the relations touching it,
    its story's lineage and its findings, ready for ``report.to_json``. ``reused`` of
    its distinct sentences were found in the index with their vectors, ``embedded``
    went through the model.
    """

    id: str
    result: ScanResult
    reused: int = 0
    embedded: int = 0

    @property
    def sources(self) -> tuple[Relation, ...]:
        """Copy relations in which the other article is the source (or a common source)."""
        return tuple(r for r in self.result.relations if r.is_copy and _source_side(r) not in (None, self.id))

    @property
    def copies(self) -> tuple[Relation, ...]:
        return tuple(r for r in self.result.relations if r.is_copy and _source_side(r) == self.id)

    @property
    def siblings(self) -> tuple[Relation, ...]:
        """Copy relations whose two sides descend from a common text."""
        return tuple(r for r in self.result.relations if r.is_copy and r.direction == "common_source")


def _source_side(rel: Relation) -> str | None:
    if rel.direction == "a->b":
        return rel.a
    if rel.direction == "b->a":
        return rel.b
    return None


def query(indexer: Indexer, article: Article, *, reuse_vectors: bool = True) -> QueryResult:
    """Relate ``article`` to the index without adding it.

    With ``reuse_vectors``, sentences some indexed article already holds take its stored
    vectors instead of going through the model (``known.KnownVectors``).
    """
    store = indexer.store
    progress = _Silent()
    encoder = KnownVectors(store, indexer.encoder)
    with indexer.one_blas_thread(), store.connection() as db:
        docs, views, vectors, sigs = indexer.prepare(
            db, [article], progress, record=False, encoder=encoder if reuse_vectors else None
        )
        new = NewArticle(docs[0], -1, vectors[0], sigs[0])
        read = {views[0].document.id: views[0]}
        found = relate(indexer, db, [new], read, progress)
        mine = [r for r, _ in found.values() if article.id in (r.a, r.b)]
        known = {i: v.document for i, v in read.items()}
        result = answer(indexer, db, docs[0], sorted(mine, key=lambda r: (r.a, r.b)), known)
    return QueryResult(article.id, result, encoder.reused, encoder.embedded)
