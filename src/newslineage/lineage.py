"""Lineage: who copied whom, including sources that are not in the collection.

1. Every copy relation gets a direction from the cues in ``direction``.
2. Siblings: two copies that each share passages with a third copy which the
   other lacks cannot be parent and child (a child holds nothing of the family
   that its parent lacks); they descend from a common text.
3. The graph: parent -> child edges, strongest first, at most one parent per
   document, never closing a cycle. Siblings without a parent in the collection
   point to an *inferred source*, named from the credits they carry.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, MutableMapping, Sequence, Set

from newslineage import direction, symmetry
from newslineage.candidates import telling_anchors
from newslineage.decision import DecisionModels, load_models
from newslineage.models import Direction, Document, Lineage, LineageEdge, LineageNode, Relation, Story
from newslineage.spin import MIN_HITS, THROUGHOUT_PER_100_WORDS, SpinReport

#: Sentences a copy must share with a third text, beyond the other copy, to prove it is not its child.
SIBLING_SENTENCES = 2
#: A pair's own direction this sure (log-odds of 0.99) outweighs the sibling pattern of its family:
#: two copies that each hold passages of the family the other lacks cannot be parent and child,
#: and only near-certain evidence (dates, credits, or cues that all agree) overrides that.
CLEAR = math.log(0.99 / 0.01)

#: Direction verdicts already decided, by (a, b): with the family containment (``holds_more``) and
#: the coverage gap they were decided with. Those two are all a verdict reads beyond the pair's
#: own texts, so an entry whose two still match is the verdict ``direction.decide`` would give.
Verdicts = MutableMapping[tuple[str, str], tuple[tuple[bool, bool], float, direction.Verdict]]


def holds_more(copies: Sequence[Relation]) -> dict[tuple[str, str], tuple[bool, bool]]:
    """For each copy pair (a, b): does a, does b, hold family passages the other lacks?

    Both may hold a little by alignment noise; when one holds three times what
    the other does, only the larger counts (containment, not siblings).
    """
    # Each relation's links from either side, built once: every pair of a family reads them.
    linked: dict[tuple[str, str, str], dict[int, set[int]]] = {}
    by_doc = _by_doc(copies)
    for rel in copies:
        linked[(rel.a, rel.b, rel.a)] = _counterparts(rel, rel.a)
        linked[(rel.a, rel.b, rel.b)] = _counterparts(rel, rel.b)
    out = {}
    for rel in copies:
        xa = _extra(rel.a, rel, by_doc[rel.a], linked)
        xb = _extra(rel.b, rel, by_doc[rel.b], linked)
        ha = xa >= SIBLING_SENTENCES and xa >= xb / 3
        hb = xb >= SIBLING_SENTENCES and xb >= xa / 3
        out[(rel.a, rel.b)] = (ha, hb)
    return out


def _by_doc(copies: Sequence[Relation]) -> dict[str, list[Relation]]:
    """The copy relations of each document."""
    out: dict[str, list[Relation]] = defaultdict(list)
    for rel in copies:
        out[rel.a].append(rel)
        out[rel.b].append(rel)
    return out


def _counterparts(rel: Relation, side: str) -> dict[int, set[int]]:
    """For each sentence of ``side`` the relation aligns, the other side's sentences it is linked to."""
    out: dict[int, set[int]] = defaultdict(set)
    for p in rel.passages:
        for link in p.links:
            mine, theirs = (link.a, link.b) if side == rel.a else (link.b, link.a)
            out[mine].add(theirs)
    return dict(out)


