"""The web page as a person uses it: a real ``newslineage serve`` on loopback, driven in Chromium.

The server is the command itself (uvicorn in its own process, on a free port of 127.0.0.1),
over an index of the bundled example without its spun copy, which the reader then pastes.
A hostile article, a copy of the library story full of script tags, event handlers and
``javascript:`` links, is posted through the API; no page that shows it may run any of it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import EXAMPLE, Watch

httpx = pytest.importorskip("httpx", reason="the service extra is not installed")
pytest.importorskip("fastapi", reason="the service extra is not installed")

pytestmark = pytest.mark.browser

KEY = "browser-test-key"
ORIGINAL = "01-northwire-original.txt"
LIBRARY = "09-library-reopens.txt"
SPUN = "04-spun-copy.txt"
EVIL_ID = 'evil"><img src=x onerror="window.__pwned=1">.txt'
EVIL_TITLE = "<script>window.__pwned=2</script>Old library reopens"
TRAPS = [
    "<script>window.__pwned=3;alert('script')</script>",
    "<img src=x onerror=\"window.__pwned=4;alert('img')\">",
    "<a href=\"javascript:window.__pwned=5;alert('link')\">the harbour authority</a>",
    '<svg onload="window.__pwned=6"></svg><iframe src="javascript:alert(\'frame\')"></iframe>',
]
STARTUP_S = 120


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _hostile_copy() -> str:
    """The library story with a trap after each of its first paragraphs: still a copy of it."""
    paragraphs = (EXAMPLE / LIBRARY).read_text(encoding="utf-8").split("\n\n")
    body = [p + " " + TRAPS[i] if i < len(TRAPS) else p for i, p in enumerate(paragraphs[1:])]
    return "\n\n".join(body)


@dataclass(frozen=True)
class Server:
    url: str
    proc: subprocess.Popen[bytes]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, example_index: Path) -> Iterator[Server]:
    """``newslineage serve`` over a copy of the session's index of the example without its spun copy."""
    folder = tmp_path_factory.mktemp("web") / "idx"
    shutil.copytree(example_index, folder)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslineage.cli", "serve", "--index", str(folder), "--port", str(port)],
        env={**os.environ, "NEWSLINEAGE_API_KEY": KEY},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc)
        posted = httpx.post(
            f"{url}/articles",
            json={"id": EVIL_ID, "title": EVIL_TITLE, "text": _hostile_copy()},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=120,
        )
        assert posted.status_code == 200 and posted.json()["added"] == [EVIL_ID], posted.text
        yield Server(url, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            assert proc.stderr is not None
            raise AssertionError(
                f"serve exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}"
            )
        try:
            if httpx.get(url + "/stories", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"serve did not answer on {url} within {STARTUP_S} s")


@pytest.fixture
def page(chromium_browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    page = chromium_browser.new_page(viewport={"width": 1280, "height": 900})
    # Only the server may be reached; its missing favicon is not the page's doing.
    watch = Watch(page, server.url + "/", ignored=("favicon",))
    yield page, watch
    page.close()


def test_from_the_story_list_to_a_story_and_a_pair(page: tuple[Any, Watch], server: Server) -> None:
    tab, watch = page
    tab.goto(server.url + "/")
    assert tab.locator("h1").inner_text() == "Stories, newest first"
    tab.locator("li a", has_text="Rivermouth port shuts two terminals").first.click()
    tab.wait_for_url("**/page/stories/*")
    # The story is the HTML report: its lineage graph drawn by its own (hashed) script.
    assert tab.locator("svg.lineage .node.origin").count() == 1
    pair = (
        tab.locator("details.pair").filter(has_text=ORIGINAL).filter(has_text="03-estuary-gazette-edit.txt")
    )
    pair.locator("summary").click()
    # The pair's texts are filled in when it opens: wait for them rather than race the page.
    tab.locator("details.pair[open] .text").nth(1).wait_for()
    assert tab.locator("details.pair[open] .text").count() == 2
    assert "harbour authority" in pair.locator(".text[data-side='0']").inner_text()

    tab.goto(f"{server.url}/page/articles/{quote(ORIGINAL)}")
    tab.locator("li", has_text="03-estuary-gazette-edit.txt").get_by_text("side by side").click()
    tab.wait_for_url("**/page/pairs/**")
    assert tab.locator(".text").count() == 2
    watch.assert_clean()


def test_paste_an_article_and_see_its_source(page: tuple[Any, Watch], server: Server) -> None:
    tab, watch = page
    tab.goto(server.url + "/")
    tab.get_by_text("paste an article").click()
    tab.fill("textarea[name=text]", (EXAMPLE / SPUN).read_text(encoding="utf-8"))
    tab.get_by_role("button", name="Find its sources").click()
    answer = tab.locator("#answer")
    answer.wait_for()
    source = answer.locator("li", has_text="source:").filter(has_text=ORIGINAL)
    assert source.count() == 1 and "spun" in source.inner_text(), answer.inner_text()
    source.get_by_role("link", name=ORIGINAL).click()
    assert tab.locator("h1").inner_text() == "Rivermouth port shuts two terminals after solvent leak"
    watch.assert_clean()


def test_a_hostile_article_is_shown_and_never_runs(page: tuple[Any, Watch], server: Server) -> None:
    tab, watch = page
    tab.goto(server.url + "/?q=" + quote("<script>"))
    assert tab.locator("li", has_text="Old town library reopens").count() == 0
    tab.goto(server.url + "/")
    # The story may be named after either article (ties go to the title, by content).
    tab.locator("li a", has_text="library reopens").first.click()
    tab.wait_for_url("**/page/stories/*")
    for summary in tab.locator("details.pair > summary").all():
        summary.click()
    shown = " ".join(tab.locator(".text").all_inner_texts())
    assert TRAPS[0] in shown and TRAPS[2] in shown  # the article's own words, as text

    tab.goto(f"{server.url}/page/articles/{quote(EVIL_ID, safe='')}")
    assert tab.locator("h1").inner_text() == EVIL_TITLE
    text = tab.locator("pre").inner_text()
    assert all(trap in text for trap in TRAPS)
    assert tab.evaluate("[document.images.length, document.scripts.length, document.links.length]")[:2] == [
        0,
        0,
    ]
    assert tab.locator("a[href^='javascript:'], iframe, svg").count() == 0
    tab.get_by_text("side by side").first.click()
    tab.wait_for_url("**/page/pairs/**")
    assert TRAPS[1] in " ".join(tab.locator(".text").all_inner_texts())

    tab.goto(server.url + "/page/query")
    tab.fill("textarea[name=text]", _hostile_copy())
    tab.get_by_role("button", name="Find its sources").click()
    tab.locator("#answer").wait_for()
    assert tab.locator("#answer li", has_text=EVIL_ID).count() == 1
    assert tab.evaluate("document.images.length") == 0
    watch.assert_clean()
