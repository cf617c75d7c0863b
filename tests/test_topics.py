from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.embed import UniversalSentenceEncoder, normalize_rows
from newslineage.models import Article
from newslineage.pipeline import scan_articles
from newslineage.topics import STORY_DAYS, Topics, Vector, join_by_topic, published_day

FIRE_EN = (
    "A wildfire swept through the town of Lahaina on the island of Maui on Tuesday night. "
    "Residents fled to the harbour as flames destroyed hundreds of homes and the historic Front Street. "
    "The governor said the death toll was expected to rise as search teams reached burned neighbourhoods."
)
FIRE_DE = (
    "Ein Waldbrand hat in der Nacht zum Mittwoch die Stadt Lahaina auf der Insel Maui verwüstet. "
    "Bewohner flüchteten in den Hafen, während die Flammen Hunderte Häuser und die historische Front Street zerstörten. "
    "Der Gouverneur sagte, die Zahl der Toten werde steigen, sobald Suchtrupps die verbrannten Viertel erreichten."
)
#: The same fire, reported on its own: other details, in another order, in German.
FIRE_DE_OWN = (
    "Nach dem verheerenden Feuer auf Maui suchen Helfer mit Hunden in den Trümmern nach Vermissten. "
    "Viele Überlebende verbringen die Nächte in Notunterkünften auf der anderen Seite der Insel. "
    "Kritik gibt es an den Sirenen, die während des Brandes in Lahaina nicht ausgelöst wurden. "
    "Die Versicherer rechnen mit Schäden in Milliardenhöhe."
)
BANK_EN = (
    "The central bank raised its main interest rate by a quarter of a percentage point on Thursday. "
    "Its president said inflation was still too high and that further increases could not be ruled out. "
    "Markets had expected the move, and the currency barely changed after the announcement."
)


#: Each test article's language: topic speaks only for pairs in two languages.
LANGUAGES = {"en": "en", "de": "de", "bank": "en"}


@pytest.fixture(scope="module")
def vectors(encoder: UniversalSentenceEncoder) -> dict[str, Vector]:
    rows = normalize_rows(encoder.encode([FIRE_EN, FIRE_DE, BANK_EN, FIRE_DE_OWN]))
    return {"en": rows[0], "de": rows[1], "bank": rows[2], "de_own": rows[3]}


def topics(vectors: dict[str, Vector], days: dict[str, str | None]) -> Topics:
    dated = {k: d for k, v in days.items() if (d := published_day(v)) is not None}
    pairs = [("bank", "de"), ("bank", "en"), ("de", "en")]
    return Topics(days=dated, vectors=vectors, neighbours=pairs, languages=LANGUAGES)


def stories_of(clusters: list[set[str]]) -> set[frozenset[str]]:
    return {frozenset(c) for c in clusters}


def test_published_day_reads_iso_dates_and_timestamps_only() -> None:
    assert published_day("2023-08-10") == published_day("2023-08-10T21:04:00+00:00")
    assert published_day("2023-08-12") - published_day("2023-08-10") == 2  # type: ignore[operator]
    assert published_day("10 August 2023") is None
    assert published_day("2023-02-30") is None
    assert published_day(None) is None


def test_one_event_in_two_languages_within_days_is_one_story(vectors: dict[str, Vector]) -> None:
    found = join_by_topic(
        [{"en"}, {"de"}, {"bank"}],
        topics(vectors, {"en": "2023-08-09", "de": "2023-08-11", "bank": "2023-08-10"}),
    )
    assert stories_of(found) == {frozenset({"en", "de"}), frozenset({"bank"})}


def test_stories_in_one_language_never_join_on_topic(vectors: dict[str, Vector]) -> None:
    # Two English stories as alike as can be (one vector), one day apart: in one language the
    # relations see the particulars, and a day's crawl holds many events of one kind.
    alike = {"en": vectors["en"], "en2": vectors["en"], "de": vectors["de"]}
    days = {k: published_day("2023-08-10") or 0 for k in alike}
    pairs = [("de", "en"), ("de", "en2"), ("en", "en2")]
    languages = {"en": "en", "en2": "en", "de": "de"}
    found = join_by_topic([{"en"}, {"en2"}, {"de"}], Topics(days, alike, pairs, languages))
    assert stories_of(found) == {frozenset({"de", "en"}), frozenset({"en2"})}


def _fire_stories(vectors: dict[str, Vector]) -> Topics:
    # Two stories of the fire, each with an English and a German report; "en2" is another
    # English report (the English vector again), "de_own" the German outlet's own report.
    alike = {**vectors, "en2": vectors["en"]}
    ids = ["en", "de", "en2", "de_own"]
    day = published_day("2023-08-10") or 0
    languages = {"en": "en", "en2": "en", "de": "de", "de_own": "de"}
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    return Topics(dict.fromkeys(ids, day), alike, pairs, languages)