def _extra(
    doc: str,
    pair: Relation,
    rels: Sequence[Relation],
    linked: Mapping[tuple[str, str, str], Mapping[int, set[int]]],
) -> int:
    """Most sentences ``doc`` shares with a third copy that ``pair``'s other side does not hold.

    A sentence counts when the pair does not align it and the third copy's counterpart of
    it is not aligned with the pair's other side either: three rewrites of one text
    resemble one another in what each reworded beyond recognition of the source, and
    that is no passage the source lacks. ``linked`` holds each relation's links from
    either side (``_counterparts``).
    """
    other = pair.b if doc == pair.a else pair.a
    with_other = linked[(pair.a, pair.b, doc)]
    best = 0
    for rel in rels:
        if rel is pair:
            continue
        third = rel.b if rel.a == doc else rel.a
        held = linked.get((third, other, third), linked.get((other, third, third), {}))
        extra = [
            s
            for s, theirs in linked[(rel.a, rel.b, doc)].items()
            if s not in with_other and theirs.isdisjoint(held)
        ]
        best = max(best, len(extra))
    return best


def orient(
    copies: Sequence[Relation],
    docs: Mapping[str, Document],
    holds: Mapping[tuple[str, str], tuple[bool, bool]],
    models: DecisionModels,
    known: Verdicts | None = None,
) -> dict[tuple[str, str], direction.Verdict]:
    """Direction verdict of every copy relation, keyed by (a, b).

    ``known`` (the same ``models`` must have decided it) supplies the verdicts of pairs whose
    containment and coverage gap are unchanged, and receives the ones decided here.
    """
    half = 0.5 + models.direction_margin
    margin = math.log(half / (1 - half))
    decided: dict[tuple[str, str], direction.Verdict] = {}
    todo = []
    for r in copies:
        key, gap = (r.a, r.b), r.coverage_b - r.coverage_a
        hit = known.get(key) if known is not None else None
        if hit is not None and hit[0] == holds[key] and hit[1] == gap:
            decided[key] = hit[2]
        else:
            todo.append(r)
    traits_of = direction.TraitsOf()
    # Family by family: a text's words are read once for all its pairs and dropped after its last.
    wording_of = direction.WordingOf(_wording_uses(todo, docs))
    for r in family_order(todo):
        a, b = docs[r.a], docs[r.b]
        decided[(r.a, r.b)] = direction.decide(
            a,
            b,
            direction.family_cue(a, b, *holds[(r.a, r.b)]),
            model=models.direction,
            margin=margin,
            coverage_gap=r.coverage_b - r.coverage_a,
            traits_of=traits_of,
            wording_of=wording_of,
        )
    if known is not None:
        for r in todo:
            known[(r.a, r.b)] = (holds[(r.a, r.b)], r.coverage_b - r.coverage_a, decided[(r.a, r.b)])
    return {(r.a, r.b): decided[(r.a, r.b)] for r in copies}


def _wording_uses(copies: Sequence[Relation], docs: Mapping[str, Document]) -> Counter[str]:
    """How often ``direction.decide`` reads each text's wording: once per pair in one language."""
    uses: Counter[str] = Counter()
    for r in copies:
        if docs[r.a].language == docs[r.b].language:
            uses.update((r.a, r.b))
    return uses


def _family_of(copies: Sequence[Relation]) -> Callable[[str], str]:
    """A document's family among ``copies`` (texts joined through copy relations), named by one member."""
    root: dict[str, str] = {}

    def find(x: str) -> str:
        while root.get(x, x) != x:
            root[x] = root.get(root[x], root[x])  # path halving keeps the trees flat
            x = root[x]
        return x

    for rel in copies:
        ra, rb = sorted((find(rel.a), find(rel.b)))
        if ra != rb:
            root[rb] = ra
    return find


def family_order(copies: Sequence[Relation]) -> list[Relation]:
    """The relations grouped by family (pairs joined through shared texts), each group in input order.

    Groups come in the order of their first relation, so the order depends only on the input's.
    """
    find = _family_of(copies)
    groups: dict[str, list[Relation]] = defaultdict(list)
    for rel in copies:
        groups[find(rel.a)].append(rel)
    return [rel for group in groups.values() for rel in group]


