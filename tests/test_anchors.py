from __future__ import annotations

import pickle

import pytest

from newslineage.anchors import extract_anchors, is_particular, number_value, same_particular
from newslineage.config import TextConfig
from newslineage.models import Anchor, Article
from newslineage.text import analyze


def anchors_of(text: str) -> list[Anchor]:
    return list(analyze(Article("a.txt", text), frozenset(), TextConfig()).anchors)


def values(text: str, kind: str) -> list[str]:
    return [a.value for a in anchors_of(text) if a.kind == kind]


@pytest.mark.parametrize(
    ("raw", "same_as"),
    [("3,3 %", "3.3%"), ("20,000", "20000"), ("2.5 million", "2.5million"), ("1.234.567", "1234567")],
)
def test_number_formats_share_a_value(raw: str, same_as: str) -> None:
    assert number_value(raw) == number_value(same_as)


def test_different_numbers_differ() -> None:
    assert number_value("4%") != number_value("5%")
    assert number_value("3.3") != number_value("33")


def test_numbers_dates_and_names() -> None:
    text = (
        "The port closed on 12 March 2025 after a 20,000-litre leak cost 2.5 million euros, Helen Marsh said."
    )
    assert "20000" in values(text, "number")
    assert "2.5million" in values(text, "number")
    assert "mar 12 2025" in values(text, "date")
    assert "helen marsh" in values(text, "name")
    for a in anchors_of(text):
        assert text[a.start : a.end]  # every anchor points at real characters


def test_quotes_carry_their_speaker_either_side() -> None:
    after = "“We contained the spill within two hours,” said Helen Marsh, the fire chief."
    before = 'Colin Tate said: "We have been told nothing about this river."'
    (q1,) = [a for a in anchors_of(after) if a.kind == "quote"]
    (q2,) = [a for a in anchors_of(before) if a.kind == "quote"]
    assert q1.speaker == "helen marsh"
    assert q1.value.startswith("we contained the spill")
    assert q2.speaker == "colin tate"


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("An analyst told Reuters the closure was costly.", "Reuters"),
        ("RIVERMOUTH, May 14 (Northwire) - The port closed.", "Northwire"),
        ("PARIS (AFP) — Le port a fermé.", "AFP"),
        ("The post Port closes appeared first on Daily Times.", "Daily Times"),
        ("This story was first published in The Harbour Post.", "Harbour Post"),
        ("The Guardian reported that the port closed.", "Guardian"),
    ],
)
def test_credits(text: str, credit: str) -> None:
    assert values(text, "credit") == [credit]


def test_a_parenthesis_is_not_a_credit() -> None:
    assert values("He left (quietly) - and nobody saw him go.", "credit") == []


def test_extract_anchors_works_on_given_sentences() -> None:
    text = "Workers: 11. Tanks: 3."
    doc = analyze(Article("a.txt", text), frozenset(), TextConfig())
    again = extract_anchors(text, doc.sentences)
    assert again == doc.anchors
    assert {a.sentence for a in again if a.kind == "number"} == {0, 1}


def test_a_dateline_split_from_its_sentence_still_credits() -> None:
    text = "ROTTERDAM (Northwire)\n— The port closed two terminals on Wednesday."
    assert values(text, "credit") == ["Northwire"]


def test_a_short_quoted_word_does_not_pair_with_the_next_quote() -> None:
    text = (
        'The teenager was trying what locals call "puenting." The jump was made from a bridge over '
        'the A8 road, and the mayor called it "a terrible accident that should never have happened," '
        "before leaving.\n« Nous avons fermé le pont », a dit le maire."
    )
    doc = analyze(Article("a.txt", text), frozenset(), TextConfig())
    quotes = [a.value for a in doc.anchors if a.kind == "quote"]
    assert quotes == [
        "a terrible accident that should never have happened,",
        "nous avons fermé le pont",  # French guillemets keep their inner spaces
    ]


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("name:putin", "name:vladimir putin"),  # a shorter form of one name
        ("number:£44million", "number:£44m"),  # one figure, its unit written otherwise
        ("number:162", "number:162people"),
        ("date:may 13", "date:may 13"),
    ],
)
def test_one_particular_written_two_ways(x: str, y: str) -> None:
    assert same_particular(x, y) and same_particular(y, x)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ("name:belanminster water", "name:drayiholm water"),  # a template's slot filled twice
        ("number:3500", "number:4200"),
        ("name:march", "date:mar 3"),
    ],
)
def test_different_particulars(x: str, y: str) -> None:
    assert not same_particular(x, y) and not same_particular(y, x)


def test_particulars_tell_one_event_from_another() -> None:
    assert is_particular("name:gas utility") and is_particular("number:3500") and is_particular("date:may 13")
    # A lone capitalized word or a small count recurs in every report.
    assert not is_particular("name:monday") and not is_particular("number:12")


def test_anchors_read_back_equal_with_their_values_interned() -> None:
    # Anchors come back from the text stage's workers and from checkpoints pickled: equal to
    # what was sent, and one string object per distinct value however many sends carried it.
    text = 'Angela Merkel said "we will manage" on 3 March 2015, Reuters reported: 3.3% more.'
    anchors = anchors_of(text)
    assert {a.kind for a in anchors} >= {"name", "quote", "number"}
    first = pickle.loads(pickle.dumps(anchors))
    second = pickle.loads(pickle.dumps(anchors))
    assert first == anchors and second == anchors
    assert all(a.value is b.value for a, b in zip(first, second, strict=True))
    assert all(type(a) is Anchor for a in first)
