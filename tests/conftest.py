"""Shared fixtures: the real embedding model, the real synonym data, real scans.

The model loads once per test session (about two seconds); every test that needs
embeddings shares it rather than loading its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

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