def build(
    docs: Sequence[Document],
    relations: Sequence[Relation],
    stories: Sequence[Story],
    spin: Mapping[str, SpinReport] | None = None,
    names: Mapping[str, str] | None = None,
    models: DecisionModels | None = None,
    sites: Set[str] | None = None,
    known: Verdicts | None = None,
) -> tuple[Lineage, tuple[Relation, ...]]:
    """The lineage graph, and the relations with ``direction`` filled in.

    ``spin`` holds the documents' improbable word pairs (``spin.spin_reports``): a
    document spun throughout that has no parent here is a copy of a text that is not
    in the collection. ``names`` labels document nodes (default: title, else id).
    ``models`` decide directions (default: the shipped ones, ``decision.load_models``).
    ``sites`` (lower case) are the sites of the whole collection when ``docs`` is only
    part of it (the index rebuilds the stories a batch touched; the Spark job builds one
    story at a time). ``known``: directions decided before, read and filled (``orient``).
    """
    by_id = {d.id: d for d in docs}
    story_of = {doc: s.id for s in stories for doc in s.documents}
    copies = [r for r in relations if r.is_copy]
    holds = holds_more(copies)
    verdicts = orient(copies, by_id, holds, models or load_models(), known)
    if sites is None:
        sites = collection_sites(docs)
    in_copies = sorted({doc for rel in copies for doc in (rel.a, rel.b)})
    outside = {doc: _outside_source(by_id[doc], sites) for doc in in_copies}
    credited = _credited_members(copies, outside)
    # Family structure says "siblings" where the pair's own cues are not already clear, or where
    # the family is known to descend from an outside source (one of its members credits it).
    siblings = {
        pair
        for pair, (x, y) in holds.items()
        if x and y and (abs(verdicts[pair].score) < CLEAR or pair[0] in credited)
    }
    siblings |= _credited_siblings(copies, outside, verdicts)
    keys = {d.id: symmetry.content_key(d) for d in docs}
    parents = _choose_parents(copies, verdicts, siblings, holds, _fact_witnesses(copies, by_id), keys)
    inferred, sibling_parent = _inferred_sources(copies, siblings, parents, by_id, story_of)
    edges = [
        _edge(parents[child], child, rel, verdicts)
        for child, rel in sorted(_parent_rel(parents, copies).items())
    ]
    families: dict[str, list[str]] = defaultdict(list)
    for child, src in sorted(sibling_parent.items()):
        families[src].append(child)
    rels_of = _by_doc(copies)
    credits = {src: _credit_name(members, by_id) for src, members in families.items()}
    edges += [
        _sibling_edge(src, child, set(families[src]) - {child}, rels_of[child], credits[src])
        for child, src in sorted(sibling_parent.items())
    ]
    spun_nodes, spun_edges = _spun_sources(docs, spin or {}, {*parents, *sibling_parent}, story_of)
    edges += spun_edges
    label = names or {}
    nodes = (
        [
            LineageNode(
                d.id, "document", label.get(d.id) or d.article.title or d.id, d.id, story_of.get(d.id, "")
            )
            for d in docs
        ]
        + inferred
        + spun_nodes
    )
    directed = tuple(
        _with_direction(r, parents, sibling_parent, verdicts, siblings) if r.is_copy else r for r in relations
    )
    return Lineage(tuple(nodes), tuple(edges)), directed


def collection_sites(docs: Sequence[Document]) -> frozenset[str]:
    """The sites of a collection, lower case: a credit naming one of them is not an outside source."""
    return frozenset((d.article.site or "").lower() for d in docs) - {""}


def _outside_source(doc: Document, sites: Set[str]) -> str | None:
    """The source ``doc`` says it retells, when that source is not a site of the collection."""
    source = direction.attributed_source(doc)
    return source if source and source.lower() not in sites else None


def _credited_members(copies: Sequence[Relation], outside: Mapping[str, str | None]) -> set[str]:
    """Documents whose family of copies includes one that credits an outside source."""
    find = _family_of(copies)
    families: dict[str, list[str]] = defaultdict(list)
    for doc in outside:
        families[find(doc)].append(doc)
    return {doc for members in families.values() if any(outside[d] for d in members) for doc in members}


