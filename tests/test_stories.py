from __future__ import annotations

import random

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslineage.models import Relation, RelationKind
from newslineage.stories import group_stories
from newslineage.topics import Topics, published_day


def rel(a: str, b: str, kind: RelationKind) -> Relation:
    a, b = sorted((a, b))
    return Relation(a, b, kind, (), 0.9, 0.5, 0.5, (), ())


def groups(ids: list[str], relations: list[Relation]) -> set[tuple[str, ...]]:
    return {s.documents for s in group_stories(ids, relations, {})}


def test_a_bridge_article_does_not_chain_two_events() -> None:
    # A~B and B~C, A and C unrelated: C must not end up in A's story.
    found = groups(["a", "b", "c"], [rel("a", "b", "same_story"), rel("b", "c", "same_story")])
    assert not any({"a", "c"} <= set(docs) for docs in found)


def test_two_dense_events_joined_by_one_stray_link_stay_apart() -> None:
    relations = [rel(x, y, "same_story") for x, y in [("a", "b"), ("a", "c"), ("b", "c")]]
    relations += [rel(x, y, "same_story") for x, y in [("d", "e"), ("d", "f"), ("e", "f")]]
    relations.append(rel("c", "d", "same_story"))
    assert groups(list("abcdef"), relations) == {("a", "b", "c"), ("d", "e", "f")}


def _four_reports() -> list[Relation]:
    # a, b, c copy one wire story; d reports the same event on its own.
    relations = [rel(x, y, "derived") for x, y in [("a", "b"), ("a", "c"), ("b", "c")]]
    return relations + [rel(x, "d", "same_story") for x in "abc"]


def test_an_article_related_to_half_of_a_story_belongs_to_it() -> None:
    # e (a commentary) is related to two of the story's four articles: average linkage alone
    # (density exactly one half) would leave it out.
    relations = [*_four_reports(), rel("a", "e", "same_story"), rel("b", "e", "same_story")]
    assert groups(list("abcde"), relations) == {("a", "b", "c", "d", "e")}


def test_a_text_and_its_reprint_count_once() -> None:
    # a and b are one text published twice: related to both is related to one of three texts.
    relations = [rel("a", "b", "duplicate"), *(r for r in _four_reports() if (r.a, r.b) != ("a", "b"))]
    twice = [*relations, rel("a", "e", "same_story"), rel("b", "e", "same_story")]
    assert groups(list("abcde"), twice) == {("a", "b", "c", "d"), ("e",)}
    two_texts = [*relations, rel("a", "e", "same_story"), rel("c", "e", "same_story")]
    assert groups(list("abcde"), two_texts) == {("a", "b", "c", "d", "e")}


def test_one_link_to_a_story_is_a_chain_not_membership() -> None:
    # Related to one of two articles is half of them, but a single link: A~B~C again.
    assert groups(list("abcde"), [*_four_reports(), rel("a", "e", "same_story")]) == {
        ("a", "b", "c", "d"),
        ("e",),
    }


def test_an_article_between_two_stories_joins_the_closer_and_never_merges_them() -> None:
    second = [rel(x.upper(), y.upper(), k) for x, y, k in ((r.a, r.b, r.relation) for r in _four_reports())]
    ids = [*"abcd", *"ABCD", "x"]
    bridge = [rel("x", y, "same_story") for y in ("a", "b", "A", "B")]
    # Half of each: a bridge between two events stays alone.
    assert groups(ids, [*_four_reports(), *second, *bridge]) == {
        ("a", "b", "c", "d"),
        ("A", "B", "C", "D"),
        ("x",),
    }
    # Three of one, two of the other: it belongs to the first; the two stories stay apart.
    assert groups(ids, [*_four_reports(), *second, *bridge, rel("x", "c", "same_story")]) == {
        ("a", "b", "c", "d", "x"),
        ("A", "B", "C", "D"),
    }


def test_copies_always_share_a_story_and_loners_get_their_own() -> None:
    relations = [rel("a", "b", "derived"), rel("b", "c", "near_duplicate")]
    assert groups(["a", "b", "c", "z"], relations) == {("a", "b", "c"), ("z",)}


def test_story_ids_and_titles_are_stable() -> None:
    relations = [rel("b", "c", "same_story"), rel("b", "d", "same_story"), rel("c", "d", "derived")]
    found = group_stories(["d", "c", "b", "a"], relations, {"b": "Title B", "a": "Title A"})
    assert [(s.id, s.documents, s.title) for s in found] == [
        ("story-1", ("a",), "Title A"),
        ("story-2", ("b", "c", "d"), "Title B"),  # named after its best-connected article
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.booleans()), max_size=20), st.randoms())
def test_stories_do_not_depend_on_input_order(edges: list[tuple[int, int, bool]], rnd: random.Random) -> None:
    ids = [f"d{i}" for i in range(8)]
    relations = [rel(f"d{x}", f"d{y}", "derived" if copy else "same_story") for x, y, copy in edges if x != y]
    first = group_stories(ids, relations, {})
    shuffled_ids, shuffled_rels = ids[:], relations[:]
    rnd.shuffle(shuffled_ids)
    rnd.shuffle(shuffled_rels)
    assert group_stories(shuffled_ids, shuffled_rels, {}) == first
    assert sorted(d for s in first for d in s.documents) == ids  # each document in exactly one story


