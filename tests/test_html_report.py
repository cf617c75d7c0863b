"""The HTML report: one self-contained file, escaped, and usable by a person in a real browser.

Every report here comes from a real scan: the bundled example collection, and a small
collection whose titles, texts and even file names carry markup meant to run script.
"""

from __future__ import annotations

import html
import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import Watch
from newslineage import report
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import ReportError
from newslineage.html_assets import SCRIPT
from newslineage.html_report import changed_words, lineage_layout, render_html, write_html
from newslineage.models import ScanResult
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "<div><b>unclosed",
]
HOSTILE_NAME = 'c <img src=y onerror="window.__pwned=2">.txt'
STORY = [
    "The council of Harwick voted on Tuesday to close the old swimming pool after engineers found the roof unsafe.",
    "About 1,200 residents had signed a petition to keep the pool open during the summer holidays.",
    "“We had no choice once the report came in,” said Mara Quist, the council leader.",
    "Repairs would cost 3.4 million euros, more than the town spends on sport in five years.",
    "A new pool is planned for 2027 on the site of the former bus depot, the council said.",
    "Swimming clubs will train in the neighbouring town of Elsby until then.",
]


def report_data(result: ScanResult) -> tuple[dict[str, Any], dict[str, str]]:
    return report.to_json(result), {d.id: d.text for d in result.documents}


def html_of(result: ScanResult) -> str:
    return render_html(*report_data(result))


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> ScanResult:
    """Three copies of one story whose titles, bodies and one file name hold hostile markup."""
    root = tmp_path_factory.mktemp("hostile")
    head, tail = " ".join(STORY[:3]), " ".join(STORY[3:])
    (root / "a-original.txt").write_text(
        f"Harwick pool closes {HOSTILE[0]}\n\n{head}\n\n{HOSTILE[1]}\n\n{tail}\n", encoding="utf-8"
    )
    (root / "b-copy.txt").write_text(
        f"Harwick shuts its pool\n\n{' '.join(STORY[:2])} {HOSTILE[2]} {STORY[2]}\n\n{HOSTILE[3]} {tail}\n",
        encoding="utf-8",
    )
    wednesday = " ".join(s.replace("Tuesday", "Wednesday") for s in STORY)
    (root / HOSTILE_NAME).write_text(
        f"Pool to close </title><script>alert(3)</script>\n\n{wednesday}\n", encoding="utf-8"
    )
    return scan([root], encoder=encoder, synonyms=synonyms)


