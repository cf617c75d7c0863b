"""WARC and WARC.gz, read as a stream with every size bounded.

A crawl archive is untrusted input: a few kilobytes of gzip can inflate to
gigabytes, a "line" can have no end, a header can claim any length. The reader
never holds more than one record, reads lines of at most ``MAX_LINE`` bytes,
stops when the inflated archive passes ``IngestConfig.max_inflated_bytes``, and
names each problem with at most a few dozen characters of the input.

Records are the HTTP responses whose Content-Type says HTML, numbered from 1 in
the order they appear (other records are skipped without a number).
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from newslineage.config import IngestConfig
from newslineage.ingest.limits import Reject, cap, quote

#: Longest WARC or HTTP header line read; a longer one is a corrupt archive.
MAX_LINE = 16_384
#: Most header lines one WARC record may have.
MAX_HEADERS = 512
#: Bytes of an HTTP response read to find the end of its headers.
HTTP_HEAD = 65_536
_CHUNK = 1 << 20

Record = tuple[int, dict[str, str | None] | str]


class _Bounded:
    """A binary stream that counts what it returns and turns decoder errors into rejections."""

    def __init__(self, raw: BinaryIO | gzip.GzipFile | io.BufferedReader, limit: int, inflated: bool) -> None:
        self._raw, self._limit, self._inflated, self.seen = raw, limit, inflated, 0

    def _count(self, data: bytes) -> bytes:
        self.seen += len(data)
        if self._inflated and self.seen > self._limit:
            raise Reject(
                f"inflates past {self._limit} bytes (IngestConfig.max_inflated_bytes): "
                "a compression bomb or an archive too large for one scan"
            )
        return data

    def readline(self, size: int) -> bytes:
        try:
            return self._count(self._raw.readline(size))
        except (OSError, EOFError, zlib.error) as exc:
            raise Reject(f"corrupt gzip data: {cap(str(exc), 80)}") from None

    def read(self, size: int) -> bytes:
        try:
            return self._count(self._raw.read(size))
        except (OSError, EOFError, zlib.error) as exc:
            raise Reject(f"corrupt gzip data: {cap(str(exc), 80)}") from None

    def skip(self, size: int) -> None:
        while size > 0:
            got = self.read(min(size, _CHUNK))
            if not got:
                return
            size -= len(got)


class _Raw(io.RawIOBase):
    """Any binary stream as the raw layer ``io.BufferedReader`` needs (for ``peek``)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def open_archive(stream: BinaryIO, config: IngestConfig) -> _Bounded:
    """The archive's bytes, inflated when it is gzip (one member per record, as crawlers write)."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(_Raw(stream))
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return _Bounded(gzip.GzipFile(fileobj=buffered, mode="rb"), config.max_inflated_bytes, True)
    return _Bounded(buffered, config.max_inflated_bytes, False)


def warc_records(stream: BinaryIO, config: IngestConfig) -> Iterator[Record]:
    """(number, record fields or the reason it was skipped) for each HTML response.

    Raises ``Reject`` when the archive itself is corrupt; records already yielded stand.
    """
    src = open_archive(stream, config)
    count = html = 0
    try:
        while (line := _next_line(src)) is not None:
            if not line.startswith(b"WARC/"):
                raise Reject(f"expected a 'WARC/1.x' line, found {quote(line)}")
            headers = _headers(src)
            length = _length(headers)
            count += 1
            if headers.get("warc-type") != "response":
                src.skip(length)
                continue
            found = _response(src, length, headers, config)
            if found is not None:
                html += 1
                yield html, found
    except Reject as exc:
        raise Reject(f"corrupt WARC after {count} records: {exc}") from None


def _next_line(src: _Bounded) -> bytes | None:
    """The next non-blank line (records are separated by blank lines), None at the end."""
    while True:
        line = src.readline(MAX_LINE)
        if not line:
            return None
        if line.strip():
            return line


def _headers(src: _Bounded) -> dict[str, str]:
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = src.readline(MAX_LINE)
        if not line.endswith(b"\n"):
            if len(line) >= MAX_LINE:
                raise Reject(f"a header line is longer than {MAX_LINE} bytes: {quote(line)}")
            raise Reject("the archive ends inside a record's headers")
        if not line.strip():
            return headers
        name, sep, value = line.decode("utf-8", "replace").partition(":")
        if not sep:
            raise Reject(f"a header line has no 'name: value': {quote(line)}")
        headers[name.strip().lower()] = value.strip()
    raise Reject(f"a record has more than {MAX_HEADERS} header lines")


def _length(headers: dict[str, str]) -> int:
    raw = headers.get("content-length", "")
    if not raw.isdigit():
        raise Reject(f"a record has no valid Content-Length (found {quote(raw)})")
    return int(raw)


def _response(
    src: _Bounded, length: int, headers: dict[str, str], config: IngestConfig
) -> dict[str, str | None] | str | None:
    """An HTML response's fields, a reason it was skipped, or None for a response that is not HTML."""
    head = src.read(min(length, HTTP_HEAD))
    if len(head) < min(length, HTTP_HEAD):
        raise Reject("the archive ends inside a record")
    end, gap = head.find(b"\r\n\r\n"), 4
    if end < 0:
        end, gap = head.find(b"\n\n"), 2
    http = _http_headers(head[:end]) if end >= 0 else {}
    if "html" not in http.get("content-type", "").lower():
        src.skip(length - len(head))
        return None
    if length > config.max_html_bytes:
        src.skip(length - len(head))
        return (
            f"HTML response of {length} bytes > limit {config.max_html_bytes} (IngestConfig.max_html_bytes)"
        )
    rest = src.read(length - len(head))
    if len(rest) < length - len(head):
        raise Reject("the archive ends inside a record")
    try:
        body = _content(head[end + gap :] + rest, http, config.max_html_bytes)
    except Reject as exc:
        return str(exc)
    return {
        "html": body,
        "url": headers.get("warc-target-uri"),
        "published": headers.get("warc-date", "")[:10] or None,
    }


