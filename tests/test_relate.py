"""The relation decision on measured features: copies, template twins and same-story pairs."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newslineage.candidates import telling_anchors
from newslineage.config import RelateConfig, TextConfig
from newslineage.models import Article, Document, Link, Passage
from newslineage.relate import (
    PairFeatures,
    cannot_relate,
    classify,
    fact_agreement,
    half_the_facts_differ,
    kendall_tau,
    longest_increasing,
    no_common_particulars,
    ordered_particulars,
    same_event,
    shares_a_fact,
    word_order,
)
from newslineage.text import analyze

# A rewrite: twelve sentences, ten of them matched in runs, facts kept.
COPY = PairFeatures(
    links=10,
    sequence_links=10,
    sentences_a=12,
    sentences_b=12,
    coverage_a=0.8,
    coverage_b=0.8,
    copy_share=0.2,
    kind_chars=(("paraphrase", 900),),
    shared_anchors=5,
    doc_similarity=0.9,
    soft_coverage=0.8,
    order_share=0.9,
    fact_links=4,
    fact_conflicts=0,
    contrast=0.35,
    sequence_excess=0.3,
    length_ratio=0.9,
    strong_links=6,
    link_similarity=0.82,
    telling_a=8,
    telling_b=8,
)
# Another article of the same event: no runs, a quoted statement, shared names.
STORY = dataclasses.replace(
    COPY,
    links=1,
    sequence_links=0,
    coverage_a=0.1,
    coverage_b=0.1,
    soft_coverage=0.45,
    order_share=0.2,
    contrast=0.15,
    sequence_excess=0.03,
    strong_links=0,
    link_similarity=0.7,
    doc_similarity=0.7,
)


def relation(f: PairFeatures) -> str:
    return classify(f, RelateConfig())[0]


def test_a_rewrite_that_keeps_its_facts_is_a_copy() -> None:
    assert relation(COPY) == "derived"


def test_sharing_none_of_several_particulars_is_not_a_copy() -> None:
    f = dataclasses.replace(COPY, shared_anchors=0, no_common_particulars=True)
    kind, _, reasons = classify(f, RelateConfig())
    assert kind != "derived"
    assert any("share none of them" in r for r in reasons)


def test_texts_with_few_particulars_are_not_held_to_sharing_them() -> None:
    # A short text naming one or two things may drop them in a rewrite.
    assert relation(dataclasses.replace(COPY, shared_anchors=0)) == "derived"


def test_template_twins_state_different_facts_on_matching_sentences() -> None:
    f = dataclasses.replace(COPY, fact_links=5, fact_conflicts=4, shared_anchors=2)
    assert f.template_twins
    assert relation(f) == "unrelated"  # two shared particulars do not make one story of twins
    assert relation(dataclasses.replace(f, shared_anchors=3)) == "same_story"


def test_same_story_needs_shared_particulars() -> None:
    assert same_event(STORY)
    assert relation(STORY) == "same_story"
    # Matching sentences and a close topic without a shared particular: one template, two events.
    assert relation(dataclasses.replace(STORY, shared_anchors=0)) == "unrelated"
    # One shared particular is enough only when the topic is very close.
    assert relation(dataclasses.replace(STORY, shared_anchors=1, doc_similarity=0.7)) == "same_story"
    assert relation(dataclasses.replace(STORY, shared_anchors=1, doc_similarity=0.62)) == "unrelated"
    # Three shared particulars suffice on their own.
    far = dataclasses.replace(STORY, links=0, doc_similarity=0.3, shared_anchors=3)
    assert relation(far) == "same_story"


def _doc(name: str, text: str) -> Document:
    return analyze(Article(name, text), frozenset(), TextConfig())


def test_no_common_particulars_reads_the_documents() -> None:
    fire = _doc(
        "a.txt",
        "Helen Marsh of the Baltic Lane depot said 340 workers left the St Anne plant on May 14. "
        "Tomas Reyes confirmed it.",
    )
    other = _doc(
        "b.txt",
        "Ahmed Saleh of the Harbour Road depot said 120 workers left the Port Vale plant on June 2. "
        "Priya Nandakumar confirmed it.",
    )
    same = _doc("c.txt", "Helen Marsh said the Port Vale plant and the Harbour Road depot closed.")
    assert no_common_particulars(fire, other)
    assert not no_common_particulars(fire, same)  # one shared name is enough
    german = _doc(
        "d.txt",
        "Ahmed Saleh vom Depot an der Harbour Road sagte, 120 Arbeiter hätten am 2. Juni das Werk "
        "Port Vale verlassen. Priya Nandakumar bestätigte es.",
    )
    assert german.language != fire.language
    assert not no_common_particulars(fire, german)  # names may be transliterated across languages


@given(
    links=st.integers(0, 40),
    coverage=st.floats(0.0, 1.0),
    share=st.floats(0.0, 1.0),
    similarity=st.floats(-1.0, 1.0),
    order=st.floats(0.0, 1.0),
)
def test_texts_sharing_no_particular_are_unrelated_whatever_aligns(
    links: int, coverage: float, share: float, similarity: float, order: float
) -> None:
    # ``cannot_relate`` lets the scan skip aligning such pairs: that is only sound if no
    # alignment, however close, could make them a copy or one event.
    f = _aligned(
        links,
        coverage,
        similarity,
        copy_share=share,
        soft_coverage=coverage,
        order_share=order,
        sequence_excess=order,
        no_common_particulars=True,
    )
    assert relation(f) == "unrelated"


def _aligned(links: int, coverage: float, similarity: float, **more: Any) -> PairFeatures:
    """A pair sharing no particular, with ``links`` sentences aligned in order over ``coverage``."""
    return dataclasses.replace(
        COPY,
        links=links,
        sequence_links=links,
        coverage_a=coverage,
        coverage_b=coverage,
        doc_similarity=similarity,
        shared_anchors=0,
        **more,
    )


def test_cannot_relate_needs_several_particulars_on_both_sides_and_none_shared() -> None:
    fire = _doc("a.txt", "Helen Marsh of the Baltic Lane depot said 340 workers left the St Anne plant.")
    other = _doc("b.txt", "Ahmed Saleh of the Harbour Road depot said 120 workers left the Port Vale plant.")
    same = _doc("c.txt", "Helen Marsh said the Port Vale plant and the Harbour Road depot closed.")
    assert cannot_relate(fire, other, 0)
    assert not cannot_relate(fire, same, 2)
    few = _doc("d.txt", "Workers left a plant, a union said on Monday.")
    assert not cannot_relate(fire, few, 0)
    # Sharing no particular, a pair apart in topic is no copy either, whatever aligns.
    assert cannot_relate(fire, few, 0, similarity=0.5) and not cannot_relate(fire, few, 0, similarity=0.6)
    assert not cannot_relate(fire, same, 2, similarity=0.3)


@given(links=st.integers(1, 12), coverage=st.floats(0.0, 1.0), similarity=st.floats(-1.0, 0.5499))
def test_a_pair_apart_in_topic_sharing_no_particular_is_never_a_copy(
    links: int, coverage: float, similarity: float
) -> None:
    f = _aligned(links, coverage, similarity, shared_telling=0)
    kind, _, reasons = classify(f, RelateConfig())
    assert kind == "unrelated"
    assert any(r.startswith("no particular in common") for r in reasons)


@given(
    links=st.integers(1, 12),
    coverage=st.floats(0.0, 1.0),
    similarity=st.floats(-1.0, 0.6499),
    shared=st.integers(0, 1),
    differing=st.integers(1, 3),
)
def test_a_template_twin_of_another_event_is_never_a_copy(
    links: int, coverage: float, similarity: float, shared: int, differing: int
) -> None:
    # Two short reports of one kind of event: one stock name shared at most, a sentence
    # stating another fact, the topics apart. However much of the template aligns.
    f = _aligned(
        links, coverage, similarity, shared_telling=shared,
        telling_a=2, telling_b=3, fact_links=max(differing, links // 2), fact_conflicts=differing,
    )  # fmt: skip
    kind, _, reasons = classify(f, RelateConfig())
    assert kind != "derived" and f.not_a_copy
    # What rules it out is said (apart_in_topic speaks for the pairs sharing nothing)
    assert any(r.endswith("not a copy") for r in reasons)


def test_a_close_topic_or_shared_particulars_keep_the_copy() -> None:
    twin = dataclasses.replace(
        COPY, shared_telling=1, telling_a=2, telling_b=3, fact_links=2, fact_conflicts=1, doc_similarity=0.6
    )
    assert twin.other_facts_apart
    assert not dataclasses.replace(twin, doc_similarity=0.8).other_facts_apart  # an LLM rewrite's topic
    assert not dataclasses.replace(twin, shared_telling=2).other_facts_apart
    assert not dataclasses.replace(twin, fact_conflicts=0).other_facts_apart  # every stated fact agrees


def _linked(pairs: list[tuple[int, int]]) -> tuple[Passage, ...]:
    links = tuple(Link(a=i, b=j, similarity=0.9, kind="paraphrase") for i, j in pairs)
    return (Passage(0, 1, 0, 1, "paraphrase", 0.9, links),)


def test_a_template_filled_twice_swaps_its_slots() -> None:
    # The fixed part of a name ("Gas Utility") is shared, so the sentences are no fact conflict;
    # the slot ("Orlen Water", "Ferrow Water") and the figures are swapped.
    one = _doc(
        "a.txt",
        "The Orlen Water and Gas Utility said 3,500 computers were infected. "
        "Anna Weiss of Weiss Consulting said the Orlen Water and Gas Utility was slow to react.",
    )
    two = _doc(
        "b.txt",
        "The Ferrow Water and Gas Utility said 4,200 computers were infected. "
        "Omar Haddad of Haddad Research said the Ferrow Water and Gas Utility was slow to react.",
    )
    passages = _linked([(0, 0), (1, 1)])
    # Two links with facts, no conflict among them, both swapping.
    assert fact_agreement(one, two, passages) == (2, 0, 2)
    f = dataclasses.replace(COPY, fact_links=2, fact_conflicts=0, fact_substitutions=2, shared_telling=1)
    assert f.template_twins and relation(f) != "derived"


def test_swapped_particulars_do_not_overrule_a_pair_that_keeps_most_of_them() -> None:
    # A rewrite that renamed two institutions still shares six of the eight particulars.
    swapped = dataclasses.replace(COPY, fact_links=3, fact_conflicts=0, fact_substitutions=2)
    assert not dataclasses.replace(swapped, shared_telling=6).template_twins
    assert dataclasses.replace(swapped, shared_telling=4).template_twins
    # Sentences with nothing in common are a template's mark however many particulars are shared.
    assert dataclasses.replace(COPY, fact_links=3, fact_conflicts=2, shared_telling=6).template_twins


def test_a_templates_fixed_sentence_does_not_hide_its_swapped_slots() -> None:
    # Two events of one template: the first sentences swap the town, the figure and the site;
    # the second is the template's fixed sentence, word for word, stating the same fact in both.
    one = _doc(
        "a.txt",
        "The Dunelstad City Council approved plans on Saturday to build 3,700 homes on the former "
        "Rosheim brewery in Dunelstad. The first homes on the site should be ready in 2 years.",
    )
    two = _doc(
        "b.txt",
        "The Feneswood City Council approved plans on Thursday to build 385 homes on the former "
        "Kesingburg brewery in Feneswood. The first homes on the site should be ready in 2 years.",
    )
    checked, conflicts, swaps = fact_agreement(one, two, _linked([(0, 0), (1, 1)]))
    assert checked == 2 and conflicts + swaps == 1  # one of two: below the template rule's 60%
    ta, tb = telling_anchors(one), telling_anchors(two)
    assert half_the_facts_differ(checked, conflicts + swaps, len(ta & tb), min(len(ta), len(tb)))
    f = dataclasses.replace(
        COPY,
        fact_links=2,
        fact_conflicts=conflicts,
        fact_substitutions=swaps,
        shared_telling=len(ta & tb),
        telling_a=len(ta),
        telling_b=len(tb),
    )
    assert not f.template_twins and f.not_a_copy and relation(f) != "derived"


def test_half_the_facts_differing_rules_out_a_copy_not_an_event() -> None:
    # Two reports of one event, each with its own figures: not a copy, still one story.
    reports = dataclasses.replace(COPY, fact_links=4, fact_conflicts=2, shared_telling=3, shared_anchors=4)
    assert reports.not_a_copy and not reports.template_twins
    assert relation(reports) == "same_story"
    # A pair that keeps most of the sparer text's particulars, or a text naming too few of them
    # to tell, is not held to it.
    assert not dataclasses.replace(reports, shared_telling=5).not_a_copy
    assert not dataclasses.replace(reports, telling_a=2, shared_telling=1).not_a_copy
    assert not dataclasses.replace(reports, fact_conflicts=1).not_a_copy


def test_a_rewrite_keeps_its_facts_in_other_words_and_other_sentences() -> None:
    source = _doc(
        "a.txt",
        "Vladimir Putin met Donald Trump in Geneva on Tuesday. "
        "The talks at the Villa La Grange lasted 190 minutes, Dmitry Peskov said.",
    )
    # Shorter names, a unit written out, and a fact moved into the other sentence.
    rewrite = _doc(
        "b.txt",
        "Putin and Trump held talks at the Villa La Grange in Geneva on Tuesday. "
        "They lasted 190 minutes, according to Kremlin spokesman Dmitry Peskov.",
    )
    passages = _linked([(0, 0), (1, 0), (1, 1)])
    assert fact_agreement(source, rewrite, passages)[2] == 0


def test_kendall_tau_counts_pairs_in_the_same_order() -> None:
    assert kendall_tau([0, 1, 2, 3], [5, 6, 7, 9]) == 1.0
    assert kendall_tau([0, 1, 2, 3], [9, 7, 6, 5]) == -1.0
    assert kendall_tau([0, 1, 2], [0, 2, 1]) == pytest.approx(1 / 3)
    assert kendall_tau([0, 1], [3, 3]) == 0.0  # a tie is neither
    # Merged into one sentence, two particulars tie: the rest keeps the order in full.
    assert kendall_tau([0, 1, 2, 3], [0, 0, 1, 2]) == pytest.approx(5 / (6 * 5) ** 0.5)


SOURCE = (
    "Helen Marsh of the Baltic Lane depot said 340 workers left the St Anne plant. "
    "The plant had cost 12.5 million euros. Tomas Reyes of Northgate Shipping was not told. "
    "Inspectors from Harbour Control will visit on Friday."
)


def _ordered(a: str, b: str) -> float:
    da, db = _doc("a.txt", a), _doc("b.txt", b)
    return ordered_particulars(da, db, telling_anchors(da), telling_anchors(db))


def test_a_rewrite_repeats_the_sources_particulars_in_order() -> None:
    rewrite = (
        "According to Helen Marsh, manager at the Baltic Lane depot, 340 workers walked out of "
        "the St Anne plant, built for 12.5 million euros. Neither Tomas Reyes nor anyone at "
        "Northgate Shipping was informed, and Harbour Control inspectors come on Friday."
    )
    reordered = (
        "Harbour Control inspectors come on Friday. Neither Tomas Reyes nor anyone at Northgate "
        "Shipping was informed. The St Anne plant was built for 12.5 million euros. 340 workers "
        "walked out, said Helen Marsh of the Baltic Lane depot."
    )
    assert _ordered(SOURCE, rewrite) > 0.5
    assert _ordered(SOURCE, rewrite) == _ordered(rewrite, SOURCE)
    assert _ordered(SOURCE, reordered) == 0.0  # the same facts told in another order


def test_particulars_inside_quotes_are_the_speakers_not_the_outlets() -> None:
    quoting = (
        '"Helen Marsh of the Baltic Lane depot told us 340 workers left the St Anne plant, which cost '
        '12.5 million euros, and Tomas Reyes of Northgate Shipping was not told," a union official said.'
    )
    assert _ordered(SOURCE, quoting) == 0.0


def test_a_particular_written_two_ways_is_no_fact_conflict() -> None:
    # An AP lede and a reprint that dropped "around the world" and wrote "U.S." for "US": the
    # one fact both sentences state is the same bank, named in a fuller and a shorter form.
    wire = _doc(
        "a.txt",
        "The increase of a quarter-percentage point comes as central banks around the world, "
        "including the US Federal Reserve, try to judge how much anti-inflation medicine is too much.",
    )
    reprint = _doc(
        "b.txt",
        "The increase of a quarter-percentage point comes as central banks, including the "
        "Federal Reserve, try to judge how much anti-inflation medicine is too much.",
    )
    assert fact_agreement(wire, reprint, _linked([(0, 0)])) == (1, 0, 0)
    # A one-word name inside a longer one is another thing: a town and its bus company.
    town = _doc("c.txt", "Transport strike leaves Ivelancombe commuters stranded.")
    company = _doc("d.txt", "Ivelancombe City Transport services halted by 3-day strike.")
    assert fact_agreement(town, company, _linked([(0, 0)])) == (1, 1, 0)


def test_shares_a_fact_reads_other_forms_of_particulars_only() -> None:
    assert shares_a_fact({"name:federal reserve"}, {"name:us federal reserve"})
    assert shares_a_fact({"number:£121.8million"}, {"number:£121.8m"})
    assert not shares_a_fact({"number:£44million"}, {"number:£44m"})  # a small count recurs everywhere
    assert shares_a_fact({"name:ecb"}, {"name:ecb", "number:4%"})
    assert not shares_a_fact({"name:ivelancombe"}, {"name:ivelancombe city transport"})
    assert not shares_a_fact({"name:federal reserve"}, {"name:european central bank"})


REVIEW = (
    "Ritter wears thick glasses to play a double of the director. His scenes with Stratten "
    "are sweet but awkward. Gazzara grins through a meagre plot, chasing Hepburn without any "
    "interest. Meanwhile the couple's children wander through Manhattan."
)


def test_a_rewrite_keeps_its_sources_content_words_in_order() -> None:
    rewrite = (
        "Ritter, behind thick glasses, plays a double of the director himself. Sweet as his "
        "scenes with Stratten are, they feel awkward. Gazzara grins his way through the meagre "
        "plot, chasing Hepburn with no interest at all, while the children wander Manhattan."
    )
    other_review = (
        "Hepburn is luminous in her last great role, and Manhattan has never looked warmer. "
        "Stratten shines too. Gazzara and Ritter give the plot more interest than it deserves, "
        "and the director's children are charming."
    )
    source, copy, other = _doc("a.txt", REVIEW), _doc("b.txt", rewrite), _doc("c.txt", other_review)
    assert word_order(source, copy) > 0.6
    assert word_order(source, other) < 0.4  # the topic's words, in its own order
    assert word_order(source, copy) == word_order(copy, source)
    assert word_order(source, _doc("d.txt", "Yes. No.")) == 0.0  # no content word at all


def test_longest_increasing_subsequence() -> None:
    assert longest_increasing([]) == 0
    assert longest_increasing([3, 1, 2, 5, 4, 6]) == 4  # 1 2 4 6
    assert longest_increasing([5, 4, 3]) == 1


@given(
    st.lists(
        st.sampled_from(["alpha", "bravo", "charlie", "delta", "echoes", "foxtrot", "golfer"]), max_size=12
    ),
    st.lists(
        st.sampled_from(["alpha", "bravo", "charlie", "delta", "echoes", "foxtrot", "golfer"]), max_size=12
    ),
)
def test_word_order_is_symmetric_and_a_share(first: list[str], second: list[str]) -> None:
    a, b = _doc("a.txt", " ".join(first) + "."), _doc("b.txt", " ".join(second) + ".")
    value = word_order(a, b)
    assert value == word_order(b, a)
    assert 0.0 <= value <= 1.0
