"""When articles appeared and what they are about: the evidence stories read beyond relations.

Relations link two reports of one event only when they share its particulars in words
both use (``relate.same_event``). Reports in two languages, or two outlets that each
picked other details of one event, are often left unlinked: the relation graph of a
real event is sparse (on bench/realnews, half of the pairs inside a story group). Two
signals the relations do not use fill it in, and each guards the other:

- **time**: the coverage of one event appears within weeks. Two articles published
  more than ``STORY_DAYS`` apart report two events, however alike: the deaths of two
  popes, two central-bank meetings, the same airline's crashes six years apart. Such a
  pair's ``same_story`` link is not counted (copy relations always are: a copy repeats
  its source's story whenever it was published).
- **topic**: relations read particulars in the words both texts use, so across
  languages they see little; there topic speaks for them. Stories join by average
  linkage as ``stories`` does, over all the article pairs between them: a pair in one
  language counts when it is related, a pair in two languages also when the stories'
  pairs in those two languages are, on average, about the same thing (mean cosine of
  their multilingual document vectors of at least ``MIN_TOPIC_SIMILARITY``). Two stories
  each mixing languages (an English and a French report here, an English and a French
  one there) join when their pairs across languages agree in topic and outweigh the
  same-language pairs the relations left apart. Topic alone cannot tell two
  earthquakes apart, so undated stories never join on topic, and topic never counts
  for a pair in one language: a day's crawl of one language holds many events of one
  kind (1,000 synthetic articles all dated one day fell from 363 stories to 22 when
  same-language pairs counted by topic).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from newslineage.models import Document

#: Reports of one event appear within this many days of each other.
STORY_DAYS = 30
#: Pairs in two languages count as related when their stories' mean document cosine across
#: languages reaches this. Chosen on the dev half of bench/realnews (the highest value within
#: 0.02 of the best story ARI there; docs/benchmarks.md, "Real news pages"); the synthetic
#: and L2R collections are in one language, so it never acts on them.
MIN_TOPIC_SIMILARITY = 0.45

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Topics:
    """Each article's publication day and document vector, and the pairs worth comparing.

    ``days`` holds dated articles only (``date.toordinal``); ``vectors`` unit-length
    document vectors; ``neighbours`` pairs of ids (the candidate pairs of the scan):
    only stories joined by one of them are compared, so the cost follows the candidates.
    """

    days: Mapping[str, int]
    vectors: Mapping[str, Vector]
    neighbours: Sequence[tuple[str, str]]
    #: Each article's language; stories with a language in common never join on topic.
    languages: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = sorted({x for p in self.neighbours for x in p} - self.vectors.keys())
        if missing:
            raise ValueError(
                f"Topics.neighbours name {len(missing)} articles with no vector (first: {missing[0]!r}); "
                "give a vector for every article a neighbour pair names"
            )

    def far_apart(self, a: str, b: str) -> bool:
        """Both articles are dated and appeared more than ``STORY_DAYS`` apart."""
        da, db = self.days.get(a), self.days.get(b)
        return da is not None and db is not None and abs(da - db) > STORY_DAYS


def published_day(value: str | None) -> int | None:
    """The day an ISO date (``2023-08-10``, or a timestamp starting with one) names, else None."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).toordinal()
    except ValueError:
        return None


def topics_of(
    docs: Sequence[Document],
    vectors: Vector,
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
) -> Topics:
    """``Topics`` of a scan: ``vectors`` row k is ``docs[k]``'s; candidate pairs are rows ``first[n], second[n]``.

    Only pairs of two dated articles are kept as neighbours: a large scan holds
    millions of candidates, and the others can never join two stories on topic.
    """
    days = {d.id: day for d in docs if (day := published_day(d.article.published)) is not None}
    dated = np.array([d.id in days for d in docs], dtype=bool)
    keep = dated[first] & dated[second] if len(docs) else np.zeros(0, dtype=bool)
    return Topics(
        days=days,
        languages={d.id: d.language for d in docs},
        vectors={d.id: vectors[k] for k, d in enumerate(docs)},
        neighbours=[
            (docs[i].id, docs[j].id) for i, j in zip(first[keep].tolist(), second[keep].tolist(), strict=True)
        ],
    )