def _credited_siblings(
    copies: Sequence[Relation],
    outside: Mapping[str, str | None],
    verdicts: Mapping[tuple[str, str], direction.Verdict],
) -> set[tuple[str, str]]:
    """Copy pairs in which one side says it retells an outside source.

    A text that says "Reuters reports" is itself a copy of a text outside the
    collection; unless dates or an explicit credit say otherwise, its relatives
    are likelier to share that source than to copy the copier.
    """
    return {
        (rel.a, rel.b)
        for rel in copies
        if not verdicts[(rel.a, rel.b)].decisive and (outside[rel.a] or outside[rel.b])
    }


def _fact_witnesses(copies: Sequence[Relation], docs: Mapping[str, Document]) -> set[tuple[str, str]]:
    """(parent, child) candidates where the child states a fact of a relative that the parent lacks.

    A brief that says "11 workers" like the original cannot have been made from an
    edit that changed it to "12 workers": the edit is not its parent, whatever else
    they share.
    """
    facts = {d: _stated_facts(docs[d]) for rel in copies for d in (rel.a, rel.b)}
    by_doc = _by_doc(copies)
    out = set()
    for rel in copies:
        for child, parent in ((rel.a, rel.b), (rel.b, rel.a)):
            lacking = facts[child] - facts[parent]
            relatives = (
                other.b if other.a == child else other.a for other in by_doc[child] if other is not rel
            )
            if lacking and any(lacking & facts[r] for r in relatives):
                out.add((parent, child))
    return out


def _stated_facts(doc: Document) -> set[str]:
    # Every number counts here, small ones too ("11 workers"): an edit changes exactly those.
    numbers = {f"{a.kind}:{a.value}" for a in doc.anchors if a.kind in ("number", "date")}
    return telling_anchors(doc) | numbers


#: A parent's claim on a child: farther, strength (negative), cover, the two keys, parent, child.
_Candidate = tuple[bool, float, float, bytes, bytes, str, str]


def _choose_parents(
    copies: Sequence[Relation],
    verdicts: Mapping[tuple[str, str], direction.Verdict],
    siblings: set[tuple[str, str]],
    holds: Mapping[tuple[str, str], tuple[bool, bool]],
    witnesses: set[tuple[str, str]],
    keys: Mapping[str, bytes],
) -> dict[str, str]:
    """child -> parent, strongest verdicts first, one parent each, no cycles.

    Equally strong candidates go in the order of their contents (``keys``), not of
    their ids: the same collection under other names gets the same tree.
    """
    candidates: list[_Candidate] = []
    for rel in copies:
        verdict = verdicts[(rel.a, rel.b)]
        if verdict.direction == "unknown" or ((rel.a, rel.b) in siblings and not verdict.decisive):
            continue
        parent, child = (rel.a, rel.b) if verdict.direction == "a->b" else (rel.b, rel.a)
        # A child that shares passages (or a stated fact) with a relative which this parent lacks
        # took them from that relative: a closer parent exists (the chain A -> B -> C, not A -> C).
        a_more, b_more = holds[(rel.a, rel.b)]
        farther = (b_more if child == rel.b else a_more) or (parent, child) in witnesses
        strength = -abs(verdict.score) * rel.confidence
        cover = -rel.coverage_a - rel.coverage_b
        candidates.append((farther, strength, cover, keys[parent], keys[child], parent, child))
    roots = _roots(candidates, keys)
    parents: dict[str, str] = {}
    for *_, parent, child in sorted(candidates):
        if child in parents or child in roots or _ancestor(child, parent, parents):
            continue
        parents[child] = parent
    return parents


def _roots(candidates: Sequence[_Candidate], keys: Mapping[str, bytes]) -> set[str]:
    """The first text of each family: the one the weighed verdicts most say others came from.

    Each oriented pair adds its strength to its parent's score and takes it from its
    child's; in each group of pairs the best score is the root and gets no parent. One
    wrong verdict (a rewrite called the source of its original) then no longer hangs
    the whole family under the rewrite when the original's other pairs say otherwise.
    """
    score: dict[str, float] = defaultdict(float)
    group: dict[str, str] = {}

    def find(x: str) -> str:
        while group.setdefault(x, x) != x:
            x = group[x]
        return x

    for _, strength, *_, parent, child in candidates:
        score[parent] -= strength  # strength is negative: the stronger, the lower
        score[child] += strength
        group[find(parent)] = find(child)
    best: dict[str, str] = {}
    for node in sorted(score, key=lambda n: keys[n]):
        top = best.get(find(node))
        if top is None or score[node] > score[top]:
            best[find(node)] = node
    return set(best.values())


