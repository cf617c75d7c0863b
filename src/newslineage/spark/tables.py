"""The job's output tables: Parquet schemas, rows from the pipeline's records, and back.

The tables and their columns are documented in docs/spark.md. Offsets are
character offsets into the article text, as in the JSON report; a passage's links
name sentences by their index in the document (``documents.sentences`` counts them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from newslineage.models import (
    Document,
    Finding,
    LineageEdge,
    LineageNode,
    Passage,
    Rejection,
    Relation,
    Story,
)

if TYPE_CHECKING:
    from pyspark.sql.types import StructType

Row = tuple[Any, ...]

#: Table name -> its columns, in Spark's DDL.
SCHEMAS: dict[str, str] = {
    "documents": (
        "id STRING, story STRING, title STRING, language STRING, url STRING, site STRING, "
        "published STRING, chars INT, sentences INT, boilerplate ARRAY<STRUCT<start: INT, end: INT>>"
    ),
    "relations": (
        "a STRING, b STRING, relation STRING, transforms ARRAY<STRING>, direction STRING, "
        "direction_evidence ARRAY<STRING>, confidence DOUBLE, coverage_a DOUBLE, coverage_b DOUBLE, "
        "evidence ARRAY<STRING>, passages INT"
    ),
    "passages": (
        "a STRING, b STRING, passage INT, kind STRING, similarity DOUBLE, a_start INT, a_end INT, "
        "b_start INT, b_end INT, "
        "links ARRAY<STRUCT<a_sentence: INT, b_sentence: INT, kind: STRING, similarity: DOUBLE>>"
    ),
    "stories": "id STRING, title STRING, size INT, documents ARRAY<STRING>",
    "lineage_nodes": "id STRING, kind STRING, label STRING, document STRING, story STRING",
    "lineage_edges": (
        "parent STRING, child STRING, transforms ARRAY<STRING>, confidence DOUBLE, evidence ARRAY<STRING>"
    ),
    "findings": (
        "document STRING, kind STRING, detail STRING, span_start INT, span_end INT, related STRING, "
        "related_start INT, related_end INT"
    ),
    "rejected": "path STRING, reason STRING",
}


def document_row(value: tuple[Document, str]) -> Row:
    doc, story = value
    art = doc.article
    spans = [(s.start, s.end) for s in doc.sentences if s.boilerplate]
    return (doc.id, story, art.title, doc.language, art.url, art.site, art.published, len(doc.text),
            len(doc.sentences), spans)  # fmt: skip


def relation_row(rel: Relation) -> Row:
    return (rel.a, rel.b, rel.relation, list(rel.transforms), rel.direction, list(rel.direction_evidence),
            rel.confidence, rel.coverage_a, rel.coverage_b, list(rel.evidence), len(rel.passages))  # fmt: skip


def passage_rows(rel: Relation) -> list[Row]:
    return [
        (rel.a, rel.b, n, p.kind, p.similarity, p.a_start, p.a_end, p.b_start, p.b_end, _links(p))
        for n, p in enumerate(rel.passages)
    ]


def _links(p: Passage) -> list[Row]:
    return [(link.a, link.b, link.kind, link.similarity) for link in p.links]


def story_row(story: Story) -> Row:
    return (story.id, story.title, len(story.documents), list(story.documents))


def node_row(node: LineageNode) -> Row:
    return (node.id, node.kind, node.label, node.document, node.story)


def edge_row(edge: LineageEdge) -> Row:
    return (edge.parent, edge.child, list(edge.transforms), edge.confidence, list(edge.evidence))


def finding_row(f: Finding) -> Row:
    span = f.span or (None, None)
    related = f.related_span or (None, None)
    return (f.document, f.kind, f.detail, span[0], span[1], f.related, related[0], related[1])


def rejected_row(r: Rejection) -> Row:
    return (r.path, r.reason)


#: Table name -> (tag of the records it is made from, rows of one record).
ROWS: dict[str, tuple[str, Callable[[Any], Iterable[Row]]]] = {
    "documents": ("document", lambda v: [document_row(v)]),
    "relations": ("relation", lambda v: [relation_row(v)]),
    "passages": ("relation", passage_rows),
    "stories": ("story", lambda v: [story_row(v)]),
    "lineage_nodes": ("node", lambda v: [node_row(v)]),
    "lineage_edges": ("edge", lambda v: [edge_row(v)]),
    "findings": ("finding", lambda v: [finding_row(v)]),
    "rejected": ("rejected", lambda v: [rejected_row(v)]),
}


def schema(table: str) -> StructType:
    from pyspark.sql.types import StructType

    parsed = StructType.fromDDL(SCHEMAS[table])
    assert isinstance(parsed, StructType)
    return parsed


def wide_schema() -> StructType:
    """One nullable struct column per table, named after it: a row of ``wide_rows`` fills one."""
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(name, schema(name), nullable=True) for name in ROWS])


def wide_rows(tagged: tuple[str, Any]) -> Iterable[Row]:
    """The rows a tagged record makes in every table, each as a row of ``wide_schema``.

    The job converts its records once, in one pass, and the tables are then cut from
    that in the JVM, rather than reading every record in Python once per table.
    """
    tag, value = tagged
    for position, (t, convert) in enumerate(ROWS.values()):
        if t == tag:
            for row in convert(value):
                wide: list[Row | None] = [None] * len(ROWS)
                wide[position] = row
                yield tuple(wide)
