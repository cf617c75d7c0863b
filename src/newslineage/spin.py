"""Spin detection without the source: improbable word pairs with a common synonym twin.

A synonym spinner swaps words one at a time, so a spun text is full of word
pairs nobody else writes ("vitality infrastructure") whose synonym-swapped twin
is what everybody else writes ("energy infrastructure"). The collection supplies
"what everybody writes" (word pairs counted by document), WordNet supplies
"synonym". One odd pair is style; a text is flagged only when it has several,
because spinning is systematic.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from newslineage.models import Document, Sentence
from newslineage.synonyms import Synonyms
from newslineage.workers import Shared

_WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "your",
        "not",
        "no",
        "so",
        "if",
        "than",
        "then",
        "there",
        "here",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "such",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "also",
        "just",
        "only",
        "very",
        "into",
        "over",
        "after",
        "before",
        "about",
        "up",
        "down",
        "out",
        "off",
    ]
)


@dataclass(frozen=True, slots=True)
class SpinHit:
    """One improbable word pair, where it is, and the wording the collection suggests."""

    document: str
    start: int
    end: int
    found: str
    likely: str
    support: int


def _pairs(doc: Document) -> Iterator[tuple[str, str, int, int]]:
    """Adjacent word pairs of the content sentences: (w1, w2, start, end)."""
    for sentence in doc.content:
        yield from _pairs_of_sentence(doc, sentence)


def _pairs_of_sentence(doc: Document, sentence: Sentence) -> Iterator[tuple[str, str, int, int]]:
    text = doc.sentence_text(sentence)
    for (w1, s1, e1), (w2, s2, e2) in itertools.pairwise(_tokens(text)):
        if not text[e1:s2].strip():  # words across punctuation are not a phrase
            yield w1, w2, sentence.start + s1, sentence.start + e2


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """The folded words of one sentence with their offsets in it."""
    folded = _fold(text)
    if len(folded) == len(text):
        # Lower-casing kept every offset (it does for all but a few letters such as "İ"):
        # one call for the sentence instead of one per word.
        return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(folded)]
    return [(_fold(m.group(0)), m.start(), m.end()) for m in _WORD.finditer(text)]


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


#: A word as ``_WORD`` reads it (the group), or one mark that is neither a word character nor a
#: space: the marks a phrase breaks at, found in the same scan as the words.
_WORD_OR_MARK = re.compile(r"(\w+(?:['’]\w+)?)|[^\w\s]", re.UNICODE)


def _word_pairs(doc: Document) -> Iterator[WordPair]:
    """The (w1, w2) of ``_pairs``, without offsets: one scan per sentence, no match objects.

    Between two words there are only marks and spaces; the pair is a phrase when no mark
    (an empty group here) comes between them, which is what ``_pairs`` reads off the gap.
    """
    for sentence in doc.content:
        text = doc.sentence_text(sentence)
        folded = _fold(text)
        if len(folded) != len(text):
            yield from ((w1, w2) for w1, w2, _, _ in _pairs_of_sentence(doc, sentence))
            continue
        previous = ""
        for word in _WORD_OR_MARK.findall(folded):
            if word and previous:
                yield previous, word
            previous = word


def _content(word: str) -> bool:
    # Swaps of function words ("to give" / "to have") are everyday variation, not spinning.
    return word.isalpha() and len(word) > 2 and word not in _STOP


def _variant(a: str, b: str) -> bool:
    """Spelling variants ("labour"/"labor", "grey"/"gray", "transport"/"transportation")."""
    return difflib.SequenceMatcher(a=a, b=b).ratio() >= 0.75 or a.startswith(b) or b.startswith(a)


WordPair = tuple[str, str]


def document_pairs(doc: Document) -> set[WordPair]:
    """The distinct adjacent word pairs of one document."""
    return set(_word_pairs(doc))


def content_pairs(doc: Document) -> set[WordPair]:
    """The distinct pairs of two content words: of ``doc``'s own pairs, the counts ``spin_reports`` reads."""
    return {(w1, w2) for w1, w2 in document_pairs(doc) if _content(w1) and _content(w2)}


