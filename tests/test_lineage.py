"""Lineage and audit on small collections the tests write: the cases users meet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import WriteFiles
from newslineage.config import TextConfig
from newslineage.direction import Verdict
from newslineage.embed import UniversalSentenceEncoder
from newslineage.lineage import Lineage, _choose_parents, build, family_order, holds_more, spun_confidence
from newslineage.models import Article, Document, Link, Passage, Relation, RelationKind, ScanResult, Story
from newslineage.pipeline import scan
from newslineage.spin import SpinReport, spin_reports
from newslineage.synonyms import Synonyms
from newslineage.text import analyze_all

TITLE = "Kellford bridge shut after inspectors find cracks"
BODY = [
    "KELLFORD, March 3 (Eastwire) - The Kellford river bridge was closed to all traffic on Monday after "
    "inspectors found cracks in two of its steel supports, the regional roads agency said.",
    "About 41,000 vehicles cross the bridge every day, and drivers were told to expect delays of up to an "
    "hour on the ring road.",
    "The cracks were found during a routine inspection on Saturday, when engineers noticed rust around the "
    "bolts of the northern pier.",
    "“We are not taking any chances with a structure that carries this many people,” said Anna Lindqvist, "
    "the agency's chief engineer.",
    "Repairs are expected to cost about 4.2 million euros and to take at least six weeks, according to the "
    "agency's estimate.",
    "The bridge was built in 1968 and last renovated in 2009, when its deck was replaced.",
    "Local businesses warned that the closure would hurt trade in the old town, which depends on visitors "
    "from the south bank.",
    "“Every week of closure costs us customers we may never win back,” said Jonas Berg, who chairs the "
    "Kellford traders' association.",
    "The city council said it would run free shuttle buses across the rail bridge from Wednesday.",
    "Traffic on the ring road rose by 4% in the first hours after the closure, according to city data.",
    "The roads agency said it would inspect eleven other bridges of the same design by the end of the month.",
]
UNCREDITED = BODY[0].replace("KELLFORD, March 3 (Eastwire) - ", "")
ADDED = [
    "Cyclists will still be allowed to walk their bikes across the footpath.",
    "Ferry operators said they would add extra crossings in the morning rush hour.",
]


def article(title: str, sentences: list[str]) -> str:
    return title + "\n\n" + "\n".join(sentences) + "\n"


def record(title: str, sentences: list[str], published: str, site: str | None = None) -> str:
    return json.dumps({"title": title, "text": "\n".join(sentences), "published": published, "site": site})


def run(folder: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms) -> ScanResult:
    return scan([folder], encoder=encoder, synonyms=synonyms)


def edges(result: ScanResult) -> set[tuple[str, str]]:
    return {(e.parent, e.child) for e in result.lineage.edges}


def findings(result: ScanResult, kind: str) -> list[tuple[str, str]]:
    return [(f.document, f.detail) for f in result.findings if f.kind == kind]


@pytest.fixture(scope="module")
def siblings(
    tmp_path_factory: pytest.TempPathFactory, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> ScanResult:
    # Three outlets each kept a different part of one wire story; only one kept its credit.
    root = tmp_path_factory.mktemp("siblings")
    (root / "a.txt").write_text(article("Cracks close Kellford bridge", BODY[0:8]))
    (root / "b.txt").write_text(article("Kellford bridge closed for repairs", BODY[2:11]))
    (root / "c.txt").write_text(article("Drivers face delays", [UNCREDITED, *BODY[1:4], *BODY[7:11]]))
    return run(root, encoder, synonyms)


def test_siblings_point_to_an_inferred_source_named_from_their_credit(siblings: ScanResult) -> None:
    (source,) = [n for n in siblings.lineage.nodes if n.kind == "inferred_source"]
    assert source.label == "Eastwire, not in the collection"
    assert edges(siblings) == {(source.id, "a.txt"), (source.id, "b.txt"), (source.id, "c.txt")}
    assert {r.direction for r in siblings.relations} == {"common_source"}


def test_siblings_that_drop_the_credit_are_flagged(siblings: ScanResult) -> None:
    stripped = findings(siblings, "credit_stripped")
    assert sorted(doc for doc, _ in stripped) == ["b.txt", "c.txt"]
    assert all("Eastwire" in detail for _, detail in stripped)


def test_parent_and_child_every_finding_kind(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    copy = [
        s.replace(
            "We are not taking any chances with a structure that carries this many people",
            "We are taking no risks at all with a bridge that so many people use",
        )
        .replace("4.2 million", "4,2 million")  # a format change, not a finding
        .replace("rose by 4%", "rose by 6%")
        .replace("“", '"')  # so is a change of quotation marks
        .replace("”", '"')
        for s in [UNCREDITED, *BODY[1:]]
    ]
    root = write_files(
        {
            "feed.jsonl": record(TITLE, BODY, "2025-03-03", "Eastwire")
            + "\n"
            + record("Kellford bridge closed", copy + ADDED, "2025-03-04", "Valley Times")
            + "\n"
        }
    )
    result = run(root, encoder, synonyms)
    assert edges(result) == {("feed.jsonl#1", "feed.jsonl#2")}
    (rel,) = result.relations
    assert rel.direction == "a->b"
    assert any(e.startswith("dates:") for e in rel.direction_evidence)
    assert findings(result, "number_changed") == [("feed.jsonl#2", "4% in feed.jsonl#1 became 6%")]
    (quote,) = findings(result, "quote_altered")
    assert "We are not taking any chances" in quote[1] and "no risks at all" in quote[1]
    assert [doc for doc, _ in findings(result, "credit_stripped")] == ["feed.jsonl#2"]
    assert findings(result, "added") == [
        ("feed.jsonl#2", "1 passage (2 sentences) with no counterpart in feed.jsonl#1")
    ]
    for f in result.findings:
        # Each finding points at the words it is about, on both sides where there are two.
        doc = result.document(f.document)
        assert f.span is not None and doc.text[f.span[0] : f.span[1]].strip()
        if f.related_span is not None and f.related is not None:
            other = result.document(f.related)
            assert other.text[f.related_span[0] : f.related_span[1]].strip()


def test_a_copy_of_a_copy_hangs_under_the_copy(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    # A -> B -> C: B changed a number and added two sentences; C took B's version.
    b = [s.replace("41,000", "40,000") for s in BODY[:10]] + ADDED
    root = write_files(
        {
            "a.json": record(TITLE, BODY, "2025-03-03"),
            "b.json": record("Kellford bridge shut", b, "2025-03-04"),
            "c.json": record("Bridge closure in Kellford", b[1:], "2025-03-05"),
        }
    )
    result = run(root, encoder, synonyms)
    assert edges(result) == {("a.json", "b.json"), ("b.json", "c.json")}
    assert findings(result, "number_changed") == [("b.json", "41,000 in a.json became 40,000")]
    # C repeats B's change, so against its parent B it changed nothing.
    assert not [doc for doc, _ in findings(result, "number_changed") if doc == "c.json"]


def test_lineage_ids_do_not_depend_on_input_order(
    siblings: ScanResult, tmp_path: Path, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    # The same three files, listed one by one in reverse order, give the same graph.
    root = tmp_path / "again"
    root.mkdir()
    for doc in siblings.documents:
        (root / doc.id).write_text(doc.text)
    again = scan([root / "c.txt", root / "b.txt", root / "a.txt"], encoder=encoder, synonyms=synonyms)
    assert again.lineage == siblings.lineage
    assert again.findings == siblings.findings


def _docs(n: int) -> list[str]:
    return [f"d{i}.txt" for i in range(n)]


@st.composite
def families(draw: st.DrawFn) -> tuple[list[Relation], int]:
    n = draw(st.integers(2, 6))
    ids = _docs(n)
    relations = []
    for i in range(n):
        for j in range(i + 1, n):
            kind: RelationKind | None = draw(st.sampled_from(["derived", "near_duplicate", None]))
            if kind is None:
                continue
            rows = draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=6))
            links = tuple(Link(x, y, 0.9, "light_edit") for x, y in sorted(set(rows)))
            passage = Passage(0, 1, 0, 1, "light_edit", 0.9, links)
            relations.append(Relation(ids[i], ids[j], kind, ("light_edit",), 0.9, 0.5, 0.5, (), (passage,)))
    return relations, n


@settings(max_examples=60, deadline=None)
@given(families())
def test_the_lineage_graph_never_has_a_cycle(family: tuple[list[Relation], int]) -> None:
    relations, n = family
    texts = [f"Sentence {k} of {i} is here." for i in range(n) for k in range(6)]
    articles = [
        Article(doc, "\n".join(texts[i * 6 : (i + 1) * 6]), published=f"2025-01-0{1 + i % 3}")
        for i, doc in enumerate(_docs(n))
    ]
    docs = analyze_all(articles, TextConfig())
    story = Story("story-1", tuple(_docs(n)), "t")
    graph, directed = build(docs, relations, [story])
    _assert_forest(graph)
    assert [(r.a, r.b) for r in directed] == [(r.a, r.b) for r in relations]


def _assert_forest(graph: Lineage) -> None:
    parents: dict[str, str] = {}
    for e in graph.edges:
        assert e.child not in parents, f"{e.child} has two parents"
        parents[e.child] = e.parent
    node_ids = {n.id for n in graph.nodes}
    assert set(parents) | set(parents.values()) <= node_ids
    for start in parents:
        seen, node = set(), start
        while node in parents:
            assert node not in seen, f"cycle through {node}"
            seen.add(node)
            node = parents[node]


def test_example_collection_lineage(example_result: ScanResult) -> None:
    _assert_forest(example_result.lineage)
    assert ("01-northwire-original.txt", "02-coastal-daily-reprint.html") in edges(example_result)


def test_edges_from_an_inferred_source_carry_the_confidence_their_witnesses_earn(
    siblings: ScanResult,
) -> None:
    by_pair = {frozenset((r.a, r.b)): r for r in siblings.relations}
    for e in siblings.lineage.edges:
        others = sorted({"a.txt", "b.txt", "c.txt"} - {e.child})
        mean = sum(by_pair[frozenset((e.child, o))].confidence for o in others) / len(others)
        # Two siblings share its passages and the family credits Eastwire: three witnesses.
        assert e.confidence == pytest.approx(mean * (1 - 0.5**3), abs=1e-3)
        assert e.evidence[0].startswith("shares passages with 2 siblings that none of them owns")
        assert e.evidence[1] == "the family credits Eastwire"


PLAIN = (
    "The main export of the region is timber. Prices rose within two hours of the news. "
    "The shipping consultancy said demand was strong. Officials closed the main road."
)
SPUN = (
    "The primary export of the region is timber. Prices rose inside two hours of the news. "
    "The transport consultancy said demand was strong. Officials closed the chief road."
)


def _spun_collection(spun: str, synonyms: Synonyms) -> tuple[list[Document], dict[str, SpinReport]]:
    texts = {"a.txt": PLAIN, "b.txt": PLAIN + " Rain fell.", "c.txt": PLAIN + " Wind rose.", "d.txt": spun}
    docs = analyze_all([Article(k, v) for k, v in texts.items()], TextConfig())
    return docs, spin_reports(docs, synonyms)


def test_a_text_spun_throughout_hangs_from_an_absent_source(synonyms: Synonyms) -> None:
    if not synonyms:
        pytest.skip(f"WordNet is not installed: {synonyms.source}")
    docs, spun = _spun_collection(SPUN, synonyms)
    story = Story("story-1", tuple(d.id for d in docs), "t")
    graph, _ = build(docs, [], [story], spun)
    (edge,) = graph.edges
    source = next(n for n in graph.nodes if n.id == edge.parent)
    assert (source.kind, source.label, edge.child, edge.transforms) == (
        "inferred_source",
        "unknown source, not in the collection",
        "d.txt",
        ("spun",),
    )
    assert edge.confidence == spun_confidence(spun["d.txt"]) and 0.75 < edge.confidence <= 1
    assert "'primary export' for 'main export'" in edge.evidence[0]
    # One spun pair fewer (four, the rule's edge): less certain.
    _, fewer = _spun_collection(SPUN.replace("chief road", "main road"), synonyms)
    assert len(fewer["d.txt"].hits) == 4 and spun_confidence(fewer["d.txt"]) == 0.75 < edge.confidence


def test_spin_in_a_few_words_or_a_text_with_a_parent_is_no_absent_source(synonyms: Synonyms) -> None:
    if not synonyms:
        pytest.skip(f"WordNet is not installed: {synonyms.source}")
    # Three odd pairs are below the rule, however short the text.
    three = SPUN.replace("chief road", "main road").replace("transport consultancy", "shipping consultancy")
    docs, spun = _spun_collection(three, synonyms)
    assert len(spun["d.txt"].hits) == 3
    graph, _ = build(docs, [], [Story("story-1", tuple(d.id for d in docs), "t")], spun)
    assert graph.edges == ()
    # Spun throughout, but its source is here: it hangs from that source, not from an inferred one.
    docs, spun = _spun_collection(SPUN, synonyms)
    link = Passage(0, 1, 0, 1, "spun", 0.9, (Link(0, 0, 0.9, "spun"),))
    copy = Relation("a.txt", "d.txt", "derived", ("spun",), 0.9, 0.9, 0.9, (), (link,))
    graph, _ = build(docs, [copy], [Story("story-1", tuple(d.id for d in docs), "t")], spun)
    assert not [n for n in graph.nodes if n.kind == "inferred_source"]


def test_the_example_spun_copy_hangs_from_its_source(example_result: ScanResult) -> None:
    assert not [n for n in example_result.lineage.nodes if n.kind == "inferred_source"]
    assert example_result.lineage.parent_of("04-spun-copy.txt") == "01-northwire-original.txt"


def _aligned_pair(a: str, b: str, pairs: list[tuple[int, int]]) -> Relation:
    links = tuple(Link(a=i, b=j, similarity=0.8, kind="paraphrase") for i, j in pairs)
    passage = Passage(0, 1, 0, 1, "paraphrase", 0.8, links)
    return Relation(a, b, "derived", ("paraphrase",), 0.9, 0.5, 0.5, (), (passage,))


def test_rewrites_that_resemble_each_other_hold_nothing_their_original_lacks() -> None:
    # An original (h) of six sentences and two heavy rewrites (r1, r2). The pair h~r1 aligns
    # only three of r1's sentences; r1 and r2 reworded sentences 3-5 alike, and r2's versions
    # of them are aligned with h: what r1 shares with r2 is in h, so h and r1 are not siblings.
    h_r1 = _aligned_pair("h.txt", "r1.txt", [(0, 0), (1, 1), (2, 2)])
    h_r2 = _aligned_pair("h.txt", "r2.txt", [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)])
    r1_r2 = _aligned_pair("r1.txt", "r2.txt", [(3, 3), (4, 4), (5, 5)])
    holds = holds_more([h_r1, h_r2, r1_r2])
    assert holds[("h.txt", "r1.txt")] == (False, False)
    # Two outlets' edits of a wire text that is not here: each keeps sentences the other
    # dropped, and the third outlet's copies of them are not in the other either.
    a_b = _aligned_pair("a.txt", "b.txt", [(0, 0), (1, 1)])
    a_c = _aligned_pair("a.txt", "c.txt", [(0, 0), (2, 2), (3, 3)])
    b_c = _aligned_pair("b.txt", "c.txt", [(0, 0), (2, 4), (3, 5)])
    assert holds_more([a_b, a_c, b_c])[("a.txt", "b.txt")] == (True, True)


def test_one_wrong_verdict_does_not_hang_a_family_under_a_rewrite() -> None:
    # h was rewritten four times. The verdict on h~r1 is wrong and the strongest of all
    # (r1 -> h); the other three say h came first. h is the family's root, not r1's child.
    rels = [_aligned_pair("h.txt", f"r{k}.txt", [(0, 0), (1, 1)]) for k in range(1, 5)]
    verdicts = {(r.a, r.b): Verdict("a->b", 2.0, (), False) for r in rels}
    verdicts[("h.txt", "r1.txt")] = Verdict("b->a", -3.0, (), False)
    holds = {(r.a, r.b): (False, False) for r in rels}
    keys = {d: d.encode() for d in ("h.txt", "r1.txt", "r2.txt", "r3.txt", "r4.txt")}
    parents = _choose_parents(rels, verdicts, set(), holds, set(), keys)
    assert "h.txt" not in parents
    assert parents == {"r2.txt": "h.txt", "r3.txt": "h.txt", "r4.txt": "h.txt"}


def test_family_order_groups_each_family_and_keeps_input_order_within() -> None:
    rels = [
        _aligned_pair("a.txt", "b.txt", [(0, 0)]),
        _aligned_pair("x.txt", "y.txt", [(0, 0)]),
        _aligned_pair("c.txt", "d.txt", [(0, 0)]),
        _aligned_pair("b.txt", "c.txt", [(0, 0)]),
        _aligned_pair("y.txt", "z.txt", [(0, 0)]),
    ]
    ordered = family_order(rels)
    assert [(r.a, r.b) for r in ordered] == [
        ("a.txt", "b.txt"),
        ("c.txt", "d.txt"),
        ("b.txt", "c.txt"),
        ("x.txt", "y.txt"),
        ("y.txt", "z.txt"),
    ]
    assert family_order(list(reversed(rels)))[0] is rels[-1]
