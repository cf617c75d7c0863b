"""Picture of the bundled example's HTML report for the docs: docs/report-example.png.

Scans examples/newsroom, writes its HTML report to a temporary folder and opens it in
Debian's chromium through Playwright (no browser is downloaded). It takes two views, the
story's lineage graph and the original beside its spun copy with one passage followed
to its counterpart, and stacks them into one PNG.

Usage: .venv/bin/python scripts/screenshot.py [--out docs/report-example.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # scripts/ is a folder of scripts, not a package

import pictures  # noqa: E402

EXAMPLE = ROOT / "examples" / "newsroom"
PAIR = "01-northwire-original.txt → 04-spun-copy.txt"
# The passage clicked for the picture: a quote whose copy swapped several words.
PASSAGE = "Our crews contained"


def write_report(folder: Path) -> Path:
    from newslineage import report
    from newslineage.html_report import write_html
    from newslineage.pipeline import scan

    result = scan([EXAMPLE])
    page = folder / "report.html"
    write_html(report.to_json(result), {d.id: d.text for d in result.documents}, page)
    return page


def take_views(page: Any, url: str) -> list[bytes]:
    page.goto(url)
    graph = page.locator("section.story").first.screenshot()
    pair = page.locator("details.pair", has_text=PAIR)
    pair.locator("summary").click()
    pair.scroll_into_view_if_needed()
    passage = pair.locator(".text[data-side='0'] [data-links]", has_text=PASSAGE).first
    passage.click()
    passage.hover()  # hovering tints the counterpart too
    page.wait_for_timeout(1800)  # let the flash fade so the colours are the steady ones
    # A clip of the whole page rather than an element shot: that one would scroll, and the
    # text would slide away from under the mouse.
    box = pair.bounding_box()
    x, y = page.evaluate("[scrollX, scrollY]")
    clip = {"x": box["x"] + x, "y": box["y"] + y, "width": box["width"], "height": box["height"]}
    return [graph, page.screenshot(full_page=True, clip=clip)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-example.png")
    args = parser.parse_args()
    browser_path = pictures.chromium()
    if browser_path is None:
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        url = write_report(Path(tmp)).as_uri()
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        shots = take_views(page, url)
        # A fresh page: the report's Content-Security-Policy would block the stacked images.
        pictures.stack(browser.new_page(viewport={"width": 1280, "height": 600}), shots, args.out)
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
