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
- **topic**: two stories in different languages whose articles are, on average, about
  the same thing (mean cosine of their document vectors of at least
  ``MIN_TOPIC_SIMILARITY``; the vectors are multilingual) and whose articles all
  appeared within ``STORY_DAYS`` of each other are one story. Topic alone cannot tell
  two earthquakes apart, so stories with no published date never join on topic, and
  nor do two stories with a language in common: in one language the relations see
  the particulars that tell one event from another, and a day's crawl of one
  language holds many events of one kind (1,000 synthetic articles all dated one
  day fell from 363 stories to 22 when same-language stories could join on topic).
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
#: Two stories about one topic, inside one window of time, join at this mean document cosine.
#: Chosen on bench/realnews (0.45 to 0.55 give story ARI 0.95 to 0.90 there); the synthetic
#: collections carry no dates, so it never acts on them.
MIN_TOPIC_SIMILARITY = 0.5

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


def join_by_topic(clusters: Sequence[set[str]], topics: Topics) -> list[set[str]]:
    """Average linkage of the stories on document cosine, inside one window of time.

    Stories are compared when a neighbour pair joins them; the closest pair merges
    first, while its mean pairwise cosine (the dot product of the stories' vector sums
    over the product of their sizes) reaches ``MIN_TOPIC_SIMILARITY`` and the merged
    story's dated articles span at most ``STORY_DAYS``.
    """
    if not topics.days:
        return [set(c) for c in clusters]  # nothing dated, nothing joins: skip the bookkeeping
    state = _State(clusters, topics)
    heap = [(-s, x, y) for x, y in state.adjacent() if (s := state.score(x, y)) is not None]
    heapq.heapify(heap)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if x not in state.members or y not in state.members:
            continue
        now = state.score(x, y)
        if now is None or abs(now + neg) > 1e-9:
            continue  # stale: one side changed since this entry was pushed
        for z, s in state.merge(x, y):
            first, second = sorted((x, z))
            heapq.heappush(heap, (-s, first, second))
    return [set(m) for m in state.members.values()]


class _State:
    """Stories keyed by their smallest id: members, vector sums, dated span, neighbours."""

    def __init__(self, clusters: Sequence[set[str]], topics: Topics) -> None:
        self.members = {min(c): set(c) for c in clusters if c}
        owner = {doc: key for key, c in self.members.items() for doc in c}
        dim = len(next(iter(topics.vectors.values()))) if topics.vectors else 0
        self.sums: dict[str, npt.NDArray[np.float64]] = {}
        self.span: dict[str, tuple[int, int] | None] = {}
        self.languages: dict[str, set[str]] = {}
        for key, c in self.members.items():
            rows = [topics.vectors[d] for d in sorted(c) if d in topics.vectors]
            self.sums[key] = np.sum(rows, axis=0, dtype=np.float64) if rows else np.zeros(dim)
            dated = [topics.days[d] for d in c if d in topics.days]
            self.span[key] = (min(dated), max(dated)) if dated else None
            self.languages[key] = {topics.languages[d] for d in c if d in topics.languages}
        self.near: dict[str, set[str]] = defaultdict(set)
        for a, b in topics.neighbours:
            x, y = owner.get(a), owner.get(b)
            # A story with no dated article never joins on topic: no need to keep its neighbours.
            if x is not None and y is not None and x != y and self.span[x] and self.span[y]:
                self.near[x].add(y)
                self.near[y].add(x)

    def adjacent(self) -> list[tuple[str, str]]:
        return sorted((x, y) for x, row in self.near.items() for y in row if x < y)

    def _joined_span(self, x: str, y: str) -> tuple[int, int] | None:
        sx, sy = self.span[x], self.span[y]
        if sx is None or sy is None:
            return None
        return min(sx[0], sy[0]), max(sx[1], sy[1])

    def score(self, x: str, y: str) -> float | None:
        """Mean pairwise cosine of stories x and y, or None when they may not join."""
        span = self._joined_span(x, y)
        if span is None or span[1] - span[0] > STORY_DAYS or self.languages[x] & self.languages[y]:
            return None
        mean = float(self.sums[x] @ self.sums[y]) / (len(self.members[x]) * len(self.members[y]))
        return mean if mean >= MIN_TOPIC_SIMILARITY else None

    def merge(self, x: str, y: str) -> list[tuple[str, float]]:
        """Fold y into x (x is the smaller key); the new scores of the merged story's neighbours."""
        span = self._joined_span(x, y)
        self.members[x] |= self.members.pop(y)
        self.sums[x] = self.sums[x] + self.sums.pop(y)
        self.span[x] = span
        self.span.pop(y)
        self.languages[x] |= self.languages.pop(y)
        near = (self.near[x] | self.near.pop(y)) - {x, y}
        self.near[x] = near
        for z in near:
            self.near[z].discard(y)
            self.near[z].add(x)
        return [(z, s) for z in sorted(near) if (s := self.score(x, z)) is not None]
