"""Writing what an add or a removal derived: relations, direction verdicts, stories, lineage, findings."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from newslineage.index import records
from newslineage.index.rows import Decided, in_chunks
from newslineage.models import Document, Finding, Lineage, Relation, Story

#: Relations by (a, b), each with whether it was composed through a shared text.
Related = dict[tuple[str, str], tuple[Relation, bool]]


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """The part of the index a change touches: its documents, relations, stories, lineage, findings."""

    documents: tuple[Document, ...]
    relations: tuple[Relation, ...]
    stories: tuple[Story, ...]
    lineage: Lineage
    findings: tuple[Finding, ...]
    replaced_stories: frozenset[str]
    #: Stories regrouped with the members they had, whose lineage and findings stand: only
    #: their titles are written (``regroup.derive``).
    kept: tuple[Story, ...] = ()


def story_id(first_document: str) -> str:
    """A story's id in the index: fixed by its first document, so it survives regrouping elsewhere."""
    return "s" + hashlib.sha1(first_document.encode()).hexdigest()[:12]


def relations(db: sqlite3.Connection, found: Related) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO relations VALUES (?,?,?,?,?)",
        [(r.a, r.b, r.relation, int(c), records.relation_json(r)) for (r, c) in found.values()],
    )


def verdicts(db: sqlite3.Connection, decided: Mapping[tuple[str, str], Decided]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO verdicts VALUES (?,?,?)",
        [(a, b, records.verdict_json(*decided[(a, b)])) for a, b in sorted(decided)],
    )


def neighbourhood(db: sqlite3.Connection, hood: Neighbourhood) -> None:
    """Replace the regrouped stories, their lineage and findings, and the relations' directions."""
    old = sorted(hood.replaced_stories | {s.id for s in hood.stories})
    for chunk, marks in in_chunks(old):
        for table in ("stories", "nodes", "edges", "findings"):
            column = "id" if table == "stories" else "story"
            db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
    ids = [d.id for d in hood.documents]
    db.executemany("DELETE FROM findings WHERE document=?", [(i,) for i in ids])
    story_of = {doc: s.id for s in hood.stories for doc in s.documents}
    db.executemany(
        "INSERT OR REPLACE INTO stories VALUES (?,?,?,?,'')",
        [(s.id, s.title, len(s.documents), s.documents[0]) for s in hood.stories],
    )
    db.executemany("UPDATE stories SET title=? WHERE id=?", [(s.title, s.id) for s in hood.kept])
    db.executemany("UPDATE documents SET story=? WHERE id=?", [(story_of[i], i) for i in ids])
    # A story's date: its newest article's publication date, or when the index received it.
    db.executemany(
        "UPDATE stories SET latest = (SELECT MAX(COALESCE(json_extract(meta, '$.published'), "
        "strftime('%Y-%m-%dT%H:%M:%S', added, 'unixepoch'))) FROM documents WHERE story = stories.id) "
        "WHERE id=?",
        [(s.id,) for s in hood.stories],
    )
    db.executemany(
        "INSERT OR REPLACE INTO nodes VALUES (?,?,?)",
        [(n.id, n.story, records.node_json(n)) for n in hood.lineage.nodes],
    )
    db.executemany(
        "INSERT OR REPLACE INTO edges VALUES (?,?,?,?)",
        [(e.child, e.parent, story_of.get(e.child, ""), records.edge_json(e)) for e in hood.lineage.edges],
    )
    db.executemany(
        "INSERT INTO findings VALUES (?,?,?)",
        [(f.document, story_of.get(f.document, ""), records.finding_json(f)) for f in hood.findings],
    )
    db.executemany(
        "UPDATE relations SET data=? WHERE a=? AND b=?",
        [(records.relation_json(r), r.a, r.b) for r in hood.relations],
    )
