"""The graph stages on Spark: composition through a hub, stories, lineage and findings.

Stories come from connected components of the relation graph, found by Spark
(large-star / small-star rounds until no edge changes). The guard against
chaining is ``stories.group_stories`` itself, run on each component: average
linkage never merges across components, so per component it gives the groups it
gives on the whole collection. Lineage and the findings are then built per story.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newslineage import audit, lineage, spin, stories, symmetry
from newslineage.config import ScanConfig
from newslineage.models import Document, Relation, Story
from newslineage.pipeline import composed_through, content_rank, keeps_composed
from newslineage.spark.faults import fail_once
from newslineage.spark.stages import Item, executor_synonyms
from newslineage.spin import SpinReport
from newslineage.titles import display_name

if TYPE_CHECKING:
    from pyspark import RDD, Accumulator, Broadcast

Pair = tuple[str, str]


def add_composed(items: RDD[tuple[str, Item]], relations: RDD[Relation], config: ScanConfig) -> RDD[Relation]:
    """``pipeline.add_composed``: each hub's copies composed with the local scan's functions.

    A hub's copy relations meet in one task with the hub and the other side of each;
    a pair composed through several hubs keeps what the local scan keeps, hubs in
    content order (``pipeline.content_rank``). As in the local scan, a pair whose direct
    relation no composition could replace (a copy already) is not composed at all, and a
    hub left with no pair to compose is not shipped. ``relations`` is read three times:
    persist it, or each read relates every candidate pair again.
    """
    hubs = (
        relations.filter(lambda r: r.is_copy)
        .flatMap(lambda r: ((r.a, r), (r.b, r)))
        .groupByKey()
        .mapValues(list)
        .filter(lambda kv: len(kv[1]) > 1)
    )
    settled = relations.filter(lambda r: not keeps_composed(r)).map(lambda r: ((r.a, r.b), True))
    wanted = (
        hubs.flatMap(_hub_pairs)
        .subtractByKey(settled)
        .map(lambda kv: (kv[1], kv[0]))
        .groupByKey()
        .mapValues(frozenset)
    )
    work = hubs.join(wanted)
    shipped = (
        work.flatMap(lambda kv: [(kv[0], kv[0]), *((side, kv[0]) for pair in kv[1][1] for side in pair)])
        .distinct()
        .join(items)
        .map(lambda kv: (kv[1][0], kv[1][1]))
    )
    found = work.cogroup(shipped).flatMap(lambda group: _compose_hub(group, config))
    keyed = relations.map(lambda r: ((r.a, r.b), r))
    return keyed.cogroup(found).flatMap(lambda kv: _keep(kv[1][0], kv[1][1]))


def _hub_pairs(hub_rels: tuple[str, list[Relation]]) -> Iterator[tuple[Pair, str]]:
    """((x, y), hub) for each pair of the hub's copies, x < y as relations are keyed."""
    hub, rels = hub_rels
    sides = sorted({r.b if r.a == hub else r.a for r in rels})
    for k, x in enumerate(sides):
        for y in sides[k + 1 :]:
            yield (x, y), hub


def _compose_hub(
    group: tuple[str, tuple[Iterable[tuple[list[Relation], frozenset[Pair]]], Iterable[Item]]],
    config: ScanConfig,
) -> Iterator[tuple[Pair, tuple[tuple[bytes, str], Relation]]]:
    hub, (works, shipped) = group
    others = list(shipped)
    by_id = {it.document.id: it.document for it in others}
    view_of = {doc: it.view for doc, it in ((it.document.id, it) for it in others)}
    rank = content_rank(list(by_id.values()))  # the collection's order, restricted to these
    order = (symmetry.content_key(by_id[hub]), hub)
    for rels, pairs in works:

        def wanted(x: str, y: str, pairs: frozenset[Pair] = pairs) -> bool:
            return ((x, y) if x < y else (y, x)) in pairs

        kept = [r for r in rels if (r.b if r.a == hub else r.a) in by_id]
        for rel in composed_through(hub, kept, by_id, view_of, rank, config, wanted=wanted):
            yield (rel.a, rel.b), (order, rel)


def _keep(
    direct: Iterable[Relation], found: Iterable[tuple[tuple[bytes, str], Relation]]
) -> Iterator[Relation]:
    current = next(iter(direct), None)
    for _, rel in sorted(found, key=lambda f: f[0]):
        if keeps_composed(current):
            current = rel
    if current is not None:
        yield current


