from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslineage.config import IngestConfig, TextConfig
from newslineage.models import Article
from newslineage.text import (
    LANGUAGE_PREFIX,
    analyze,
    analyze_all,
    detect_language,
    is_furniture,
    lines_with_offsets,
    normalize,
    repeated_furniture,
    split_sentences,
)

STORY = (
    "Port closes terminals\n\n"
    "The port closed two terminals on Wednesday after a leak. About 300 workers left the quay.\n"
    "“We contained the spill within two hours,” said Helen Marsh, the chief fire officer.\n"
    "Photo: Jan Smit / Northwire\n"
    "12,405 views\n"
)


def test_sentences_carry_offsets_paragraphs_and_boilerplate() -> None:
    doc = analyze(Article("a.txt", STORY), frozenset(), TextConfig())
    texts = [doc.sentence_text(s) for s in doc.sentences]
    assert texts[:4] == [
        "Port closes terminals",
        "The port closed two terminals on Wednesday after a leak.",
        "About 300 workers left the quay.",
        "“We contained the spill within two hours,” said Helen Marsh, the chief fire officer.",
    ]
    assert [s.paragraph for s in doc.sentences[:4]] == [0, 1, 1, 2]
    # Photo credits and view counters are site furniture, not content.
    assert [s.boilerplate for s in doc.sentences] == [False, False, False, False, True, True]
    assert doc.language == "en"


def test_language_is_detected_per_document() -> None:
    assert detect_language("Der Hafen von Rivermouth hat am Mittwoch zwei Terminals geschlossen.") == "de"
    assert detect_language("Le port a fermé deux terminaux mercredi après une fuite.") == "fr"