def _http_headers(head: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in head.split(b"\n")[1:]:
        name, sep, value = line.decode("latin-1").partition(":")
        if sep:
            out[name.strip().lower()] = value.strip()
    return out


def _content(body: bytes, http: dict[str, str], limit: int) -> str:
    """The page's text: de-chunked, inflated (bounded by ``limit``) and decoded."""
    from newslineage.ingest.formats import decode

    if "chunked" in http.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = http.get("content-encoding", "identity").lower().strip()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(47 if encoding != "deflate" else 15)
        try:
            inflated = inflater.decompress(body, limit + 1)
        except zlib.error as exc:
            raise Reject(f"HTML response is not valid {encoding}: {cap(str(exc), 80)}") from None
        if len(inflated) > limit:
            raise Reject(f"HTML response inflates past {limit} bytes (IngestConfig.max_html_bytes)")
        body = inflated
    elif encoding not in ("", "identity"):
        raise Reject(f"HTML response in an unsupported Content-Encoding: {quote(encoding)}")
    return decode(body) if body.strip() else ""


def _dechunk(body: bytes) -> bytes:
    """HTTP chunked transfer coding removed; a malformed one is kept as it came."""
    out, pos = bytearray(), 0
    while pos < len(body):
        end = body.find(b"\n", pos, pos + 64)
        size_field = body[pos:end].split(b";")[0].strip() if end >= 0 else b""
        try:
            size = int(size_field, 16)
        except ValueError:
            return body
        if size == 0:
            return bytes(out)
        out += body[end + 1 : end + 1 + size]
        pos = end + 1 + size
        pos += 2 if body[pos : pos + 2] == b"\r\n" else 1 if body[pos : pos + 1] == b"\n" else 0
    return bytes(out)
