"""Stories: groups of articles about one event, from the relation graph.

Copies always share a story, so copy relations seed the groups. Groups are then
merged by average linkage: two groups join only when more than ``min_density`` of
the article pairs between them are related. Single-link grouping (connected
components) would chain A~B~C into one story even when A and C have nothing in
common; average linkage needs most of the members to agree.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence

from newslineage.models import Relation, Story


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
    titles: dict[str, str],
    min_density: float = 0.5,
) -> tuple[Story, ...]:
    """Every document in exactly one story; story ids are stable across input order."""
    groups = _Groups(sorted(ids))
    for rel in relations:
        if rel.is_copy:
            groups.union(rel.a, rel.b)
    members: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        members[groups.find(i)].add(i)
    related = [(r.a, r.b) for r in relations if r.relation != "unrelated"]
    clusters = _average_linkage(members, related, min_density)
    return _name(clusters, relations, titles)


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
    clusters: list[set[str]], relations: Sequence[Relation], titles: dict[str, str]
) -> tuple[Story, ...]:
    degree: dict[str, int] = defaultdict(int)
    for rel in relations:
        degree[rel.a] += 1
        degree[rel.b] += 1
    ordered = sorted((sorted(c) for c in clusters), key=lambda docs: docs[0])
    stories = []
    for n, docs in enumerate(ordered, start=1):
        # Ties go to a title (content), not to an id: renamed inputs keep their story's title.
        central = min(docs, key=lambda d: (-degree[d], not titles.get(d), titles.get(d, ""), d))
        stories.append(Story(id=f"story-{n}", documents=tuple(docs), title=titles.get(central) or central))
    return tuple(stories)
