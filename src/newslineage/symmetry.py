"""One orientation per pair, fixed by content: the answer does not depend on ids.

Alignment and the pair measurements read their two sides differently (runs are
chained in the first text's order, a link's kind is how the second sentence
relates to the first, transforms are weighed on one side's characters). Ids
decide which side a pair's ``a`` is, and ids change with the form of the input
(``feed.json#12`` or ``feed.jsonl#407``), so a pair measured in id order could get
a different answer when the same collection arrives in another form.

Every pair is therefore measured in its *canonical* orientation, the one its two
documents' contents sort in (``content_key``), and the result is mirrored back to
id order (``a < b``) for the report. Mirroring swaps the sides and nothing else.
"""

from __future__ import annotations

import hashlib
import re

from newslineage.models import Article, Direction, Document, Link, Passage, Relation

_COVERAGE = re.compile(r"^coverage (\S+) of a, (\S+) of b")
_DIRECTIONS: dict[Direction, Direction] = {"a->b": "b->a", "b->a": "a->b"}


def content_key(doc: Document) -> bytes:
    """A digest of everything a document's analysis reads; equal only for interchangeable documents."""
    return article_key(doc.article)


def article_key(article: Article) -> bytes:
    """``content_key`` of the document ``article`` becomes: its text, title, url, site and date."""
    parts = (article.text, article.title, article.url, article.site, article.published)
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        # A length prefix keeps ("ab", "c") and ("a", "bc") apart.
        data = (part or "").encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + (b"\x01" if part is not None else b"\x00") + data)
    return digest.digest()


def mirror_link(link: Link) -> Link:
    return Link(a=link.b, b=link.a, similarity=link.similarity, kind=link.kind)


def mirror_passage(p: Passage) -> Passage:
    return Passage(
        a_start=p.b_start,
        a_end=p.b_end,
        b_start=p.a_start,
        b_end=p.a_end,
        kind=p.kind,
        similarity=p.similarity,
        links=tuple(mirror_link(link) for link in p.links),
    )


def mirror_evidence(line: str) -> str:
    """An evidence line as seen from the other side ("coverage 78% of a, 100% of b" swaps)."""
    return _COVERAGE.sub(lambda m: f"coverage {m[2]} of a, {m[1]} of b", line)


def mirror(rel: Relation) -> Relation:
    """The same relation with ``a`` and ``b`` swapped: spans, coverage, direction and wording."""
    return Relation(
        a=rel.b,
        b=rel.a,
        relation=rel.relation,
        transforms=rel.transforms,
        confidence=rel.confidence,
        coverage_a=rel.coverage_b,
        coverage_b=rel.coverage_a,
        evidence=tuple(mirror_evidence(e) for e in rel.evidence),
        passages=tuple(
            sorted((mirror_passage(p) for p in rel.passages), key=lambda p: (p.a_start, p.b_start))
        ),
        direction=_DIRECTIONS.get(rel.direction, rel.direction),
        direction_evidence=rel.direction_evidence,
    )


def in_id_order(rel: Relation) -> Relation:
    """``rel`` with ``a < b`` by id, as the report lists pairs."""
    return rel if rel.a < rel.b else mirror(rel)
