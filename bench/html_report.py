"""HTML report benchmark: build time, file size, and how fast Chromium shows the report.

Each INPUT is a folder of articles (scanned here first) or a JSON report made with
``--json-text`` (so it carries the texts). For each one the script:

- renders the HTML report in Python and writes it (seconds, bytes);
- opens it in headless Chromium (Debian's, through Playwright; no browser is downloaded)
  ``--runs`` times, each in a fresh browser context, and reads the page's own timings:
  first contentful paint, DOMContentLoaded (the report's script has run: the page is
  usable) and the load event;
- opens the pair with the most aligned sentences the way a link does (``#pair-K``) and
  times, inside the page, until its side-by-side view is built and painted.

Medians over the runs are printed as a table and written to bench/results/html_report.json.

Usage: python bench/html_report.py INPUT... [--runs 3] [--out bench/results/html_report.json]
                                   [--html-dir bench/.work/html]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

OPEN_PAIR = """k => new Promise(done => {
  const start = performance.now();
  location.hash = '#pair-' + k;
  // Two frames: the first runs the hash change and the build, the second follows its paint.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const view = document.getElementById('pair-' + k);
    done([performance.now() - start, view ? view.querySelectorAll('.text .seg').length : -1]);
  }));
})"""
# First contentful paint can come after the load event on a small page: wait for it.
TIMINGS = """() => new Promise(done => {
  const finish = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    done({fcp_ms: fcp ? fcp.startTime : null, dcl_ms: nav.domContentLoadedEventEnd, load_ms: nav.loadEventEnd});
  };
  new PerformanceObserver(finish).observe({type: 'paint', buffered: true});
  setTimeout(finish, 10000);
})"""


def load_input(path: Path) -> tuple[dict[str, Any], dict[str, str], float | None]:
    """The report data, the texts, and the scan's seconds when the input was a folder."""
    from newslineage import report

    if path.is_dir():
        from newslineage.pipeline import scan

        start = time.perf_counter()
        result = scan([path])
        seconds = time.perf_counter() - start
        return report.to_json(result), {d.id: d.text for d in result.documents}, seconds
    data = report.load(path.read_text(encoding="utf-8"), str(path))
    texts = {d["id"]: d["text"] for d in data["documents"] if "text" in d}
    if len(texts) < len(data["documents"]):
        sys.exit(f"{path}: the report has no texts; make it with --json-text")
    return data, texts, None


def biggest_pair(data: dict[str, Any]) -> int | None:
    sizes = [sum(len(p["links"]) for p in rel["passages"]) for rel in data["relations"]]
    return max(range(len(sizes)), key=lambda k: (sizes[k], -k)) if sizes else None


def browse(browser: Any, page_file: Path, pair: int | None) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
    start = time.perf_counter()
    page.goto(page_file.as_uri(), wait_until="load", timeout=600_000)
    row: dict[str, Any] = {"goto_s": time.perf_counter() - start, **page.evaluate(TIMINGS)}
    if pair is not None:
        row["open_pair_ms"], row["pair_segments"] = page.evaluate(OPEN_PAIR, pair)
    row["network_requests"] = len(requests)
    context.close()
    return row


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in runs[0]:
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = round(statistics.median(values), 3) if values else None
    return out


def bench_one(path: Path, browser: Any, runs: int, html_dir: Path) -> dict[str, Any]:
    from newslineage.html_report import render_html

    data, texts, scan_s = load_input(path)
    start = time.perf_counter()
    page = render_html(data, texts)
    render_s = time.perf_counter() - start
    html_dir.mkdir(parents=True, exist_ok=True)
    page_file = html_dir / f"{path.stem or path.name}.html"
    page_file.write_bytes(page.encode("utf-8"))
    pair = biggest_pair(data)
    timings = median_of([browse(browser, page_file, pair) for _ in range(runs)])
    return {
        "input": path.name,
        "articles": len(data["documents"]),
        "pairs": len(data["relations"]),
        "findings": len(data["findings"]),
        "scan_s": round(scan_s, 2) if scan_s is not None else None,
        "render_s": round(render_s, 3),
        "html_bytes": page_file.stat().st_size,
        "opened_pair": pair,
        **timings,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    head = f"{'input':<24} {'articles':>8} {'pairs':>7} {'HTML MB':>8} {'render s':>8} "
    print(head + f"{'FCP ms':>7} {'DCL ms':>8} {'load ms':>8} {'open pair ms':>12} {'requests':>8}")

    def ms(value: Any) -> str:
        return "-" if value is None else f"{value:.0f}"

    for r in rows:
        print(
            f"{r['input'][:24]:<24} {r['articles']:>8} {r['pairs']:>7} {r['html_bytes'] / 1e6:>8.2f} "
            f"{r['render_s']:>8.2f} {ms(r['fcp_ms']):>7} {ms(r['dcl_ms']):>8} {ms(r['load_ms']):>8} "
            f"{ms(r.get('open_pair_ms')):>12} {r['network_requests']:>8.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument("--runs", type=int, default=3, help="page loads per input (median reported)")
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "html_report.json")
    parser.add_argument(
        "--html-dir", type=Path, default=BENCH / ".work" / "html", help="where reports are written"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        rows = []
        for path in args.inputs:
            print(f"{path}...", file=sys.stderr)
            rows.append(bench_one(path, browser, args.runs, args.html_dir))
        version = browser.version
        browser.close()
    print_table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    results = {"chromium": version, "runs": args.runs, "inputs": rows}
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
