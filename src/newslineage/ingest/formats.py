"""Readers: the bytes of one input become articles, or rejections with reasons.

Formats, by name: ``.txt``/``.md`` (a short first line is the title),
``.html``/``.htm`` (main text and metadata by trafilatura), ``.json`` (an object
or a list of objects), ``.jsonl`` (one object per line), ``.warc``/``.warc.gz``
(HTML responses, see ``warc``). Other files are sniffed: HTML, text, or rejected
as binary. Every size is bounded by ``IngestConfig``: a page, a text or an
archive past its limit is skipped with a reason naming the setting.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from newslineage.config import IngestConfig
from newslineage.ingest.limits import Reject, cap
from newslineage.ingest.records import FileRead, Record, records_to_articles
from newslineage.ingest.warc import warc_records
from newslineage.models import Article, Rejection
from newslineage.titles import title_line, usable_title

_TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "published_at", "datePublished")
_KNOWN = frozenset({*_TEXT_FIELDS, *_DATE_FIELDS, "title", "url", "site", "id", "html"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_TEXT_EXT = frozenset({".txt", ".md", ".text"})
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})


def is_warc(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


def read_warc(stream: BinaryIO, doc_id: str, config: IngestConfig) -> FileRead:
    return records_to_articles(warc_records(stream, config), doc_id, config, _record_article)


def read_bytes(data: bytes, path: Path, doc_id: str, config: IngestConfig) -> FileRead:
    """One input's bytes (a file or a stream named ``path``); never raises for bad input."""
    name = path.name.lower()
    try:
        if len(data) > config.max_bytes:
            raise Reject(f"too large: more than {config.max_bytes} bytes (IngestConfig.max_bytes)")
        if not data.strip():
            raise Reject("empty file")
        if name.endswith(".jsonl"):
            return records_to_articles(_jsonl_records(decode(data)), doc_id, config, _record_article)
        if name.endswith(".json"):
            return records_to_articles(_json_records(decode(data)), doc_id, config, _record_article)
        return FileRead((_single(data, path, doc_id, config),))
    except Reject as exc:
        return FileRead((), (Rejection(doc_id, cap(str(exc))),))
    except RecursionError:
        return FileRead((), (Rejection(doc_id, "unreadable: nested too deeply for a news article"),))
    except Exception as exc:  # a parser bug on one file must not end a scan of thousands
        return FileRead((), (Rejection(doc_id, cap(f"unreadable: {type(exc).__name__}: {exc}")),))


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (BOM dropped), else the detected encoding; newlines normalized."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Reject("binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise Reject("not valid UTF-8 or any detectable encoding") from None
        # Short Western European text fits cp1250 as well as cp1252 ("aprčs" for "après");
        # news crawls hold far more of the latter, so it wins a near tie.
        western = [m for m in matches if m.encoding in _WESTERN and m.chaos <= best.chaos + 0.05]
        text = str(western[0] if western else best)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def _single(data: bytes, path: Path, doc_id: str, config: IngestConfig) -> Article:
    text = decode(data)
    suffix = path.suffix.lower()
    if suffix in _HTML_EXT or (suffix not in _TEXT_EXT and _looks_html(text)):
        return _html_article(text, doc_id, config, url=None, published=None)
    return _text_article(text, doc_id, config)


def _text_article(text: str, doc_id: str, config: IngestConfig) -> Article:
    body = text.strip()
    if len(body) < config.min_chars:
        raise Reject(f"text too short: {len(body)} chars < {config.min_chars} (IngestConfig.min_chars)")
    if len(text) > config.max_chars:
        raise Reject(f"text too long: {len(text)} chars > limit {config.max_chars} (IngestConfig.max_chars)")
    return Article(id=doc_id, text=text, title=title_line(text))


def _html_article(
    html: str, doc_id: str, config: IngestConfig, url: str | None, published: str | None
) -> Article:
    if len(html) > config.max_html_bytes:
        raise Reject(
            f"HTML page too large: {len(html)} chars > limit {config.max_html_bytes} (IngestConfig.max_html_bytes)"
        )
    import trafilatura

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if found is None:
        raise Reject("no main text found in HTML")
    meta: dict[str, Any] = found if isinstance(found, dict) else found.as_dict()
    text = meta.get("text") or ""
    if len(text.strip()) < max(1, config.min_chars):
        raise Reject("no main text found in HTML")
    if len(text) > config.max_chars:
        raise Reject(f"text too long: {len(text)} chars > limit {config.max_chars} (IngestConfig.max_chars)")
    url = url or meta.get("url")
    return Article(
        id=doc_id,
        text=text.replace("\r\n", "\n"),
        title=usable_title(meta.get("title")),
        url=url,
        site=meta.get("sitename") or meta.get("hostname") or _host(url),
        published=meta.get("date") or published,  # the page's own date beats a crawl date
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[::1" and the like: no host to name
        return None
    return host.removeprefix("www.") if host else None


def read_record(record: Mapping[str, Any], rid: str, n: int, config: IngestConfig) -> Article | Rejection:
    """One record (a JSON object, a Parquet row) read as the ``n``-th of a file: its article or why not.

    For readers that hold records one at a time (the Spark job); never raises for a bad record.
    """
    try:
        return _record_article(dict(record), rid, n, config)
    except Reject as exc:
        return Rejection(rid, cap(str(exc)))
    except Exception as exc:  # a parser bug on one record must not end a job over millions
        return Rejection(rid, cap(f"unreadable: {type(exc).__name__}: {exc}"))


def _record_article(record: dict[str, Any], rid: str, n: int, config: IngestConfig) -> Article:
    html = record.get("html")
    published = next((str(record[k]) for k in _DATE_FIELDS if record.get(k)), None)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    if isinstance(html, str) and not any(isinstance(record.get(k), str) for k in _TEXT_FIELDS):
        article = _html_article(html, rid, config, url=url, published=published)
    else:
        text = next((record[k] for k in _TEXT_FIELDS if isinstance(record.get(k), str)), None)
        if text is None:
            what = f"record {n}" if n else "the JSON object"
            raise Reject(f"{what} has no text field (expected one of {', '.join(_TEXT_FIELDS)})")
        article = _text_article(text.replace("\r\n", "\n"), rid, config)
        title = record.get("title") if isinstance(record.get("title"), str) else article.title
        article = Article(rid, article.text, title, url, None, published)
    site = record.get("site") if isinstance(record.get("site"), str) else None
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    return Article(
        article.id,
        article.text,
        article.title,
        article.url,
        site or article.site or _host(article.url),
        article.published,
        extra,
    )


def _jsonl_records(text: str) -> Iterator[Record]:
    n = 0
    for line in io.StringIO(text):  # one line at a time: a list of millions of lines is not needed
        if not line.strip():
            continue
        n += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"malformed record {n}: {exc.msg} at column {exc.colno}"
            continue
        except RecursionError:
            yield n, f"malformed record {n}: nested too deeply"
            continue
        yield n, value if isinstance(value, dict) else f"malformed record {n}: not a JSON object"


def _json_records(text: str) -> Iterator[Record]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Reject(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise Reject("malformed JSON: nested too deeply") from None
    if not isinstance(value, list):
        yield (
            0,
            value if isinstance(value, dict) else "malformed JSON: neither an object nor a list of objects",
        )
        return
    for n, item in enumerate(value, start=1):
        yield n, item if isinstance(item, dict) else f"malformed record {n}: not a JSON object"
