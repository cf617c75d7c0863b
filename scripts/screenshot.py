"""Screenshot of the bundled example's HTML report for the README (docs/report-example.png).

Run after the README's first command: .venv/bin/python scripts/screenshot.py
It uses Debian's chromium through Playwright; no browser is downloaded.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    report = ROOT / "out" / "report.html"
    if not report.is_file():
        print(
            "no out/report.html: run the scan of examples/newsroom with --html out/report.html first",
            file=sys.stderr,
        )
        return 1
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        page.goto(report.as_uri())
        pair = page.locator("details.pair", has_text="04-spun-copy.txt").first
        pair.locator("summary").click()
        page.evaluate("document.querySelector('section.story').scrollIntoView()")
        shots = ROOT / "docs"
        page.screenshot(path=str(shots / "report-lineage.png"))
        pair.scroll_into_view_if_needed()
        pair.screenshot(path=str(shots / "report-pair.png"))
        browser.close()
    print("wrote docs/report-lineage.png and docs/report-pair.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
