"""Ingest: files, folders, globs and streams become articles or rejections.

Every input ends as an ``Article`` or a ``Rejection`` with a human-readable
reason; one unreadable file never stops a scan. Ids are paths relative to the
scanned root (``path#N`` for the N-th record of a JSON list, JSONL or WARC file), so
they do not depend on where the collection lives or in which order it was given.

Formats, by extension: ``.txt``/``.md`` (a short first line is the title),
``.html``/``.htm`` (main text and metadata by trafilatura), ``.json`` (an object
or a list of objects), ``.jsonl`` (one object per line), ``.warc``/``.warc.gz``
(HTML responses). Other files are sniffed: HTML, text, or rejected as binary.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from newslineage.config import IngestConfig
from newslineage.errors import InputError
from newslineage.models import Article, Rejection
from newslineage.titles import title_line, usable_title

_TEXT_FIELDS = ("text", "content", "body")
_DATE_FIELDS = ("published", "date", "published_at", "datePublished")
_KNOWN = frozenset({*_TEXT_FIELDS, *_DATE_FIELDS, "title", "url", "site", "id"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
_TEXT_EXT = frozenset({".txt", ".md", ".text"})
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a scan read: articles sorted by id, rejections sorted by path."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejection, ...]


class _Reject(Exception):
    """Internal: this input is not an article, for the reason given."""


def _glob_root(pattern: str) -> Path:
    """The folder a glob's matches are relative to: its part before the first wildcard."""
    parts = Path(pattern).parts
    fixed = parts[: next(i for i, p in enumerate(parts) if glob.has_magic(p))]
    return Path(*fixed) if fixed else Path(".")


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """(file, id) for every file the arguments name; InputError for a path that names nothing."""
    found: dict[str, list[Path]] = {}
    for raw in paths:
        text = os.fspath(raw)
        if glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputError(f"{text}: the pattern matches no file")
            entries = [(m, m.relative_to(_glob_root(text))) for m in matches]
        elif Path(text).is_dir():
            root = Path(text)
            entries = [(f, f.relative_to(root)) for f in _walk(root)]
        elif Path(text).exists():
            entries = [(Path(text), Path(Path(text).name))]
        else:
            raise InputError(f"{text}: no such file or folder")
        for path, rel in entries:
            _add(found, rel.as_posix(), path)
    return sorted(((p, i) for i, p in _unique_ids(found).items()), key=lambda pi: pi[1])


def _add(found: dict[str, list[Path]], key: str, path: Path) -> None:
    paths = found.setdefault(key, [])
    if all(p.resolve() != path.resolve() for p in paths):
        paths.append(path)


def _unique_ids(found: dict[str, list[Path]]) -> dict[str, Path]:
    """Ids for every file; two roots holding one relative path both get their folder in front."""
    out: dict[str, Path] = {}
    for key, paths in found.items():
        if len(paths) == 1:
            out[key] = paths[0]
            continue
        for path in sorted(paths, key=lambda p: p.resolve().as_posix()):
            name = f"{path.resolve().parents[len(Path(key).parts) - 1].name or 'root'}/{key}"
            while name in out or name in found:
                name = f"_{name}"
            out[name] = path
    return out


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    config: IngestConfig,
    *,
    progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every file the arguments name."""
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for path, doc_id in expand_paths(paths):
        got, bad = read_file(path, doc_id, config)
        articles += got
        rejected += bad
        if progress is not None:
            progress(doc_id)
    return _result(articles, rejected)


def ingest_stream(stream: BinaryIO, name: str, config: IngestConfig) -> IngestResult:
    """Read one stream (standard input) as if it were a file called ``name``."""
    try:
        data = stream.read(config.max_bytes + 1)
    except OSError as exc:
        return _result([], [Rejection(name, f"unreadable: {exc}")])
    got, bad = _read_bytes(data, Path(name), name, config)
    return _result(got, bad)


def _result(articles: list[Article], rejected: list[Rejection]) -> IngestResult:
    return IngestResult(
        articles=tuple(sorted(articles, key=lambda a: a.id)),
        rejected=tuple(sorted(rejected, key=lambda r: r.path)),
    )


def read_file(path: Path, doc_id: str, config: IngestConfig) -> tuple[list[Article], list[Rejection]]:
    """One file: its articles and its rejections (never raises for a bad file)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _Reject("unreadable: Is a directory")
        if not stat.S_ISREG(info.st_mode):  # reading a named pipe would block the scan forever
            raise _Reject("not a regular file (a pipe, socket or device)")
        size = info.st_size
        if size > config.max_bytes:
            raise _Reject(f"too large: {size} bytes > limit {config.max_bytes} (IngestConfig.max_bytes)")
        data = path.read_bytes()
    except _Reject as exc:
        return [], [Rejection(doc_id, str(exc))]
    except OSError as exc:
        return [], [Rejection(doc_id, f"unreadable: {exc.strerror or exc}")]
    return _read_bytes(data, path, doc_id, config)


