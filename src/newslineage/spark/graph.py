"""The graph stages on Spark: composition through a hub, stories, lineage and findings.

Stories come from connected components of the relation graph, found by Spark
(labels propagated along the relations until none changes). The guard against
chaining is ``stories.group_stories`` itself, run on each component: average
linkage never merges across components, so per component it gives the groups it
gives on the whole collection. Lineage and the findings are then built per story.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newslineage import audit, lineage, spin, stories, symmetry
from newslineage.config import ScanConfig
from newslineage.models import Document, Relation, Story
from newslineage.pipeline import composed_through, content_rank, keeps_composed
from newslineage.spark.stages import Item, executor_synonyms
from newslineage.spin import SpinReport
from newslineage.titles import display_name

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast

Pair = tuple[str, str]


def add_composed(items: RDD[tuple[str, Item]], relations: RDD[Relation], config: ScanConfig) -> RDD[Relation]:
    """``pipeline.add_composed``: each hub's copies composed with the local scan's functions.

    A hub's copy relations meet in one task with the hub and the other side of each;
    a pair composed through several hubs keeps what the local scan keeps, hubs in
    content order (``pipeline.content_rank``).
    """
    hubs = (
        relations.filter(lambda r: r.is_copy)
        .flatMap(lambda r: ((r.a, r), (r.b, r)))
        .groupByKey()
        .mapValues(list)
        .filter(lambda kv: len(kv[1]) > 1)
    )
    shipped = (
        hubs.flatMap(lambda kv: [(kv[0], kv[0]), *((r.b if r.a == kv[0] else r.a, kv[0]) for r in kv[1])])
        .join(items)
        .map(lambda kv: (kv[1][0], kv[1][1]))
    )
    found = hubs.cogroup(shipped).flatMap(lambda group: _compose_hub(group, config))
    keyed = relations.map(lambda r: ((r.a, r.b), r))
    return keyed.cogroup(found).flatMap(lambda kv: _keep(kv[1][0], kv[1][1]))


def _compose_hub(
    group: tuple[str, tuple[Iterable[list[Relation]], Iterable[Item]]], config: ScanConfig
) -> Iterator[tuple[Pair, tuple[tuple[bytes, str], Relation]]]:
    hub, (rel_lists, shipped) = group
    others = list(shipped)
    by_id = {it.document.id: it.document for it in others}
    view_of = {doc: it.view for doc, it in ((it.document.id, it) for it in others)}
    rank = content_rank(list(by_id.values()))  # the collection's order, restricted to these
    order = (symmetry.content_key(by_id[hub]), hub)
    for rels in rel_lists:
        for rel in composed_through(hub, rels, by_id, view_of, rank, config):
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


def components(relations: RDD[Relation], parts: int) -> RDD[tuple[str, str]]:
    """(document, component label) for every document in a relation; the label is its least id.

    Each round moves the least label one relation further; rounds stop when none
    changes, after as many rounds as the widest component is long. ``parts`` fixes
    the partitions of every round (a union adds up its parents' partitions).
    """
    edges = relations.flatMap(lambda r: ((r.a, r.b), (r.b, r.a))).distinct(parts).persist()
    labels = edges.keys().distinct(parts).map(lambda d: (d, d)).persist()
    while True:
        moved = edges.join(labels, parts).map(lambda kv: kv[1])
        fresh = labels.union(moved).reduceByKey(min, parts).persist()
        fresh.localCheckpoint()  # the rounds' lineage would otherwise grow without bound
        changed = fresh.join(labels, parts).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = fresh
        if changed == 0:
            break
    edges.unpersist()
    return labels


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
    wanted = docs.flatMap(lambda kv: ((p, kv[0]) for p in spin.lookups(kv[1], executor_synonyms())))
    got = wanted.join(counts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
    return docs.cogroup(got).flatMap(lambda kv: _spin_report(kv[1][0], kv[1][1]))


def _spin_report(
    docs: Iterable[Document], counts: Iterable[tuple[Pair, int]]
) -> Iterator[tuple[str, SpinReport]]:
    yield from spin.spin_reports(list(docs), executor_synonyms(), counts=dict(counts)).items()
