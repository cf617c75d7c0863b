"""Each direction cue on its own, on documents built by the real text stage."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage import direction
from newslineage.config import TextConfig
from newslineage.models import Article, Document
from newslineage.text import analyze

STORY = (
    "The port closed two terminals on Wednesday after a leak of 20,000 litres of toluene. "
    "About 300 workers were evacuated and 11 were treated in hospital, the authority said. "
    "“Our crews contained the spill within two hours,” said Helen Marsh, the chief fire officer. "
    "Repairs will cost 2.5 million euros, said Tomas Reyes of Baltic Lane."
)


def doc(doc_id: str, text: str, **meta: str) -> Document:
    return analyze(Article(doc_id, text, **meta), frozenset(), TextConfig())  # type: ignore[arg-type]


def test_publication_dates_decide() -> None:
    a = doc("a", STORY, published="2025-05-14T09:00:00Z")
    b = doc("b", STORY, published="2025-05-15")
    cue = direction.date_cue(a, b)
    assert cue is not None and cue.score > 0 and cue.decisive
    assert direction.decide(b, a).direction == "b->a"
    assert direction.date_cue(a, doc("c", STORY)) is None  # no date, no cue


def test_a_credit_naming_the_other_site_decides() -> None:
    a = doc("a", STORY, site="harbourpost.example")
    b = doc("b", STORY + " This story was first published in Harbourpost.")
    cue = direction.credit_cue(a, b)
    assert cue is not None and cue.score >= 3 and cue.decisive


def test_an_attribution_phrase_marks_the_copy() -> None:
    a = doc("a", STORY)
    b = doc("b", STORY + " The port will reopen on Friday, the Harbour Post reported.")
    cue = direction.credit_cue(a, b)
    assert cue is not None and cue.score > 0 and not cue.decisive
    assert direction.attributed_source(b) == "Harbour Post"


def test_a_page_crediting_another_agency_is_the_copy() -> None:
    a = doc("a", "ROTTERDAM (Northwire) - " + STORY)
    b = doc("b", "ROTTERDAM (Northwire) - " + STORY, site="Coastal Daily")
    cue = direction.credit_cue(a, b)
    assert cue is not None and cue.score > 0
    assert "Coastal Daily" in cue.detail and "Northwire" in cue.detail


def test_republisher_furniture_marks_the_copy() -> None:
    a = doc("a", STORY)
    b = doc("b", "What happened at the port?\n" + STORY + "\nDiscover more from Port Daily")
    cue = direction.furniture_cue(a, b)
    assert cue is not None and cue.score > 0


def test_information_loss_points_from_the_richer_text() -> None:
    brief = doc("b", "The port closed two terminals after a leak, the authority said.")
    cue = direction.loss_cue(doc("a", STORY), brief)
    assert cue is not None and cue.score > 0


def test_rewrite_style_marks_the_rewrite() -> None:
    rewrite = (
        "Notably, the port additionally closed two terminals, highlighting significant concerns. "
        "Officials emphasized that approximately 300 individuals were evacuated, underscoring the "
        "comprehensive response. Furthermore, Helen Marsh stated the spill was effectively contained."
    )
    cue = direction.style_cue(doc("a", STORY), doc("b", rewrite))
    assert cue is not None and cue.score > 0


def test_containment_in_a_family() -> None:
    a, b = doc("a", STORY), doc("b", STORY)
    cue = direction.family_cue(a, b, True, False)
    assert cue is not None and cue.score > 0
    assert direction.family_cue(a, b, True, True) is None  # both hold more: siblings, no direction


def test_when_nothing_decides_the_direction_is_unknown() -> None:
    verdict = direction.decide(doc("a", STORY), doc("b", STORY))
    assert verdict.direction == "unknown"
    assert verdict.evidence[-1].startswith("the cues do not agree enough")


def test_cues_are_antisymmetric() -> None:
    a = doc("a", STORY, published="2025-05-14")
    b = doc("b", "The port closed two terminals, the authority said.", published="2025-05-15")
    forward, backward = direction.decide(a, b), direction.decide(b, a)
    assert forward.score == -backward.score
    assert (forward.direction, backward.direction) == ("a->b", "b->a")


# An LLM-style rewrite of STORY: the names and figures thinned out, longer and more generic words.
REWRITE = (
    "Two terminals at the port were closed on Wednesday following a significant chemical leak. "
    "Approximately 300 individuals were evacuated, and several required hospital treatment. "
    "Emergency crews effectively contained the substantial spill, officials noted. "
    "The comprehensive repairs are expected to be costly."
)


def test_the_words_only_one_text_uses_point_to_the_source() -> None:
    source, rewrite = doc("a", STORY), doc("b", REWRITE)
    values = direction.wording_features(source, rewrite)
    assert set(values) == set(direction.WORDING_FEATURES)
    # The source's own words hold the names the rewrite dropped; the rewrite's are longer and
    # more of them are the rewriter's stock words; the rewrite lost most particulars, added none.
    assert values["unique_names"] > 0
    assert values["unique_length"] > 0
    assert values["unique_markers"] > 0
    assert values["particulars_lost"] > 0
    swapped = direction.wording_features(rewrite, source)
    assert all(abs(swapped[k] + values[k]) < 1e-12 for k in values)


def test_wording_is_not_compared_across_languages() -> None:
    german = doc(
        "b", "Der Hafen schloss am Mittwoch zwei Terminals nach einem Leck von 20.000 Litern Toluol."
    )
    values = direction.direction_features(doc("a", STORY), german)
    assert all(values[k] == 0.0 for k in direction.WORDING_FEATURES)


def test_remembered_wording_is_read_once_and_dropped_at_its_last_use() -> None:
    source, rewrite, other = (
        doc("a", STORY),
        doc("b", REWRITE),
        doc("c", STORY.replace("Wednesday", "Monday")),
    )
    remembered = direction.WordingOf({"a": 2, "b": 1, "c": 1})
    first = remembered(source)
    assert first == direction.wording(source)
    assert remembered.held() == 1
    # The same reading again at the last announced use, and then it is let go.
    assert remembered(source) is first
    assert remembered.held() == 0
    # Documents with one use, or none announced, are read and never kept.
    assert remembered(rewrite) == direction.wording(rewrite)
    assert remembered(other) == direction.wording(other)
    assert remembered(other) == direction.wording(other)
    assert remembered.held() == 0
    # Features read through the memo are the features read from the texts.
    memo = direction.WordingOf({"a": 2, "b": 1, "c": 1})
    assert direction.wording_features(source, rewrite, memo) == direction.wording_features(source, rewrite)
    assert direction.wording_features(source, other, memo) == direction.wording_features(source, other)


def test_furniture_is_read_the_same_from_remembered_traits() -> None:
    plain = doc("a", STORY)
    furnished = doc(
        "b", STORY + "\nThe post Port closes appeared first on Harbour News.\nIs the port safe?\n"
    )
    assert direction.furniture_marks(furnished) == 2
    assert direction.traits(furnished).furniture == 2
    cue = direction.furniture_cue(plain, furnished)
    assert cue is not None and cue.score == 1.5
    assert direction.furniture_cue(plain, furnished, direction.TraitsOf()) == cue


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Reuters",
                "AP",
                "The",
                "the",
                "reports",
                "reported",
                "that",
                "first",
                "originally",
                "published",
                "appeared",
                "on",
                "in",
                "by",
                "translated",
                "from",
                "an",
                "article",
                "republished",
                "said",
                ",",
                ".",
                "Northwire",
                "Daily",
                "Times",
            ]
        ),
        max_size=14,
    )
)
def test_a_text_without_the_words_a_credit_pattern_needs_never_matches_it(tokens: list[str]) -> None:
    text = " ".join(tokens).replace(" ,", ",").replace(" .", ".")
    needs = (*direction._ATTRIBUTION_NEEDS, direction._COPY_CREDIT_NEEDS)
    for pattern, words in zip((*direction._ATTRIBUTION, direction._COPY_CREDIT), needs, strict=True):
        if pattern.search(text):
            assert any(word in text for word in words), (pattern.pattern, text)
    # And the shortcut reads the same credits as the patterns alone.
    page = doc("a", text or "Nothing here.")
    phrase = direction._COPY_CREDIT.search(page.text)
    assert direction._copy_credit(page) == (phrase.group(0) if phrase else None)