def test_language_is_read_from_the_prefix_only() -> None:
    german = "Der Hafen von Rivermouth hat am Mittwoch zwei Terminals geschlossen. " * 20
    table = "| 1,024 | 2,048 |\n" * (LANGUAGE_PREFIX // 16)
    assert len(table) >= LANGUAGE_PREFIX
    # Past the prefix nothing is read: a text opening with a long table of figures has too
    # little text to tell, however much prose follows it.
    assert detect_language(table + german) == "und"
    assert detect_language(german + table) == "de"


def test_furniture_patterns_and_ordinary_sentences() -> None:
    for line in ("Subscribe to our newsletter", "Photo: Reuters", "1,024 comments", "© 2025 Daily Times"):
        assert is_furniture(line, frozenset()), line
    for line in ("The harbour authority said terminals would reopen.", "Prices rose 3% in May."):
        assert not is_furniture(line, frozenset()), line


def _site_page(i: int, body: str) -> Article:
    return Article(f"{i}.txt", f"Headline {i}\nFollow us on the river beat today\n{body}\nEnd of page {i}\n")


def test_furniture_is_learned_from_lines_repeated_in_different_surroundings() -> None:
    bodies = ["Boats sank in the bay.", "A school opened downtown.", "The mayor resigned.", "Rain fell."]
    learned = repeated_furniture([_site_page(i, b) for i, b in enumerate(bodies)], min_docs=3)
    assert "follow us on the river beat today" in learned


def test_a_reprinted_paragraph_is_not_mistaken_for_furniture() -> None:
    # The same lines in the same surroundings are a copy, not a site's furniture.
    copies = [Article(f"{i}.txt", "Title\nThe port closed.\nWorkers left.\nThe end.\n") for i in range(5)]
    assert repeated_furniture(copies, min_docs=3) == frozenset()
    docs = analyze_all(copies, TextConfig())
    assert not any(s.boilerplate for d in docs for s in d.sentences)


def test_normalize_folds_case_width_and_space() -> None:
    assert normalize("  The\u00a0PORT\n ｃｌｏｓｅｄ ") == "the port closed"


def test_long_unpunctuated_text_is_cut_to_bounded_sentences() -> None:
    text = " ".join(["word"] * 2000)
    spans = split_sentences(text, max_chars=200)
    assert all(e - s <= 200 for s, e, _ in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_a_run_on_sentence_is_cut_where_its_full_stops_were_lost() -> None:
    # Text whose full stops were stripped: each old sentence ends in a lower-case word and the
    # next begins with a capital; where two spaces remain, that gap is the likelier boundary.
    parts = [
        "The company reviews its exposure to weather losses every quarter with outside modelling firms",
        "Reinsurance covers the largest storms and the board hears a report on it once a year",
        "Offices were moved away from the coast after the flood of the previous decade",
        "Staff travel less since meetings moved online and the savings fund new equipment",
        "Investments avoid issuers whose business would suffer most from a warmer climate",
    ]
    text = " ".join(parts[:2]) + "  " + " ".join(parts[2:])
    spans = split_sentences(text, max_chars=200)
    pieces = [text[s:e] for s, e, _ in spans]
    assert all(len(p) <= 200 for p in pieces)
    assert all(p[0].isupper() for p in pieces), pieces
    # The double space is a boundary; so is each lower-case/capital seam the cut needed.
    assert text.index(parts[2]) in [s for s, _, _ in spans]


def test_html_line_breaks_left_in_text_separate_lines() -> None:
    text = "The first line ends here.<br /><br />The second line starts here<BR>and a third"
    assert [text[s:e] for s, e in lines_with_offsets(text)] == [
        "The first line ends here.",
        "The second line starts here",
        "and a third",
    ]


paragraphs = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=120),
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(paragraphs, st.sampled_from(["\n", "\n\n", "\r\n", " \n \n"]))
def test_every_span_maps_back_to_the_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    doc = analyze(Article("p.txt", text), frozenset(), TextConfig())
    previous_end = 0
    for s in doc.sentences:
        piece = text[s.start : s.end]
        assert piece and piece == piece.strip()
        assert "\n" not in piece  # sentences never cross a line
        assert s.start >= previous_end
        previous_end = s.end
    for a in doc.anchors:
        assert 0 <= a.start < a.end <= len(text)
        sentence = doc.sentences[a.sentence]
        assert sentence.start <= a.start < sentence.end
    assert [(s, e) for s, e in lines_with_offsets(text)] == sorted(lines_with_offsets(text))


def test_worker_processes_give_the_same_documents(tmp_path: Path) -> None:
    from newslineage.ingest import ingest
    from newslineage.synth import SynthConfig, write_collection

    write_collection(tmp_path / "c", SynthConfig(articles=450, seed=5))
    articles = ingest([tmp_path / "c" / "articles"], IngestConfig()).articles
    assert len(articles) >= 400  # enough that the stage uses its worker processes
    serial = analyze_all(articles, TextConfig(workers=1))
    parallel = analyze_all(articles, TextConfig(workers=2))
    assert parallel == serial
    assert analyze_all(articles, TextConfig(workers=2, low_memory=True)) == serial
    assert [d.article for d in parallel] == list(articles)


def _splitter_spans(line: str) -> list[tuple[int, int]]:
    """What the sentence splitter itself makes of one line: (start, end) of each sentence."""
    from syntok import segmenter

    spans = []
    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            tokens = list(sentence)
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


_LINE_PIECES = st.sampled_from(
    [*"abXYé ,-'\"“”«»’0123456789.!?;:()&/%€—\t", "Mr", "U", "S", "Dr", "No", "etc", "p", "m", "Straße", "İ"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_PIECES, min_size=1, max_size=30).map("".join))
@example("aa. '")  # a space in the closing run: the splitter makes the quote a sentence of its own
def test_a_line_read_as_one_sentence_without_the_splitter_is_one_for_the_splitter(raw: str) -> None:
    # split_sentences skips the (slow) splitter on lines it can tell are one sentence; it must
    # give exactly what the splitter gives on every line, shortcut or not.
    line = raw.strip()
    if not line:
        return
    ours = [(s, e) for s, e, _ in split_sentences(line, 10_000)]
    assert ours == _splitter_spans(line)


def test_remembered_lines_split_as_the_splitter_splits_them() -> None:
    text = (
        "Mr. Reyes of Baltic Lane Ltd. said: the port (closed since May) reopens. Ships wait!\n"
        "Short line.\n"
        "Mr. Reyes of Baltic Lane Ltd. said: the port (closed since May) reopens. Ships wait!\n"
    )
    segmented: dict[str, list[tuple[int, int]]] = {}
    assert split_sentences(text, 400, segmented) == split_sentences(text, 400)
    # One entry for the repeated line (the one-sentence line never reaches the splitter).
    assert list(segmented) == [text.splitlines()[0]]
    again = split_sentences("Intro.\n" + text, 400, segmented)
    assert again == split_sentences("Intro.\n" + text, 400)
    # Capping still cuts a remembered line at this text's own limit.
    assert split_sentences(text, 30, segmented) == split_sentences(text, 30)
