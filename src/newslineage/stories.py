"""Stories: groups of articles about one event, from the relation graph.

Copies always share a story, so copy relations seed the groups. Groups are then
merged by average linkage: two groups join only when more than ``min_density`` of
the article pairs between them are related. Single-link grouping (connected
components) would chain A~B~C into one story even when A and C have nothing in
common; average linkage needs most of the members to agree.

Average linkage leaves an article alone when it is related to exactly half of a
story (two of four), which is how a commentary on an event relates to the reports
of it. Such a loner then joins the story when it is related to at least half of
its texts and to at least two of them (a text and its reprint, a duplicate or near
duplicate, count once): one link is a chain, not agreement. A loner that qualifies
for two stories equally is a bridge between two events and stays alone; stories
themselves never merge through it. The rule trusts ``same_story``: on the synthetic
collection, where two events of one kind are often wrongly related, it adopts a few
articles of another event (bench/quality_synth.py: adjusted Rand 0.711 -> 0.707).

Given ``topics`` (``topics`` module), time and topic fill in what the relations miss:
a ``same_story`` link between articles published months apart does not count (two
popes' deaths are two stories), and within one window of time the stories are joined
again by average linkage, where a pair of articles in two languages counts as related
also when the two stories agree in topic across languages (reports of one event in two
languages rarely share enough words to be related).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence

from newslineage.models import Relation, Story
from newslineage.topics import Topics, join_by_topic


class _Groups:
    """Union-find over document ids."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: str, y: str) -> None:
        rx, ry = sorted((self.find(x), self.find(y)))
        self.parent[ry] = rx


def group_stories(
    ids: Sequence[str],
    relations: Sequence[Relation],
    titles: Mapping[str, str],
    min_density: float = 0.5,
    names: Mapping[str, str] | None = None,
    topics: Topics | None = None,
) -> tuple[Story, ...]:
    """Every document in exactly one story; story ids are stable across input order.

    A story is named after its best-connected article that has a title (``titles``),
    else after its best-connected article's name (``names``: its first sentence).
    With ``topics``, time and topic join and part stories as the module says.
    """
    if topics is not None:
        relations = [r for r in relations if r.is_copy or not topics.far_apart(r.a, r.b)]
    groups = _Groups(sorted(ids))
    for rel in relations:
        if rel.is_copy:
            groups.union(rel.a, rel.b)
    members: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        members[groups.find(i)].add(i)
    related = [(r.a, r.b) for r in relations if r.relation != "unrelated"]
    clusters = _adopt_loners(_average_linkage(members, related, min_density), relations, min_density)
    if topics is not None:
        clusters = join_by_topic(clusters, topics, related, min_density)
    return _name(clusters, relations, titles, names or {})


#: A loner must be related to at least this many texts of a story to join it.
MIN_LINKS_TO_JOIN = 2
#: Relations that make two articles one text published twice: they count once.
_SAME_TEXT = frozenset({"duplicate", "near_duplicate"})


def _adopt_loners(
    clusters: list[set[str]], relations: Sequence[Relation], min_share: float
) -> list[set[str]]:
    """Each article left alone joins the one story whose texts it is related to at ``min_share`` or more.

    A story's texts are its articles with reprints (duplicates, near duplicates) counted
    once: being related to a text and to its reprint is one observation, not two. Every
    loner is judged against the stories as average linkage left them, so the outcome
    does not depend on the order loners are looked at.
    """
    owner = {doc: k for k, c in enumerate(clusters) for doc in c}
    text = _Groups(sorted(owner))
    for rel in relations:
        if rel.relation in _SAME_TEXT:
            text.union(rel.a, rel.b)
    texts_in: dict[int, set[str]] = defaultdict(set)
    for doc, k in owner.items():
        texts_in[k].add(text.find(doc))
    linked: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rel in relations:
        if rel.relation == "unrelated":
            continue
        for x, y in ((rel.a, rel.b), (rel.b, rel.a)):
            if len(clusters[owner[x]]) == 1 and owner[y] != owner[x]:
                linked[x][owner[y]].add(text.find(y))
    joins: dict[str, int] = {}
    for doc, row in linked.items():
        shares = sorted(
            (len(found) / len(texts_in[k]), k)
            for k, found in row.items()
            if len(clusters[k]) > 1
            and len(found) >= MIN_LINKS_TO_JOIN
            and len(found) / len(texts_in[k]) >= min_share
        )
        if shares and (len(shares) == 1 or shares[-1][0] > shares[-2][0]):
            joins[doc] = shares[-1][1]
    out = [set(c) for c in clusters]
    for doc, k in joins.items():
        out[k].add(doc)
        out[owner[doc]].discard(doc)
    return [c for c in out if c]


