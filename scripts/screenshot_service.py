"""Picture of the service's web page for the docs: docs/service-example.png.

Indexes the bundled example without its spun copy (``newslineage index add``), starts
``newslineage serve`` on a free port of 127.0.0.1 and opens it in Debian's chromium through
Playwright (no browser is downloaded). Three views, stacked into one PNG: the story list,
the spun copy pasted into the form with where it came from, and the original's article page.

Usage: .venv/bin/python scripts/screenshot_service.py [--out docs/service-example.png]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # scripts/ is a folder of scripts, not a package

import pictures  # noqa: E402

EXAMPLE = ROOT / "examples" / "newsroom"
SPUN = "04-spun-copy.txt"
ORIGINAL = "01-northwire-original.txt"
CLI = [sys.executable, "-m", "newslineage.cli"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_index(folder: Path) -> Path:
    files = [str(p) for p in sorted(EXAMPLE.iterdir()) if p.name != SPUN]
    subprocess.run([*CLI, "index", "add", *files, "--index", str(folder)], check=True, capture_output=True)
    return folder


def serve(index: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [*CLI, "serve", "--index", str(index), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/stories", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("serve did not start within 120 s")


def take_views(page: Any, url: str) -> list[bytes]:
    page.goto(url + "/")
    height = page.evaluate("document.body.scrollHeight")
    shots = [page.screenshot(clip={"x": 0, "y": 0, "width": 1100, "height": height})]
    page.goto(url + "/page/query")
    page.fill("textarea[name=text]", (EXAMPLE / SPUN).read_text(encoding="utf-8"))
    page.get_by_role("button", name="Find its sources").click()
    page.locator("#answer").wait_for()
    shots.append(page.screenshot(full_page=True))
    page.goto(f"{url}/page/articles/{quote(ORIGINAL)}")
    shots.append(page.screenshot(clip={"x": 0, "y": 0, "width": 1100, "height": 620}))
    return shots


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "service-example.png")
    args = parser.parse_args()
    browser_path = pictures.chromium()
    if browser_path is None:
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        port = free_port()
        proc = serve(build_index(Path(tmp) / "idx"), port)
        try:
            browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
            shots = take_views(
                browser.new_page(viewport={"width": 1100, "height": 700}), f"http://127.0.0.1:{port}"
            )
            # A fresh page: the service's Content-Security-Policy would block the stacked images.
            pictures.stack(
                browser.new_page(viewport={"width": 1124, "height": 600}), shots, args.out, max_width=1100
            )
            browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