@pytest.fixture(scope="module")
def example_html(example_result: ScanResult) -> str:
    return html_of(example_result)


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def json_block(page: str, block_id: str) -> Any:
    match = re.search(f'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.S)
    assert match is not None, block_id
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- static checks


def test_the_report_is_one_file_that_loads_nothing(example_html: str) -> None:
    assert 'src="http' not in example_html and "<link href=" not in example_html
    tags = Tags(example_html).tags
    names = {tag for tag, _attrs in tags}
    assert not names & {"link", "img", "iframe", "object", "embed", "base", "form", "audio", "video"}
    for _tag, attrs in tags:
        assert "src" not in attrs
        assert (attrs.get("href") or "#").startswith("#")  # in-page links only
    assert "url(" not in example_html.split("</style>")[0] and "@import" not in example_html
    csp = next(
        a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_every_article_and_rejection_is_shown(example_result: ScanResult, example_html: str) -> None:
    for doc in example_result.documents:
        assert html.escape(doc.id) in example_html
        assert html.escape(doc.article.title or "") in example_html
    for rejected in example_result.rejected:
        assert html.escape(rejected.path) in example_html and html.escape(rejected.reason) in example_html
    assert example_html.count('<svg class="lineage"') == 1  # one story with several articles


def test_same_data_gives_the_same_bytes(
    example_result: ScanResult, example_html: str, tmp_path: Path
) -> None:
    data, texts = report_data(example_result)
    write_html(data, texts, tmp_path / "report.html")
    assert (tmp_path / "report.html").read_bytes() == example_html.encode("utf-8")
    shuffled = dict(sorted(texts.items(), reverse=True))
    assert render_html(json.loads(json.dumps(data)), shuffled) == example_html


def test_texts_can_come_from_the_json_report(example_result: ScanResult, example_html: str) -> None:
    data = report.to_json(example_result, include_text=True)
    assert render_html(data, {}) == example_html


def test_other_schemas_and_broken_reports_are_refused(example_result: ScanResult) -> None:
    with pytest.raises(ReportError, match=r"newslineage/2.*newslineage/1"):
        render_html({"schema": "newslineage/2"}, {})
    data, texts = report_data(example_result)
    del data["relations"]
    with pytest.raises(ReportError, match="relations"):
        render_html(data, texts)
    data, texts = report_data(example_result)
    texts.pop("04-spun-copy.txt")
    with pytest.raises(ReportError, match=r"04-spun-copy\.txt.*--json-text"):
        render_html(data, texts)


def test_hostile_text_is_escaped_everywhere(hostile: ScanResult) -> None:
    page = html_of(hostile)
    # The hostile copies are still recognised as copies, so their text reaches the pair views.
    assert {d for r in hostile.relations for d in (r.a, r.b)} == {d.id for d in hostile.documents}
    for bad in [*HOSTILE, HOSTILE_NAME, "</title><script>alert(3)"]:
        assert bad not in page
    tags = Tags(page).tags
    assert not any(tag in ("img", "div", "b") and "onerror" in str(attrs) for tag, attrs in tags)
    assert not any(name.startswith("on") for _tag, attrs in tags for name in attrs)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    data_blocks = [
        a for a in scripts if a.get("type") == "application/json" and str(a.get("id")).startswith("nl-")
    ]
    assert len(scripts) == len(data_blocks) + 1  # the data blocks and the report's own script, nothing else
    # The data blocks still carry the exact text, hostile parts included, for textContent to show.
    doc = json_block(page, f"nl-doc-{[d.id for d in hostile.documents].index('b-copy.txt')}")
    assert HOSTILE[2] in doc["text"] and HOSTILE[3] in doc["text"]


# --------------------------------------------------------------------------- pieces


def test_the_script_never_turns_text_into_markup() -> None:
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in SCRIPT
    assert "textContent" in SCRIPT


def test_changed_words_are_marked_in_both_texts() -> None:
    a, b = "The port closed two terminals.", "The harbour closed two terminals."
    assert changed_words(a, b) == ([(4, 8)], [(4, 11)])
    a, b = "the air near the terminals is safe", "the air close to the terminals is safe"
    (left,), (right,) = changed_words(a, b)
    assert a[slice(*left)] == "near" and b[slice(*right)] == "close to"
    assert changed_words("3.4 million euros", "3.5 million euros") == ([(0, 3)], [(0, 3)])
    assert changed_words("Same words, other commas", "Same words other commas!") == ([], [])


def test_pair_data_puts_the_source_left_and_marks_the_spun_words(example_html: str) -> None:
    ids = json_block(example_html, "nl-doc-ids")
    lines = json_block(example_html, "nl-pairs")
    k = next(
        k
        for k, line in enumerate(lines)
        if {ids[line[1]], ids[line[2]]} == {"01-northwire-original.txt", "04-spun-copy.txt"}
    )
    assert ids[lines[k][1]] == "01-northwire-original.txt" and lines[k][3] == "source"
    pair = json_block(example_html, f"nl-pair-{k}")
    right = json_block(example_html, f"nl-doc-{lines[k][2]}")["text"]
    changed = pair["changed"][1]
    words = {right[changed[i] : changed[i + 1]] for i in range(0, len(changed), 2)}
    assert "harbour" in words and "Rivermouth" not in words
    assert {link[4] for link in pair["links"]} >= {"spun", "light_edit"}
    assert pair["marks"] and pair["findings"]
    translated = next(k for k, line in enumerate(lines) if line[4] == ["translated"])
    assert json_block(example_html, f"nl-pair-{translated}")["changed"] == [[], []]


def test_every_passage_of_an_added_finding_is_marked(example_result: ScanResult, example_html: str) -> None:
    (added,) = [
        f for f in example_result.findings if f.kind == "added" and f.document == "05-seo-rewrite.txt"
    ]
    assert len(added.spans) > 1
    ids = json_block(example_html, "nl-doc-ids")
    lines = json_block(example_html, "nl-pairs")
    k = next(
        k
        for k, line in enumerate(lines)
        if {ids[line[1]], ids[line[2]]} == {"01-northwire-original.txt", "05-seo-rewrite.txt"}
    )
    pair = json_block(example_html, f"nl-pair-{k}")
    side = 0 if ids[lines[k][1]] == "05-seo-rewrite.txt" else 1
    findings = json_block(example_html, "nl-findings")
    (n,) = [
        j
        for j in pair["findings"]
        if findings[j][0] == "added" and ids[findings[j][2]] == "05-seo-rewrite.txt"
    ]
    marked = sorted((m[1], m[2]) for m in pair["marks"] if m[3] == n and m[0] == side)
    assert marked == sorted(added.spans)


def test_lineage_layout_is_layered_wrapped_and_order_free() -> None:
    nodes = ["src", "a", "b", "c", "d", "e", "f", "g", "grandchild"]
    edges = [("src", n) for n in "abcdefg"] + [("a", "grandchild")]
    layout = lineage_layout(nodes, edges, per_row=3)
    y = {n: layout.positions[n][1] for n in nodes}
    assert all(y[p] < y[c] for p, c in edges)
    assert len({y[n] for n in "abcdefg"}) == 3  # seven children wrap onto three rows of three
    assert y["grandchild"] > max(y[n] for n in "abcdefg")  # a grandchild sits below every child
    shuffled = nodes[:]
    random.Random(3).shuffle(shuffled)
    assert lineage_layout(shuffled, list(reversed(edges)), per_row=3) == layout
    assert all(0 <= x <= layout.width and 0 <= yy <= layout.height for x, yy in layout.positions.values())


def test_lone_articles_sit_beside_the_roots_or_below_everything() -> None:
    beside = lineage_layout(["src", "copy", "lone"], [("src", "copy")], per_row=3)
    assert beside.positions["lone"][1] == beside.positions["src"][1]
    roots = ["r1", "r2", "r3"]
    below = lineage_layout([*roots, "c1", "c2", "c3", "lone"], [(r, "c" + r[1]) for r in roots], per_row=3)
    assert below.positions["lone"][1] > below.positions["c1"][1]


# --------------------------------------------------------------------------- in a browser


IN_VIEW = """el => {
  const r = el.getBoundingClientRect(), box = el.closest('.text').getBoundingClientRect();
  return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.top >= 0 && r.bottom <= innerHeight;
}"""


@pytest.mark.browser
def test_a_reader_follows_a_passage_to_its_counterpart(
    chromium_browser: Any, example_result: ScanResult, tmp_path: Path
) -> None:
    page_file = tmp_path / "report.html"
    write_html(*report_data(example_result), page_file)
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 720})
    watch = Watch(page, "file:")
    page.goto(page_file.as_uri())
    assert page.locator("svg.lineage").first.is_visible()
    assert page.locator("svg.lineage .node.origin").count() == 1
    assert page.locator("svg.lineage .node.copy").count() >= 1

    pair = page.locator("details.pair", has_text="01-northwire-original.txt → 04-spun-copy.txt")
    pair.locator("summary").click()
    left, right = pair.locator(".text[data-side='0']"), pair.locator(".text[data-side='1']")
    assert "harbour" in right.locator(".chg").all_inner_texts()  # the spun word is marked
    assert right.locator(".fd").count() > 0  # and the findings sit where they occur
    passage = left.locator("[data-links]").last
    link = passage.get_attribute("data-links").split()[0]
    counterpart = right.locator(f"[data-links~='{link}']").first
    passage.scroll_into_view_if_needed()
    assert not counterpart.evaluate(IN_VIEW)
    passage.click()
    page.wait_for_timeout(100)
    assert counterpart.evaluate(IN_VIEW)
    assert "flash" in (counterpart.get_attribute("class") or "")
    # What was clicked stays where it was: only the other text box had to scroll.
    assert passage.evaluate(
        "el => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight"
    )

    page.locator("svg.lineage a[href^='#pair-'] text").first.click()  # an edge opens its pair
    page.wait_for_function("location.hash.startsWith('#pair-') && document.querySelector(location.hash).open")
    assert page.locator(f"{page.evaluate('location.hash')} .text").count() == 2

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    watch.assert_clean()
    page.close()


@pytest.mark.browser
def test_hostile_articles_are_shown_as_text_and_run_nothing(
    chromium_browser: Any, hostile: ScanResult, tmp_path: Path
) -> None:
    page_file = tmp_path / "hostile.html"
    write_html(*report_data(hostile), page_file)
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page, "file:")
    page.goto(page_file.as_uri())
    for summary in page.locator("details.pair > summary").all():
        summary.click()
    texts = " ".join(page.locator(".text").all_inner_texts())
    for bad in HOSTILE:
        assert bad in texts  # shown literally, as the articles wrote it
    assert HOSTILE_NAME in page.locator("#pairs").inner_text()
    page.locator(".text [data-links]").last.click()
    page.fill("#pair-filter", "<img")
    page.wait_for_selector("#pair-results details.pair")
    counts = page.evaluate(
        "[document.images.length, [...document.scripts].filter(s => s.type !== 'application/json').length]"
    )
    assert counts == [0, 1]
    watch.assert_clean()
    page.close()
