"""The HTML report: self-contained, escaped, and usable in a real browser."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import WriteFiles
from newslineage import report
from newslineage.embed import UniversalSentenceEncoder
from newslineage.errors import ReportError
from newslineage.html_report import changed_words, render_html, segments, write_html
from newslineage.pipeline import ScanResult, scan
from newslineage.synonyms import Synonyms

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "<div><b>unclosed",
]
STORY = (
    "The council of Harwick voted on Tuesday to close the old swimming pool after engineers found the roof unsafe.\n"
    "About 1,200 residents signed a petition to keep the pool open during the summer holidays.\n"
    "“We had no choice once the report came in,” said Mara Quist, the council leader.\n"
    "Repairs would cost 3.4 million euros, more than the town spends on sport in five years.\n"
    "A new pool is planned for 2027 on the site of the former bus depot.\n"
)


def html_of(result: ScanResult) -> str:
    return render_html(report.to_json(result), {d.id: d.text for d in result.documents})


@pytest.fixture(scope="module")
def hostile(
    tmp_path_factory: pytest.TempPathFactory, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> ScanResult:
    root = tmp_path_factory.mktemp("hostile")
    lines = STORY.splitlines()
    (root / "a.txt").write_text(f"Pool closes {HOSTILE[0]}\n\n" + STORY + HOSTILE[1] + "\n")
    copy = [lines[0], HOSTILE[2], *lines[1:3], HOSTILE[3], *lines[3:]]
    (root / "b.txt").write_text("Harwick pool shut\n\n" + "\n".join(copy) + "\n")
    return scan([root], encoder=encoder, synonyms=synonyms)


def test_hostile_text_is_escaped(hostile: ScanResult) -> None:
    page = html_of(hostile)
    assert len(hostile.relations) == 1  # the hostile copy is still recognised as a copy
    for bad in HOSTILE:
        assert bad not in page
    # Only our own two script blocks exist; the closing tag of article text is escaped.
    assert page.count("<script") == 2
    assert "\\u003c/script\\u003e" in page


def test_the_report_is_self_contained(example_result: ScanResult) -> None:
    page = html_of(example_result)
    assert (
        "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page.split("nl-data")[0]
    )
    assert "<link" not in page and "src=" not in page.split("nl-data")[0]
    for doc in example_result.documents:
        assert doc.id in page
    assert "10-empty-draft.txt" in page and "empty file" in page


def test_schema_is_checked() -> None:
    with pytest.raises(ReportError, match="newslineage/1"):
        render_html({"schema": "other/9"}, {})


def test_changed_words_and_segments() -> None:
    a, b = "The port closed two terminals.", "The harbour closed two terminals."
    assert changed_words(a, b) == ([(4, 8)], [(4, 11)])
    cut = segments(20, [(0, 10, "spun", 0, 0, -1), (4, 8, "spun", 0, 1, -1), (15, 18, "", -1, 0, 2)])
    assert cut == [
        [0, 4, "spun", 0, 0, -1],
        [4, 8, "spun", 0, 1, -1],
        [8, 10, "spun", 0, 0, -1],
        [10, 15, "", -1, 0, -1],
        [15, 18, "", -1, 0, 2],
        [18, 20, "", -1, 0, -1],
    ]


def _browser() -> Any:
    playwright = pytest.importorskip(
        "playwright.sync_api", reason="pip install -e '.[test]' installs playwright"
    )
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip(
            "no chromium on PATH: install Debian's with 'apt-get install chromium' (scripts/setup.sh --test does)"
        )
    return playwright.sync_playwright, chromium


@pytest.mark.browser
def test_a_person_can_read_the_report(
    example_result: ScanResult, hostile: ScanResult, tmp_path: Path, write_files: WriteFiles
) -> None:
    sync_playwright, chromium = _browser()
    page_file, hostile_file = tmp_path / "report.html", tmp_path / "hostile.html"
    write_html(report.to_json(example_result), {d.id: d.text for d in example_result.documents}, page_file)
    write_html(report.to_json(hostile), {d.id: d.text for d in hostile.documents}, hostile_file)
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.as_uri())
        assert page.locator("svg.lineage").first.is_visible()
        assert page.locator("svg .node.origin").count() >= 1
        pair = page.locator("details.pair", has_text="04-spun-copy.txt").first
        pair.locator("summary").click()
        marks = pair.locator(".side[data-side='a'] mark[data-link]")
        assert marks.count() > 3
        assert pair.locator(".side[data-side='b'] .chg").count() > 0  # swapped words are marked
        last = marks.nth(marks.count() - 1)
        link = last.get_attribute("data-link")
        last.click()
        counterpart = pair.locator(f".side[data-side='b'] [data-link='{link}']").first
        page.wait_for_timeout(200)
        assert counterpart.evaluate(
            "el => { const r = el.getBoundingClientRect(), box = el.closest('.side').getBoundingClientRect();"
            " return r.top >= box.top && r.bottom <= box.bottom && r.top >= 0 && r.bottom <= innerHeight; }"
        )
        page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        page.goto(hostile_file.as_uri())
        page.locator("details.pair summary").first.click()
        assert page.locator(".side[data-side='a']").inner_text().count("<script>") >= 1  # shown as text
        assert page.evaluate("window.__pwned") is None
        browser.close()
    assert dialogs == []
    assert all(url.startswith("file://") for url in requests), requests
    assert (tmp_path / "report.png").stat().st_size > 10_000