def pair_document_counts(
    docs: Sequence[Document], workers: int = 1, *, per_fork: int | None = None
) -> Counter[WordPair]:
    """In how many documents each adjacent word pair occurs (``workers`` processes count chunks;
    ``per_fork`` as ``workers.Shared`` reads it)."""
    counts: Counter[WordPair] = Counter()
    for part in Shared(_count_chunk, docs, workers, per_fork=per_fork).map(_chunks(docs)):
        counts.update(part)
    return counts


#: Documents per task when workers share the spin passes.
_CHUNK = 2_000


def _chunks(docs: Sequence[Document]) -> list[range]:
    return [range(k, min(len(docs), k + _CHUNK)) for k in range(0, len(docs), _CHUNK)]


def _count_chunk(docs: Sequence[Document], rows: range) -> Counter[WordPair]:
    counts: Counter[WordPair] = Counter()
    for k in rows:
        counts.update(document_pairs(docs[k]))
    return counts


class _Swaps:
    """Each word's WordNet synonyms that are not spelling variants of it, remembered for one pass.

    Comparing spellings is most of what finding a pair's twins costs, and a collection's
    documents share most of their words.
    """

    def __init__(self, synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self._known: dict[str, tuple[str, ...]] = {}

    def __call__(self, word: str) -> tuple[str, ...]:
        found = self._known.get(word)
        if found is None:
            found = self._known[word] = tuple(s for s in self.synonyms.of(word) if not _variant(s, word))
        return found


def _twins(w1: str, w2: str, swaps: _Swaps) -> list[WordPair]:
    """(w1, w2) with one word swapped for a WordNet synonym that is not a spelling variant."""
    return [(s, w2) for s in swaps(w1)] + [(w1, s) for s in swaps(w2)]


def lookups(docs: Iterable[Document], synonyms: Synonyms) -> Iterator[set[WordPair]]:
    """For each document in turn, every word pair whose document count ``spin_reports`` may read for it.

    A caller that counts pairs elsewhere (a Spark job) fetches just these counts. The
    documents share one memory of synonyms (``_Swaps``), as ``spin_reports``' do.
    """
    swaps = _Swaps(synonyms)
    for doc in docs:
        pairs = content_pairs(doc)
        out = set(pairs)
        for w1, w2 in pairs:
            out.update(_twins(w1, w2, swaps))
        yield out


def _likely(w1: str, w2: str, counts: Mapping[WordPair, int], swaps: _Swaps) -> tuple[str, int] | None:
    """The synonym-swapped twin of (w1, w2) most documents use, with its count."""
    options = [(pair, counts.get(pair, 0)) for pair in _twins(w1, w2, swaps)]
    if not options:
        return None
    (a, b), support = max(options, key=lambda o: (o[1], o[0]))
    return f"{a} {b}", support


#: Improbable pairs a document needs before it is flagged at all: one odd pair is style.
MIN_HITS = 4
#: Improbable pairs per 100 content words above which a text reads as spinner output throughout
#: (bench/spin_threshold.py measures it: see docs/architecture.md, "Spin detection").
THROUGHOUT_PER_100_WORDS = 0.3


@dataclass(frozen=True, slots=True)
class SpinReport:
    """The improbable pairs of one document, and how densely they occur in it."""

    document: str
    hits: tuple[SpinHit, ...]
    words: int

    @property
    def per_100_words(self) -> float:
        return 100.0 * len(self.hits) / self.words if self.words else 0.0

    def throughout(self, min_hits: int = MIN_HITS, min_density: float = THROUGHOUT_PER_100_WORDS) -> bool:
        """Spun from start to end: enough improbable pairs, and densely enough for the text's length."""
        return len(self.hits) >= min_hits and self.per_100_words >= min_density


def content_words(doc: Document) -> int:
    """Words in the content sentences (site furniture left out)."""
    return sum(len(_WORD.findall(doc.sentence_text(s))) for s in doc.content)


def spin_reports(
    docs: Sequence[Document],
    synonyms: Synonyms,
    *,
    min_support: int = 2,
    counts: Mapping[WordPair, int] | None = None,
    workers: int = 1,
    per_fork: int | None = None,
) -> dict[str, SpinReport]:
    """Every document with at least one improbable pair, keyed by id.

    A pair is improbable when no other document uses it and a synonym twin occurs
    in at least ``min_support`` other documents. ``counts`` are the word-pair document
    counts of the whole collection when ``docs`` is only part of it (the index, a Spark
    job's story): at least the pairs ``lookups`` names, absent pairs count 0. By default
    they are counted over ``docs``. ``workers`` forked processes share both passes
    (``per_fork`` as ``workers.Shared`` reads it).
    """
    if not synonyms:
        return {}
    if counts is None:
        counts = pair_document_counts(docs, workers, per_fork=per_fork)
    out: dict[str, SpinReport] = {}
    context = _Reading(docs, synonyms, counts, min_support)
    for part in Shared(_report_chunk, context, workers, per_fork=per_fork).map(_chunks(docs)):
        out.update(part)
    return out


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the report pass reads; forked workers share it."""

    docs: Sequence[Document]
    synonyms: Synonyms
    counts: Mapping[WordPair, int]
    min_support: int


def _report_chunk(context: _Reading, rows: range) -> dict[str, SpinReport]:
    out: dict[str, SpinReport] = {}
    swaps = _Swaps(context.synonyms)
    for k in rows:
        report = _report(context.docs[k], swaps, context.counts, context.min_support)
        if report is not None:
            out[report.document] = report
    return out


def _report(
    doc: Document, swaps: _Swaps, counts: Mapping[WordPair, int], min_support: int
) -> SpinReport | None:
    """The improbable pairs of one document; None when it has none."""
    # Most documents have none: the offsets are read only for those that do.
    pairs = set(_word_pairs(doc))
    content = set(filter(_content, {w for pair in pairs for w in pair}))
    if not any(
        _improbable(w1, w2, swaps, counts, min_support) for w1, w2 in pairs if w1 in content and w2 in content
    ):
        return None
    hits = []
    seen: set[tuple[str, str]] = set()
    for w1, w2, start, end in _pairs(doc):
        # The count is read last: only pairs of content words are ever looked up (``content_pairs``).
        if (w1, w2) in seen or not _content(w1) or not _content(w2) or counts.get((w1, w2), 0) > 1:
            continue
        seen.add((w1, w2))
        twin = _likely(w1, w2, counts, swaps)
        if twin is not None and twin[1] >= min_support:
            hits.append(SpinHit(doc.id, start, end, doc.text[start:end], twin[0], twin[1]))
    return SpinReport(doc.id, tuple(hits), content_words(doc)) if hits else None


def _improbable(w1: str, w2: str, swaps: _Swaps, counts: Mapping[WordPair, int], min_support: int) -> bool:
    """The test ``_report`` puts each new pair to."""
    if not _content(w1) or not _content(w2) or counts.get((w1, w2), 0) > 1:
        return False
    twin = _likely(w1, w2, counts, swaps)
    return twin is not None and twin[1] >= min_support


def suspected_spin(
    docs: Sequence[Document],
    synonyms: Synonyms,
    *,
    min_support: int = 2,
    min_hits: int = MIN_HITS,
    counts: Mapping[WordPair, int] | None = None,
) -> dict[str, list[SpinHit]]:
    """Improbable pairs per document, for documents with at least ``min_hits`` of them."""
    reports = spin_reports(docs, synonyms, min_support=min_support, counts=counts)
    return {doc: list(r.hits) for doc, r in reports.items() if len(r.hits) >= min_hits}