def _ancestor(node: str, of: str, parents: Mapping[str, str]) -> bool:
    """True when ``node`` is ``of`` or one of its ancestors."""
    seen = set()
    while of not in seen:
        if of == node:
            return True
        seen.add(of)
        if of not in parents:
            return False
        of = parents[of]
    return False


def _parent_rel(parents: Mapping[str, str], copies: Sequence[Relation]) -> dict[str, Relation]:
    index = {frozenset((r.a, r.b)): r for r in copies}
    return {child: index[frozenset((child, parent))] for child, parent in parents.items()}


def _edge(
    parent: str, child: str, rel: Relation, verdicts: Mapping[tuple[str, str], direction.Verdict]
) -> LineageEdge:
    return LineageEdge(parent, child, rel.transforms, rel.confidence, verdicts[(rel.a, rel.b)].evidence)


def _inferred_sources(
    copies: Sequence[Relation],
    siblings: set[tuple[str, str]],
    parents: Mapping[str, str],
    docs: Mapping[str, Document],
    story_of: Mapping[str, str],
) -> tuple[list[LineageNode], dict[str, str]]:
    """One inferred source per group of parentless siblings; child -> source id."""
    group: dict[str, str] = {}

    def find(x: str) -> str:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for a, b in sorted(siblings):
        if a in parents or b in parents:
            continue
        ra, rb = sorted((find(a), find(b)))
        group[rb] = ra
    members: dict[str, list[str]] = defaultdict(list)
    for doc in sorted({d for pair in siblings for d in pair if d not in parents}):
        members[find(doc)].append(doc)
    nodes, assigned = [], {}
    for root, docs_in in sorted(members.items()):
        if len(docs_in) < 2:
            continue
        node_id = f"inferred:{root}"
        nodes.append(
            LineageNode(
                node_id, "inferred_source", _source_label(docs_in, docs), None, story_of.get(root, "")
            )
        )
        assigned.update(dict.fromkeys(docs_in, node_id))
    return nodes, assigned


#: Without other evidence, a single witness for an absent source is a coin flip: the two
#: texts could as well be parent and child with the direction undecided.
_DOUBT_PER_WITNESS = 0.5


def _sibling_edge(
    source: str, child: str, siblings: set[str], child_copies: Sequence[Relation], credit: str | None
) -> LineageEdge:
    """The edge from an inferred source to one of its copies, with the confidence its evidence earns.

    Witnesses: each sibling that shares passages with the child (a text both copied), and
    the family's credit to an outside source when the source is named from one. Each
    witness halves the doubt that the family hangs from an absent text rather than from
    one of its members; the copy relations' mean confidence bounds it:
    ``mean(sibling relation confidences) * (1 - 0.5 ** witnesses)``.
    """
    rels = [r for r in child_copies if (r.b if r.a == child else r.a) in siblings and r.passages]
    witnesses = len(rels) + (credit is not None)
    mean = sum(r.confidence for r in rels) / len(rels) if rels else 0.0
    confidence = round(mean * (1.0 - _DOUBT_PER_WITNESS**witnesses), 4)
    evidence = [
        f"shares passages with {len(rels)} sibling{'s' * (len(rels) != 1)} that none of them owns "
        f"(copy confidence {mean:.2f} on average)"
    ]
    if credit is not None:
        evidence.append(f"the family credits {credit}")
    return LineageEdge(source, child, (), confidence, tuple(evidence))


