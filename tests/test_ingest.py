"""Every input becomes an article or a rejection with a reason; a bad file never stops a scan."""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import json
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import EXAMPLE, WriteFiles
from newslineage import ingest as ingest_module
from newslineage.config import IngestConfig
from newslineage.errors import InputError
from newslineage.ingest import decode, expand_paths, ingest, ingest_stream, read_file
from newslineage.models import Article, Rejection

BODY = "The port of Rivermouth closed two of its five container terminals on Wednesday after a leak."
OTHER = "The central library in Halden Cross reopened to the public on Saturday after a long restoration."
PAGE = f"""<!doctype html><html><head><title>Port shuts terminals</title>
<meta property="og:url" content="https://coastal.example/port">
<meta name="date" content="2025-05-14"></head>
<body><nav>Home | News | Sport</nav><article><h1>Port shuts terminals</h1>
<p>{BODY}</p><p>About 300 dock workers were evacuated, the harbour authority said on Wednesday.</p>
<p>Eleven workers were treated for breathing problems and released by the evening.</p></article>
<footer>Subscribe to Coastal Daily</footer></body></html>"""


def articles_of(root: Path, config: IngestConfig | None = None) -> dict[str, Article]:
    return {a.id: a for a in ingest([root], config or IngestConfig()).articles}


def rejected_of(root: Path, config: IngestConfig | None = None) -> dict[str, str]:
    return {r.path: r.reason for r in ingest([root], config or IngestConfig()).rejected}


