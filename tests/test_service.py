"""The HTTP service in process (FastAPI's TestClient drives the real app over a real index)."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE

fastapi = pytest.importorskip("fastapi", reason="the service extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from newslineage.service import create_app  # noqa: E402

KEY = "test-key-123"
HOSTILE = (
    "<script>document.title='owned'</script> Rivermouth port <img src=x onerror=\"document.title='owned'\"> "
    "shuts two terminals after a solvent leak, <a href=\"javascript:document.title='owned'\">officials</a> said."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, example_index: Path) -> Iterator[TestClient]:
    """The app over a copy of the session's index of the example without its spun copy."""
    folder = tmp_path_factory.mktemp("svc") / "idx"
    shutil.copytree(example_index, folder)
    app = create_app(folder, api_key=KEY, max_bytes=200_000)
    yield TestClient(app)
    gc.unfreeze()  # the service froze the test process's heap (Indexer.settle)


def test_writes_need_the_key(client: TestClient) -> None:
    body = {"id": "x.txt", "text": "A short text about nothing in particular at all."}
    assert client.post("/articles", json=body).status_code == 401
    wrong = client.post("/articles", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "wrong API key" in wrong.text


def test_oversized_and_malformed_requests(client: TestClient) -> None:
    big = client.post(
        "/query", content=b'{"text": "' + b"a" * 300_000 + b'"}', headers={"content-type": "application/json"}
    )
    assert big.status_code == 413
    bad = client.post("/query", json={"title": "no text"})
    assert bad.status_code == 422 and "text" in bad.text


def test_add_then_read_the_article_its_story_and_pair(client: TestClient) -> None:
    spun = (EXAMPLE / "04-spun-copy.txt").read_text(encoding="utf-8")
    auth = {"Authorization": f"Bearer {KEY}"}
    added = client.post(
        "/articles", json={"articles": [{"id": "04-spun-copy.txt", "text": spun}]}, headers=auth
    )
    assert added.status_code == 200 and added.json()["added"] == ["04-spun-copy.txt"]
    art = client.get("/articles/04-spun-copy.txt").json()
    assert any("01-northwire-original.txt" in (r["a"], r["b"]) for r in art["sources"])
    assert art["findings"]
    lineage = client.get("/articles/04-spun-copy.txt/lineage").json()["lineage"]
    assert {"parent": "01-northwire-original.txt", "child": "04-spun-copy.txt"}.items() <= next(
        e for e in lineage["edges"] if e["child"] == "04-spun-copy.txt"
    ).items()
    stories = client.get("/stories").json()["stories"]
    assert stories and client.get(f"/stories/{stories[0]['id']}").status_code == 200
    pair = client.get("/pairs/01-northwire-original.txt/04-spun-copy.txt").json()
    assert pair["relations"][0]["relation"] == "derived"
    assert client.get("/articles/missing.txt").status_code == 404


def test_the_service_settles_its_heap_once_started_and_after_each_write(client: TestClient) -> None:
    # Settled, what the process holds stays out of the collector's full passes, which would
    # otherwise walk it in the middle of some query (Indexer.settle).
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    body = {"id": "settle.txt", "text": "Harbour officials in Rivermouth reopened the ferry pier on Monday."}
    assert client.post("/articles", json=body, headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert gc.get_freeze_count() > 10_000


def test_query_does_not_add(client: TestClient) -> None:
    text = (EXAMPLE / "06-brief.txt").read_text(encoding="utf-8")
    answer = client.post("/query", json={"text": text, "id": "brief-again"}).json()
    assert answer["query"] == "brief-again"
    assert any(r["relation"] in ("duplicate", "near_duplicate", "derived") for r in answer["relations"])
    assert client.get("/articles/brief-again").status_code == 404


def test_pages_escape_a_hostile_article_and_set_a_strict_policy(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {KEY}"}
    assert (
        client.post(
            "/articles",
            json={"id": "evil<b>.txt", "text": HOSTILE, "title": "<script>x</script>"},
            headers=auth,
        ).status_code
        == 200
    )
    page = client.get("/page/articles/evil%3Cb%3E.txt")
    assert page.status_code == 200
    assert (
        "<script>" not in page.text and 'onerror="' not in page.text and 'href="javascript:' not in page.text
    )
    assert "&lt;script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    home = client.get("/", params={"q": "<script>"})
    assert "<script>" not in home.text
    assert "default-src 'none'" in client.get("/page/query").headers["content-security-policy"]


def test_queries_run_side_by_side_and_answer_as_one_alone(client: TestClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [(EXAMPLE / name).read_text(encoding="utf-8") for name in ("06-brief.txt", "05-seo-rewrite.txt")]
    alone = [client.post("/query", json={"text": t, "id": f"q{i}"}).json() for i, t in enumerate(texts)]
    with ThreadPoolExecutor(6) as pool:
        together = list(
            pool.map(
                lambda k: client.post("/query", json={"text": texts[k % 2], "id": f"q{k % 2}"}), range(6)
            )
        )
    assert [r.status_code for r in together] == [200] * 6
    assert [r.json() for r in together] == [alone[k % 2] for k in range(6)]