def join_by_topic(
    clusters: Sequence[set[str]],
    topics: Topics,
    related: Sequence[tuple[str, str]] = (),
    min_density: float = 0.5,
) -> list[set[str]]:
    """Average linkage of the stories on their relations, topic standing in where relations are blind.

    Two stories join while more than ``min_density`` of the article pairs between them
    count as related and the merged story's dated articles span at most ``STORY_DAYS``.
    A pair in one language counts when ``related`` holds it: there the relations read
    the particulars that tell one event from another, so topic never speaks for it. A
    pair in two languages counts when it is related, or when the two stories' pairs in
    those two languages are, on average, about one thing (mean document cosine of at
    least ``MIN_TOPIC_SIMILARITY``): across languages relations see little, and topic is
    the evidence. Stories are compared when a neighbour pair joins them; the densest pair
    merges first (then the closest in topic).
    """
    if not topics.days:
        return [set(c) for c in clusters]  # nothing dated, nothing joins: skip the bookkeeping
    state = _State(clusters, topics, related, min_density)
    heap = [(-s[0], -s[1], x, y) for x, y in state.adjacent() if (s := state.score(x, y)) is not None]
    heapq.heapify(heap)
    while heap:
        density, mean, x, y = heapq.heappop(heap)
        if x not in state.members or y not in state.members:
            continue
        now = state.score(x, y)
        if now is None or abs(now[0] + density) > 1e-9 or abs(now[1] + mean) > 1e-9:
            continue  # stale: one side changed since this entry was pushed
        for z, s in state.merge(x, y):
            first, second = sorted((x, z))
            heapq.heappush(heap, (-s[0], -s[1], first, second))
    return [set(m) for m in state.members.values()]


#: Related article pairs between two stories: in one language, and in each pair of two languages.
_Links = tuple[int, Mapping[frozenset[str], int]]


