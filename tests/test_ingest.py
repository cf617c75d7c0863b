"""Every input becomes an article or a rejection with a reason; a bad file never stops a scan."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import WriteFiles
from newslineage.config import IngestConfig
from newslineage.ingest import ingest, ingest_stream

BODY = "The port of Rivermouth closed two of its five container terminals on Wednesday after a leak."
PAGE = f"""<!doctype html><html><head><title>Port shuts terminals</title>
<meta property="og:url" content="https://coastal.example/port">
<meta name="date" content="2025-05-14"></head>
<body><nav>Home | News | Sport</nav><article><h1>Port shuts terminals</h1>
<p>{BODY}</p><p>About 300 dock workers were evacuated, the harbour authority said on Wednesday.</p>
<p>Eleven workers were treated for breathing problems and released by the evening.</p></article>
<footer>Subscribe to Coastal Daily</footer></body></html>"""


def read(root: Path, config: IngestConfig | None = None) -> dict[str, object]:
    result = ingest([root], config or IngestConfig())
    return {
        "articles": {a.id: a for a in result.articles},
        "rejected": {r.path: r.reason for r in result.rejected},
    }


def warc(records: list[tuple[str, bytes, str]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for url, payload, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
        )
    return buffer.getvalue()


def test_text_markdown_and_titles(write_files: WriteFiles) -> None:
    root = write_files(
        {"a.txt": f"Port shuts terminals\n\n{BODY}\n", "sub/b.md": f"{BODY} Second line here.\n"}
    )
    got = read(root)["articles"]
    assert isinstance(got, dict)
    assert got["a.txt"].title == "Port shuts terminals"
    assert got["a.txt"].text.endswith(f"{BODY}\n")
    assert got["sub/b.md"].title is None  # a long first line is text, not a title


def test_html_main_text_and_metadata(write_files: WriteFiles) -> None:
    got = read(write_files({"page.html": PAGE}))["articles"]
    assert isinstance(got, dict)
    page = got["page.html"]
    assert BODY in page.text
    assert "Home | News" not in page.text  # navigation is not article text
    assert page.title == "Port shuts terminals"
    assert page.published == "2025-05-14"


def test_json_jsonl_records_keep_unknown_fields(write_files: WriteFiles) -> None:
    record = {
        "text": BODY,
        "title": "T",
        "url": "https://x.example/a",
        "published": "2025-01-02",
        "lang_hint": "en",
    }
    root = write_files(
        {
            "one.json": json.dumps(record),
            "list.json": json.dumps([record, {**record, "site": "Valley Times"}]),
            "feed.jsonl": json.dumps(record)
            + "\n{broken\n"
            + json.dumps({"title": "no text"})
            + "\n"
            + json.dumps(record)
            + "\n",
        }
    )
    out = read(root)
    articles, rejected = out["articles"], out["rejected"]
    assert isinstance(articles, dict) and isinstance(rejected, dict)
    assert set(articles) == {"one.json", "list.json#1", "list.json#2", "feed.jsonl#1", "feed.jsonl#4"}
    assert articles["one.json"].extra == {"lang_hint": "en"}
    assert articles["list.json#1"].site == "x.example"  # from the url when no site is given
    assert articles["list.json#2"].site == "Valley Times"
    assert rejected["feed.jsonl#2"].startswith("malformed record 2")
    assert rejected["feed.jsonl#3"].startswith("record 3 has no text field")


def test_warc_html_responses(write_files: WriteFiles) -> None:
    data = warc(
        [
            ("https://coastal.example/port", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://coastal.example/logo.png", b"\x89PNG....", "image/png"),
        ]
    )
    root = write_files({"crawl.warc": data, "crawl2.warc.gz": gzip.compress(data)})
    articles = read(root)["articles"]
    assert isinstance(articles, dict)
    assert set(articles) == {"crawl.warc#1", "crawl2.warc.gz#1"}  # the image is not an article
    assert articles["crawl.warc#1"].url == "https://coastal.example/port"


def test_legacy_encodings_are_detected(write_files: WriteFiles) -> None:
    text = "Le port a fermé deux terminaux après une fuite; les employés ont été évacués très rapidement."
    articles = read(write_files({"fr.txt": text.encode("cp1252")}))["articles"]
    assert isinstance(articles, dict)
    assert "fermé" in articles["fr.txt"].text and "évacués" in articles["fr.txt"].text


def test_every_bad_input_is_rejected_with_its_reason(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "good.txt": BODY,
            "empty.txt": "",
            "blank.txt": "  \n\n ",
            "binary.txt": b"\x00\x01\x02binary\x00" * 20,
            "short.txt": "Too short.",
            "nomain.html": "<html><body><nav>Home</nav></body></html>",
            "bad.json": "{not json",
            "big.txt": "word " * 400,
        }
    )
    out = read(root, IngestConfig(max_bytes=1000))
    articles, rejected = out["articles"], out["rejected"]
    assert isinstance(articles, dict) and isinstance(rejected, dict)
    assert set(articles) == {"good.txt"}  # the scan went on past every bad file
    assert rejected["empty.txt"] == "empty file"
    assert rejected["blank.txt"] == "empty file"
    assert rejected["binary.txt"] == "binary file"
    assert rejected["short.txt"].startswith("text too short")
    assert "main text" in rejected["nomain.html"]
    assert rejected["bad.json"].startswith("malformed JSON")
    assert rejected["big.txt"].startswith("too large")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file regardless of permissions")
def test_unreadable_file(write_files: WriteFiles) -> None:
    root = write_files({"locked.txt": BODY})
    (root / "locked.txt").chmod(0)
    assert read(root)["rejected"] == {"locked.txt": "unreadable: Permission denied"}


def test_a_broken_link_is_unreadable_not_fatal(write_files: WriteFiles) -> None:
    root = write_files({"good.txt": BODY})
    (root / "gone.txt").symlink_to(root / "missing-target.txt")
    out = read(root)
    assert isinstance(out["rejected"], dict)
    assert out["rejected"]["gone.txt"].startswith("unreadable")


def test_ids_are_relative_and_order_free(write_files: WriteFiles) -> None:
    root = write_files({"b/2.txt": BODY, "a/1.txt": BODY, ".hidden/x.txt": BODY})
    forward = ingest([root / "a", root / "b"], IngestConfig())
    backward = ingest([root / "b", root / "a"], IngestConfig())
    assert forward == backward
    globbed = ingest([str(root / "*" / "*.txt")], IngestConfig())
    assert [a.id for a in globbed.articles] == ["a/1.txt", "b/2.txt"]  # hidden folders are skipped
    assert [a.id for a in ingest([root], IngestConfig()).articles] == ["a/1.txt", "b/2.txt"]


def test_standard_input() -> None:
    result = ingest_stream(io.BytesIO(f"Title\n\n{BODY}".encode()), "stdin.txt", IngestConfig())
    assert [a.id for a in result.articles] == ["stdin.txt"]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_stop_a_scan(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("x.txt", "x.html", "x.json", "x.jsonl", "x.warc", "x.bin"):
        (root / name).write_bytes(data)
    result = ingest([root], IngestConfig(min_chars=0))
    assert len(result.articles) + len(result.rejected) >= 6
    assert all(r.reason for r in result.rejected)
