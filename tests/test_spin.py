"""Spin detection: improbable word pairs whose synonym twin the rest of the collection uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage import spin
from newslineage.config import TextConfig
from newslineage.models import Article, ScanResult
from newslineage.spin import pair_document_counts, spin_reports, suspected_spin
from newslineage.synonyms import Synonyms, load_synonyms, parse_synsets
from newslineage.text import analyze_all

WORDNET_LINES = [
    "  1 This software and database is being provided to you, the LICENSEE, by Princeton",
    "00017222 03 n 02 plant 0 flora 0 001 @ 00004475 n 0000 | a living organism",
    "01234567 00 a 03 main(a) 0 chief 0 primary 0 000 | most important",
    "07654321 04 n 02 power_station 0 powerhouse 0 000 | an electrical generating station",
]


def test_parse_synsets_reads_single_word_members() -> None:
    assert list(parse_synsets(WORDNET_LINES)) == [
        ["plant", "flora"],
        ["main", "chief", "primary"],
        ["powerhouse"],
    ]


def test_missing_wordnet_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSLINEAGE_WORDNET", raising=False)
    monkeypatch.chdir(tmp_path)
    found = load_synonyms(tmp_path / "nowhere")
    if found:  # a system WordNet is installed and is found after the explicit folder
        assert "WordNet at" in found.source
    else:
        assert "apt-get install wordnet-base" in found.source


def test_wordnet_from_an_explicit_folder(tmp_path: Path) -> None:
    for name in ("data.noun", "data.verb", "data.adj", "data.adv"):
        (tmp_path / name).write_text("\n".join(WORDNET_LINES) + "\n")
    found = load_synonyms(tmp_path)
    assert found.of("main") == {"chief", "primary"}
    assert found.source == f"WordNet at {tmp_path}"


def _docs(texts: dict[str, str]) -> list[Article]:
    return [Article(k, v) for k, v in texts.items()]


def test_spun_pairs_are_found_with_their_likely_wording(synonyms: Synonyms) -> None:
    if not synonyms:
        pytest.skip(f"WordNet is not installed: {synonyms.source}")
    plain = (
        "The main export of the region is timber. Prices rose within two hours of the news. "
        "The shipping consultancy said demand was strong. Officials closed the main road."
    )
    spun = (
        "The primary export of the region is timber. Prices rose inside two hours of the news. "
        "The transport consultancy said demand was strong. Officials closed the chief road."
    )
    articles = _docs(
        {"a.txt": plain, "b.txt": plain + " Rain fell.", "c.txt": plain + " Wind rose.", "d.txt": spun}
    )
    hits = suspected_spin(analyze_all(articles, TextConfig()), synonyms)
    assert list(hits) == ["d.txt"]  # the articles that use the common wording are not suspects
    found = {(h.found.lower(), h.likely) for h in hits["d.txt"]}
    assert ("primary export", "main export") in found
    assert ("transport consultancy", "shipping consultancy") in found
    for h in hits["d.txt"]:
        assert spun[h.start : h.end] == h.found


def test_spin_in_the_example_collection(example_result: ScanResult) -> None:
    spin = [f for f in example_result.findings if f.kind == "spin_suspected"]
    if not spin and example_result.notes:
        pytest.skip(example_result.notes[0])
    assert {f.document for f in spin} == {"04-spun-copy.txt"}
    assert any("likely original wording 'main export'" in f.detail for f in spin)


def test_workers_find_the_same_spin_as_one_process(
    example_result: ScanResult, synonyms: Synonyms, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not synonyms:
        pytest.skip(f"WordNet is not installed: {synonyms.source}")
    monkeypatch.setattr(spin, "_CHUNK", 2)  # the example's documents become several tasks
    docs = list(example_result.documents)
    assert pair_document_counts(docs, workers=2) == pair_document_counts(docs)
    alone = spin_reports(docs, synonyms)
    assert alone and spin_reports(docs, synonyms, workers=2) == alone
    assert spin_reports(docs, synonyms, workers=2, per_fork=1) == alone


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="aZé İ’'-.,;:!?()\"“”\t 3_ß", min_size=1, max_size=40).filter(str.strip),
        min_size=1,
        max_size=6,
    )
)
def test_word_pairs_without_offsets_are_the_pairs_with_them(lines: list[str]) -> None:
    # Letters whose lower case is longer ("İ") take the per-word path; apostrophes, marks and
    # spaces decide where a phrase breaks.
    doc = analyze_all([Article("a.txt", "\n".join(lines))], TextConfig())[0]
    with_offsets = [(w1, w2) for w1, w2, _, _ in spin._pairs(doc)]
    assert list(spin._word_pairs(doc)) == with_offsets
    assert spin.document_pairs(doc) == set(with_offsets)


def test_word_pairs_break_at_marks_and_keep_apostrophes() -> None:
    doc = analyze_all([Article("a.txt", "The players’ union said: it's a new deal, for all.")], TextConfig())[
        0
    ]
    assert list(spin._word_pairs(doc)) == [
        ("the", "players"),
        ("union", "said"),
        ("it's", "a"),
        ("a", "new"),
        ("new", "deal"),
        ("for", "all"),
    ]