class _State:
    """Stories keyed by their smallest id: members, vector sums per language, dated span, links, neighbours."""

    def __init__(
        self,
        clusters: Sequence[set[str]],
        topics: Topics,
        related: Sequence[tuple[str, str]],
        min_density: float,
    ) -> None:
        self.min_density = min_density
        self.members = {min(c): set(c) for c in clusters if c}
        owner = {doc: key for key, c in self.members.items() for doc in c}
        # Per story and language: the sum of its articles' vectors and how many there are.
        self.sums: dict[str, dict[str, npt.NDArray[np.float64]]] = {}
        self.counts: dict[str, dict[str, int]] = {}
        self.span: dict[str, tuple[int, int] | None] = {}
        for key, c in self.members.items():
            self.sums[key], self.counts[key] = {}, defaultdict(int)
            for d in sorted(c):
                language = topics.languages.get(d, "")
                self.counts[key][language] += 1
                if d in topics.vectors:
                    self._add_vector(key, language, topics.vectors[d].astype(np.float64))
            dated = [topics.days[d] for d in c if d in topics.days]
            self.span[key] = (min(dated), max(dated)) if dated else None
        self.links: dict[str, dict[str, _Links]] = defaultdict(dict)
        for a, b in related:
            if owner[a] != owner[b]:
                la, lb = topics.languages.get(a, ""), topics.languages.get(b, "")
                self._add_links(owner[a], owner[b], (1, {}) if la == lb else (0, {frozenset((la, lb)): 1}))
        self.near: dict[str, set[str]] = defaultdict(set)
        for a, b in topics.neighbours:
            x, y = owner.get(a), owner.get(b)
            # A story with no dated article never joins: no need to keep its neighbours.
            if x is not None and y is not None and x != y and self.span[x] and self.span[y]:
                self.near[x].add(y)
                self.near[y].add(x)

    def _add_vector(self, key: str, language: str, v: npt.NDArray[np.float64]) -> None:
        had = self.sums[key].get(language)
        self.sums[key][language] = v if had is None else had + v

    def _add_links(self, x: str, y: str, n: _Links) -> None:
        same, across = self.links[x].get(y, (0, {}))
        merged = dict(across)
        for languages, count in n[1].items():
            merged[languages] = merged.get(languages, 0) + count
        self.links[x][y] = self.links[y][x] = (same + n[0], merged)

    def adjacent(self) -> list[tuple[str, str]]:
        return sorted((x, y) for x, row in self.near.items() for y in row if x < y)

    def _joined_span(self, x: str, y: str) -> tuple[int, int] | None:
        sx, sy = self.span[x], self.span[y]
        if sx is None or sy is None:
            return None
        return min(sx[0], sy[0]), max(sx[1], sy[1])

    def score(self, x: str, y: str) -> tuple[float, float] | None:
        """Stories x and y's density of related pairs and their mean cosine across languages, or None.

        None when they may not join: outside one window of time, or at most ``min_density``.
        """
        span = self._joined_span(x, y)
        if span is None or span[1] - span[0] > STORY_DAYS:
            return None
        cx, cy = self.counts[x], self.counts[y]
        pairs = sum(cx.values()) * sum(cy.values())
        one_language = sum(n * cy.get(language, 0) for language, n in cx.items())
        across = pairs - one_language
        same, related = self.links[x].get(y, (0, {}))
        counted, mean = same, 0.0
        if across:
            blocks = self._blocks(x, y)
            mean = sum(total for _, total in blocks.values()) / across
            for languages, (n, total) in blocks.items():
                # Block by block: an article in a third language about both stories (a
                # bridge) agrees with each, and must not vouch for the pairs of two
                # languages that do not agree.
                counted += n if total / n >= MIN_TOPIC_SIMILARITY else related.get(languages, 0)
        density = counted / pairs
        return (density, mean) if density > self.min_density else None

    def _blocks(self, x: str, y: str) -> dict[frozenset[str], tuple[int, float]]:
        """The two stories' article pairs in two languages, by their pair of languages: how
        many, and the sum of their cosines."""
        out: dict[frozenset[str], tuple[int, float]] = {}
        sx, sy = self.sums[x], self.sums[y]
        for lx, nx in self.counts[x].items():
            for ly, ny in self.counts[y].items():
                if lx != ly and nx and ny:
                    key = frozenset((lx, ly))
                    n, total = out.get(key, (0, 0.0))
                    # An article without a vector adds to the count and nothing to the sum.
                    cosines = float(sx[lx] @ sy[ly]) if lx in sx and ly in sy else 0.0
                    out[key] = (n + nx * ny, total + cosines)
        return out

    def merge(self, x: str, y: str) -> list[tuple[str, tuple[float, float]]]:
        """Fold y into x (x is the smaller key); the new scores of the merged story's neighbours."""
        span = self._joined_span(x, y)
        self.members[x] |= self.members.pop(y)
        for language, v in self.sums.pop(y).items():
            self._add_vector(x, language, v)
        for language, count in self.counts.pop(y).items():
            self.counts[x][language] += count
        self.span[x] = span
        self.span.pop(y)
        links = self.links.pop(y, {})
        links.pop(x, None)
        self.links[x].pop(y, None)
        for z, both in links.items():
            self.links[z].pop(y, None)
            self._add_links(x, z, both)
        near = (self.near[x] | self.near.pop(y)) - {x, y}
        self.near[x] = near
        for z in near:
            self.near[z].discard(y)
            self.near[z].add(x)
        return [(z, s) for z in sorted(near) if (s := self.score(x, z)) is not None]