def components(pairs: RDD[tuple[str, str]], parts: int) -> RDD[tuple[str, str]]:
    """(document, component label) for every document of a pair; the label is its least id.

    Alternating large-star and small-star (Kiveris et al., "Connected Components in
    MapReduce and Beyond", 2014): each turns the edges into stars around the least
    id it sees, and together they converge in a number of rounds logarithmic in the
    components' size rather than linear in their length. A round is two shuffles and
    one count; it ends when neither step changed an edge, counted by an accumulator
    (a retried task can only add to it, and only zero matters). ``parts`` fixes the
    partitions of every round. Before the rounds, each partition's pairs are joined
    into stars in memory (a union-find, no shuffle): what one task sees whole needs
    no round, and one partition holding every pair needs just the round that
    confirms it.
    """
    edges = pairs.mapPartitions(_local_stars)
    while True:
        fresh, changed = _star_round(edges, parts)
        edges.unpersist()
        edges = fresh
        if changed == 0:
            break
    # Converged: every edge is (member, least id of its component).
    labels = edges.flatMap(lambda e: (e, (e[1], e[1]))).reduceByKey(min, parts)
    return labels


def _local_stars(pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The partition's components as stars: (member, least id of its component here)."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees shallow
            node = parent[node]
        return node

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    for node in parent:
        least = root(node)
        if least != node:
            yield node, least


def _star_round(edges: RDD[tuple[str, str]], parts: int) -> tuple[RDD[tuple[str, str]], int]:
    """One large-star and one small-star step, computed and kept; the edges they changed."""
    changed = edges.context.accumulator(0)
    large = (
        edges.flatMap(lambda e: (e, (e[1], e[0])))
        .groupByKey(parts)
        .flatMap(lambda kv: _large_star(kv[0], kv[1], changed))
    )
    fresh = large.groupByKey(parts).flatMap(lambda kv: _small_star(kv[0], kv[1], changed)).persist()
    fresh.localCheckpoint()  # the rounds' lineage would otherwise grow without bound
    fresh.count()
    return fresh, changed.value


def _large_star(node: str, linked: Iterable[str], changed: Accumulator[int]) -> Iterator[tuple[str, str]]:
    """Each larger neighbour of ``node`` to the least of its neighbourhood, as (larger, smaller)."""
    around = set(linked)
    least = min(around | {node})
    larger = [v for v in around if v > node]
    if least != node and larger:
        changed.add(len(larger))
    for v in larger:
        yield v, least


def _small_star(node: str, smaller: Iterable[str], changed: Accumulator[int]) -> Iterator[tuple[str, str]]:
    """``node`` and its smaller neighbours to the least of them, as (larger, smaller)."""
    around = set(smaller)
    least = min(around)
    if len(around) > 1:
        changed.add(len(around) - 1)
    for v in around | {node}:
        if v != least:
            yield v, least


def group_stories(
    titles: RDD[tuple[str, tuple[str, str]]], relations: RDD[Relation], labels: RDD[tuple[str, str]]
) -> RDD[Story]:
    """``stories.group_stories`` per component, numbered over the collection by first document.

    ``titles`` holds (id, (usable title or "", display name)) for every document.
    """
    members = titles.leftOuterJoin(labels).map(lambda kv: (kv[1][1] or kv[0], (kv[0], kv[1][0])))
    rels = relations.map(lambda r: (r.a, r)).join(labels).map(lambda kv: (kv[1][1], kv[1][0]))
    local: Any = members.cogroup(rels).flatMap(lambda kv: _component_stories(kv[1][0], kv[1][1]))
    numbered: RDD[Story] = (
        local.map(lambda s: (s.documents[0], s))
        .sortByKey()
        .zipWithIndex()
        .map(lambda kv: dataclasses.replace(kv[0][1], id=f"story-{kv[1] + 1}"))
    )
    return numbered


def _component_stories(
    members: Iterable[tuple[str, tuple[str, str]]], rels: Iterable[Relation]
) -> list[Story]:
    named = dict(members)
    titles = {doc: title for doc, (title, _) in named.items()}
    names = {doc: name for doc, (_, name) in named.items()}
    ordered = sorted(rels, key=lambda r: (r.a, r.b))
    return list(stories.group_stories(sorted(named), ordered, titles, names=names))


Out = tuple[str, Any]


def per_story(
    items: RDD[tuple[str, Item]],
    relations: RDD[Relation],
    found: RDD[Story],
    spun: RDD[tuple[str, SpinReport]],
    sites: Broadcast[frozenset[str]],
    config: ScanConfig,
) -> RDD[Out]:
    """Lineage and findings of each story, tagged rows: document, relation, node, edge, finding."""
    story_of = found.flatMap(lambda s: ((d, s.id) for d in s.documents))
    docs = items.mapValues(lambda it: it.document).join(story_of).map(lambda kv: (kv[1][1], kv[1][0]))
    rels = relations.map(lambda r: (r.a, r)).join(story_of).map(lambda kv: (kv[1][1], kv[1][0]))
    spins = spun.join(story_of).map(lambda kv: (kv[1][1], kv[1][0]))
    return (
        found.map(lambda s: (s.id, s))
        .groupWith(docs, rels, spins)
        .flatMap(
            lambda kv: _story_rows(next(iter(kv[1][0])), kv[1][1], kv[1][2], kv[1][3], sites.value, config)
        )
        .mapPartitions(lambda part: fail_once(part, "story"))
    )


def _story_rows(
    story: Story,
    docs: Iterable[Document],
    rels: Iterable[Relation],
    spins: Iterable[SpinReport],
    sites: frozenset[str],
    config: ScanConfig,
) -> Iterator[Out]:
    """The scan's lineage and audit calls on one story (``pipeline.scan_articles``)."""
    members = sorted(docs, key=lambda d: d.id)
    ordered = sorted(rels, key=lambda r: (r.a, r.b))
    spun = {r.document: r for r in spins}
    names = {d.id: display_name(d) for d in members}
    graph, directed = lineage.build(members, ordered, [story], spun, names, config.relate.models, sites)
    yield ("story", story)
    for doc in members:
        yield ("document", (doc, story.id))
    for rel in directed:
        yield ("relation", rel)
    for node in graph.nodes:
        yield ("node", node)
    for edge in graph.edges:
        yield ("edge", edge)
    for finding in audit.audit(members, directed, graph, executor_synonyms(), spun):
        yield ("finding", finding)


def spin_reports(items: RDD[tuple[str, Item]]) -> RDD[tuple[str, SpinReport]]:
    """``spin.spin_reports`` per document, with the word-pair counts of the whole collection.

    Only pairs used by two or more documents can change the answer (a pair of one
    document is improbable, a twin needs two), so only those are counted and each
    document receives the counts of the pairs ``spin.lookups`` names for it.
    """
    docs = items.mapValues(lambda it: it.document)
    counts = (
        docs.flatMap(lambda kv: ((p, 1) for p in spin.document_pairs(kv[1])))
        .reduceByKey(lambda x, y: x + y)
        .filter(lambda kv: kv[1] > 1)
    )
    wanted = docs.mapPartitions(_wanted_pairs)
    got = wanted.join(counts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    return docs.cogroup(got).mapPartitions(_spin_partition)


def _wanted_pairs(docs: Iterable[tuple[str, Document]]) -> Iterator[tuple[Pair, str]]:
    """(word pair, document) for each pair whose count a document's report may read.

    A partition's documents go through ``spin.lookups`` together: they share its memory
    of synonyms, as a local scan's documents do.
    """
    named, read = itertools.tee(docs)
    fetched = spin.lookups((doc for _, doc in read), executor_synonyms())
    for (doc_id, _), pairs in zip(named, fetched, strict=True):
        for pair in pairs:
            yield pair, doc_id


def _spin_partition(
    groups: Iterable[tuple[str, tuple[Iterable[Document], Iterable[tuple[Pair, int]]]]],
) -> Iterator[tuple[str, SpinReport]]:
    """``spin.spin_reports`` once for a partition's documents, each with the counts it fetched.

    A count is the collection's, whichever document fetched it, so one table serves them all.
    """
    docs: list[Document] = []
    counts: dict[Pair, int] = {}
    for _, (selves, fetched) in groups:
        docs.extend(selves)
        counts.update(fetched)
    yield from spin.spin_reports(docs, executor_synonyms(), counts=counts).items()
