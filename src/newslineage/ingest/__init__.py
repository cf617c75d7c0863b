"""Ingest: files, folders, globs and streams become articles or rejections.

Every input ends as an ``Article`` or a ``Rejection`` with a human-readable
reason; one unreadable file never stops a scan. Ids are paths relative to the
scanned root (``path#N`` for the N-th record of a JSON list, JSONL or WARC file,
or the record's own ``id``), so they do not depend on where the collection lives
or in which order it was given.

- ``paths``: which files the arguments name, and which links are not followed;
- ``formats``: one reader per format (``read_record``: one record alone); ``warc``: archives as bounded streams;
- ``records``: numbered records to articles, and their own ids;
- ``limits``: the reject signal, and how much input a reason may quote.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from newslineage.config import IngestConfig
from newslineage.ingest.formats import decode, is_warc, read_bytes, read_record, read_warc
from newslineage.ingest.limits import Reject, cap
from newslineage.ingest.paths import find_files
from newslineage.ingest.records import FileRead, resolve_clashes
from newslineage.models import Article, Rejection

__all__ = [
    "IngestResult",
    "Reject",
    "decode",
    "expand_paths",
    "ingest",
    "ingest_stream",
    "read_file",
    "read_record",
]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a scan read: articles sorted by id, rejections sorted by path, notes on naming."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejection, ...]
    notes: tuple[str, ...] = ()


def expand_paths(
    paths: Sequence[str | os.PathLike[str]], follow_links: bool = False
) -> list[tuple[Path, str]]:
    """(file, id) for every file the arguments name; InputError for a path that names nothing."""
    return list(find_files(paths, follow_links).files)


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    config: IngestConfig,
    *,
    progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every file the arguments name."""
    found = find_files(paths, config.follow_links)
    reads: list[FileRead] = [FileRead((), found.skipped)]
    for path, doc_id in found.files:
        reads.append(_read(path, doc_id, config))
        if progress is not None:
            progress(doc_id)
    return _result(reads)


def ingest_stream(stream: BinaryIO, name: str, config: IngestConfig) -> IngestResult:
    """Read one stream (standard input) as if it were a file called ``name``."""
    if is_warc(name):
        return _result([read_warc(stream, name, config)])
    try:
        data = stream.read(config.max_bytes + 1)
    except OSError as exc:
        return _result([FileRead((), (Rejection(name, f"unreadable: {exc}"),))])
    return _result([read_bytes(data, Path(name), name, config)])


def _result(reads: Sequence[FileRead]) -> IngestResult:
    articles, clash_notes = resolve_clashes(reads)
    return IngestResult(
        articles=tuple(sorted(articles, key=lambda a: a.id)),
        rejected=tuple(
            sorted((r for read in reads for r in read.rejected), key=lambda r: (r.path, r.reason))
        ),
        notes=tuple(sorted({n for read in reads for n in read.notes} | set(clash_notes))),
    )


def read_file(path: Path, doc_id: str, config: IngestConfig) -> tuple[list[Article], list[Rejection]]:
    """One file: its articles and its rejections (never raises for a bad file)."""
    read = _read(path, doc_id, config)
    return list(read.articles), list(read.rejected)


def _read(path: Path, doc_id: str, config: IngestConfig) -> FileRead:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise Reject("unreadable: Is a directory")
        if not stat.S_ISREG(info.st_mode):  # reading a named pipe would block the scan forever
            raise Reject("not a regular file (a pipe, socket or device)")
        size = info.st_size
        if size > config.max_bytes:
            raise Reject(f"too large: {size} bytes > limit {config.max_bytes} (IngestConfig.max_bytes)")
        if is_warc(path.name):
            if size == 0:
                raise Reject("empty file")
            with path.open("rb") as stream:
                return read_warc(stream, doc_id, config)
        data = path.read_bytes()
    except Reject as exc:
        return FileRead((), (Rejection(doc_id, str(exc)),))
    except OSError as exc:
        return FileRead((), (Rejection(doc_id, cap(f"unreadable: {exc.strerror or exc}")),))
    return read_bytes(data, path, doc_id, config)
