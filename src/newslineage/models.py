"""The typed records that flow between pipeline stages.

All records are frozen: a stage never mutates what an earlier stage produced,
which is what lets the same functions run in the CLI, the service and Spark.
Offsets (``start``/``end``) are always character offsets into ``Article.text``,
the text exactly as ingest decoded it, so every span maps back to the input.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:
    from newslineage.config import ScanConfig

RelationKind = Literal["duplicate", "near_duplicate", "derived", "same_story", "unrelated"]
PassageKind = Literal["verbatim", "light_edit", "spun", "paraphrase", "translated"]
AnchorKind = Literal["name", "number", "date", "quote", "credit"]
_T = TypeVar("_T")
Direction = Literal["a->b", "b->a", "common_source", "unknown"]

#: Relations that mean "one text was made from the other (or from a common text)".
COPY_RELATIONS: frozenset[str] = frozenset({"duplicate", "near_duplicate", "derived"})


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as ingest read it.

    ``id`` is the path relative to the scanned root, or ``path#N`` for the
    N-th record of a JSONL or WARC file. ``extra`` keeps unknown JSON fields.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become an article, and why (never silent)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article; ``start``/``end`` index ``Article.text``."""

    index: int
    start: int
    end: int
    paragraph: int
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Anchor:
    """A fact-like token that survives rewording: a name, number, date, quote or credit.

    ``value`` is normalized for matching (``"3,3 %"`` and ``"3.3%"`` share it);
    ``start``/``end`` point at the original characters. ``speaker`` is set for
    quotes when the attribution could be read; ``sentence`` is the index of the
    sentence holding the anchor.
    """

    kind: AnchorKind
    value: str
    start: int
    end: int
    sentence: int
    speaker: str | None = None

    def __reduce__(self) -> tuple[Callable[..., Anchor], tuple[object, ...]]:
        # Read back (from a worker of the text stage, or a checkpoint) with the value interned:
        # 185,000 distinct values among 2.7 million anchors at 100,000 articles, 170 MB as
        # strings of their own, and every forked worker that reads them copies their pages.
        return _interned_anchor, (self.kind, self.value, self.start, self.end, self.sentence, self.speaker)


def _interned_anchor(
    kind: AnchorKind, value: str, start: int, end: int, sentence: int, speaker: str | None
) -> Anchor:
    """An ``Anchor`` whose value is the one string object of its text (``sys.intern``)."""
    return Anchor(kind, sys.intern(value), start, end, sentence, speaker)


@dataclass(frozen=True, slots=True)
class Document:
    """An article after the text stage: language, sentences and anchors."""

    article: Article
    language: str
    sentences: tuple[Sentence, ...]
    anchors: tuple[Anchor, ...]
    #: What the relation stage reads of one document for every pair it is in (its content
    #: sentences and their length, its quoted sentences), worked out on the first pair: a
    #: document is in dozens of candidate pairs. Only small reads belong here: whatever is
    #: remembered is held for every document by every process that relates pairs.
    #: Filled through ``remembered``; never part of what the record is or compares equal by.
    _reads: dict[object, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> list[object]:
        # Without what was remembered: it is rebuilt from the fields on demand, and a record
        # pickled by an earlier version (a checkpoint) has only the fields.
        return [self.article, self.language, self.sentences, self.anchors]

    def __setstate__(self, state: list[object]) -> None:
        for name, value in zip(("article", "language", "sentences", "anchors"), state, strict=False):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_reads", {})

    def remembered(self, key: object, read: Callable[[], _T]) -> _T:
        """``read()``, worked out once per document and ``key``: ``read`` must depend on nothing else."""
        try:
            return self._reads[key]  # type: ignore[return-value]  # stored by this method under key
        except KeyError:
            value = self._reads[key] = read()
            return value

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_text(self, sentence: Sentence) -> str:
        return self.article.text[sentence.start : sentence.end]

    @property
    def content(self) -> tuple[Sentence, ...]:
        """Sentences that are not site furniture."""
        return self.remembered("content", lambda: tuple(s for s in self.sentences if not s.boilerplate))

    @property
    def content_chars(self) -> int:
        return self.remembered("content_chars", lambda: sum(s.end - s.start for s in self.content))


@dataclass(frozen=True, slots=True)
class Link:
    """One aligned sentence pair inside a passage (indices into ``Document.sentences``)."""

    a: int
    b: int
    similarity: float
    kind: PassageKind


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of aligned sentences, with character spans on both sides."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: PassageKind
    similarity: float
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """What two articles have to do with each other, with the evidence in words."""

    a: str
    b: str
    relation: RelationKind
    transforms: tuple[PassageKind, ...]
    confidence: float
    coverage_a: float
    coverage_b: float
    evidence: tuple[str, ...]
    passages: tuple[Passage, ...]
    direction: Direction = "unknown"
    direction_evidence: tuple[str, ...] = ()

    @property
    def is_copy(self) -> bool:
        return self.relation in COPY_RELATIONS


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about one event."""

    id: str
    documents: tuple[str, ...]
    title: str


FindingKind = Literal["credit_stripped", "quote_altered", "number_changed", "added", "spin_suspected"]


@dataclass(frozen=True, slots=True)
class Finding:
    """An audit finding on ``document``, with spans on both sides where they exist.

    ``related`` is the other document or lineage node it was compared with. ``spans``
    lists every place in ``document`` the finding covers (an ``added`` finding lists all
    the passages with no counterpart); ``span`` is the first of them, and a finding
    made with ``span`` alone gets ``spans == (span,)``.
    """

    document: str
    kind: FindingKind
    detail: str
    span: tuple[int, int] | None
    related: str | None
    related_span: tuple[int, int] | None
    spans: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if not self.spans and self.span is not None:
            object.__setattr__(self, "spans", (self.span,))
        if self.spans and self.span != self.spans[0]:
            raise ValueError(
                f"Finding on {self.document}: span {self.span} is not the first of spans {self.spans}; "
                "pass span=spans[0]"
            )


@dataclass(frozen=True, slots=True)
class LineageNode:
    id: str
    kind: str  # "document" | "inferred_source"
    label: str
    document: str | None
    story: str


@dataclass(frozen=True, slots=True)
class LineageEdge:
    parent: str
    child: str
    transforms: tuple[str, ...]
    confidence: float
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lineage:
    nodes: tuple[LineageNode, ...]
    edges: tuple[LineageEdge, ...]

    def parent_of(self, node: str) -> str | None:
        return next((e.parent for e in self.edges if e.child == node), None)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything a scan found; the report modules turn it into JSON, text or HTML."""

    config: ScanConfig
    documents: tuple[Document, ...]
    rejected: tuple[Rejection, ...]
    relations: tuple[Relation, ...]
    stories: tuple[Story, ...]
    lineage: Lineage = field(default_factory=lambda: Lineage((), ()))
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    _by_id: dict[str, Document] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {d.id: d for d in self.documents})

    def document(self, doc_id: str) -> Document:
        """The document with this id (KeyError names it when absent)."""
        return self._by_id[doc_id]