def test_stories_sharing_a_language_join_when_topic_speaks_for_their_pairs_in_two(
    vectors: dict[str, Vector],
) -> None:
    # The English reports are related; the German ones are not (each picked other details);
    # the two pairs in two languages are about the fire: 3 of 4 pairs count, the stories join.
    found = join_by_topic([{"en", "de"}, {"en2", "de_own"}], _fire_stories(vectors), [("en", "en2")])
    assert stories_of(found) == {frozenset({"en", "de", "en2", "de_own"})}


def test_topic_never_speaks_for_a_pair_in_one_language(vectors: dict[str, Vector]) -> None:
    # Unrelated in one language, the reports count against joining however alike their topic:
    # one of two pairs (the one in two languages) is not more than half.
    t = _fire_stories(vectors)
    assert len(join_by_topic([{"en", "de"}, {"en2"}], t)) == 2
    # With no relation between them, the English and German pairs outweigh the two across languages.
    assert len(join_by_topic([{"en", "de"}, {"en2", "de_own"}], t)) == 2


def test_alike_texts_months_apart_or_undated_stay_apart(vectors: dict[str, Vector]) -> None:
    months = topics(vectors, {"en": "2023-08-09", "de": "2024-01-05", "bank": "2023-08-10"})
    assert len(join_by_topic([{"en"}, {"de"}, {"bank"}], months)) == 3
    # Without a date, topic cannot tell this fire from another island's fire next year.
    undated = topics(vectors, {"en": "2023-08-09", "de": None, "bank": "2023-08-10"})
    assert len(join_by_topic([{"en"}, {"de"}, {"bank"}], undated)) == 3


def test_stories_are_compared_only_through_a_neighbour_pair(vectors: dict[str, Vector]) -> None:
    days = {"en": published_day("2023-08-09") or 0, "de": published_day("2023-08-11") or 0}
    lonely = Topics(days=days, vectors=vectors, neighbours=[("bank", "en")])
    assert len(join_by_topic([{"en"}, {"de"}, {"bank"}], lonely)) == 3


def test_a_window_of_time_bounds_the_whole_story_not_each_step() -> None:
    # Three copies of one vector, published 0, STORY_DAYS and 2 * STORY_DAYS days in: each
    # neighbour is within the window, but the three together are not.
    v = np.full(4, 0.5, dtype=np.float32)
    t = Topics(
        days={"a": 0, "b": STORY_DAYS, "c": 2 * STORY_DAYS},
        vectors={"a": v, "b": v, "c": v},
        neighbours=[("a", "b"), ("b", "c")],
        languages={"a": "en", "b": "de", "c": "fr"},
    )
    found = join_by_topic([{"a"}, {"b"}, {"c"}], t)
    assert len(found) == 2 and not any({"a", "c"} <= story for story in found)


def test_a_neighbour_without_a_vector_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="'x'"):
        Topics(days={}, vectors={}, neighbours=[("x", "y")])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.randoms())
def test_joined_stories_do_not_depend_on_order(seed: int, rnd: random.Random) -> None:
    gen = np.random.default_rng(seed)
    ids = [f"d{k}" for k in range(10)]
    # Two topics with noise, so that some but not all stories join.
    base = gen.normal(size=(2, 8))
    raw = np.array([base[k % 2] + gen.normal(scale=1.2, size=8) for k in range(10)], dtype=np.float32)
    rows = normalize_rows(raw)
    vectors = {d: rows[k] for k, d in enumerate(ids)}
    days = {d: int(gen.integers(0, 45)) for d in ids}
    languages = {d: str(gen.choice(["en", "de", "fr"])) for d in ids}
    pairs = [(ids[i], ids[j]) for i in range(10) for j in range(i + 1, 10) if gen.random() < 0.5]
    related = [p for p in pairs if gen.random() < 0.3]
    clusters = [{d} for d in ids]

    def joined() -> set[frozenset[str]]:
        t = Topics(days=days, vectors=vectors, neighbours=pairs, languages=languages)
        return stories_of(join_by_topic(clusters, t, related))

    first = joined()
    rnd.shuffle(clusters)
    rnd.shuffle(pairs)
    rnd.shuffle(related)
    assert joined() == first
    assert sorted(d for c in first for d in c) == ids
    for story in first:
        span = [days[d] for d in story]
        assert max(span) - min(span) <= STORY_DAYS


def test_a_scan_puts_a_report_and_its_translation_in_one_story_only_when_dated_close(
    encoder: UniversalSentenceEncoder,
) -> None:
    def scan(de_date: str) -> set[tuple[str, ...]]:
        found = scan_articles(
            [
                Article("fire-en", FIRE_EN, published="2023-08-09"),
                Article("fire-de", FIRE_DE_OWN, published=de_date),
                Article("bank-en", BANK_EN, published="2023-08-10"),
            ],
            encoder=encoder,
        )
        assert not any(r.is_copy for r in found.relations)  # what joins them is time and topic
        return {s.documents for s in found.stories}

    assert scan("2023-08-11") == {("fire-de", "fire-en"), ("bank-en",)}
    assert scan("2024-03-01") == {("fire-de",), ("fire-en",), ("bank-en",)}