def warc(records: list[tuple[str, bytes, str]], *, compress: bool = False, date: str | None = None) -> bytes:
    """A WARC file of HTTP response records; compressed as crawlers do it, one gzip member per record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, payload, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": date} if date else None,
            )
        )
    return buffer.getvalue()


# --- formats -------------------------------------------------------------------------------


def test_text_markdown_and_titles(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "a.txt": f"Port shuts terminals\n\n{BODY}\n",
            "sub/b.md": f"{BODY} Second line here.\n",
            "c.md": f"# Port shuts terminals\n\n{BODY}\n",
            "d.txt": f"The port closed on Wednesday.\n{BODY}\n",
        }
    )
    got = articles_of(root)
    assert got["a.txt"].title == "Port shuts terminals"
    assert got["a.txt"].text.endswith(f"{BODY}\n")
    assert got["sub/b.md"].title is None  # a long first line is text, not a title
    assert got["c.md"].title == "Port shuts terminals"  # the Markdown heading marker is not part of it
    assert got["d.txt"].title is None  # a first line that ends a sentence is the lede, not a title


def test_a_bare_heading_marker_is_not_a_title(write_files: WriteFiles) -> None:
    got = articles_of(write_files({"a.md": f"#\n{BODY}\n"}))
    assert got["a.md"].title is None


def test_html_main_text_and_metadata(write_files: WriteFiles) -> None:
    page = articles_of(write_files({"page.html": PAGE}))["page.html"]
    assert BODY in page.text
    assert "Home | News" not in page.text  # navigation is not article text
    assert "Subscribe" not in page.text  # nor is the footer
    assert page.title == "Port shuts terminals"
    assert page.url == "https://coastal.example/port"
    assert page.site == "coastal.example"  # no site name in the page: the host of its url
    assert page.published == "2025-05-14"


def test_the_bundled_html_reprint_loses_its_site_furniture() -> None:
    (page,) = ingest([EXAMPLE / "02-coastal-daily-reprint.html"], IngestConfig()).articles
    assert page.id == "02-coastal-daily-reprint.html"
    assert page.site == "Coastal Daily"  # og:site_name
    assert page.url == "https://coastal-daily.example/news/rivermouth-port-leak"
    assert page.published == "2025-05-14"
    assert page.title == "Rivermouth port shuts two terminals after solvent leak"
    for furniture in ("1,204 views", "Photo: Northwire", "Home", "All rights reserved"):
        assert furniture not in page.text
    assert "the harbour authority said" in page.text


def test_html_is_sniffed_in_files_without_a_known_extension(write_files: WriteFiles) -> None:
    root = write_files({"page": PAGE, "notes": f"Port shuts terminals\n\n{BODY}\n"})
    got = articles_of(root)
    assert "<p>" not in got["page"].text and BODY in got["page"].text
    assert got["notes"].title == "Port shuts terminals"


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
    articles, rejected = articles_of(root), rejected_of(root)
    assert set(articles) == {"one.json", "list.json#1", "list.json#2", "feed.jsonl#1", "feed.jsonl#4"}
    assert articles["one.json"].extra == {"lang_hint": "en"}
    assert articles["list.json#1"].site == "x.example"  # from the url when no site is given
    assert articles["list.json#2"].site == "Valley Times"
    assert rejected["feed.jsonl#2"].startswith("malformed record 2")
    assert rejected["feed.jsonl#3"].startswith("record 3 has no text field")


def test_jsonl_fields_become_article_metadata(write_files: WriteFiles) -> None:
    records = [
        {
            "text": BODY,
            "title": "Port shuts terminals",
            "url": "https://www.coastal.example/port",
            "published": "2025-05-14",
            "site": "Coastal Daily",
            "section": "news",
            "tags": ["port", "leak"],
        },
        {"content": OTHER, "date": "2024-11-02"},  # the other accepted field names
        {"body": BODY, "url": "https://www.valley.example/x"},
    ]
    root = write_files({"feed.jsonl": "\n".join(json.dumps(r) for r in records) + "\n"})
    got = articles_of(root)
    first = got["feed.jsonl#1"]
    assert (first.text, first.title, first.url, first.published, first.site) == (
        BODY,
        "Port shuts terminals",
        "https://www.coastal.example/port",
        "2025-05-14",
        "Coastal Daily",
    )
    assert first.extra == {
        "section": "news",
        "tags": ["port", "leak"],
    }  # unknown fields are kept as they were
    assert got["feed.jsonl#2"].text == OTHER and got["feed.jsonl#2"].published == "2024-11-02"
    assert got["feed.jsonl#3"].site == "valley.example"  # the host without www.


def test_a_json_record_may_carry_html(write_files: WriteFiles) -> None:
    root = write_files(
        {"pages.json": json.dumps([{"html": PAGE, "url": "https://mirror.example/p", "k": 1}])}
    )
    page = articles_of(root)["pages.json#1"]
    assert BODY in page.text and "<p>" not in page.text
    assert page.url == "https://mirror.example/p"  # the record's url wins over the page's own
    assert page.title == "Port shuts terminals"
    assert page.extra == {"k": 1}


def test_json_that_is_not_articles_is_rejected_with_its_reason(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "scalar.json": "42",
            "empty-list.json": "[]",
            "mixed.json": json.dumps(["just a string", {"text": BODY}]),
            "lines.jsonl": "[1, 2]\n" + json.dumps({"text": BODY}) + "\n",
            "bad.json": '{"text": "unterminated',
        }
    )
    articles, rejected = articles_of(root), rejected_of(root)
    assert set(articles) == {"mixed.json#2", "lines.jsonl#2"}
    assert rejected["scalar.json"] == "malformed JSON: neither an object nor a list of objects"
    assert rejected["empty-list.json"] == "no records"
    assert rejected["mixed.json#1"] == "malformed record 1: not a JSON object"
    assert rejected["lines.jsonl#1"] == "malformed record 1: not a JSON object"
    assert rejected["bad.json"].startswith("malformed JSON: ") and "line 1" in rejected["bad.json"]


def test_warc_html_responses(write_files: WriteFiles) -> None:
    data = warc(
        [
            ("https://coastal.example/port", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://coastal.example/logo.png", b"\x89PNG....", "image/png"),
        ]
    )
    root = write_files({"crawl.warc": data, "crawl2.warc.gz": gzip.compress(data)})
    articles = articles_of(root)
    assert set(articles) == {"crawl.warc#1", "crawl2.warc.gz#1"}  # the image is not an article
    assert articles["crawl.warc#1"].url == "https://coastal.example/port"


def test_warc_gz_as_crawlers_write_it(write_files: WriteFiles) -> None:
    data = warc(
        [
            ("https://coastal.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image/png"),
            ("https://coastal.example/port", PAGE.encode(), "text/html; charset=utf-8"),
            ("https://coastal.example/blank", b"", "text/html"),
            ("https://coastal.example/feed", b'{"a": 1}', "application/json"),
        ],
        compress=True,  # one gzip member per record, as in real .warc.gz files
    )
    root = write_files(
        {"crawl/2025.warc.gz": data, "crawl/images.warc": warc([("https://x/i.png", b"\x89P", "image/png")])}
    )
    result = ingest([root], IngestConfig())
    (page,) = result.articles
    assert page.id == "crawl/2025.warc.gz#1"  # numbered among the HTML responses
    assert page.title == "Port shuts terminals"
    assert page.url == "https://coastal.example/port"
    assert page.site == "coastal.example"
    assert BODY in page.text and "Home | News" not in page.text
    assert {(r.path, r.reason) for r in result.rejected} == {
        ("crawl/2025.warc.gz#2", "no main text found in HTML"),  # the empty page, by its own id
        ("crawl/images.warc", "no records"),  # a WARC with no HTML response says so
    }


def test_a_corrupt_warc_is_rejected_not_fatal(write_files: WriteFiles) -> None:
    root = write_files(
        {"bad.warc": b"WARC/1.0\r\nWARC-Type: response\r\ngarbage\r\n\r\n" * 3, "good.txt": BODY}
    )
    assert set(articles_of(root)) == {"good.txt"}
    assert rejected_of(root)["bad.warc"].startswith("corrupt WARC")


def test_a_warc_page_keeps_its_own_publication_date(write_files: WriteFiles) -> None:
    data = warc([("https://coastal.example/port", PAGE.encode(), "text/html")], date="2025-06-01T10:00:00Z")
    (page,) = articles_of(write_files({"crawl.warc": data})).values()
    assert page.published == "2025-05-14"  # <meta name="date">, not the day of the crawl


# --- encodings -----------------------------------------------------------------------------

GERMAN = (
    "Der Hafen von Rivermouth hat am Mittwoch zwei seiner fünf Containerterminals geschlossen. "
    "Rund 300 Hafenarbeiter mussten in Sicherheit gebracht werden, teilte die Hafenbehörde mit. "
    "Größere Schäden gab es nicht."
)
FRENCH = (
    "Le port de Rivermouth a fermé mercredi deux de ses cinq terminaux après une fuite de solvant; "
    "environ 300 dockers ont été évacués, a indiqué l'autorité portuaire. « C'est très grave », a déclaré le maire."
)
FRENCH_SHORT = "Le port a fermé deux terminaux après une fuite; les employés ont été évacués très rapidement."
SPANISH = (
    "El puerto de Rivermouth cerró dos de sus cinco terminales el miércoles después de una fuga; "
    "unos 300 trabajadores fueron evacuados. Ningún herido grave, según el señor Núñez."
)
ENGLISH_CP1252 = (
    "The café on the quay said the leak was “serious” — about 300 workers left, the authority said – "
    "and the naïve résumé was filed."
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(GERMAN, "latin-1", id="german-latin1"),
        pytest.param(FRENCH, "cp1252", id="french-cp1252"),
        pytest.param(FRENCH_SHORT, "cp1252", id="french-short-cp1252"),
        pytest.param(SPANISH, "latin-1", id="spanish-latin1"),
        pytest.param(ENGLISH_CP1252, "cp1252", id="english-cp1252"),
    ],
)
def test_legacy_encodings_decode_exactly(write_files: WriteFiles, text: str, encoding: str) -> None:
    article = articles_of(write_files({"a.txt": text.encode(encoding)}))["a.txt"]
    assert article.text == text


def test_unicode_boms_and_line_endings(write_files: WriteFiles) -> None:
    text = f"Port shuts terminals\r\n\r\n{BODY}\r\nÉvacués: 300.\r"
    root = write_files(
        {
            "bom8.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
            "utf16.txt": text.encode("utf-16"),  # NUL bytes, but a BOM: text, not binary
            "mac.txt": text.replace("\r\n", "\r").encode("utf-8"),
        }
    )
    got = articles_of(root)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    for name in ("bom8.txt", "utf16.txt", "mac.txt"):
        assert got[name].text == expected, name  # offsets index this text, so it must be exact
        assert got[name].title == "Port shuts terminals", name


# --- bad inputs ----------------------------------------------------------------------------


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
    config = IngestConfig(max_bytes=1000)
    articles, rejected = articles_of(root, config), rejected_of(root, config)
    assert set(articles) == {"good.txt"}  # the scan went on past every bad file
    assert rejected["empty.txt"] == "empty file"
    assert rejected["blank.txt"] == "empty file"
    assert rejected["binary.txt"] == "binary file"
    assert rejected["short.txt"].startswith("text too short")
    assert "main text" in rejected["nomain.html"]
    assert rejected["bad.json"].startswith("malformed JSON")
    assert rejected["big.txt"].startswith("too large")


def test_limits_name_the_setting_that_rejected(write_files: WriteFiles) -> None:
    root = write_files({"big.txt": "word " * 400, "short.txt": "Too short, really."})
    rejected = rejected_of(root, IngestConfig(max_bytes=1000, min_chars=40))
    assert rejected["big.txt"] == "too large: 2000 bytes > limit 1000 (IngestConfig.max_bytes)"
    assert rejected["short.txt"] == "text too short: 18 chars < 40 (IngestConfig.min_chars)"
    # The same files pass when the limits allow them.
    assert set(articles_of(root, IngestConfig(max_bytes=5000, min_chars=10))) == {"big.txt", "short.txt"}


@pytest.mark.skipif(
    os.geteuid() == 0, reason="running as root: root reads any file regardless of permissions"
)
def test_unreadable_file(write_files: WriteFiles) -> None:
    root = write_files({"locked.txt": BODY})
    (root / "locked.txt").chmod(0)
    assert rejected_of(root) == {"locked.txt": "unreadable: Permission denied"}


def test_a_broken_link_is_unreadable_not_fatal(write_files: WriteFiles) -> None:
    root = write_files({"good.txt": BODY})
    (root / "gone.txt").symlink_to(root / "missing-target.txt")
    assert set(articles_of(root)) == {"good.txt"}
    assert rejected_of(root)["gone.txt"].startswith("unreadable")


def test_a_folder_named_like_a_file_is_unreadable_for_read_file(tmp_path: Path) -> None:
    folder = tmp_path / "story.txt"
    folder.mkdir()
    assert read_file(folder, "story.txt", IngestConfig()) == (
        [],
        [Rejection("story.txt", "unreadable: Is a directory")],
    )


def test_a_named_pipe_in_the_folder_does_not_hang_the_scan(write_files: WriteFiles) -> None:
    root = write_files({"good.txt": BODY})
    pipe = root / "pipe.txt"
    os.mkfifo(pipe)
    results: list[ingest_module.IngestResult] = []
    worker = threading.Thread(target=lambda: results.append(ingest([root], IngestConfig())), daemon=True)
    worker.start()
    worker.join(timeout=1.5)  # reading one small file takes milliseconds
    if worker.is_alive():
        # Release the blocked reader: a writer that opens and closes the pipe gives it end-of-file.
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("ingest blocked on a named pipe")
    (result,) = results
    assert [a.id for a in result.articles] == ["good.txt"]
    assert [r.path for r in result.rejected] == ["pipe.txt"]


# --- paths, ids, order ---------------------------------------------------------------------


def test_ids_are_relative_and_order_free(write_files: WriteFiles) -> None:
    root = write_files({"b/2.txt": BODY, "a/1.txt": BODY, ".hidden/x.txt": BODY})
    forward = ingest([root / "a", root / "b"], IngestConfig())
    backward = ingest([root / "b", root / "a"], IngestConfig())
    assert forward == backward
    globbed = ingest([str(root / "*" / "*.txt")], IngestConfig())
    assert [a.id for a in globbed.articles] == ["a/1.txt", "b/2.txt"]  # hidden folders are skipped
    assert [a.id for a in ingest([root], IngestConfig()).articles] == ["a/1.txt", "b/2.txt"]


def test_folders_are_read_recursively_without_hidden_entries(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "top.txt": BODY,
            "2025/05/14/deep.txt": BODY,
            "2025/.drafts/secret.txt": BODY,
            ".git/config.txt": BODY,
            "2025/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    result = ingest([root], IngestConfig())
    assert [a.id for a in result.articles] == ["2025/05/14/deep.txt", "top.txt"]
    assert result.rejected == ()  # hidden files are not even attempted


def test_ids_do_not_depend_on_where_the_collection_lives(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files({"x/a.txt": BODY})
    monkeypatch.chdir(root.parent)
    relative = ingest(["collection"], IngestConfig())
    absolute = ingest([root.resolve()], IngestConfig())
    assert relative == absolute
    assert [a.id for a in absolute.articles] == ["x/a.txt"]


def test_recursive_globs_and_single_files(write_files: WriteFiles) -> None:
    root = write_files({"a/1.html": PAGE, "a/b/2.html": PAGE, "a/b/3.txt": BODY})
    globbed = ingest([str(root / "**" / "*.html")], IngestConfig())
    assert [a.id for a in globbed.articles] == ["a/1.html", "a/b/2.html"]
    single = ingest([root / "a" / "b" / "3.txt"], IngestConfig())
    assert [a.id for a in single.articles] == ["3.txt"]  # a file given alone is named by its name


def test_a_file_named_twice_is_read_once(write_files: WriteFiles) -> None:
    root = write_files({"a.txt": BODY})
    assert [a.id for a in ingest([root, root / "a.txt", str(root / "*.txt")], IngestConfig()).articles] == [
        "a.txt"
    ]


def test_the_same_files_in_any_order_give_the_same_result(write_files: WriteFiles) -> None:
    root = write_files(
        {"a.txt": BODY, "b.jsonl": json.dumps({"text": OTHER}) + "\n{bad\n", "c.html": PAGE, "d.txt": ""}
    )
    paths = [root / "a.txt", root / "b.jsonl", root / "c.html", root / "d.txt"]
    results = [ingest(list(order), IngestConfig()) for order in itertools.permutations(paths)]
    assert all(r == results[0] for r in results)
    assert [a.id for a in results[0].articles] == ["a.txt", "b.jsonl#1", "c.html"]
    assert [r.path for r in results[0].rejected] == ["b.jsonl#2", "d.txt"]


def test_same_name_in_two_folders_gets_ids_independent_of_order(write_files: WriteFiles) -> None:
    root = write_files({"x/a.txt": BODY, "y/a.txt": OTHER})
    forward = ingest([root / "x", root / "y"], IngestConfig())
    backward = ingest([root / "y", root / "x"], IngestConfig())
    assert len(forward.articles) == 2  # both are kept
    assert forward == backward


def test_progress_is_told_about_every_file(write_files: WriteFiles) -> None:
    root = write_files({"a.txt": BODY, "b/c.txt": "", "d.jsonl": json.dumps({"text": BODY})})
    seen: list[str] = []
    ingest([root], IngestConfig(), progress=seen.append)
    assert seen == ["a.txt", "b/c.txt", "d.jsonl"]


def test_a_path_that_names_nothing_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"/no/such/folder: no such file or folder"):
        expand_paths(["/no/such/folder"])
    with pytest.raises(InputError, match=r"\*\.txt: the pattern matches no file"):
        ingest([str(tmp_path / "*.txt")], IngestConfig())


# --- streams -------------------------------------------------------------------------------


def test_standard_input() -> None:
    result = ingest_stream(io.BytesIO(f"Title\n\n{BODY}".encode()), "stdin.txt", IngestConfig())
    assert [a.id for a in result.articles] == ["stdin.txt"]
    assert result.articles[0].title == "Title"


def test_a_stream_is_read_by_the_format_its_name_says() -> None:
    lines = (json.dumps({"text": BODY}) + "\n" + "{oops\n" + json.dumps({"text": OTHER}) + "\n").encode()
    result = ingest_stream(io.BytesIO(lines), "stdin.jsonl", IngestConfig())
    assert [a.id for a in result.articles] == ["stdin.jsonl#1", "stdin.jsonl#3"]
    assert [r.path for r in result.rejected] == ["stdin.jsonl#2"]
    page = ingest_stream(io.BytesIO(PAGE.encode()), "stdin.html", IngestConfig())
    assert page.articles[0].title == "Port shuts terminals"


def test_a_stream_larger_than_the_limit_is_rejected() -> None:
    result = ingest_stream(io.BytesIO(b"word " * 1000), "stdin", IngestConfig(max_bytes=1000))
    assert result.articles == ()
    assert [(r.path, r.reason) for r in result.rejected] == [
        ("stdin", "too large: more than 1000 bytes (IngestConfig.max_bytes)")
    ]


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_stop_a_scan(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    for name in ("x.txt", "x.html", "x.json", "x.jsonl", "x.warc", "x.bin"):
        (root / name).write_bytes(data)
    result = ingest([root], IngestConfig(min_chars=0))
    assert len(result.articles) + len(result.rejected) >= 6
    assert all(r.reason for r in result.rejected)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_decode_gives_text_or_the_reject_that_becomes_a_rejection(data: bytes) -> None:
    # decode's only failure is ingest's internal reject, which read_file turns into a Rejection;
    # any other exception would surface as "unreadable: SomeError" instead of a reason.
    try:
        text = decode(data)
    except ingest_module.Reject as exc:
        assert str(exc) in ("binary file", "not valid UTF-8 or any detectable encoding")
        return
    assert "\r" not in text  # newlines are normalized, so offsets agree across platforms


TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\ufeff"), max_size=300)


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_any_text_file_keeps_its_body(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    assume(text.encode("utf-8").strip())  # all-whitespace files are "empty file"
    root = tmp_path_factory.mktemp("txt")
    (root / "a.txt").write_bytes(text.encode("utf-8"))
    result = ingest([root], IngestConfig(min_chars=0))
    assert result.rejected == ()
    (article,) = result.articles
    assert article.text == text.replace("\r\n", "\n").replace("\r", "\n")
    if article.title is not None:
        assert article.title in article.text.lstrip().split("\n", 1)[0]


# --- symbolic links ------------------------------------------------------------------------


def test_a_link_out_of_the_folder_is_skipped_with_its_reason(write_files: WriteFiles, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "passwords.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:the administrator of this machine:/root:/bin/bash " * 3, encoding="utf-8")
    root = write_files({"good.txt": BODY, "sub/inside.txt": OTHER})
    (root / "leak.txt").symlink_to(secret)
    (root / "away").symlink_to(secret.parent, target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "sub" / "inside.txt")  # stays inside: read
    result = ingest([root], IngestConfig())
    assert [a.id for a in result.articles] == ["alias.txt", "good.txt", "sub/inside.txt"]
    reasons = {r.path: r.reason for r in result.rejected}
    assert set(reasons) == {"leak.txt", "away"}
    assert all("outside the folders named" in r and "--follow-links" in r for r in reasons.values())
    assert all("root:x" not in a.text for a in result.articles)
    followed = ingest([root], IngestConfig(follow_links=True))
    assert {a.id for a in followed.articles} >= {"leak.txt", "away/passwords.txt"}
    assert followed.rejected == ()


def test_a_link_to_another_folder_named_is_inside(write_files: WriteFiles, tmp_path: Path) -> None:
    root = write_files({"a/one.txt": BODY, "b/two.txt": OTHER})
    (root / "a" / "to-b.txt").symlink_to(root / "b" / "two.txt")
    result = ingest([root / "a", root / "b"], IngestConfig())
    assert result.rejected == ()  # b was named too: the link stays within what the user gave
    globbed = ingest([str(root / "a" / "*.txt")], IngestConfig())
    assert [r.path for r in globbed.rejected] == ["to-b.txt"]  # only a was named by the glob


def test_a_link_loop_ends(write_files: WriteFiles) -> None:
    root = write_files({"a/one.txt": BODY})
    (root / "a" / "again").symlink_to(root / "a", target_is_directory=True)
    result = ingest([root], IngestConfig(follow_links=True))
    assert [a.id for a in result.articles] == ["a/one.txt"]


def test_a_file_named_outright_is_read_even_through_a_link(write_files: WriteFiles, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text(BODY, encoding="utf-8")
    root = write_files({})
    root.mkdir(exist_ok=True)
    (root / "named.txt").symlink_to(target)
    assert [a.id for a in ingest([root / "named.txt"], IngestConfig()).articles] == ["named.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: root reads any folder")
def test_an_unreadable_folder_named_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    with pytest.raises(InputError, match="cannot read the folder"):
        ingest([folder], IngestConfig())


# --- record ids ----------------------------------------------------------------------------


def test_a_record_id_becomes_the_document_id(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "feed.jsonl": "".join(
                json.dumps(r) + "\n"
                for r in (
                    {"id": "bbc-0042", "text": BODY},
                    {"id": 7, "text": OTHER},
                    {"text": BODY + " Again."},
                    {"id": None, "text": OTHER + " Again."},
                )
            ),
            "one.json": json.dumps({"id": "single", "text": BODY}),
        }
    )
    result = ingest([root], IngestConfig())
    assert [a.id for a in result.articles] == ["7", "bbc-0042", "feed.jsonl#3", "feed.jsonl#4", "single"]
    assert "id" not in result.articles[0].extra
    assert result.notes == ()


def test_record_id_clashes_are_settled_the_same_in_any_order(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "a.jsonl": json.dumps({"id": "x1", "text": BODY})
            + "\n"
            + json.dumps({"id": "x1", "text": OTHER})
            + "\n",
            "b.jsonl": json.dumps({"id": "shared", "text": BODY})
            + "\n"
            + json.dumps({"id": True, "text": OTHER}),
            "c.json": json.dumps([{"id": "shared", "text": OTHER}, {"id": "d.txt", "text": BODY}]),
            "d.txt": OTHER,
        }
    )
    names = [root / n for n in ("a.jsonl", "b.jsonl", "c.json", "d.txt")]
    results = [ingest(list(order), IngestConfig()) for order in itertools.permutations(names)]
    assert all(r == results[0] for r in results)
    result = results[0]
    assert [a.id for a in result.articles] == [
        "a.jsonl#1",  # two records of a.jsonl carry x1: both named by position
        "a.jsonl#2",
        "b.jsonl#2",  # an id that is not a string or an integer is not used
        "b.jsonl#id=shared",  # two files use "shared": both qualified by their file
        "c.json#id=d.txt",  # a record id equal to a file's id: the record is qualified, the file keeps it
        "c.json#id=shared",
        "d.txt",
    ]
    notes = "\n".join(result.notes)
    assert "a.jsonl: record id 'x1' is carried by 2 records; they are named by position" in notes
    assert "b.jsonl: 1 record(s) have an id that is not a string or an integer (first: record 2)" in notes
    assert "record id 'shared' names more than one document" in notes


def test_ingest_notes_reach_the_report(encoder: object, synonyms: object, write_files: WriteFiles) -> None:
    from newslineage.pipeline import scan

    lines = [json.dumps({"id": "dup", "text": t}) for t in (BODY, OTHER)]
    root = write_files({"feed.jsonl": "\n".join(lines)})
    result = scan([root], encoder=encoder, synonyms=synonyms)  # type: ignore[arg-type]
    assert any("record id 'dup' is carried by 2 records" in n for n in result.notes)


# --- limits --------------------------------------------------------------------------------


def test_a_gzip_bomb_is_rejected_fast_with_a_short_reason(write_files: WriteFiles) -> None:
    root = write_files(
        {"bomb.warc.gz": gzip.compress(b"\x00" * 60_000_000, 9), "good.txt": BODY}
    )  # 60 KB inflating to 60 MB of zeros, the file of the report
    start = time.perf_counter()
    result = ingest([root], IngestConfig())
    assert time.perf_counter() - start < 5  # was 44 s: lines were joined piece by piece
    assert [a.id for a in result.articles] == ["good.txt"]
    (reason,) = [r.reason for r in result.rejected]
    assert reason.startswith("corrupt WARC after 0 records: expected a 'WARC/1.x' line")
    assert len(reason) < 150 and "(16384 bytes)" in reason


def test_an_archive_inflating_past_the_limit_stops_after_what_it_gave(write_files: WriteFiles) -> None:
    page = warc([("https://coastal.example/port", PAGE.encode(), "text/html")], compress=True)
    filler = warc([("https://x/big.bin", b"\x00" * 3_000_000, "application/octet-stream")], compress=True)
    root = write_files({"crawl.warc.gz": page + filler + page})
    result = ingest([root], IngestConfig(max_inflated_bytes=1_000_000))
    assert [a.id for a in result.articles] == ["crawl.warc.gz#1"]  # the page before the limit stands
    (rejection,) = result.rejected
    assert rejection.path == "crawl.warc.gz"
    assert "inflates past 1000000 bytes (IngestConfig.max_inflated_bytes)" in rejection.reason


def test_pages_and_texts_past_their_limits_are_skipped_with_the_setting(write_files: WriteFiles) -> None:
    big_page = PAGE.replace("</article>", "<p>" + "More words here. " * 2000 + "</p></article>")
    root = write_files(
        {
            "big.html": big_page,
            "crawl.warc": warc([("https://c.example/p", big_page.encode(), "text/html")]),
            "long.txt": "A sentence of the story. " * 2000,
            "feed.jsonl": json.dumps({"text": "A sentence of the story. " * 2000})
            + "\n"
            + json.dumps({"text": BODY}),
        }
    )
    config = IngestConfig(max_html_bytes=20_000, max_chars=30_000)
    result = ingest([root], config)
    reasons = {r.path: r.reason for r in result.rejected}
    assert [a.id for a in result.articles] == ["feed.jsonl#2"]
    assert reasons["big.html"].endswith("> limit 20000 (IngestConfig.max_html_bytes)")
    assert (
        reasons["crawl.warc#1"].startswith("HTML response of") and "max_html_bytes" in reasons["crawl.warc#1"]
    )
    assert reasons["long.txt"] == "text too long: 50000 chars > limit 30000 (IngestConfig.max_chars)"
    assert reasons["feed.jsonl#1"].startswith("text too long")


def test_a_file_of_bad_records_lists_the_first_hundred_then_counts(write_files: WriteFiles) -> None:
    root = write_files({"tiny.jsonl": '{"text": "x"}\n' * 5000})
    result = ingest([root], IngestConfig())
    assert len(result.rejected) == 101
    assert (
        Rejection("tiny.jsonl", "4900 more records rejected, not listed (the first 100 are)")
        in result.rejected
    )


def test_a_deeply_nested_json_is_rejected_with_a_reason(write_files: WriteFiles) -> None:
    root = write_files({"deep.json": "[" * 100_000 + "]" * 100_000, "deep.jsonl": "[" * 100_000 + "\n"})
    reasons = rejected_of(root)
    assert reasons["deep.json"] == "malformed JSON: nested too deeply"
    assert reasons["deep.jsonl#1"].startswith("malformed record 1")


def test_warc_corruption_keeps_what_came_before(write_files: WriteFiles) -> None:
    page = warc([("https://coastal.example/port", PAGE.encode(), "text/html")])
    root = write_files({"crawl.warc": page + b"WARC/1.0\r\nContent-Length: 99\r\n" + b"X" * 30_000})
    result = ingest([root], IngestConfig())
    assert [a.id for a in result.articles] == ["crawl.warc#1"]
    (reason,) = [r.reason for r in result.rejected]
    assert reason.startswith("corrupt WARC after 1 records: a header line is longer than 16384 bytes: 'XXXX")
    assert len(reason) < 150


def test_chunked_and_compressed_warc_responses_are_read(write_files: WriteFiles) -> None:
    body = gzip.compress(PAGE.encode())
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(body[k : k + 100]), body[k : k + 100]) for k in range(0, len(body), 100)
    )
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n" + chunked + b"0\r\n\r\n"
    )
    record = (
        (
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://coastal.example/port\r\n"
            b"Content-Length: %d\r\n\r\n" % len(http)
        )
        + http
        + b"\r\n\r\n"
    )
    (page,) = articles_of(write_files({"raw.warc": record})).values()
    assert BODY in page.text and page.url == "https://coastal.example/port"