def _average_linkage(
    members: dict[str, set[str]],
    related: Sequence[tuple[str, str]],
    min_density: float,
) -> list[set[str]]:
    clusters = {root: set(m) for root, m in members.items()}
    owner = {doc: root for root, m in clusters.items() for doc in m}
    # adjacency[x][y]: related article pairs between clusters x and y.
    adjacency: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, b in related:
        x, y = owner[a], owner[b]
        if x != y:
            adjacency[x][y] += 1
            adjacency[y][x] += 1
    heap = [
        (-n / (len(clusters[x]) * len(clusters[y])), x, y)
        for x, row in adjacency.items()
        for y, n in row.items()
        if x < y
    ]
    heapq.heapify(heap)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if x not in clusters or y not in clusters:
            continue
        density = adjacency[x].get(y, 0) / (len(clusters[x]) * len(clusters[y]))
        if abs(density + neg) > 1e-12:
            continue  # stale entry: sizes changed since it was pushed
        if density <= min_density:
            break  # at exactly half, a bridge article would join two events: keep them apart
        _merge(x, y, clusters, adjacency, heap)
    return list(clusters.values())


def _merge(
    x: str,
    y: str,
    clusters: dict[str, set[str]],
    adjacency: dict[str, dict[str, int]],
    heap: list[tuple[float, str, str]],
) -> None:
    """Fold cluster y into x and push x's new densities."""
    clusters[x] |= clusters.pop(y)
    for other, n in adjacency.pop(y).items():
        adjacency[other].pop(y, None)
        if other != x:
            adjacency[x][other] += n
            adjacency[other][x] += n
    adjacency[x].pop(y, None)
    for other, n in adjacency[x].items():
        key = (min(x, other), max(x, other))
        heapq.heappush(heap, (-n / (len(clusters[x]) * len(clusters[other])), key[0], key[1]))


def _name(
    clusters: list[set[str]],
    relations: Sequence[Relation],
    titles: Mapping[str, str],
    names: Mapping[str, str],
) -> tuple[Story, ...]:
    degree: dict[str, int] = defaultdict(int)
    # How much of its relatives' text an article explains: a source explains all of each copy,
    # a copy only part of its source. Among equally connected articles the story is named after
    # the one that explains most, which is the likeliest origin, not after a copy's headline.
    explains: dict[str, float] = defaultdict(float)
    for rel in relations:
        degree[rel.a] += 1
        degree[rel.b] += 1
        explains[rel.a] += rel.coverage_b
        explains[rel.b] += rel.coverage_a
    ordered = sorted((sorted(c) for c in clusters), key=lambda docs: docs[0])
    stories = []
    for n, docs in enumerate(ordered, start=1):
        # Ties go to a title or name (content), not to an id: renamed inputs keep their story's title.
        central = min(
            docs,
            key=lambda d: (
                not titles.get(d),
                -degree[d],
                -round(explains[d], 3),
                titles.get(d) or names.get(d) or "",
                d,
            ),
        )
        title = titles.get(central) or names.get(central) or central
        stories.append(Story(id=f"story-{n}", documents=tuple(docs), title=title))
    return tuple(stories)