def _read_bytes(
    data: bytes, path: Path, doc_id: str, config: IngestConfig
) -> tuple[list[Article], list[Rejection]]:
    name = path.name.lower()
    try:
        if len(data) > config.max_bytes:
            raise _Reject(f"too large: more than {config.max_bytes} bytes (IngestConfig.max_bytes)")
        if not data.strip():
            raise _Reject("empty file")
        if name.endswith((".warc", ".warc.gz")):
            return _records(_warc_records(data), doc_id, config)
        if name.endswith(".jsonl"):
            return _records(_jsonl_records(decode(data)), doc_id, config)
        if name.endswith(".json"):
            return _records(_json_records(decode(data)), doc_id, config)
        return [_single(data, path, doc_id, config)], []
    except _Reject as exc:
        return [], [Rejection(doc_id, str(exc))]
    except Exception as exc:  # a parser bug on one file must not end a scan of thousands
        return [], [Rejection(doc_id, f"unreadable: {type(exc).__name__}: {exc}")]


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (BOM dropped), else the detected encoding; newlines normalized."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Reject("binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise _Reject("not valid UTF-8 or any detectable encoding") from None
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
        raise _Reject(f"text too short: {len(body)} chars < {config.min_chars} (IngestConfig.min_chars)")
    return Article(id=doc_id, text=text, title=title_line(text))


def _html_article(
    html: str, doc_id: str, config: IngestConfig, url: str | None, published: str | None
) -> Article:
    import trafilatura

    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if found is None:
        raise _Reject("no main text found in HTML")
    meta: dict[str, Any] = found if isinstance(found, dict) else found.as_dict()
    text = meta.get("text") or ""
    if len(text.strip()) < max(1, config.min_chars):
        raise _Reject("no main text found in HTML")
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
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


Record = tuple[int, dict[str, Any] | str]


def _records(
    records: Iterator[Record], doc_id: str, config: IngestConfig
) -> tuple[list[Article], list[Rejection]]:
    """Articles from numbered records; a bad record is rejected alone."""
    articles, rejected = [], []
    for n, record in records:
        rid = f"{doc_id}#{n}" if n else doc_id  # n == 0: the file is one record, not a list
        try:
            if isinstance(record, str):
                raise _Reject(record)
            articles.append(_record_article(record, rid, n, config))
        except _Reject as exc:
            rejected.append(Rejection(rid, str(exc)))
    if not articles and not rejected:
        rejected.append(Rejection(doc_id, "no records"))
    return articles, rejected


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
            raise _Reject(f"{what} has no text field (expected one of {', '.join(_TEXT_FIELDS)})")
        article = _text_article(text.replace("\r\n", "\n"), rid, config)
        title = record.get("title") if isinstance(record.get("title"), str) else article.title
        article = Article(rid, article.text, title, url, None, published)
    site = record.get("site") if isinstance(record.get("site"), str) else None
    extra = {k: v for k, v in record.items() if k not in _KNOWN and k != "html"}
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
    for line in text.split("\n"):
        if not line.strip():
            continue
        n += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, f"malformed record {n}: {exc.msg} at column {exc.colno}"
            continue
        yield n, value if isinstance(value, dict) else f"malformed record {n}: not a JSON object"


def _json_records(text: str) -> Iterator[Record]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Reject(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(value, list):
        yield (
            0,
            value if isinstance(value, dict) else "malformed JSON: neither an object nor a list of objects",
        )
        return
    for n, item in enumerate(value, start=1):
        yield n, item if isinstance(item, dict) else f"malformed record {n}: not a JSON object"


def _warc_records(data: bytes) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator

    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    n = 0
    try:
        for record in ArchiveIterator(io.BytesIO(raw)):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            n += 1
            body = record.content_stream().read()
            yield (
                n,
                {
                    "html": decode(body) if body.strip() else "",
                    "url": record.rec_headers.get_header("WARC-Target-URI"),
                    "published": (record.rec_headers.get_header("WARC-Date") or "")[:10] or None,
                },
            )
    except Exception as exc:  # warcio raises several unrelated types for corrupt archives
        raise _Reject(f"corrupt WARC after {n} records: {exc}") from None