def _spun_sources(
    docs: Sequence[Document],
    spin: Mapping[str, SpinReport],
    has_parent: set[str],
    story_of: Mapping[str, str],
) -> tuple[list[LineageNode], list[LineageEdge]]:
    """An inferred source for each document spun throughout whose source is not in the collection."""
    nodes, edges = [], []
    for doc in docs:
        report = spin.get(doc.id)
        if report is None or doc.id in has_parent or not report.throughout():
            continue
        node_id = f"inferred:spun:{doc.id}"
        name = direction.attributed_source(doc) or "unknown source"
        nodes.append(
            LineageNode(
                node_id, "inferred_source", f"{name}, not in the collection", None, story_of.get(doc.id, "")
            )
        )
        edges.append(LineageEdge(node_id, doc.id, ("spun",), spun_confidence(report), _spin_evidence(report)))
    return nodes, edges


def spun_confidence(report: SpinReport) -> float:
    """How sure a text spun throughout is a copy: grows with how far it clears the rule.

    At the rule's edge (``MIN_HITS`` pairs at ``THROUGHOUT_PER_100_WORDS``) it is 0.75: no clean
    text measured reaches it (bench/spin_threshold.py), so the inference starts above a coin
    flip; each further multiple of the rule, on the weaker of the two measures, halves the doubt.
    """
    ratio = min(len(report.hits) / MIN_HITS, report.per_100_words / THROUGHOUT_PER_100_WORDS)
    return round(1.0 - float(_DOUBT_PER_WITNESS ** (1.0 + ratio)), 4)


def _spin_evidence(report: SpinReport) -> tuple[str, ...]:
    examples = ", ".join(f"'{h.found}' for '{h.likely}'" for h in report.hits[:4])
    return (
        f"spun throughout: {len(report.hits)} word pairs no other article uses whose synonym twin "
        f"others use ({report.per_100_words:.2f} per 100 words), e.g. {examples}",
    )


def _credit_name(members: Sequence[str], docs: Mapping[str, Document]) -> str | None:
    """The outside source most of the family credits (not a site of the family itself)."""
    sites = {(docs[m].article.site or "").lower() for m in members}
    counts: Counter[str] = Counter()
    for m in members:
        for anchor in docs[m].anchors:
            if anchor.kind == "credit" and anchor.value.lower() not in sites:
                counts[anchor.value] += 1
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def _source_label(members: Sequence[str], docs: Mapping[str, Document]) -> str:
    """Name the absent source from the credits its copies carry."""
    return f"{_credit_name(members, docs) or 'unknown source'}, not in the collection"


def _with_direction(
    rel: Relation,
    parents: Mapping[str, str],
    sibling_parent: Mapping[str, str],
    verdicts: Mapping[tuple[str, str], direction.Verdict],
    siblings: set[tuple[str, str]],
) -> Relation:
    verdict = verdicts[(rel.a, rel.b)]
    evidence = verdict.evidence
    value: Direction
    if _ancestor(rel.a, rel.b, parents) and rel.a != rel.b:
        value = "a->b"
    elif _ancestor(rel.b, rel.a, parents):
        value = "b->a"
    elif (rel.a, rel.b) in siblings or _common_ancestor(rel.a, rel.b, parents, sibling_parent):
        # Cousins in the graph: the pair's own cues do not override the family tree.
        value = "common_source"
        evidence = (*evidence, "both descend from a common text")
    else:
        value = (
            "a->b" if verdict.direction == "a->b" else "b->a" if verdict.direction == "b->a" else "unknown"
        )
    return dataclasses.replace(rel, direction=value, direction_evidence=evidence)


def _lineage_of(node: str, parents: Mapping[str, str], sibling_parent: Mapping[str, str]) -> set[str]:
    """The node's ancestors (not itself), through document parents and inferred sources."""
    found: set[str] = set()
    while True:
        up = parents.get(node) or sibling_parent.get(node)
        if up is None or up in found:
            return found
        found.add(up)
        node = up


def _common_ancestor(a: str, b: str, parents: Mapping[str, str], sibling_parent: Mapping[str, str]) -> bool:
    return bool(_lineage_of(a, parents, sibling_parent) & _lineage_of(b, parents, sibling_parent))