def test_reports_published_months_apart_are_two_stories_but_a_late_copy_is_not() -> None:
    # a, b, c report one event in May; d, e another of its kind in December, and c~d, c~e
    # are related as same_story (two popes' deaths, two meetings of one bank).
    relations = [rel(x, y, "same_story") for x, y in [("a", "b"), ("a", "c"), ("d", "e")]]
    relations += [rel("c", "d", "same_story"), rel("c", "e", "same_story")]
    may, december = published_day("2023-05-02") or 0, published_day("2023-12-01") or 0
    days = {"a": may, "b": may, "c": may, "d": december, "e": december, "f": december}
    # Orthogonal vectors: nothing joins on topic, what parts them is time alone.
    vectors = {d: np.eye(6, dtype=np.float32)[k] for k, d in enumerate("abcdef")}
    timed = Topics(days=days, vectors=vectors, neighbours=[])
    found = {s.documents for s in group_stories(list("abcde"), relations, {}, topics=timed)}
    assert found == {("a", "b"), ("c",), ("d", "e")}
    # Undated, the same links make c a member of the December story.
    assert groups(list("abcde"), relations) == {("a", "b"), ("c", "d", "e")}
    # f republishes a in December: a copy tells its source's story whenever it appears.
    late = {s.documents for s in group_stories(list("af"), [rel("a", "f", "derived")], {}, topics=timed)}
    assert late == {("a", "f")}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7), st.booleans()), max_size=20),
    st.lists(st.integers(0, 90), min_size=8, max_size=8),
    st.integers(0, 2**32 - 1),
    st.randoms(),
)
def test_stories_with_time_and_topic_do_not_depend_on_input_order(
    edges: list[tuple[int, int, bool]], days: list[int], seed: int, rnd: random.Random
) -> None:
    ids = [f"d{i}" for i in range(8)]
    relations = [rel(f"d{x}", f"d{y}", "derived" if copy else "same_story") for x, y, copy in edges if x != y]
    gen = np.random.default_rng(seed)
    raw = gen.normal(size=(8, 6)).astype(np.float32)
    vectors = {d: row / np.linalg.norm(row) for d, row in zip(ids, raw, strict=True)}
    languages = {d: str(gen.choice(["en", "de", "fr"])) for d in ids}
    pairs = [(a, b) for a in ids for b in ids if a < b]
    day_of = dict(zip(ids, days, strict=True))
    first = group_stories(ids, relations, {}, topics=Topics(day_of, vectors, pairs, languages))
    rnd.shuffle(ids)
    rnd.shuffle(relations)
    rnd.shuffle(pairs)
    again = group_stories(ids, relations, {}, topics=Topics(day_of, vectors, pairs, languages))
    assert again == first
    assert sorted(d for s in first for d in s.documents) == sorted(ids)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["en", "de", "fr"]), min_size=2, max_size=5),
    st.lists(st.sampled_from(["en", "de", "fr"]), min_size=2, max_size=5),
    st.sampled_from(["en", "de", "fr", "it"]),
    st.integers(0, 2**32 - 1),
)
# Found by this test: the French bridge's cosines with both events lifted the mean across
# languages of the second join over the threshold, and topic then vouched for the
# English-German pairs of the two events, which do not agree (topics._State._blocks).
@example(["en", "en"], ["en", "de"], "fr", 37)
def test_an_article_between_two_events_never_chains_them_through_time_and_topic(
    first: list[str], second: list[str], bridge: str, seed: int
) -> None:
    # Two events of one day, each a related group in mixed languages about its own topic,
    # and one article about both (its vector halfway) related to an article of each.
    gen = np.random.default_rng(seed)
    axes = np.eye(16, dtype=np.float32)
    ids = {f"a{k}": lang for k, lang in enumerate(first)} | {f"b{k}": lang for k, lang in enumerate(second)}
    vectors = {}
    for d in ids:
        row = axes[0 if d[0] == "a" else 1] + gen.normal(scale=0.15, size=16).astype(np.float32)
        vectors[d] = row / np.linalg.norm(row)
    vectors["x"] = (axes[0] + axes[1]) / np.sqrt(np.float32(2))
    ids["x"] = bridge
    relations = [
        rel(p, q, "same_story") for p in ids for q in ids if p < q and p[0] == q[0] and "x" not in (p, q)
    ]
    relations += [rel("x", "a0", "same_story"), rel("x", "b0", "same_story")]
    names = sorted(ids)
    pairs = [(p, q) for p in names for q in names if p < q]
    topics = Topics(dict.fromkeys(names, 0), vectors, pairs, ids)
    found = group_stories(names, relations, {}, topics=topics)
    assert not any({"a0", "b0"} <= set(s.documents) for s in found)
    assert {"a0", "a1"} <= set(next(s.documents for s in found if "a0" in s.documents))
