"""Stories, lineage and findings of what an add or a removal touched, by the scan's functions.

``regroup`` gathers the stories of the touched articles and those one relation (or,
for dated articles, one candidate pair) away; ``derive`` runs the scan's stories stage
over them, with the index's word-pair counts and sites, and its spin, lineage and audit
stages over the stories that can have changed: a regrouped story that holds none of the
articles whose own lineage inputs changed (a newcomer, an end of a copy relation written
or taken out), has the members it had, and whose members' spin findings are the stored
ones, keeps its lineage and findings (``Neighbourhood.kept``): the scan's lineage and
audit read a story's members, their copy relations, spin reports and the collection's
sites, and none of those moved for it.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from typing import TYPE_CHECKING

from newslineage import audit, direction, lineage, spin, stories
from newslineage.align import SideView
from newslineage.index import topical, write
from newslineage.index.counts import WordPairs
from newslineage.index.write import Neighbourhood, story_id
from newslineage.models import Document, Finding, Lineage, Relation, Story
from newslineage.pipeline import lean_forks
from newslineage.titles import display_name, usable_title
from newslineage.topics import Topics

if TYPE_CHECKING:
    from newslineage.index.update import Indexer


def regroup(
    indexer: Indexer,
    db: sqlite3.Connection,
    touched: set[str],
    dropped: set[str],
    read: Mapping[str, SideView] | None = None,
    *,
    changed: Set[str] | None = None,
) -> Neighbourhood:
    """Regroup the stories of ``touched`` and those one relation away; rebuild their lineage.

    ``read``: documents the batch already holds (the new ones, the partners it read).
    ``changed``: the articles whose own lineage inputs changed (``derive``); None: all of them.
    """
    first = indexer.store.stories_of(touched) | dropped
    ids = touched | indexer.store.members(first)
    hop = indexer.store.stories_of(indexer.store.related(ids))
    ids |= indexer.store.members(hop)
    held = {i: v.document for i, v in (read or {}).items() if i in ids}
    held.update(indexer.store.records(ids - set(held)))
    near = _dated_partners(indexer, db, held)
    if near:
        # The scan's topic join compares stories a candidate pair of two dated articles links.
        hop |= indexer.store.stories_of(near) - first
        held.update(indexer.store.records(indexer.store.members(hop) - set(held)))
    docs = sorted(held.values(), key=lambda d: d.id)
    relations = tuple(r for r, _ in indexer.store.relations_of(held, within=True))
    found = topical.topics(db, docs)
    return derive(indexer, db, docs, relations, frozenset(first | hop), found, changed=changed)


def _dated_partners(indexer: Indexer, db: sqlite3.Connection, held: Mapping[str, Document]) -> set[str]:
    """The dated articles outside ``held`` that a candidate pair links to a dated one in it."""
    days = topical.dated(held.values())
    if not days:
        return set()
    outside = {x for pair in topical.neighbours(db, days) for x in pair} - held.keys()
    return set(topical.dated(indexer.store.records(outside).values()))


def derive(
    indexer: Indexer,
    db: sqlite3.Connection,
    docs: Sequence[Document],
    relations: Sequence[Relation],
    replaced: frozenset[str],
    found: Topics | None,
    *,
    whole: bool = False,
    changed: Set[str] | None = None,
) -> Neighbourhood:
    """Stories, lineage and findings of ``docs`` (sorted by id) and the relations among them.

    ``found``: their days, vectors and candidate pairs, for the scan's time and topic joins.

    ``whole``: ``docs`` are everything the index holds, so they give the word-pair
    counts themselves, counted in memory (with the scan's workers) as the scan does.

    ``changed``: the articles whose own lineage inputs changed (the newcomers, the ends of
    a copy relation written or taken out). Each regrouped story holding none of them, with
    the members it had, whose members' spin findings are the stored ones, is ``kept``: its
    lineage and findings stay as stored, its title (which reads its members' relations to
    other stories) is written. None: every story is rebuilt.
    """
    # The same calls as pipeline.scan_articles, over the neighbourhood, with the collection's
    # word-pair counts and sites standing in for what the neighbourhood alone would give.
    titles = {d.id: usable_title(d.article.title) or "" for d in docs}
    names = {d.id: display_name(d) for d in docs}
    grouped = stories.group_stories([d.id for d in docs], relations, titles, names=names, topics=found)
    named = tuple(replace(s, id=story_id(s.documents[0])) for s in grouped)
    if whole:
        spun = spin.spin_reports(
            docs, indexer.synonyms, workers=indexer.config.text.processes, per_fork=lean_forks(indexer.config)
        )
    else:
        counts = WordPairs(db, docs=docs)
        spun = spin.spin_reports(docs, indexer.synonyms, counts=counts)
    kept: tuple[Story, ...] = ()
    if changed is not None:
        kept = _kept(indexer, named, docs, relations, spun, changed)
        gone = {d for s in kept for d in s.documents}
        named = tuple(s for s in named if s.documents[0] not in gone)
        docs = [d for d in docs if d.id not in gone]
        relations = [r for r in relations if r.a not in gone and r.b not in gone]
        replaced -= {s.id for s in kept}
    stored = indexer.store.verdicts_of((r.a, r.b) for r in relations if r.is_copy)
    known: lineage.Verdicts = dict(stored)
    graph, directed = lineage.build(
        docs,
        relations,
        named,
        spun,
        names,
        indexer.config.relate.models,
        sites=indexer.store.sites(),
        known=known,
    )
    findings = audit.audit(docs, directed, graph, indexer.synonyms, spun)
    write.verdicts(db, {k: v for k, v in known.items() if stored.get(k) is not v})
    return Neighbourhood(tuple(docs), directed, named, graph, findings, replaced, kept)


def _kept(
    indexer: Indexer,
    named: Sequence[Story],
    docs: Sequence[Document],
    relations: Sequence[Relation],
    spun: Mapping[str, spin.SpinReport],
    changed: Set[str],
) -> tuple[Story, ...]:
    """The regrouped stories whose lineage and findings cannot have changed (``derive``).

    The same members: each is in the one stored story of the same id, which held as many
    (a stored story that lost a member to a removal or an update holds more). The spin
    findings: a story's members' spin reports, read with the counts the batch changed,
    give the findings stored for them (the counts of a word pair a newcomer also uses, or
    of its synonym twin, move the reports of articles anywhere in the index), and the
    reports also decide a parentless member's "spun" source, which shows in those findings.
    The sites: no copy in it credits a source that is a site of the index (a site that
    arrived after the story was last built makes that source one of the collection's).
    """
    held = indexer.store.stories_held(d.id for d in docs)
    same = [
        s
        for s in named
        if changed.isdisjoint(s.documents)
        and {held.get(d) for d in s.documents} == {(s.id, len(s.documents))}
    ]
    by_id = {d.id: d for d in docs}
    sites = indexer.store.sites()
    copies = {x for r in relations if r.is_copy for x in (r.a, r.b)}
    crediting = {
        d
        for s in same
        for d in s.documents
        if d in copies and (direction.attributed_source(by_id[d]) or "").lower() in sites
    }
    same = [s for s in same if crediting.isdisjoint(s.documents)]
    members = [d for s in same for d in s.documents]
    # With no lineage the audit stage gives a document's spin findings alone.
    fresh = audit.audit(
        [by_id[m] for m in members],
        (),
        Lineage((), ()),
        indexer.synonyms,
        {m: spun[m] for m in members if m in spun},
    )
    now, before = _by_document(fresh), _by_document(indexer.store.findings_of(members))
    return tuple(s for s in same if all(now[d] == before[d] for d in s.documents))


def _by_document(findings: Sequence[Finding]) -> defaultdict[str, list[Finding]]:
    """Each document's spin findings, in the report's order."""
    out: defaultdict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=audit.finding_order):
        if f.kind == "spin_suspected":
            out[f.document].append(f)
    return out
