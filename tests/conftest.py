"""Shared fixtures: the real embedding model, the real synonym data, real scans.

The model loads once per test session (about two seconds); every test that needs
embeddings shares it rather than loading its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import ScanResult
from newslineage.pipeline import scan
from newslineage.synonyms import Synonyms, load_synonyms

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "newsroom"

WriteFiles = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture(scope="session")
def encoder() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder()


@pytest.fixture(scope="session")
def synonyms() -> Synonyms:
    return load_synonyms()


@pytest.fixture(scope="session")
def example_result(encoder: UniversalSentenceEncoder, synonyms: Synonyms) -> ScanResult:
    """The scan of the bundled example collection, as a user would run it."""
    return scan([EXAMPLE], encoder=encoder, synonyms=synonyms)


@pytest.fixture(scope="session")
def example_index(
    tmp_path_factory: pytest.TempPathFactory, encoder: UniversalSentenceEncoder, synonyms: Synonyms
) -> Path:
    """An index folder of the bundled example without its spun copy (04), built once per session.

    Tests that only read use it as it is; tests that write copy it first (``shutil.copytree``).
    """
    from newslineage.config import IngestConfig
    from newslineage.index import Indexer, Store
    from newslineage.ingest import ingest

    folder = tmp_path_factory.mktemp("example-index") / "idx"
    articles = [a for a in ingest([EXAMPLE], IngestConfig()).articles if not a.id.startswith("04")]
    Indexer(Store(folder, create=True), encoder=encoder, synonyms=synonyms).add(articles)
    return folder


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """Write ``{relative name: text or bytes}`` under a fresh folder and return the folder."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "collection"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser); skipped when absent."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).is_file():
        pytest.skip(
            "no chromium: install Debian's with 'apt-get install chromium' (never 'playwright install')"
        )
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watch:
    """A page that may reach only URLs starting with ``allowed``, recording what else it tried.

    Dialogs, script errors (a blocked inline script shows as a policy violation) and
    requests elsewhere are kept; ``assert_clean`` fails on any of them, and on a page
    that set ``window.__pwned``. ``ignored`` are error texts that say nothing of the
    page (a server's missing favicon).
    """

    def __init__(self, page: Any, allowed: str, ignored: tuple[str, ...] = ()) -> None:
        self.page, self.allowed, self.ignored = page, allowed, ignored
        self.elsewhere: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.allowed):
            route.continue_()
        else:
            self.elsewhere.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.dialogs == [] and self.elsewhere == []
        assert [e for e in self.errors if not any(i in e for i in self.ignored)] == []
