"""The records of models.py as JSON text and arrays, and back, for the index's tables.

Every conversion is exact: a record read back equals the record written, which
is what lets an index export the same report a scan writes.
"""

from __future__ import annotations

import json
from typing import Any, cast

import numpy as np

from newslineage.direction import Verdict
from newslineage.models import (
    Anchor,
    Article,
    Finding,
    LineageEdge,
    LineageNode,
    Link,
    Passage,
    Relation,
    Sentence,
)


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_meta(article: Article) -> str:
    return dumps(
        {
            "title": article.title,
            "url": article.url,
            "site": article.site,
            "published": article.published,
            "extra": dict(article.extra),
        }
    )


def article_from(doc_id: str, text: str, meta: str) -> Article:
    m = json.loads(meta)
    return Article(doc_id, text, m["title"], m["url"], m["site"], m["published"], m["extra"])


def sentences_blob(sentences: tuple[Sentence, ...]) -> bytes:
    rows = [(s.start, s.end, s.paragraph, int(s.boilerplate)) for s in sentences]
    return np.array(rows, dtype=np.int32).reshape(len(rows), 4).tobytes()


def sentences_from(blob: bytes) -> tuple[Sentence, ...]:
    rows = np.frombuffer(blob, dtype=np.int32).reshape(-1, 4).tolist()
    return tuple(Sentence(i, s, e, p, bool(b)) for i, (s, e, p, b) in enumerate(rows))


def anchors_json(anchors: tuple[Anchor, ...]) -> str:
    return dumps([[a.kind, a.value, a.start, a.end, a.sentence, a.speaker] for a in anchors])


def anchors_from(text: str) -> tuple[Anchor, ...]:
    return tuple(Anchor(k, v, s, e, n, sp) for k, v, s, e, n, sp in json.loads(text))


def relation_json(rel: Relation) -> str:
    return dumps(
        {
            "relation": rel.relation,
            "transforms": list(rel.transforms),
            "confidence": rel.confidence,
            "coverage": [rel.coverage_a, rel.coverage_b],
            "evidence": list(rel.evidence),
            "direction": rel.direction,
            "direction_evidence": list(rel.direction_evidence),
            "passages": [
                [
                    p.a_start,
                    p.a_end,
                    p.b_start,
                    p.b_end,
                    p.kind,
                    p.similarity,
                    [[k.a, k.b, k.similarity, k.kind] for k in p.links],
                ]
                for p in rel.passages
            ],
        }
    )


def relation_from(a: str, b: str, text: str) -> Relation:
    d: dict[str, Any] = json.loads(text)
    passages = tuple(
        Passage(s1, e1, s2, e2, kind, sim, tuple(Link(x, y, ls, lk) for x, y, ls, lk in links))
        for s1, e1, s2, e2, kind, sim, links in d["passages"]
    )
    return Relation(
        a=a,
        b=b,
        relation=d["relation"],
        transforms=tuple(d["transforms"]),
        confidence=d["confidence"],
        coverage_a=d["coverage"][0],
        coverage_b=d["coverage"][1],
        evidence=tuple(d["evidence"]),
        passages=passages,
        direction=d["direction"],
        direction_evidence=tuple(d["direction_evidence"]),
    )


def node_json(node: LineageNode) -> str:
    return dumps([node.kind, node.label, node.document])


def node_from(node_id: str, story: str, text: str) -> LineageNode:
    kind, label, document = json.loads(text)
    return LineageNode(node_id, kind, label, document, story)


def edge_json(edge: LineageEdge) -> str:
    return dumps([list(edge.transforms), edge.confidence, list(edge.evidence)])


def edge_from(parent: str, child: str, text: str) -> LineageEdge:
    transforms, confidence, evidence = json.loads(text)
    return LineageEdge(parent, child, tuple(transforms), confidence, tuple(evidence))


def finding_json(f: Finding) -> str:
    return dumps([f.kind, f.detail, f.span, f.related, f.related_span, f.spans])


def finding_from(document: str, text: str) -> Finding:
    kind, detail, span, related, related_span, *rest = json.loads(text)
    # Rows written before findings carried every span hold five fields: spans is then (span,).
    spans = tuple(cast(tuple[int, int], tuple(x)) for x in rest[0]) if rest else ()
    return Finding(
        document,
        kind,
        detail,
        cast(tuple[int, int], tuple(span)) if span else None,
        related,
        cast(tuple[int, int], tuple(related_span)) if related_span else None,
        spans,
    )


def verdict_json(holds: tuple[bool, bool], gap: float, verdict: Verdict) -> str:
    return dumps(
        [list(holds), gap, verdict.direction, verdict.score, list(verdict.evidence), verdict.decisive]
    )


def verdict_from(text: str) -> tuple[tuple[bool, bool], float, Verdict]:
    (x, y), gap, direction, score, evidence, decisive = json.loads(text)
    return (bool(x), bool(y)), gap, Verdict(direction, score, tuple(evidence), bool(decisive))
