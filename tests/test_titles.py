"""Names of articles and stories: a title or a first sentence, never page furniture or a file name."""

from __future__ import annotations

import pytest

from conftest import WriteFiles
from newslineage.config import IngestConfig, TextConfig
from newslineage.embed import UniversalSentenceEncoder
from newslineage.ingest import ingest
from newslineage.models import Article
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms
from newslineage.text import analyze
from newslineage.titles import display_name, is_furniture_line, shorten, title_line, usable_title

FURNITURE = [
    "date 2023-02-06 By Jane Doe",
    "Published: 6 February 2023 14:02",
    "Last updated on 6 February 2023",
    "Posted on March 3, 2025 by admin",
    "Updated: 12:30 GMT",
    "Mon 6 Feb 2023 10.00 GMT",
    "06.02.2023 | 14:22",
    "2023-02-06",
    "February 6, 2023",
    "By Jane Doe and John Roe, Reuters",
    "By JANE DOE",
    "Von Anna Schmidt",
    "LONDON (Reuters) -",
    "KELLFORD, March 3 (Eastwire) -",
    "5 min read",
    "17302 views 11 comment(s)",
    "Photo: Marta Ruiz / Valley Times",
    "Home > News > World",
    "Share this article",
    "report_0042.html",
    "000_8ae7746adafb7629.txt",
    "Skip to main content",
    "Menu",
    "We use cookies to improve your experience.",
    "date 2023-09",
    "Siga o TNOnline no Google News",
    "Folgen Sie uns auf Facebook",
    "Escrito por Sergio Caldas (via Agência Estado)",
    "Par Claire Dubois",
]
HEADLINES = [
    "Kellford bridge shut after inspectors find cracks",
    "Shares in Tesla fell 5% on Monday",
    "On Monday, 41 people were hurt",
    "By the river, a town rebuilds",
    "March 2025 was the wettest month on record.",
    "Breaking the deadlock in Kyiv",
    "At 41, she won her first title",
    "COVID-19 cases rise in 12 states",
    "US President Donald Trump met his Russian counterpart",
    "Por fin llega la lluvia a Madrid",
    "Di Maria scores twice in Rome",
    "Follow the money: how the deal was financed",
]
BODY = (
    "The Kellford river bridge was closed to all traffic on Monday after inspectors found cracks in two of "
    "its steel supports, the regional roads agency said. About 41,000 vehicles cross the bridge every day."
)


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_recognised(line: str) -> None:
    assert is_furniture_line(line)
    assert usable_title(line) is None


@pytest.mark.parametrize("line", HEADLINES)
def test_headlines_and_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)
    assert usable_title(f"  {line}\n") == line


def test_the_title_of_a_text_file_skips_date_lines_and_bylines() -> None:
    text = f"date 2023-02-06 By Jane Doe\nBy Jane Doe, Eastwire\n# {HEADLINES[0]}\n\n{BODY}\n"
    assert title_line(text) == HEADLINES[0]
    assert title_line(f"{HEADLINES[0]}\n{BODY}") == HEADLINES[0]
    # A first line that reads as a sentence, a long one, or a lone line is no title.
    assert title_line(f"2023-02-06\n{BODY}\nMore text.") is None
    assert title_line(f"{'word ' * 50}\n{BODY}") is None
    assert title_line(HEADLINES[0]) is None


def test_shorten_cuts_at_a_word_boundary() -> None:
    assert shorten("one two three", 80) == "one two three"
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("alpha, beta gamma delta", 8) == "alpha…"
    assert shorten("abcdefghijkl", 5) == "abcde…"


def _doc(text: str, title: str | None = None, doc_id: str = "page_0042.txt") -> str:
    return display_name(analyze(Article(doc_id, text, title), frozenset(), TextConfig()))


def test_an_untitled_article_is_named_by_its_first_sentence() -> None:
    name = _doc(f"date 2023-02-06 By Jane Doe\n{BODY}")
    assert name.startswith("The Kellford river bridge was closed to all traffic on Monday")
    assert name.endswith("…") and len(name) <= 81 and " " + name[:-1].split()[-1] + " " in f" {BODY} "
    # A dateline opening the first sentence is not part of the name.
    assert _doc(f"KELLFORD, March 3 (Eastwire) - {BODY}").startswith("The Kellford river bridge")
    # A title wins; a title that is furniture or a file name does not.
    assert _doc(BODY, title=HEADLINES[0]) == HEADLINES[0]
    assert _doc(BODY, title="page_0042.html").startswith("The Kellford river bridge")
    # A fragment is passed over for the first sentence of a few words.
    assert _doc(f"Kellford.\n{BODY}").startswith("The Kellford river bridge")
    assert _doc("Kellford.\nMore soon.") == "Kellford."
    # A date line glued to the first sentence, and a dateline after it, are cut off it.
    assert _doc(f"date 2023-08-13 {BODY}").startswith("The Kellford river bridge")
    assert _doc(f"date 2023-09 - KELLFORD (Eastwire) — {BODY}").startswith("The Kellford river bridge")
    assert _doc(f"Kellford, (Eastwire News - 16th Jul, 2023 ) :{BODY}").startswith(
        "The Kellford river bridge"
    )
    # A follow prompt glued to a date line names nothing.
    assert _doc(f"date 2023-09 Siga o TNOnline no Google News\n{BODY}").startswith(
        "The Kellford river bridge"
    )
    # Only a text with no sentence at all falls back to its id.
    assert _doc("2023-02-06\n17302 views") == "page_0042.txt"


def test_ingest_takes_the_headline_under_a_date_line(write_files: WriteFiles) -> None:
    root = write_files({"a.txt": f"Published: 6 February 2023 14:02\n{HEADLINES[0]}\n\n{BODY}\n"})
    (article,) = ingest([root], IngestConfig()).articles
    assert article.title == HEADLINES[0]


def test_stories_and_lineage_of_untitled_pages_are_named_by_their_first_sentence(
    write_files: WriteFiles, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> None:
    more = (
        " Repairs are expected to cost about 4.2 million euros and to take at least six weeks. "
        "The city council said it would run free shuttle buses across the rail bridge from Wednesday."
    )
    root = write_files(
        {
            "0001.txt": f"date 2023-02-06 By Jane Doe\n{BODY}{more}\n",
            "0002.txt": f"By Jane Doe, Valley Times\n{BODY}{more}\n",
        }
    )
    result = scan([root], encoder=encoder, synonyms=synonyms)
    (story,) = result.stories
    assert story.documents == ("0001.txt", "0002.txt")
    assert story.title.startswith("The Kellford river bridge was closed") and story.title.endswith("…")
    labels = {n.document: n.label for n in result.lineage.nodes if n.document}
    assert all(label.startswith("The Kellford river bridge") for label in labels.values())
    assert all(d.article.title is None for d in result.documents)  # the JSON title stays the input's
